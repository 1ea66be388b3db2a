#include "datasets/one_vs_rest.hpp"

#include <fmt/core.h>

#include "core/input_error.hpp"

namespace rwwce::datasets {

Dataset one_vs_rest_dataset(const Mnist& mnist, int digit, int batch, std::uint32_t split_seed) {
  if (digit < 0 || digit > 9 || batch < 0 || batch > 9) {
    throw InputError(fmt::format(
        "one-vs-rest dataset: expected digit and batch in 0..9, found digit {} batch {}", digit,
        batch));
  }
  const std::size_t n_source = mnist.y.size();
  Dataset ds;
  ds.name = fmt::format("d{}b{}", digit, batch);
  ds.source = mnist.x.data();
  ds.dim = mnist.x.shape()[1];
  ds.sparse = &mnist.csr;
  ds.num_classes = 2;
  ds.digit = digit;
  ds.batch = batch;
  const std::size_t first = static_cast<std::size_t>(kTable1BatchSize) * batch;
  const std::size_t last = first + kTable1BatchSize;
  std::size_t seen = 0;  // images of `digit` met so far
  for (std::size_t i = 0; i < n_source && seen < last; ++i) {
    if (mnist.y[i] != digit) continue;
    if (seen >= first) ds.rows.push_back(static_cast<std::uint32_t>(i));
    ++seen;
  }
  if (ds.rows.size() != static_cast<std::size_t>(kTable1BatchSize)) {
    throw InputError(fmt::format("dataset {}: expected at least {} images of digit {}, found {}",
                                 ds.name, last, digit, seen));
  }
  ds.labels.assign(ds.rows.size(), 1);
  for (std::size_t i = 0; i < n_source; ++i) {
    if (mnist.y[i] != digit) ds.rows.push_back(static_cast<std::uint32_t>(i));
  }
  ds.labels.resize(ds.rows.size(), 0);
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
