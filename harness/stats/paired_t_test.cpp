#include "harness/stats/paired_t_test.hpp"

#include <boost/math/distributions/students_t.hpp>
#include <cmath>
#include <limits>
#include <string>

#include "core/input_error.hpp"

namespace rwwce::harness {

PairedTTest paired_t_test(const std::vector<double>& a, const std::vector<double>& b) {
  if (a.size() != b.size()) {
    throw InputError(
        "paired_t_test: expected two samples of equal size (one value per pair), "
        "found sizes " +
        std::to_string(a.size()) + " and " + std::to_string(b.size()) +
        "; pair the runs by dataset before testing");
  }
  const std::size_t n = a.size();
  if (n < 2) {
    throw InputError("paired_t_test: expected at least 2 pairs, found " + std::to_string(n) +
                     "; a t-test needs n >= 2 to estimate the variance");
  }
  constexpr double nan = std::numeric_limits<double>::quiet_NaN();
  PairedTTest r{n, nan, nan, nan, static_cast<double>(n - 1), nan, nan, nan};

  bool finite = true, all_equal = true;
  double sum = 0.0;
  const double d0 = a[0] - b[0];
  for (std::size_t i = 0; i < n; ++i) {
    const double d = a[i] - b[i];
    finite = finite && std::isfinite(d);
    all_equal = all_equal && d == d0;
    sum += d;
  }
  if (!finite) return r;

  if (all_equal) {
    r.mean_diff = d0;
    r.sd_diff = 0.0;
    r.ci95_low = r.ci95_high = d0;
    if (d0 != 0.0) {
      r.t = std::copysign(std::numeric_limits<double>::infinity(), d0);
      r.p_two_sided = 0.0;
    }
    return r;
  }

  const double mean = sum / static_cast<double>(n);
  double ss = 0.0;
  for (std::size_t i = 0; i < n; ++i) {
    const double e = (a[i] - b[i]) - mean;
    ss += e * e;
  }
  const double sd = std::sqrt(ss / static_cast<double>(n - 1));
  const double se = sd / std::sqrt(static_cast<double>(n));
  const boost::math::students_t dist(r.df);
  r.mean_diff = mean;
  r.sd_diff = sd;
  r.t = mean / se;
  // Upper tail by complement: 1 - cdf would lose everything below ~1e-16.
  r.p_two_sided = 2.0 * boost::math::cdf(boost::math::complement(dist, std::fabs(r.t)));
  const double q = boost::math::quantile(boost::math::complement(dist, 0.025));
  r.ci95_low = mean - q * se;
  r.ci95_high = mean + q * se;
  return r;
}

}  // namespace rwwce::harness
