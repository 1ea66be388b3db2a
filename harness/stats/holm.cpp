#include "harness/stats/holm.hpp"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <limits>
#include <string>

#include "core/input_error.hpp"

namespace rwwce::harness {

std::vector<double> holm_adjust(const std::vector<double>& p) {
  std::vector<double> adjusted(p.size(), std::numeric_limits<double>::quiet_NaN());
  std::vector<std::size_t> order;
  order.reserve(p.size());
  for (std::size_t i = 0; i < p.size(); ++i) {
    if (std::isnan(p[i])) continue;
    if (p[i] < 0.0 || p[i] > 1.0) {
      throw InputError(
          "holm_adjust: expected p-values in [0, 1] (or NaN for an undefined test), "
          "found p[" +
          std::to_string(i) + "] = " + std::to_string(p[i]));
    }
    order.push_back(i);
  }
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t i, std::size_t j) { return p[i] < p[j]; });
  const std::size_t m = order.size();
  double running_max = 0.0;
  for (std::size_t k = 0; k < m; ++k) {
    running_max = std::max(running_max, static_cast<double>(m - k) * p[order[k]]);
    adjusted[order[k]] = std::min(1.0, running_max);
  }
  return adjusted;
}

}  // namespace rwwce::harness
