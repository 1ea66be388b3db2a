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

// The paper's split (docs/protocol.md, section 'Splits'): sklearn train_test_split(test_size,
// random_state = seed) then Keras fit(validation_split). p = numpy_legacy_permutation(n, seed);
// n_test = ceil(test_size * n); test = p[0:n_test]; train = p[n_test:];
// fit = train[0:floor(validation_split_complement * n_train)]; val = the rest.
// Throws InputError for test_size or validation_split outside [0, 1) or an empty train part.
Split paper_split(std::size_t n, std::uint32_t seed = 1, double test_size = 0.25,
                  double validation_split = 0.1);

// A stratified variant with the same shape: one permutation p = numpy_legacy_permutation(n,
// seed); walking p, the first ceil(test_size * n_c) examples of each class c go to test, the
// rest to train (both in p order); then, per class, the last n_train_c -
// floor(n_train_c * (1 - validation_split)) training examples of the class (in train order) go
// to validation, the others to fit. So each class keeps its share in every part (up to
// rounding). labels[i] is example i's class. InputError as paper_split, and when a class would
// have no training example.
Split stratified_split(const std::vector<std::uint8_t>& labels, std::uint32_t seed,
                       double test_size, double validation_split);

// The same training part re-split Keras' way for a model that holds out its own validation:
// fit = the first floor(n_train * (1 - validation_split)) of train_positions(split), val = the
// rest; test unchanged.
Split resplit_validation(const Split& split, double validation_split);

// The whole training part in train order: fit followed by val (what a scaler is fitted on).
std::vector<std::uint32_t> train_positions(const Split& split);

}  // namespace rwwce::datasets
