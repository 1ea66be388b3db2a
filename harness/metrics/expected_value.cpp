#include "harness/metrics/expected_value.hpp"

#include <fmt/core.h>

#include "core/input_error.hpp"

namespace rwwce::harness {

double expected_value(std::int64_t tp, std::int64_t fp, std::int64_t fn, std::int64_t tn,
                      const Payoff& payoff, double scale) {
  if (tp < 0 || fp < 0 || fn < 0 || tn < 0 || tp + fp + fn + tn == 0) {
    throw InputError(fmt::format(
        "expected value of an empty or invalid confusion matrix: expected non-negative counts "
        "with at least one case, found tp={} fp={} fn={} tn={}",
        tp, fp, fn, tn));
  }
  const double n = static_cast<double>(tp + fp + fn + tn);
  // Summed in the blog's order (TN, FP, TP, FN) so the published cents are reproduced as is.
  const double total = static_cast<double>(tn) * payoff.tn + static_cast<double>(fp) * payoff.fp +
                       static_cast<double>(tp) * payoff.tp + static_cast<double>(fn) * payoff.fn;
  return total / n * scale;
}

}  // namespace rwwce::harness
