#pragma once
// The first Dense layer over sparse inputs: the same layer (models/dense.hpp, kernel (in, out)
// row-major), but the batch is a list of CSR rows, so only the nonzeros do work:
//   forward   y[m][:] = b + sum over nonzeros (c, v) of row m: v * w[c][:]
//   backward  dw[c][:] += v * dy[m][:] over the same nonzeros; db += column sums of dy.
// No input gradient (the first layer never needs one). Each nonzero is one contiguous
// multiply-add over a block of `out` columns; the block width is a compile-time constant so GCC
// keeps the block in vector registers (out = 10: one ymm plus two lanes).
// Loop orders are fixed (sample, column block, nonzero in column order), so results are
// deterministic; they differ from the dense GEMM only by float summation order.
#include <cstddef>
#include <cstdint>
#include <type_traits>
#include <utility>

#include "datasets/csr_matrix.hpp"
#include "models/dense.hpp"

namespace rwwce::models {

// A batch of inputs given as rows of a CSR matrix instead of a dense (batch, fan_in) block.
struct SparseBatch {
  const datasets::CsrMatrix* x = nullptr;  // (n_source, fan_in)
  const std::uint32_t* rows = nullptr;     // (batch) the source row of each batch row
};

namespace detail {

inline constexpr std::size_t kMaxBlock = 32;  // columns per pass: 4 ymm of floats

// y[0..W) = b[0..W) + sum_i val[i] * w[col[i] * ld + 0..W). Two accumulators (even and odd
// nonzeros) halve the multiply-add dependency chain; their sum is taken once at the end.
template <std::size_t W, class T>
void sparse_row_block(const std::uint32_t* col, const float* val, std::size_t nnz, const T* w,
                      std::size_t ld, const T* b, T* y) {
  T acc0[W], acc1[W];
  for (std::size_t k = 0; k < W; ++k) acc0[k] = b[k], acc1[k] = T(0);
  std::size_t i = 0;
  for (; i + 2 <= nnz; i += 2) {
    const T v0 = static_cast<T>(val[i]), v1 = static_cast<T>(val[i + 1]);
    const T* w0 = w + static_cast<std::size_t>(col[i]) * ld;
    const T* w1 = w + static_cast<std::size_t>(col[i + 1]) * ld;
    for (std::size_t k = 0; k < W; ++k) acc0[k] += v0 * w0[k];
    for (std::size_t k = 0; k < W; ++k) acc1[k] += v1 * w1[k];
  }
  if (i < nnz) {
    const T v = static_cast<T>(val[i]);
    const T* wr = w + static_cast<std::size_t>(col[i]) * ld;
    for (std::size_t k = 0; k < W; ++k) acc0[k] += v * wr[k];
  }
  for (std::size_t k = 0; k < W; ++k) y[k] = acc0[k] + acc1[k];
}

// dw[col[i] * ld + 0..W) += val[i] * dy[0..W) for every i.
template <std::size_t W, class T>
void sparse_outer_block(const std::uint32_t* col, const float* val, std::size_t nnz, const T* dy,
                        T* dw, std::size_t ld) {
  T d[W];
  for (std::size_t k = 0; k < W; ++k) d[k] = dy[k];
  for (std::size_t i = 0; i < nnz; ++i) {
    const T v = static_cast<T>(val[i]);
    T* g = dw + static_cast<std::size_t>(col[i]) * ld;
    for (std::size_t k = 0; k < W; ++k) g[k] += v * d[k];
  }
}

template <class F, std::size_t... W>
void dispatch_width(std::size_t width, std::size_t j0, F& f, std::index_sequence<W...>) {
  // Calls f(integral_constant<W + 1>, j0) for the W + 1 that equals width.
  ((width == W + 1 ? (f(std::integral_constant<std::size_t, W + 1>{}, j0), 0) : 0), ...);
}

// Splits columns 0..out into blocks of kMaxBlock and one remainder block, calling
// f(integral_constant<width>, first column) for each, left to right.
template <class F>
void for_each_block(std::size_t out, F&& f) {
  std::size_t j = 0;
  for (; j + kMaxBlock <= out; j += kMaxBlock)
    f(std::integral_constant<std::size_t, kMaxBlock>{}, j);
  if (j < out) dispatch_width(out - j, j, f, std::make_index_sequence<kMaxBlock - 1>{});
}

}  // namespace detail

// y (batch, fan_out) = x (batch rows of the CSR matrix) w + b; y is overwritten.
template <class T>
void forward(const Dense<T>& layer, const SparseBatch& x, std::size_t batch, T* y) {
  const std::size_t out = layer.fan_out();
  const datasets::CsrMatrix& m = *x.x;
  const T* w = layer.w.data();
  const T* b = layer.b.data();
  for (std::size_t i = 0; i < batch; ++i) {
    const std::uint64_t s = m.row_ptr[x.rows[i]];
    const std::size_t nnz = static_cast<std::size_t>(m.row_ptr[x.rows[i] + 1] - s);
    const std::uint32_t* col = m.col.data() + s;
    const float* val = m.val.data() + s;
    detail::for_each_block(out, [&](auto width, std::size_t j0) {
      detail::sparse_row_block<decltype(width)::value>(col, val, nnz, w + j0, out, b + j0,
                                                       y + i * out + j0);
    });
  }
}

// Adds d(loss)/d(w) += x^T dy (over the nonzeros of x only) and d(loss)/d(b) += column sums of
// dy into `grad`. There is no input gradient.
template <class T>
void backward(const Dense<T>& layer, Dense<T>& grad, const SparseBatch& x, const T* dy,
              std::size_t batch) {
  const std::size_t out = layer.fan_out();
  const datasets::CsrMatrix& m = *x.x;
  T* dw = grad.w.data();
  for (std::size_t i = 0; i < batch; ++i) {
    const std::uint64_t s = m.row_ptr[x.rows[i]];
    const std::size_t nnz = static_cast<std::size_t>(m.row_ptr[x.rows[i] + 1] - s);
    const std::uint32_t* col = m.col.data() + s;
    const float* val = m.val.data() + s;
    const T* dyi = dy + i * out;
    detail::for_each_block(out, [&](auto width, std::size_t j0) {
      detail::sparse_outer_block<decltype(width)::value>(col, val, nnz, dyi + j0, dw + j0, out);
    });
  }
  T* db = grad.b.data();
  for (std::size_t i = 0; i < batch; ++i) {
    const T* row = dy + i * out;
    for (std::size_t j = 0; j < out; ++j) db[j] += row[j];
  }
}

}  // namespace rwwce::models
