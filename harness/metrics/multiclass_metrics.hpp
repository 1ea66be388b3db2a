#pragma once
#include <cstddef>
#include <cstdint>
#include <vector>

namespace rwwce::harness {

// Row-wise argmax of probs (n, k) row-major, = numpy.argmax(probs, axis=1): the FIRST maximum
// wins, and (as numpy) a NaN counts as the maximum, so the first NaN of a row wins.
// k must be in 1..256 (labels are uint8): InputError otherwise.
std::vector<std::uint8_t> argmax_decisions(const float* probs, std::size_t n, std::size_t k);

// (k, k) row-major counts, [true][predicted] (= sklearn.metrics.confusion_matrix with
// labels = 0..k-1). A label or prediction >= k is an InputError.
std::vector<std::int64_t> confusion_matrix(const std::uint8_t* labels,
                                           const std::uint8_t* predictions, std::size_t n,
                                           std::size_t k);

// Top-1 error = off-diagonal total / total of a (k, k) confusion matrix; NaN when the matrix
// counts nothing. A matrix whose size is not k * k is an InputError.
double top1_error(const std::vector<std::int64_t>& confusion, std::size_t k);

}  // namespace rwwce::harness
