#pragma once
#include <cstddef>
#include <cstdint>
#include <vector>

namespace rwwce::harness {

// numpy.linspace(a, b, n) value for value: a + i * ((b - a) / (n - 1)), last point = b
// exactly; n = 1 gives {a}, n = 0 gives {}.
std::vector<double> linspace(double a, double b, std::size_t n);

struct ThresholdChoice {
  double threshold;  // the chosen grid point
  double score;      // F1 at it, or the total cost cost_fn * FN + cost_fp * FP
  bool defined;      // false when no grid point has a defined F1 (score is then NaN)
};

// Decisions are positive iff score > threshold (strict), as confusion_at; a NaN score is never
// positive. Both searches sort the scores once per class and count by binary search:
// O(n log n + grid * log n). Labels must be 0/1; an empty grid is an InputError.

// The grid point maximising F1 (as f1() in binary_metrics.hpp). The FIRST maximum in grid
// order wins; an undefined F1 never wins; if F1 is undefined at every point, grid[0] with
// defined = false.
ThresholdChoice best_f1_threshold(const float* scores, const std::uint8_t* labels, std::size_t n,
                                  const std::vector<double>& grid);

// The grid point minimising cost_fn * FN + cost_fp * FP (total, not per example). The FIRST
// minimum in grid order wins. Costs must be finite and >= 0 (InputError otherwise).
ThresholdChoice min_cost_threshold(const float* scores, const std::uint8_t* labels, std::size_t n,
                                   double cost_fn, double cost_fp, const std::vector<double>& grid);

}  // namespace rwwce::harness
