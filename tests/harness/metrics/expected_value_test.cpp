#include "harness/metrics/expected_value.hpp"

#include <gtest/gtest.h>

#include <cmath>

#include "core/input_error.hpp"

using rwwce::InputError;
using rwwce::harness::expected_value;
using rwwce::harness::Payoff;

namespace {
// AWS blog table (QALY relative to a true negative): TN 0, FP -0.0128767, TP -0.3528, FN -2.52.
const Payoff kAwsQaly{-0.3528, -0.0128767, 0.0, -2.52};
constexpr double kDollarsPerQaly = 100000.0;
double cents(double dollars) {
  return std::round(dollars * 100.0) / 100.0;
}
}  // namespace

// Published in seeds/aws-blog-unequal-error-costs.txt ("Expected Value": Builtin -$19,658.34,
// 5:1 -$18,160.83, Medical -$15,282.86) from the confusion matrices in docs/protocol.md, section
// 'The AWS study' (TN/FP/FN/TP). Exact to the cent after rounding; the unrounded tolerance is a
// sanity bound.
TEST(ExpectedValue, AwsBlogPublishedValuesToTheCent) {
  // tp, fp, fn, tn
  EXPECT_EQ(cents(expected_value(51, 3, 4, 85, kAwsQaly, kDollarsPerQaly)), -19658.34);
  EXPECT_EQ(cents(expected_value(52, 5, 3, 83, kAwsQaly, kDollarsPerQaly)), -18160.83);
  EXPECT_EQ(cents(expected_value(54, 22, 1, 66, kAwsQaly, kDollarsPerQaly)), -15282.86);
  // /usr/bin/python3: (3*-0.0128767 + 51*-0.3528 + 4*-2.52)/143*100000 = -19658.342727272728
  EXPECT_NEAR(expected_value(51, 3, 4, 85, kAwsQaly, kDollarsPerQaly), -19658.342727272728, 1e-8);
}

TEST(ExpectedValue, DefaultScaleIsPerCaseInPayoffUnits) {
  // Stats question payoff: (2*10 + 1*-1 + 3*0 + 4*0) / 10 = 1.9
  EXPECT_NEAR(expected_value(2, 1, 3, 4, Payoff{10, -1, 0, 0}), 1.9, 1e-15);
}

TEST(ExpectedValue, RejectsEmptyOrNegativeCounts) {
  EXPECT_THROW(expected_value(0, 0, 0, 0, kAwsQaly), InputError);
  EXPECT_THROW(expected_value(1, -1, 0, 5, kAwsQaly), InputError);
}
