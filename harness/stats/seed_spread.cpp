#include "harness/stats/seed_spread.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <boost/math/distributions/students_t.hpp>
#include <cmath>
#include <limits>

#include "core/input_error.hpp"

namespace rwwce::harness {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

void check_level(double level, const char* who) {
  if (!(level > 0 && level < 1))
    throw InputError(
        fmt::format("{}: expected a level in (0, 1), e.g. 0.95, found {}", who, level));
}

}  // namespace

SeedSpread seed_spread(const std::vector<double>& per_seed, double level) {
  check_level(level, "seed_spread");
  SeedSpread s{per_seed.size(), kNaN, kNaN, kNaN, kNaN, level, kNaN, kNaN};
  for (std::size_t i = 0; i < per_seed.size(); ++i)
    if (!std::isfinite(per_seed[i]))
      throw InputError(fmt::format(
          "seed_spread: the value of seed #{} is {}; every seed needs a finite value (re-run "
          "or drop the failed seed explicitly)",
          i, per_seed[i]));
  if (s.n == 0) return s;
  double sum = 0;
  for (double v : per_seed) sum += v;
  s.mean = sum / static_cast<double>(s.n);
  const auto [lo, hi] = std::minmax_element(per_seed.begin(), per_seed.end());
  s.min = *lo;
  s.max = *hi;
  if (s.n < 2) return s;
  double ss = 0;
  for (double v : per_seed) ss += (v - s.mean) * (v - s.mean);
  s.sd = std::sqrt(ss / static_cast<double>(s.n - 1));
  const boost::math::students_t t(static_cast<double>(s.n - 1));
  const double q = boost::math::quantile(boost::math::complement(t, (1 - level) / 2));
  const double half = q * s.sd * std::sqrt(1 + 1 / static_cast<double>(s.n));
  s.prediction_low = s.mean - half;
  s.prediction_high = s.mean + half;
  return s;
}

ReproductionCheck reproduction_check(const std::vector<double>& per_seed, double published,
                                     double level) {
  if (!std::isfinite(published))
    throw InputError(fmt::format(
        "reproduction_check: the published value is {}; expected the finite number to check",
        published));
  ReproductionCheck r{seed_spread(per_seed, level), published, kNaN, "undetermined"};
  const std::size_t n = per_seed.size();
  if (n > 0) {
    double below = 0;
    for (double v : per_seed) below += v < published ? 1.0 : v == published ? 0.5 : 0.0;
    r.percentile = below / static_cast<double>(n);
  }
  if (n >= 2)
    r.verdict = published > r.spread.prediction_high  ? "higher"
                : published < r.spread.prediction_low ? "lower"
                                                      : "reproduced";
  return r;
}

ClaimReplication claim_replication(const std::vector<double>& p, const std::vector<double>& effect,
                                   ClaimedSign sign, double alpha) {
  if (p.size() != effect.size())
    throw InputError(fmt::format(
        "claim_replication: expected one p-value and one effect per seed, found {} and {}",
        p.size(), effect.size()));
  if (p.empty()) throw InputError("claim_replication: expected at least one seed, found none");
  check_level(alpha, "claim_replication: alpha");
  ClaimReplication c;
  c.n_seeds = p.size();
  for (std::size_t i = 0; i < p.size(); ++i) {
    if (p[i] < 0 || p[i] > 1)
      throw InputError(fmt::format(
          "claim_replication: p-value of seed #{} is {}; expected [0, 1] or NaN", i, p[i]));
    const bool right_sign = sign == ClaimedSign::positive ? effect[i] > 0 : effect[i] < 0;
    if (p[i] < alpha && right_sign) ++c.n_held;  // NaN compares false: not held
  }
  c.held = clopper_pearson_ci(c.n_held, c.n_seeds);
  return c;
}

}  // namespace rwwce::harness
