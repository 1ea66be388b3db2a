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

Dataset all_examples(const LabelledData& data, const std::string& name) {
  Dataset ds;
  ds.name = name;
  ds.source = data.dense_source();
  ds.dim = data.dim();
  ds.sparse = data.sparse();
  ds.num_classes = data.num_classes;
  ds.rows.resize(data.size());
  for (std::size_t i = 0; i < ds.rows.size(); ++i) ds.rows[i] = static_cast<std::uint32_t>(i);
  ds.labels = data.y;
  return ds;
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
