#pragma once
// The first Dense layer over sparse inputs: the same layer (models/dense.hpp, kernel (in, out)
// row-major), but the batch is a list of CSR rows, so only the nonzeros do work:
//   forward   y[m][:] = b + sum over nonzeros (c, v) of row m: v * w[c][:]
//   backward  dw[c][:] += v * dy[m][:] over the same nonzeros; db += column sums of dy.
// No input gradient (the first layer never needs one). Each nonzero is one contiguous
// multiply-add over the row of `out` columns, held in up to four AVX registers per pass
// (out = 10: one 8-float vector and one 4-float half). Rows come from the matrix's packed copy
// when it has one (datasets/csr_matrix.hpp), else from col/val: the same bits either way.
// Loop orders are fixed (sample, pass over columns, nonzero in column order), so results are
// deterministic; they differ from the dense GEMM only by float summation order.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <type_traits>
#include <utility>
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

// From this many outputs on the backward regroups the batch by column first (a counting sort,
// then each touched dW row accumulated in registers and stored once). Measured on real MNIST
// batches (single thread, forward + backward per nonzero): out = 20 rows 4-6 ns against 10-14
// by column; out = 50 about equal (10-11 ns); Table II's fused out = 100 faster by column
// (12-pair table2 runs 13-17 s against 15-18 s).
inline constexpr std::size_t kColumnBackwardMinOut = 64;

namespace detail {

// 32-byte vectors (AVX) through the GCC/Clang vector extension. Plain loops were tried first:
// GCC 12 vectorised the loop over nonzeros (with gathers) instead of the row of W1, leaving the
// accumulators on the stack; the forward then took 52% of a Table I run and the scalar
// backward 22% (perf, 1.2 s per model, slower than the dense BLAS path).
template <class T>
struct Simd {
  static constexpr std::size_t lanes = 32 / sizeof(T);
  typedef T type __attribute__((vector_size(32)));
  typedef T half __attribute__((vector_size(16)));  // lanes / 2 (SSE width)
  // The same vectors at T's alignment: unaligned loads and stores that, unlike a memcpy, alias
  // only T, so a store into dW does not force the compiler to reload everything else.
  typedef T unaligned __attribute__((vector_size(32), aligned(alignof(T))));
  typedef T unaligned_half __attribute__((vector_size(16), aligned(alignof(T))));
};
template <class T>
using Vec = typename Simd<T>::type;
template <class T>
using HalfVec = typename Simd<T>::half;

template <class T>
Vec<T> load(const T* p) {
  return *reinterpret_cast<const typename Simd<T>::unaligned*>(p);
}
template <class T>
HalfVec<T> load_half(const T* p) {
  return *reinterpret_cast<const typename Simd<T>::unaligned_half*>(p);
}
template <class T>
void store(T* p, const Vec<T>& v) {
  *reinterpret_cast<typename Simd<T>::unaligned*>(p) = v;
}
template <class T>
void store(T* p, const HalfVec<T>& v) {
  *reinterpret_cast<typename Simd<T>::unaligned_half*>(p) = v;
}

// A row of `out` >= lanes columns is covered by out / lanes full vectors and, for the
// remainder r = out % lanes, either one half vector at offset out - lanes / 2 (0 < r <= lanes / 2)
// or one more full vector at offset out - lanes (r > lanes / 2). The last piece overlaps its
// predecessor unless r is lanes or lanes / 2, so every load and store stays inside the row.
// Table I's out = 10 is a vector at 0 and a half at 6: the 40-byte rows of W1 make 3 in 8 of
// the 32-byte accesses at offset 2 (the former overlapping vector) split across cache lines,
// against 1 in 8 of the 16-byte ones at offset 6. Up to kMaxVecs pieces are kept in registers
// per pass over a row's nonzeros.
inline constexpr std::size_t kMaxVecs = 4;

// f(0), f(1), ..., f(NV - 1), unrolled at compile time so a pass's vectors live in registers:
// plain loops left to GCC 12 were sometimes kept in stack arrays once inlined (stores split in
// halves), which doubled the backward's time.
//
// The lambda with a template parameter list is C++20, accepted by GCC 12 in C++17 mode. A
// helper function template instead changed GCC's inlining here (a new -Warray-bounds warning
// on a pass that never runs), so this tuned code stays as it is and only clang (the fuzz
// build) is told the extension is intended.
#if defined(__clang__)
#pragma clang diagnostic push
#pragma clang diagnostic ignored "-Wc++20-extensions"
#endif
template <std::size_t NV, class F>
[[gnu::always_inline]] inline void unroll(F&& f) {
  [&]<std::size_t... V>(std::index_sequence<V...>) {
    (f(V), ...);
  }
  (std::make_index_sequence<NV>{});
}
#if defined(__clang__)
#pragma clang diagnostic pop
#endif

// A prefetch the optimiser cannot delete. GCC 12 -O2 removed loops holding only
// __builtin_prefetch once inlined (a finite loop without side effects), so until this helper
// no row was ever prefetched; the empty volatile asm keeps such loops.
inline void prefetch_line(const void* p) {
  __builtin_prefetch(p);
  asm volatile("" : : "r"(p));
}

// The nonzeros of one source row: entry i has column col(i) and value vals[i]. Columns are
// native-endian uint16 read with memcpy (the packed copy stores them at any byte address).
// Kernels take rows (and copy offsets) by value, so they stay in registers.
template <class Values>
struct SparseRow {
  const unsigned char* columns;
  Values vals;
  std::size_t nnz;
  std::size_t col(std::size_t i) const {
    std::uint16_t c;
    std::memcpy(&c, columns + 2 * i, sizeof c);
    return c;
  }
};

// Values from the float array (CsrMatrix::val) or from palette codes (CsrMatrix::packed).
struct FloatValues {
  const float* v;
  float operator[](std::size_t i) const { return v[i]; }
};
struct PaletteValues {
  const std::uint8_t* code;
  const float* palette;
  float operator[](std::size_t i) const { return palette[code[i]]; }
};

// The rows of a CsrMatrix as the kernels read them: PlainSource from col and val (any matrix),
// PackedSource from the single packed stream (matrices with <= 256 distinct values). Both give
// the same columns and the same float values in the same order, so results are bit-identical.
struct PlainSource {
  const datasets::CsrMatrix& m;
  SparseRow<FloatValues> row(std::uint32_t r) const {
    const std::uint64_t s = m.row_ptr[r];
    return {reinterpret_cast<const unsigned char*>(m.col.data() + s),
            {m.val.data() + s},
            static_cast<std::size_t>(m.row_ptr[r + 1] - s)};
  }
  void prefetch(std::uint32_t r) const {
    const std::uint64_t s = m.row_ptr[r], e = m.row_ptr[r + 1];
    prefetch_bytes(m.col.data() + s, m.col.data() + e);
    prefetch_bytes(m.val.data() + s, m.val.data() + e);
  }
  // Prefetches every cache line of [begin, end).
  static void prefetch_bytes(const void* begin, const void* end) {
    for (auto p = static_cast<const char*>(begin); p < static_cast<const char*>(end); p += 64)
      prefetch_line(p);
  }
};
struct PackedSource {
  const datasets::CsrMatrix& m;
  SparseRow<PaletteValues> row(std::uint32_t r) const {
    const std::uint64_t s = m.row_ptr[r];
    const std::size_t n = static_cast<std::size_t>(m.row_ptr[r + 1] - s);
    const unsigned char* p = m.packed.data() + 3 * s;
    return {p, {p + 2 * n, m.palette.data()}, n};
  }
  void prefetch(std::uint32_t r) const {
    PlainSource::prefetch_bytes(m.packed.data() + 3 * m.row_ptr[r],
                                m.packed.data() + 3 * m.row_ptr[r + 1]);
  }
};

// Calls f(source) with the packed source when the matrix has one, the plain one otherwise.
template <class F>
void with_source(const datasets::CsrMatrix& m, F&& f) {
  if (m.is_packed())
    f(PackedSource{m});
  else
    f(PlainSource{m});
}

// The kernels below process one pass: NV full vectors at off[0 .. NV) and, if Half, a half
// vector at off[NV]. Each lane's arithmetic is the same whichever piece holds it, so
// overlapping lanes get identical values and the results do not depend on the covering.

// One row's forward state: y[pieces] = b[..] + sum_i vals[i] * w[col(i) * ld + pieces], with two
// accumulator sets (even and odd nonzeros) to halve the multiply-add dependency chain.
template <std::size_t NV, bool Half, class T>
struct RowSums {
  Vec<T> acc0[NV + 1], acc1[NV + 1];
  HalfVec<T> h0{}, h1{};

  [[gnu::always_inline]] void start(const T* b, const std::size_t* off) {
    unroll<NV>([&](std::size_t v) {
      acc0[v] = load(b + off[v]);
      acc1[v] = Vec<T>{};
    });
    if constexpr (Half) h0 = load_half(b + off[NV]);
  }
  // Adds nonzeros i (even set) and i + 1 (odd set).
  template <class Row>
  [[gnu::always_inline]] void add_pair(const Row& row, std::size_t i, const T* w, std::size_t ld,
                                       const std::size_t* off) {
    const T v0 = static_cast<T>(row.vals[i]), v1 = static_cast<T>(row.vals[i + 1]);
    const T* w0 = w + row.col(i) * ld;
    const T* w1 = w + row.col(i + 1) * ld;
    unroll<NV>([&](std::size_t v) { acc0[v] += v0 * load(w0 + off[v]); });
    if constexpr (Half) h0 += v0 * load_half(w0 + off[NV]);
    unroll<NV>([&](std::size_t v) { acc1[v] += v1 * load(w1 + off[v]); });
    if constexpr (Half) h1 += v1 * load_half(w1 + off[NV]);
  }
  // Adds the rest of the row from nonzero i on (i even).
  template <class Row>
  [[gnu::always_inline]] void finish(const Row& row, std::size_t i, const T* w, std::size_t ld,
                                     const std::size_t* off) {
    for (; i + 2 <= row.nnz; i += 2) add_pair(row, i, w, ld, off);
    if (i < row.nnz) {
      const T v0 = static_cast<T>(row.vals[i]);
      const T* w0 = w + row.col(i) * ld;
      unroll<NV>([&](std::size_t v) { acc0[v] += v0 * load(w0 + off[v]); });
      if constexpr (Half) h0 += v0 * load_half(w0 + off[NV]);
    }
  }
  [[gnu::always_inline]] void store_to(T* y, const std::size_t* off) const {
    unroll<NV>([&](std::size_t v) { store(y + off[v], acc0[v] + acc1[v]); });
    if constexpr (Half) store(y + off[NV], h0 + h1);
  }
};

// One row's pieces of y (see RowSums).
template <std::size_t NV, bool Half, class T, class Row>
void sparse_row_vectors(const Row row, const T* w, std::size_t ld, const std::size_t* offsets,
                        const T* b, T* y) {
  std::size_t off[NV + 1];
  for (std::size_t v = 0; v < NV + (Half ? 1 : 0); ++v) off[v] = offsets[v];
  RowSums<NV, Half, T> r;
  r.start(b, off);
  r.finish(row, 0, w, ld, off);
  r.store_to(y, off);
}

// Two rows at once: while both have nonzeros left their additions alternate, so the two rows'
// multiply-add chains overlap (one row's loop waits on FMA latency: each accumulator gets one
// multiply-add per two nonzeros). Each row's lanes see exactly the operations of
// sparse_row_vectors, in the same order: the results are bit-identical.
template <std::size_t NV, bool Half, class T, class Row>
void sparse_row_vectors_pair(const Row ra, const Row rb, const T* w, std::size_t ld,
                             const std::size_t* offsets, const T* b, T* ya, T* yb) {
  std::size_t off[NV + 1];
  for (std::size_t v = 0; v < NV + (Half ? 1 : 0); ++v) off[v] = offsets[v];
  RowSums<NV, Half, T> a, c;
  a.start(b, off);
  c.start(b, off);
  const std::size_t both = std::min(ra.nnz, rb.nnz) & ~std::size_t{1};
  for (std::size_t i = 0; i < both; i += 2) {
    a.add_pair(ra, i, w, ld, off);
    c.add_pair(rb, i, w, ld, off);
  }
  a.finish(ra, both, w, ld, off);
  c.finish(rb, both, w, ld, off);
  a.store_to(ya, off);
  c.store_to(yb, off);
}

// dw[col(i) * ld + pieces] += vals[i] * dy[pieces] for every i. Per nonzero all pieces are
// loaded before any is stored, so lanes shared by two pieces get one update, not two.
template <std::size_t NV, bool Half, class T, class Row>
void sparse_outer_vectors(const Row row, const T* dy, T* dw, std::size_t ld,
                          const std::size_t* offsets) {
  std::size_t off[NV + 1];
  Vec<T> d[NV + 1];
  HalfVec<T> dh{};
  unroll<NV>([&](std::size_t v) {
    off[v] = offsets[v];
    d[v] = load(dy + off[v]);
  });
  off[NV] = Half ? offsets[NV] : 0;
  if constexpr (Half) dh = load_half(dy + off[NV]);
  for (std::size_t i = 0; i < row.nnz; ++i) {
    const T x = static_cast<T>(row.vals[i]);
    T* g = dw + row.col(i) * ld;
    Vec<T> t[NV + 1];
    HalfVec<T> th{};
    unroll<NV>([&](std::size_t v) { t[v] = load(g + off[v]) + x * d[v]; });
    if constexpr (Half) th = load_half(g + off[NV]) + x * dh;
    unroll<NV>([&](std::size_t v) { store(g + off[v], t[v]); });
    if constexpr (Half) store(g + off[NV], th);
  }
}

// dw[pieces] += sum over the column's entries e: val[e] * dy[sample[e] * ld + pieces],
// accumulated in registers and stored once.
template <std::size_t NV, bool Half, class T>
void sparse_column_vectors(const std::uint32_t* sample, const float* val, std::size_t n,
                           const T* dy, std::size_t ld, const std::size_t* offsets, T* dw) {
  std::size_t off[NV + 1];
  Vec<T> acc[NV + 1];
  HalfVec<T> h{};
  unroll<NV>([&](std::size_t v) {
    off[v] = offsets[v];
    acc[v] = load(dw + off[v]);
  });
  off[NV] = Half ? offsets[NV] : 0;
  if constexpr (Half) h = load_half(dw + off[NV]);
  for (std::size_t e = 0; e < n; ++e) {
    const T x = static_cast<T>(val[e]);
    const T* d = dy + static_cast<std::size_t>(sample[e]) * ld;
    unroll<NV>([&](std::size_t v) { acc[v] += x * load(d + off[v]); });
    if constexpr (Half) h += x * load_half(d + off[NV]);
  }
  unroll<NV>([&](std::size_t v) { store(dw + off[v], acc[v]); });
  if constexpr (Half) store(dw + off[NV], h);
}

// Calls f(integral_constant<NV>, bool_constant<Half>, offsets) for each pass over a row of
// `out` >= lanes columns, left to right, covering it as described at kMaxVecs. Passes hold up to
// kMaxVecs pieces (but ..., 3, 2 when 4 would leave one alone), so the last two pieces, which
// may overlap, always share a pass.
template <class T, class F>
void for_each_pass(std::size_t out, F&& f) {
  constexpr std::size_t lanes = Simd<T>::lanes, half = lanes / 2;
  const std::size_t rem = out % lanes;
  const bool has_half = rem > 0 && rem <= half;
  const std::size_t n_full = out / lanes + (rem > half ? 1 : 0);
  const std::size_t n_pieces = n_full + (has_half ? 1 : 0);
  std::size_t off[kMaxVecs];
  for (std::size_t first = 0; first < n_pieces;) {
    const std::size_t left = n_pieces - first;
    const std::size_t n = left == kMaxVecs + 1 ? 3 : std::min(left, kMaxVecs);
    const bool with_half = has_half && first + n == n_pieces;
    const std::size_t nv = n - (with_half ? 1 : 0);
    for (std::size_t v = 0; v < nv; ++v) off[v] = std::min((first + v) * lanes, out - lanes);
    if (with_half) off[nv] = out - half;
    const auto call = [&](auto nv_c) {
      if (with_half)
        f(nv_c, std::true_type{}, off);
      else
        f(nv_c, std::false_type{}, off);
    };
    switch (nv) {
      case 0:
        call(std::integral_constant<std::size_t, 0>{});
        break;
      case 1:
        call(std::integral_constant<std::size_t, 1>{});
        break;
      case 2:
        call(std::integral_constant<std::size_t, 2>{});
        break;
      case 3:
        call(std::integral_constant<std::size_t, 3>{});
        break;
      default:
        call(std::integral_constant<std::size_t, 4>{});
        break;
    }
    first += n;
  }
}

// The rows of a shuffled batch sit at random places in a large matrix, so each one starts with
// cache misses; the forward was bound by them (perf: the stall sat on the first column load).
// Prefetching a few rows ahead hides part of that latency.
inline constexpr std::size_t kPrefetchRows = 2;
inline constexpr std::size_t kMaxPairPieces = 3;

template <class T, class Source>
void forward_rows(const Dense<T>& layer, const Source& src, const std::uint32_t* rows,
                  std::size_t batch, T* y) {
  const std::size_t out = layer.fan_out();
  const T* w = layer.w.data();
  const T* b = layer.b.data();
  for (std::size_t i = 0; i < std::min(batch, kPrefetchRows); ++i) src.prefetch(rows[i]);
  if (out < Simd<T>::lanes) {  // too narrow for one vector: plain loops
    // The vector kernels' arithmetic per output: b + the even nonzeros' products, plus the odd
    // ones' sum, so a column's value does not depend on the layer's width (train_lockstep
    // relies on it when it fuses two narrow layers into one wide one).
    for (std::size_t i = 0; i < batch; ++i) {
      if (i + kPrefetchRows < batch) src.prefetch(rows[i + kPrefetchRows]);
      const auto row = src.row(rows[i]);
      T* yi = y + i * out;
      for (std::size_t j = 0; j < out; ++j) {
        T even = b[j], odd = T(0);
        std::size_t q = 0;
        for (; q + 2 <= row.nnz; q += 2) {
          even += static_cast<T>(row.vals[q]) * w[row.col(q) * out + j];
          odd += static_cast<T>(row.vals[q + 1]) * w[row.col(q + 1) * out + j];
        }
        if (q < row.nnz) even += static_cast<T>(row.vals[q]) * w[row.col(q) * out + j];
        yi[j] = even + odd;
      }
    }
    return;
  }
  // Rows two at a time (sparse_row_vectors_pair) in passes of up to kMaxPairPieces pieces: two
  // rows' accumulators for more pieces would not fit the 16 AVX registers.
  for (std::size_t i = 0; i < batch; i += 2) {
    for (std::size_t k = i + kPrefetchRows; k < std::min(batch, i + kPrefetchRows + 2); ++k)
      src.prefetch(rows[k]);
    for (std::size_t k = i + 2 * kPrefetchRows; k < std::min(batch, i + 2 * kPrefetchRows + 2); ++k)
      prefetch_line(&src.m.row_ptr[rows[k]]);
    const auto ra = src.row(rows[i]);
    T* ya = y + i * out;
    if (i + 1 == batch) {
      for_each_pass<T>(out, [&](auto nv, auto half, const std::size_t* off) {
        sparse_row_vectors<decltype(nv)::value, decltype(half)::value>(ra, w, out, off, b, ya);
      });
      break;
    }
    const auto rb = src.row(rows[i + 1]);
    for_each_pass<T>(out, [&](auto nv, auto half, const std::size_t* off) {
      constexpr std::size_t NV = decltype(nv)::value;
      constexpr bool H = decltype(half)::value;
      if constexpr (NV + (H ? 1 : 0) <= kMaxPairPieces) {
        sparse_row_vectors_pair<NV, H>(ra, rb, w, out, off, b, ya, ya + out);
      } else {
        sparse_row_vectors<NV, H>(ra, w, out, off, b, ya);
        sparse_row_vectors<NV, H>(rb, w, out, off, b, ya + out);
      }
    });
  }
}

}  // namespace detail

// Starts loading the row offsets of a coming batch (a hint: no effect on results). The
// training loop calls it for batch t+1 right after batch t's forward, so the forward of t+1
// finds them cached and can prefetch its rows' bytes (forward_rows) without waiting. Fetching
// the whole batch's rows here instead (700 lines at once) stalled on the row offsets and
// flooded the miss queue: slower than prefetching rows as the forward goes.
inline void prefetch_rows(const SparseBatch& x, std::size_t batch) {
  const std::uint64_t* row_ptr = x.x->row_ptr.data();
  for (std::size_t i = 0; i < batch; ++i) detail::prefetch_line(row_ptr + x.rows[i]);
}

// y (batch, fan_out) = x (batch rows of the CSR matrix) w + b; y is overwritten.
template <class T>
void forward(const Dense<T>& layer, const SparseBatch& x, std::size_t batch, T* y) {
  detail::with_source(*x.x,
                      [&](const auto& src) { detail::forward_rows(layer, src, x.rows, batch, y); });
}

namespace detail {
// dw += x^T dy row by row: for each batch row, each nonzero adds into one dW row.
template <class T, class Source>
void backward_rows(const Source& src, const std::uint32_t* rows, const T* dy, std::size_t batch,
                   std::size_t out, T* dw) {
  for (std::size_t i = 0; i < batch; ++i) {
    const auto row = src.row(rows[i]);
    const T* dyi = dy + i * out;
    if (out < Simd<T>::lanes) {
      for (std::size_t q = 0; q < row.nnz; ++q)
        for (std::size_t j = 0; j < out; ++j)
          dw[row.col(q) * out + j] += static_cast<T>(row.vals[q]) * dyi[j];
      continue;
    }
    for_each_pass<T>(out, [&](auto nv, auto half, const std::size_t* off) {
      sparse_outer_vectors<decltype(nv)::value, decltype(half)::value>(row, dyi, dw, out, off);
    });
  }
}

// Groups the batch's nonzeros by column (counting sort, batch rows ascending within a column),
// then updates each touched dW row once. Per dW entry the sum runs over the batch rows in
// order, exactly as in backward_rows.
template <class T, class Source>
void backward_columns(const Source& src, const std::uint32_t* rows, const T* dy, std::size_t batch,
                      std::size_t in, std::size_t out, SparseColumns& sc, T* dw) {
  std::fill(sc.col_ptr.begin(), sc.col_ptr.end(), 0u);
  for (std::size_t i = 0; i < batch; ++i) {
    const auto row = src.row(rows[i]);
    for (std::size_t q = 0; q < row.nnz; ++q) ++sc.col_ptr[row.col(q) + 1];
  }
  for (std::size_t c = 0; c < in; ++c) sc.col_ptr[c + 1] += sc.col_ptr[c];
  std::copy(sc.col_ptr.begin(), sc.col_ptr.end() - 1, sc.next.begin());
  for (std::size_t i = 0; i < batch; ++i) {
    const auto row = src.row(rows[i]);
    for (std::size_t q = 0; q < row.nnz; ++q) {
      const std::uint32_t pos = sc.next[row.col(q)]++;
      sc.sample[pos] = static_cast<std::uint32_t>(i);
      sc.val[pos] = row.vals[q];
    }
  }
  // Passes outside, columns inside: a pass reads only its slice of dy (100 rows x 32 floats =
  // 12.8 KB at Table II's fused out = 100), which then stays in L1 across the columns.
  for_each_pass<T>(out, [&](auto nv, auto half, const std::size_t* off) {
    for (std::size_t c = 0; c < in; ++c) {
      const std::size_t n = sc.col_ptr[c + 1] - sc.col_ptr[c];
      if (n == 0) continue;
      sparse_column_vectors<decltype(nv)::value, decltype(half)::value>(
          sc.sample.data() + sc.col_ptr[c], sc.val.data() + sc.col_ptr[c], n, dy, out, off,
          dw + c * out);
    }
  });
}
}  // namespace detail

// Adds d(loss)/d(w) += x^T dy (over the nonzeros of x only) and d(loss)/d(b) += column sums of
// dy into `grad`. There is no input gradient.
template <class T>
void backward(const Dense<T>& layer, Dense<T>& grad, const SparseBatch& x, const T* dy,
              std::size_t batch) {
  const std::size_t out = layer.fan_out();
  T* dw = grad.w.data();
  detail::with_source(*x.x, [&](const auto& src) {
    if (x.columns != nullptr && out >= kColumnBackwardMinOut)
      detail::backward_columns(src, x.rows, dy, batch, layer.fan_in(), out, *x.columns, dw);
    else
      detail::backward_rows(src, x.rows, dy, batch, out, dw);
  });
  T* db = grad.b.data();
  for (std::size_t i = 0; i < batch; ++i) {
    const T* row = dy + i * out;
    for (std::size_t j = 0; j < out; ++j) db[j] += row[j];
  }
}

}  // namespace rwwce::models
