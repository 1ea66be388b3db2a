#pragma once
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "harness/metrics/payoff_matrix.hpp"

namespace rwwce::harness {

// The decisions at one threshold: positive iff score > threshold (strict).
struct SweepRow {
  double threshold = 0.0;
  std::int64_t tp = 0, fp = 0, fn = 0, tn = 0;
  std::optional<double> precision;  // tp / (tp + fp); empty when nothing is predicted positive
  double recall = 0.0;              // tp / (tp + fn)
  std::optional<double> f1;         // 2pr / (p + r); empty when precision is (the paper's NaN
                                    // F1), 0 when p = r = 0
  double expected_value = 0.0;      // harness/expected_value.hpp, times `scale`
};

// The default grid: 0.00, 0.01, ..., 1.00 (101 points, each computed as i / 100.0).
std::vector<double> default_threshold_grid();

// Confusion counts, precision, recall, F1 and expected value at every threshold of `grid`, in
// grid order. `scores` and `labels` (0 or 1) hold n cases; scores must not be NaN and at least
// one label must be 1 (else recall is undefined). Sorts once: O(n log n + grid.size() log n).
// Throws InputError on bad input.
std::vector<SweepRow> threshold_sweep(const float* scores, const std::uint8_t* labels,
                                      std::size_t n, const Payoff& payoff,
                                      const std::vector<double>& grid = default_threshold_grid(),
                                      double scale = 1.0);

// CSV with header `model,threshold,tp,fp,fn,tn,precision,recall,f1,expected_value`, one line per
// (model, row) in the given order, '\n' line ends. Real numbers are printed with fmt "{:.6g}"
// (6 significant digits, shortest of fixed/exponent, e.g. 0.5, 0.916667, -0.196583, 1e-07);
// an undefined precision or F1 is an empty field. Model names containing a comma, quote or
// newline are quoted RFC 4180 style.
std::string thresholds_csv(
    const std::vector<std::pair<std::string, std::vector<SweepRow>>>& models);

}  // namespace rwwce::harness
