#pragma once
#include <cstddef>
#include <limits>
#include <vector>

#include "harness/stats/metric_direction.hpp"

namespace rwwce::harness {

// The regression gate's margin test: is the candidate worse than the baseline by MORE than an
// accepted margin delta >= 0? Per pair, the worsening is w_i = worsening(direction,
// candidate_i - baseline_i) (metric_direction.hpp: positive = worse), and the one-sided paired
// t-test is
//   H0: mean worsening <= delta ("worse by at most delta": acceptable)
//   H1: mean worsening >  delta ("worse by more than delta": a regression)
//   t = (mean(w) - delta) / (sd(w) / sqrt(n)),  p = P(T_{n-1} >= t),
// = scipy.stats.ttest_1samp(w, popmean=delta, alternative='greater'). A small p is evidence of
// a regression beyond the margin; a large one is not proof of non-inferiority (that would be
// the reverse test, H0: mean worsening >= delta): the gate presumes innocence, and
// min_detectable_worsening says how large a worsening it would catch.
struct NonInferiorityTest {
  static constexpr double nan = std::numeric_limits<double>::quiet_NaN();
  std::size_t n = 0;
  double margin = nan;                // delta, metric units
  double mean_worsening = nan;        // mean of w
  double sd_worsening = nan;          // sd of w (ddof = 1)
  double t = nan, df = nan, p = nan;  // one-sided, as above
  double alpha = nan, power = nan;    // the level and power the next field is for
  // The true mean worsening this test detects with probability `power` at level `alpha`:
  // delta + minimal_detectable_change(n, sd(w), alpha, power, one-sided).
  double min_detectable_worsening = nan;
};

// - baseline.size() != candidate.size(), a negative or non-finite margin, alpha or power
//   outside (0, 1) or power <= alpha: InputError.
// - n < 2: every statistic NaN (no test), n and margin set.
// - A non-finite worsening: every statistic NaN, as scipy propagates NaN.
// - Every w_i identical (sd exactly 0; detected exactly, as in paired_t_test): scipy's limits,
//   t = +inf, p = 0 when mean(w) > delta; t = -inf, p = 1 when below; t = p = NaN when equal;
//   min_detectable_worsening = delta.
NonInferiorityTest non_inferiority_test(const std::vector<double>& baseline,
                                        const std::vector<double>& candidate,
                                        WorseDirection direction, double margin, double alpha,
                                        double power = 0.8);

}  // namespace rwwce::harness
