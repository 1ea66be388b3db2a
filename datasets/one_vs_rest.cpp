#include "datasets/one_vs_rest.hpp"

#include <fmt/core.h>

#include "core/input_error.hpp"

namespace rwwce::datasets {

Dataset one_vs_rest_dataset(const LabelledData& data, int positive, std::size_t block_size,
                            std::size_t block, const std::string& name) {
  if (positive < 0 || positive >= data.num_classes)
    throw InputError(
        fmt::format("one-vs-rest dataset {}: positive class {} is not among the "
                    "data's classes 0..{}",
                    name, positive, data.num_classes - 1));
  if (block_size == 0 && block != 0)
    throw InputError(fmt::format(
        "one-vs-rest dataset {}: block {} asked for, but block_size 0 takes every positive", name,
        block));
  const std::size_t n_source = data.y.size();
  Dataset ds;
  ds.name = name;
  ds.source = data.dense_source();
  ds.dim = data.dim();
  ds.sparse = data.sparse();
  ds.num_classes = 2;
  const std::size_t first = block_size * block;
  const std::size_t last = block_size == 0 ? n_source : first + block_size;
  std::size_t seen = 0;  // examples of `positive` met so far
  for (std::size_t i = 0; i < n_source && seen < last; ++i) {
    if (data.y[i] != positive) continue;
    if (seen >= first) ds.rows.push_back(static_cast<std::uint32_t>(i));
    ++seen;
  }
  if (block_size > 0 && ds.rows.size() != block_size)
    throw InputError(fmt::format("dataset {}: expected at least {} examples of class {}, found {}",
                                 ds.name, last, positive, seen));
  if (ds.rows.empty())
    throw InputError(fmt::format("dataset {}: class {} has no examples", ds.name, positive));
  ds.labels.assign(ds.rows.size(), 1);
  for (std::size_t i = 0; i < n_source; ++i)
    if (data.y[i] != positive) ds.rows.push_back(static_cast<std::uint32_t>(i));
  if (ds.rows.size() == ds.labels.size())
    throw InputError(
        fmt::format("dataset {}: every example is of class {}; a one-vs-rest task "
                    "needs other classes too",
                    ds.name, positive));
  ds.labels.resize(ds.rows.size(), 0);
  return ds;
}

std::size_t one_vs_rest_blocks(const LabelledData& data, int positive, std::size_t block_size) {
  std::size_t count = 0;
  for (std::uint8_t y : data.y) count += y == positive;
  return block_size == 0 ? (count > 0 ? 1 : 0) : count / block_size;
}

Dataset one_vs_rest_dataset(const Mnist& mnist, int digit, int batch, std::uint32_t split_seed) {
  if (digit < 0 || digit > 9 || batch < 0 || batch > 9) {
    throw InputError(fmt::format(
        "one-vs-rest dataset: expected digit and batch in 0..9, found digit {} batch {}", digit,
        batch));
  }
  Dataset ds = one_vs_rest_dataset(mnist, digit, kTable1BatchSize, static_cast<std::size_t>(batch),
                                   fmt::format("d{}b{}", digit, batch));
  ds.digit = digit;
  ds.batch = batch;
  ds.split = paper_split(ds.rows.size(), split_seed);
  return ds;
}

std::vector<std::string> table1_dataset_names() {
  std::vector<std::string> names;
  names.reserve(100);
  for (int d = 0; d < 10; ++d) {
    for (int b = 0; b < 10; ++b) names.push_back(fmt::format("d{}b{}", d, b));
  }
  return names;
}

}  // namespace rwwce::datasets
