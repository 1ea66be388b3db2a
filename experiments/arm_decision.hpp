#pragma once
// How an arm turns a binary model's scores into decisions: the threshold its decision rule
// picks (positive iff score > threshold).
#include <cstddef>
#include <cstdint>

#include "experiments/study.hpp"

namespace rwwce::experiments {

// threshold: its value; max_f1: the grid point maximising F1 on (scores, labels), the first
// maximum winning; elkan: p* = w_fp / (w_fp + w_fn) for error costs, or from the payoff's four
// values; min_cost: the grid point minimising the cost of FN and FP on (scores, labels): w_fn
// and w_fp, or a payoff's regrets (a missed positive loses v_tp - v_fn, a false alarm
// v_tn - v_fp), which maximises the expected value. `scores` and `labels` are the split the
// decision tunes on (validation or test); unused by threshold and elkan. InputError for a
// multiclass decision, or costs the rule needs but the study lacks.
double binary_threshold(const DecisionSpec& decision, const CostSpec& costs, const float* scores,
                        const std::uint8_t* labels, std::size_t n);

}  // namespace rwwce::experiments
