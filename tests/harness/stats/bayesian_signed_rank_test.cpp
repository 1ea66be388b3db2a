#include "harness/stats/bayesian_signed_rank.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <vector>

#include "core/input_error.hpp"

namespace rwwce::harness {
namespace {

// X, Y and every golden value: tests/harness/stats/reference/bayesian_signed_rank.py
// (numpy 1.24.2, the algorithm of baycomp's SignedRankTest). Y - X =
// [0.8, 0.1, 0.9, -0.2, 1.3, 0.2, 0.4, 1.2, -0.1, 0.7].
const std::vector<double> kX{3.1, 2.4, 5.0, 4.2, 3.3, 2.9, 4.8, 3.7, 2.2, 4.0};
const std::vector<double> kY{3.9, 2.5, 5.9, 4.0, 4.6, 3.1, 5.2, 4.9, 2.1, 4.7};

// Monte Carlo tolerance of a probability p estimated here from `samples` draws against a
// reference from 400,000 draws (another random stream): 5 standard deviations of the
// difference of two independent frequencies (a correct implementation fails with probability
// ~6e-7), with a floor for p at 0 or 1 where the binomial SD vanishes.
double mc_tolerance(double p, double samples) {
  const double var = p * (1 - p) * (1 / samples + 1 / 400000.0);
  return std::max(5 * std::sqrt(var), 5 / samples);
}

void expect_probabilities(const BayesianSignedRank& r, double left, double rope, double right,
                          double samples) {
  EXPECT_NEAR(r.p_left, left, mc_tolerance(left, samples));
  EXPECT_NEAR(r.p_rope, rope, mc_tolerance(rope, samples));
  EXPECT_NEAR(r.p_right, right, mc_tolerance(right, samples));
  EXPECT_NEAR(r.p_left + r.p_rope + r.p_right, 1.0, 1e-12);
}

TEST(BayesianSignedRank, MatchesTheNumpyReferenceWithinMonteCarloError) {
  // reference signed_rank(X, Y, rope, nsamples=400_000, seed=1):
  //   rope 0.5 -> [0.0, 0.4682225, 0.5317775]
  //   rope 0.0 -> [0.0019825, 0.0, 0.9980175]
  //   rope 0.2 -> [0.00012, 0.0275875, 0.9722925]
  //   prior=2.0, rope 0.5 -> [0.0, 0.655365, 0.344635]
  const BayesianSignedRank r = bayesian_signed_rank(kX, kY, 42, {0.5, 0.5, 50000});
  EXPECT_EQ(r.n, 10u);
  expect_probabilities(r, 0.0, 0.4682225, 0.5317775, 50000);
  expect_probabilities(bayesian_signed_rank(kX, kY, 42, {0.0, 0.5, 50000}), 0.0019825, 0.0,
                       0.9980175, 50000);
  expect_probabilities(bayesian_signed_rank(kX, kY, 42, {0.2, 0.5, 50000}), 0.00012, 0.0275875,
                       0.9722925, 50000);
  expect_probabilities(bayesian_signed_rank(kX, kY, 42, {0.5, 2.0, 50000}), 0.0, 0.655365, 0.344635,
                       50000);
}

TEST(BayesianSignedRank, LeftMeansTheFirstSampleIsLarger) {
  // Swapping the samples mirrors the differences: left and right swap (as baycomp's y - x).
  const BayesianSignedRank r = bayesian_signed_rank(kY, kX, 42, {0.5, 0.5, 50000});
  expect_probabilities(r, 0.5317775, 0.4682225, 0.0, 50000);
}

TEST(BayesianSignedRank, ExactMassesOfOneWeightVector) {
  // reference masses(z, w, rope) with z = [0] + (Y - X), w = (1, 2, ..., 11) / 66 (no Monte
  // Carlo; only the summation order differs from the O(n^2) definition):
  //   rope 0.5 -> (0.0, 0.45707070707070707, 0.5429292929292929)
  //   rope 0.0 -> (0.0804637281910009, 0.0, 0.9195362718089991)
  //   rope 0.2 -> (0.005739210284664831, 0.19329660238751134, 0.8009641873278238)
  std::vector<double> z{0.0}, w;
  for (std::size_t i = 0; i < kX.size(); ++i) z.push_back(kY[i] - kX[i]);
  for (int i = 1; i <= 11; ++i) w.push_back(i / 66.0);
  const SignedRankMasses a = signed_rank_masses(z, w, 0.5);
  EXPECT_NEAR(a.left, 0.0, 1e-15);
  EXPECT_NEAR(a.rope, 0.45707070707070707, 1e-14);
  EXPECT_NEAR(a.right, 0.5429292929292929, 1e-14);
  const SignedRankMasses b = signed_rank_masses(z, w, 0.0);
  EXPECT_NEAR(b.left, 0.0804637281910009, 1e-14);
  EXPECT_EQ(b.rope, 0.0);
  EXPECT_NEAR(b.right, 0.9195362718089991, 1e-14);
  const SignedRankMasses c = signed_rank_masses(z, w, 0.2);
  EXPECT_NEAR(c.left, 0.005739210284664831, 1e-14);
  EXPECT_NEAR(c.rope, 0.19329660238751134, 1e-14);
  EXPECT_NEAR(c.right, 0.8009641873278238, 1e-14);
}

TEST(BayesianSignedRank, EverythingInsideTheRopeIsCertainlyEquivalent) {
  // Every |z_i + z_j| < 2 rope: each sample's rope mass is exactly 1.
  const BayesianSignedRank r =
      bayesian_signed_rank({1.0, 2.0, 3.0}, {1.1, 1.95, 3.02}, 1, {0.5, 0.5, 2000});
  EXPECT_EQ(r.p_rope, 1.0);
  EXPECT_EQ(r.p_left, 0.0);
  EXPECT_EQ(r.p_right, 0.0);
}

TEST(BayesianSignedRank, FarRightMatchesTheExactBetaProbability) {
  // Every difference > 2 rope: only the pseudo-observation's own pair (0 + 0) lies in the rope,
  // mass w0^2, the rest is right; right wins iff w0 < 1/sqrt(2), w0 ~ Beta(prior, n). Exact:
  // scipy.stats.beta.cdf(1/np.sqrt(2), 0.5, 2) -> 0.9640428441298917
  // scipy.stats.beta.cdf(1/np.sqrt(2), 0.5, 3) -> 0.9910944095840857
  // (this also checks the Gamma(0.5) draws of the prior's weight). Tolerance: 5 binomial SDs at
  // 200,000 samples.
  const double sd2 = std::sqrt(0.9640428441298917 * (1 - 0.9640428441298917) / 200000);
  const BayesianSignedRank r2 = bayesian_signed_rank({0, 0}, {3, 5}, 3, {1.0, 0.5, 200000});
  EXPECT_NEAR(r2.p_right, 0.9640428441298917, 5 * sd2);
  EXPECT_NEAR(r2.p_rope, 1 - 0.9640428441298917, 5 * sd2);
  EXPECT_EQ(r2.p_left, 0.0);
  const double sd3 = std::sqrt(0.9910944095840857 * (1 - 0.9910944095840857) / 200000);
  const BayesianSignedRank r3 = bayesian_signed_rank({0, 0, 0}, {3, 5, 2.5}, 4, {1.0, 0.5, 200000});
  EXPECT_NEAR(r3.p_right, 0.9910944095840857, 5 * sd3);
  // Mirror image: the first sample far larger is left, with the same probability.
  const BayesianSignedRank l3 = bayesian_signed_rank({3, 5, 2.5}, {0, 0, 0}, 4, {1.0, 0.5, 200000});
  EXPECT_NEAR(l3.p_left, 0.9910944095840857, 5 * sd3);
  EXPECT_EQ(l3.p_right, 0.0);
  // Without a rope and every difference positive, right has mass 1 - w0^2 / 2 > 1/2 always.
  const BayesianSignedRank n0 = bayesian_signed_rank({0, 0}, {3, 5}, 5, {0.0, 0.5, 5000});
  EXPECT_EQ(n0.p_right, 1.0);
  // No prior pseudo-observation (prior 0: the Bayesian bootstrap): far right is certain.
  EXPECT_EQ(bayesian_signed_rank({0, 0}, {3, 5}, 6, {1.0, 0.0, 5000}).p_right, 1.0);
}

TEST(BayesianSignedRank, SameSeedSameResult) {
  const BayesianSignedRank a = bayesian_signed_rank(kX, kY, 9, {0.5, 0.5, 3000});
  const BayesianSignedRank b = bayesian_signed_rank(kX, kY, 9, {0.5, 0.5, 3000});
  EXPECT_EQ(a.p_rope, b.p_rope);
  EXPECT_EQ(a.p_right, b.p_right);
  const BayesianSignedRank c = bayesian_signed_rank(kX, kY, 10, {0.5, 0.5, 3000});
  EXPECT_NE(a.p_rope, c.p_rope);  // another stream: another Monte Carlo estimate
}

TEST(BayesianSignedRank, NonFiniteDifferenceIsUndefinedAndBadInputThrows) {
  const BayesianSignedRank r = bayesian_signed_rank({1.0, NAN}, {2.0, 3.0}, 1);
  EXPECT_TRUE(std::isnan(r.p_left) && std::isnan(r.p_rope) && std::isnan(r.p_right));
  EXPECT_THROW(bayesian_signed_rank({1.0}, {1.0, 2.0}, 1), InputError);
  EXPECT_THROW(bayesian_signed_rank({}, {}, 1), InputError);
  EXPECT_THROW(bayesian_signed_rank({1.0}, {2.0}, 1, {-0.1, 0.5, 100}), InputError);
  EXPECT_THROW(bayesian_signed_rank({1.0}, {2.0}, 1, {0.1, -1.0, 100}), InputError);
  EXPECT_THROW(bayesian_signed_rank({1.0}, {2.0}, 1, {0.1, 0.5, 0}), InputError);
}

}  // namespace
}  // namespace rwwce::harness
