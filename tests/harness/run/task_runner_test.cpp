#include "harness/run/task_runner.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <filesystem>
#include <mutex>
#include <random>
#include <set>
#include <tuple>

#include "core/input_error.hpp"
#include "harness/report/csv_reporter.hpp"
#include "harness/run/seed_derivation.hpp"

namespace rwwce::harness {
namespace {
namespace fs = std::filesystem;

// A task whose result depends only on its seed: a few draws of its own engine.
TaskOutput seeded_task(std::size_t i, std::atomic<int>* calls = nullptr) {
  if (calls) ++*calls;
  std::mt19937_64 engine(derive_seed(7, "test", "task" + std::to_string(i), "arm"));
  TaskOutput out;
  Record r;
  r.set("task", static_cast<std::int64_t>(i))
      .set("draw", static_cast<double>(engine() >> 11) * 0x1p-53);
  out.tables["runs"].push_back(r);
  return out;
}

std::vector<std::string> labels(std::size_t n) {
  std::vector<std::string> out;
  for (std::size_t i = 0; i < n; ++i) out.push_back("task" + std::to_string(i));
  return out;
}

fs::path temp_dir(const std::string& name) {
  const fs::path dir =
      fs::temp_directory_path() / ("rwwce-" + name + "-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  return dir;
}

TEST(TaskRunner, ResultsDoNotDependOnThreadCount) {
  TaskRunnerOptions one, two;
  one.threads = 1;
  two.threads = 2;
  one.progress = two.progress = false;
  const auto a = concatenate(run_tasks(
      labels(37), [](std::size_t i) { return seeded_task(i); }, one));
  const auto b = concatenate(run_tasks(
      labels(37), [](std::size_t i) { return seeded_task(i); }, two));
  EXPECT_EQ(to_csv(a.at("runs")), to_csv(b.at("runs")));
  EXPECT_EQ(a.at("runs").size(), 37u);
  EXPECT_EQ(a.at("runs")[5].number("task"), 5.0);  // index order, not completion order
}

// Each task is told how many threads have no task left to start: 0 while more tasks than
// threads remain, then 1, 2, ... for the last ones, whichever task starts when.
TEST(TaskRunner, TheLastTasksAreToldTheSpareThreads) {
  for (const auto& [threads, tasks, expected] :
       std::vector<std::tuple<int, std::size_t, std::multiset<int>>>{
           {1, 3, {0, 0, 0}}, {2, 5, {0, 0, 0, 0, 1}}, {4, 3, {1, 2, 3}}}) {
    TaskRunnerOptions o;
    o.threads = threads;
    o.progress = false;
    std::mutex m;
    std::multiset<int> seen;
    const auto out = concatenate(run_tasks(
        labels(tasks),
        [&](const TaskStart& start) {
          {
            std::lock_guard<std::mutex> lock(m);
            seen.insert(start.spare_threads);
          }
          return seeded_task(start.index);
        },
        o));
    EXPECT_EQ(seen, expected) << threads << " threads, " << tasks << " tasks";
    EXPECT_EQ(out.at("runs").size(), tasks);
  }
}

TEST(TaskRunner, ResumesFromCheckpointsWithoutRerunning) {
  const fs::path dir = temp_dir("resume");
  TaskRunnerOptions o;
  o.threads = 2;
  o.progress = false;
  o.checkpoint_dir = dir;
  o.fingerprint = "config A";
  std::atomic<int> calls{0};
  // First run dies after 4 tasks (as a kill would leave it).
  EXPECT_THROW(run_tasks(
                   labels(10),
                   [&](std::size_t i) {
                     if (i >= 4) throw std::runtime_error("killed");
                     return seeded_task(i, &calls);
                   },
                   TaskRunnerOptions{1, dir, "config A", "t", false}),
               std::runtime_error);
  int finished = 0;
  for (std::size_t i = 0; i < 10; ++i)
    finished += fs::exists(dir / ("task" + std::to_string(i)) / "done");
  EXPECT_EQ(finished, calls.load());
  EXPECT_GE(finished, 1);
  calls = 0;
  const auto resumed = concatenate(run_tasks(
      labels(10), [&](std::size_t i) { return seeded_task(i, &calls); }, o));
  EXPECT_EQ(calls.load(), 10 - finished);  // only the unfinished tasks ran
  TaskRunnerOptions fresh;
  fresh.progress = false;
  const auto uninterrupted = concatenate(run_tasks(
      labels(10), [](std::size_t i) { return seeded_task(i); }, fresh));
  EXPECT_EQ(to_csv(resumed.at("runs")), to_csv(uninterrupted.at("runs")));

  // Another configuration must not reuse these results.
  o.fingerprint = "config B";
  EXPECT_THROW(run_tasks(
                   labels(10), [](std::size_t i) { return seeded_task(i); }, o),
               InputError);
  fs::remove_all(dir);
}

}  // namespace
}  // namespace rwwce::harness
