#include "datasets/one_vs_rest.hpp"

#include <gtest/gtest.h>

#include "core/input_error.hpp"
#include "datasets/mnist_multiclass.hpp"
#include "tests/datasets/test_support.hpp"

namespace rwwce::datasets {
namespace {

const Mnist& mnist() {
  static const Mnist m = load_mnist(testing::mnist_dir_or_fail());
  return m;
}

using V = std::vector<std::uint32_t>;

// Goldens: numpy 1.24.2 / sklearn 1.2.1 on the IDX labels y (train then t10k):
//   pos = np.flatnonzero(y == d)[630*b : 630*b + 630]; neg = np.flatnonzero(y != d)
//   rows = np.r_[pos, neg]; labels = np.r_[np.ones(630), np.zeros(len(neg))]
//   tr, te, ytr, yte = train_test_split(rows, labels, test_size=0.25, random_state=1)
TEST(OneVsRest, D0B0MatchesTheNotebook) {
  const Dataset ds = one_vs_rest_dataset(mnist(), 0, 0);
  EXPECT_EQ(ds.name, "d0b0");
  EXPECT_EQ(ds.digit, 0);
  EXPECT_EQ(ds.batch, 0);
  EXPECT_EQ(ds.num_classes, 2);
  EXPECT_EQ(ds.dim, 784u);
  ASSERT_EQ(ds.size(), 63727u);  // docs/protocol.md, section 'Splits'
  EXPECT_EQ(ds.rows[0], 1u);     // pos[:2] -> [1, 21], pos[-1] -> 6406
  EXPECT_EQ(ds.rows[1], 21u);
  EXPECT_EQ(ds.rows[629], 6406u);
  EXPECT_EQ(ds.labels[629], 1);
  EXPECT_EQ(ds.labels[630], 0);
  const Examples test = ds.test();
  ASSERT_EQ(test.size(), 15932u);
  // te[:3] -> [2379, 63931, 56447]
  EXPECT_EQ(V(test.rows.begin(), test.rows.begin() + 3), (V{2379, 63931, 56447}));
  // docs/protocol.md, section 'Table I', and the notebook's saved output: P = 165, N = 15767.
  EXPECT_EQ(class_counts(test, 2), (std::vector<std::size_t>{15767, 165}));
  // ytr[:int(len(tr) * 0.9)].sum() -> 420
  EXPECT_EQ(class_counts(ds.fit(), 2)[1], 420u);
  EXPECT_EQ(ds.fit().size() + ds.val().size(), 47795u);
  // The view reads the right pixels: source row 2379, from the sparse copy (no dense one).
  EXPECT_EQ(test.source, nullptr);
  ASSERT_EQ(test.sparse, &mnist().csr);
  std::vector<float> row(784, -1.0f), want(784, 0.0f);
  test.copy_row(0, row.data());
  for (std::uint64_t k = mnist().csr.row_ptr[2379]; k < mnist().csr.row_ptr[2380]; ++k)
    want[mnist().csr.col[k]] = mnist().csr.val[k];
  EXPECT_EQ(row, want);
}

TEST(OneVsRest, OtherBatches) {
  // d5b9: n = 64317, pos[:2] -> [62697, 62698], pos[-1] -> 69814, 16080 test (165 positive),
  //   te[:3] -> [18280, 68663, 20925]
  const Dataset d5b9 = one_vs_rest_dataset(mnist(), 5, 9);
  ASSERT_EQ(d5b9.size(), 64317u);
  EXPECT_EQ(d5b9.rows[0], 62697u);
  EXPECT_EQ(d5b9.rows[629], 69814u);
  const Examples d5b9_test = d5b9.test();
  EXPECT_EQ(class_counts(d5b9_test, 2), (std::vector<std::size_t>{15915, 165}));
  EXPECT_EQ(V(d5b9_test.rows.begin(), d5b9_test.rows.begin() + 3), (V{18280, 68663, 20925}));
  // d9b3: n = 63672, pos[:2] -> [18813, 18820], pos[-1] -> 25212, te[:3] -> [9490, 28226, 14157]
  const Dataset d9b3 = one_vs_rest_dataset(mnist(), 9, 3);
  ASSERT_EQ(d9b3.size(), 63672u);
  EXPECT_EQ(d9b3.rows[1], 18820u);
  EXPECT_EQ(d9b3.rows[629], 25212u);
  const Examples d9b3_test = d9b3.test();
  EXPECT_EQ(V(d9b3_test.rows.begin(), d9b3_test.rows.begin() + 3), (V{9490, 28226, 14157}));
  EXPECT_EQ(class_counts(d9b3_test, 2), (std::vector<std::size_t>{15753, 165}));
}

TEST(OneVsRest, RejectsBadDigitOrBatch) {
  EXPECT_THROW(one_vs_rest_dataset(mnist(), 10, 0), InputError);
  EXPECT_THROW(one_vs_rest_dataset(mnist(), 0, -1), InputError);
  Mnist tiny;
  tiny.x = xt::zeros<float>({3, 784});
  tiny.y = {0, 1, 0};
  EXPECT_THROW(one_vs_rest_dataset(tiny, 0, 0), InputError);
}

TEST(OneVsRest, NamesAreDigitMajor) {
  const auto names = table1_dataset_names();
  ASSERT_EQ(names.size(), 100u);
  EXPECT_EQ(names[0], "d0b0");
  EXPECT_EQ(names[1], "d0b1");
  EXPECT_EQ(names[10], "d1b0");
  EXPECT_EQ(names[99], "d9b9");
}

TEST(MnistMulticlass, Table2Split) {
  const Dataset ds = mnist_multiclass_dataset(mnist());
  EXPECT_EQ(ds.name, "mnist10");
  EXPECT_EQ(ds.num_classes, 10);
  ASSERT_EQ(ds.size(), 70000u);
  EXPECT_EQ(ds.split.fit.size(), 47250u);  // docs/protocol.md, section 'Table II'
  EXPECT_EQ(ds.split.val.size(), 5250u);
  const Examples test = ds.test();
  ASSERT_EQ(test.size(), 17500u);
  // np.bincount(y[te]) with te from train_test_split(np.arange(70000), ..., random_state=1)
  EXPECT_EQ(class_counts(test, 10),
            (std::vector<std::size_t>{1722, 2007, 1799, 1788, 1690, 1622, 1669, 1798, 1708, 1697}));
}

}  // namespace
}  // namespace rwwce::datasets
