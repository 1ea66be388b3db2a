#pragma once
#include <cstddef>
#include <cstdint>

#include "harness/run/record.hpp"

namespace rwwce::harness {

// Error costs of a binary decision; Real World Cost = (w_fn*FN + w_fp*FP) / n (the paper's
// definition, dollars per example).
struct BinaryCosts {
  double w_fn = 2000;
  double w_fp = 100;
};

// Adds the per-run metrics of one binary decision rule on the test split to `record`:
// threshold, tp, fp, fn, tn, n_test, positives_test, negatives_test, precision (Undefined when
// nothing is predicted positive), recall, f1, top1_error = (FN+FP)/n_test, paper_error =
// (FN+FP)/N_negatives (what the paper's code calls top-1 error), rwc, auc.
// Positive iff score > threshold (strict).
void add_binary_metrics(Record& record, const float* scores, const std::uint8_t* labels,
                        std::size_t n, double threshold, const BinaryCosts& costs, double auc);

}  // namespace rwwce::harness
