#include "harness/stats/binomial_ci.hpp"

#include <fmt/format.h>

#include <boost/math/distributions/beta.hpp>

#include "core/input_error.hpp"

namespace rwwce::harness {

BinomialCi clopper_pearson_ci(std::size_t k, std::size_t n, double level) {
  if (n == 0 || k > n)
    throw InputError(fmt::format(
        "clopper_pearson_ci: expected 0 <= k <= n and n >= 1 (k successes in n trials), found "
        "k = {}, n = {}",
        k, n));
  if (!(level > 0 && level < 1))
    throw InputError(fmt::format(
        "clopper_pearson_ci: expected a confidence level in (0, 1), e.g. 0.95, found {}", level));
  const double a = (1.0 - level) / 2.0;  // as scipy computes it
  const auto dk = static_cast<double>(k), dn = static_cast<double>(n);
  BinomialCi ci{dk / dn, 0.0, 1.0};
  if (k > 0)
    ci.low = boost::math::quantile(boost::math::beta_distribution<double>(dk, dn - dk + 1), a);
  if (k < n)
    ci.high = boost::math::quantile(
        boost::math::complement(boost::math::beta_distribution<double>(dk + 1, dn - dk), a));
  return ci;
}

}  // namespace rwwce::harness
