#include "datasets/dataset.hpp"

#include <fmt/core.h>

#include <stdexcept>

namespace rwwce::datasets {

Examples Dataset::subset(const std::vector<std::uint32_t>& positions) const {
  Examples out;
  out.source = source;
  out.dim = dim;
  out.sparse = sparse;
  out.rows.reserve(positions.size());
  out.labels.reserve(positions.size());
  for (const std::uint32_t pos : positions) {
    if (pos >= rows.size()) {
      throw std::out_of_range(
          fmt::format("dataset {}: position {} out of range (size {})", name, pos, rows.size()));
    }
    out.rows.push_back(rows[pos]);
    out.labels.push_back(labels[pos]);
  }
  return out;
}

std::vector<std::size_t> class_counts(const Examples& examples, int num_classes) {
  std::vector<std::size_t> counts(static_cast<std::size_t>(num_classes), 0);
  for (const std::uint8_t label : examples.labels) {
    if (label >= counts.size()) {
      throw std::out_of_range(fmt::format("label {} >= num_classes {}", label, num_classes));
    }
    ++counts[label];
  }
  return counts;
}

}  // namespace rwwce::datasets
