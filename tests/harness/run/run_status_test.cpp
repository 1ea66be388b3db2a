// read_run_status on run directories made by run_tasks itself (with its parts/plan), in each
// state a shard of a job array can be in: complete, running (a lock held), stopped (killed:
// the lock's record left; or exited: cleared), not started, and with a damaged part.
#include "harness/run/run_status.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <fstream>
#include <stdexcept>

#include "core/input_error.hpp"
#include "harness/run/atomic_file.hpp"
#include "harness/run/run_lock.hpp"
#include "harness/run/run_plan.hpp"
#include "harness/run/task_runner.hpp"

namespace rwwce::harness {
namespace {
namespace fs = std::filesystem;

using Labels = std::vector<std::string>;

TaskOutput task_output(std::size_t i) {
  TaskOutput out;
  Record r;
  r.set("task", static_cast<std::int64_t>(i));
  out.tables["runs"].push_back(r);
  return out;
}

class RunStatusTest : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = fs::temp_directory_path() / ("rwwce-run-status-" + std::to_string(::getpid()));
    fs::remove_all(root_);
    fs::create_directories(root_);
  }
  void TearDown() override { fs::remove_all(root_); }

  // The run's tasks t0..t5, shard K of 2 taking t_i with i % 2 == K.
  static Labels run_tasks_of_run() { return {"t0", "t1", "t2", "t3", "t4", "t5"}; }
  static Labels shard_tasks(std::size_t k) {
    Labels out;
    for (std::size_t i = k; i < 6; i += 2) out.push_back("t" + std::to_string(i));
    return out;
  }

  // Runs shard k of 2 into `dir`, stopping (as a kill would) after `finish` tasks when
  // `finish` < 3; writes results.json when it finished, as rwwce run does.
  static void run_shard(const fs::path& dir, std::size_t k, std::size_t finish = 3,
                        const std::string& fingerprint = "config A") {
    TaskRunnerOptions o;
    o.threads = 1;
    o.progress = false;
    o.checkpoint_dir = dir / "parts";
    o.fingerprint = fingerprint;
    const Labels mine = shard_tasks(k);
    o.plan = RunPlan{std::to_string(k) + "/2", run_tasks_of_run(), mine};
    const auto fn = [&](std::size_t i) {
      if (i >= finish) throw std::runtime_error("stopped");
      return task_output(2 * i + k);
    };
    if (finish < mine.size()) {
      EXPECT_THROW(run_tasks(mine, fn, o), std::runtime_error);
    } else {
      run_tasks(mine, fn, o);
      write_file_atomically(dir / "results.json", "{}\n");
    }
  }
  // What a killed writer leaves in its lock file: its record.
  static void leave_lock_record(const fs::path& dir, const std::string& record) {
    std::ofstream(dir / ".rwwce.lock", std::ios::trunc) << record << "\n";
  }

  fs::path root_;
};

TEST_F(RunStatusTest, CompleteShardsCanBeMerged) {
  run_shard(root_ / "shard-0", 0);
  run_shard(root_ / "shard-1", 1);
  const RunStatus r = read_run_status(root_);
  EXPECT_TRUE(r.sharded);
  EXPECT_EQ(r.shard_count, 2u);  // from the plans: no slurm-array
  EXPECT_FALSE(r.array_first.has_value());
  ASSERT_EQ(r.dirs.size(), 2u);
  for (std::size_t k = 0; k < 2; ++k) {
    EXPECT_EQ(r.dirs[k].state, RunState::complete);
    EXPECT_EQ(r.dirs[k].done, shard_tasks(k));
  }
  EXPECT_EQ(r.run_tasks, 6u);
  EXPECT_EQ(r.done, 6u);
  EXPECT_EQ(r.pending + r.failed, 0u);
  EXPECT_TRUE(r.merge_blockers.empty());
  EXPECT_FALSE(r.merged);
}

TEST_F(RunStatusTest, AbsentShardIsNotStartedWithItsTasksPending) {
  run_shard(root_ / "shard-0", 0);
  const RunStatus r = read_run_status(root_);
  ASSERT_EQ(r.dirs.size(), 2u);
  EXPECT_EQ(r.dirs[1].name, "shard-1");
  EXPECT_EQ(r.dirs[1].state, RunState::not_started);
  EXPECT_EQ(r.dirs[1].pending, (Labels{"t1", "t3", "t5"}));  // i % 2 == 1
  EXPECT_EQ(r.pending, 3u);
  EXPECT_EQ(r.merge_blockers, (Labels{"shard-1 is not started"}));
}

TEST_F(RunStatusTest, KilledShardIsStoppedAndItsUnfinishedTasksFailed) {
  run_shard(root_ / "shard-0", 0);
  run_shard(root_ / "shard-1", 1, /*finish=*/1);
  leave_lock_record(root_ / "shard-1", "4242: rwwce run table1 --shard 1/2");
  std::ofstream(root_ / "slurm-array") << "first=3 count=2\n";
  const RunStatus r = read_run_status(root_);
  ASSERT_EQ(r.dirs.size(), 2u);
  const RunDirStatus& d = r.dirs[1];
  EXPECT_EQ(d.state, RunState::stopped);
  EXPECT_EQ(d.holder, "4242: rwwce run table1 --shard 1/2");
  EXPECT_EQ(d.done, Labels{"t1"});
  EXPECT_EQ(d.failed, (Labels{"t3", "t5"}));
  EXPECT_TRUE(d.pending.empty());
  ASSERT_EQ(d.problems.size(), 1u);
  EXPECT_NE(d.problems[0].find("killed"), std::string::npos) << d.problems[0];
  EXPECT_NE(d.problems[0].find("4242"), std::string::npos) << d.problems[0];
  EXPECT_EQ(r.array_first, std::optional<std::size_t>(3));
  EXPECT_EQ(r.done, 4u);
  EXPECT_EQ(r.failed, 2u);
  EXPECT_EQ(r.merge_blockers, (Labels{"shard-1 is stopped"}));
}

TEST_F(RunStatusTest, ShardThatExitedByItselfIsStoppedWithoutAHolder) {
  run_shard(root_ / "shard-0", 0, /*finish=*/2);
  leave_lock_record(root_ / "shard-0", "");  // a writer that ended clears its record
  const RunStatus r = read_run_status(root_);
  EXPECT_EQ(r.dirs[0].state, RunState::stopped);
  EXPECT_EQ(r.dirs[0].holder, "");
  EXPECT_EQ(r.dirs[0].failed, Labels{"t4"});
  ASSERT_EQ(r.dirs[0].problems.size(), 1u);
  EXPECT_NE(r.dirs[0].problems[0].find("exited"), std::string::npos) << r.dirs[0].problems[0];
}

TEST_F(RunStatusTest, HeldLockIsRunningAndItsUnfinishedTasksPending) {
  run_shard(root_ / "shard-1", 1, /*finish=*/1);
  const RunLock lock(root_ / "shard-1", "rwwce run table1 --shard 1/2");
  const RunStatus r = read_run_status(root_);
  ASSERT_EQ(r.dirs.size(), 2u);
  EXPECT_EQ(r.dirs[0].state, RunState::not_started);
  EXPECT_EQ(r.dirs[0].pending, (Labels{"t0", "t2", "t4"}));
  const RunDirStatus& d = r.dirs[1];
  EXPECT_EQ(d.state, RunState::running);
  EXPECT_EQ(d.holder, std::to_string(::getpid()) + ": rwwce run table1 --shard 1/2");
  EXPECT_EQ(d.done, Labels{"t1"});
  EXPECT_EQ(d.pending, (Labels{"t3", "t5"}));
  EXPECT_TRUE(d.failed.empty());
  EXPECT_EQ(r.merge_blockers, (Labels{"shard-0 is not started", "shard-1 is running"}));
}

TEST_F(RunStatusTest, DamagedPartIsFailedAndBlocksTheMerge) {
  run_shard(root_ / "shard-0", 0);
  run_shard(root_ / "shard-1", 1);
  std::ofstream(root_ / "shard-1" / "parts" / "t3" / "runs.csv", std::ios::trunc) << "task\n";
  const RunStatus r = read_run_status(root_);
  const RunDirStatus& d = r.dirs[1];
  EXPECT_EQ(d.state, RunState::complete);
  EXPECT_EQ(d.done, (Labels{"t1", "t5"}));
  EXPECT_EQ(d.failed, Labels{"t3"});
  ASSERT_EQ(d.problems.size(), 1u);
  EXPECT_NE(d.problems[0].find("damaged"), std::string::npos) << d.problems[0];
  EXPECT_EQ(r.merge_blockers, (Labels{"shard-1 has 1 failed task(s)"}));
}

TEST_F(RunStatusTest, ShardsOfDifferentCommandsCannotBeMerged) {
  run_shard(root_ / "shard-0", 0);
  run_shard(root_ / "shard-1", 1, 3, "config B");
  fs::create_directories(root_ / "shard-7");
  const RunStatus r = read_run_status(root_);
  ASSERT_EQ(r.dirs.size(), 3u);
  EXPECT_EQ(r.merge_blockers,
            (Labels{"shard-7 is beyond the 2 shards of the run",
                    "shard-1 ran another configuration than shard-0 (their parts/fingerprint "
                    "differ: study, settings, seeds or data)",
                    "shard-7 is not started"}));
}

TEST_F(RunStatusTest, SingleRunDirectory) {
  TaskRunnerOptions o;
  o.threads = 1;
  o.progress = false;
  o.checkpoint_dir = root_ / "parts";
  o.plan = RunPlan{"0/1", {"a", "b"}, {"a", "b"}};
  run_tasks({"a", "b"}, task_output, o);
  const RunStatus r = read_run_status(root_);
  EXPECT_FALSE(r.sharded);
  ASSERT_EQ(r.dirs.size(), 1u);
  EXPECT_EQ(r.dirs[0].state, RunState::stopped);  // parts, no results.json, no writer
  EXPECT_EQ(r.dirs[0].done, (Labels{"a", "b"}));
  write_file_atomically(root_ / "results.json", "{}\n");
  EXPECT_EQ(read_run_status(root_).dirs[0].state, RunState::complete);
}

TEST_F(RunStatusTest, NotARunDirectoryIsBadInput) {
  EXPECT_THROW(read_run_status(root_), InputError);  // empty
  EXPECT_THROW(read_run_status(root_ / "absent"), InputError);
  std::ofstream(root_ / "file") << "x";
  EXPECT_THROW(read_run_status(root_ / "file"), InputError);
  fs::create_directories(root_ / "out" / "shard-0");
  std::ofstream(root_ / "out" / "slurm-array") << "first=0\n";
  EXPECT_THROW(read_run_status(root_ / "out"), InputError);
}

TEST(RunPlan, RoundTripsAndRejectsMalformedPlans) {
  const fs::path dir = fs::temp_directory_path() / ("rwwce-run-plan-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  EXPECT_FALSE(read_run_plan(dir).has_value());
  write_run_plan(dir, RunPlan{"1/3", {"a", "b", "c", "d"}, {"b"}});
  std::ifstream in(run_plan_path(dir));
  const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  EXPECT_EQ(text, "rwwce-plan 1\nshard 1/3\na elsewhere\nb here\nc elsewhere\nd elsewhere\n");
  const auto plan = read_run_plan(dir);
  ASSERT_TRUE(plan.has_value());
  EXPECT_EQ(plan->shard, "1/3");
  EXPECT_EQ(plan->run_tasks, (Labels{"a", "b", "c", "d"}));
  EXPECT_EQ(plan->tasks, Labels{"b"});
  for (const char* bad :
       {"rwwce-plan 2\nshard 0/1\n", "rwwce-plan 1\nshard 3/3\n",
        "rwwce-plan 1\nshard 0/1\na there\n", "rwwce-plan 1\nshard 0/1\n../x here\n"}) {
    std::ofstream(run_plan_path(dir), std::ios::trunc) << bad;
    EXPECT_THROW(read_run_plan(dir), InputError) << bad;
  }
  fs::remove_all(dir);
}

}  // namespace
}  // namespace rwwce::harness
