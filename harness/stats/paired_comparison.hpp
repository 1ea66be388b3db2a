#pragma once
#include <cstddef>
#include <limits>
#include <vector>

namespace rwwce::harness {

// Everything one paired comparison reports, computed in one place: every table that shows a
// paired comparison (summary.csv, the paper tables, `rwwce compare`) calls paired_comparison.
// NaN marks a statistic that does not exist for these data.
struct PairedComparison {
  static constexpr double nan = std::numeric_limits<double>::quiet_NaN();
  std::size_t n = 0;         // number of pairs
  double mean_diff = nan;    // mean of d = a - b
  double sd_diff = nan;      // sample standard deviation of d (ddof = 1)
  double t = nan, df = nan;  // paired t-test (paired_t_test: scipy ttest_rel) ...
  double p = nan;            // ... and its two-sided p
  double ci95_low = nan;     // its 95% confidence interval of the mean difference
  double ci95_high = nan;
  double wilcoxon_statistic = nan;  // wilcoxon_signed_rank: scipy 1.10.1 wilcoxon defaults
  double wilcoxon_p = nan;
};

// The paired t-test (paired_t_test) and the Wilcoxon signed-rank test (wilcoxon_signed_rank) of
// the differences a[i] - b[i], with their conventions (NaN propagation, constant differences,
// all differences zero) unchanged.
// - a.size() != b.size(): InputError.
// - n >= 2: every field as the two tests give it.
// - n == 1: mean_diff = a[0] - b[0]; every other statistic NaN (no variance, no test).
// - n == 0: every statistic NaN.
PairedComparison paired_comparison(const std::vector<double>& a, const std::vector<double>& b);

}  // namespace rwwce::harness
