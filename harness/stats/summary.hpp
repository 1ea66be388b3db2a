#pragma once
#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "harness/run/record.hpp"
#include "harness/stats/bayesian_signed_rank.hpp"
#include "harness/stats/binomial_ci.hpp"
#include "harness/stats/cluster_bootstrap.hpp"
#include "harness/stats/paired_comparison.hpp"
#include "harness/stats/seed_spread.hpp"

namespace rwwce::harness {

// What to summarise: which arms, which metrics, which paired comparisons, and the design: runs
// are paired by the values of `pair_keys` (the dataset and the root seed: the arms of one
// dataset and seed share its split); `seed_key` names the root seed; `unit_key` the unit of
// analysis, the level at which runs are independent enough to be paired (Table I's digit: its
// 10 batches share every test negative). A key absent from a run counts as empty.
struct SummarySpec {
  std::vector<std::string> pair_keys = {"dataset"};
  std::vector<std::string> arms;     // display order
  std::vector<std::string> metrics;  // numeric fields of the run records
  // (arm, reference) pairs; differences are arm - reference.
  std::vector<std::pair<std::string, std::string>> comparisons;
  std::string seed_key = "root_seed";
  std::string unit_key;                // "" = no unit-level statistics
  std::map<std::string, double> rope;  // metric -> half-width of practical equivalence
  std::size_t bootstrap_resamples = 10000;
  std::uint64_t bootstrap_seed = 1;  // the cluster bootstrap's and the Bayesian test's seed
  // A 0/1 run column counted per arm and unit, its rate given a seed spread; "" = not counted.
  std::string degenerate_key = "degenerate";
};

struct ArmMean {
  std::string arm, metric;
  std::size_t n_runs = 0;     // runs of this arm
  std::size_t n_defined = 0;  // runs where the metric is defined
  double mean = 0, sd = 0;    // over the defined runs (sd with ddof = 1)
};

struct Comparison {
  std::string arm, reference, metric;
  std::string seed{};       // "" pooled over every seed; else this root seed's runs only
  std::size_t n_pairs = 0;  // datasets where both arms have the metric defined
  // Every statistic starts Undefined (so `Comparison c{arm, reference, metric}` is complete).
  Value mean_diff{}, sd_diff{}, t{}, df{}, p{}, ci95_low{}, ci95_high{};  // paired t-test
  Value wilcoxon_statistic{}, wilcoxon_p{};                               // scipy wilcoxon defaults
  Value p_holm{};  // Holm-adjusted across every comparison x metric of the table (of that seed)
};

// An arm's table mean for one root seed: the mean over that seed's runs.
struct SeedMean {
  std::string arm, metric, seed;
  std::size_t n_defined = 0;
  double mean = 0;
};

// The table means of one arm and metric across root seeds (seed_spread.hpp).
struct SeedSpreadRow {
  std::string arm, metric;
  SeedSpread spread;
};

// A paired comparison at the unit of analysis: each unit's value is the mean of its runs (over
// its tasks and seeds); the differences of the units are tested.
struct UnitComparison {
  std::string arm, reference, metric;
  std::string seed;  // "" pooled over every seed; else this root seed's runs only
  std::size_t n_units = 0;
  PairedComparison test;  // paired t-test and Wilcoxon (exact up to 50 units) of the units
  double p_holm = PairedComparison::nan;  // Holm across the table's unit comparisons (of the seed)
  BootstrapCi bootstrap;   // pooled only: cluster bootstrap CI of the mean difference
  bool has_bayes = false;  // pooled, and the metric has a ROPE
  double rope = 0;
  BayesianSignedRank bayes;  // x = arm, y = reference (baycomp's convention: left = arm higher)
};

// How many of an arm's runs are degenerate (predict no positive; never predict some class),
// overall (unit "") and per unit, with a Clopper-Pearson 95% interval of the rate.
struct DegenerateCount {
  std::string arm, unit;
  std::size_t n_runs = 0, n_degenerate = 0;
  BinomialCi rate;
};

struct Summary {
  std::string unit_key;
  std::vector<ArmMean> means;
  std::vector<Comparison> comparisons;       // pooled
  std::vector<Comparison> seed_comparisons;  // per seed
  std::vector<SeedMean> seed_means;
  std::vector<SeedSpreadRow> seed_spreads;
  std::vector<UnitComparison> unit_comparisons;       // pooled
  std::vector<UnitComparison> seed_unit_comparisons;  // per seed
  std::vector<DegenerateCount> degenerate;
  std::vector<std::string> seeds;  // in ascending order

  const ArmMean* mean_of(const std::string& arm, const std::string& metric) const;
  const Comparison* comparison_of(const std::string& arm, const std::string& reference,
                                  const std::string& metric) const;
  const SeedSpreadRow* spread_of(const std::string& arm, const std::string& metric) const;
  const UnitComparison* unit_comparison_of(const std::string& arm, const std::string& reference,
                                           const std::string& metric) const;
  // The seed values of an arm's table mean, in seed order.
  std::vector<double> seed_values(const std::string& arm, const std::string& metric) const;
};

// Means per arm and paired tests per comparison, pooled and per root seed; the seed spread of
// every table mean; the unit-level tests; the degenerate counts. Statistics that cannot be
// computed (fewer than 2 pairs, zero variance of the differences) are Undefined, not an error,
// so a one-dataset smoke run still produces every file.
Summary summarize(const std::vector<Record>& runs, const SummarySpec& spec);

// The flat view written as summary.csv, a `kind` column telling the rows apart: mean,
// comparison (the paper's dataset-level tests), seed_mean, seed_spread, seed_comparison,
// unit_comparison, seed_unit_comparison, degenerate.
std::vector<Record> summary_records(const Summary& summary);

}  // namespace rwwce::harness
