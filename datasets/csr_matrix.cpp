#include "datasets/csr_matrix.hpp"

#include <fmt/core.h>

#include <algorithm>
#include <array>
#include <cstring>
#include <limits>
#include <vector>

#include "core/input_error.hpp"
#include "core/parallel.hpp"
#include "core/tsan_handoff.hpp"
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

namespace {

// A run of rows of one part, built by one task: its nonzero count and the kept byte codes in
// order of first appearance within it (pass 1), then its entries from `first` on (pass 2).
struct RowBlock {
  const std::uint8_t* codes = nullptr;  // the block's first row
  std::size_t rows = 0, first_row = 0;  // rows, and the first one's index in the matrix
  std::size_t nnz = 0, first = 0;       // its nonzeros, and the first one's index
  std::array<std::uint8_t, 256> seen_order{};
  std::size_t n_seen = 0;
};

}  // namespace

CsrMatrix to_csr(const std::vector<ByteRows>& parts, std::size_t cols,
                 const std::array<float, 256>& value) {
  check_columns(cols);
  std::array<bool, 256> keep;
  for (std::size_t c = 0; c < 256; ++c) keep[c] = value[c] != 0.0f;  // NaN != 0: kept
  CsrMatrix m;
  m.cols = cols;
  // Blocks of about 1 MB of codes: MNIST's 70,000 rows make ~55, enough to share two to a few
  // dozen threads; a block never spans two parts.
  const std::size_t block_rows =
      std::max<std::size_t>(1, (std::size_t{1} << 20) / std::max<std::size_t>(cols, 1));
  std::vector<RowBlock> blocks;
  for (const ByteRows& p : parts) {
    for (std::size_t r = 0; r < p.rows; r += block_rows) {
      RowBlock b;
      b.codes = p.codes + r * cols;
      b.rows = std::min(block_rows, p.rows - r);
      b.first_row = m.rows + r;
      blocks.push_back(b);
    }
    m.rows += p.rows;
  }
  // Pass 1, in parallel: each block's count and first appearances. (The tsan_ calls state the
  // hand-offs TBB makes inside its uninstrumented library: core/tsan_handoff.hpp.)
  int before = 0, after = 0;
  tsan_release(&before);
  for_each_index(blocks.size(), [&](std::size_t i) {
    tsan_acquire(&before);
    RowBlock& b = blocks[i];
    // Dropped codes count as seen: the branch below is taken at most 256 times, so it is
    // predicted, and the count is branch-free (the pixels' zero/nonzero pattern is not).
    std::array<bool, 256> seen;
    for (std::size_t c = 0; c < 256; ++c) seen[c] = !keep[c];
    std::size_t nnz = 0;
    for (std::size_t j = 0, n = b.rows * cols; j < n; ++j) {
      const std::uint8_t c = b.codes[j];
      nnz += keep[c];
      if (!seen[c]) [[unlikely]] {
        seen[c] = true;
        b.seen_order[b.n_seen++] = c;
      }
    }
    b.nnz = nnz;
    tsan_release(&after);
  });
  tsan_acquire(&after);
  // In order: where each block's entries start, and palette codes in order of first appearance
  // over the whole matrix of each value's bits, as pack() assigns them (byte codes whose values
  // have the same bits share a code). At most 256 distinct values: the packed copy always exists.
  std::array<std::uint8_t, 256> palette_code{};
  std::array<bool, 256> coded{};
  std::size_t n_codes = 0, nnz = 0;
  for (RowBlock& b : blocks) {
    b.first = nnz;
    nnz += b.nnz;
    for (std::size_t s = 0; s < b.n_seen; ++s) {
      const std::uint8_t c = b.seen_order[s];
      if (coded[c]) continue;
      const std::uint32_t bits = bits_of(value[c]);
      std::size_t q = 0;
      while (q < n_codes && bits_of(m.palette[q]) != bits) ++q;
      if (q == n_codes) m.palette[n_codes++] = value[c];
      palette_code[c] = static_cast<std::uint8_t>(q);
      coded[c] = true;
    }
  }
  m.row_ptr.resize(m.rows + 1);
  m.row_ptr[0] = 0;
  // First touch of ~100 MB (MNIST) is page faults: the three arrays side by side.
  const auto handed_off = [&](auto&& f) {
    return [&, f] {
      tsan_acquire(&before);
      f();
      tsan_release(&after);
    };
  };
  tsan_release(&before);
  invoke_all(handed_off([&] { resize_in_huge_pages(m.col, nnz); }),
             handed_off([&] { resize_in_huge_pages(m.val, nnz); }),
             handed_off([&] { resize_in_huge_pages(m.packed, 3 * nnz); }));
  tsan_acquire(&after);
  // Pass 2, in parallel: each block writes its own rows' entries.
  tsan_release(&before);
  for_each_index(blocks.size(), [&](std::size_t i) {
    tsan_acquire(&before);
    const RowBlock& b = blocks[i];
    // One row's entries gathered branch-free into small buffers (every column written, the
    // position advanced only for kept ones), then copied out.
    std::vector<std::uint16_t> row_col(cols);
    std::vector<float> row_val(cols);
    std::vector<std::uint8_t> row_codes(cols);
    std::size_t k = b.first;
    for (std::size_t r = 0; r < b.rows; ++r) {
      const std::uint8_t* row = b.codes + r * cols;
      std::size_t n = 0;
      for (std::size_t c = 0; c < cols; ++c) {
        const std::uint8_t code = row[c];
        row_col[n] = static_cast<std::uint16_t>(c);
        row_val[n] = value[code];
        row_codes[n] = palette_code[code];
        n += keep[code];
      }
      m.row_ptr[b.first_row + r + 1] = k + n;
      if (n == 0) continue;
      std::memcpy(m.col.data() + k, row_col.data(), 2 * n);
      std::memcpy(m.val.data() + k, row_val.data(), 4 * n);
      std::uint8_t* out = m.packed.data() + 3 * k;
      std::memcpy(out, row_col.data(), 2 * n);
      std::memcpy(out + 2 * n, row_codes.data(), n);
      k += n;
    }
    tsan_release(&after);
  });
  tsan_acquire(&after);
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
