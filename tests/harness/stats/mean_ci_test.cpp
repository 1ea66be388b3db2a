#include "harness/stats/mean_ci.hpp"

#include <gtest/gtest.h>

#include <cmath>

namespace rwwce::harness {
namespace {

TEST(MeanCi95, MatchesScipyTInterval) {
  // scipy.stats.t.interval(0.95, 4, loc=10, scale=2/sqrt(5))
  //   -> (7.516672003592467, 12.483327996407533)
  const auto [lo, hi] = mean_ci95(10.0, 2.0, 5);
  EXPECT_NEAR(lo, 7.516672003592467, 1e-12);
  EXPECT_NEAR(hi, 12.483327996407533, 1e-12);
  EXPECT_TRUE(std::isnan(mean_ci95(1.0, 0.0, 1).first));
  EXPECT_TRUE(std::isnan(mean_ci95(NAN, 1.0, 5).second));
}

}  // namespace
}  // namespace rwwce::harness
