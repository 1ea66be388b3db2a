#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "datasets/dataset.hpp"
#include "datasets/mnist.hpp"

namespace rwwce::datasets {

inline constexpr int kTable1BatchSize = 630;  // positives per Table I dataset

// A one-vs-rest dataset named `name`: positives are the `block`-th run of `block_size`
// consecutive examples of class `positive` in data order (every example of the class when
// block_size is 0; block must then be 0), label 1, first; then every example of another class
// in data order, label 0. No split yet (split is empty). A view into `data`, which must outlive
// it. InputError when the class has too few examples for the block or is outside the labels.
Dataset one_vs_rest_dataset(const LabelledData& data, int positive, std::size_t block_size,
                            std::size_t block, const std::string& name);

// How many whole blocks of `block_size` examples class `positive` holds.
std::size_t one_vs_rest_blocks(const LabelledData& data, int positive, std::size_t block_size);

// Table I's binary one-vs-rest dataset `d{digit}b{batch}` (docs/protocol.md, section 'Table I'):
// positives are X[y == digit][630 batch : 630 batch + 630] (label 1) first, then every image of
// another digit in dataset order (label 0); split by paper_split. A view into `mnist`, which must
// outlive it. Throws InputError for digit or batch outside 0..9 or too few images of digit.
Dataset one_vs_rest_dataset(const Mnist& mnist, int digit, int batch, std::uint32_t split_seed = 1);

// d0b0, d0b1, ..., d0b9, d1b0, ..., d9b9 (digit-major), the order of Table I's runs.
std::vector<std::string> table1_dataset_names();

}  // namespace rwwce::datasets
