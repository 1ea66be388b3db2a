#include "harness/stats/minimal_detectable_change.hpp"

#include <gtest/gtest.h>

#include <boost/math/distributions/non_central_t.hpp>
#include <boost/math/distributions/students_t.hpp>
#include <cmath>

#include "core/input_error.hpp"

namespace rwwce::harness {
namespace {

// With sd = sqrt(n) the change equals lambda* itself.
double lambda_star(std::size_t n, double alpha, TestSides sides) {
  return minimal_detectable_change(n, std::sqrt(static_cast<double>(n)), alpha, 0.8, sides);
}

TEST(MinimalDetectableChange, NoncentralityMatchesMpmathAndScipy) {
  // tests/harness/stats/reference/minimal_detectable_change.py: (df, alpha, sides) -> lam_sp
  // (scipy 1.10.1 brentq on nct.sf), lam_mp (mpmath, 30 digits). Tolerance 1e-11 relative
  // against mpmath (the solver stops at ~1e-13), 2e-9 relative against scipy (its t.isf).
  struct Case {
    std::size_t n;
    double alpha;
    TestSides sides;
    double mp, sp;
  };
  const Case cases[] = {
      {10, 0.05, TestSides::one_sided, 2.6969090127055459926, 2.6969090127028172},
      {10, 0.05, TestSides::two_sided, 3.1496328864506178758, 3.1496328863898526},
      {5, 0.01, TestSides::one_sided, 4.8753714876772678153, 4.875371487679524},
      {100, 0.01, TestSides::two_sided, 3.475879364913372974, 3.4758793640102073},
      {2, 0.05, TestSides::one_sided, 8.1922584336835154261, 8.192258433842866},
      {6, 0.01, TestSides::two_sided, 5.1668275506173891922, 5.166827550620045},
  };
  for (const Case& c : cases) {
    const double lambda = lambda_star(c.n, c.alpha, c.sides);
    EXPECT_NEAR(lambda, c.mp, 1e-11 * c.mp) << "n " << c.n << " alpha " << c.alpha;
    EXPECT_NEAR(lambda, c.sp, 2e-9 * c.sp) << "n " << c.n << " alpha " << c.alpha;
  }
}

TEST(MinimalDetectableChange, HasThePowerItClaims) {
  // At the returned change the one-sided test's power is 0.8 (Boost's own non_central_t).
  const double change = minimal_detectable_change(12, 0.3, 0.05, 0.8, TestSides::one_sided);
  const double lambda = change / (0.3 / std::sqrt(12.0));
  const double c =
      boost::math::quantile(boost::math::complement(boost::math::students_t(11.0), 0.05));
  EXPECT_NEAR(
      boost::math::cdf(boost::math::complement(boost::math::non_central_t(11.0, lambda), c)), 0.8,
      1e-12);
  // Scales with sd / sqrt(n), grows with stricter alpha and with power.
  EXPECT_NEAR(minimal_detectable_change(12, 0.6, 0.05, 0.8, TestSides::one_sided), 2 * change,
              1e-12);
  EXPECT_GT(minimal_detectable_change(12, 0.3, 0.01, 0.8, TestSides::one_sided), change);
  EXPECT_GT(minimal_detectable_change(12, 0.3, 0.05, 0.9, TestSides::one_sided), change);
  EXPECT_GT(minimal_detectable_change(12, 0.3, 0.05, 0.8, TestSides::two_sided), change);
}

TEST(MinimalDetectableChange, EdgeCases) {
  EXPECT_TRUE(std::isnan(minimal_detectable_change(1, 1.0, 0.05, 0.8, TestSides::one_sided)));
  EXPECT_TRUE(std::isnan(minimal_detectable_change(5, NAN, 0.05, 0.8, TestSides::one_sided)));
  EXPECT_EQ(minimal_detectable_change(5, 0.0, 0.05, 0.8, TestSides::two_sided), 0.0);
  EXPECT_THROW(minimal_detectable_change(5, 1.0, 0.0, 0.8, TestSides::one_sided), InputError);
  EXPECT_THROW(minimal_detectable_change(5, 1.0, 0.5, 0.4, TestSides::one_sided), InputError);
  EXPECT_THROW(minimal_detectable_change(5, -1.0, 0.05, 0.8, TestSides::one_sided), InputError);
}

}  // namespace
}  // namespace rwwce::harness
