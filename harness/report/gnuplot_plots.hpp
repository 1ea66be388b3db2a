#pragma once
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "harness/metrics/threshold_sweep.hpp"
#include "harness/report/gnuplot_render.hpp"

namespace rwwce::harness {

// One model's predicted scores (probabilities in [0, 1]) on a test set and its decision
// threshold (positive iff score > threshold).
struct ScoreSet {
  std::string model;
  std::vector<float> scores;
  std::vector<std::uint8_t> labels;  // 0 or 1, one per score
  double threshold = 0.5;
};

// One model's expected value over a threshold grid and, if known, its cost-optimal p*.
struct ExpectedValueCurve {
  std::string model;
  std::vector<SweepRow> rows;  // from threshold_sweep
  std::optional<double> p_star;
};

// Each call writes `<name>.dat` and `<name>.gp` into `dir` (created if needed) and, if `gnuplot`
// is on PATH, runs `gnuplot <name>.gp` in `dir` (killed after 60 s) to produce `<name>.svg` and
// `<name>.png` (pngcairo when the installed gnuplot has it, else png). The script uses names
// relative to `dir`, so `cd dir && gnuplot <name>.gp` reproduces the plots. Model names are
// turned into file names by replacing every character outside [A-Za-z0-9._-] with '_'.

// The AWS blog's score-distribution figure, name `scores_<model>`: two stacked panels, actual
// negatives on top and actual positives below, each a histogram of predicted scores in 50 bins
// of width 0.02 over [0, 1] (a score of exactly 1 falls in the last bin), correct predictions
// blue and incorrect ones orange stacked on top, the threshold a dashed vertical line. When the
// fullest bin holds 100 or more the count axis is logarithmic, so a few mistakes beside
// thousands of correct scores stay visible.
PlotResult plot_score_histograms(const std::filesystem::path& dir, const ScoreSet& set);

// ROC curves of several models on one plot (name `roc`), with the chance diagonal and each
// model's AUC (trapezoidal, ties handled as sklearn's roc_curve does) in the legend.
PlotResult plot_roc_curves(const std::filesystem::path& dir, const std::vector<ScoreSet>& sets);

// Expected value vs threshold for several models (name `expected_value`), each model's p* marked
// by a dashed vertical line and a circle in its colour and given in the legend (which says what
// the circles mean), the legend below the plot. `y_label` names the unit.
PlotResult plot_expected_value(const std::filesystem::path& dir,
                               const std::vector<ExpectedValueCurve>& curves,
                               const std::string& y_label = "expected value per case");

}  // namespace rwwce::harness
