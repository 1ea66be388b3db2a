#include "harness/metrics/threshold_search.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>

#include "core/input_error.hpp"
#include "harness/metrics/binary_metrics.hpp"

namespace rwwce::harness {
namespace {

// Scores of each class sorted ascending (NaN scores left out: they are never positive), so
// that the count of scores > t is size - upper_bound(t).
class SortedByClass {
 public:
  SortedByClass(const float* scores, const std::uint8_t* labels, std::size_t n) {
    for (std::size_t i = 0; i < n; ++i) {
      labels[i] ? ++n_pos_ : ++n_neg_;
      if (std::isnan(scores[i])) continue;
      (labels[i] ? pos_ : neg_).push_back(static_cast<double>(scores[i]));
    }
    std::sort(pos_.begin(), pos_.end());
    std::sort(neg_.begin(), neg_.end());
  }

  Confusion at(double threshold) const {
    const auto above = [threshold](const std::vector<double>& v) {
      return static_cast<std::int64_t>(v.end() - std::upper_bound(v.begin(), v.end(), threshold));
    };
    const std::int64_t tp = above(pos_), fp = above(neg_);
    return {tp, fp, n_pos_ - tp, n_neg_ - fp};
  }

 private:
  std::vector<double> pos_, neg_;
  std::int64_t n_pos_ = 0, n_neg_ = 0;
};

void require_grid(const std::vector<double>& grid, const char* who) {
  if (grid.empty()) {
    throw InputError(std::string(who) +
                     ": expected a non-empty threshold grid, found an empty "
                     "one; pass e.g. linspace(0.01, 0.99, 100)");
  }
}

}  // namespace

std::vector<double> linspace(double a, double b, std::size_t n) {
  std::vector<double> y(n);
  if (n == 0) return y;
  if (n == 1) {
    y[0] = 0.0 * (b - a) + a;  // numpy: arange(1) * delta + start
    return y;
  }
  const double div = static_cast<double>(n - 1);
  const double delta = b - a;
  const double step = delta / div;
  for (std::size_t i = 0; i < n; ++i) {
    const double x = static_cast<double>(i);
    // numpy's special case for a step that underflows to 0 (gh-5437).
    y[i] = (step == 0.0 ? (x / div) * delta : x * step) + a;
  }
  y[n - 1] = b;
  return y;
}

ThresholdChoice best_f1_threshold(const float* scores, const std::uint8_t* labels, std::size_t n,
                                  const std::vector<double>& grid) {
  require_grid(grid, "best_f1_threshold");
  require_binary_labels(labels, n, "best_f1_threshold");
  const SortedByClass sorted(scores, labels, n);
  ThresholdChoice best{grid[0], std::numeric_limits<double>::quiet_NaN(), false};
  for (const double t : grid) {
    const std::optional<double> f = f1(sorted.at(t));
    if (f && (!best.defined || *f > best.score)) best = {t, *f, true};
  }
  return best;
}

ThresholdChoice min_cost_threshold(const float* scores, const std::uint8_t* labels, std::size_t n,
                                   double cost_fn, double cost_fp,
                                   const std::vector<double>& grid) {
  require_grid(grid, "min_cost_threshold");
  if (!(std::isfinite(cost_fn) && std::isfinite(cost_fp) && cost_fn >= 0 && cost_fp >= 0)) {
    throw InputError("min_cost_threshold: expected finite costs >= 0, found cost_fn = " +
                     std::to_string(cost_fn) + ", cost_fp = " + std::to_string(cost_fp));
  }
  require_binary_labels(labels, n, "min_cost_threshold");
  const SortedByClass sorted(scores, labels, n);
  ThresholdChoice best{grid[0], std::numeric_limits<double>::infinity(), true};
  for (std::size_t g = 0; g < grid.size(); ++g) {
    const Confusion c = sorted.at(grid[g]);
    const double cost = cost_fn * static_cast<double>(c.fn) + cost_fp * static_cast<double>(c.fp);
    if (g == 0 || cost < best.score) best = {grid[g], cost, true};
  }
  return best;
}

}  // namespace rwwce::harness
