#include "datasets/csr_matrix.hpp"

#include <fmt/core.h>

#include <algorithm>
#include <array>
#include <cstring>
#include <limits>

#include "core/input_error.hpp"
#include "datasets/huge_pages.hpp"

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
  resize_in_huge_pages(m.packed, 3 * m.nnz());
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

namespace {
void check_columns(std::size_t cols) {
  if (cols > std::size_t{std::numeric_limits<std::uint16_t>::max()} + 1)
    throw InputError(fmt::format(
        "to_csr: {} columns do not fit the 16-bit column index (at most 65,536 columns)", cols));
}
}  // namespace

CsrMatrix to_csr(const float* dense, std::size_t rows, std::size_t cols) {
  check_columns(cols);
  CsrMatrix m;
  m.rows = rows;
  m.cols = cols;
  // Count first so col/val are allocated once at their final size.
  std::size_t nnz = 0;
  for (std::size_t i = 0, n = rows * cols; i < n; ++i) nnz += dense[i] != 0.0f;
  m.row_ptr.resize(rows + 1);
  resize_in_huge_pages(m.col, nnz);
  resize_in_huge_pages(m.val, nnz);
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

CsrMatrix to_csr(const std::vector<ByteRows>& parts, std::size_t cols,
                 const std::array<float, 256>& value) {
  check_columns(cols);
  std::array<bool, 256> keep;
  for (std::size_t c = 0; c < 256; ++c) keep[c] = value[c] != 0.0f;  // NaN != 0: kept
  CsrMatrix m;
  m.cols = cols;
  std::size_t nnz = 0;
  for (const ByteRows& p : parts) {
    m.rows += p.rows;
    for (std::size_t i = 0, n = p.rows * cols; i < n; ++i) nnz += keep[p.codes[i]];
  }
  m.row_ptr.resize(m.rows + 1);
  resize_in_huge_pages(m.col, nnz);
  resize_in_huge_pages(m.val, nnz);
  resize_in_huge_pages(m.packed, 3 * nnz);
  // Palette codes in order of first appearance of each value's bits, as pack() assigns them;
  // byte codes whose values have the same bits share a palette code. At most 256 distinct
  // values, so the packed copy always exists.
  std::array<std::int16_t, 256> palette_code;
  palette_code.fill(-1);
  std::size_t n_codes = 0;
  std::vector<std::uint8_t> row_codes(cols);
  std::size_t k = 0, r = 0;
  m.row_ptr[0] = 0;
  for (const ByteRows& p : parts) {
    for (std::size_t i = 0; i < p.rows; ++i, ++r) {
      const std::uint8_t* row = p.codes + i * cols;
      const std::size_t start = k;
      for (std::size_t c = 0; c < cols; ++c) {
        const std::uint8_t b = row[c];
        if (!keep[b]) continue;
        if (palette_code[b] < 0) {
          const std::uint32_t bits = bits_of(value[b]);
          std::size_t q = 0;
          while (q < n_codes && bits_of(m.palette[q]) != bits) ++q;
          if (q == n_codes) m.palette[n_codes++] = value[b];
          palette_code[b] = static_cast<std::int16_t>(q);
        }
        m.col[k] = static_cast<std::uint16_t>(c);
        m.val[k] = value[b];
        row_codes[k - start] = static_cast<std::uint8_t>(palette_code[b]);
        ++k;
      }
      m.row_ptr[r + 1] = k;
      if (k == start) continue;
      std::uint8_t* out = m.packed.data() + 3 * start;
      std::memcpy(out, m.col.data() + start, 2 * (k - start));
      std::memcpy(out + 2 * (k - start), row_codes.data(), k - start);
    }
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
