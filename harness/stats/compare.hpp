#pragma once
#include <cstddef>
#include <map>
#include <string>
#include <vector>

#include "harness/run/record.hpp"

namespace rwwce::harness {

// The regression gate behind `rwwce compare`: runs of a baseline and a candidate are paired by
// (experiment, dataset, arm); for every metric x arm the paired differences candidate -
// baseline get a t-test (scipy ttest_rel) and a Wilcoxon signed-rank test, and the t-test
// p-values are Holm-adjusted across all metric x arm rows.
struct CompareOptions {
  double alpha = 0.01;
  std::vector<std::string> metrics;  // each must have a worse direction (metric_direction)
  std::map<std::string, double>
      tolerance;  // metric -> allowed worsening of the mean (metric units)
};

struct CompareRow {
  std::string metric, arm;
  std::string worse_when;                       // "higher" or "lower"
  std::size_t n_pairs = 0;                      // datasets where both sides have the metric defined
  Value baseline_mean, candidate_mean, change;  // change = candidate - baseline (means of pairs)
  Value t, p, wilcoxon_p, p_holm;
  double tolerance = 0;
  // "worse": p_holm < alpha and the mean moved in the worse direction by more than the
  // tolerance; "within tolerance", "better", "no significant change", "unchanged" (every
  // difference 0) or "not testable" (fewer than 2 pairs).
  std::string verdict;
};

struct CompareResult {
  std::string experiment;
  double alpha = 0.01;
  std::size_t n_datasets = 0, n_runs = 0;
  std::vector<CompareRow> rows;  // metric-major, arms in the baseline's order
  std::size_t n_worse() const;
};

// Throws InputError (exit 2 at the CLI) when the two sets cannot be compared: a run without
// experiment/dataset/arm fields, different experiments, a run present on one side only, a
// duplicate (experiment, dataset, arm), a metric absent from the runs or with no known
// direction, an alpha outside (0, 1) or a negative tolerance.
CompareResult compare_runs(const std::vector<Record>& baseline,
                           const std::vector<Record>& candidate, const CompareOptions& options);

// compare.csv: one record per row.
std::vector<Record> compare_records(const CompareResult& result);

// compare.md: the metric x arm table with means, change, p, p_holm and verdict.
std::string render_compare_markdown(const CompareResult& result, const std::string& baseline,
                                    const std::string& candidate);

// One line for stdout: "compare: OK ..." or "compare: REGRESSION ..." naming what got worse,
// by how much, with p.
std::string compare_verdict_line(const CompareResult& result);

}  // namespace rwwce::harness
