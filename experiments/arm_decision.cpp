#include "experiments/arm_decision.hpp"

#include "core/input_error.hpp"
#include "harness/metrics/payoff_matrix.hpp"
#include "harness/metrics/threshold_search.hpp"

namespace rwwce::experiments {

double binary_threshold(const DecisionSpec& d, const CostSpec& c, const float* scores,
                        const std::uint8_t* labels, std::size_t n) {
  const bool payoff = c.kind == CostSpec::Kind::payoff;
  if ((d.kind == DecisionSpec::Kind::elkan || d.kind == DecisionSpec::Kind::min_cost) &&
      !c.binary())
    throw InputError(std::string("decision ") + decision_kind_name(d.kind) +
                     " needs binary error costs or a payoff");
  switch (d.kind) {
    case DecisionSpec::Kind::threshold:
      return d.value;
    case DecisionSpec::Kind::max_f1:
      return harness::best_f1_threshold(scores, labels, n, harness::linspace(d.from, d.to, d.count))
          .threshold;
    case DecisionSpec::Kind::elkan:
      return payoff ? harness::elkan_threshold(c.payoff) : c.w_fp / (c.w_fp + c.w_fn);
    case DecisionSpec::Kind::min_cost: {
      const double cost_fn = payoff ? c.payoff.tp - c.payoff.fn : c.w_fn;
      const double cost_fp = payoff ? c.payoff.tn - c.payoff.fp : c.w_fp;
      return harness::min_cost_threshold(scores, labels, n, cost_fn, cost_fp,
                                         harness::linspace(d.from, d.to, d.count))
          .threshold;
    }
    default:
      break;
  }
  throw InputError(std::string("decision ") + decision_kind_name(d.kind) +
                   " is for multiclass tasks, not a threshold");
}

}  // namespace rwwce::experiments
