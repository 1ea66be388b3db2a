// The sparse first layer (models/sparse_input.hpp) against the dense one, a double-precision
// finite-difference check through the sparse path, and the training loop's choice of path.
#include "models/sparse_input.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <random>
#include <vector>

#include "core/portable_random.hpp"
#include "models/any_loss.hpp"
#include "models/mlp.hpp"
#include "models/train.hpp"
#include "tests/models/gradient_check.hpp"

namespace rwwce::models {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// (rows, cols) row-major with about `density` nonzeros in [0, 1], like pixels; row 1 is empty.
std::vector<float> sparse_source(std::size_t rows, std::size_t cols, double density,
                                 std::mt19937_64& e) {
  std::vector<float> x(rows * cols, 0.0f);
  for (auto& v : x)
    if (uniform01(e) < density) v = static_cast<float>(uniform01(e));
  for (std::size_t c = 0; c < cols; ++c) x[cols + c] = 0.0f;
  return x;
}

template <class T>
void fill_uniform(T* p, std::size_t n, std::mt19937_64& e, double lo, double hi) {
  for (std::size_t i = 0; i < n; ++i) p[i] = static_cast<T>(lo + (hi - lo) * uniform01(e));
}

// Every covering the dispatcher uses (8-float vectors, a 4-float half for remainders <= 4):
// 1 (scalar loops), 10 (Table I: vector + overlapping half), 12 (vector + half, no overlap),
// 32 (one pass of 4 vectors), 33 (4 vectors, then a pass of 1 + half), 50 (Table II: 6 vectors
// + half in passes of 4 and 2 + half), 70 (8 full + 1 overlapping full: passes 4, 3, 2).
TEST(SparseInput, ForwardAndBackwardEqualTheDenseLayer) {
  const std::size_t n_source = 30, in = 100;
  std::mt19937_64 e(7);
  const std::vector<float> source = sparse_source(n_source, in, 0.2, e);
  const datasets::CsrMatrix csr = datasets::to_csr(source.data(), n_source, in);
  const std::vector<std::uint32_t> rows = {4, 1, 17, 4, 29, 0, 12, 3, 22, 8, 1};  // repeats, empty
  const std::size_t batch = rows.size();
  std::vector<float> x(batch * in);  // the dense gather of the same rows
  for (std::size_t i = 0; i < batch; ++i)
    std::copy(source.begin() + rows[i] * in, source.begin() + (rows[i] + 1) * in,
              x.begin() + i * in);
  for (const std::size_t out : {1, 10, 12, 32, 33, 50, 70}) {
    Dense<float> layer = make_dense<float>(in, out);
    fill_uniform(layer.w.data(), layer.w.size(), e, -1, 1);
    fill_uniform(layer.b.data(), layer.b.size(), e, -1, 1);
    std::vector<float> y_dense(batch * out), y_sparse(batch * out, std::nanf(""));
    forward(layer, x.data(), batch, y_dense.data());
    forward(layer, SparseBatch{&csr, rows.data()}, batch, y_sparse.data());
    // Sums of <= ~35 products of magnitude <= 1: float rounding differs only by summation
    // order, a few ulps of the sum; 1e-5 absolute is ~100x that.
    for (std::size_t i = 0; i < y_dense.size(); ++i)
      ASSERT_NEAR(y_sparse[i], y_dense[i], 1e-5) << "out " << out << " entry " << i;

    std::vector<float> dy(batch * out);
    fill_uniform(dy.data(), dy.size(), e, -1, 1);
    Dense<float> g_dense = make_dense<float>(in, out), g_sparse = make_dense<float>(in, out);
    // backward ADDS: start both from the same nonzero gradient
    fill_uniform(g_dense.w.data(), g_dense.w.size(), e, -1, 1);
    fill_uniform(g_dense.b.data(), g_dense.b.size(), e, -1, 1);
    std::copy(g_dense.w.begin(), g_dense.w.end(), g_sparse.w.begin());
    std::copy(g_dense.b.begin(), g_dense.b.end(), g_sparse.b.begin());
    Dense<float> g_columns = g_sparse;
    backward(layer, g_dense, x.data(), dy.data(), batch, static_cast<float*>(nullptr));
    backward(layer, g_sparse, SparseBatch{&csr, rows.data()}, dy.data(), batch);
    // with the column scratch: the by-column backward for out >= kColumnBackwardMinOut
    SparseColumns columns = make_sparse_columns(in, batch);
    backward(layer, g_columns, SparseBatch{&csr, rows.data(), &columns}, dy.data(), batch);
    for (std::size_t i = 0; i < g_dense.w.size(); ++i) {
      ASSERT_NEAR(g_sparse.w.data()[i], g_dense.w.data()[i], 1e-5) << "out " << out << " dw " << i;
      // the same sums in the same order (batch rows ascending per entry): bit-identical
      ASSERT_EQ(g_columns.w.data()[i], g_sparse.w.data()[i]) << "out " << out << " dw " << i;
    }
    for (std::size_t j = 0; j < out; ++j)
      ASSERT_NEAR(g_sparse.b(j), g_dense.b(j), 1e-5) << "out " << out << " db " << j;
  }
}

// MNIST-like pixels u / 255 make to_csr add the packed copy (one 3-byte stream per row, values
// from a palette). The kernels must give the same bits reading it as reading col/val.
TEST(SparseInput, PackedRowsGiveBitIdenticalResults) {
  const std::size_t n_source = 40, in = 120;
  std::mt19937_64 e(13);
  std::vector<float> source(n_source * in, 0.0f);
  for (auto& v : source)
    if (uniform01(e) < 0.2) v = static_cast<float>(1 + uniform_index(255, e)) / 255.0f;
  const datasets::CsrMatrix packed = datasets::to_csr(source.data(), n_source, in);
  ASSERT_TRUE(packed.is_packed());
  datasets::CsrMatrix plain = packed;
  plain.packed.clear();
  ASSERT_FALSE(plain.is_packed());
  const std::vector<std::uint32_t> rows = {5, 0, 39, 5, 17, 22, 1, 30, 8, 12, 33, 2, 19};
  const std::size_t batch = rows.size();
  for (const std::size_t out : {1, 10, 12, 33, 50, 70}) {
    Dense<float> layer = make_dense<float>(in, out);
    fill_uniform(layer.w.data(), layer.w.size(), e, -1, 1);
    fill_uniform(layer.b.data(), layer.b.size(), e, -1, 1);
    std::vector<float> y_plain(batch * out), y_packed(batch * out, std::nanf(""));
    forward(layer, SparseBatch{&plain, rows.data()}, batch, y_plain.data());
    forward(layer, SparseBatch{&packed, rows.data()}, batch, y_packed.data());
    for (std::size_t i = 0; i < y_plain.size(); ++i)
      ASSERT_EQ(y_packed[i], y_plain[i]) << "out " << out << " y " << i;
    std::vector<float> dy(batch * out);
    fill_uniform(dy.data(), dy.size(), e, -1, 1);
    for (const bool by_column : {false, true}) {
      SparseColumns columns = make_sparse_columns(in, batch);
      SparseColumns* scratch = by_column ? &columns : nullptr;
      Dense<float> g_plain = make_dense<float>(in, out), g_packed = make_dense<float>(in, out);
      backward(layer, g_plain, SparseBatch{&plain, rows.data(), scratch}, dy.data(), batch);
      backward(layer, g_packed, SparseBatch{&packed, rows.data(), scratch}, dy.data(), batch);
      for (std::size_t i = 0; i < g_plain.w.size(); ++i)
        ASSERT_EQ(g_packed.w.data()[i], g_plain.w.data()[i]) << "out " << out << " dw " << i;
    }
  }
}

// The forward takes rows two at a time (sparse_row_vectors_pair); a batch of one takes the
// single-row kernel. Each row must get the same bits either way, whatever the two rows' nonzero
// counts (odd, even, empty, unequal).
TEST(SparseInput, RowsInPairsEqualRowsOneByOne) {
  const std::size_t n_source = 30, in = 100;
  std::mt19937_64 e(17);
  const std::vector<float> source = sparse_source(n_source, in, 0.2, e);
  const datasets::CsrMatrix csr = datasets::to_csr(source.data(), n_source, in);
  const std::vector<std::uint32_t> rows = {4, 1, 17, 4, 29, 0, 12, 3, 22, 8, 1};  // odd count
  for (const std::size_t out : {8, 10, 12, 20, 33, 50}) {
    Dense<float> layer = make_dense<float>(in, out);
    fill_uniform(layer.w.data(), layer.w.size(), e, -1, 1);
    fill_uniform(layer.b.data(), layer.b.size(), e, -1, 1);
    std::vector<float> y(rows.size() * out), one(out);
    forward(layer, SparseBatch{&csr, rows.data()}, rows.size(), y.data());
    for (std::size_t i = 0; i < rows.size(); ++i) {
      forward(layer, SparseBatch{&csr, &rows[i]}, 1, one.data());
      for (std::size_t j = 0; j < out; ++j)
        ASSERT_EQ(y[i * out + j], one[j]) << "out " << out << " row " << i << " col " << j;
    }
  }
}

// Signs of every hidden pre-activation of the sparse forward: a parameter whose perturbation
// flips one sits at a ReLU kink and is skipped.
std::vector<bool> hidden_signs(const Mlp<double>& model, const SparseBatch& x, std::size_t batch) {
  MlpWorkspace<double> ws = make_workspace(model, batch);
  std::vector<bool> s;
  forward(model.layers[0], x, batch, ws.act[1].data());
  for (std::size_t l = 1; l < model.layers.size(); ++l) {
    for (std::size_t i = 0; i < batch * model.layers[l].fan_in(); ++i)
      s.push_back(ws.act[l].data()[i] > 0);
    relu_forward(ws.act[l].data(), batch * model.layers[l].fan_in());
    forward(model.layers[l], ws.act[l].data(), batch, ws.act[l + 1].data());
  }
  return s;
}

void check_sparse_mlp(const std::vector<std::size_t>& sizes, const AnyLoss& loss) {
  const std::size_t n_source = 9, batch = 5, k = sizes.back();
  std::mt19937_64 e(23);
  const std::vector<float> source = sparse_source(n_source, sizes[0], 0.3, e);
  const datasets::CsrMatrix csr = datasets::to_csr(source.data(), n_source, sizes[0]);
  const std::vector<std::uint32_t> rows = {3, 1, 8, 3, 6};
  SparseColumns columns = make_sparse_columns(sizes[0], batch);
  const SparseBatch x{&csr, rows.data(), &columns};  // by-column backward when sizes[1] >= 17
  Mlp<double> model = make_mlp<double>(sizes, e);
  for (auto& l : model.layers) fill_uniform(l.b.data(), l.b.size(), e, -0.3, 0.3);
  MlpWorkspace<double> ws = make_workspace(model, batch);
  std::vector<std::uint8_t> y(batch);
  for (std::size_t i = 0; i < batch; ++i) y[i] = static_cast<std::uint8_t>(i % (k == 1 ? 2 : k));
  auto f = [&] {
    forward(model, ws, batch, x);
    return value_and_gradient(loss, ws.act.back().data(), y.data(), batch, k,
                              static_cast<double*>(nullptr));
  };
  f();
  std::fill(ws.delta.back().begin(), ws.delta.back().end(), kNaN);
  value_and_gradient(loss, ws.act.back().data(), y.data(), batch, k, ws.delta.back().data());
  Mlp<double> grad = zeros_like<double>(model);
  for (auto& l : grad.layers) {  // NaN, then the explicit zeroing the training loop does
    std::fill(l.w.begin(), l.w.end(), kNaN);
    std::fill(l.b.begin(), l.b.end(), kNaN);
  }
  zero(grad);
  for (auto& d : ws.delta)  // every buffer backward reads must have been written by it
    if (&d != &ws.delta.back()) std::fill(d.begin(), d.end(), kNaN);
  backward(model, grad, ws, batch, x);
  const auto [checked, total] = testing::expect_parameter_gradients(
      model, grad, f, [&] { return hidden_signs(model, x, batch); }, describe(loss) + " sparse");
  EXPECT_GE(checked, total * 9 / 10) << describe(loss);
  // Kernel rows no batch row touches get exactly zero gradient (and FD agrees above).
  std::size_t untouched = 0;
  for (std::size_t c = 0; c < sizes[0]; ++c) {
    bool used = false;
    for (std::uint32_t r : rows)
      for (std::uint64_t q = csr.row_ptr[r]; q < csr.row_ptr[r + 1]; ++q) used |= csr.col[q] == c;
    if (used) continue;
    ++untouched;
    for (std::size_t j = 0; j < sizes[1]; ++j) EXPECT_EQ(grad.layers[0].w(c, j), 0.0);
  }
  EXPECT_GT(untouched, 0u);
}

TEST(SparseInput, MlpGradientThroughTheSparsePath) {
  check_sparse_mlp({12, 5, 4, 3}, CategoricalCrossEntropy{LossMode::logits});
  check_sparse_mlp({12, 6, 1}, BinaryRwwce{9.0, 1.0, LossMode::keras_clip});
  check_sparse_mlp({12, 34, 1}, BinaryCrossEntropy{LossMode::logits});   // two column blocks
  check_sparse_mlp({12, 2}, CategoricalCrossEntropy{LossMode::logits});  // sparse layer only
}

datasets::Examples examples_of(const std::vector<float>& source, const datasets::CsrMatrix* csr,
                               std::size_t n, std::size_t dim, std::mt19937_64& e) {
  datasets::Examples ex;
  ex.source = source.data();
  ex.dim = dim;
  ex.sparse = csr;
  for (std::uint32_t i = 0; i < n; ++i) {
    ex.rows.push_back((i * 7) % n);
    ex.labels.push_back(static_cast<std::uint8_t>(uniform_index(2, e)));
  }
  return ex;
}

TEST(SparseInput, TrainingChoosesThePathByDensity) {
  std::mt19937_64 e(5);
  const std::size_t n = 50, dim = 20;
  const std::vector<float> sparse = sparse_source(n, dim, 0.2, e);
  const std::vector<float> dense = sparse_source(n, dim, 0.9, e);
  const datasets::CsrMatrix csr_sparse = datasets::to_csr(sparse.data(), n, dim);
  const datasets::CsrMatrix csr_dense = datasets::to_csr(dense.data(), n, dim);
  const auto a = examples_of(sparse, &csr_sparse, n, dim, e);
  const auto b = examples_of(dense, &csr_dense, n, dim, e);
  const auto c = examples_of(sparse, nullptr, n, dim, e);
  EXPECT_TRUE(uses_sparse_input(a, InputPath::automatic));
  EXPECT_FALSE(uses_sparse_input(a, InputPath::dense));
  EXPECT_FALSE(uses_sparse_input(b, InputPath::automatic));
  EXPECT_TRUE(uses_sparse_input(b, InputPath::sparse));
  EXPECT_FALSE(uses_sparse_input(c, InputPath::automatic));
  EXPECT_THROW(uses_sparse_input(c, InputPath::sparse), InputError);
  // A sparse source that is not the same matrix is refused.
  datasets::Examples wrong = a;
  const datasets::CsrMatrix narrow = datasets::to_csr(sparse.data(), n * 2, dim / 2);
  wrong.sparse = &narrow;
  Mlp<float> model = make_mlp({dim, 3, 1}, e);
  EXPECT_THROW(train(model, BinaryCrossEntropy{}, AdamConfig{}, wrong, nullptr, {}, e), InputError);
}

// Two epochs, Adam, through both paths from the same initial weights and shuffles: the float
// summation order is all that differs, so losses and predictions agree closely.
TEST(SparseInput, TrainingSparseMatchesTrainingDense) {
  std::mt19937_64 e(9);
  const std::size_t n = 400, dim = 64;
  const std::vector<float> source = sparse_source(n, dim, 0.2, e);
  const datasets::CsrMatrix csr = datasets::to_csr(source.data(), n, dim);
  const auto ex = examples_of(source, &csr, n, dim, e);
  std::mt19937_64 init(3);
  const Mlp<float> model0 = make_mlp({dim, 10, 1}, init);
  Mlp<float> m_dense = model0, m_sparse = model0;
  std::mt19937_64 e1(4), e2(4);
  const TrainConfig dense_cfg{2, 32, true, InputPath::dense};
  const TrainConfig sparse_cfg{2, 32, true, InputPath::sparse};
  const auto h1 = train(m_dense, BinaryCrossEntropy{}, AdamConfig{}, ex, &ex, dense_cfg, e1);
  const auto h2 = train(m_sparse, BinaryCrossEntropy{}, AdamConfig{}, ex, &ex, sparse_cfg, e2);
  for (std::size_t i = 0; i < 2; ++i) {
    EXPECT_NEAR(h1.fit_loss[i], h2.fit_loss[i], 1e-4);  // losses ~0.7; float-rounding apart
    EXPECT_NEAR(h1.val_loss[i], h2.val_loss[i], 1e-4);
  }
  xt::xtensor<float, 2> p1, p2, p3;
  predict_proba(m_sparse, ex, p1, InputPath::dense);
  predict_proba(m_sparse, ex, p2, InputPath::sparse);
  predict_proba(m_dense, ex, p3, InputPath::dense);
  for (std::size_t i = 0; i < n; ++i) {
    EXPECT_NEAR(p1(i, 0), p2(i, 0), 1e-6);  // same weights, two paths
    EXPECT_NEAR(p1(i, 0), p3(i, 0), 1e-4);  // two trainings
  }
  EXPECT_NEAR(evaluate_loss(m_sparse, BinaryCrossEntropy{}, ex, 500, InputPath::sparse),
              evaluate_loss(m_sparse, BinaryCrossEntropy{}, ex, 500, InputPath::dense), 1e-6);
}

// Without a dense source (MNIST keeps only its sparse copy) the dense path expands each row from
// the sparse copy: the same floats, so training and predictions are bit-identical, in float32
// and in float64; with neither source training is refused.
TEST(SparseInput, DensePathWithoutADenseSourceReadsTheSparseCopy) {
  std::mt19937_64 e(11);
  const std::size_t n = 300, dim = 48;
  const std::vector<float> source = sparse_source(n, dim, 0.2, e);
  const datasets::CsrMatrix csr = datasets::to_csr(source.data(), n, dim);
  const auto with = examples_of(source, &csr, n, dim, e);
  datasets::Examples without = with;
  without.source = nullptr;
  std::vector<float> a(dim), b(dim, -1.0f);
  for (std::size_t i = 0; i < n; ++i) {
    with.copy_row(i, a.data());
    without.copy_row(i, b.data());
    ASSERT_EQ(a, b) << "example " << i;
  }
  const TrainConfig cfg{2, 32, true, InputPath::dense};
  std::mt19937_64 init(3);
  const Mlp<float> f0 = make_mlp({dim, 8, 1}, init);
  Mlp<float> f1 = f0, f2 = f0;
  std::mt19937_64 e1(4), e2(4);
  const auto h1 = train(f1, BinaryCrossEntropy{}, AdamConfig{}, with, &with, cfg, e1);
  const auto h2 = train(f2, BinaryCrossEntropy{}, AdamConfig{}, without, &without, cfg, e2);
  EXPECT_EQ(h1.fit_loss, h2.fit_loss);
  EXPECT_EQ(h1.val_loss, h2.val_loss);
  xt::xtensor<float, 2> p1, p2;
  predict_proba(f1, with, p1, InputPath::dense);
  predict_proba(f2, without, p2, InputPath::dense);
  EXPECT_EQ(p1, p2);
  std::mt19937_64 init64(3);
  const Mlp<double> d0 = make_mlp<double>({dim, 8, 1}, init64);
  Mlp<double> d1 = d0, d2 = d0;
  std::mt19937_64 e3(4), e4(4);
  const auto h3 = train(d1, BinaryCrossEntropy{}, AdamConfig{}, with, &with, cfg, e3);
  const auto h4 = train(d2, BinaryCrossEntropy{}, AdamConfig{}, without, &without, cfg, e4);
  EXPECT_EQ(h3.fit_loss, h4.fit_loss);
  EXPECT_EQ(d1.layers[0].w, d2.layers[0].w);
  datasets::Examples neither = without;
  neither.sparse = nullptr;
  Mlp<float> f3 = f0;
  EXPECT_THROW(train(f3, BinaryCrossEntropy{}, AdamConfig{}, neither, nullptr, cfg, e1),
               InputError);
}

}  // namespace
}  // namespace rwwce::models
