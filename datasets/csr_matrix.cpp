#include "datasets/csr_matrix.hpp"

#include <fmt/core.h>

#include <algorithm>
#include <array>
#include <cstring>
#include <limits>

#include "core/input_error.hpp"

namespace rwwce::datasets {

namespace {

std::uint32_t bits_of(float v) {
  std::uint32_t b;
  std::memcpy(&b, &v, sizeof b);
  return b;
}

// Fills m.packed and m.palette when m.val takes at most 256 distinct bit patterns; leaves
// m.packed empty otherwise. Codes come from a 1024-slot open-addressing table over the bit
// patterns (at most 256 keys, so it never fills up).
void pack(CsrMatrix& m) {
  constexpr std::size_t kSlots = 1024, kMaxCodes = 256;
  std::array<std::uint32_t, kSlots> key{};
  std::array<std::int16_t, kSlots> code;
  code.fill(-1);
  std::size_t n_codes = 0;
  std::vector<std::uint8_t> codes(m.nnz());
  for (std::size_t k = 0; k < m.nnz(); ++k) {
    const std::uint32_t b = bits_of(m.val[k]);
    std::size_t slot = (b * 2654435761u) >> 22;  // Knuth's multiplicative hash, 10 bits
    while (code[slot] >= 0 && key[slot] != b) slot = (slot + 1) % kSlots;
    if (code[slot] < 0) {
      if (n_codes == kMaxCodes) return;  // too many distinct values: no packed copy
      key[slot] = b;
      code[slot] = static_cast<std::int16_t>(n_codes);
      m.palette[n_codes++] = m.val[k];
    }
    codes[k] = static_cast<std::uint8_t>(code[slot]);
  }
  m.packed.resize(3 * m.nnz());
  for (std::size_t r = 0; r < m.rows; ++r) {
    const std::uint64_t s = m.row_ptr[r], n = m.row_ptr[r + 1] - s;
    std::uint8_t* out = m.packed.data() + 3 * s;
    std::memcpy(out, m.col.data() + s, 2 * n);
    std::memcpy(out + 2 * n, codes.data() + s, n);
  }
}

}  // namespace

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
  pack(m);
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
