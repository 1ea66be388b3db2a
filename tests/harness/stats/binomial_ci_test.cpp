#include "harness/stats/binomial_ci.hpp"

#include <gtest/gtest.h>

#include "core/input_error.hpp"

namespace rwwce::harness {
namespace {

// scipy.stats.binomtest finds the limits by brentq (xtol 2e-12): it agrees with the Beta
// quantiles to ~3e-13 (see k = 99 below), hence 1e-12 against it; scipy.stats.beta.ppf is
// Boost's ibeta_inv in scipy 1.10.1, hence 1e-14 against it.
constexpr double kBrentq = 1e-12, kBeta = 1e-14;

TEST(ClopperPearson, MatchesScipyBinomtestExact) {
  // scipy.stats.binomtest(7, 20).proportion_ci(confidence_level=0.95, method='exact')
  //   -> (0.1539092047845412, 0.5921885345328283) (scipy 1.10.1)
  // scipy.stats.beta.ppf(0.025, 7, 14), beta.ppf(0.975, 8, 13)
  //   -> 0.15390920478454118, 0.5921885345328282
  const BinomialCi ci = clopper_pearson_ci(7, 20);
  EXPECT_DOUBLE_EQ(ci.proportion, 0.35);
  EXPECT_NEAR(ci.low, 0.1539092047845412, kBrentq);
  EXPECT_NEAR(ci.high, 0.5921885345328283, kBrentq);
  EXPECT_NEAR(ci.low, 0.15390920478454118, kBeta);
  EXPECT_NEAR(ci.high, 0.5921885345328282, kBeta);

  // binomtest(3, 100).proportion_ci(0.95, 'exact') -> (0.006229971538306227, 0.08517605297428028)
  // beta.ppf(0.025, 3, 98), beta.ppf(0.975, 4, 97) -> 0.006229971538306395, 0.08517605297428002
  const BinomialCi small = clopper_pearson_ci(3, 100);
  EXPECT_NEAR(small.low, 0.006229971538306395, kBeta);
  EXPECT_NEAR(small.high, 0.08517605297428002, kBeta);
  EXPECT_NEAR(small.low, 0.006229971538306227, kBrentq);

  // binomtest(99, 100).proportion_ci(0.95, 'exact') -> (0.9455406146079194, 0.9997468539673181)
  // beta.ppf(0.025, 99, 2), beta.ppf(0.975, 100, 1) -> 0.9455406146079194, 0.9997468539670226
  const BinomialCi large = clopper_pearson_ci(99, 100);
  EXPECT_NEAR(large.low, 0.9455406146079194, kBeta);
  EXPECT_NEAR(large.high, 0.9997468539670226, kBeta);
  EXPECT_NEAR(large.high, 0.9997468539673181, kBrentq);
}

TEST(ClopperPearson, OtherLevels) {
  // binomtest(7, 20).proportion_ci(confidence_level=0.9, method='exact')
  //   -> (0.17731091757446915, 0.5580345113154889) (scipy 1.10.1)
  const BinomialCi ci = clopper_pearson_ci(7, 20, 0.9);
  EXPECT_NEAR(ci.low, 0.17731091757446915, kBrentq);
  EXPECT_NEAR(ci.high, 0.5580345113154889, kBrentq);
}

TEST(ClopperPearson, NoSuccessesAndAllSuccesses) {
  // binomtest(0, 10).proportion_ci(0.95, 'exact') -> (0.0, 0.30849710781876294);
  // beta.ppf(0.975, 1, 10) -> 0.3084971078187608 = 1 - 0.025**(1/10)
  const BinomialCi none = clopper_pearson_ci(0, 10);
  EXPECT_EQ(none.proportion, 0.0);
  EXPECT_EQ(none.low, 0.0);
  EXPECT_NEAR(none.high, 0.3084971078187608, kBeta);
  // binomtest(10, 10).proportion_ci(0.95, 'exact') -> (0.6915028921812371, 1.0);
  // beta.ppf(0.025, 10, 1) -> 0.6915028921812392 = 0.025**(1/10)
  const BinomialCi all = clopper_pearson_ci(10, 10);
  EXPECT_EQ(all.proportion, 1.0);
  EXPECT_NEAR(all.low, 0.6915028921812392, kBeta);
  EXPECT_EQ(all.high, 1.0);
  // One trial: binomtest(1, 1) -> (0.025000000000000022, 1.0); binomtest(0, 1) -> (0.0, 0.975)
  EXPECT_NEAR(clopper_pearson_ci(1, 1).low, 0.025000000000000022, kBeta);
  EXPECT_NEAR(clopper_pearson_ci(0, 1).high, 0.975, kBeta);
}

TEST(ClopperPearson, RejectsImpossibleCounts) {
  EXPECT_THROW(clopper_pearson_ci(0, 0), InputError);
  EXPECT_THROW(clopper_pearson_ci(3, 2), InputError);
  EXPECT_THROW(clopper_pearson_ci(1, 2, 1.0), InputError);
  EXPECT_THROW(clopper_pearson_ci(1, 2, 0.0), InputError);
}

}  // namespace
}  // namespace rwwce::harness
