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
  const float* source = nullptr;  // (n_source, dim) row-major features
  std::size_t dim = 0;
  std::vector<std::uint32_t> rows;   // (n) source row of each example, in order
  std::vector<std::uint8_t> labels;  // (n) class label of each example: 0/1 or 0..K-1
  // The same source rows, sparse (row r of *sparse equals row r of source); optional. When set,
  // training may run the first layer over the nonzeros only (models/sparse_input.hpp).
  const CsrMatrix* sparse = nullptr;  // (n_source, dim)

  std::size_t size() const { return rows.size(); }
  const float* row(std::size_t i) const { return source + static_cast<std::size_t>(rows[i]) * dim; }
};

}  // namespace rwwce::datasets
