#pragma once
#include <cstddef>
#include <cstdint>

#include "harness/metrics/payoff_matrix.hpp"
#include "harness/run/record.hpp"

namespace rwwce::harness {

// Error costs of a binary decision; Real World Cost = (w_fn*FN + w_fp*FP) / n (the paper's
// definition, dollars per example).
struct BinaryCosts {
  double w_fn = 2000;
  double w_fp = 100;
};

// Which cost metric a binary run reports, if any.
struct BinaryCostMetric {
  enum class Kind { none, rwc, expected_value };
  Kind kind = Kind::none;
  BinaryCosts costs;  // rwc: (w_fn FN + w_fp FP) / n
  Payoff payoff;      // expected_value: harness/metrics/expected_value.hpp, times `scale`
  double scale = 1.0;
};

// Adds the per-run metrics of one binary decision rule on the test split to `record`:
// threshold, tp, fp, fn, tn, n_test, positives_test, negatives_test, precision (Undefined when
// nothing is predicted positive), recall, f1, top1_error = (FN+FP)/n_test, paper_error =
// (FN+FP)/N_negatives (what the paper's code calls top-1 error), then the cost metric (rwc or
// expected_value; none without costs), auc, accuracy = (TP+TN)/n_test.
// Positive iff score > threshold (strict).
void add_binary_metrics(Record& record, const float* scores, const std::uint8_t* labels,
                        std::size_t n, double threshold, const BinaryCostMetric& cost, double auc);

// The same with error costs (the cost metric rwc).
inline void add_binary_metrics(Record& record, const float* scores, const std::uint8_t* labels,
                               std::size_t n, double threshold, const BinaryCosts& costs,
                               double auc) {
  BinaryCostMetric m;
  m.kind = BinaryCostMetric::Kind::rwc;
  m.costs = costs;
  add_binary_metrics(record, scores, labels, n, threshold, m, auc);
}

}  // namespace rwwce::harness
