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

Split stratified_split(const std::vector<std::uint8_t>& labels, std::uint32_t seed,
                       double test_size, double validation_split) {
  const std::size_t n = labels.size();
  if (!(test_size > 0.0 && test_size < 1.0))
    throw InputError(fmt::format("stratified split: expected 0 < test < 1, found {}", test_size));
  if (!(validation_split >= 0.0 && validation_split < 1.0))
    throw InputError(
        fmt::format("stratified split: expected 0 <= validation < 1, found {}", validation_split));
  std::vector<std::size_t> count(256, 0);
  for (std::uint8_t y : labels) ++count[y];
  std::vector<std::size_t> test_quota(256, 0), train_count(256, 0);
  for (std::size_t c = 0; c < 256; ++c) {
    if (count[c] == 0) continue;
    test_quota[c] = static_cast<std::size_t>(std::ceil(test_size * static_cast<double>(count[c])));
    if (test_quota[c] >= count[c])
      throw InputError(
          fmt::format("stratified split: class {} has {} example(s); test {} leaves "
                      "it none to train on",
                      c, count[c], test_size));
    train_count[c] = count[c] - test_quota[c];
  }
  const std::vector<std::uint32_t> p = numpy_legacy_permutation(n, seed);
  Split split;
  std::vector<std::uint32_t> train;
  std::vector<std::size_t> taken(256, 0);
  for (std::uint32_t i : p) {
    if (taken[labels[i]]++ < test_quota[labels[i]])
      split.test.push_back(i);
    else
      train.push_back(i);
  }
  std::vector<std::size_t> fit_quota(256, 0), seen(256, 0);
  for (std::size_t c = 0; c < 256; ++c)
    fit_quota[c] = static_cast<std::size_t>(
        std::floor(static_cast<double>(train_count[c]) * (1.0 - validation_split)));
  for (std::uint32_t i : train) {
    if (seen[labels[i]]++ < fit_quota[labels[i]])
      split.fit.push_back(i);
    else
      split.val.push_back(i);
  }
  return split;
}

Split resplit_validation(const Split& split, double validation_split) {
  if (!(validation_split >= 0.0 && validation_split < 1.0))
    throw InputError(
        fmt::format("validation: expected a fraction 0 <= v < 1, found {}", validation_split));
  const std::vector<std::uint32_t> train = train_positions(split);
  const auto split_at = static_cast<std::size_t>(
      std::floor(static_cast<double>(train.size()) * (1.0 - validation_split)));
  Split out;
  out.fit.assign(train.begin(), train.begin() + split_at);
  out.val.assign(train.begin() + split_at, train.end());
  out.test = split.test;
  return out;
}

std::vector<std::uint32_t> train_positions(const Split& split) {
  std::vector<std::uint32_t> train;
  train.reserve(split.fit.size() + split.val.size());
  train.insert(train.end(), split.fit.begin(), split.fit.end());
  train.insert(train.end(), split.val.begin(), split.val.end());
  return train;
}

}  // namespace rwwce::datasets
