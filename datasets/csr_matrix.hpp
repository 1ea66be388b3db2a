#pragma once
// A compressed sparse row (CSR) copy of a dense feature matrix: MNIST pixels are ~81% zeros, so
// a first layer that walks only the nonzeros does ~1/5 of the dense work.
#include <array>
#include <cstddef>
#include <cstdint>
#include <vector>

namespace rwwce::datasets {

struct CsrMatrix {
  std::size_t rows = 0, cols = 0;
  // 64-bit offsets: nnz can exceed 2^32 for larger inputs, and the array is only rows + 1 long.
  std::vector<std::uint64_t> row_ptr;  // (rows + 1) row r holds entries row_ptr[r] .. row_ptr[r+1)
  // 16-bit columns: 6 bytes per nonzero instead of 8. The sparse forward over shuffled rows is
  // bound by reading them from DRAM (bench_models), and 65,535 features is plenty here.
  std::vector<std::uint16_t> col;  // (nnz) column of each entry, ascending within a row
  std::vector<float> val;          // (nnz) value of each entry, never exactly 0

  // The same rows again, packed for the sparse kernels when the matrix holds at most 256
  // distinct values (MNIST: the 255 values u/255): row r is the 3 * row_nnz(r) bytes from
  // 3 * row_ptr[r], its columns as native-endian uint16 followed by one uint8 palette code per
  // entry, value = palette[code] (the same float bits as val). One 3-byte stream per row
  // instead of two streams of 6 bytes: training visits rows in shuffled order and the forward
  // waited on fetching them (bench_models: 3.7 ns per nonzero shuffled against 0.9 in order;
  // 1.7 packed). Empty when there are more than 256 distinct values; the kernels then read
  // col and val.
  std::vector<std::uint8_t> packed;
  std::array<float, 256> palette{};

  bool is_packed() const { return !packed.empty(); }

  std::size_t nnz() const { return val.size(); }
  std::size_t row_nnz(std::size_t r) const {
    return static_cast<std::size_t>(row_ptr[r + 1] - row_ptr[r]);
  }
  // nnz / (rows * cols); 0 for an empty matrix.
  double density() const;
};

// The nonzeros of `dense` (rows, cols) row-major: exact zeros (+0 and -0) are dropped, NaN and
// every other value kept, columns ascending; `packed` and `palette` filled when the nonzeros take
// at most 256 distinct values (bit patterns, codes in order of first appearance). Throws
// InputError if cols > 65,536.
CsrMatrix to_csr(const float* dense, std::size_t rows, std::size_t cols);

// Rows of byte codes standing for floats: entry j of row r is value[codes[r * cols + j]].
struct ByteRows {
  const std::uint8_t* codes = nullptr;  // (rows, cols) row-major
  std::size_t rows = 0;
};

// The same CsrMatrix as to_csr of the dense float matrix that the parts' rows, one after the
// other, stand for (value[code] for each code), built from the codes without that matrix: one
// pass over 1 byte per entry instead of two over 4 (MNIST's 70,000 images at start-up).
CsrMatrix to_csr(const std::vector<ByteRows>& parts, std::size_t cols,
                 const std::array<float, 256>& value);

// The dense (rows, cols) row-major matrix again, into `out` (rows * cols floats).
void to_dense(const CsrMatrix& m, float* out);

// The mean number of nonzeros per entry over the given rows (duplicates counted each time).
double density_of_rows(const CsrMatrix& m, const std::uint32_t* rows, std::size_t n);

}  // namespace rwwce::datasets
