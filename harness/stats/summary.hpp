#pragma once
#include <string>
#include <utility>
#include <vector>

#include "harness/run/record.hpp"

namespace rwwce::harness {

// What to summarise: which arms, which metrics, which paired comparisons. Runs are paired by
// the values of `pair_keys` (the dataset and the root seed): the arms of one dataset and seed
// share its split. A key absent from a run counts as empty.
struct SummarySpec {
  std::vector<std::string> pair_keys = {"dataset"};
  std::vector<std::string> arms;     // display order
  std::vector<std::string> metrics;  // numeric fields of the run records
  // (arm, reference) pairs; differences are arm - reference.
  std::vector<std::pair<std::string, std::string>> comparisons;
};

struct ArmMean {
  std::string arm, metric;
  std::size_t n_runs = 0;     // runs of this arm
  std::size_t n_defined = 0;  // runs where the metric is defined
  double mean = 0, sd = 0;    // over the defined runs (sd with ddof = 1)
};

struct Comparison {
  std::string arm, reference, metric;
  std::size_t n_pairs = 0;  // datasets where both arms have the metric defined
  // Every statistic starts Undefined (so `Comparison c{arm, reference, metric}` is complete).
  Value mean_diff{}, sd_diff{}, t{}, df{}, p{}, ci95_low{}, ci95_high{};  // paired t-test
  Value wilcoxon_statistic{}, wilcoxon_p{};                               // scipy wilcoxon defaults
  Value p_holm{};  // Holm-adjusted across every comparison x metric of the table
};

struct Summary {
  std::vector<ArmMean> means;
  std::vector<Comparison> comparisons;

  const ArmMean* mean_of(const std::string& arm, const std::string& metric) const;
  const Comparison* comparison_of(const std::string& arm, const std::string& reference,
                                  const std::string& metric) const;
};

// Means per arm and paired tests per comparison. Statistics that cannot be computed (fewer
// than 2 pairs, zero variance of the differences) are Undefined, not an error, so a one-dataset
// smoke run still produces every file.
Summary summarize(const std::vector<Record>& runs, const SummarySpec& spec);

// The flat view written as summary.csv: one row per (arm, metric) mean, then one per
// comparison, with a `kind` column telling them apart.
std::vector<Record> summary_records(const Summary& summary);

}  // namespace rwwce::harness
