#include "datasets/paper_split.hpp"

#include <fmt/core.h>

#include <cmath>

#include "core/input_error.hpp"
#include "datasets/numpy_permutation.hpp"

namespace rwwce::datasets {

Split paper_split(std::size_t n, std::uint32_t seed, double test_size, double validation_split) {
  if (!(test_size > 0.0 && test_size < 1.0)) {
    throw InputError(fmt::format("paper_split: expected 0 < test_size < 1, found {}", test_size));
  }
  if (!(validation_split >= 0.0 && validation_split < 1.0)) {
    throw InputError(
        fmt::format("paper_split: expected 0 <= validation_split < 1, found {}", validation_split));
  }
  // sklearn _validate_shuffle_split: n_test = ceil(test_size * n), n_train = n - n_test.
  const auto n_test = static_cast<std::size_t>(std::ceil(test_size * static_cast<double>(n)));
  if (n_test >= n) {
    throw InputError(fmt::format(
        "paper_split: {} examples with test_size {} leave no training examples; expected n >= 2", n,
        test_size));
  }
  const std::size_t n_train = n - n_test;
  // Keras training_utils.train_validation_split: split_at = int(n_train * (1 - validation_split)).
  const auto split_at =
      static_cast<std::size_t>(std::floor(static_cast<double>(n_train) * (1.0 - validation_split)));
  const std::vector<std::uint32_t> p = numpy_legacy_permutation(n, seed);
  Split split;
  split.test.assign(p.begin(), p.begin() + n_test);
  split.fit.assign(p.begin() + n_test, p.begin() + n_test + split_at);
  split.val.assign(p.begin() + n_test + split_at, p.end());
  return split;
}

std::vector<std::uint32_t> train_positions(const Split& split) {
  std::vector<std::uint32_t> train;
  train.reserve(split.fit.size() + split.val.size());
  train.insert(train.end(), split.fit.begin(), split.fit.end());
  train.insert(train.end(), split.val.begin(), split.val.end());
  return train;
}

}  // namespace rwwce::datasets
