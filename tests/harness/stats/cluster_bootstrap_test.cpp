#include "harness/stats/cluster_bootstrap.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <random>
#include <vector>

#include "core/input_error.hpp"
#include "core/portable_random.hpp"

namespace rwwce::harness {
namespace {

// tests/harness/stats/reference/cluster_bootstrap.py: D, its scipy references and their Monte
// Carlo spread.
const std::vector<double> kD{0.8, -0.3, 1.1, 0.4, 2.9, -0.7, 0.2, 0.5,
                             1.6, -0.1, 0.9, 4.2, 0.3, -0.4, 0.6};

TEST(ClusterBootstrap, MatchesScipyPercentileBootstrapWithinMonteCarloError) {
  const BootstrapCi ci = cluster_bootstrap_ci(kD, 12345);
  EXPECT_EQ(ci.n_units, 15u);
  EXPECT_EQ(ci.resamples, 10000u);
  EXPECT_NEAR(ci.mean, 0.8, 1e-15);  // D.mean() -> 0.8
  // scipy.stats.bootstrap((D,), np.mean, n_resamples=1_000_000, method='percentile',
  //   confidence_level=0.95, random_state=20240607) -> (0.23333333333333334, 1.4866666666666668)
  // (scipy 1.10.1). SD of a B = 10,000 endpoint over 200 scipy seeds: (0.0067, 0.0106);
  // tolerance 5 SD (reference/cluster_bootstrap.py says why that suffices).
  EXPECT_NEAR(ci.low, 0.23333333333333334, 5 * 0.0067);
  EXPECT_NEAR(ci.high, 1.4866666666666668, 5 * 0.0106);
  // The same at confidence_level=0.90 -> (0.3066666666666667, 1.36)
  const BootstrapCi ci90 = cluster_bootstrap_ci(kD, 12345, {10000, 0.90});
  EXPECT_NEAR(ci90.low, 0.3066666666666667, 5 * 0.0067);
  EXPECT_NEAR(ci90.high, 1.36, 5 * 0.0106);
}

TEST(ClusterBootstrap, SameSeedSameIntervalOtherSeedOtherDraws) {
  const BootstrapCi a = cluster_bootstrap_ci(kD, 7), b = cluster_bootstrap_ci(kD, 7);
  EXPECT_EQ(a.low, b.low);
  EXPECT_EQ(a.high, b.high);
  // Pinned from this implementation (seed 7, B = 10,000): mt19937_64 and uniform_index give the
  // same stream on every standard library, so these must not move unless the method changes.
  // (Both are multiples of 0.1 / 15 up to rounding, as every resample mean of D is.)
  EXPECT_NEAR(a.low, 0.22666666666666668, 1e-12);
  EXPECT_NEAR(a.high, 1.5, 1e-12);
  // Another seed draws other resamples: with B = 50 the endpoints move.
  const BootstrapCi c = cluster_bootstrap_ci(kD, 8, {50, 0.95});
  const BootstrapCi d = cluster_bootstrap_ci(kD, 9, {50, 0.95});
  EXPECT_TRUE(c.low != d.low || c.high != d.high);
}

TEST(ClusterBootstrap, ConstantDifferencesGiveTheConstant) {
  // 0.1 is not exact in binary and 0.1 + 0.1 + 0.1 != 0.3: the interval is still 0.1 exactly.
  const BootstrapCi ci = cluster_bootstrap_ci(std::vector<double>(7, 0.1), 1);
  EXPECT_EQ(ci.low, 0.1);
  EXPECT_EQ(ci.high, 0.1);
  const BootstrapCi one = cluster_bootstrap_ci({-2.5}, 1);
  EXPECT_EQ(one.low, -2.5);
  EXPECT_EQ(one.high, -2.5);
  EXPECT_EQ(one.mean, -2.5);
}

// Box-Muller from the portable uniform draws, for the simulation below.
double normal(std::mt19937_64& e) {
  const double u1 = 1.0 - rwwce::uniform01(e), u2 = rwwce::uniform01(e);
  return std::sqrt(-2.0 * std::log(u1)) * std::cos(6.283185307179586 * u2);
}

TEST(ClusterBootstrap, CoversTheTrueMeanAboutAsOftenAsItSays) {
  // 400 samples of 30 N(1, 2^2) differences; each interval B = 2000. The percentile bootstrap
  // of a normal mean at n = 30 covers ~93-94% (slightly below 95%: it uses sd with ddof 0 and
  // normal rather than t quantiles). With 400 trials the binomial SD of the coverage is ~0.012,
  // so [0.90, 0.98] fails a correct implementation with probability < 1e-3, while an interval
  // of the wrong width (e.g. the 80% one, or sd/sqrt(n) forgotten) falls far outside.
  std::mt19937_64 data(2024);
  int covered = 0;
  constexpr int kTrials = 400;
  std::vector<double> x(30);
  for (int t = 0; t < kTrials; ++t) {
    for (double& v : x) v = 1.0 + 2.0 * normal(data);
    const BootstrapCi ci = cluster_bootstrap_ci(x, 1000 + t, {2000, 0.95});
    covered += ci.low <= 1.0 && 1.0 <= ci.high;
  }
  const double coverage = covered / static_cast<double>(kTrials);
  EXPECT_GE(coverage, 0.90);
  EXPECT_LE(coverage, 0.98);
}

TEST(ClusterBootstrap, NonFiniteDifferencesGiveNaN) {
  const BootstrapCi ci = cluster_bootstrap_ci({1.0, NAN, 2.0}, 1);
  EXPECT_TRUE(std::isnan(ci.mean));
  EXPECT_TRUE(std::isnan(ci.low));
  EXPECT_TRUE(std::isnan(ci.high));
}

TEST(ClusterBootstrap, RejectsBadInput) {
  EXPECT_THROW(cluster_bootstrap_ci({}, 1), InputError);
  EXPECT_THROW(cluster_bootstrap_ci({1.0}, 1, {0, 0.95}), InputError);
  EXPECT_THROW(cluster_bootstrap_ci({1.0}, 1, {100, 1.5}), InputError);
}

}  // namespace
}  // namespace rwwce::harness
