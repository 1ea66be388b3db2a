#pragma once
// The report of a binary study, laid out as the AWS blog's analysis: over all runs the paper
// table and the cost metric with confidence intervals and paired differences; for the first
// task and seed in detail accuracy and ROC, scikit-learn classification reports, confusion
// matrices, score distributions, the cost at each arm's threshold and against the threshold;
// then the cost-optimal decision. Written from the run's own records and scores.
#include <filesystem>
#include <string>
#include <vector>

#include "experiments/study.hpp"
#include "harness/metrics/payoff_matrix.hpp"
#include "harness/report/experiment_outputs.hpp"

namespace rwwce::experiments {

struct BinaryReportFiles {
  std::vector<std::string> files;  // written, relative to the run directory
  std::string plot_problem;        // "" when every figure was rendered
};

// The cost metric's block: per-arm mean with a 95% CI and the paired differences of the
// study's comparisons (mean, 95% CI, t-test, Wilcoxon and Holm p) with one sentence each.
std::string cost_metric_block(const Study& study, const harness::ExperimentResult& result);

// The values of the four outcomes the study's costs give (error costs: minus the costs).
harness::Payoff report_payoff(const CostSpec& costs);

// The first task and seed in detail (accuracy and ROC, classification reports, confusion
// matrices, score distributions, calibration when `calibration_caption` is not empty, the cost
// against the threshold, the cost-optimal decision), figures referenced relative to `dir`: those
// run_study drew into plots/<first task>, and figures/calibration.svg.
std::string binary_detail_markdown(const std::filesystem::path& dir, const Study& study,
                                   const harness::ExperimentResult& result,
                                   const std::string& calibration_caption);

// report.md and thresholds.csv (the first task's threshold sweep per model) into `dir`. Needs
// the `scores` table (kept when the study draws plots). report.html is the study's HTML report
// (study_html_report.hpp), written from the run directory.
BinaryReportFiles write_binary_report(const std::filesystem::path& dir, const Study& study,
                                      const harness::ExperimentResult& result,
                                      const std::string& calibration_caption);

}  // namespace rwwce::experiments
