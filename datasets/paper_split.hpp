#pragma once
#include <cstddef>
#include <cstdint>
#include <vector>

namespace rwwce::datasets {

// Positions 0..n-1 into a dataset, each part in permutation order.
struct Split {
  std::vector<std::uint32_t> fit;   // (n_fit) rows the model trains on
  std::vector<std::uint32_t> val;   // (n_val) Keras' validation_split hold-out
  std::vector<std::uint32_t> test;  // (n_test) rows the metrics are computed on
};

// The paper's split (PROTOCOL.md section 1): sklearn train_test_split(test_size, random_state =
// seed) then Keras fit(validation_split). p = numpy_legacy_permutation(n, seed);
// n_test = ceil(test_size * n); test = p[0:n_test]; train = p[n_test:];
// fit = train[0:floor(validation_split_complement * n_train)]; val = the rest.
// Throws InputError for test_size or validation_split outside [0, 1) or an empty train part.
Split paper_split(std::size_t n, std::uint32_t seed = 1, double test_size = 0.25,
                  double validation_split = 0.1);

// The whole training part in train order: fit followed by val (what a scaler is fitted on).
std::vector<std::uint32_t> train_positions(const Split& split);

}  // namespace rwwce::datasets
