#include "harness/stats/paired_t_test.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "core/input_error.hpp"

namespace rwwce::harness {
namespace {

constexpr double kRel = 1e-9;

void expect_rel(double actual, double expected, double rel) {
  EXPECT_NEAR(actual, expected, rel * std::fabs(expected)) << "expected " << expected;
}

TEST(PairedTTest, MatchesScipyOnSmallSample) {
  const std::vector<double> a{0.31, 0.52, 0.18, 0.77, 0.45, 0.29, 0.66, 0.50};
  const std::vector<double> b{0.25, 0.41, 0.20, 0.61, 0.40, 0.30, 0.52, 0.47};
  const PairedTTest r = paired_t_test(a, b);
  EXPECT_EQ(r.n, 8u);
  EXPECT_EQ(r.df, 7.0);
  // d = np.array(a) - np.array(b): d.mean() -> 0.065, d.std(ddof=1) -> 0.06654751256486925
  expect_rel(r.mean_diff, 0.065, kRel);
  expect_rel(r.sd_diff, 0.06654751256486925, kRel);
  // scipy.stats.ttest_rel(a, b) -> t=2.7626541702710687, p=0.027988722808306648 (scipy 1.10.1)
  expect_rel(r.t, 2.7626541702710687, kRel);
  expect_rel(r.p_two_sided, 0.027988722808306648, kRel);
  // CI = mean -+ q * sd / sqrt(n) with q = t_{0.975, 7}. scipy 1.10.1's t.ppf(0.975, 7)
  // = 2.3646242510102993 is 2.5e-10 low (its upper tail, by 50-digit Boost ibeta, is
  // 0.0250000000214); Boost's quantile 2.3646242515927853 is correct (tail 0.025 + 4e-19).
  // With that q: d.mean() -+ q * d.std(ddof=1) / sqrt(8)
  //   -> (0.009364887213353199, 0.1206351127866468)
  expect_rel(r.ci95_low, 0.009364887213353199, kRel);
  expect_rel(r.ci95_high, 0.1206351127866468, kRel);
  // scipy.stats.ttest_rel(a, b).confidence_interval(0.95)
  //   -> (0.009364887227057993, 0.120635112772942) (scipy 1.10.1): agrees to scipy's own
  //   quantile error, 2.5e-10 * q * se = 1.4e-11 absolute.
  EXPECT_NEAR(r.ci95_low, 0.009364887227057993, 2e-11);
  EXPECT_NEAR(r.ci95_high, 0.120635112772942, 2e-11);
}

// Strongly separated paired samples of n = 100, as Table I's p-values (down to 2.7e-35).
// i = np.arange(100); a = 50 + (i*37) % 11; b = a - (shift + (i*13) % 7)
std::vector<double> separated(int shift, std::vector<double>& b) {
  std::vector<double> a(100);
  b.resize(100);
  for (int i = 0; i < 100; ++i) {
    a[i] = 50.0 + (i * 37) % 11;
    b[i] = a[i] - (shift + (i * 13) % 7);
  }
  return a;
}

TEST(PairedTTest, TinyPValueMatchesScipyToTheTail) {
  // Boost.Math and scipy's cephes stdtr agree closely in the far tail; 1e-9 relative holds.
  std::vector<double> b;
  const std::vector<double> a = separated(1, b);
  const PairedTTest r = paired_t_test(a, b);
  // scipy.stats.ttest_rel(a, b) with shift 1 -> t=19.65557079849461, p=5.971243298293865e-36
  expect_rel(r.t, 19.65557079849461, kRel);
  expect_rel(r.p_two_sided, 5.971243298293865e-36, kRel);

  const std::vector<double> a3 = separated(3, b);
  const PairedTTest r3 = paired_t_test(a3, b);
  // scipy.stats.ttest_rel(a, b) with shift 3 -> t=29.48335619774192, p=8.000420309901115e-51,
  // confidence_interval(0.95) -> (5.596202629402011, 6.403797370597989) (scipy 1.10.1)
  expect_rel(r3.t, 29.48335619774192, kRel);
  expect_rel(r3.p_two_sided, 8.000420309901115e-51, kRel);
  expect_rel(r3.ci95_low, 5.596202629402011, kRel);
  expect_rel(r3.ci95_high, 6.403797370597989, kRel);
}

TEST(PairedTTest, SymmetricInTheOrderOfTheSamples) {
  std::vector<double> b;
  const std::vector<double> a = separated(1, b);
  const PairedTTest ab = paired_t_test(a, b), ba = paired_t_test(b, a);
  EXPECT_DOUBLE_EQ(ab.t, -ba.t);
  EXPECT_DOUBLE_EQ(ab.p_two_sided, ba.p_two_sided);
  EXPECT_NEAR(ab.ci95_low, -ba.ci95_high, 1e-12);
}

TEST(PairedTTest, ConstantNonZeroDifferenceGivesInfiniteTAndZeroP) {
  // scipy.stats.ttest_rel([2,3,4], [1,2,3]) -> statistic=inf, pvalue=0.0 (scipy 1.10.1)
  const PairedTTest r = paired_t_test({2, 3, 4}, {1, 2, 3});
  EXPECT_TRUE(std::isinf(r.t) && r.t > 0);
  EXPECT_EQ(r.p_two_sided, 0.0);
  EXPECT_EQ(r.sd_diff, 0.0);
  EXPECT_EQ(r.ci95_low, 1.0);
  EXPECT_EQ(r.ci95_high, 1.0);
  // Exactly identical differences that are not exact in binary (0.1 each): still sd = 0.
  const PairedTTest r2 = paired_t_test({1.1, 2.1, 3.1}, {1.0, 2.0, 3.0});
  EXPECT_EQ(r2.sd_diff, 0.0);
  EXPECT_TRUE(std::isinf(r2.t));
}

TEST(PairedTTest, IdenticalSamplesGiveNaN) {
  // scipy.stats.ttest_rel([1,2,3], [1,2,3]) -> statistic=nan, pvalue=nan (scipy 1.10.1)
  const PairedTTest r = paired_t_test({1, 2, 3}, {1, 2, 3});
  EXPECT_TRUE(std::isnan(r.t));
  EXPECT_TRUE(std::isnan(r.p_two_sided));
  EXPECT_EQ(r.mean_diff, 0.0);
}

TEST(PairedTTest, NaNInputPropagates) {
  const PairedTTest r = paired_t_test({1, NAN, 3}, {0, 1, 1});
  EXPECT_TRUE(std::isnan(r.t));
  EXPECT_TRUE(std::isnan(r.p_two_sided));
  EXPECT_TRUE(std::isnan(r.mean_diff));
}

TEST(PairedTTest, RejectsUnequalSizesAndTooFewPairs) {
  EXPECT_THROW(paired_t_test({1, 2, 3}, {1, 2}), InputError);
  EXPECT_THROW(paired_t_test({1}, {2}), InputError);
  EXPECT_THROW(paired_t_test({}, {}), InputError);
}

}  // namespace
}  // namespace rwwce::harness
