// `rwwce status` through the CLI on real sharded runs (Table I, 4 datasets, 1 epoch, 2 shards):
// one shard not run yet (its tasks pending, the merge cannot run), then finished (the merge can
// run, and the command it prints does); a killed shard; a single run directory; bad input;
// --check's exit status in each.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "datasets/mnist.hpp"
#include "tests/cli_support.hpp"

namespace {
namespace fs = std::filesystem;

using rwwce::testing::CliResult;
using rwwce::testing::run_rwwce;
using rwwce::testing::slurp;

std::string quoted(const fs::path& p) {
  return "'" + p.string() + "'";
}

// `rwwce run table1` on 4 datasets for one epoch, shard `shard` of 2, into `out`.
CliResult run_shard(const fs::path& out, int shard) {
  return run_rwwce("run table1 --datasets 4 --epochs 1 --threads 1 --quiet --data-dir '" +
                   rwwce::datasets::default_data_dir() + "' --shard " + std::to_string(shard) +
                   "/2 --out " + quoted(out));
}

class StatusCli : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    ::unsetenv("SLURM_ARRAY_TASK_ID");
    ::unsetenv("SLURM_ARRAY_TASK_COUNT");
    root_ = new rwwce::testing::ScratchDir("status-cli");
    shard0_status_ = run_shard(root_->path() / "out" / "shard-0", 0).exit_code;
  }
  static void TearDownTestSuite() {
    delete root_;
    root_ = nullptr;
  }
  void SetUp() override { ASSERT_EQ(shard0_status_, 0) << "the run of shard 0 failed"; }
  static fs::path out() { return root_->path() / "out"; }

  static rwwce::testing::ScratchDir* root_;
  static int shard0_status_;
};
rwwce::testing::ScratchDir* StatusCli::root_ = nullptr;
int StatusCli::shard0_status_ = -1;

// Whether `text` holds `line` as a whole line.
bool has_line(const std::string& text, const std::string& line) {
  return ("\n" + text).find("\n" + line + "\n") != std::string::npos;
}

TEST_F(StatusCli, PendingShardThenMergeable) {
  // Shard 1 not run yet: the plan of shard 0 says the run has 4 tasks in 2 shards.
  CliResult r = run_rwwce("status " + quoted(out()));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::string o = out().string();
  EXPECT_TRUE(has_line(r.out, o + ": 2 shards; 4 tasks")) << r.out;
  EXPECT_TRUE(has_line(r.out, "shard    state         done  pending  failed  tasks")) << r.out;
  EXPECT_TRUE(has_line(r.out, "shard-0  complete         2        0       0      2")) << r.out;
  EXPECT_TRUE(has_line(r.out, "shard-1  not started      0        2       0      2")) << r.out;
  EXPECT_TRUE(has_line(r.out, "total                     2        2       0      4")) << r.out;
  EXPECT_TRUE(has_line(r.out, "  shard-1: d0b1@s1 d0b3@s1")) << r.out;  // tasks 1 and 3
  EXPECT_TRUE(has_line(r.out, "merge: cannot run yet:")) << r.out;
  EXPECT_TRUE(has_line(r.out, "  shard-1 is not started")) << r.out;
  // --check: the same report, and exit 1 while the merge cannot run.
  CliResult checked = run_rwwce("status --check " + quoted(out()));
  EXPECT_EQ(checked.exit_code, 1) << checked.err;
  EXPECT_EQ(checked.out, r.out);

  ASSERT_EQ(run_shard(out() / "shard-1", 1).exit_code, 0);
  r = run_rwwce("status " + quoted(out()));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(has_line(r.out, "shard-1  complete         2        0       0      2")) << r.out;
  EXPECT_TRUE(has_line(r.out, "total                     4        0       0      4")) << r.out;
  EXPECT_TRUE(has_line(r.out, "merge: can run (every shard complete):")) << r.out;
  const std::string merge = "  rwwce merge " + o + "/shard-* --out " + o + "/merged";
  ASSERT_TRUE(has_line(r.out, merge)) << r.out;
  checked = run_rwwce("status " + quoted(out()) + " --check");
  EXPECT_EQ(checked.exit_code, 0) << checked.err;
  EXPECT_EQ(checked.out, r.out);

  // The printed command runs (the shell expands shard-*).
  const CliResult merged = run_rwwce(merge.substr(8) + " --quiet");
  ASSERT_EQ(merged.exit_code, 0) << merged.err;
  EXPECT_TRUE(fs::exists(out() / "merged" / "summary.csv"));
  r = run_rwwce("status " + quoted(out()));
  EXPECT_TRUE(has_line(r.out, "merged: " + o + "/merged holds the merged run already")) << r.out;
}

TEST_F(StatusCli, KilledShardIsStoppedAndTellsWhichIndexToResubmit) {
  const fs::path dir = root_->path() / "killed";
  fs::create_directories(dir);
  fs::copy(out() / "shard-0", dir / "shard-0", fs::copy_options::recursive);
  // As a killed run leaves it: no results.json, a task unfinished, the lock's record left.
  fs::remove(dir / "shard-0" / "results.json");
  fs::remove(dir / "shard-0" / "parts" / "d0b2@s1" / "done");
  std::ofstream(dir / "shard-0" / ".rwwce.lock", std::ios::trunc) << "99999: rwwce run table1\n";
  std::ofstream(dir / "slurm-array") << "first=0 count=2\n";
  const CliResult r = run_rwwce("status " + quoted(dir));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::string d = dir.string();
  EXPECT_TRUE(has_line(
      r.out, d + ": 2 shards (SLURM array indices 0-1, as " + d + "/slurm-array records); 4 tasks"))
      << r.out;
  EXPECT_TRUE(has_line(r.out,
                       "shard-0  stopped          1        0       1      2  killed (PID 99999); "
                       "resubmit array index 0"))
      << r.out;
  EXPECT_TRUE(has_line(r.out,
                       "shard-1  not started      0        2       0      2  array index 1 not "
                       "started"))
      << r.out;
  EXPECT_TRUE(has_line(r.out, "  shard-0: d0b2@s1")) << r.out;
  EXPECT_TRUE(has_line(r.out, "  shard-0 is stopped")) << r.out;
  EXPECT_EQ(run_rwwce("status --check " + quoted(dir)).exit_code, 1);
  EXPECT_EQ(run_rwwce("status --check " + quoted(dir / "shard-0")).exit_code, 1);
}

TEST_F(StatusCli, SingleRunDirectory) {
  const CliResult r = run_rwwce("status " + quoted(out() / "shard-0"));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::string d = (out() / "shard-0").string();
  EXPECT_TRUE(has_line(r.out, d + ": a run directory of --shard 0/2; 2 tasks")) << r.out;
  EXPECT_TRUE(has_line(r.out,
                       "complete: every task done; results.json, runs.csv and summary.csv "
                       "are written"))
      << r.out;
  EXPECT_EQ(r.out.find("merge"), std::string::npos) << r.out;
  EXPECT_EQ(run_rwwce("status --check " + quoted(out() / "shard-0")).exit_code, 0);
}

TEST_F(StatusCli, BadInputExits2) {
  rwwce::testing::ScratchDir empty("status-empty");
  CliResult r = run_rwwce("status " + quoted(empty.path()));
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("neither a run directory"), std::string::npos) << r.err;
  r = run_rwwce("status " + quoted(empty.path() / "absent"));
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("no such directory"), std::string::npos) << r.err;
  r = run_rwwce("status");
  EXPECT_EQ(r.exit_code, 2);
  std::ofstream(empty.path() / "slurm-array") << "count=2\n";
  r = run_rwwce("status " + quoted(empty.path()));
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("expected 'first=F count=C'"), std::string::npos) << r.err;
}

TEST_F(StatusCli, HelpSaysWhatTheStatesMean) {
  const CliResult r = run_rwwce("status --help");
  EXPECT_EQ(r.exit_code, 0);
  for (const char* word :
       {"running", "complete", "stopped", "not started", "done", "failed", "pending",
        "rwwce merge OUT/shard-* --out OUT/merged", "Exit 0", "--check"})
    EXPECT_NE(r.out.find(word), std::string::npos) << word << " not in:\n" << r.out;
}

}  // namespace
