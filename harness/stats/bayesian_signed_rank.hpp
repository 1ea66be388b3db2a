#pragma once
#include <cstddef>
#include <cstdint>
#include <vector>

namespace rwwce::harness {

// The Bayesian signed-rank test of Benavoli, Corani, Demsar & Zaffalon, "Time for a change: a
// tutorial for comparing multiple classifiers through Bayesian analysis", JMLR 18(77), 2017
// (after Benavoli et al., ICML 2014), as baycomp implements it in two_on_multiple(x, y, rope) /
// SignedRankTest (janezd/baycomp, baycomp/multiple.py):
//
//   z = (0, y_1 - x_1, ..., y_n - x_n): the paired differences SECOND minus FIRST, preceded by
//   the Dirichlet-process prior's pseudo-observation at 0 with weight `prior` (baycomp's
//   default 0.5; every observed difference has weight 1). Each posterior sample is a weight
//   vector w ~ Dirichlet(prior, 1, ..., 1) and gives the probability that the Walsh average
//   (z_i + z_j) / 2 of two draws from the posterior lies left of, inside or right of the rope:
//     left  = sum_ij w_i w_j H(-(z_i + z_j) - 2 rope)
//     right = sum_ij w_i w_j H(  z_i + z_j  - 2 rope)     H(0) = 1/2, H(> 0) = 1, H(< 0) = 0
//     rope  = 1 - left - right   (rope = 0: left = 1 - right, rope = 0, as baycomp)
//   P(left), P(rope), P(right) are the fractions of samples in which that region has the
//   largest probability (ties go to the first of left, rope, right, as numpy's argmax).
//
// Convention, as baycomp's: LEFT means y - x < -rope, i.e. the FIRST sample x is LARGER by
// more than the rope; RIGHT means the second sample y is larger by more than the rope. (For an
// error or a cost, lower is better, so P(left) is then the probability that y is better.)
struct BayesianSignedRankOptions {
  double rope = 0;              // half-width of the region of practical equivalence, >= 0
  double prior = 0.5;           // weight of the pseudo-observation at 0 (0 drops it), >= 0
  std::size_t samples = 50000;  // Monte Carlo draws from the posterior (baycomp's nsamples)
};

struct BayesianSignedRank {
  std::size_t n = 0;               // pairs
  double p_left, p_rope, p_right;  // sum to 1; NaN when a difference is not finite
};

// Deterministic given `seed` (its own std::mt19937_64; Dirichlet weights from Gamma draws
// written out here rather than std:: distributions, which differ between standard libraries:
// exponential for the weights 1, Marsaglia-Tsang for the prior, fed by rwwce::uniform01; only
// libm's log/cos/pow may differ in the last bit between platforms). The result agrees with
// baycomp / tests/harness/stats/reference/bayesian_signed_rank.py up to Monte Carlo error,
// whose standard deviation is sqrt(p (1 - p) / samples) per probability (<= 0.0023 at the
// default 50,000). Each sample costs O(n) after one O(n log n) sort.
// x.size() != y.size(), no pairs, a negative or non-finite rope, a negative prior or
// samples == 0: InputError.
BayesianSignedRank bayesian_signed_rank(const std::vector<double>& x, const std::vector<double>& y,
                                        std::uint64_t seed,
                                        const BayesianSignedRankOptions& options = {});

// The three posterior masses (left, rope, right) above for ONE weight vector: z holds the
// pseudo-observation first (z[0] = 0 in the test), w the weights (summing to 1), same size.
// Exposed so the per-sample computation can be checked exactly (no Monte Carlo) against the
// O(n^2) definition.
struct SignedRankMasses {
  double left, rope, right;
};
SignedRankMasses signed_rank_masses(const std::vector<double>& z, const std::vector<double>& w,
                                    double rope);

}  // namespace rwwce::harness
