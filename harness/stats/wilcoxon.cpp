#include "harness/stats/wilcoxon.hpp"

#include <algorithm>
#include <boost/math/distributions/normal.hpp>
#include <cmath>
#include <limits>
#include <numeric>

#include "core/input_error.hpp"

namespace rwwce::harness {
namespace {

// scipy.stats._hypotests._get_wilcoxon_distr: pmf of r+ for r = 0 .. n(n+1)/2, built by the
// same halving recursion (exact in doubles for n <= 50: every entry is an integer / 2^n).
std::vector<double> wilcoxon_pmf(std::size_t n) {
  std::vector<double> c(1, 1.0);
  for (std::size_t k = 1; k <= n; ++k) {
    std::vector<double> next(k * (k + 1) / 2 + 1, 0.0);
    const std::size_t m = c.size();
    for (std::size_t i = 0; i < m; ++i) next[i] += 0.5 * c[i];
    for (std::size_t i = 0; i < m; ++i) next[next.size() - m + i] += 0.5 * c[i];
    c.swap(next);
  }
  return c;
}

}  // namespace

WilcoxonResult wilcoxon_signed_rank(const std::vector<double>& a, const std::vector<double>& b) {
  if (a.size() != b.size()) {
    throw InputError(
        "wilcoxon_signed_rank: expected two samples of equal size (one value per "
        "pair), found sizes " +
        std::to_string(a.size()) + " and " + std::to_string(b.size()) +
        "; pair the runs by dataset before testing");
  }
  if (a.empty()) {
    throw InputError("wilcoxon_signed_rank: expected at least one pair, found none");
  }
  constexpr double nan = std::numeric_limits<double>::quiet_NaN();
  const std::size_t n_total = a.size();

  std::vector<double> d(n_total);
  std::size_t n_zero = 0;
  for (std::size_t i = 0; i < n_total; ++i) {
    d[i] = a[i] - b[i];
    if (std::isnan(d[i])) return {0, nan, nan, "undefined"};
    if (d[i] == 0.0) ++n_zero;
  }
  bool exact = n_total <= 50 && n_zero == 0;
  if (n_zero == n_total) return {0, nan, nan, "undefined"};
  if (!exact) d.erase(std::remove(d.begin(), d.end(), 0.0), d.end());
  const std::size_t count = d.size();

  // Average ranks of |d|; tie groups feed the approx branch's variance correction.
  std::vector<std::size_t> order(count);
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::sort(order.begin(), order.end(),
            [&](std::size_t i, std::size_t j) { return std::fabs(d[i]) < std::fabs(d[j]); });
  double r_plus = 0.0, r_minus = 0.0, tie_term = 0.0;
  for (std::size_t lo = 0; lo < count;) {
    std::size_t hi = lo + 1;
    while (hi < count && std::fabs(d[order[hi]]) == std::fabs(d[order[lo]])) ++hi;
    const double rank = 0.5 * static_cast<double>(lo + 1 + hi);  // mean of lo+1 .. hi
    for (std::size_t k = lo; k < hi; ++k) (d[order[k]] > 0 ? r_plus : r_minus) += rank;
    const double t = static_cast<double>(hi - lo);
    if (hi - lo > 1) tie_term += t * (t * t - 1.0);
    lo = hi;
  }
  const double statistic = std::min(r_plus, r_minus);

  if (!exact) {
    const double c = static_cast<double>(count);
    const double mn = c * (c + 1.0) * 0.25;
    const double se = std::sqrt((c * (c + 1.0) * (2.0 * c + 1.0) - 0.5 * tie_term) / 24.0);
    const double z = (statistic - mn) / se;
    const boost::math::normal norm;
    const double p = 2.0 * boost::math::cdf(boost::math::complement(norm, std::fabs(z)));
    return {count, statistic, p, "approx"};
  }

  const std::vector<double> pmf = wilcoxon_pmf(count);
  const auto r = static_cast<std::size_t>(r_plus);  // scipy: int(r_plus), truncation
  double p = 1.0;
  if (r != (pmf.size() - 1) / 2) {
    double p_less = 0.0, p_greater = 0.0;
    for (std::size_t i = 0; i <= r; ++i) p_less += pmf[i];
    for (std::size_t i = r; i < pmf.size(); ++i) p_greater += pmf[i];
    p = std::clamp(2.0 * std::min(p_less, p_greater), 0.0, 1.0);
  }
  return {count, statistic, p, "exact"};
}

}  // namespace rwwce::harness
