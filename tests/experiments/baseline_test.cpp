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

void expect_baseline(const std::string& table) {
  ScratchDir dir("baseline-" + table);
  const auto r = run_rwwce("run " + table + " --quiet --out " + (dir / "run"));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const fs::path base = fs::path(RWWCE_SOURCE_DIR) / "results/baselines/seed1" / table;
  expect_baseline_columns(base / "runs.csv", dir.path() / "run/runs.csv");
  expect_baseline_columns(base / "summary.csv", dir.path() / "run/summary.csv");
}

TEST(Baseline, Table1KeepsItsNumbers) {
  expect_baseline("table1");
}
TEST(Baseline, Table2KeepsItsNumbers) {
  expect_baseline("table2");
}

}  // namespace
}  // namespace rwwce
