// Identities between the losses, and the paper's coin-flip example trained end to end.
#include <gtest/gtest.h>

#include <cmath>
#include <random>
#include <vector>

#include "core/portable_random.hpp"
#include "models/any_loss.hpp"
#include "models/train.hpp"

namespace rwwce::models {
namespace {

struct Batch {
  std::vector<double> z;
  std::vector<std::uint8_t> y;
};

Batch random_batch(std::size_t m, std::size_t k, std::uint64_t seed) {
  std::mt19937_64 e(seed);
  Batch b{std::vector<double>(m * k), std::vector<std::uint8_t>(m)};
  for (auto& v : b.z) v = -5.0 + 10.0 * uniform01(e);
  for (auto& v : b.y) v = static_cast<std::uint8_t>(uniform_index(k == 1 ? 2 : k, e));
  return b;
}

// value(a) == factor * value(b) and grad(a) == factor * grad(b), entry by entry.
void expect_proportional(const AnyLoss& a, const AnyLoss& b, double factor, std::size_t k) {
  const std::size_t m = 12;
  const Batch x = random_batch(m, k, 99);
  std::vector<double> ga(m * k), gb(m * k);
  const double va = value_and_gradient(a, x.z.data(), x.y.data(), m, k, ga.data());
  const double vb = value_and_gradient(b, x.z.data(), x.y.data(), m, k, gb.data());
  EXPECT_NEAR(va, factor * vb, 1e-12 * std::abs(va)) << describe(a) << " vs " << describe(b);
  for (std::size_t i = 0; i < m * k; ++i)
    EXPECT_NEAR(ga[i], factor * gb[i], 1e-12 + 1e-12 * std::abs(ga[i])) << describe(a);
}

TEST(LossIdentity, BinaryRwwceWithUnitWeightsIsBce) {
  for (LossMode m : {LossMode::keras_clip, LossMode::logits})
    expect_proportional(BinaryRwwce{1, 1, m}, BinaryCrossEntropy{m}, 1.0, 1);
}

TEST(LossIdentity, BinaryRwwceIsWfpTimesWeightedBce) {
  // RWWCE(w_fn, w_fp) = w_fp * WBCE(pos_weight = w_fn / w_fp): same minimiser.
  for (LossMode m : {LossMode::keras_clip, LossMode::logits})
    expect_proportional(BinaryRwwce{2000, 100, m}, WeightedBinaryCrossEntropy{20, m}, 100.0, 1);
}

TEST(LossIdentity, BinaryRwwceAndWeightedBceShareTheMinimiser) {
  // A constant logit over labels 1,1,0,0,0 with w_fn = 9, w_fp = 2: the minimiser is
  // p* = 9*2 / (9*2 + 2*3) = 0.75 (derivative 9*2(1-p) = 2*3p), for both losses.
  const std::uint8_t y[5] = {1, 1, 0, 0, 0};
  const AnyLoss losses[2] = {BinaryRwwce{9, 2, LossMode::logits},
                             WeightedBinaryCrossEntropy{4.5, LossMode::logits}};
  for (const AnyLoss& loss : losses) {
    auto slope = [&](double z) {
      double zs[5], g[5], s = 0;
      for (double& v : zs) v = z;
      value_and_gradient(loss, zs, y, 5, 1, g);
      for (double v : g) s += v;
      return s;
    };
    const double zstar = std::log(0.75 / 0.25);
    EXPECT_NEAR(slope(zstar), 0.0, 1e-12) << describe(loss);
    EXPECT_LT(slope(zstar - 0.1), 0.0) << describe(loss);
    EXPECT_GT(slope(zstar + 0.1), 0.0) << describe(loss);
  }
}

TEST(LossIdentity, CategoricalRwwceWithIdentityAndZeroIsCceOverK) {
  const std::size_t K = 6;
  std::vector<double> eye(K * K, 0.0), zero(K * K, 0.0);
  for (std::size_t i = 0; i < K; ++i) eye[i * K + i] = 1.0;
  for (LossMode m : {LossMode::keras_clip, LossMode::logits})
    expect_proportional(CategoricalRwwce{K, eye, zero, m}, CategoricalCrossEntropy{m}, 1.0 / K, K);
}

TEST(LossIdentity, SoftmaxBceIsCategoricalRwwceWithOnesOffDiagonal) {
  // The paper's control = RWWCE with w_fn = I and w_fp = 1 - I.
  const std::size_t K = 4;
  std::vector<double> eye(K * K, 0.0), off(K * K, 1.0);
  for (std::size_t i = 0; i < K; ++i) eye[i * K + i] = 1.0, off[i * K + i] = 0.0;
  for (LossMode m : {LossMode::keras_clip, LossMode::logits})
    expect_proportional(SoftmaxBinaryCrossEntropy{m}, CategoricalRwwce{K, eye, off, m}, 1.0, K);
}

// The paper's section VII: a model with no inputs (only a bias), RWWCE with w_fn = 9,
// w_fp = 1, trained on one head and one tail, converges to p = 9 / (9 + 1) = 0.9.
void coin_flip(const OptimizerConfig& opt, int epochs, double tol) {
  std::mt19937_64 engine(42);
  Mlp<float> model = make_mlp({0, 1}, engine);
  datasets::Examples flips;  // two examples with zero features
  flips.dim = 0;
  flips.rows = {0, 1};
  flips.labels = {1, 0};
  const TrainConfig cfg{epochs, 2, true};
  const TrainHistory h =
      train(model, BinaryRwwce{9, 1, LossMode::keras_clip}, opt, flips, &flips, cfg, engine);
  xt::xtensor<float, 2> p;
  predict_proba(model, flips, p);
  EXPECT_NEAR(p(0, 0), 0.9, tol) << describe(opt);
  EXPECT_NEAR(p(1, 0), 0.9, tol) << describe(opt);
  // the loss at the minimum: -(9 log 0.9 + log 0.1) / 2 = 1.62542...
  EXPECT_NEAR(h.val_loss.back(), -(9 * std::log(0.9) + std::log(0.1)) / 2, 1e-4);
  EXPECT_LT(h.fit_loss.back(), h.fit_loss.front());
}

TEST(LossIdentity, CoinFlipConvergesToPointNine) {
  coin_flip(SgdConfig{0.5}, 300, 1e-4);
  coin_flip(AdamConfig{0.01}, 3000, 2e-3);
}

}  // namespace
}  // namespace rwwce::models
