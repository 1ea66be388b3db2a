#include "harness/metrics/min_cost_decision.hpp"

#include <cmath>
#include <string>

#include "core/input_error.hpp"

namespace rwwce::harness {

std::vector<std::uint8_t> min_expected_cost_decisions(const float* probs, std::size_t n,
                                                      std::size_t k,
                                                      const std::vector<double>& cost) {
  if (k == 0 || k > 256) {
    throw InputError("min_expected_cost_decisions: expected 1 to 256 classes, found k = " +
                     std::to_string(k));
  }
  if (cost.size() != k * k) {
    throw InputError("min_expected_cost_decisions: expected a " + std::to_string(k) + " x " +
                     std::to_string(k) + " cost matrix (" + std::to_string(k * k) +
                     " entries, cost[true * k + predicted]), found " + std::to_string(cost.size()) +
                     " entries");
  }
  std::vector<std::uint8_t> out(n);
  for (std::size_t r = 0; r < n; ++r) {
    const float* p = probs + r * k;
    std::size_t best = 0;
    double best_cost = 0.0;
    bool found = false;
    for (std::size_t j = 0; j < k; ++j) {
      double expected = 0.0;
      for (std::size_t i = 0; i < k; ++i) expected += static_cast<double>(p[i]) * cost[i * k + j];
      if (std::isnan(expected)) continue;
      if (!found || expected < best_cost) {
        best = j;
        best_cost = expected;
        found = true;
      }
    }
    out[r] = static_cast<std::uint8_t>(best);
  }
  return out;
}

}  // namespace rwwce::harness
