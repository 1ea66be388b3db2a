#include "datasets/csr_matrix.hpp"

#include <gtest/gtest.h>

#include <array>
#include <cmath>
#include <cstring>
#include <limits>
#include <random>
#include <vector>

#include "datasets/mnist_multiclass.hpp"
#include "datasets/one_vs_rest.hpp"
#include "tests/datasets/test_support.hpp"

namespace rwwce::datasets {
namespace {

TEST(CsrMatrix, RoundTripDropsExactZerosOnly) {
  const std::size_t rows = 7, cols = 9;
  std::mt19937 e(11);
  std::uniform_real_distribution<float> u(-1.0f, 1.0f);
  std::vector<float> x(rows * cols);
  for (auto& v : x) v = u(e) < 0.3f ? u(e) : 0.0f;                // ~35% nonzeros
  for (std::size_t c = 0; c < cols; ++c) x[2 * cols + c] = 0.0f;  // an empty row
  x[5] = -0.0f;                                                   // dropped like +0
  x[6] = std::numeric_limits<float>::denorm_min();                // kept: not an exact zero
  x[7] = std::numeric_limits<float>::quiet_NaN();                 // kept
  const CsrMatrix m = to_csr(x.data(), rows, cols);
  ASSERT_EQ(m.rows, rows);
  ASSERT_EQ(m.cols, cols);
  ASSERT_EQ(m.row_ptr.size(), rows + 1);
  std::size_t expected_nnz = 0;
  for (float v : x) expected_nnz += v != 0.0f;
  EXPECT_EQ(m.nnz(), expected_nnz);
  EXPECT_EQ(m.row_nnz(2), 0u);
  EXPECT_NEAR(m.density(), static_cast<double>(expected_nnz) / (rows * cols), 1e-15);
  for (std::size_t r = 0; r < rows; ++r)
    for (std::uint64_t k = m.row_ptr[r]; k + 1 < m.row_ptr[r + 1]; ++k)
      EXPECT_LT(m.col[k], m.col[k + 1]) << "row " << r;  // strictly ascending
  for (float v : m.val) EXPECT_NE(v, 0.0f);
  std::vector<float> back(rows * cols, 42.0f);
  to_dense(m, back.data());
  for (std::size_t i = 0; i < x.size(); ++i) {
    if (std::isnan(x[i])) {
      EXPECT_TRUE(std::isnan(back[i])) << i;
    } else {
      EXPECT_EQ(back[i], x[i] == 0.0f ? 0.0f : x[i]) << i;  // bit-exact values (-0 -> +0)
    }
  }
  const std::vector<std::uint32_t> sel = {0, 2, 0};
  EXPECT_NEAR(density_of_rows(m, sel.data(), sel.size()),
              static_cast<double>(2 * m.row_nnz(0)) / (3.0 * cols), 1e-15);
}

std::uint32_t bits(float v) {
  std::uint32_t b;
  std::memcpy(&b, &v, sizeof b);
  return b;
}

// The packed copy (3 bytes per nonzero: uint16 column, uint8 palette code) holds exactly the
// columns and the float bits of col/val, for every row.
void expect_packed_equals_plain(const CsrMatrix& m) {
  ASSERT_TRUE(m.is_packed());
  ASSERT_EQ(m.packed.size(), 3 * m.nnz());
  for (std::size_t r = 0; r < m.rows; ++r) {
    const std::uint64_t s = m.row_ptr[r];
    const std::size_t n = m.row_nnz(r);
    const std::uint8_t* p = m.packed.data() + 3 * s;
    for (std::size_t i = 0; i < n; ++i) {
      std::uint16_t c;
      std::memcpy(&c, p + 2 * i, sizeof c);
      ASSERT_EQ(c, m.col[s + i]) << "row " << r << " entry " << i;
      ASSERT_EQ(bits(m.palette[p[2 * n + i]]), bits(m.val[s + i])) << "row " << r << " entry " << i;
    }
  }
}

TEST(CsrMatrix, PacksAtMost256DistinctValuesBitExactly) {
  const std::size_t rows = 40, cols = 300;
  std::mt19937 e(3);
  std::vector<float> x(rows * cols, 0.0f);
  // Pixel-like values u / 255 (255 distinct), plus NaN: 256 distinct bit patterns.
  for (auto& v : x)
    if (e() % 4 == 0) v = static_cast<float>(1 + e() % 255) / 255.0f;
  for (std::uint32_t k = 1; k <= 255; ++k) x[k] = static_cast<float>(k) / 255.0f;  // all appear
  x[299] = std::numeric_limits<float>::quiet_NaN();
  const CsrMatrix m = to_csr(x.data(), rows, cols);
  expect_packed_equals_plain(m);
  // One more distinct value: no packed copy, the kernels read col/val.
  x[cols + 7] = 0.123f;
  EXPECT_FALSE(to_csr(x.data(), rows, cols).is_packed());
}

void expect_same_matrix(const CsrMatrix& a, const CsrMatrix& b) {
  EXPECT_EQ(a.rows, b.rows);
  EXPECT_EQ(a.cols, b.cols);
  EXPECT_EQ(a.row_ptr, b.row_ptr);
  EXPECT_EQ(a.col, b.col);
  ASSERT_EQ(a.val.size(), b.val.size());
  for (std::size_t k = 0; k < a.val.size(); ++k) ASSERT_EQ(bits(a.val[k]), bits(b.val[k])) << k;
  EXPECT_EQ(a.packed, b.packed);
  for (std::size_t c = 0; c < 256; ++c) ASSERT_EQ(bits(a.palette[c]), bits(b.palette[c])) << c;
}

// Byte codes through a table (MNIST's u / 255 at start-up) give exactly to_csr of the floats
// they stand for, in two parts as the training and test images come: the same nonzeros, and the
// same palette codes in the same order, also when codes share a value or stand for -0 or NaN.
TEST(CsrMatrix, FromByteCodesEqualsFromTheirFloats) {
  const std::size_t cols = 300, rows_a = 23, rows_b = 17;
  std::array<float, 256> value;
  for (std::size_t v = 0; v < 256; ++v) value[v] = static_cast<float>(v) / 255.0f;
  value[7] = value[9];                                   // two codes, one value
  value[200] = -0.0f;                                    // dropped like 0
  value[201] = std::numeric_limits<float>::quiet_NaN();  // kept
  std::mt19937 e(5);
  std::vector<std::uint8_t> codes((rows_a + rows_b) * cols, 0);
  for (auto& c : codes)
    if (e() % 3 == 0) c = static_cast<std::uint8_t>(e() % 256);
  for (std::size_t c = 0; c < cols; ++c) codes[4 * cols + c] = 0;  // an empty row
  std::vector<float> dense(codes.size());
  for (std::size_t i = 0; i < codes.size(); ++i) dense[i] = value[codes[i]];
  const CsrMatrix from_bytes =
      to_csr({{codes.data(), rows_a}, {codes.data() + rows_a * cols, rows_b}}, cols, value);
  expect_same_matrix(from_bytes, to_csr(dense.data(), rows_a + rows_b, cols));
  expect_packed_equals_plain(from_bytes);
  expect_same_matrix(to_csr(std::vector<ByteRows>{}, cols, value), to_csr(nullptr, 0, cols));
}

TEST(CsrMatrix, EmptyMatrix) {
  const CsrMatrix m = to_csr(nullptr, 0, 784);
  EXPECT_EQ(m.row_ptr.size(), 1u);
  EXPECT_EQ(m.row_ptr, to_csr(std::vector<ByteRows>{}, 784, {}).row_ptr);
  EXPECT_EQ(m.nnz(), 0u);
  EXPECT_EQ(m.density(), 0.0);
}

TEST(CsrMatrix, MnistCarriesItsPixelsSparseAndDatasetsCarryThem) {
  const Mnist mnist = load_mnist(testing::mnist_dir_or_fail());
  ASSERT_EQ(mnist.csr.rows, 70000u);
  ASSERT_EQ(mnist.csr.cols, 784u);
  // The pixels of the IDX bytes / 255, read here without the library's reader.
  const std::vector<float> dense =
      testing::mnist_dense_from_idx_bytes(testing::mnist_dir_or_fail());
  std::vector<float> back(dense.size());
  to_dense(mnist.csr, back.data());
  EXPECT_TRUE(std::equal(back.begin(), back.end(), dense.begin()));
  // Python 3.11 over the raw IDX pixel bytes of both image files:
  //   n - (a.count(0) + b.count(0)) -> 10,505,375 nonzero of 54,880,000 (0.191424...)
  EXPECT_EQ(mnist.csr.nnz(), 10505375u);
  expect_packed_equals_plain(mnist.csr);  // 255 distinct values u / 255
  // Built from the pixel bytes at load: the same matrix as from the floats.
  expect_same_matrix(mnist.csr, to_csr(dense.data(), 70000, 784));
  const Dataset t1 = one_vs_rest_dataset(mnist, 3, 4);
  const Dataset t2 = mnist_multiclass_dataset(mnist);
  EXPECT_EQ(t1.sparse, &mnist.csr);
  EXPECT_EQ(t2.sparse, &mnist.csr);
  EXPECT_EQ(t1.fit().sparse, &mnist.csr);
  EXPECT_EQ(t1.val().sparse, &mnist.csr);
  EXPECT_EQ(t2.test().sparse, &mnist.csr);
}

}  // namespace
}  // namespace rwwce::datasets
