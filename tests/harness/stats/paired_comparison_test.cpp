#include "harness/stats/paired_comparison.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "core/input_error.hpp"
#include "harness/stats/paired_t_test.hpp"
#include "harness/stats/wilcoxon.hpp"

namespace rwwce::harness {
namespace {

const std::vector<double> kA{0.31, 0.52, 0.18, 0.77, 0.45, 0.29, 0.66, 0.50};
const std::vector<double> kB{0.25, 0.41, 0.20, 0.61, 0.40, 0.30, 0.52, 0.47};

TEST(PairedComparison, MatchesScipyTTestAndWilcoxon) {
  const PairedComparison c = paired_comparison(kA, kB);
  EXPECT_EQ(c.n, 8u);
  EXPECT_EQ(c.df, 7.0);
  // d = np.array(a) - np.array(b): d.mean() -> 0.065, d.std(ddof=1) -> 0.06654751256486925
  EXPECT_NEAR(c.mean_diff, 0.065, 1e-15);
  EXPECT_NEAR(c.sd_diff, 0.06654751256486925, 1e-15);
  // scipy.stats.ttest_rel(a, b) -> statistic 2.7626541702710687, pvalue 0.027988722808306648;
  // .confidence_interval(0.95) -> (0.009364887227057993, 0.120635112772942) (scipy 1.10.1;
  // its t quantile is 2.5e-10 low, see paired_t_test_test.cpp, hence 2e-11 on the CI)
  EXPECT_NEAR(c.t, 2.7626541702710687, 1e-12);
  EXPECT_NEAR(c.p, 0.027988722808306648, 1e-14);
  EXPECT_NEAR(c.ci95_low, 0.009364887227057993, 2e-11);
  EXPECT_NEAR(c.ci95_high, 0.120635112772942, 2e-11);
  // scipy.stats.wilcoxon(a, b) -> statistic 3.0, pvalue 0.0390625 (exact, n = 8, scipy 1.10.1)
  EXPECT_EQ(c.wilcoxon_statistic, 3.0);
  EXPECT_NEAR(c.wilcoxon_p, 0.0390625, 1e-15);
}

TEST(PairedComparison, IsExactlyTheTwoTestsItCombines) {
  // The refactor of summary and compare onto paired_comparison must not move a single bit.
  const PairedComparison c = paired_comparison(kA, kB);
  const PairedTTest t = paired_t_test(kA, kB);
  const WilcoxonResult w = wilcoxon_signed_rank(kA, kB);
  EXPECT_EQ(c.mean_diff, t.mean_diff);
  EXPECT_EQ(c.sd_diff, t.sd_diff);
  EXPECT_EQ(c.t, t.t);
  EXPECT_EQ(c.p, t.p_two_sided);
  EXPECT_EQ(c.ci95_low, t.ci95_low);
  EXPECT_EQ(c.ci95_high, t.ci95_high);
  EXPECT_EQ(c.wilcoxon_statistic, w.statistic);
  EXPECT_EQ(c.wilcoxon_p, w.p_two_sided);
}

TEST(PairedComparison, OnePairHasOnlyItsDifference) {
  const PairedComparison c = paired_comparison({3.5}, {1.0});
  EXPECT_EQ(c.n, 1u);
  EXPECT_EQ(c.mean_diff, 2.5);
  for (double x :
       {c.sd_diff, c.t, c.df, c.p, c.ci95_low, c.ci95_high, c.wilcoxon_statistic, c.wilcoxon_p})
    EXPECT_TRUE(std::isnan(x));
}

TEST(PairedComparison, NoPairsIsAllUndefined) {
  const PairedComparison c = paired_comparison({}, {});
  EXPECT_EQ(c.n, 0u);
  EXPECT_TRUE(std::isnan(c.mean_diff));
  EXPECT_TRUE(std::isnan(c.p));
  EXPECT_TRUE(std::isnan(c.wilcoxon_p));
}

TEST(PairedComparison, IdenticalSamplesKeepTheTestsConventions) {
  // scipy.stats.ttest_rel([1,2,3], [1,2,3]) -> nan, nan; wilcoxon raises (all zero): both NaN.
  const PairedComparison c = paired_comparison({1, 2, 3}, {1, 2, 3});
  EXPECT_EQ(c.mean_diff, 0.0);
  EXPECT_EQ(c.sd_diff, 0.0);
  EXPECT_TRUE(std::isnan(c.p));
  EXPECT_TRUE(std::isnan(c.wilcoxon_p));
}

TEST(PairedComparison, RejectsUnequalSizes) {
  EXPECT_THROW(paired_comparison({1, 2}, {1}), InputError);
}

}  // namespace
}  // namespace rwwce::harness
