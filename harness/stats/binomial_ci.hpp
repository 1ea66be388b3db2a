#pragma once
#include <cstddef>

namespace rwwce::harness {

// A confidence interval of a binomial proportion, e.g. of "the claim held in k of n seeds".
struct BinomialCi {
  double proportion;  // k / n
  double low, high;
};

// Clopper-Pearson "exact" interval at confidence `level` for k successes in n trials: with
// a = (1 - level) / 2,
//   low  = Beta quantile a of Beta(k, n - k + 1)          (0 when k = 0),
//   high = Beta quantile 1 - a of Beta(k + 1, n - k)      (1 when k = n),
// from Boost.Math's inverse incomplete beta. It covers the true proportion with probability at
// least `level` for every proportion (it is conservative, never anti-conservative).
// = scipy.stats.binomtest(k, n).proportion_ci(confidence_level=level, method='exact'), which
// finds the same limits by brentq (to ~1e-12), and = scipy.stats.beta.ppf as above.
// n = 0, k > n or a level outside (0, 1): InputError.
BinomialCi clopper_pearson_ci(std::size_t k, std::size_t n, double level = 0.95);

}  // namespace rwwce::harness
