#include "harness/report/figures_matrix.hpp"

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

PlotResult plot_heatmaps(const std::filesystem::path& dir, const HeatmapFigure& f) {
  const std::size_t k = f.classes;
  if (k == 0 || f.panels.empty())
    throw InputError(
        fmt::format("figure {}: expected classes and panels, found {} classes and "
                    "{} panels",
                    f.stem, k, f.panels.size()));
  double top = 0, spread = 0;  // the shared scale of the plain panels; the differences' extent
  bool integral = true;        // every value a whole number: labelled without decimals
  for (const HeatmapPanel& p : f.panels) {
    if (p.values.size() != k * k)
      throw InputError(fmt::format("figure {}, panel {}: expected {} values, found {}", f.stem,
                                   p.title, k * k, p.values.size()));
    for (double v : p.values)
      if (std::isfinite(v)) {
        integral = integral && v == std::floor(v);
        top = std::max(top, v);
        spread = std::max(spread, std::fabs(v));
      }
  }
  std::string data = fmt::format(
      "# {}\n# predicted true value; one block per panel (gnuplot index), only the cells that "
      "apply; then one block of the diagonal\n",
      f.title);
  for (std::size_t p = 0; p < f.panels.size(); ++p) {
    data += fmt::format("# panel {}: {}\n", p, f.panels[p].title);
    for (std::size_t i = 0; i < k; ++i)
      for (std::size_t j = 0; j < k; ++j) {
        const double v = f.panels[p].values[i * k + j];
        if (std::isfinite(v)) data += fmt::format("{} {} {}\n", j, i, num(v));
      }
    data += "\n\n";
  }
  data += "# the diagonal (no mistake)\n";
  for (std::size_t i = 0; i < k; ++i) data += fmt::format("{} {}\n", i, i);
  const std::size_t diag = f.panels.size();
  const std::string dat = gp_string(f.stem + ".dat");
  std::string body =
      fmt::format("set multiplot layout 1,{} title {}\n", f.panels.size(), gp_string(f.title));
  body += fmt::format(
      "set xrange [-0.5:{0}]\nset yrange [{0}:-0.5]\nset size ratio -1\nset xtics 1 scale 0\n"
      "set ytics 1 scale 0\nset xlabel 'predicted class'\nset ylabel 'true class'\n"
      "set cbtics scale 0.5\nunset key\nset style fill solid 1.0 noborder\n",
      num(static_cast<double>(k) - 0.5));
  for (std::size_t p = 0; p < f.panels.size(); ++p) {
    const HeatmapPanel& panel = f.panels[p];
    if (panel.diverging)
      body += fmt::format(
          "set palette defined (-1 '#2166ac', 0 'white', 1 '#b2182b')\nset cbrange [{}:{}]\n",
          num(-std::max(spread, 1e-9)), num(std::max(spread, 1e-9)));
    else
      body += fmt::format(
          "set palette defined (0 'white', 1 '#fdae61', 2 '#d7191c')\n"
          "set cbrange [0:{}]\n",
          num(std::max(top, 1e-9)));
    body += fmt::format(
        "set title {}\nset cblabel {}\n"
        "plot {dat} index {p} using 1:2:(0.5):(0.5):3 with boxxyerror fc palette, \\\n"
        "     {dat} index {d} using 1:2:(0.5):(0.5) with boxxyerror fc rgb 'gray85', \\\n"
        "     {dat} index {p} using 1:2:(sprintf('{fmt}', $3)) with labels font ',{size}'\n",
        gp_string(panel.title), gp_string(f.value_label), fmt::arg("dat", dat), fmt::arg("p", p),
        fmt::arg("d", diag), fmt::arg("fmt", integral ? "%.0f" : "%.1f"),
        fmt::arg("size", k <= 10 ? 11 : 8));
  }
  body += "unset multiplot\n";
  const int width = static_cast<int>(40 + 460 * f.panels.size());
  return render_gnuplot(dir, f.stem, data, gnuplot_script(f.stem, width, 500, body));
}

PlotResult plot_value_distribution(const std::filesystem::path& dir, const ValueDistribution& d) {
  std::vector<double> all;
  for (const auto& s : d.series)
    for (double v : s.second)
      if (std::isfinite(v)) all.push_back(v);
  if (all.empty())
    throw InputError(fmt::format("figure {}: expected finite values, found none", d.stem));
  double lo = *std::min_element(all.begin(), all.end());
  double hi = *std::max_element(all.begin(), all.end());
  const std::size_t per_series = all.size() / std::max<std::size_t>(1, d.series.size());
  const int bins = std::clamp(static_cast<int>(std::ceil(std::sqrt(per_series))), 5, 40);
  if (hi == lo) lo -= 0.5, hi += 0.5;
  const double w = (hi - lo) / bins;
  std::string data = fmt::format(
      "# {}\n# bin_center count; one block per series (gnuplot index), {} bins of width {} from "
      "{}\n",
      d.title, bins, num(w), num(lo));
  std::string plots;
  const double bar = w / static_cast<double>(d.series.size());  // series side by side in a bin
  for (std::size_t s = 0; s < d.series.size(); ++s) {
    std::vector<int> counts(static_cast<std::size_t>(bins), 0);
    for (double v : d.series[s].second)
      if (std::isfinite(v))
        ++counts[static_cast<std::size_t>(
            std::clamp(static_cast<int>(std::floor((v - lo) / w)), 0, bins - 1))];
    data += fmt::format("# series {}: {}\n", s, d.series[s].first);
    for (int b = 0; b < bins; ++b)
      data += fmt::format("{} {}\n", num(lo + (b + 0.5) * w), counts[static_cast<std::size_t>(b)]);
    data += "\n\n";
    const double offset = (static_cast<double>(s) + 0.5) * bar - w / 2;
    plots += fmt::format(
        "{}{} index {} using ($1 + {}):2 with boxes fs solid 0.85 noborder fc rgb '{}' title {}",
        s == 0 ? "" : ", \\\n     ", gp_string(d.stem + ".dat"), s, num(offset),
        kColours[s % kNColours], gp_string(d.series[s].first));
  }
  const std::string body =
      "set title " + gp_string(d.title) + "\nset xlabel " + gp_string(d.x_label) + "\nset ylabel " +
      gp_string(d.y_label) + "\nset boxwidth " + num(bar * 0.9) +
      " absolute\nset yrange [0:*]\nset grid ytics\nset key outside below center horizontal height "
      "1\n" +
      (lo < 0 && hi > 0
           ? "set arrow from 0, graph 0 to 0, graph 1 nohead dt 2 lc rgb 'black' front\n"
           : "") +
      "plot " + plots + "\n";
  return render_gnuplot(dir, d.stem, data, gnuplot_script(d.stem, 900, 480, body));
}

}  // namespace rwwce::harness
