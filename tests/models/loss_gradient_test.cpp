// Finite-difference gradient checks in double precision for every loss in both modes.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <random>
#include <vector>

#include "core/portable_random.hpp"
#include "models/any_loss.hpp"
#include "tests/models/gradient_check.hpp"

namespace rwwce::models {
namespace {

bool is_binary(const AnyLoss& l) {
  return std::holds_alternative<BinaryCrossEntropy>(l) ||
         std::holds_alternative<WeightedBinaryCrossEntropy>(l) ||
         std::holds_alternative<BinaryRwwce>(l) ||
         std::holds_alternative<WeightedAbsoluteError>(l) ||
         std::holds_alternative<BinaryFocalLoss>(l);
}

std::vector<AnyLoss> all_losses(std::size_t K) {
  std::mt19937_64 e(7);
  std::vector<double> fn(K * K), fp(K * K), cw(K);
  for (auto& v : fn) v = 3.0 * uniform01(e);
  for (auto& v : fp) v = 3.0 * uniform01(e);
  for (auto& v : cw) v = 0.5 + uniform01(e);
  std::vector<AnyLoss> out;
  for (LossMode m : {LossMode::keras_clip, LossMode::logits}) {
    out.push_back(BinaryCrossEntropy{m});
    out.push_back(WeightedBinaryCrossEntropy{3.5, m});
    out.push_back(BinaryRwwce{9.0, 1.5, m});
    out.push_back(WeightedAbsoluteError{5.0, 1.0, m});
    out.push_back(BinaryFocalLoss{0.3, 2.0, m});
    out.push_back(BinaryFocalLoss{0.6, 0.5, m});
    out.push_back(CategoricalCrossEntropy{m});
    out.push_back(WeightedCategoricalCrossEntropy{cw, m});
    out.push_back(CategoricalRwwce{K, fn, fp, m});
    out.push_back(CategoricalRwwce::paper(K, 1, 3, 19.0, m));
    out.push_back(SoftmaxBinaryCrossEntropy{m});
    out.push_back(CategoricalFocalLoss{0.4, 2.0, m});
    out.push_back(CategoricalFocalLoss{0.4, 0.5, m});
  }
  return out;
}

TEST(LossGradient, EveryLossBothModesMatchesFiniteDifferences) {
  const std::size_t K = 5, m = 8;
  for (const AnyLoss& loss : all_losses(K)) {
    const std::size_t k = is_binary(loss) ? 1 : K;
    std::mt19937_64 e(11);
    std::vector<double> z(m * k);
    for (auto& v : z) v = -4.0 + 8.0 * uniform01(e);  // p stays inside the clip range
    std::vector<std::uint8_t> y(m);
    for (std::size_t i = 0; i < m; ++i)
      y[i] = static_cast<std::uint8_t>(uniform_index(k == 1 ? 2 : k, e));
    y[0] = 1;
    y[1] = 0;
    std::vector<double> g(m * k, std::numeric_limits<double>::quiet_NaN());
    const double v = value_and_gradient(loss, z.data(), y.data(), m, k, g.data());
    EXPECT_TRUE(std::isfinite(v)) << describe(loss);
    // the value-only path agrees
    EXPECT_NEAR(value_and_gradient(loss, z.data(), y.data(), m, k, static_cast<double*>(nullptr)),
                v, 1e-12 * std::abs(v))
        << describe(loss);
    const int checked = testing::expect_gradient(
        z.size(), [&](std::size_t i) { return z[i]; }, [&](std::size_t i, double d) { z[i] += d; },
        [&] {
          return value_and_gradient(loss, z.data(), y.data(), m, k, static_cast<double*>(nullptr));
        },
        g.data(), [](std::size_t, double) { return false; }, describe(loss));
    EXPECT_EQ(checked, static_cast<int>(m * k));
  }
}

TEST(LossGradient, KerasClipZeroesTheGradientOutsideTheClipRange) {
  // z = 20: sigmoid(20) = 1 - 2.06e-9 > 1 - 1e-7, so p is clipped to 1 - 1e-7.
  const double z = 20.0;
  const std::uint8_t y = 0;
  double g = std::numeric_limits<double>::quiet_NaN();
  const double v = BinaryCrossEntropy{LossMode::keras_clip}.value_and_gradient(&z, &y, 1, 1, &g);
  EXPECT_NEAR(v, 16.11809565095832, 1e-6);  // -ln(1e-7), computed by hand
  EXPECT_EQ(g, 0.0);
  // the stable mode sees the true loss softplus(20) = 20.000000002 and gradient sigmoid(20)
  const double v2 = BinaryCrossEntropy{LossMode::logits}.value_and_gradient(&z, &y, 1, 1, &g);
  EXPECT_NEAR(v2, 20.0 + std::log1p(std::exp(-20.0)), 1e-12);
  EXPECT_NEAR(g, 1.0 - 2.0611536181902037e-09, 1e-15);  // 1 - sigmoid(-20)
}

TEST(LossGradient, LogitsModeIsFiniteForExtremeLogits) {
  const std::size_t K = 3;
  const double z[K] = {300.0, -300.0, 0.0};
  const std::uint8_t y = 1;  // a confidently wrong prediction
  double g[K];
  for (const AnyLoss& loss : all_losses(K)) {
    if (is_binary(loss) || loss.index() == 0) continue;
    AnyLoss l = loss;
    std::visit([](auto& x) { x.mode = LossMode::logits; }, l);
    const double v = value_and_gradient(l, z, &y, 1, K, g);
    EXPECT_TRUE(std::isfinite(v)) << describe(l);
    for (double gj : g) EXPECT_TRUE(std::isfinite(gj)) << describe(l);
  }
}

TEST(LossGradient, BadLabelsAndWidthsThrowInputError) {
  const double z[2] = {0.0, 0.0};
  const std::uint8_t bad[2] = {0, 2};
  double g[2];
  EXPECT_THROW(BinaryCrossEntropy{}.value_and_gradient(z, bad, 2, 1, g), InputError);
  EXPECT_THROW(BinaryCrossEntropy{}.value_and_gradient(z, bad, 1, 2, g), InputError);
  EXPECT_THROW(CategoricalCrossEntropy{}.value_and_gradient(z, bad + 1, 1, 2, g), InputError);
  EXPECT_THROW(CategoricalRwwce::paper(3, 0, 1, 19.0).value_and_gradient(z, bad, 1, 2, g),
               InputError);
}

TEST(LossDescribe, NamesSettingsAndMode) {
  EXPECT_EQ(describe(BinaryRwwce{2000, 100, LossMode::keras_clip}),
            "rwwce(w_fn=2000, w_fp=100; mode=keras_clip)");
  EXPECT_EQ(describe(CategoricalRwwce::paper(10, 3, 5, 19.0, LossMode::logits)),
            "rwwce(w_fn=I(10), w_fp={[3][5]=19}; mode=logits)");
  EXPECT_EQ(describe(BinaryCrossEntropy{}), "bce(mode=keras_clip)");
  EXPECT_EQ(describe(WeightedAbsoluteError{200, 1}),
            "weighted_absolute_error(c_fn=200, c_fp=1; mode=keras_unclipped)");
}

}  // namespace
}  // namespace rwwce::models
