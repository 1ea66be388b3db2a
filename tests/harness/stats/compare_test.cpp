#include "harness/stats/compare.hpp"

#include <gtest/gtest.h>

#include <algorithm>

#include <cmath>

#include "core/input_error.hpp"
#include "harness/stats/metric_direction.hpp"
#include "harness/stats/minimal_detectable_change.hpp"

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

TEST(Compare, EveryRowReportsItsDetectableChange) {
  // The HolmAdjustsAcrossRows data: d = [0.1, 0.3, 0.2, 0.3, 0.1] (sd 0.1), two-sided t-test at
  // alpha 0.02 with power 0.8: lambda* sd / sqrt(5); mpmath (reference/
  // minimal_detectable_change.py lam_mp(4, 0.02, 0.8, two-sided)) -> 0.21803324120317706958;
  // scipy brentq on nct -> 0.21803324120327802
  const auto base = runs({1, 2, 3, 4, 5}, {0.9, 0.9, 0.9, 0.9, 0.9});
  const auto cand = runs({1.1, 2.3, 3.2, 4.3, 5.1}, {0.9, 0.91, 0.9, 0.89, 0.9});
  CompareOptions o = options();
  o.alpha = 0.02;
  const CompareResult r = compare_runs(base, cand, o);
  EXPECT_NEAR(std::get<double>(r.rows[0].min_detectable_change), 0.21803324120317706958, 1e-12);
  EXPECT_NEAR(std::get<double>(r.rows[0].min_detectable_change), 0.21803324120327802, 2e-10);
  const auto records = compare_records(r);
  EXPECT_NE(records[0].find("min_detectable_change"), nullptr);
  EXPECT_EQ(std::get<double>(*records[0].find("power")), 0.8);
}

// A candidate that lost values the baseline has: NaN, inf, blank, text or a missing column.
TEST(Compare, CandidateWithoutFiniteValuesIsBrokenAndFailsTheGate) {
  const auto base = runs({1, 2, 3, 4, 5, 6}, {0.9, 0.8, 0.95, 0.85, 0.91, 0.82});
  auto cand = base;
  cand[1].set("rwc", NAN);
  cand[3].set("rwc", INFINITY);
  cand[4].set("rwc", Value{Undefined{}});
  cand[5].set("rwc", std::string("error"));
  const CompareResult r = compare_runs(base, cand, options());
  const CompareRow& rwc = r.rows[0];
  EXPECT_EQ(rwc.verdict, "broken");
  ASSERT_EQ(rwc.broken.size(), 4u);
  EXPECT_EQ(rwc.broken[0], "(table1, d1, rwwce): NaN");
  EXPECT_EQ(rwc.broken[1], "(table1, d3, rwwce): inf");
  EXPECT_EQ(rwc.broken[2], "(table1, d4, rwwce): blank");
  EXPECT_EQ(rwc.broken[3], "(table1, d5, rwwce): text 'error'");
  EXPECT_EQ(rwc.n_pairs, 2u);                 // the two intact pairs are still compared
  EXPECT_EQ(r.rows[1].verdict, "unchanged");  // auc is intact
  EXPECT_EQ(r.n_broken(), 1u);
  EXPECT_FALSE(r.passed());
  const std::string line = compare_verdict_line(r);
  EXPECT_EQ(line.rfind("compare: BROKEN: table1: 1 of 2 rows broken", 0), 0u) << line;
  EXPECT_NE(line.find("rwwce rwc: no finite candidate value in (table1, d1, rwwce): NaN"),
            std::string::npos)
      << line;
  EXPECT_NE(render_compare_markdown(r, "b", "c").find("  - (table1, d5, rwwce): text 'error'"),
            std::string::npos);

  // The whole column gone from the candidate.
  auto no_column = base;
  for (auto& rec : no_column) {
    Record copy;
    for (const auto& [k, v] : rec.fields)
      if (k != "rwc") copy.set(k, v);
    rec = copy;
  }
  const CompareResult gone = compare_runs(base, no_column, options());
  EXPECT_EQ(gone.rows[0].verdict, "broken");
  EXPECT_EQ(gone.rows[0].broken.size(), 6u);
  EXPECT_EQ(gone.rows[0].broken[0], "(table1, d0, rwwce): column absent");
  EXPECT_FALSE(gone.passed());
}

TEST(Compare, UndefinedBaselineValuesAreLeftOutNotBroken) {
  auto base = runs({1, 2, 3, 4}, {0.9, 0.8, 0.95, 0.85});
  base[0].set("rwc", NAN);
  base[1].set("rwc", Value{Undefined{}});
  auto cand = runs({1, 2, 3, 4}, {0.9, 0.8, 0.95, 0.85});
  cand[1].set("rwc", NAN);  // undefined on both sides: nothing to regress from
  const CompareResult r = compare_runs(base, cand, options());
  EXPECT_EQ(r.rows[0].n_pairs, 2u);
  EXPECT_EQ(r.rows[0].verdict, "unchanged");
  EXPECT_TRUE(r.passed());
}

TEST(Compare, TooFewPairsIsNotTestableAndNotOk) {
  const auto base = runs({1}, {0.9});
  const auto cand = runs({2}, {0.9});
  const CompareResult r = compare_runs(base, cand, options());
  EXPECT_EQ(r.rows[0].verdict, "not testable");
  EXPECT_EQ(r.rows[1].verdict, "unchanged");  // one pair, difference 0
  EXPECT_EQ(r.n_not_testable(), 1u);
  EXPECT_FALSE(r.passed());
  EXPECT_EQ(compare_verdict_line(r).rfind("compare: NOT TESTABLE: table1: 1 of 2 rows", 0), 0u);

  // A metric undefined in every baseline run (e.g. precision when nothing is predicted
  // positive): unchanged when the candidate agrees, not testable when only it has values.
  auto undefined = runs({1, 2, 3}, {0.9, 0.8, 0.7});
  for (auto& rec : undefined) rec.set("rwc", Value{Undefined{}});
  EXPECT_EQ(compare_runs(undefined, undefined, options()).rows[0].verdict, "unchanged");
  EXPECT_EQ(compare_runs(undefined, runs({1, 2, 3}, {0.9, 0.8, 0.7}), options()).rows[0].verdict,
            "not testable");
}

std::vector<Record> with_seeds(const std::vector<Record>& per_seed_1,
                               const std::vector<Record>& per_seed_2) {
  std::vector<Record> out;
  for (auto r : per_seed_1) out.push_back(r.set("root_seed", std::int64_t{1}));
  for (auto r : per_seed_2) out.push_back(r.set("root_seed", std::int64_t{2}));
  return out;
}

TEST(Compare, PairsByRootSeedWhenBothSidesHaveIt) {
  const auto s1 = runs({1, 2, 3}, {0.9, 0.8, 0.7}), s2 = runs({1.5, 2.5, 3.5}, {0.9, 0.8, 0.7});
  const auto base = with_seeds(s1, s2);
  // The candidate lists seed 2 first: pairing is by key, not by position.
  auto cand = with_seeds(s1, s2);
  std::rotate(cand.begin(), cand.begin() + 3, cand.end());
  const CompareResult r = compare_runs(base, cand, options());
  EXPECT_TRUE(r.paired_by_root_seed);
  EXPECT_EQ(r.n_datasets, 3u);
  EXPECT_EQ(r.n_root_seeds, 2u);
  EXPECT_EQ(r.rows[0].n_pairs, 6u);
  EXPECT_EQ(r.rows[0].verdict, "unchanged");
  EXPECT_NE(render_compare_markdown(r, "b", "c").find("(experiment, dataset, arm, root_seed)"),
            std::string::npos);

  // Broken runs are named with their root seed.
  cand[0].set("rwc", NAN);  // seed 2, d0
  const CompareResult broken = compare_runs(base, cand, options());
  EXPECT_EQ(broken.rows[0].broken.at(0), "(table1, d0, rwwce, 2): NaN");

  // An old baseline without the column: paired as before, so a multi-seed candidate has
  // duplicate (experiment, dataset, arm) runs, which is bad input naming the reason.
  try {
    compare_runs(with_seeds(s1, s2), s1, options());
    ADD_FAILURE() << "expected InputError";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("root_seed column but the other side has none"),
              std::string::npos)
        << e.what();
  }
  // The same code on other root seeds (as many): paired seed by seed in ascending order.
  auto seed3 = s1;
  for (auto& rec : seed3) rec.set("root_seed", std::int64_t{3});
  auto seed1 = s1;
  for (auto& rec : seed1) rec.set("root_seed", std::int64_t{1});
  const CompareResult ranked = compare_runs(seed1, seed3, options());
  EXPECT_TRUE(ranked.paired_by_seed_rank);
  EXPECT_EQ(ranked.rows[0].n_pairs, 3u);
  EXPECT_EQ(ranked.rows[0].verdict, "unchanged");
  EXPECT_NE(render_compare_markdown(ranked, "b", "c").find("root seed rank"), std::string::npos);
  // Different numbers of root seeds cannot be paired, and the message says so.
  auto seeds13 = seed1;
  for (auto rec : seed3) seeds13.push_back(rec);
  try {
    compare_runs(seed1, seeds13, options());
    ADD_FAILURE() << "expected InputError";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("the baseline holds root seed(s) 1, the candidate 1,3"),
              std::string::npos)
        << e.what();
  }
}

TEST(Compare, MarginRowsAreDecidedByTheOneSidedTest) {
  const auto base = runs({1, 2, 3, 4, 5, 6}, {0.90, 0.80, 0.95, 0.85, 0.91, 0.82});
  // rwc worse by 1.015 on average (sd 0.0105).
  const auto cand = runs({2.01, 3.02, 4.0, 5.03, 6.01, 7.02}, {0.90, 0.80, 0.95, 0.85, 0.91, 0.82});
  CompareOptions o = options();
  o.margin["rwc"] = 0.5;
  const CompareResult r = compare_runs(base, cand, o);
  EXPECT_EQ(r.rows[0].verdict, "worse");
  EXPECT_EQ(std::get<double>(r.rows[0].margin), 0.5);
  // w = c - b = [1.01, 1.02, 1, 1.03, 1.01, 1.02]:
  // scipy.stats.ttest_1samp(w, 0.5, alternative='greater').pvalue -> 3.767209028937425e-10
  // (scipy 1.10.1);
  // p_holm = p_margin (the auc row has no test: unchanged)
  EXPECT_NEAR(std::get<double>(r.rows[0].p_margin), 3.767209028937425e-10, 1e-21);
  EXPECT_EQ(std::get<double>(r.rows[0].p_holm), std::get<double>(r.rows[0].p_margin));
  EXPECT_GT(std::get<double>(r.rows[0].min_detectable_change), 0.5);
  EXPECT_NE(compare_verdict_line(r).find("margin 0.5"), std::string::npos);

  o.margin["rwc"] = 1.2;  // worse, but not by more than 1.2
  const CompareResult lenient = compare_runs(base, cand, o);
  EXPECT_EQ(lenient.rows[0].verdict, "within margin");
  EXPECT_TRUE(lenient.passed());
  EXPECT_TRUE(std::holds_alternative<Undefined>(lenient.rows[1].margin));  // auc: no margin

  // Worse by exactly the margin on every dataset: t = p = NaN (scipy's 0/0), not beyond it.
  CompareOptions exact = options();
  exact.margin["rwc"] = 1.0;
  const auto plus_one = runs({2, 3, 4, 5, 6, 7}, {0.90, 0.80, 0.95, 0.85, 0.91, 0.82});
  EXPECT_EQ(compare_runs(base, plus_one, exact).rows[0].verdict, "within margin");

  CompareOptions both = options();
  both.margin["rwc"] = 1;
  both.tolerance["rwc"] = 1;
  EXPECT_THROW(compare_runs(base, cand, both), InputError);
  CompareOptions negative = options();
  negative.margin["rwc"] = -1;
  EXPECT_THROW(compare_runs(base, cand, negative), InputError);
  CompareOptions unknown = options();
  unknown.margin["fn"] = 1;
  EXPECT_THROW(compare_runs(base, cand, unknown), InputError);
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
  auto text = a;
  text[0].set("rwc", std::string("n/a"));
  EXPECT_THROW(compare_runs(text, a, options()), InputError);  // a baseline that is not numbers
}

}  // namespace
}  // namespace rwwce::harness
