// train_lockstep (two models side by side on one batch order) against train() run twice from
// the same engine state: the weights and losses must be the same bits.
#include "models/train_lockstep.hpp"

#include <gtest/gtest.h>

#include <cstring>
#include <random>
#include <vector>

#include "core/input_error.hpp"
#include "core/portable_random.hpp"
#include "datasets/csr_matrix.hpp"

namespace rwwce::models {
namespace {

// (rows, cols) with ~20% nonzeros: pixel-like u / 255 (to_csr packs them) or any float.
std::vector<float> source(std::size_t rows, std::size_t cols, bool pixels, std::mt19937_64& e) {
  std::vector<float> x(rows * cols, 0.0f);
  for (auto& v : x)
    if (uniform01(e) < 0.2)
      v = pixels ? static_cast<float>(1 + uniform_index(255, e)) / 255.0f
                 : static_cast<float>(uniform01(e));
  return x;
}

void expect_same_bits(const Mlp<float>& x, const Mlp<float>& y, const std::string& what) {
  ASSERT_EQ(x.layers.size(), y.layers.size());
  for (std::size_t l = 0; l < x.layers.size(); ++l) {
    ASSERT_EQ(x.layers[l].w.size(), y.layers[l].w.size());
    EXPECT_EQ(std::memcmp(x.layers[l].w.data(), y.layers[l].w.data(),
                          x.layers[l].w.size() * sizeof(float)),
              0)
        << what << ": layer " << l << " kernel";
    EXPECT_EQ(std::memcmp(x.layers[l].b.data(), y.layers[l].b.data(),
                          x.layers[l].b.size() * sizeof(float)),
              0)
        << what << ": layer " << l << " bias";
  }
}

struct Case {
  std::vector<std::size_t> sizes_a, sizes_b;
  AnyLoss loss_a, loss_b;
  OptimizerConfig opt;
  InputPath path;
  bool pixels;
  std::string name;
};

void check(const Case& c) {
  std::mt19937_64 e(31);
  const std::size_t n = 230, dim = c.sizes_a[0], k = c.sizes_a.back();
  const std::vector<float> x = source(n, dim, c.pixels, e);
  const datasets::CsrMatrix csr = datasets::to_csr(x.data(), n, dim);
  ASSERT_EQ(csr.is_packed(), c.pixels);
  datasets::Examples fit;
  fit.source = x.data();
  fit.dim = dim;
  fit.sparse = &csr;
  for (std::uint32_t i = 0; i < n; ++i) {
    fit.rows.push_back((i * 7) % n);
    fit.labels.push_back(static_cast<std::uint8_t>(uniform_index(k == 1 ? 2 : k, e)));
  }
  std::mt19937_64 init(5);
  const Mlp<float> a0 = make_mlp(c.sizes_a, init), b0 = make_mlp(c.sizes_b, init);
  const TrainConfig cfg{3, 32, true, c.path};  // 230 rows: 7 full batches and one of 6

  Mlp<float> a1 = a0, b1 = b0;
  std::mt19937_64 order_a(11), order_b(11);
  const TrainHistory ha = train(a1, c.loss_a, c.opt, fit, nullptr, cfg, order_a);
  const TrainHistory hb = train(b1, c.loss_b, c.opt, fit, nullptr, cfg, order_b);

  Mlp<float> a2 = a0, b2 = b0;
  std::mt19937_64 order(11);
  const auto [la, lb] = train_lockstep(a2, b2, c.loss_a, c.loss_b, c.opt, fit, cfg, order);
  expect_same_bits(a1, a2, c.name + " model a");
  expect_same_bits(b1, b2, c.name + " model b");
  EXPECT_EQ(la.fit_loss, ha.fit_loss) << c.name;
  EXPECT_EQ(lb.fit_loss, hb.fit_loss) << c.name;
  EXPECT_EQ(order(), order_a()) << c.name << ": the engine ends where one train() leaves it";
  // Training changed the weights (the comparison above is not between two untouched copies).
  EXPECT_NE(a2.layers[0].w(0, 0) + a2.layers[0].w(3, 1),
            a0.layers[0].w(0, 0) + a0.layers[0].w(3, 1));
}

TEST(TrainLockstep, EqualsTwoTrainingsOnTheSameBatchOrder) {
  const auto clip = LossMode::keras_clip;
  // Table I's pair: 64 -> 10 -> 1, BCE and binary RWWCE, Adam; the fused first layer is 20 wide
  // (row-by-row backward). Packed rows and plain rows.
  for (const bool pixels : {true, false})
    check({{64, 10, 1},
           {64, 10, 1},
           BinaryCrossEntropy{clip},
           BinaryRwwce{2000, 100, clip},
           AdamConfig{},
           InputPath::automatic,
           pixels,
           pixels ? "table1 packed" : "table1 plain"});
  // Table II's shape, smaller: two hidden layers, softmax BCE and categorical RWWCE (fused 24).
  check({{64, 12, 6, 4},
         {64, 12, 6, 4},
         SoftmaxBinaryCrossEntropy{clip},
         CategoricalRwwce::paper(4, 1, 2, 19.0, clip),
         AdamConfig{},
         InputPath::automatic,
         true,
         "table2"});
  // Different widths (fused 5 + 3 = 8, each alone below one vector: the scalar loops), SGD.
  check({{64, 5, 1},
         {64, 3, 1},
         BinaryCrossEntropy{LossMode::logits},
         BinaryCrossEntropy{LossMode::logits},
         SgdConfig{0.1},
         InputPath::automatic,
         true,
         "widths"});
  // Wide first layers: fused 40 + 40 = 80 >= kColumnBackwardMinOut, the by-column backward
  // (Table II's fused 100 takes it too).
  static_assert(80 >= kColumnBackwardMinOut);
  check({{64, 40, 1},
         {64, 40, 1},
         BinaryCrossEntropy{clip},
         BinaryRwwce{2000, 100, clip},
         AdamConfig{},
         InputPath::automatic,
         true,
         "by column"});
  // The dense input path: two train() calls.
  check({{64, 10, 1},
         {64, 10, 1},
         BinaryCrossEntropy{clip},
         BinaryRwwce{2000, 100, clip},
         AdamConfig{},
         InputPath::dense,
         true,
         "dense path"});
}

TEST(TrainLockstep, RefusesModelsThatDoNotFitTheExamples) {
  std::mt19937_64 e(2);
  const std::vector<float> x = source(20, 16, true, e);
  const datasets::CsrMatrix csr = datasets::to_csr(x.data(), 20, 16);
  datasets::Examples fit;
  fit.source = x.data();
  fit.dim = 16;
  fit.sparse = &csr;
  for (std::uint32_t i = 0; i < 20; ++i) {
    fit.rows.push_back(i);
    fit.labels.push_back(i % 2);
  }
  Mlp<float> a = make_mlp({16, 4, 1}, e), b = make_mlp({15, 4, 1}, e);
  const TrainConfig cfg{1, 8, true, InputPath::sparse};
  EXPECT_THROW(
      train_lockstep(a, b, BinaryCrossEntropy{}, BinaryCrossEntropy{}, AdamConfig{}, fit, cfg, e),
      InputError);
}

}  // namespace
}  // namespace rwwce::models
