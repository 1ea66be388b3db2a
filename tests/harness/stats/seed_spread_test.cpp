#include "harness/stats/seed_spread.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "core/input_error.hpp"

namespace rwwce::harness {
namespace {

// Five seeds' table means, e.g. the mean rwc of one arm.
const std::vector<double> kSeeds{2.31, 2.05, 2.47, 2.12, 2.26};

TEST(SeedSpread, MomentsRangeAndPredictionInterval) {
  const SeedSpread s = seed_spread(kSeeds);
  EXPECT_EQ(s.n, 5u);
  // v = np.array([2.31, 2.05, 2.47, 2.12, 2.26]); v.mean() -> 2.242,
  // v.std(ddof=1) -> 0.16483324907311642
  EXPECT_NEAR(s.mean, 2.242, 1e-15);
  EXPECT_NEAR(s.sd, 0.16483324907311642, 1e-15);
  EXPECT_EQ(s.min, 2.05);
  EXPECT_EQ(s.max, 2.47);
  // q = scipy.stats.t.ppf(0.975, 4) -> 2.7764451051977987 (mpmath: 2.7764451051977943578);
  // v.mean() -+ q * v.std(ddof=1) * np.sqrt(1 + 1/5) -> (1.7406690309260227, 2.7433309690739773)
  // (mpmath, exact decimal data: 1.7406690309260237750, 2.7433309690739762250)
  EXPECT_NEAR(s.prediction_low, 1.7406690309260227, 1e-13);
  EXPECT_NEAR(s.prediction_high, 2.7433309690739773, 1e-13);
  // At level 0.90: scipy 1.10.1's t.ppf(0.95, 4) -> 2.13184678133629 is 5e-9 low, so the
  // reference is mpmath (40 digits): q = root of betainc(2, 1/2, 0, 4/(4+q^2), regularized) / 2
  // = 0.05 -> 2.1318467863266503183; 2.242 -+ q * sd * sqrt(6/5) with the exact decimal data
  //   -> (1.8570614275407246511, 2.6269385724592753489)
  const SeedSpread s90 = seed_spread(kSeeds, 0.90);
  EXPECT_NEAR(s90.prediction_low, 1.8570614275407246511, 1e-13);
  EXPECT_NEAR(s90.prediction_high, 2.6269385724592753489, 1e-13);
}

TEST(SeedSpread, TwoSeedsUseTheCauchyQuantile) {
  // df = 1: t_{0.975, 1} = tan(0.475 pi) exactly; mpmath (40 digits):
  // 4 -+ tan(0.475 pi) * sqrt(2) * sqrt(1 + 1/2) -> -18.007792174426890636, 26.007792174426890636
  // (scipy 1.10.1's t.ppf(0.975, 1) = 12.706204736432095 is 2e-11 relative off; not used here)
  const SeedSpread s = seed_spread({3.0, 5.0});
  EXPECT_NEAR(s.prediction_low, -18.007792174426890636, 1e-12);
  EXPECT_NEAR(s.prediction_high, 26.007792174426890636, 1e-12);
}

TEST(SeedSpread, TooFewSeedsHaveNoInterval) {
  const SeedSpread one = seed_spread({1.5});
  EXPECT_EQ(one.mean, 1.5);
  EXPECT_EQ(one.min, 1.5);
  EXPECT_TRUE(std::isnan(one.sd));
  EXPECT_TRUE(std::isnan(one.prediction_low));
  const SeedSpread none = seed_spread({});
  EXPECT_EQ(none.n, 0u);
  EXPECT_TRUE(std::isnan(none.mean));
  EXPECT_TRUE(std::isnan(none.max));
}

TEST(SeedSpread, RejectsNonFiniteSeedsAndBadLevels) {
  EXPECT_THROW(seed_spread({1.0, NAN, 2.0}), InputError);
  EXPECT_THROW(seed_spread({1.0, INFINITY}), InputError);
  EXPECT_THROW(seed_spread({1.0, 2.0}, 1.0), InputError);
  EXPECT_THROW(reproduction_check({1.0, 2.0}, NAN), InputError);
}

TEST(ReproductionCheck, VerdictFollowsThePredictionInterval) {
  // Interval (1.7406690309260227, 2.7433309690739773), see above.
  const ReproductionCheck inside = reproduction_check(kSeeds, 2.6);
  EXPECT_EQ(inside.verdict, "reproduced");
  EXPECT_NEAR(inside.percentile, 1.0, 1e-15);  // above every seed, still inside the interval
  EXPECT_EQ(reproduction_check(kSeeds, 2.75).verdict, "higher");
  EXPECT_EQ(reproduction_check(kSeeds, 1.74).verdict, "lower");
  EXPECT_EQ(reproduction_check(kSeeds, 1.7406690309260227 + 1e-12).verdict, "reproduced");
  // Ties count half: (np.sum(v < 2.26) + 0.5 * np.sum(v == 2.26)) / 5 -> 0.5
  EXPECT_NEAR(reproduction_check(kSeeds, 2.26).percentile, 0.5, 1e-15);
  EXPECT_NEAR(reproduction_check(kSeeds, 2.2).percentile, 0.4, 1e-15);
  EXPECT_NEAR(reproduction_check(kSeeds, 2.0).percentile, 0.0, 1e-15);
}

TEST(ReproductionCheck, OneSeedIsUndeterminedAndIdenticalSeedsAreExact) {
  const ReproductionCheck one = reproduction_check({2.0}, 2.0);
  EXPECT_EQ(one.verdict, "undetermined");
  EXPECT_NEAR(one.percentile, 0.5, 1e-15);
  EXPECT_TRUE(std::isnan(reproduction_check({}, 2.0).percentile));
  // Every seed gives the same number (a deterministic study): the interval is that number.
  EXPECT_EQ(reproduction_check({2.0, 2.0, 2.0}, 2.0).verdict, "reproduced");
  EXPECT_EQ(reproduction_check({2.0, 2.0, 2.0}, 2.0 + 1e-9).verdict, "higher");
}

TEST(ClaimReplication, CountsSeedsWhereTheClaimHolds) {
  // Claim: negative effect (e.g. RWWCE - control rwc < 0) with p < 0.01.
  // Seed 2 is significant the wrong way, seed 3 not significant, seed 4 undefined.
  const std::vector<double> p{1e-5, 0.003, 1e-4, 0.2, NAN};
  const std::vector<double> effect{-1.2, -0.4, +0.9, -0.1, -0.5};
  const ClaimReplication c = claim_replication(p, effect, ClaimedSign::negative, 0.01);
  EXPECT_EQ(c.n_seeds, 5u);
  EXPECT_EQ(c.n_held, 2u);
  EXPECT_NEAR(c.held.proportion, 0.4, 1e-15);
  // The positive claim holds in seed 2 only.
  EXPECT_EQ(claim_replication(p, effect, ClaimedSign::positive, 0.01).n_held, 1u);
  // scipy.stats.binomtest(3, 5).proportion_ci(confidence_level=0.95, method='exact')
  //   -> (0.14663279963467254, 0.9472550494736843) (scipy 1.10.1; brentq, 1e-12)
  const ClaimReplication loose = claim_replication(p, effect, ClaimedSign::negative, 0.5);
  EXPECT_EQ(loose.n_held, 3u);
  EXPECT_NEAR(loose.held.low, 0.14663279963467254, 1e-12);
  EXPECT_NEAR(loose.held.high, 0.9472550494736843, 1e-12);
}

TEST(ClaimReplication, RejectsBadInput) {
  EXPECT_THROW(claim_replication({0.1}, {1.0, 2.0}, ClaimedSign::positive, 0.05), InputError);
  EXPECT_THROW(claim_replication({}, {}, ClaimedSign::positive, 0.05), InputError);
  EXPECT_THROW(claim_replication({1.5}, {1.0}, ClaimedSign::positive, 0.05), InputError);
  EXPECT_THROW(claim_replication({0.1}, {1.0}, ClaimedSign::positive, 0.0), InputError);
}

}  // namespace
}  // namespace rwwce::harness
