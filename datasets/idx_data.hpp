#pragma once
#include <string>
#include <vector>

#include "datasets/labelled_data.hpp"

namespace rwwce::datasets {

// Labelled images from IDX files of any image size (MNIST, Fashion-MNIST, KMNIST, EMNIST...):
// images[i] pairs with labels[i]; the pairs are concatenated in order (MNIST's OpenML order is
// the training pair then the test pair). Pixels become float(v) / float(scale) (scale 255 gives
// NumPy's float32(uint8) / 255). Every pair must hold as many images as labels and every file
// the same image size; num_classes = the largest label + 1; the sparse copy is attached when the
// pixels are sparse enough (max_sparse_density); files = each file with its SHA-256; name "idx".
// InputError names the file and what differs.
LabelledData read_idx_data(const std::vector<std::string>& images,
                           const std::vector<std::string>& labels, double scale,
                           double max_sparse_density);

}  // namespace rwwce::datasets
