#pragma once
// The first Dense layer over sparse inputs: the same layer (models/dense.hpp, kernel (in, out)
// row-major), but the batch is a list of CSR rows, so only the nonzeros do work:
//   forward   y[m][:] = b + sum over nonzeros (c, v) of row m: v * w[c][:]
//   backward  dw[c][:] += v * dy[m][:] over the same nonzeros; db += column sums of dy.
// No input gradient (the first layer never needs one). Each nonzero is one contiguous
// multiply-add over the row of `out` columns, held in up to four AVX registers per pass
// (out = 10: two overlapping 8-float vectors).
// Loop orders are fixed (sample, pass over columns, nonzero in column order), so results are
// deterministic; they differ from the dense GEMM only by float summation order.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <type_traits>
#include <vector>

#include "datasets/csr_matrix.hpp"
#include "models/dense.hpp"

namespace rwwce::models {

// Scratch for the backward of wide layers: the batch's nonzeros regrouped by column (a CSC copy
// of the batch). Sized once by make_sparse_columns; the backward allocates nothing.
struct SparseColumns {
  std::vector<std::uint32_t> col_ptr;  // (fan_in + 1) column c holds entries col_ptr[c] ..
  std::vector<std::uint32_t> next;     // (fan_in) fill position of each column while grouping
  std::vector<std::uint32_t> sample;   // (capacity * fan_in) batch row of each entry, ascending
  std::vector<float> val;              // (capacity * fan_in) value of each entry
};

inline SparseColumns make_sparse_columns(std::size_t fan_in, std::size_t capacity) {
  SparseColumns s;
  s.col_ptr.resize(fan_in + 1);
  s.next.resize(fan_in);
  s.sample.resize(capacity * fan_in);
  s.val.resize(capacity * fan_in);
  return s;
}

// A batch of inputs given as rows of a CSR matrix instead of a dense (batch, fan_in) block.
struct SparseBatch {
  const datasets::CsrMatrix* x = nullptr;  // (n_source, fan_in)
  const std::uint32_t* rows = nullptr;     // (batch) the source row of each batch row
  // Optional scratch (capacity >= batch): lets the backward of layers wider than
  // kColumnBackwardMinOut accumulate each dW row once per batch, in registers.
  SparseColumns* columns = nullptr;
};

// From this many outputs on, dW (fan_in x out floats; 157 KB at 784 x 50) no longer stays in
// L1 and the row-by-row backward crawls (bench: 12 ns per nonzero at out = 50 against 1.7 at
// out = 10), so the backward regroups the batch by column first.
inline constexpr std::size_t kColumnBackwardMinOut = 17;

namespace detail {

// 32-byte vectors (AVX) through the GCC/Clang vector extension. Plain loops were tried first:
// GCC 12 vectorised the loop over nonzeros (with gathers) instead of the row of W1, leaving the
// accumulators on the stack; the forward then took 52% of a Table I run and the scalar
// backward 22% (perf, 1.2 s per model, slower than the dense BLAS path).
template <class T>
struct Simd {
  static constexpr std::size_t lanes = 32 / sizeof(T);
  typedef T type __attribute__((vector_size(32)));
};
template <class T>
using Vec = typename Simd<T>::type;

template <class T>
Vec<T> load(const T* p) {
  Vec<T> v;
  std::memcpy(&v, p, sizeof v);  // an unaligned vector load
  return v;
}
template <class T>
void store(T* p, const Vec<T>& v) {
  std::memcpy(p, &v, sizeof v);
}

// A row of `out` >= lanes columns is covered by ceil(out / lanes) vectors at offsets
// min(v * lanes, out - lanes): the last one overlaps its predecessor when lanes does not divide
// out (out = 10: offsets 0 and 2), so every load and store stays inside the row. Up to kMaxVecs
// vectors are kept in registers per pass over a row's nonzeros.
inline constexpr std::size_t kMaxVecs = 4;

// y[off[v] ..+lanes) = b[..] + sum_i val[i] * w[col[i] * ld + off[v] ..+lanes) for v < NV. Two
// accumulator sets (even and odd nonzeros) halve the multiply-add dependency chain. Overlapping
// lanes are computed by the same operations in the same order, so they store the same value.
template <std::size_t NV, class T>
void sparse_row_vectors(const std::uint16_t* col, const float* val, std::size_t nnz, const T* w,
                        std::size_t ld, const std::size_t* off, const T* b, T* y) {
  Vec<T> acc0[NV], acc1[NV];
  for (std::size_t v = 0; v < NV; ++v) acc0[v] = load(b + off[v]), acc1[v] = Vec<T>{};
  std::size_t i = 0;
  for (; i + 2 <= nnz; i += 2) {
    const T v0 = static_cast<T>(val[i]), v1 = static_cast<T>(val[i + 1]);
    const T* w0 = w + static_cast<std::size_t>(col[i]) * ld;
    const T* w1 = w + static_cast<std::size_t>(col[i + 1]) * ld;
    for (std::size_t v = 0; v < NV; ++v) acc0[v] += v0 * load(w0 + off[v]);
    for (std::size_t v = 0; v < NV; ++v) acc1[v] += v1 * load(w1 + off[v]);
  }
  if (i < nnz) {
    const T v0 = static_cast<T>(val[i]);
    const T* w0 = w + static_cast<std::size_t>(col[i]) * ld;
    for (std::size_t v = 0; v < NV; ++v) acc0[v] += v0 * load(w0 + off[v]);
  }
  for (std::size_t v = 0; v < NV; ++v) store(y + off[v], acc0[v] + acc1[v]);
}

// dw[col[i] * ld + off[v] ..+lanes) += val[i] * dy[off[v] ..+lanes) for every i, v < NV. Per
// nonzero all vectors are loaded before any is stored, and stored last to first, so the lanes
// the last vector shares with its predecessor end up with the predecessor's (single) update.
template <std::size_t NV, class T>
void sparse_outer_vectors(const std::uint16_t* col, const float* val, std::size_t nnz, const T* dy,
                          T* dw, std::size_t ld, const std::size_t* off) {
  Vec<T> d[NV];
  for (std::size_t v = 0; v < NV; ++v) d[v] = load(dy + off[v]);
  for (std::size_t i = 0; i < nnz; ++i) {
    const T x = static_cast<T>(val[i]);
    T* g = dw + static_cast<std::size_t>(col[i]) * ld;
    Vec<T> t[NV];
    for (std::size_t v = 0; v < NV; ++v) t[v] = load(g + off[v]) + x * d[v];
    for (std::size_t v = NV; v-- > 0;) store(g + off[v], t[v]);
  }
}

// dw[off[v] ..+lanes) += sum over the column's entries e: val[e] * dy[sample[e] * ld + off[v]
// ..+lanes), accumulated in registers and stored once. Overlapping lanes get identical values.
template <std::size_t NV, class T>
void sparse_column_vectors(const std::uint32_t* sample, const float* val, std::size_t n,
                           const T* dy, std::size_t ld, const std::size_t* off, T* dw) {
  Vec<T> acc[NV];
  for (std::size_t v = 0; v < NV; ++v) acc[v] = load(dw + off[v]);
  for (std::size_t e = 0; e < n; ++e) {
    const T x = static_cast<T>(val[e]);
    const T* d = dy + static_cast<std::size_t>(sample[e]) * ld;
    for (std::size_t v = 0; v < NV; ++v) acc[v] += x * load(d + off[v]);
  }
  for (std::size_t v = 0; v < NV; ++v) store(dw + off[v], acc[v]);
}

// Calls f(integral_constant<NV>, offsets) for each pass over a row of `out` >= lanes columns,
// left to right. The two overlapping vectors always share a pass (passes of 4, but ..., 3, 2
// when 4 would leave one vector alone).
template <class T, class F>
void for_each_pass(std::size_t out, F&& f) {
  constexpr std::size_t lanes = Simd<T>::lanes;
  const std::size_t nvec = (out + lanes - 1) / lanes;
  std::size_t off[kMaxVecs];
  for (std::size_t first = 0; first < nvec;) {
    const std::size_t left = nvec - first;
    const std::size_t n = left == kMaxVecs + 1 ? 3 : std::min(left, kMaxVecs);
    for (std::size_t v = 0; v < n; ++v) off[v] = std::min((first + v) * lanes, out - lanes);
    switch (n) {
      case 1:
        f(std::integral_constant<std::size_t, 1>{}, off);
        break;
      case 2:
        f(std::integral_constant<std::size_t, 2>{}, off);
        break;
      case 3:
        f(std::integral_constant<std::size_t, 3>{}, off);
        break;
      default:
        f(std::integral_constant<std::size_t, 4>{}, off);
        break;
    }
    first += n;
  }
}

// The rows of a shuffled batch sit at random places in a 80 MB matrix, so each one starts with
// cache misses on its columns and values; the forward was bound by them (perf: the stall sat
// on the first column load). Prefetching a few rows ahead hides that latency.
inline constexpr std::size_t kPrefetchRows = 2;

inline void prefetch_row(const datasets::CsrMatrix& m, std::uint32_t r) {
  const std::uint64_t s = m.row_ptr[r], e = m.row_ptr[r + 1];
  const char* c = reinterpret_cast<const char*>(m.col.data() + s);
  const char* c_end = reinterpret_cast<const char*>(m.col.data() + e);
  const char* v = reinterpret_cast<const char*>(m.val.data() + s);
  const char* v_end = reinterpret_cast<const char*>(m.val.data() + e);
  for (; c < c_end; c += 64) __builtin_prefetch(c);
  for (; v < v_end; v += 64) __builtin_prefetch(v);
}

}  // namespace detail

// Starts loading the rows of a coming batch into the cache (a hint: no effect on results). The
// training loop calls it for batch t+1 right after batch t's forward, so the DRAM latency of
// the shuffled rows overlaps batch t's loss, backward and Adam step.
inline void prefetch_rows(const SparseBatch& x, std::size_t batch) {
  for (std::size_t i = 0; i < batch; ++i) detail::prefetch_row(*x.x, x.rows[i]);
}

// y (batch, fan_out) = x (batch rows of the CSR matrix) w + b; y is overwritten.
template <class T>
void forward(const Dense<T>& layer, const SparseBatch& x, std::size_t batch, T* y) {
  const std::size_t out = layer.fan_out();
  const datasets::CsrMatrix& m = *x.x;
  const T* w = layer.w.data();
  const T* b = layer.b.data();
  for (std::size_t i = 0; i < std::min(batch, detail::kPrefetchRows); ++i)
    detail::prefetch_row(m, x.rows[i]);
  for (std::size_t i = 0; i < batch; ++i) {
    if (i + detail::kPrefetchRows < batch)
      detail::prefetch_row(m, x.rows[i + detail::kPrefetchRows]);
    if (i + 2 * detail::kPrefetchRows < batch)
      __builtin_prefetch(&m.row_ptr[x.rows[i + 2 * detail::kPrefetchRows]]);
    const std::uint64_t s = m.row_ptr[x.rows[i]];
    const std::size_t nnz = static_cast<std::size_t>(m.row_ptr[x.rows[i] + 1] - s);
    const std::uint16_t* col = m.col.data() + s;
    const float* val = m.val.data() + s;
    T* yi = y + i * out;
    if (out < detail::Simd<T>::lanes) {  // too narrow for one vector: plain loops
      for (std::size_t j = 0; j < out; ++j) yi[j] = b[j];
      for (std::size_t q = 0; q < nnz; ++q)
        for (std::size_t j = 0; j < out; ++j)
          yi[j] += static_cast<T>(val[q]) * w[static_cast<std::size_t>(col[q]) * out + j];
      continue;
    }
    detail::for_each_pass<T>(out, [&](auto nv, const std::size_t* off) {
      detail::sparse_row_vectors<decltype(nv)::value>(col, val, nnz, w, out, off, b, yi);
    });
  }
}

namespace detail {
// dw += x^T dy row by row: for each batch row, each nonzero adds into one dW row.
template <class T>
void backward_rows(const SparseBatch& x, const T* dy, std::size_t batch, std::size_t out, T* dw) {
  const datasets::CsrMatrix& m = *x.x;
  for (std::size_t i = 0; i < batch; ++i) {
    const std::uint64_t s = m.row_ptr[x.rows[i]];
    const std::size_t nnz = static_cast<std::size_t>(m.row_ptr[x.rows[i] + 1] - s);
    const std::uint16_t* col = m.col.data() + s;
    const float* val = m.val.data() + s;
    const T* dyi = dy + i * out;
    if (out < detail::Simd<T>::lanes) {
      for (std::size_t q = 0; q < nnz; ++q)
        for (std::size_t j = 0; j < out; ++j)
          dw[static_cast<std::size_t>(col[q]) * out + j] += static_cast<T>(val[q]) * dyi[j];
      continue;
    }
    detail::for_each_pass<T>(out, [&](auto nv, const std::size_t* off) {
      detail::sparse_outer_vectors<decltype(nv)::value>(col, val, nnz, dyi, dw, out, off);
    });
  }
}
}  // namespace detail

// Adds d(loss)/d(w) += x^T dy (over the nonzeros of x only) and d(loss)/d(b) += column sums of
// dy into `grad`. There is no input gradient.
template <class T>
void backward(const Dense<T>& layer, Dense<T>& grad, const SparseBatch& x, const T* dy,
              std::size_t batch) {
  const std::size_t out = layer.fan_out();
  const datasets::CsrMatrix& m = *x.x;
  T* dw = grad.w.data();
  if (x.columns != nullptr && out >= kColumnBackwardMinOut) {
    // Group the batch's nonzeros by column (counting sort, batch rows ascending within a
    // column), then update each touched dW row once. Per dW entry the sum runs over the batch
    // rows in order, exactly as in the row-by-row loop below.
    SparseColumns& sc = *x.columns;
    const std::size_t in = layer.fan_in();
    std::fill(sc.col_ptr.begin(), sc.col_ptr.end(), 0u);
    for (std::size_t i = 0; i < batch; ++i)
      for (std::uint64_t q = m.row_ptr[x.rows[i]]; q < m.row_ptr[x.rows[i] + 1]; ++q)
        ++sc.col_ptr[m.col[q] + 1];
    for (std::size_t c = 0; c < in; ++c) sc.col_ptr[c + 1] += sc.col_ptr[c];
    std::copy(sc.col_ptr.begin(), sc.col_ptr.end() - 1, sc.next.begin());
    for (std::size_t i = 0; i < batch; ++i)
      for (std::uint64_t q = m.row_ptr[x.rows[i]]; q < m.row_ptr[x.rows[i] + 1]; ++q) {
        const std::uint32_t pos = sc.next[m.col[q]]++;
        sc.sample[pos] = static_cast<std::uint32_t>(i);
        sc.val[pos] = m.val[q];
      }
    for (std::size_t c = 0; c < in; ++c) {
      const std::size_t n = sc.col_ptr[c + 1] - sc.col_ptr[c];
      if (n == 0) continue;
      const std::uint32_t* sample = sc.sample.data() + sc.col_ptr[c];
      const float* val = sc.val.data() + sc.col_ptr[c];
      detail::for_each_pass<T>(out, [&](auto nv, const std::size_t* off) {
        detail::sparse_column_vectors<decltype(nv)::value>(sample, val, n, dy, out, off,
                                                           dw + c * out);
      });
    }
  } else {
    detail::backward_rows(x, dy, batch, out, dw);
  }
  T* db = grad.b.data();
  for (std::size_t i = 0; i < batch; ++i) {
    const T* row = dy + i * out;
    for (std::size_t j = 0; j < out; ++j) db[j] += row[j];
  }
}

}  // namespace rwwce::models
