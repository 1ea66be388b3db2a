// Finite-difference gradient checks in double precision for the dense layer, ReLU and a whole
// MLP end to end. Gradient buffers start as NaN so an entry backward never writes fails.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <random>
#include <vector>

#include "core/portable_random.hpp"
#include "models/any_loss.hpp"
#include "models/mlp.hpp"
#include "tests/models/gradient_check.hpp"

namespace rwwce::models {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
auto never = [](std::size_t, double) { return false; };

void fill_uniform(double* p, std::size_t n, std::mt19937_64& e, double lo, double hi) {
  for (std::size_t i = 0; i < n; ++i) p[i] = lo + (hi - lo) * uniform01(e);
}

TEST(LayerGradient, DenseWeightsBiasAndInput) {
  const std::size_t batch = 3, in = 4, out = 5;
  std::mt19937_64 e(3);
  Dense<double> layer = make_dense<double>(in, out);
  fill_uniform(layer.w.data(), layer.w.size(), e, -1, 1);
  fill_uniform(layer.b.data(), layer.b.size(), e, -1, 1);
  std::vector<double> x(batch * in), r(batch * out), y(batch * out), dx(batch * in, kNaN);
  fill_uniform(x.data(), x.size(), e, -2, 2);
  fill_uniform(r.data(), r.size(), e, -1, 1);
  // scalar function f = sum(r * y), so dy = r
  auto f = [&] {
    forward(layer, x.data(), batch, y.data());
    double s = 0;
    for (std::size_t i = 0; i < y.size(); ++i) s += r[i] * y[i];
    return s;
  };
  Dense<double> grad = make_dense<double>(in, out);
  std::fill(grad.w.begin(), grad.w.end(), kNaN);
  std::fill(grad.b.begin(), grad.b.end(), kNaN);
  zero(grad);
  f();
  backward(layer, grad, x.data(), r.data(), batch, dx.data());
  double* w = layer.w.data();
  double* b = layer.b.data();
  EXPECT_EQ(testing::expect_gradient(
                layer.w.size(), [&](std::size_t i) { return w[i]; },
                [&](std::size_t i, double d) { w[i] += d; }, f, grad.w.data(), never, "dw"),
            20);
  EXPECT_EQ(testing::expect_gradient(
                out, [&](std::size_t i) { return b[i]; },
                [&](std::size_t i, double d) { b[i] += d; }, f, grad.b.data(), never, "db"),
            5);
  EXPECT_EQ(testing::expect_gradient(
                x.size(), [&](std::size_t i) { return x[i]; },
                [&](std::size_t i, double d) { x[i] += d; }, f, dx.data(), never, "dx"),
            12);
  // backward ADDS: a second call doubles the parameter gradients
  const double w0 = grad.w(0, 0);
  backward(layer, grad, x.data(), r.data(), batch, static_cast<double*>(nullptr));
  EXPECT_NEAR(grad.w(0, 0), 2 * w0, 1e-12 * std::abs(w0));
}

TEST(LayerGradient, ReluSkippingKinks) {
  std::mt19937_64 e(5);
  std::vector<double> a(40), r(40), out(40), delta(40);
  fill_uniform(a.data(), a.size(), e, -1, 1);
  a[0] = 0.0;  // a kink: skipped
  fill_uniform(r.data(), r.size(), e, -1, 1);
  auto f = [&] {
    out = a;
    relu_forward(out.data(), out.size());
    double s = 0;
    for (std::size_t i = 0; i < out.size(); ++i) s += r[i] * out[i];
    return s;
  };
  f();
  delta = r;
  relu_backward(out.data(), delta.data(), delta.size());
  const int checked = testing::expect_gradient(
      a.size(), [&](std::size_t i) { return a[i]; }, [&](std::size_t i, double d) { a[i] += d; }, f,
      delta.data(), [&](std::size_t i, double h) { return std::abs(a[i]) <= h; }, "relu");
  EXPECT_EQ(checked, 39);
}

// Signs of every hidden pre-activation: a parameter whose perturbation flips one sits at a kink.
std::vector<bool> hidden_signs(const Mlp<double>& model, const std::vector<double>& x,
                               std::size_t batch) {
  std::vector<bool> s;
  std::vector<double> a = x;
  for (std::size_t l = 0; l < model.layers.size(); ++l) {
    std::vector<double> z(batch * model.layers[l].fan_out());
    forward(model.layers[l], a.data(), batch, z.data());
    if (l + 1 < model.layers.size())
      for (double v : z) s.push_back(v > 0);
    relu_forward(z.data(), z.size());
    a = z;
  }
  return s;
}

void check_mlp_end_to_end(const std::vector<std::size_t>& sizes, const AnyLoss& loss) {
  const std::size_t batch = 4, k = sizes.back();
  std::mt19937_64 e(17);
  Mlp<double> model = make_mlp<double>(sizes, e);
  for (auto& l : model.layers) fill_uniform(l.b.data(), l.b.size(), e, -0.3, 0.3);
  MlpWorkspace<double> ws = make_workspace(model, batch);
  std::vector<double> x(batch * sizes[0]);
  fill_uniform(x.data(), x.size(), e, -1, 1);
  std::vector<std::uint8_t> y(batch);
  for (std::size_t i = 0; i < batch; ++i) y[i] = static_cast<std::uint8_t>(i % (k == 1 ? 2 : k));
  auto f = [&] {
    std::copy(x.begin(), x.end(), ws.act[0].data());
    forward(model, ws, batch);
    return value_and_gradient(loss, ws.act.back().data(), y.data(), batch, k,
                              static_cast<double*>(nullptr));
  };
  f();
  std::fill(ws.delta.back().begin(), ws.delta.back().end(), kNaN);
  value_and_gradient(loss, ws.act.back().data(), y.data(), batch, k, ws.delta.back().data());
  Mlp<double> grad = zeros_like<double>(model);
  for (auto& l : grad.layers) {
    std::fill(l.w.begin(), l.w.end(), kNaN);
    std::fill(l.b.begin(), l.b.end(), kNaN);
  }
  zero(grad);
  std::fill(ws.delta[0].begin(), ws.delta[0].end(), kNaN);
  backward(model, grad, ws, batch, /*input_gradient=*/true);
  const std::vector<double> dx(ws.delta[0].data(), ws.delta[0].data() + x.size());
  auto [checked, total] = testing::expect_parameter_gradients(
      model, grad, f, [&] { return hidden_signs(model, x, batch); }, describe(loss));
  const auto signs0 = hidden_signs(model, x, batch);
  auto input_kink = [&](std::size_t i, double h) {
    x[i] += h;
    const bool a = hidden_signs(model, x, batch) != signs0;
    x[i] -= 2 * h;
    const bool c = hidden_signs(model, x, batch) != signs0;
    x[i] += h;
    return a || c;
  };
  checked += testing::expect_gradient(
      x.size(), [&](std::size_t i) { return x[i]; }, [&](std::size_t i, double d) { x[i] += d; }, f,
      dx.data(), input_kink, describe(loss) + " input");
  total += static_cast<int>(x.size());
  // the kink skip is for the rare exception, not the rule
  EXPECT_GE(checked, total * 9 / 10) << describe(loss);
}

TEST(LayerGradient, MlpEndToEndCategoricalRwwce) {
  std::mt19937_64 e(1);
  std::vector<double> fn(16), fp(16);
  fill_uniform(fn.data(), 16, e, 0, 2);
  fill_uniform(fp.data(), 16, e, 0, 2);
  check_mlp_end_to_end({6, 5, 4, 4}, CategoricalRwwce{4, fn, fp, LossMode::logits});
  check_mlp_end_to_end({6, 5, 4, 4}, CategoricalRwwce{4, fn, fp, LossMode::keras_clip});
}

TEST(LayerGradient, MlpEndToEndBinaryRwwce) {
  check_mlp_end_to_end({7, 5, 1}, BinaryRwwce{9.0, 1.0, LossMode::keras_clip});
  check_mlp_end_to_end({7, 1}, BinaryCrossEntropy{LossMode::logits});
}

}  // namespace
}  // namespace rwwce::models
