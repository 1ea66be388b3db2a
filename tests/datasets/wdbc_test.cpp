#include "datasets/wdbc.hpp"

#include <gtest/gtest.h>

#include <fstream>

#include "core/input_error.hpp"
#include "datasets/sha256.hpp"
#include "tests/datasets/test_support.hpp"

namespace rwwce::datasets {
namespace {

TEST(Sha256, KnownVectors) {
  // FIPS 180-2 test vectors: sha256("abc"), sha256("")
  EXPECT_EQ(sha256_bytes("abc", 3),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(sha256_bytes("", 0),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  testing::TempDir tmp;
  testing::write_bytes(tmp.file("abc"), {'a', 'b', 'c'});
  EXPECT_EQ(sha256_file(tmp.file("abc")),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_THROW(sha256_file(tmp.file("missing")), InputError);
}

TEST(Wdbc, LoadsAndFlipsTarget) {
  const Wdbc w = load_wdbc();
  ASSERT_EQ(w.x.shape()[0], 569u);
  ASSERT_EQ(w.x.shape()[1], 30u);
  ASSERT_EQ(w.y.size(), 569u);
  std::size_t malignant = 0;
  for (auto v : w.y) malignant += v;
  EXPECT_EQ(malignant, 212u);  // docs/protocol.md, section 'Data': 212 malignant, 357 benign
  EXPECT_EQ(w.y[0], 1);        // first row's file target is 0 = malignant
  EXPECT_FLOAT_EQ(w.x(0, 0), 17.99f);       // first field of the CSV
  EXPECT_FLOAT_EQ(w.x(568, 29), 0.07039f);  // last feature of the last row
}

TEST(Wdbc, PaperSplitCounts) {
  const Wdbc w = load_wdbc();
  const Split split = paper_split(569, 1, 0.25, 0.0);
  const auto z = standardize(w.x, train_positions(split));
  const Dataset ds = wdbc_dataset(z, w);
  EXPECT_EQ(ds.name, "wdbc");
  // docs/protocol.md, section 'The AWS study': 143 test rows, 88 benign, 55 malignant.
  EXPECT_EQ(class_counts(ds.test(), 2), (std::vector<std::size_t>{88, 55}));
  EXPECT_EQ(ds.fit().size(), 426u);
  EXPECT_EQ(ds.val().size(), 0u);
  EXPECT_EQ(ds.split.test, split.test);
}

TEST(Wdbc, StandardizeMatchesSklearn) {
  const Wdbc w = load_wdbc();
  const Split split = paper_split(569);
  const auto z = standardize(w.x, train_positions(split));
  // sklearn 1.2.1: Xtr, Xte, ... = train_test_split(X, y, test_size=0.25, random_state=1);
  //   Z = StandardScaler().fit(Xtr).transform(X) (float64 X from the CSV)
  //   Z[0,0] -> 1.0753507420633117, Z[0,29] -> 2.0804021526060636, Z[568,3] -> -1.315539084856617
  // Tolerance: the features are float32 here, float64 in sklearn.
  EXPECT_NEAR(z(0, 0), 1.0753507420633117, 1e-5);
  EXPECT_NEAR(z(0, 29), 2.0804021526060636, 1e-5);
  EXPECT_NEAR(z(568, 3), -1.315539084856617, 1e-5);
  // Training columns have mean 0 and population std 1.
  const auto train = train_positions(split);
  double mean = 0.0, sq = 0.0;
  for (auto r : train) mean += z(r, 7), sq += double(z(r, 7)) * z(r, 7);
  mean /= train.size();
  EXPECT_NEAR(mean, 0.0, 1e-6);
  EXPECT_NEAR(sq / train.size() - mean * mean, 1.0, 1e-5);
}

TEST(Wdbc, ConstantColumnIsOnlyCentred) {
  xt::xtensor<float, 2> x = {{1.0f, 2.0f}, {1.0f, 4.0f}, {1.0f, 9.0f}};
  const auto z = standardize(x, {0, 1});
  EXPECT_FLOAT_EQ(z(2, 0), 0.0f);
  EXPECT_FLOAT_EQ(z(2, 1), 6.0f);  // (9 - 3) / 1 with mean 3, population std 1
  EXPECT_FLOAT_EQ(z(0, 1), -1.0f);
}

TEST(Wdbc, RejectsAlteredFile) {
  testing::TempDir tmp;
  std::ifstream in(default_wdbc_path(), std::ios::binary);
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  text[30] = text[30] == '1' ? '2' : '1';
  std::ofstream(tmp.file("bc.csv"), std::ios::binary) << text;
  try {
    load_wdbc(tmp.file("bc.csv"));
    ADD_FAILURE() << "expected InputError";
  } catch (const InputError& e) {
    const std::string msg = e.what();
    EXPECT_NE(msg.find(tmp.file("bc.csv")), std::string::npos) << msg;
    EXPECT_NE(msg.find(kWdbcSha256), std::string::npos) << msg;
  }
}

}  // namespace
}  // namespace rwwce::datasets
