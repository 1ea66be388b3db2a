#pragma once
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "harness/metrics/payoff_matrix.hpp"
#include "harness/report/gnuplot_plots.hpp"

namespace rwwce::experiments {

// The pictures of one set of binary models evaluated on the same test rows (the AWS blog's
// figures): per model the two score-distribution histograms at its decision threshold, every
// model's ROC curve on one plot, and expected value against threshold with p* marked.
struct BinaryPlotRequest {
  std::vector<harness::ScoreSet> models;  // one per model: test scores, labels, threshold
  harness::Payoff payoff;                 // values of the four outcomes
  double scale = 1.0;                     // unit conversion of the expected value
  std::optional<double> p_star;           // Elkan's threshold, marked on the EV curve of
  std::string p_star_model;               // this model (calibrated scores); "" = every model
  std::string ev_label = "expected value per case";
};

// Writes every plot into `dir` (data files and gnuplot scripts always; SVG and PNG when gnuplot
// is on PATH). Returns one PlotResult per picture: histograms in model order, then ROC, then EV.
std::vector<harness::PlotResult> write_binary_plots(const std::filesystem::path& dir,
                                                    const BinaryPlotRequest& request);

// "" when every picture was rendered; else one line: how many were not, the first reason (e.g.
// gnuplot not on PATH) and the command that renders them all from the files in `dir`.
std::string plot_problems(const std::filesystem::path& dir,
                          const std::vector<harness::PlotResult>& results);

}  // namespace rwwce::experiments
