#include "harness/run/seed_derivation.hpp"

#include <gtest/gtest.h>

#include <set>

namespace rwwce::harness {
namespace {

TEST(SeedDerivation, Splitmix64MatchesReference) {
  // Reference: Vigna's splitmix64.c, state 0 -> first output 0xe220a8397b1dcdaf.
  EXPECT_EQ(splitmix64(0), 0xe220a8397b1dcdafULL);
}

TEST(SeedDerivation, DistinctPerRootExperimentDatasetArm) {
  std::set<std::uint64_t> seeds;
  for (std::uint64_t root : {1ULL, 2ULL})
    for (const char* exp : {"table1", "table2"})
      for (const char* ds : {"d0b0", "d0b1", "d1b0"})
        for (const char* arm : {"control", "rwwce"}) seeds.insert(derive_seed(root, exp, ds, arm));
  EXPECT_EQ(seeds.size(), 2u * 2u * 3u * 2u);
  EXPECT_EQ(derive_seed(1, "table1", "d0b0", "rwwce"), derive_seed(1, "table1", "d0b0", "rwwce"));
}

}  // namespace
}  // namespace rwwce::harness
