#include "harness/stats/holm.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "core/input_error.hpp"

namespace rwwce::harness {
namespace {

void expect_all_near(const std::vector<double>& actual, const std::vector<double>& expected) {
  ASSERT_EQ(actual.size(), expected.size());
  for (std::size_t i = 0; i < expected.size(); ++i) {
    EXPECT_NEAR(actual[i], expected[i], 1e-12) << "index " << i;
  }
}

TEST(Holm, MatchesStatsmodelsWithTiesAndMonotoneStepDown) {
  // statsmodels.stats.multitest.multipletests([0.01,0.04,0.03,0.005,0.5,0.04], method='holm')[1]
  //   -> [0.05, 0.12, 0.12, 0.03, 0.5, 0.12] (statsmodels 0.13.5)
  expect_all_near(holm_adjust({0.01, 0.04, 0.03, 0.005, 0.5, 0.04}),
                  {0.05, 0.12, 0.12, 0.03, 0.5, 0.12});
}

TEST(Holm, CapsAtOne) {
  // multipletests([0.2, 0.6, 0.3], method='holm')[1]
  //   -> [0.6000000000000001, 0.6000000000000001, 0.6000000000000001] (statsmodels 0.13.5)
  expect_all_near(holm_adjust({0.2, 0.6, 0.3}),
                  {0.6000000000000001, 0.6000000000000001, 0.6000000000000001});
  expect_all_near(holm_adjust({0.5, 0.9}), {1.0, 1.0});
}

TEST(Holm, NaNIsLeftNaNAndNotCounted) {
  // The non-NaN ones as multipletests([0.01, 0.04, 0.005], method='holm')[1]
  //   -> [0.02, 0.04, 0.015] (statsmodels 0.13.5)
  const std::vector<double> r = holm_adjust({0.01, NAN, 0.04, 0.005});
  ASSERT_EQ(r.size(), 4u);
  EXPECT_NEAR(r[0], 0.02, 1e-12);
  EXPECT_TRUE(std::isnan(r[1]));
  EXPECT_NEAR(r[2], 0.04, 1e-12);
  EXPECT_NEAR(r[3], 0.015, 1e-12);
  EXPECT_TRUE(holm_adjust({}).empty());
}

TEST(Holm, RejectsValuesOutsideUnitInterval) {
  EXPECT_THROW(holm_adjust({0.1, 1.5}), InputError);
  EXPECT_THROW(holm_adjust({-0.1}), InputError);
}

}  // namespace
}  // namespace rwwce::harness
