#pragma once
#include <array>
#include <cstdint>
#include <string>
#include <vector>
#include <xtensor/xtensor.hpp>

#include "datasets/csr_matrix.hpp"
#include "datasets/labelled_data.hpp"

namespace rwwce::datasets {

// All 70,000 MNIST images in OpenML order: the 60,000 training images followed by the 10,000
// test images (docs/protocol.md, section 'Data'). csr the pixels / 255 as float32, nonzeros only
// (~19% of them), y the digits, num_classes 10, name "mnist". x is (0, 784): the dense copy is
// not made (datasets::fill_dense makes it; Examples read rows from csr without it).
using Mnist = LabelledData;

// The four IDX file names inside a data directory, in the order they are loaded.
inline constexpr std::array<const char*, 4> kMnistFiles = {
    "train-images-idx3-ubyte", "train-labels-idx1-ubyte", "t10k-images-idx3-ubyte",
    "t10k-labels-idx1-ubyte"};

// Loads the four uncompressed IDX files from `dir` and checks each against its published
// SHA-256 and the label counts (docs/protocol.md, section 'Data') while reading it, unless `trust`;
// checks 28x28 images and that each image file has as many images as its label file labels.
// `files` records each file with the SHA-256 computed. Throws InputError otherwise.
Mnist load_mnist(const std::string& dir, bool trust = false);

// $RWWCE_DATA if set and non-empty, else <source dir>/data.
std::string default_data_dir();

}  // namespace rwwce::datasets
