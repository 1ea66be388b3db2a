#include "harness/run/run_dir.hpp"

#include <gtest/gtest.h>

#include "core/input_error.hpp"
#include "harness/report/experiment_outputs.hpp"
#include "tests/cli_support.hpp"

namespace rwwce::harness {
namespace {

ExperimentResult small_run() {
  ExperimentResult r;
  r.context.experiment = "table1";
  r.context.preset = "paper";
  r.context.root_seed = 3;
  Record run, timing;
  run.set("dataset", std::string("d0b0")).set("arm", std::string("rwwce")).set("rwc", 2.5);
  timing.set("dataset", std::string("d0b0")).set("train_seconds", 0.5);
  r.tables["runs"] = {run};
  r.tables["timings"] = {timing};
  r.spec.arms = {"rwwce"};
  r.spec.metrics = {"rwc"};
  r.summary = summarize(r.tables["runs"], r.spec);
  r.table.name = "table1";
  return r;
}

TEST(RunDir, ReadsBackWhatARunWrote) {
  testing::ScratchDir dir("run-dir");
  write_experiment_outputs(dir.path(), small_run());
  const RunDir run = read_run_dir(dir.path());
  EXPECT_EQ(run.context.experiment, "table1");
  EXPECT_EQ(run.context.root_seed, 3u);
  ASSERT_EQ(run.tables.at("runs").size(), 1u);
  EXPECT_EQ(*run.tables.at("runs")[0].number("rwc"), 2.5);
  EXPECT_EQ(run.tables.count("timings"), 1u);
}

TEST(RunDir, BaselineWithoutTimingsIsReadButRunsAreRequired) {
  testing::ScratchDir dir("run-dir-baseline");
  write_experiment_outputs(dir.path(), small_run());
  std::filesystem::remove(dir.path() / "timings.csv");  // baselines keep only what is read
  const RunDir run = read_run_dir(dir.path());
  EXPECT_EQ(run.tables.count("timings"), 0u);
  EXPECT_EQ(run.tables.at("runs").size(), 1u);
  std::filesystem::remove(dir.path() / "runs.csv");
  try {
    read_run_dir(dir.path());
    FAIL() << "a run directory without runs.csv was accepted";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("runs.csv: no such file"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace rwwce::harness
