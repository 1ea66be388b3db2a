#include "datasets/mnist.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdlib>

#include "tests/datasets/test_support.hpp"

namespace rwwce::datasets {
namespace {

TEST(Mnist, LoadsSeventyThousandInOpenMlOrder) {
  const Mnist mnist = load_mnist(testing::mnist_dir_or_fail());
  ASSERT_EQ(mnist.dim(), 784u);
  EXPECT_EQ(mnist.x.shape()[0], 0u);  // only the sparse copy is made
  EXPECT_EQ(mnist.dense_source(), nullptr);
  ASSERT_EQ(mnist.csr.rows, 70000u);
  ASSERT_EQ(mnist.y.size(), 70000u);
  // docs/protocol.md, section 'Data' (the canonical MNIST label counts).
  const std::array<int, 10> train_counts = {5923, 6742, 5958, 6131, 5842,
                                            5421, 5918, 6265, 5851, 5949};
  const std::array<int, 10> test_counts = {980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009};
  std::array<int, 10> train{}, test{};
  for (std::size_t i = 0; i < 60000; ++i) ++train[mnist.y[i]];
  for (std::size_t i = 60000; i < 70000; ++i) ++test[mnist.y[i]];
  EXPECT_EQ(train, train_counts);
  EXPECT_EQ(test, test_counts);
  // First labels of each part: the well-known 5 0 4 1 9 (train) and 7 2 1 0 4 (t10k), as
  // printed by numpy from the IDX files (fetch_openml('mnist_784').target[:5] -> 5 0 4 1 9).
  EXPECT_EQ(mnist.y[0], 5);
  EXPECT_EQ(mnist.y[4], 9);
  EXPECT_EQ(mnist.y[60000], 7);
  EXPECT_EQ(mnist.y[60001], 2);
  // The nonzero pixels span 1/255 .. 255/255.
  float lo = 1.0f, hi = 0.0f;
  for (float v : mnist.csr.val) lo = std::min(lo, v), hi = std::max(hi, v);
  EXPECT_EQ(lo, 1.0f / 255.0f);
  EXPECT_EQ(hi, 1.0f);
}

TEST(Mnist, PixelScaling) {
  Mnist mnist = load_mnist(testing::mnist_dir_or_fail());
  fill_dense(mnist);
  ASSERT_EQ(mnist.x.shape()[0], 70000u);
  ASSERT_EQ(mnist.dense_source(), mnist.x.data());
  // numpy 1.24: (np.fromfile('train-images-idx3-ubyte', np.uint8, offset=16)[:784]
  //   .astype(np.float32) / 255).sum(dtype=np.float64) -> 107.94117754790932
  // (float32 and float64-then-float32 division agree for all 256 byte values.)
  double sum = 0.0;
  for (std::size_t j = 0; j < 784; ++j) sum += mnist.x(0, j);
  EXPECT_NEAR(sum, 107.94117754790932, 1e-9);
  // fill_dense holds exactly the pixels of the IDX bytes / 255.
  const std::vector<float> bytes =
      testing::mnist_dense_from_idx_bytes(testing::mnist_dir_or_fail());
  ASSERT_EQ(bytes.size(), mnist.x.size());
  EXPECT_TRUE(std::equal(bytes.begin(), bytes.end(), mnist.x.begin()));
}

TEST(Mnist, DefaultDataDirFollowsEnvironment) {
  const char* old = std::getenv("RWWCE_DATA");
  const std::string saved = old ? old : "";
  setenv("RWWCE_DATA", "/some/where", 1);
  EXPECT_EQ(default_data_dir(), "/some/where");
  unsetenv("RWWCE_DATA");
  EXPECT_EQ(default_data_dir(), std::string(RWWCE_SOURCE_DIR) + "/data");
  if (old) setenv("RWWCE_DATA", saved.c_str(), 1);
}

}  // namespace
}  // namespace rwwce::datasets
