#include "harness/stats/wilcoxon.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "core/input_error.hpp"

namespace rwwce::harness {
namespace {

constexpr double kRel = 1e-9;

TEST(Wilcoxon, ExactBranchNoTies) {
  // scipy.stats.wilcoxon(d) docstring example (Cushny/Darwin corn data):
  // scipy.stats.wilcoxon(d, np.zeros(15)) -> statistic=24.0, pvalue=0.041259765625 (1.10.1)
  const std::vector<double> d{6, 8, 14, 16, 23, 24, 28, 29, 41, -48, 49, 56, 60, -67, 75};
  const WilcoxonResult r = wilcoxon_signed_rank(d, std::vector<double>(d.size(), 0.0));
  EXPECT_EQ(r.method, "exact");
  EXPECT_EQ(r.n_used, 15u);
  EXPECT_EQ(r.statistic, 24.0);
  EXPECT_NEAR(r.p_two_sided, 0.041259765625, kRel * 0.041259765625);
}

TEST(Wilcoxon, ExactBranchWithTiesTruncatesHalfIntegerRankSum) {
  // |d| ties give r+ = 26.5, r- = 9.5; scipy 1.10 uses int(26.5) = 26 in the exact pmf.
  // scipy.stats.wilcoxon([1.5,-2,-1.5,3,2,-0.5,4,1.5], [0]*8) -> 9.5, 0.3125 (scipy 1.10.1)
  // (with r = 27 the p-value would be 0.25)
  const std::vector<double> a{1.5, -2.0, -1.5, 3.0, 2.0, -0.5, 4.0, 1.5};
  const WilcoxonResult r = wilcoxon_signed_rank(a, std::vector<double>(8, 0.0));
  EXPECT_EQ(r.method, "exact");
  EXPECT_EQ(r.statistic, 9.5);
  EXPECT_NEAR(r.p_two_sided, 0.3125, kRel * 0.3125);
}

TEST(Wilcoxon, ZerosSwitchSmallSampleToNormalApproximation) {
  // scipy.stats.wilcoxon([1,2,0,-1,3,2,0,4,5,-2,6,1], [0]*12) -> 7.0, 0.03568544035750915
  // (scipy 1.10.1; warns "Exact p-value calculation does not work if there are zeros")
  const std::vector<double> a{1, 2, 0, -1, 3, 2, 0, 4, 5, -2, 6, 1};
  const WilcoxonResult r = wilcoxon_signed_rank(a, std::vector<double>(12, 0.0));
  EXPECT_EQ(r.method, "approx");
  EXPECT_EQ(r.n_used, 10u);
  EXPECT_EQ(r.statistic, 7.0);
  EXPECT_NEAR(r.p_two_sided, 0.03568544035750915, kRel * 0.03568544035750915);
}

TEST(Wilcoxon, LargeSampleApproximationWithTiesAndZeros) {
  // a = (np.arange(60)*7) % 9 - 2: many ties and 6 zeros.
  // scipy.stats.wilcoxon(a, np.zeros(60)) -> 199.5, 2.6317620280619285e-06 (scipy 1.10.1)
  std::vector<double> a(60);
  for (int i = 0; i < 60; ++i) a[i] = (i * 7) % 9 - 2;
  const WilcoxonResult r = wilcoxon_signed_rank(a, std::vector<double>(60, 0.0));
  EXPECT_EQ(r.method, "approx");
  EXPECT_EQ(r.n_used, 54u);
  EXPECT_EQ(r.statistic, 199.5);
  EXPECT_NEAR(r.p_two_sided, 2.6317620280619285e-06, kRel * 2.6317620280619285e-06);
}

TEST(Wilcoxon, LargeSampleStronglySeparated) {
  // a = np.arange(60)*0.5; b = a - (1 + np.arange(60) % 5)
  // scipy.stats.wilcoxon(a, b) -> 0.0, 1.2991683882577857e-11 (scipy 1.10.1)
  std::vector<double> a(60), b(60);
  for (int i = 0; i < 60; ++i) {
    a[i] = i * 0.5;
    b[i] = a[i] - (1 + i % 5);
  }
  const WilcoxonResult r = wilcoxon_signed_rank(a, b);
  EXPECT_EQ(r.method, "approx");
  EXPECT_EQ(r.statistic, 0.0);
  EXPECT_NEAR(r.p_two_sided, 1.2991683882577857e-11, kRel * 1.2991683882577857e-11);
}

TEST(Wilcoxon, AllZeroDifferencesAreUndefinedNotAnError) {
  // scipy 1.10.1 raises ValueError("zero_method 'wilcox' and 'pratt' do not work if x - y is
  // zero for all elements"); the harness reports an undefined test instead.
  const WilcoxonResult r = wilcoxon_signed_rank({1, 2, 3}, {1, 2, 3});
  EXPECT_EQ(r.method, "undefined");
  EXPECT_EQ(r.n_used, 0u);
  EXPECT_TRUE(std::isnan(r.statistic));
  EXPECT_TRUE(std::isnan(r.p_two_sided));
}

TEST(Wilcoxon, RejectsUnequalSizesAndEmptyInput) {
  EXPECT_THROW(wilcoxon_signed_rank({1, 2}, {1}), InputError);
  EXPECT_THROW(wilcoxon_signed_rank({}, {}), InputError);
}

}  // namespace
}  // namespace rwwce::harness
