#include "harness/report/figures_paired.hpp"

#include <fmt/core.h>

#include <algorithm>
#include <cmath>

#include "core/input_error.hpp"
#include "harness/report/figure_style.hpp"

namespace rwwce::harness {
namespace {

using figure_style::kColours;
using figure_style::kNColours;
using figure_style::num;

}  // namespace

PlotResult plot_paired_differences(const std::filesystem::path& dir, const DifferencePlot& p) {
  if (p.series.empty() || p.series.front().points.empty())
    throw InputError(
        fmt::format("figure {}: expected at least one series with points, found none", p.stem));
  // Task positions from the first series: each group a run of consecutive slots, one slot of
  // space between groups.
  std::vector<std::string> groups;
  std::vector<double> group_start, group_end;
  std::vector<std::pair<std::string, double>> slot;  // task -> x
  double x = 0;
  for (const DifferencePoint& d : p.series.front().points) {
    if (groups.empty() || groups.back() != d.group) {
      if (!groups.empty()) {
        group_end.push_back(x - 1);
        x += 1;
      }
      groups.push_back(d.group);
      group_start.push_back(x);
    }
    slot.emplace_back(d.task, x);
    x += 1;
  }
  group_end.push_back(x - 1);
  const auto x_of = [&](const std::string& task) {
    for (const auto& [t, v] : slot)
      if (t == task) return v;
    return std::nan("");
  };
  const std::size_t n_series = p.series.size();
  const double width = 0.7;
  std::string data = fmt::format(
      "# {}\n# x mean low high task group; one block per series (gnuplot index), x = the task's "
      "slot (groups separated by one empty slot) plus the series' offset\n",
      p.title);
  std::string plots;
  double lo = 0, hi = 0;  // the range always shows the zero line
  for (const auto& series : p.series)
    for (const DifferencePoint& d : series.points)
      for (double v : {d.mean, p.seed_ranges ? d.low : d.mean, p.seed_ranges ? d.high : d.mean})
        if (std::isfinite(v)) lo = std::min(lo, v), hi = std::max(hi, v);
  const double pad = hi > lo ? (hi - lo) * 0.06 : 1.0;
  for (std::size_t s = 0; s < n_series; ++s) {
    const double offset =
        n_series == 1 ? 0.0 : width * (static_cast<double>(s) / (n_series - 1) - 0.5);
    data += fmt::format("# series {}: {}\n", s, p.series[s].label);
    for (const DifferencePoint& d : p.series[s].points)
      data += fmt::format("{} {} {} {} {} {}\n", num(x_of(d.task) + offset), num(d.mean),
                          num(d.low), num(d.high), plot_file_stem(d.task), plot_file_stem(d.group));
    data += "\n\n";
    plots += fmt::format("{}{} index {} using 1:2{} with {} pt 7 ps 0.7 lc rgb '{}' title {}",
                         s == 0 ? "" : ", \\\n     ", gp_string(p.stem + ".dat"), s,
                         p.seed_ranges ? ":3:4" : "", p.seed_ranges ? "yerrorbars" : "points",
                         kColours[s % kNColours], gp_string(p.series[s].label));
  }
  std::string tics, separators;
  for (std::size_t g = 0; g < groups.size(); ++g) {
    tics += fmt::format("{}{} {}", g == 0 ? "" : ", ", gp_string(groups[g]),
                        num((group_start[g] + group_end[g]) / 2));
    if (g > 0)
      separators += fmt::format(
          "set arrow from {0}, graph 0 to {0}, graph 1 nohead lc rgb 'gray75' lw 1 back\n",
          num(group_start[g] - 1));
  }
  const bool many = slot.size() > 30;
  const std::string body =
      "set title " + gp_string(p.title) + "\nset xlabel " + gp_string(p.group_label) +
      "\nset ylabel " + gp_string(p.y_label) + "\nset xrange [" + num(-1) + ":" + num(x) +
      "]\nset yrange [" + num(lo - pad) + ":" + num(hi + pad) + "]\nset xtics (" + tics +
      ") scale 0\nset grid ytics\nset key outside below center horizontal height 1\n" + separators +
      "set arrow from graph 0, first 0 to graph 1, first 0 nohead dt 2 lc rgb 'black' back\n"
      "set bars small\nplot " +
      plots + "\n";
  return render_gnuplot(dir, p.stem, data, gnuplot_script(p.stem, many ? 1100 : 900, 520, body));
}

PlotResult plot_forest(const std::filesystem::path& dir, const std::string& stem,
                       const std::string& title, const std::vector<ForestPanel>& panels) {
  if (panels.empty())
    throw InputError(fmt::format("figure {}: expected at least one panel, found none", stem));
  std::string data = fmt::format(
      "# {}\n# row estimate low high label; one block per panel (gnuplot index)\n", title);
  std::string body =
      fmt::format("set multiplot layout {},1 title {}\n", panels.size(), gp_string(title));
  std::size_t rows_max = 0;
  for (std::size_t k = 0; k < panels.size(); ++k) {
    const ForestPanel& panel = panels[k];
    rows_max = std::max(rows_max, panel.rows.size());
    data += fmt::format("# panel {}: {}\n", k, panel.title);
    double lo = 0, hi = 0;  // the range always shows zero
    std::string tics;
    for (std::size_t r = 0; r < panel.rows.size(); ++r) {
      const ForestRow& row = panel.rows[r];
      const double y = static_cast<double>(panel.rows.size() - 1 - r);  // first row on top
      data += fmt::format("{} {} {} {} \"{}\"\n", num(y), num(row.estimate), num(row.low),
                          num(row.high), plot_file_stem(row.label));
      for (double v : {row.estimate, row.low, row.high})
        if (std::isfinite(v)) lo = std::min(lo, v), hi = std::max(hi, v);
      tics += fmt::format("{}{} {}", r == 0 ? "" : ", ", gp_string(row.label), num(y));
    }
    data += "\n\n";
    const double pad = (hi - lo) * 0.08 + (hi == lo ? 1 : 0);
    body += fmt::format(
        "unset arrow\nset title {}\nset xlabel {}\nset ylabel ''\nset ytics ({}) scale 0\n"
        "set yrange [-0.6:{}]\nset xrange [{}:{}]\nset grid xtics\nunset key\n"
        "set arrow from 0, graph 0 to 0, graph 1 nohead dt 2 lc rgb 'black' back\n"
        "plot {} index {} using 2:1:3:4 with xerrorbars pt 7 ps 1.2 lw 2 lc rgb '{}' notitle, \\\n"
        "     {} index {} using 2:1 with points pt 7 ps 1.2 lc rgb '{}' notitle\n",
        gp_string(panel.title), gp_string(panel.x_label), tics,
        num(static_cast<double>(panel.rows.size()) - 0.4), num(lo - pad), num(hi + pad),
        gp_string(stem + ".dat"), k, kColours[0], gp_string(stem + ".dat"), k, kColours[0]);
  }
  body += "unset multiplot\n";
  const int height =
      static_cast<int>(panels.size() * (110 + 28 * std::max<std::size_t>(rows_max, 2)) + 40);
  return render_gnuplot(dir, stem, data, gnuplot_script(stem, 900, height, body));
}

PlotResult plot_group_counts(const std::filesystem::path& dir, const GroupCounts& c) {
  if (c.groups.empty() || c.series.empty())
    throw InputError(
        fmt::format("figure {}: expected groups and series of counts, found none", c.stem));
  std::string data = "# " + c.title + "\n# group";
  for (const auto& s : c.series) data += " " + plot_file_stem(s.first);
  data += "\n";
  double top = 1;
  for (std::size_t g = 0; g < c.groups.size(); ++g) {
    data += plot_file_stem(c.groups[g]);
    for (const auto& s : c.series) {
      const double v = g < s.second.size() ? s.second[g] : 0.0;
      top = std::max(top, v);
      data += " " + num(v);
    }
    data += "\n";
  }
  std::string plots;
  for (std::size_t s = 0; s < c.series.size(); ++s)
    plots += fmt::format("{}{} using {}{} lc rgb '{}' title {}", s == 0 ? "" : ", \\\n     ",
                         gp_string(c.stem + ".dat"), s + 2, s == 0 ? ":xtic(1)" : "",
                         kColours[s % kNColours], gp_string(c.series[s].first));
  const std::string body =
      "set title " + gp_string(c.title) + "\nset xlabel " + gp_string(c.x_label) + "\nset ylabel " +
      gp_string(c.y_label) +
      "\nset style data histograms\nset style histogram clustered gap 1\n"
      "set style fill solid 0.9 noborder\nset yrange [0:" +
      num(std::ceil(top * 1.15)) + "]\n" + (top <= 10 ? "set ytics 1\n" : "") +
      "set grid ytics\nset key outside below center horizontal height 1\nset xtics scale 0\n"
      "plot " +
      plots + "\n";
  return render_gnuplot(dir, c.stem, data, gnuplot_script(c.stem, 900, 460, body));
}

}  // namespace rwwce::harness
