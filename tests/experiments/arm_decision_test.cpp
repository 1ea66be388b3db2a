// The thresholds binary decision rules pick (experiments/arm_decision.hpp).
#include "experiments/arm_decision.hpp"

#include <gtest/gtest.h>

#include <vector>

#include "core/input_error.hpp"

namespace rwwce::experiments {
namespace {

DecisionSpec decision(DecisionSpec::Kind kind, std::vector<double> grid = {}) {
  DecisionSpec d;
  d.kind = kind;
  if (!grid.empty()) {
    d.from = grid.front();
    d.to = grid.back();
    d.count = grid.size();
  }
  return d;
}

CostSpec payoff(double tp, double fp, double tn, double fn) {
  CostSpec c;
  c.kind = CostSpec::Kind::payoff;
  c.payoff = {tp, fp, tn, fn};
  return c;
}

TEST(BinaryThreshold, MinCostWithAPayoffMinimisesRegretOfMissesAndFalseAlarms) {
  // Scores 0.125 0.25 0.375 0.5 0.875 (exact in float) with labels 0 1 0 0 1; payoff tp=10,
  // fp=-1, tn=0, fn=0: a miss loses 10, a false alarm 1. On linspace(0.05, 0.5, 10) = 0.05,
  // 0.1, ..., 0.5: thresholds 0.05 and 0.1 make 3 false alarms; 0.15 and 0.2 catch both
  // positives with 2 (cost 2); from 0.25 on the positive at 0.25 is missed (10+). The first
  // minimum, linspace's 0.15000000000000002, wins.
  const std::vector<float> scores = {0.125f, 0.25f, 0.375f, 0.5f, 0.875f};
  const std::vector<std::uint8_t> labels = {0, 1, 0, 0, 1};
  const auto d = decision(DecisionSpec::Kind::min_cost,
                          {0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5});
  EXPECT_NEAR(binary_threshold(d, payoff(10, -1, 0, 0), scores.data(), labels.data(), 5), 0.15,
              1e-15);
  // False alarms costing 5 and a hit worth 1: the best decision drops every false alarm and
  // misses the positive at 0.25 (cost 1): only thresholds >= 0.5 do, the grid's last point.
  EXPECT_NEAR(binary_threshold(d, payoff(1, -5, 0, 0), scores.data(), labels.data(), 5), 0.5,
              1e-15);
  // Error costs: the same as the first payoff with w_fn = 10, w_fp = 1.
  CostSpec errors;
  errors.kind = CostSpec::Kind::error_costs;
  errors.w_fn = 10;
  errors.w_fp = 1;
  EXPECT_NEAR(binary_threshold(d, errors, scores.data(), labels.data(), 5), 0.15, 1e-15);
  EXPECT_THROW(binary_threshold(d, payoff(0, 0, 0, 1), scores.data(), labels.data(), 5),
               InputError);  // a miss worth more than a hit
}

TEST(BinaryThreshold, ElkanFromErrorCostsOrAPayoff) {
  CostSpec errors;
  errors.kind = CostSpec::Kind::error_costs;
  errors.w_fn = 2000;
  errors.w_fp = 100;
  const auto elkan = decision(DecisionSpec::Kind::elkan);
  EXPECT_EQ(binary_threshold(elkan, errors, nullptr, nullptr, 0), 100.0 / 2100.0);
  // The statistics question's payoff: TP +10, FP -1: p* = 1 / 11.
  EXPECT_NEAR(binary_threshold(elkan, payoff(10, -1, 0, 0), nullptr, nullptr, 0), 1.0 / 11.0,
              1e-15);
  CostSpec none;
  EXPECT_THROW(binary_threshold(elkan, none, nullptr, nullptr, 0), InputError);
  EXPECT_THROW(binary_threshold(decision(DecisionSpec::Kind::argmax), errors, nullptr, nullptr, 0),
               InputError);
}

TEST(BinaryThreshold, MaxF1TakesTheFirstMaximum) {
  // F1 is 1 at any threshold in [0.4, 0.8); the first grid point there is 0.4.
  const std::vector<float> scores = {0.1f, 0.3f, 0.8f, 0.9f};
  const std::vector<std::uint8_t> labels = {0, 0, 1, 1};
  const auto d = decision(DecisionSpec::Kind::max_f1, {0.2, 0.4, 0.6});
  EXPECT_DOUBLE_EQ(binary_threshold(d, CostSpec{}, scores.data(), labels.data(), 4), 0.4);
}

}  // namespace
}  // namespace rwwce::experiments
