#pragma once
#include <cstddef>
#include <cstdint>
#include <vector>

namespace rwwce::harness {

// Bayes decisions under a cost matrix: for each row p of probs (n, k) row-major, the class
// j minimising the expected cost sum_i p_i * cost[i * k + j], where cost[i * k + j] is the
// cost of TRUE class i PREDICTED as j (k, k) row-major. The FIRST minimum wins (so for k = 2
// an exact tie predicts 0, matching the strict "positive iff p > p*" rule). A NaN expected
// cost never wins unless every class's is NaN (then 0).
// cost.size() != k * k, k = 0 or k > 256 is an InputError.
std::vector<std::uint8_t> min_expected_cost_decisions(const float* probs, std::size_t n,
                                                      std::size_t k,
                                                      const std::vector<double>& cost);

}  // namespace rwwce::harness
