#pragma once
// The reliability diagram (calibration) of binary models: in ten equal-width bins of predicted
// score, the fraction of actual positives against the mean score, with its Clopper-Pearson 95%
// interval (harness/stats/binomial_ci.hpp).
#include <cstdint>
#include <filesystem>
#include <vector>

#include "harness/report/gnuplot_plots.hpp"

namespace rwwce::harness {

struct ReliabilityBin {
  std::int64_t n = 0, positives = 0;
  double mean_score = 0;                   // NaN when the bin is empty
  double fraction = 0, low = 0, high = 0;  // positives / n and its 95% interval (NaN: empty)
};
struct Reliability {
  std::vector<ReliabilityBin> bins;  // 10, [0, 0.1), ..., [0.9, 1]
  double ece = 0;                    // sum over bins of n/N |fraction - mean_score|
  double brier = 0;                  // mean (score - label)^2
};
Reliability reliability(const ScoreSet& set);

// Name `calibration`: one panel per model (two columns), the diagonal of perfect calibration,
// each non-empty bin a dot at (mean score, fraction positive) with its interval, the panel title
// giving the model's ECE and Brier score; below each panel the bin counts on a log axis.
PlotResult plot_reliability(const std::filesystem::path& dir, const std::vector<ScoreSet>& sets);

}  // namespace rwwce::harness
