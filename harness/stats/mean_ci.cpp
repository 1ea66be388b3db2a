#include "harness/stats/mean_ci.hpp"

#include <boost/math/distributions/students_t.hpp>
#include <cmath>
#include <limits>

namespace rwwce::harness {

std::pair<double, double> mean_ci95(double mean, double sd, std::size_t n) {
  constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
  if (n < 2 || !std::isfinite(mean) || !std::isfinite(sd)) return {kNaN, kNaN};
  const boost::math::students_t dist(static_cast<double>(n - 1));
  const double half = boost::math::quantile(boost::math::complement(dist, 0.025)) * sd /
                      std::sqrt(static_cast<double>(n));
  return {mean - half, mean + half};
}

}  // namespace rwwce::harness
