#include "harness/metrics/threshold_search.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <limits>
#include <random>
#include <vector>

#include "core/input_error.hpp"
#include "harness/metrics/binary_metrics.hpp"

namespace rwwce::harness {
namespace {

TEST(ThresholdSearch, LinspaceMatchesNumpyBitForBit) {
  // numpy.linspace(0.01, 0.99, 100)[[0,1,2,33,50,97,98,99]] (numpy 1.24.2), repr:
  const std::vector<double> g = linspace(0.01, 0.99, 100);
  ASSERT_EQ(g.size(), 100u);
  EXPECT_EQ(g[0], 0.01);
  EXPECT_EQ(g[1], 0.0198989898989899);
  EXPECT_EQ(g[2], 0.029797979797979796);
  EXPECT_EQ(g[33], 0.33666666666666667);
  EXPECT_EQ(g[50], 0.5049494949494949);
  EXPECT_EQ(g[97], 0.9702020202020202);
  EXPECT_EQ(g[98], 0.98010101010101);
  EXPECT_EQ(g[99], 0.99);
  // numpy.linspace(0.0, 1.0, 7) -> 0.0, 0.16666666666666666, 0.3333333333333333, 0.5,
  //   0.6666666666666666, 0.8333333333333333, 1.0
  const std::vector<double> expected{0.0, 0.16666666666666666, 0.3333333333333333,
                                     0.5, 0.6666666666666666,  0.8333333333333333,
                                     1.0};
  EXPECT_EQ(linspace(0.0, 1.0, 7), expected);
  EXPECT_EQ(linspace(2.0, 3.0, 1), std::vector<double>{2.0});
  EXPECT_TRUE(linspace(2.0, 3.0, 0).empty());
}

// labels [1,0,1,0], scores [0.9,0.8,0.6,0.1]; sklearn.metrics.f1_score(y, s > t) for
// t = 0.95, 0.85, 0.7, 0.5, 0.05 -> 0.0 (undefined here), 2/3, 0.5, 0.8, 2/3 (sklearn 1.2.1)
const std::vector<std::uint8_t> kY{1, 0, 1, 0};
const std::vector<float> kS{0.9f, 0.8f, 0.6f, 0.1f};

TEST(ThresholdSearch, BestF1FirstMaximumWinsInGridOrder) {
  const ThresholdChoice a = best_f1_threshold(kS.data(), kY.data(), 4, {0.95, 0.85, 0.05});
  EXPECT_TRUE(a.defined);
  EXPECT_EQ(a.threshold, 0.85);
  EXPECT_NEAR(a.score, 2.0 / 3.0, 1e-15);
  const ThresholdChoice b = best_f1_threshold(kS.data(), kY.data(), 4, {0.95, 0.05, 0.85});
  EXPECT_EQ(b.threshold, 0.05);
  const ThresholdChoice c = best_f1_threshold(kS.data(), kY.data(), 4, {0.85, 0.7, 0.5, 0.05});
  EXPECT_EQ(c.threshold, 0.5);
  EXPECT_NEAR(c.score, 0.8, 1e-15);
}

TEST(ThresholdSearch, UndefinedF1NeverWins) {
  // At 0.95 nothing is predicted positive: F1 undefined (sklearn would say 0).
  const ThresholdChoice a = best_f1_threshold(kS.data(), kY.data(), 4, {0.95, 0.99});
  EXPECT_FALSE(a.defined);
  EXPECT_EQ(a.threshold, 0.95);
  EXPECT_TRUE(std::isnan(a.score));
  // F1 = 0 (tp = 0, fp > 0) is defined and beats undefined.
  const std::vector<std::uint8_t> y{1, 0};
  const std::vector<float> s{0.1f, 0.9f};
  const ThresholdChoice z = best_f1_threshold(s.data(), y.data(), 2, {0.95, 0.5});
  EXPECT_TRUE(z.defined);
  EXPECT_EQ(z.threshold, 0.5);
  EXPECT_EQ(z.score, 0.0);
}

TEST(ThresholdSearch, MinCostFirstMinimumWins) {
  // cost_fn = 2, cost_fp = 1: t=0.85 -> FN 1 FP 0 = 2; t=0.7 -> FN 1 FP 1 = 3;
  // t=0.5 -> FN 0 FP 1 = 1; t=0.05 -> FN 0 FP 2 = 2; t=0.95 -> FN 2 = 4.
  const ThresholdChoice a =
      min_cost_threshold(kS.data(), kY.data(), 4, 2.0, 1.0, {0.95, 0.85, 0.7, 0.05, 0.5});
  EXPECT_EQ(a.threshold, 0.5);
  EXPECT_EQ(a.score, 1.0);
  const ThresholdChoice tie =
      min_cost_threshold(kS.data(), kY.data(), 4, 2.0, 1.0, {0.95, 0.05, 0.85});
  EXPECT_EQ(tie.threshold, 0.05);
  EXPECT_EQ(tie.score, 2.0);
}

TEST(ThresholdSearch, RejectsEmptyGridAndBadCosts) {
  EXPECT_THROW(best_f1_threshold(kS.data(), kY.data(), 4, {}), InputError);
  EXPECT_THROW(min_cost_threshold(kS.data(), kY.data(), 4, 1.0, 1.0, {}), InputError);
  EXPECT_THROW(min_cost_threshold(kS.data(), kY.data(), 4, -1.0, 1.0, {0.5}), InputError);
}

// Naive O(n * grid) references built on confusion_at.
ThresholdChoice naive_f1(const std::vector<float>& s, const std::vector<std::uint8_t>& y,
                         const std::vector<double>& grid) {
  ThresholdChoice best{grid[0], std::numeric_limits<double>::quiet_NaN(), false};
  for (double t : grid) {
    const auto f = f1(confusion_at(s.data(), y.data(), s.size(), t));
    if (f && (!best.defined || *f > best.score)) best = {t, *f, true};
  }
  return best;
}

ThresholdChoice naive_cost(const std::vector<float>& s, const std::vector<std::uint8_t>& y,
                           double cfn, double cfp, const std::vector<double>& grid) {
  ThresholdChoice best{grid[0], std::numeric_limits<double>::infinity(), true};
  for (double t : grid) {
    const Confusion c = confusion_at(s.data(), y.data(), s.size(), t);
    const double cost = cfn * c.fn + cfp * c.fp;
    if (cost < best.score) best = {t, cost, true};
  }
  return best;
}

TEST(ThresholdSearch, AgreesWithNaiveSearchOnRandomDataIncludingScoresOnGridPoints) {
  std::mt19937 rng(20240611);
  std::uniform_real_distribution<float> u(0.0f, 1.0f);
  for (int trial = 0; trial < 200; ++trial) {
    const std::size_t n = 1 + rng() % 300;
    // Coarse grids make many ties; scores are snapped onto grid points (as float) half the
    // time, so the strict > matters.
    const std::size_t g = 1 + rng() % 25;
    const std::vector<double> grid = linspace(0.0, 1.0, g);
    std::vector<float> s(n);
    std::vector<std::uint8_t> y(n);
    const double p_pos = (trial % 10) / 10.0;  // includes a class-free case (0.0)
    for (std::size_t i = 0; i < n; ++i) {
      y[i] = u(rng) < p_pos ? 1 : 0;
      s[i] = (rng() % 2) ? static_cast<float>(grid[rng() % g]) : u(rng);
      if (trial % 7 == 0 && i % 13 == 0) s[i] = NAN;  // never positive
    }
    // Grid points that are exactly float scores, so score == threshold really occurs.
    std::vector<double> grid2 = grid;
    for (std::size_t k = 0; k < 5 && k < n; ++k) {
      if (!std::isnan(s[k])) grid2.push_back(static_cast<double>(s[k]));
    }

    const ThresholdChoice fast = best_f1_threshold(s.data(), y.data(), n, grid2);
    const ThresholdChoice slow = naive_f1(s, y, grid2);
    EXPECT_EQ(fast.defined, slow.defined) << trial;
    EXPECT_EQ(fast.threshold, slow.threshold) << trial;
    if (slow.defined) {
      EXPECT_NEAR(fast.score, slow.score, 0.0) << trial;
    }

    const double cfn = 1.0 + rng() % 20, cfp = 1.0 + rng() % 5;
    const ThresholdChoice fc = min_cost_threshold(s.data(), y.data(), n, cfn, cfp, grid2);
    const ThresholdChoice sc = naive_cost(s, y, cfn, cfp, grid2);
    EXPECT_EQ(fc.threshold, sc.threshold) << trial;
    EXPECT_NEAR(fc.score, sc.score, 0.0) << trial;
  }
}

}  // namespace
}  // namespace rwwce::harness
