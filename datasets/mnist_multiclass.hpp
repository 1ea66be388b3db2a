#pragma once
#include <cstdint>

#include "datasets/dataset.hpp"
#include "datasets/mnist.hpp"

namespace rwwce::datasets {

// Table II's dataset `mnist10` (docs/protocol.md, section 'Table II'): all 70,000 images in OpenML
// order, 10 classes, one paper_split (47,250 fit / 5,250 val / 17,500 test). A view into `mnist`,
// which must outlive it.
Dataset mnist_multiclass_dataset(const Mnist& mnist, std::uint32_t split_seed = 1);

}  // namespace rwwce::datasets
