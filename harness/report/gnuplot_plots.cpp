#include "harness/report/gnuplot_plots.hpp"

#include <fmt/core.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <numeric>

#include "core/input_error.hpp"

namespace rwwce::harness {
namespace {

namespace fs = std::filesystem;

constexpr int kBins = 50;                   // width 0.02 over [0, 1]
constexpr std::int64_t kLogAxisFrom = 100;  // the fullest bin's count from which y is log
constexpr const char* kBlue = "#1f77b4";
constexpr const char* kOrange = "#ff7f0e";

void check_scores(const ScoreSet& set) {
  if (set.scores.size() != set.labels.size() || set.scores.empty()) {
    throw InputError(fmt::format(
        "plot of model '{}': expected one label per score and at least one score, found {} "
        "scores and {} labels",
        set.model, set.scores.size(), set.labels.size()));
  }
  for (std::size_t i = 0; i < set.scores.size(); ++i) {
    const float s = set.scores[i];
    if (!(s >= 0.0f && s <= 1.0f)) {
      throw InputError(fmt::format(
          "plot of model '{}': expected scores in [0, 1], found {} at index {}", set.model, s, i));
    }
    if (set.labels[i] > 1) {
      throw InputError(
          fmt::format("plot of model '{}': expected labels 0 or 1, found {} at "
                      "index {}",
                      set.model, set.labels[i], i));
    }
  }
}

struct RocPoints {
  std::vector<double> fpr, tpr;
  double auc = 0.0;
};

// FPR/TPR at every distinct score (descending), starting at (0, 0), as sklearn's roc_curve with
// drop_intermediate=False; AUC by the trapezoidal rule (tied scores form one diagonal step).
RocPoints roc_points(const ScoreSet& set) {
  const std::size_t n = set.scores.size();
  std::vector<std::size_t> order(n);
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::sort(order.begin(), order.end(),
            [&](std::size_t a, std::size_t b) { return set.scores[a] > set.scores[b]; });
  const auto pos = static_cast<double>(std::count(set.labels.begin(), set.labels.end(), 1));
  const double neg = static_cast<double>(n) - pos;
  if (pos == 0.0 || neg == 0.0) {
    throw InputError(fmt::format(
        "ROC of model '{}': expected both classes among the labels, found {} positives and {} "
        "negatives",
        set.model, pos, neg));
  }
  RocPoints r;
  r.fpr.push_back(0.0);
  r.tpr.push_back(0.0);
  double tp = 0.0, fp = 0.0;
  for (std::size_t k = 0; k < n; ++k) {
    (set.labels[order[k]] ? tp : fp) += 1.0;
    if (k + 1 < n && set.scores[order[k + 1]] == set.scores[order[k]]) continue;
    const double x = fp / neg, y = tp / pos;
    r.auc += (x - r.fpr.back()) * (y + r.tpr.back()) / 2.0;
    r.fpr.push_back(x);
    r.tpr.push_back(y);
  }
  return r;
}

}  // namespace

PlotResult plot_score_histograms(const fs::path& dir, const ScoreSet& set) {
  check_scores(set);
  if (!(set.threshold >= 0.0 && set.threshold <= 1.0)) {
    throw InputError(
        fmt::format("score histogram of model '{}': expected a threshold in [0, 1], "
                    "found {}",
                    set.model, set.threshold));
  }
  // counts[bin][class][correct]
  std::vector<std::array<std::array<std::int64_t, 2>, 2>> counts(kBins);
  for (auto& c : counts) c = {};
  for (std::size_t i = 0; i < set.scores.size(); ++i) {
    const double s = set.scores[i];
    const int bin = std::min(kBins - 1, static_cast<int>(std::floor(s * kBins)));
    const int label = set.labels[i];
    const bool predicted = s > set.threshold;
    const bool correct = predicted == (label == 1);
    ++counts[static_cast<std::size_t>(bin)][static_cast<std::size_t>(label)][correct ? 1 : 0];
  }
  std::string data =
      "# bin_center neg_correct neg_incorrect pos_correct pos_incorrect (bins of 0.02 over "
      "[0,1]; correct = decision at the threshold matches the label)\n";
  std::int64_t n_neg = 0, n_pos = 0, most = 0;
  for (int b = 0; b < kBins; ++b) {
    const auto& c = counts[static_cast<std::size_t>(b)];
    most = std::max({most, c[0][0] + c[0][1], c[1][0] + c[1][1]});
    n_neg += c[0][0] + c[0][1];
    n_pos += c[1][0] + c[1][1];
    data +=
        fmt::format("{:.2f} {} {} {} {}\n", (b + 0.5) / kBins, c[0][1], c[0][0], c[1][1], c[1][0]);
  }
  const bool log_axis = most >= kLogAxisFrom;
  const std::string stem = "scores_" + plot_file_stem(set.model);
  const std::string dat = gp_string(stem + ".dat");
  std::string body = fmt::format(
      "set multiplot layout 2,1 title {}\n"
      "set style fill solid 0.9 noborder\n"
      "set boxwidth 0.02 absolute\n"
      "set xrange [0:1]\n"
      "{scale}"
      "set xtics 0.1\n"
      "set grid ytics\n"
      "set key outside right top vertical\n"
      "set ylabel {ylabel}\n"
      "set arrow 1 from {thr}, graph 0 to {thr}, graph 1 nohead dt 2 lw 2 lc rgb 'black'\n"
      "set lmargin 12\n"
      "set title {}\n"
      "set xlabel 'predicted score (dashed line: the threshold {thr_label})'\n"
      "plot {dat} using 1:($2+$3) with boxes lc rgb '{o}' title 'incorrect', \\\n"
      "     {dat} using 1:2 with boxes lc rgb '{b}' title 'correct'\n"
      "set title {}\n"
      "plot {dat} using 1:($4+$5) with boxes lc rgb '{o}' title 'incorrect', \\\n"
      "     {dat} using 1:4 with boxes lc rgb '{b}' title 'correct'\n",
      gp_string("Score distribution: " + set.model),
      gp_string(fmt::format("actual negatives (n = {})", n_neg)),
      gp_string(fmt::format("actual positives (n = {})", n_pos)), fmt::arg("thr", set.threshold),
      // In the axis label, not over the bars or the panel's title.
      fmt::arg("thr_label", fmt::format("{:.4g}", set.threshold)), fmt::arg("dat", dat),
      fmt::arg("o", kOrange), fmt::arg("b", kBlue),
      // Counts spanning orders of magnitude (a few mistakes beside thousands of right answers)
      // on a log axis, so every non-empty bin shows.
      fmt::arg("scale", log_axis ? "set logscale y\nset yrange [0.7:*]\n" : "set yrange [0:*]\n"),
      fmt::arg("ylabel", log_axis ? "'examples per bin (log scale)'" : "'examples per bin'"));
  return render_gnuplot(dir, stem, data, gnuplot_script(stem, 900, 800, body));
}

PlotResult plot_roc_curves(const fs::path& dir, const std::vector<ScoreSet>& sets) {
  if (sets.empty()) throw InputError("ROC plot: expected at least one model, found none");
  std::string data = "# fpr tpr; one block per model (gnuplot index), in legend order\n";
  std::string plots;
  for (std::size_t m = 0; m < sets.size(); ++m) {
    check_scores(sets[m]);
    const RocPoints r = roc_points(sets[m]);
    data += fmt::format("# model {}: {}, AUC {:.6f}\n", m, sets[m].model, r.auc);
    for (std::size_t k = 0; k < r.fpr.size(); ++k) {
      data += fmt::format("{:.6g} {:.6g}\n", r.fpr[k], r.tpr[k]);
    }
    data += "\n\n";
    plots += fmt::format("{} index {} using 1:2 with lines lw 2 lt {} title {}, \\\n     ",
                         gp_string("roc.dat"), m, m + 1,
                         gp_string(fmt::format("{} (AUC = {:.4f})", sets[m].model, r.auc)));
  }
  const std::string body =
      "set title 'ROC curves'\n"
      "set xlabel 'false positive rate'\n"
      "set ylabel 'true positive rate'\n"
      "set xrange [0:1]\nset yrange [0:1]\nset size ratio -1\nset grid\n"
      "set key bottom right\n"
      "plot " +
      plots + "x with lines dt 2 lc rgb 'gray50' title 'chance'\n";
  return render_gnuplot(dir, "roc", data, gnuplot_script("roc", 700, 700, body));
}

PlotResult plot_expected_value(const fs::path& dir, const std::vector<ExpectedValueCurve>& curves,
                               const std::string& y_label) {
  if (curves.empty()) {
    throw InputError("expected-value plot: expected at least one model, found none");
  }
  // Blocks 0..M-1: each model's curve; then one block per model with a p*: the point (p*, EV at
  // p* linearly interpolated between the two nearest grid thresholds, for display only).
  std::string data = "# threshold expected_value; one block per model (gnuplot index)\n";
  std::string markers, arrows, plots;
  std::size_t marker_index = curves.size();
  for (std::size_t m = 0; m < curves.size(); ++m) {
    const auto& c = curves[m];
    if (c.rows.empty()) {
      throw InputError(fmt::format(
          "expected-value plot of model '{}': expected a threshold sweep, found no rows", c.model));
    }
    data += fmt::format("# model {}: {}\n", m, c.model);
    for (const SweepRow& r : c.rows) {
      data += fmt::format("{:.6g} {:.9g}\n", r.threshold, r.expected_value);
    }
    data += "\n\n";
    plots += fmt::format(
        "{}{} index {} using 1:2 with linespoints pt 7 ps 0.4 lw 2 lt {} title {}",
        m == 0 ? "" : ", \\\n     ", gp_string("expected_value.dat"), m, m + 1,
        gp_string(c.p_star ? fmt::format("{} (p* = {:.4g})", c.model, *c.p_star) : c.model));
    if (!c.p_star) continue;
    const double p = *c.p_star;
    std::vector<SweepRow> rows = c.rows;
    std::sort(rows.begin(), rows.end(),
              [](const SweepRow& a, const SweepRow& b) { return a.threshold < b.threshold; });
    double ev = rows.front().expected_value;
    if (p >= rows.back().threshold) ev = rows.back().expected_value;
    for (std::size_t k = 1; k < rows.size() && p > rows.front().threshold; ++k) {
      if (p <= rows[k].threshold) {
        const double t0 = rows[k - 1].threshold, t1 = rows[k].threshold;
        const double w = t1 > t0 ? (p - t0) / (t1 - t0) : 0.0;
        ev = rows[k - 1].expected_value + w * (rows[k].expected_value - rows[k - 1].expected_value);
        break;
      }
    }
    markers += fmt::format("# p* of model {}: {}\n{:.9g} {:.9g}\n\n\n", m, c.model, p, ev);
    arrows += fmt::format(
        "set arrow {} from {:.9g}, graph 0 to {:.9g}, graph 1 nohead dt 2 lw 1.5 lt {}\n", m + 1, p,
        p, m + 1);
    plots +=
        fmt::format(", \\\n     {} index {} using 1:2 with points pt 6 ps 2.5 lw 2 lt {} notitle",
                    gp_string("expected_value.dat"), marker_index++, m + 1);
  }
  data += markers;
  const std::string body =
      "set title 'Expected value vs decision threshold'\n"
      "set xlabel 'threshold (positive iff score > threshold)'\n"
      "set ylabel " +
      gp_string(y_label) +
      "\n"
      "set xrange [-0.02:1.02]\nset grid\nset key outside below center horizontal height 1\n" +
      arrows + "plot " + plots +
      (markers.empty() ? ""
                       : ", \\\n     NaN with points pt 6 ps 2 lw 2 lc rgb "
                         "'black' title 'circle and dashed line: p*'") +
      "\n";
  return render_gnuplot(dir, "expected_value", data,
                        gnuplot_script("expected_value", 900, 600, body));
}

}  // namespace rwwce::harness
