#include "harness/metrics/min_cost_decision.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <random>
#include <vector>

#include "core/input_error.hpp"
#include "harness/metrics/multiclass_metrics.hpp"

namespace rwwce::harness {
namespace {

TEST(MinCostDecision, ZeroOneCostIsArgmax) {
  std::mt19937 rng(7);
  std::uniform_real_distribution<float> u(0.0f, 1.0f);
  const std::size_t n = 500, k = 4;
  std::vector<float> probs(n * k);
  for (auto& p : probs) p = u(rng);
  std::vector<double> cost(k * k, 1.0);
  for (std::size_t i = 0; i < k; ++i) cost[i * k + i] = 0.0;
  // argmin_j sum_{i != j} p_i = argmax_j p_j up to rounding; random floats never tie closely
  // enough here to matter.
  EXPECT_EQ(min_expected_cost_decisions(probs.data(), n, k, cost),
            argmax_decisions(probs.data(), n, k));
}

TEST(MinCostDecision, HandComputedThreeClass) {
  // p = (0.5, 0.3, 0.2); C[true][pred]: missing class 2 costs 20.
  // expected costs: j=0: 0.3*1 + 0.2*20 = 4.3; j=1: 0.5*1 + 0.2*20 = 4.5; j=2: 0.5 + 0.3 = 0.8
  const std::vector<float> p{0.5f, 0.3f, 0.2f};
  const std::vector<double> cost{0, 1, 1, 1, 0, 1, 20, 20, 0};
  EXPECT_EQ(min_expected_cost_decisions(p.data(), 1, 3, cost), std::vector<std::uint8_t>{2});
}

TEST(MinCostDecision, FirstMinimumWinsOnTies) {
  // p = (0.5, 0.5) with symmetric costs: both expected costs 0.5; class 0 wins.
  const std::vector<float> p{0.5f, 0.5f};
  EXPECT_EQ(min_expected_cost_decisions(p.data(), 1, 2, {0, 1, 1, 0}),
            std::vector<std::uint8_t>{0});
}

TEST(MinCostDecision, BinaryAgreesWithElkanThreshold) {
  // Elkan (2001): with C_TP = C_TN = 0 predict positive iff p > p* = C_FP / (C_FP + C_FN).
  std::mt19937 rng(11);
  std::uniform_real_distribution<double> u(0.0, 1.0);
  const std::vector<std::pair<double, double>> costs{
      {2000, 100}, {5, 1}, {200, 1}, {1, 19}, {1, 1}};
  for (const auto& [c_fn, c_fp] : costs) {
    const double p_star = c_fp / (c_fp + c_fn);
    // cost[true * 2 + pred]: true 1 predicted 0 is a FN, true 0 predicted 1 a FP.
    const std::vector<double> cost{0.0, c_fp, c_fn, 0.0};
    std::vector<float> probs;
    std::vector<std::uint8_t> expected;
    for (int i = 0; i < 2000; ++i) {
      // Mostly around p*, kept away from it by more than float rounding of (1-p, p).
      const double p = i % 2 ? u(rng) : p_star + (u(rng) - 0.5) * 4 * p_star;
      if (p < 0.0 || p > 1.0 || std::fabs(p - p_star) < 1e-5) continue;
      const float p1 = static_cast<float>(p);
      probs.push_back(1.0f - p1);
      probs.push_back(p1);
      expected.push_back(static_cast<double>(p1) > p_star ? 1 : 0);
    }
    EXPECT_EQ(min_expected_cost_decisions(probs.data(), expected.size(), 2, cost), expected)
        << "C_FN " << c_fn << " C_FP " << c_fp;
  }
}

TEST(MinCostDecision, RejectsWronglySizedCostMatrix) {
  const std::vector<float> p{0.5f, 0.5f};
  EXPECT_THROW(min_expected_cost_decisions(p.data(), 1, 2, {0, 1, 1}), InputError);
  EXPECT_THROW(min_expected_cost_decisions(p.data(), 1, 0, {}), InputError);
}

}  // namespace
}  // namespace rwwce::harness
