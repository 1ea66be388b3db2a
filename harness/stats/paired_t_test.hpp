#pragma once
#include <cstddef>
#include <vector>

namespace rwwce::harness {

// Result of a two-sided paired t-test on the differences d = a - b.
struct PairedTTest {
  std::size_t n;       // number of pairs
  double mean_diff;    // mean of d
  double sd_diff;      // sample standard deviation of d (ddof = 1)
  double t;            // mean_diff / (sd_diff / sqrt(n))
  double df;           // n - 1
  double p_two_sided;  // 2 * P(T_df > |t|)
  double ci95_low;     // 95% confidence interval of the mean difference
  double ci95_high;
};

// scipy.stats.ttest_rel(a, b) (two-sided, nan_policy='propagate'), with Boost.Math's
// students_t for the p-value (upper tail by complement, accurate down to ~1e-300) and the CI.
// - a.size() != b.size() or n < 2: InputError.
// - A NaN or infinite difference: every statistic is NaN, as scipy propagates it.
// - All differences identical (sd exactly 0; detected exactly rather than through rounding):
//   as scipy, t = +-inf and p = 0 when the mean is not 0, t = p = NaN when it is 0. The CI
//   collapses to [mean, mean].
PairedTTest paired_t_test(const std::vector<double>& a, const std::vector<double>& b);

}  // namespace rwwce::harness
