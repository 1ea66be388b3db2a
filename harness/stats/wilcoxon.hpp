#pragma once
#include <cstddef>
#include <string>
#include <vector>

namespace rwwce::harness {

struct WilcoxonResult {
  std::size_t n_used;  // differences that entered the ranking (zeros dropped, see below)
  double statistic;    // min(r+, r-): the smaller signed-rank sum
  double p_two_sided;
  std::string method;  // "exact", "approx" or "undefined" (all differences zero, or NaN)
};

// scipy 1.10.1 scipy.stats.wilcoxon(a, b) with its defaults: zero_method='wilcox',
// correction=False, alternative='two-sided', method='auto'. Its rule, reproduced here:
// - 'auto' picks "exact" when len(a) <= 50 (counted BEFORE zero differences are dropped),
//   else "approx";
// - any zero difference switches "exact" to "approx" (scipy warns); zeros are dropped only
//   in the approx branch, so an exact test always has no zeros;
// - ranks are average ranks of |d|; statistic = min(r+, r-);
// - approx: z = (T - n(n+1)/4) / sqrt((n(n+1)(2n+1) - sum(t^3 - t)/2) / 24) over the tie
//   groups t of |d|, p = 2 * normal upper tail of |z|, no continuity correction;
// - exact: the null distribution of r+ over 2^n sign patterns; p = min(1, 2 * min(P(R+ <= r),
//   P(R+ >= r))) with r = r+ TRUNCATED to an integer (scipy's int(r_plus): with tied |d| the
//   exact branch does not correct for ties and r+ may be a half-integer), and p = 1 when r is
//   the centre of the distribution.
// Departures from scipy, all on inputs scipy rejects or cannot rank: unequal sizes or empty
// input throw InputError (scipy: ValueError / NaN); all differences zero gives
// statistic = p = NaN with method "undefined" (scipy raises ValueError) so a report can show
// "no difference" instead of failing; a NaN difference gives the same undefined result.
WilcoxonResult wilcoxon_signed_rank(const std::vector<double>& a, const std::vector<double>& b);

}  // namespace rwwce::harness
