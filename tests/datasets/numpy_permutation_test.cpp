#include "datasets/numpy_permutation.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <numeric>
#include <vector>

namespace rwwce::datasets {
namespace {

using V = std::vector<std::uint32_t>;

V head(const V& v, std::size_t k) {
  return V(v.begin(), v.begin() + k);
}
V tail(const V& v, std::size_t k) {
  return V(v.end() - k, v.end());
}

TEST(NumpyPermutation, ProtocolCheckValue) {
  // docs/protocol.md, section 'Splits', and numpy 1.24.2:
  // numpy.random.RandomState(1).permutation(63727)[:8] -> 2785 58274 51506 4034 33089 16576
  //   41153 3511; [-3:] -> 12172 33003 62501
  const V p = numpy_legacy_permutation(63727, 1);
  EXPECT_EQ(head(p, 8), (V{2785, 58274, 51506, 4034, 33089, 16576, 41153, 3511}));
  EXPECT_EQ(tail(p, 3), (V{12172, 33003, 62501}));
}

TEST(NumpyPermutation, MatchesNumpyForOtherSeedsAndSizes) {
  // numpy 1.24.2: numpy.random.RandomState(7).permutation(10) -> [8 5 0 2 1 9 7 3 6 4]
  EXPECT_EQ(numpy_legacy_permutation(10, 7), (V{8, 5, 0, 2, 1, 9, 7, 3, 6, 4}));
  // numpy.random.RandomState(0).permutation(5) -> [2 0 1 3 4]
  EXPECT_EQ(numpy_legacy_permutation(5, 0), (V{2, 0, 1, 3, 4}));
  // numpy.random.RandomState(4294967295).permutation(12) -> [11 8 5 9 1 10 6 0 4 7 2 3]
  EXPECT_EQ(numpy_legacy_permutation(12, 4294967295u), (V{11, 8, 5, 9, 1, 10, 6, 0, 4, 7, 2, 3}));
  // numpy.random.RandomState(1).permutation(70000)[:6] -> 6670 49567 50796 22310 54037 6869
  EXPECT_EQ(head(numpy_legacy_permutation(70000, 1), 6),
            (V{6670, 49567, 50796, 22310, 54037, 6869}));
  // RandomState(123).permutation(2) -> [1 0]; RandomState(5).permutation(3) -> [0 1 2];
  // RandomState(123).permutation(1) -> [0]
  EXPECT_EQ(numpy_legacy_permutation(2, 123), (V{1, 0}));
  EXPECT_EQ(numpy_legacy_permutation(3, 5), (V{0, 1, 2}));
  EXPECT_EQ(numpy_legacy_permutation(1, 123), (V{0}));
  EXPECT_TRUE(numpy_legacy_permutation(0, 1).empty());
}

TEST(NumpyPermutation, IsAPermutation) {
  V p = numpy_legacy_permutation(1000, 42);
  std::sort(p.begin(), p.end());
  V expected(1000);
  std::iota(expected.begin(), expected.end(), 0u);
  EXPECT_EQ(p, expected);
}

}  // namespace
}  // namespace rwwce::datasets
