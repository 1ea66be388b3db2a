#include "harness/stats/minimal_detectable_change.hpp"

#include <fmt/format.h>

#include <boost/math/distributions/non_central_t.hpp>
#include <boost/math/distributions/students_t.hpp>
#include <boost/math/tools/roots.hpp>
#include <cmath>
#include <cstdint>
#include <limits>

#include "core/input_error.hpp"

namespace rwwce::harness {

double minimal_detectable_change(std::size_t n, double sd, double alpha, double power,
                                 TestSides sides) {
  if (!(alpha > 0 && alpha < 1) || !(power > 0 && power < 1) || !(power > alpha))
    throw InputError(fmt::format(
        "minimal_detectable_change: expected 0 < alpha < power < 1 (e.g. 0.05 and 0.8), found "
        "alpha {} and power {}",
        alpha, power));
  if (sd < 0) throw InputError(fmt::format("minimal_detectable_change: sd {}: expected >= 0", sd));
  if (n < 2 || !std::isfinite(sd)) return std::numeric_limits<double>::quiet_NaN();
  if (sd == 0) return 0.0;

  const double df = static_cast<double>(n - 1);
  const bool two = sides == TestSides::two_sided;
  const double tail = two ? alpha / 2 : alpha;
  const double c =
      boost::math::quantile(boost::math::complement(boost::math::students_t(df), tail));
  const auto power_at = [&](double lambda) {
    const boost::math::non_central_t t(df, lambda);
    double p = boost::math::cdf(boost::math::complement(t, c));
    if (two) p += boost::math::cdf(t, -c);
    return p - power;
  };
  // power_at(0) <= alpha - power < 0: double the bracket until the power is reached.
  double lo = 0, hi = 1;
  while (power_at(hi) < 0) {
    lo = hi;
    hi *= 2;
  }
  std::uintmax_t iterations = 200;
  const auto [a, b] = boost::math::tools::toms748_solve(
      power_at, lo, hi, boost::math::tools::eps_tolerance<double>(44), iterations);
  const double lambda = 0.5 * (a + b);
  return lambda * sd / std::sqrt(static_cast<double>(n));
}

}  // namespace rwwce::harness
