#include "harness/stats/non_inferiority.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "core/input_error.hpp"

namespace rwwce::harness {
namespace {

// tests/harness/stats/reference/minimal_detectable_change.py, after '---'.
const std::vector<double> kBase{2.10, 1.85, 2.40, 2.05, 1.95, 2.30, 2.15, 2.00};
const std::vector<double> kCand{2.31, 1.98, 2.52, 2.33, 2.01, 2.49, 2.22, 2.19};

TEST(NonInferiority, HigherIsWorseMatchesScipyOneSidedTTest) {
  const NonInferiorityTest r =
      non_inferiority_test(kBase, kCand, WorseDirection::higher, 0.1, 0.05);
  EXPECT_EQ(r.n, 8u);
  EXPECT_EQ(r.df, 7.0);
  // w = c - b; w.mean() -> 0.15625000000000008, w.std(ddof=1) -> 0.07482121547872832
  EXPECT_NEAR(r.mean_worsening, 0.15625000000000008, 1e-15);
  EXPECT_NEAR(r.sd_worsening, 0.07482121547872832, 1e-15);
  // scipy.stats.ttest_1samp(w, popmean=0.1, alternative='greater')
  //   -> statistic 2.126389216601343, pvalue 0.03552400559870416 (scipy 1.10.1)
  EXPECT_NEAR(r.t, 2.126389216601343, 1e-12);
  EXPECT_NEAR(r.p, 0.03552400559870416, 1e-13);
  // 0.1 + lambda* w.std(ddof=1) / sqrt(8), lambda* for df 7, alpha 0.05, power 0.8:
  //   mpmath -> 0.17318682724768820478; scipy brentq on nct.sf -> 0.1731868272468824
  EXPECT_NEAR(r.min_detectable_worsening, 0.17318682724768820478, 1e-13);
  EXPECT_NEAR(r.min_detectable_worsening, 0.1731868272468824, 1e-11);
  // A larger margin: the same worsening is no longer significantly beyond it.
  EXPECT_GT(non_inferiority_test(kBase, kCand, WorseDirection::higher, 0.2, 0.05).p, 0.5);
}

TEST(NonInferiority, LowerIsWorseFlipsTheDifference) {
  // AUC fell: w = b - c = [0.02, 0.01, 0.03, 0, 0.04];
  // scipy.stats.ttest_1samp(w, popmean=0.005, alternative='greater')
  //   -> 2.1213203435596415, 0.05059575360914776 (scipy 1.10.1);
  // 0.005 + lambda*(df 4, alpha 0.01) * w.std(ddof=1) / sqrt(5), mpmath -> 0.039474082397401377
  const NonInferiorityTest r =
      non_inferiority_test({0.95, 0.91, 0.97, 0.93, 0.96}, {0.93, 0.90, 0.94, 0.93, 0.92},
                           WorseDirection::lower, 0.005, 0.01);
  EXPECT_NEAR(r.t, 2.1213203435596415, 1e-12);
  EXPECT_NEAR(r.p, 0.05059575360914776, 1e-13);
  EXPECT_NEAR(r.min_detectable_worsening, 0.039474082397401377, 1e-13);
  // The same data read as "higher is worse" is an improvement:
  // ttest_1samp(c - b, 0.005, alternative='greater') -> -3.535533905932739, 0.9879449447243045
  const NonInferiorityTest flipped =
      non_inferiority_test({0.95, 0.91, 0.97, 0.93, 0.96}, {0.93, 0.90, 0.94, 0.93, 0.92},
                           WorseDirection::higher, 0.005, 0.01);
  EXPECT_NEAR(flipped.t, -3.535533905932739, 1e-12);
  EXPECT_NEAR(flipped.p, 0.9879449447243045, 1e-13);
}

TEST(NonInferiority, ConstantWorseningUsesScipysLimits) {
  // scipy.stats.ttest_1samp([0.5, 0.5, 0.5], 0.1, alternative='greater') -> inf, 0.0
  const NonInferiorityTest above =
      non_inferiority_test({1, 2, 3}, {1.5, 2.5, 3.5}, WorseDirection::higher, 0.1, 0.05);
  EXPECT_TRUE(std::isinf(above.t) && above.t > 0);
  EXPECT_EQ(above.p, 0.0);
  EXPECT_EQ(above.min_detectable_worsening, 0.1);
  // ttest_1samp([0.5, 0.5, 0.5], 1.0, alternative='greater') -> -inf, 1.0
  const NonInferiorityTest below =
      non_inferiority_test({1, 2, 3}, {1.5, 2.5, 3.5}, WorseDirection::higher, 1.0, 0.05);
  EXPECT_EQ(below.p, 1.0);
  // ttest_1samp([0, 0, 0], 0.0, alternative='greater') -> nan, nan
  const NonInferiorityTest same =
      non_inferiority_test({1, 2, 3}, {1, 2, 3}, WorseDirection::higher, 0.0, 0.05);
  EXPECT_TRUE(std::isnan(same.t));
  EXPECT_TRUE(std::isnan(same.p));
}

TEST(NonInferiority, UndefinedWithoutATest) {
  const NonInferiorityTest one = non_inferiority_test({1}, {2}, WorseDirection::higher, 0, 0.05);
  EXPECT_EQ(one.n, 1u);
  EXPECT_TRUE(std::isnan(one.p));
  EXPECT_TRUE(std::isnan(one.min_detectable_worsening));
  const NonInferiorityTest nan =
      non_inferiority_test({1, 2}, {NAN, 2}, WorseDirection::higher, 0, 0.05);
  EXPECT_TRUE(std::isnan(nan.p));
  EXPECT_TRUE(std::isnan(nan.mean_worsening));
}

TEST(NonInferiority, RejectsBadInput) {
  EXPECT_THROW(non_inferiority_test({1, 2}, {1}, WorseDirection::higher, 0, 0.05), InputError);
  EXPECT_THROW(non_inferiority_test({1, 2}, {1, 2}, WorseDirection::higher, -0.1, 0.05),
               InputError);
  EXPECT_THROW(non_inferiority_test({1, 2}, {1, 2}, WorseDirection::higher, NAN, 0.05), InputError);
  EXPECT_THROW(non_inferiority_test({1, 2}, {1, 2}, WorseDirection::higher, 0, 1.0), InputError);
}

}  // namespace
}  // namespace rwwce::harness
