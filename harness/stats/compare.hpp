#pragma once
#include <cstddef>
#include <map>
#include <string>
#include <vector>

#include "harness/run/record.hpp"

namespace rwwce::harness {

// The regression gate behind `rwwce compare`: runs of a baseline and a candidate are paired by
// (experiment, dataset, arm), or by (experiment, dataset, arm, root_seed) when both sides have
// a root_seed column; for every metric x arm the paired differences candidate - baseline get a
// paired comparison (paired_comparison: t-test as scipy ttest_rel, Wilcoxon signed-rank) and
// the deciding p-values are Holm-adjusted across all metric x arm rows.
//
// A row's deciding test: without a margin, the two-sided t-test (worse = significant and the
// mean moved in the worse direction by more than the tolerance); with a margin delta, the
// one-sided test of "worse by more than delta" (non_inferiority_test).
struct CompareOptions {
  double alpha = 0.01;
  std::vector<std::string> metrics;  // each must have a worse direction (metric_direction)
  std::map<std::string, double>
      tolerance;  // metric -> allowed worsening of the mean (metric units)
  std::map<std::string, double>
      margin;          // metric -> delta: the row is decided by the one-sided margin test
  double power = 0.8;  // of the minimal detectable change every row reports
};

struct CompareRow {
  std::string metric, arm;
  std::string worse_when;   // "higher" or "lower"
  std::size_t n_pairs = 0;  // runs where both sides have a finite value of the metric
  Value baseline_mean, candidate_mean, change;  // change = candidate - baseline (means of pairs)
  Value t, p, wilcoxon_p;  // two-sided paired t-test and Wilcoxon of candidate - baseline
  Value p_margin;          // one-sided p of "worse by more than the margin" (margin rows only)
  Value p_holm;            // Holm-adjusted p of the deciding test (p_margin if a margin, else p)
  double tolerance = 0;
  Value margin;  // delta, Undefined when the row has no margin
  // The true change the deciding test detects with probability `power` at the gate's alpha
  // (before Holm, which can only raise it), from the observed sd of the differences: without a
  // margin the two-sided t-test's |mean change|; with one, the mean worsening delta + the
  // one-sided test's detectable excess (minimal_detectable_change.hpp). Undefined under 2 pairs.
  Value min_detectable_change;
  // Runs where the baseline has a finite value and the candidate does not, each as
  // "(experiment, dataset, arm[, root_seed]): why" (NaN, inf, -inf, blank, column absent, text).
  std::vector<std::string> broken;
  // "broken" (any run in `broken`), "worse" (deciding p_holm < alpha and, without a margin, the
  // mean moved in the worse direction by more than the tolerance), "within margin" (a margin
  // row not significantly worse by more than the margin), "within tolerance", "better", "no
  // significant change", "unchanged" (every paired difference exactly 0, or the metric undefined
  // on both sides in every run) or "not testable" (fewer than 2 pairs, so no test: the gate
  // cannot say OK).
  std::string verdict;
};

struct CompareResult {
  std::string experiment;
  double alpha = 0.01;
  double power = 0.8;
  bool paired_by_root_seed = false;
  // The two sides ran different root seeds (as many of each): runs paired by seed rank, the
  // baseline's k-th smallest seed with the candidate's k-th.
  bool paired_by_seed_rank = false;
  std::size_t n_datasets = 0, n_root_seeds = 0, n_runs = 0;  // n_root_seeds: 0 if not paired so
  std::vector<CompareRow> rows;  // metric-major, arms in the baseline's order
  std::size_t n_worse() const;
  std::size_t n_broken() const;
  std::size_t n_not_testable() const;
  // The gate passes only when no row is worse, broken or not testable.
  bool passed() const;
};

// Throws InputError (exit 2 at the CLI) when the two sets cannot be compared: a run without
// experiment/dataset/arm fields, different experiments, a run present on one side only, a
// duplicate run key, a metric absent from the baseline's runs or with no known direction, a
// baseline value that is text, an alpha or power outside (0, 1), a negative tolerance or margin,
// or a metric given both a tolerance and a margin. A candidate value that is missing or not
// finite where the baseline has one is not an InputError but a broken row (gate FAIL, exit 1).
// A non-finite baseline value leaves its pair out, like an undefined one.
CompareResult compare_runs(const std::vector<Record>& baseline,
                           const std::vector<Record>& candidate, const CompareOptions& options);

// compare.csv: one record per row.
std::vector<Record> compare_records(const CompareResult& result);

// compare.md: the metric x arm table with means, change, p-values, detectable change and
// verdict, then every broken run and every untestable row.
std::string render_compare_markdown(const CompareResult& result, const std::string& baseline,
                                    const std::string& candidate);

// One line for stdout: "compare: OK ..." when the gate passes; otherwise "compare: REGRESSION",
// "compare: BROKEN" or "compare: NOT TESTABLE" (the first that applies) naming every failing
// row with what failed (by how much with p; which runs and why).
std::string compare_verdict_line(const CompareResult& result);

}  // namespace rwwce::harness
