#pragma once
#include <cstddef>
#include <cstdint>
#include <vector>

#include "datasets/csr_matrix.hpp"

namespace rwwce::datasets {

// A set of examples as an index view over one feature matrix held elsewhere (MNIST is stored
// once; the 100 Table I datasets and every split are views into it). The source must outlive
// the view.
struct Examples {
  // (n_source, dim) row-major features; may be null when `sparse` holds them (MNIST keeps only
  // its sparse copy: the dense one is 220 MB written at every start-up and rarely read).
  const float* source = nullptr;
  std::size_t dim = 0;
  std::vector<std::uint32_t> rows;   // (n) source row of each example, in order
  std::vector<std::uint8_t> labels;  // (n) class label of each example: 0/1 or 0..K-1
  // The same source rows, sparse (row r of *sparse equals row r of source); optional. When set,
  // training may run the first layer over the nonzeros only (models/sparse_input.hpp).
  const CsrMatrix* sparse = nullptr;  // (n_source, dim)

  std::size_t size() const { return rows.size(); }
  // Example i's features in the dense source; requires source != nullptr.
  const float* row(std::size_t i) const { return source + static_cast<std::size_t>(rows[i]) * dim; }
  // Example i's dim features into out: copied from the dense source, or, without one, expanded
  // from the sparse copy (the same floats: zeros where it holds no entry). Allocates nothing.
  void copy_row(std::size_t i, float* out) const;
};

}  // namespace rwwce::datasets
