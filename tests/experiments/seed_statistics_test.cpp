// `rwwce run table1 --seeds 3 --datasets 20 --epochs 2`: 3 x 20 x 5 runs, and every seed-spread
// and unit-level figure in summary.csv recomputed here from runs.csv alone (grouping by hand,
// then the statistics functions of harness/stats with the seeds summary.csv documents).
#include <gtest/gtest.h>

#include <cmath>
#include <map>
#include <string>
#include <vector>

#include "harness/report/csv_reporter.hpp"
#include "harness/run/seed_derivation.hpp"
#include "harness/stats/bayesian_signed_rank.hpp"
#include "harness/stats/cluster_bootstrap.hpp"
#include "harness/stats/paired_comparison.hpp"
#include "harness/stats/seed_spread.hpp"
#include "tests/cli_support.hpp"

namespace rwwce {
namespace {

using testing::run_rwwce;
using testing::ScratchDir;
using testing::slurp;

double num(const harness::Record& r, const char* f) {
  const auto v = r.number(f);
  return v ? *v : NAN;
}

// Equal up to the last bits (summation order may differ from summary.cpp's), or both undefined.
void expect_close(double ours, double theirs, const std::string& what) {
  if (std::isnan(ours) && std::isnan(theirs)) return;
  EXPECT_NEAR(ours, theirs, 1e-12 * std::max(1.0, std::abs(ours))) << what;
}

TEST(SeedStatistics, EveryFigureFollowsFromRunsCsv) {
  ScratchDir dir("seeds");
  const auto r =
      run_rwwce("run table1 --seeds 3 --datasets 20 --epochs 2 --quiet --out " + (dir / "o"));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto runs = harness::parse_csv(slurp(dir.path() / "o/runs.csv"), "runs.csv");
  ASSERT_EQ(runs.size(), 3u * 20u * 5u);
  const auto summary = harness::parse_csv(slurp(dir.path() / "o/summary.csv"), "summary.csv");
  const std::vector<std::string> arms = {"control1", "control2", "control1_elkan",
                                         "control1_valcost", "rwwce"};
  const std::vector<std::string> seeds = {"1", "2", "3"};

  // seed_mean and seed_spread: the mean over each seed's 20 datasets, then their spread.
  std::size_t checked = 0;
  for (const auto& arm : arms)
    for (const char* metric : {"rwc", "fn", "fp", "degenerate"}) {
      std::vector<double> per_seed;
      for (const auto& seed : seeds) {
        double sum = 0;
        int n = 0;
        for (const auto& run : runs)
          if (run.text("arm") == arm && run.text("root_seed") == seed) {
            sum += num(run, metric);
            ++n;
          }
        ASSERT_EQ(n, 20);
        per_seed.push_back(sum / n);
        for (const auto& s : summary)
          if (s.text("kind") == "seed_mean" && s.text("arm") == arm && s.text("metric") == metric &&
              s.text("root_seed") == seed) {
            expect_close(per_seed.back(), num(s, "mean"), arm + " " + metric + " seed " + seed);
            ++checked;
          }
      }
      const harness::SeedSpread spread = harness::seed_spread(per_seed);
      for (const auto& s : summary)
        if (s.text("kind") == "seed_spread" && s.text("arm") == arm && s.text("metric") == metric) {
          expect_close(spread.mean, num(s, "mean"), arm + " " + metric + " spread mean");
          expect_close(spread.sd, num(s, "sd"), arm + " " + metric + " spread sd");
          EXPECT_EQ(spread.min, num(s, "min"));
          EXPECT_EQ(spread.max, num(s, "max"));
          expect_close(spread.prediction_low, num(s, "interval_low"), arm + " interval");
          expect_close(spread.prediction_high, num(s, "interval_high"), arm + " interval");
          ++checked;
        }
    }
  EXPECT_EQ(checked, 5u * 4u * 3u + 5u * 4u);

  // unit_comparison at the digit: each digit's mean over its batches and seeds, paired.
  const std::uint64_t stats_seed = harness::derive_seed(1, "table1", "statistics", "");
  std::size_t units_checked = 0;
  for (const auto& s : summary) {
    if (s.text("kind") != "unit_comparison") continue;
    const std::string arm = s.text("arm"), ref = s.text("reference"), metric = s.text("metric");
    std::map<std::string, std::pair<double, int>> a, b;
    for (const auto& run : runs) {
      const auto v = run.number(metric);
      if (!v) continue;
      const std::string digit = run.text("digit");
      if (run.text("arm") == arm) a[digit].first += *v, ++a[digit].second;
      if (run.text("arm") == ref) b[digit].first += *v, ++b[digit].second;
    }
    std::vector<double> xs, ys, diffs;
    for (const auto& [digit, sa] : a) {
      if (!b.count(digit)) continue;
      xs.push_back(sa.first / sa.second);
      ys.push_back(b[digit].first / b[digit].second);
      diffs.push_back(xs.back() - ys.back());
    }
    ASSERT_EQ(xs.size(), 2u);  // the first 20 datasets are digits 0 and 1
    EXPECT_EQ(num(s, "n"), 2.0);
    const harness::PairedComparison pc = harness::paired_comparison(xs, ys);
    expect_close(pc.mean_diff, num(s, "mean_diff"), arm + " " + metric + " mean_diff");
    expect_close(pc.p, num(s, "p"), arm + " " + metric + " p");
    expect_close(pc.wilcoxon_p, num(s, "wilcoxon_p"), arm + " " + metric + " wilcoxon");
    const std::uint64_t row_seed =
        harness::derive_seed(stats_seed, "unit_comparison", arm + "|" + ref, metric);
    const harness::BootstrapCi boot = harness::cluster_bootstrap_ci(diffs, row_seed);
    expect_close(boot.low, num(s, "boot_low"), arm + " " + metric + " bootstrap");
    expect_close(boot.high, num(s, "boot_high"), arm + " " + metric + " bootstrap");
    if (s.find("rope") && s.number("rope")) {
      harness::BayesianSignedRankOptions o;
      o.rope = *s.number("rope");
      const harness::BayesianSignedRank bayes =
          harness::bayesian_signed_rank(xs, ys, row_seed ^ 0x9e3779b97f4a7c15ULL, o);
      expect_close(bayes.p_left, num(s, "p_arm_higher"), arm + " " + metric + " bayes");
      expect_close(bayes.p_right, num(s, "p_arm_lower"), arm + " " + metric + " bayes");
    }
    ++units_checked;
  }
  EXPECT_EQ(units_checked, 4u * 9u);  // 4 comparisons x 9 metrics

  // degenerate: control 1's runs that predict no positive, over all and per digit.
  std::size_t collapsed = 0;
  for (const auto& run : runs)
    if (run.text("arm") == "control1") collapsed += num(run, "tp") + num(run, "fp") == 0;
  bool found = false;
  for (const auto& s : summary) {
    if (s.text("kind") != "degenerate" || s.text("arm") != "control1" || !s.text("unit").empty())
      continue;
    EXPECT_EQ(num(s, "n_degenerate"), static_cast<double>(collapsed));
    EXPECT_EQ(num(s, "n"), 60.0);
    found = true;
  }
  EXPECT_TRUE(found);
}

}  // namespace
}  // namespace rwwce
