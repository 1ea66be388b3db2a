// The paper presets keep their numbers: a full `rwwce run table1` and `rwwce run table2` give, in
// every column the committed baselines (results/baselines/seed1/, root seed 1, made before studies
// were data) hold, the same values row for row, in runs.csv and summary.csv. Full runs: about 25 s
// and 100 s on 2 cores; CTest label "baseline".
#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "harness/report/csv_reporter.hpp"
#include "tests/cli_support.hpp"

namespace rwwce {
namespace {

namespace fs = std::filesystem;
using testing::run_rwwce;
using testing::ScratchDir;
using testing::slurp;

void expect_baseline_columns(const fs::path& baseline, const fs::path& run) {
  const auto base = harness::parse_csv(slurp(baseline), baseline.string());
  const auto ours = harness::parse_csv(slurp(run), run.string());
  ASSERT_EQ(base.size(), ours.size()) << run;
  std::size_t checked = 0;
  for (std::size_t i = 0; i < base.size(); ++i)
    for (const auto& [name, value] : base[i].fields) {
      const harness::Value* v = ours[i].find(name);
      ASSERT_NE(v, nullptr) << run << ": no column " << name;
      EXPECT_EQ(harness::format_value(*v), harness::format_value(value))
          << run << " row " << i << " column " << name;
      ++checked;
    }
  EXPECT_GT(checked, base.size());
}

// summary.csv has gained rows (seed spread, unit-level tests, degenerate runs) since the
// baselines were made: each baseline row is found by its (kind, arm, reference, metric) key.
void expect_baseline_rows(const fs::path& baseline, const fs::path& run) {
  const auto base = harness::parse_csv(slurp(baseline), baseline.string());
  const auto ours = harness::parse_csv(slurp(run), run.string());
  const auto key = [](const harness::Record& row) {
    std::string k;
    for (const char* name : {"kind", "arm", "reference", "metric"}) {
      const harness::Value* v = row.find(name);
      k += (v ? harness::format_value(*v) : std::string("?")) + "|";
    }
    return k;
  };
  ASSERT_GE(ours.size(), base.size()) << run;
  std::size_t checked = 0;
  for (const auto& b : base) {
    const std::string k = key(b);
    const harness::Record* match = nullptr;
    for (const auto& o : ours)
      if (key(o) == k) {
        ASSERT_EQ(match, nullptr) << run << ": two rows " << k;
        match = &o;
      }
    ASSERT_NE(match, nullptr) << run << ": no row " << k;
    for (const auto& [name, value] : b.fields) {
      const harness::Value* v = match->find(name);
      ASSERT_NE(v, nullptr) << run << ": no column " << name;
      EXPECT_EQ(harness::format_value(*v), harness::format_value(value))
          << run << " row " << k << " column " << name;
      ++checked;
    }
  }
  EXPECT_GT(checked, base.size());
}

void expect_baseline(const std::string& table) {
  ScratchDir dir("baseline-" + table);
  const auto r = run_rwwce("run " + table + " --quiet --out " + (dir / "run"));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const fs::path base = fs::path(RWWCE_SOURCE_DIR) / "results/baselines/seed1" / table;
  expect_baseline_columns(base / "runs.csv", dir.path() / "run/runs.csv");
  expect_baseline_rows(base / "summary.csv", dir.path() / "run/summary.csv");
}

TEST(Baseline, Table1KeepsItsNumbers) {
  expect_baseline("table1");
}
TEST(Baseline, Table2KeepsItsNumbers) {
  expect_baseline("table2");
}

}  // namespace
}  // namespace rwwce
