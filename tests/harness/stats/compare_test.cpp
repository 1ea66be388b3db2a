#include "harness/stats/compare.hpp"

#include <gtest/gtest.h>

#include "core/input_error.hpp"
#include "harness/stats/metric_direction.hpp"

namespace rwwce::harness {
namespace {

std::vector<Record> runs(const std::vector<double>& rwc, const std::vector<double>& auc) {
  std::vector<Record> out;
  for (std::size_t i = 0; i < rwc.size(); ++i) {
    Record r;
    r.set("experiment", std::string("table1"))
        .set("dataset", "d" + std::to_string(i))
        .set("arm", std::string("rwwce"))
        .set("rwc", rwc[i])
        .set("auc", auc[i]);
    out.push_back(r);
  }
  return out;
}

CompareOptions options() {
  CompareOptions o;
  o.metrics = {"rwc", "auc"};
  return o;
}

TEST(MetricDirection, OneTableForBothDirections) {
  for (const char* m : {"fn", "fp", "top1_error", "paper_error", "rwc", "high_cost", "errors"})
    EXPECT_EQ(worse_direction(m), WorseDirection::higher) << m;
  for (const char* m : {"auc", "f1", "precision", "recall", "accuracy", "expected_value"})
    EXPECT_EQ(worse_direction(m), WorseDirection::lower) << m;
  EXPECT_FALSE(worse_direction("tp"));
}

TEST(Compare, IdenticalRunsAreUnchangedNotWorse) {
  const auto a = runs({1, 2, 3, 4}, {0.9, 0.8, 0.95, 0.85});
  const CompareResult r = compare_runs(a, a, options());
  ASSERT_EQ(r.rows.size(), 2u);
  for (const auto& row : r.rows) {
    EXPECT_EQ(row.verdict, "unchanged");
    EXPECT_TRUE(std::holds_alternative<Undefined>(row.p));
  }
  EXPECT_EQ(r.n_worse(), 0u);
}

TEST(Compare, DirectionDecidesWorseOrBetter) {
  const auto base = runs({1, 2, 3, 4, 5, 6}, {0.90, 0.80, 0.95, 0.85, 0.91, 0.82});
  // rwc up by 1 (+ jitter): worse; auc up by 0.05 (+ jitter): better.
  const auto cand =
      runs({2.01, 3.02, 4.0, 5.03, 6.01, 7.02}, {0.951, 0.852, 1.0, 0.903, 0.96, 0.871});
  const CompareResult r = compare_runs(base, cand, options());
  EXPECT_EQ(r.rows[0].metric, "rwc");
  EXPECT_EQ(r.rows[0].verdict, "worse");
  EXPECT_NEAR(std::get<double>(r.rows[0].change), 1.015, 1e-12);
  EXPECT_EQ(r.rows[1].verdict, "better");
  EXPECT_EQ(r.n_worse(), 1u);
  EXPECT_EQ(compare_verdict_line(r).rfind("compare: REGRESSION: table1: 1 of 2", 0), 0u);

  CompareOptions tolerant = options();
  tolerant.tolerance["rwc"] = 1.1;  // the change is 1.015: accepted
  EXPECT_EQ(compare_runs(base, cand, tolerant).rows[0].verdict, "within tolerance");
}

TEST(Compare, HolmAdjustsAcrossRows) {
  // Significant alone at alpha 0.02 but not after Holm over the 2 rows.
  // scipy.stats.ttest_rel([1.1, 2.3, 3.2, 4.3, 5.1], [1, 2, 3, 4, 5]) -> p = 0.011056493393450087
  const auto base = runs({1, 2, 3, 4, 5}, {0.9, 0.9, 0.9, 0.9, 0.9});
  const auto cand = runs({1.1, 2.3, 3.2, 4.3, 5.1}, {0.9, 0.91, 0.9, 0.89, 0.9});
  CompareOptions o = options();
  o.alpha = 0.02;
  const CompareResult r = compare_runs(base, cand, o);
  EXPECT_NEAR(std::get<double>(r.rows[0].p), 0.011056493393450087, 1e-9);
  EXPECT_NEAR(std::get<double>(r.rows[0].p_holm), 2 * 0.011056493393450087, 2e-9);
  EXPECT_EQ(r.rows[0].verdict, "no significant change");
}

TEST(Compare, BadInputThrows) {
  const auto a = runs({1, 2, 3}, {0.9, 0.8, 0.7});
  auto fewer = runs({1, 2}, {0.9, 0.8});
  EXPECT_THROW(compare_runs(a, fewer, options()), InputError);  // unpaired
  auto other = a;
  for (auto& r : other) r.set("experiment", std::string("table2"));
  EXPECT_THROW(compare_runs(a, other, options()), InputError);  // different experiments
  CompareOptions unknown = options();
  unknown.metrics = {"tp"};
  EXPECT_THROW(compare_runs(a, a, unknown), InputError);  // no direction
  CompareOptions absent = options();
  absent.metrics = {"high_cost"};
  EXPECT_THROW(compare_runs(a, a, absent), InputError);  // not in the runs
}

}  // namespace
}  // namespace rwwce::harness
