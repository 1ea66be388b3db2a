#pragma once
#include <cstdint>

#include "harness/metrics/payoff_matrix.hpp"

namespace rwwce::harness {

// The mean value per case of a confusion matrix under a payoff:
//   (TN*v_tn + FP*v_fp + TP*v_tp + FN*v_fn) / n * scale,   n = tp + fp + fn + tn.
// `scale` converts units, e.g. 100000 dollars per QALY in the AWS study. Throws InputError on a
// negative count or n == 0.
double expected_value(std::int64_t tp, std::int64_t fp, std::int64_t fn, std::int64_t tn,
                      const Payoff& payoff, double scale = 1.0);

}  // namespace rwwce::harness
