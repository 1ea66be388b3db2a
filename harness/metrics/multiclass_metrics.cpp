#include "harness/metrics/multiclass_metrics.hpp"

#include <cmath>
#include <limits>
#include <string>

#include "core/input_error.hpp"

namespace rwwce::harness {

std::vector<std::uint8_t> argmax_decisions(const float* probs, std::size_t n, std::size_t k) {
  if (k == 0 || k > 256) {
    throw InputError("argmax_decisions: expected 1 to 256 classes, found k = " + std::to_string(k));
  }
  std::vector<std::uint8_t> out(n);
  for (std::size_t i = 0; i < n; ++i) {
    const float* row = probs + i * k;
    std::size_t best = 0;
    if (!std::isnan(row[0])) {
      for (std::size_t j = 1; j < k; ++j) {
        if (std::isnan(row[j])) {
          best = j;
          break;
        }
        if (row[j] > row[best]) best = j;
      }
    }
    out[i] = static_cast<std::uint8_t>(best);
  }
  return out;
}

std::vector<std::int64_t> confusion_matrix(const std::uint8_t* labels,
                                           const std::uint8_t* predictions, std::size_t n,
                                           std::size_t k) {
  std::vector<std::int64_t> m(k * k, 0);
  for (std::size_t i = 0; i < n; ++i) {
    if (labels[i] >= k || predictions[i] >= k) {
      throw InputError("confusion_matrix: expected labels and predictions in 0.." +
                       std::to_string(k) + "-1, found label " + std::to_string(labels[i]) +
                       " and prediction " + std::to_string(predictions[i]) + " at index " +
                       std::to_string(i));
    }
    ++m[static_cast<std::size_t>(labels[i]) * k + predictions[i]];
  }
  return m;
}

double top1_error(const std::vector<std::int64_t>& confusion, std::size_t k) {
  if (confusion.size() != k * k) {
    throw InputError("top1_error: expected a " + std::to_string(k) + " x " + std::to_string(k) +
                     " confusion matrix (" + std::to_string(k * k) + " entries), found " +
                     std::to_string(confusion.size()) + " entries");
  }
  std::int64_t total = 0, correct = 0;
  for (std::size_t i = 0; i < k; ++i) {
    for (std::size_t j = 0; j < k; ++j) total += confusion[i * k + j];
    correct += confusion[i * k + i];
  }
  if (total == 0) return std::numeric_limits<double>::quiet_NaN();
  return static_cast<double>(total - correct) / static_cast<double>(total);
}

}  // namespace rwwce::harness
