#include "datasets/csr_matrix.hpp"

#include <fmt/core.h>

#include <algorithm>
#include <limits>

#include "datasets/input_error.hpp"

namespace rwwce::datasets {

double CsrMatrix::density() const {
  const double entries = static_cast<double>(rows) * static_cast<double>(cols);
  return entries == 0.0 ? 0.0 : static_cast<double>(nnz()) / entries;
}

CsrMatrix to_csr(const float* dense, std::size_t rows, std::size_t cols) {
  if (cols > std::size_t{std::numeric_limits<std::uint16_t>::max()} + 1)
    throw InputError(fmt::format(
        "to_csr: {} columns do not fit the 16-bit column index (at most 65,536 columns)", cols));
  CsrMatrix m;
  m.rows = rows;
  m.cols = cols;
  // Count first so col/val are allocated once at their final size.
  std::size_t nnz = 0;
  for (std::size_t i = 0, n = rows * cols; i < n; ++i) nnz += dense[i] != 0.0f;
  m.row_ptr.resize(rows + 1);
  m.col.resize(nnz);
  m.val.resize(nnz);
  std::size_t k = 0;
  m.row_ptr[0] = 0;
  for (std::size_t r = 0; r < rows; ++r) {
    const float* row = dense + r * cols;
    for (std::size_t c = 0; c < cols; ++c) {
      if (row[c] == 0.0f) continue;  // NaN != 0, so NaN is kept
      m.col[k] = static_cast<std::uint16_t>(c);
      m.val[k] = row[c];
      ++k;
    }
    m.row_ptr[r + 1] = k;
  }
  return m;
}

void to_dense(const CsrMatrix& m, float* out) {
  std::fill(out, out + m.rows * m.cols, 0.0f);
  for (std::size_t r = 0; r < m.rows; ++r)
    for (std::uint64_t k = m.row_ptr[r]; k < m.row_ptr[r + 1]; ++k)
      out[r * m.cols + m.col[k]] = m.val[k];
}

double density_of_rows(const CsrMatrix& m, const std::uint32_t* rows, std::size_t n) {
  if (n == 0 || m.cols == 0) return 0.0;
  std::size_t nnz = 0;
  for (std::size_t i = 0; i < n; ++i) nnz += m.row_nnz(rows[i]);
  return static_cast<double>(nnz) / (static_cast<double>(n) * static_cast<double>(m.cols));
}

}  // namespace rwwce::datasets
