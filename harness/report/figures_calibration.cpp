#include "harness/report/figures_calibration.hpp"

#include <fmt/core.h>

#include <algorithm>
#include <cmath>

#include "core/input_error.hpp"
#include "harness/report/figure_style.hpp"
#include "harness/stats/binomial_ci.hpp"

namespace rwwce::harness {
namespace {

constexpr int kBins = 10;
using figure_style::kColours;
using figure_style::kNColours;
using figure_style::num;

}  // namespace

Reliability reliability(const ScoreSet& set) {
  if (set.scores.empty() || set.scores.size() != set.labels.size())
    throw InputError(fmt::format(
        "reliability of model '{}': expected one label per score and at least one score, found "
        "{} scores and {} labels",
        set.model, set.scores.size(), set.labels.size()));
  Reliability r;
  r.bins.resize(kBins);
  std::vector<double> sums(kBins, 0.0);
  for (std::size_t i = 0; i < set.scores.size(); ++i) {
    const double s = set.scores[i];
    if (!(s >= 0.0 && s <= 1.0) || set.labels[i] > 1)
      throw InputError(fmt::format(
          "reliability of model '{}': expected scores in [0, 1] and labels 0 or 1, found score "
          "{} and label {} at index {}",
          set.model, s, int{set.labels[i]}, i));
    const auto b =
        static_cast<std::size_t>(std::min(kBins - 1, static_cast<int>(std::floor(s * kBins))));
    ++r.bins[b].n;
    r.bins[b].positives += set.labels[i];
    sums[b] += s;
    r.brier += (s - set.labels[i]) * (s - set.labels[i]);
  }
  const double n = static_cast<double>(set.scores.size());
  r.brier /= n;
  for (std::size_t b = 0; b < r.bins.size(); ++b) {
    ReliabilityBin& bin = r.bins[b];
    if (bin.n == 0) {
      bin.mean_score = bin.fraction = bin.low = bin.high = std::nan("");
      continue;
    }
    bin.mean_score = sums[b] / static_cast<double>(bin.n);
    const BinomialCi ci = clopper_pearson_ci(static_cast<std::size_t>(bin.positives),
                                             static_cast<std::size_t>(bin.n));
    bin.fraction = ci.proportion;
    bin.low = ci.low;
    bin.high = ci.high;
    r.ece += static_cast<double>(bin.n) / n * std::fabs(bin.fraction - bin.mean_score);
  }
  return r;
}

PlotResult plot_reliability(const std::filesystem::path& dir, const std::vector<ScoreSet>& sets) {
  if (sets.empty())
    throw InputError("reliability diagram: expected at least one model, found none");
  const std::string stem = "calibration";
  const std::string dat = gp_string(stem + ".dat");
  const std::size_t cols = sets.size() == 1 ? 1 : 2;
  const std::size_t rows = (sets.size() + cols - 1) / cols;
  std::string data =
      "# Reliability diagram: bin_low bin_high n positives mean_score fraction_positive "
      "ci95_low ci95_high (Clopper-Pearson); one block per model (gnuplot index)\n";
  std::string body =
      "set multiplot title 'Calibration: observed fraction of positives against predicted "
      "score'\nset lmargin 10\nset rmargin 3\n";
  const double top = 0.93, cw = 1.0 / static_cast<double>(cols);
  const double rh = top / static_cast<double>(rows);
  for (std::size_t m = 0; m < sets.size(); ++m) {
    const Reliability rel = reliability(sets[m]);
    data += fmt::format("# model {}: {}, ECE {:.6f}, Brier {:.6f}\n", m, sets[m].model, rel.ece,
                        rel.brier);
    std::int64_t most = 1;
    for (int b = 0; b < kBins; ++b) {
      const ReliabilityBin& bin = rel.bins[static_cast<std::size_t>(b)];
      most = std::max(most, bin.n);
      data += fmt::format("{:.1f} {:.1f} {} {} {} {} {} {}\n", b / 10.0, (b + 1) / 10.0, bin.n,
                          bin.positives, num(bin.mean_score), num(bin.fraction), num(bin.low),
                          num(bin.high));
    }
    data += "\n\n";
    const double x0 = static_cast<double>(m % cols) * cw;
    const double y0 = top - static_cast<double>(m / cols + 1) * rh;
    const char* colour = kColours[m % kNColours];
    body += fmt::format(
        "set origin {x0},{ym}\nset size {cw},{hm}\nset bmargin 1\nset tmargin 2.5\n"
        "set title {title}\nset xrange [0:1]\nset yrange [-0.02:1.02]\nset format x ''\n"
        "set xlabel ''\nset ylabel 'fraction positive'\nunset logscale y\nset ytics 0.2\n"
        "set xtics 0.1\nset grid\nunset key\n"
        "plot x with lines dt 2 lc rgb 'gray40' title 'perfect calibration', \\\n"
        "     {dat} index {m} using 5:6:7:8 with yerrorbars pt 7 ps 1 lw 1.5 lc rgb '{c}' "
        "title 'bin: mean score, fraction (95% CI)', \\\n"
        "     {dat} index {m} using 5:6 with lines lw 1.5 lc rgb '{c}' notitle\n"
        "set origin {x0},{y0}\nset size {cw},{hc}\nset bmargin 3.5\nset tmargin 0.5\n"
        "unset title\nset format x '%g'\nset xlabel 'predicted score (10 bins of 0.1)'\n"
        "set ylabel 'examples'\nset logscale y\nset yrange [0.7:{most}]\nset ytics auto\n"
        "unset key\nset style fill solid 0.6 noborder\nset boxwidth 0.1 absolute\n"
        "plot {dat} index {m} using (($1+$2)/2):($3 > 0 ? $3 : NaN) with boxes lc rgb '{c}' "
        "notitle\n",
        fmt::arg("x0", num(x0)), fmt::arg("ym", num(y0 + 0.32 * rh)), fmt::arg("cw", num(cw)),
        fmt::arg("hm", num(0.68 * rh)), fmt::arg("y0", num(y0)), fmt::arg("hc", num(0.32 * rh)),
        fmt::arg("title", gp_string(fmt::format("{}: ECE {:.3f}, Brier {:.3f}", sets[m].model,
                                                rel.ece, rel.brier))),
        fmt::arg("dat", dat), fmt::arg("m", m), fmt::arg("c", colour),
        fmt::arg("most", num(static_cast<double>(most) * 3)));
  }
  body += "unset multiplot\n";
  return render_gnuplot(
      dir, stem, data,
      gnuplot_script(stem, cols == 1 ? 600 : 1000, static_cast<int>(70 + 430 * rows), body));
}

}  // namespace rwwce::harness
