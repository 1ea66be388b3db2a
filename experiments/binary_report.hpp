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
#include "harness/report/experiment_outputs.hpp"

namespace rwwce::experiments {

struct BinaryReportFiles {
  std::vector<std::string> files;  // written, relative to the run directory
  std::string plot_problem;        // "" when every figure was rendered
};

// The cost metric's block: per-arm mean with a 95% CI and the paired differences of the
// study's comparisons (mean, 95% CI, t-test, Wilcoxon and Holm p) with one sentence each.
std::string cost_metric_block(const Study& study, const harness::ExperimentResult& result);

// report.md, report.html and thresholds.csv (the first task's threshold sweep per model) into
// `dir`; figures are those run_study drew into <dir>/plots/<first task>. Needs the `scores`
// table (kept when the study draws plots).
BinaryReportFiles write_binary_report(const std::filesystem::path& dir, const Study& study,
                                      const harness::ExperimentResult& result, double wall_seconds);

}  // namespace rwwce::experiments
