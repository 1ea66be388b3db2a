#pragma once
#include <filesystem>
#include <string>

#include "experiments/wdbc.hpp"
#include "harness/metrics/payoff_matrix.hpp"
#include "harness/report/experiment_outputs.hpp"

namespace rwwce::experiments {

// What the WDBC study's report is written from: the finished run and how it was set up.
struct WdbcReportInputs {
  const harness::ExperimentResult& result;
  const WdbcOptions& options;
  harness::Payoff payoff;
  double p_star = 0;
  std::string plot_problem;  // "" when every plot was rendered
  bool plots_written = false;
  double wall_seconds = 0;
};

// Markdown: per-arm mean expected value with a 95% t confidence interval, and the paired
// differences of the summary's comparisons (mean, 95% CI, t-test, Wilcoxon and Holm p-values),
// followed by one sentence per comparison saying whether the repeats can tell the arms apart.
std::string wdbc_expected_value_block(const WdbcReportInputs& in);

// stdout of `rwwce run wdbc`: the wdbc paper table and the expected-value block.
std::string wdbc_console_summary(const WdbcReportInputs& in);

// report.md: the blog's analysis (accuracy and ROC, classification reports, confusion matrices,
// score distributions, expected value) with our numbers: repeat 0 as the blog's single run, the
// means over the repeats, the payoff matrix, p* and the decision question. Images refer to
// plots/<name>.svg relative to the output directory.
std::string wdbc_report_markdown(const WdbcReportInputs& in);

// The 95% confidence interval of a mean from n values with sample sd (Student t, n - 1 df);
// {NaN, NaN} when n < 2.
std::pair<double, double> mean_ci95(double mean, double sd, std::size_t n);

}  // namespace rwwce::experiments
