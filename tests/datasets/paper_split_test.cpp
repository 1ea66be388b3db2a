#include "datasets/paper_split.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <numeric>
#include <vector>

#include "core/input_error.hpp"

namespace rwwce::datasets {
namespace {

using V = std::vector<std::uint32_t>;

V head(const V& v, std::size_t k) {
  return V(v.begin(), v.begin() + k);
}
V tail(const V& v, std::size_t k) {
  return V(v.end() - k, v.end());
}

// Golden values: sklearn 1.2.1, numpy 1.24.2:
//   tr, te = train_test_split(np.arange(n), test_size=0.25, random_state=1)
// and Keras validation_split=0.1 holds out tr[int(len(tr) * 0.9):].

TEST(PaperSplit, MatchesSklearnSmall) {
  // n = 10 -> te = [2 9 6], tr = [4 0 3 ... 8 5] (7 rows; fit 6, val 1)
  const Split s = paper_split(10);
  EXPECT_EQ(s.test, (V{2, 9, 6}));
  ASSERT_EQ(s.fit.size(), 6u);
  ASSERT_EQ(s.val.size(), 1u);
  EXPECT_EQ(head(s.fit, 3), (V{4, 0, 3}));
  EXPECT_EQ(s.val, (V{5}));
  EXPECT_EQ(s.fit.back(), 8u);
}

TEST(PaperSplit, MatchesSklearnWdbcSize) {
  // n = 569 -> 426 train, 143 test; te[:5] = 421 47 292 186 414, te[-2:] = 244 415;
  // tr[:3] = 562 291 16, tr[-2:] = 235 37; fit = int(426 * 0.9) = 383, val = 43.
  const Split s = paper_split(569);
  ASSERT_EQ(s.test.size(), 143u);
  ASSERT_EQ(s.fit.size(), 383u);
  ASSERT_EQ(s.val.size(), 43u);
  EXPECT_EQ(head(s.test, 5), (V{421, 47, 292, 186, 414}));
  EXPECT_EQ(tail(s.test, 2), (V{244, 415}));
  EXPECT_EQ(head(s.fit, 3), (V{562, 291, 16}));
  EXPECT_EQ(tail(s.val, 2), (V{235, 37}));
}

TEST(PaperSplit, Table2Counts) {
  // n = 70000 -> 52500 train (fit 47250, val 5250), 17500 test; te[:5] = 6670 49567 50796
  // 22310 54037, te[-2:] = 33812 30231; tr[:3] = 58105 22589 4183, tr[-2:] = 50057 5192.
  const Split s = paper_split(70000);
  ASSERT_EQ(s.test.size(), 17500u);
  ASSERT_EQ(s.fit.size(), 47250u);
  ASSERT_EQ(s.val.size(), 5250u);
  EXPECT_EQ(head(s.test, 5), (V{6670, 49567, 50796, 22310, 54037}));
  EXPECT_EQ(tail(s.test, 2), (V{33812, 30231}));
  EXPECT_EQ(head(s.fit, 3), (V{58105, 22589, 4183}));
  EXPECT_EQ(tail(s.val, 2), (V{50057, 5192}));
}

TEST(PaperSplit, D0B0Counts) {
  // n = 63727 -> 47795 train (fit int(47795 * 0.9) = 43015, val 4780), 15932 test;
  // te[-2:] = 34000 21048; tr[:3] = 5052 20576 16428; tr[-2:] = 33003 62501.
  const Split s = paper_split(63727);
  ASSERT_EQ(s.test.size(), 15932u);
  ASSERT_EQ(s.fit.size(), 43015u);
  ASSERT_EQ(s.val.size(), 4780u);
  EXPECT_EQ(tail(s.test, 2), (V{34000, 21048}));
  EXPECT_EQ(head(s.fit, 3), (V{5052, 20576, 16428}));
  EXPECT_EQ(tail(s.val, 2), (V{33003, 62501}));
}

TEST(PaperSplit, PartsCoverEveryPositionOnce) {
  const Split s = paper_split(1001, 3);
  V all = s.fit;
  all.insert(all.end(), s.val.begin(), s.val.end());
  all.insert(all.end(), s.test.begin(), s.test.end());
  std::sort(all.begin(), all.end());
  V expected(1001);
  std::iota(expected.begin(), expected.end(), 0u);
  EXPECT_EQ(all, expected);
  EXPECT_EQ(s.test.size(), 251u);  // ceil(0.25 * 1001)
}

TEST(PaperSplit, RejectsBadArguments) {
  EXPECT_THROW(paper_split(10, 1, 0.0), InputError);
  EXPECT_THROW(paper_split(10, 1, 1.0), InputError);
  EXPECT_THROW(paper_split(10, 1, 0.25, 1.0), InputError);
  EXPECT_THROW(paper_split(1), InputError);
}

}  // namespace
}  // namespace rwwce::datasets
