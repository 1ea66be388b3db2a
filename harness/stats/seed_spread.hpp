#pragma once
#include <cstddef>
#include <string>
#include <vector>

#include "harness/stats/binomial_ci.hpp"

namespace rwwce::harness {

// "Did it reproduce?" across root seeds. The input is one value per root seed: a table mean
// (e.g. the mean rwc of the rwwce arm over Table I's 100 datasets) from the whole study re-run
// with that seed.
//
// Why a prediction interval: a published number is ONE run of the study, i.e. one draw of "a
// table mean under some seed". The question "is it within the spread of reruns?" asks whether
// that one draw is plausible under the distribution our reruns sample, so the interval must
// cover a single new draw: if the n seed values and the published one are i.i.d. normal,
// (published - mean) / (sd * sqrt(1 + 1/n)) ~ t_{n-1} exactly, so
//   mean -+ t_{(1 + level)/2, n-1} * sd * sqrt(1 + 1/n)
// covers it with probability `level`. A confidence interval of the mean (sd / sqrt(n)) answers
// a different question (where is the average over infinitely many seeds) and shrinks with n, so
// with enough seeds it would call a faithful reproduction "not reproduced"; [min, max] covers a
// new draw only with probability (n - 1) / (n + 1), which depends on how many seeds were run.
struct SeedSpread {
  std::size_t n = 0;       // seeds
  double mean, sd;         // sd with ddof = 1; NaN for n < 2 (mean NaN for n = 0)
  double min, max;         // NaN for n = 0
  double level;            // of the prediction interval, e.g. 0.95
  double prediction_low;   // prediction interval for one more seed's value;
  double prediction_high;  // NaN for n < 2, [mean, mean] when every seed agrees
};

// A non-finite seed value or a level outside (0, 1): InputError (a failed seed must be re-run,
// not averaged over).
SeedSpread seed_spread(const std::vector<double>& per_seed, double level = 0.95);

// Where a published value falls in the seed distribution.
struct ReproductionCheck {
  SeedSpread spread;
  double published;
  // Fraction of seeds whose value is below `published`, ties counted half; NaN for no seeds.
  double percentile;
  // "reproduced": prediction_low <= published <= prediction_high; "higher" / "lower": above or
  // below the interval; "undetermined": fewer than 2 seeds (no interval).
  std::string verdict;
};

// seed_spread of the values, and the published value against it. A non-finite published value:
// InputError.
ReproductionCheck reproduction_check(const std::vector<double>& per_seed, double published,
                                     double level = 0.95);

// "In what fraction of seeds does a significance claim hold?", e.g. "RWWCE has lower rwc than
// control 1, p_holm < 0.01". Per seed: the claim holds when p < alpha and the effect has the
// claimed sign (strictly: an effect of 0 holds neither sign). An undefined (NaN) p or effect is
// a seed where the claim did not hold; it is counted, not dropped.
enum class ClaimedSign { positive, negative };

struct ClaimReplication {
  std::size_t n_seeds = 0, n_held = 0;
  BinomialCi held;  // n_held / n_seeds with its Clopper-Pearson 95% interval
};

// p.size() != effect.size(), no seeds, alpha outside (0, 1) or a p outside [0, 1]: InputError.
ClaimReplication claim_replication(const std::vector<double>& p, const std::vector<double>& effect,
                                   ClaimedSign sign, double alpha);

}  // namespace rwwce::harness
