#pragma once
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "harness/run/record.hpp"
#include "harness/run/run_plan.hpp"

namespace rwwce::harness {

// What one task (one dataset with all its arms) produces: named tables of records, e.g.
// "runs", "timings", "confusion". Tables of all tasks are concatenated in task order.
struct TaskOutput {
  std::map<std::string, std::vector<Record>> tables;
};

struct TaskRunnerOptions {
  int threads = 0;  // 0: all cores
  // When set, each finished task is saved under this directory (atomically) as soon as it
  // finishes, and a task already saved there is loaded instead of run again: a killed run
  // resumes where it stopped, losing nothing it had finished.
  std::optional<std::filesystem::path> checkpoint_dir;
  // Identifies the configuration whose results the checkpoint holds; resuming with another
  // configuration is refused rather than mixing results.
  std::string fingerprint;
  std::string what = "run";  // prefix of progress lines
  bool progress = true;      // progress lines on stderr
  // With checkpoint_dir: what the run is to do, recorded there (parts/plan) before any task
  // runs, so `rwwce status` can tell pending tasks from done ones. Its `tasks` are `labels`.
  std::optional<RunPlan> plan = std::nullopt;
};

// Runs fn(i) for every i in [0, labels.size()) on a TBB arena of `threads` threads (one task
// per index, so results never depend on scheduling) and returns outputs in index order.
// `labels[i]` names task i in progress lines and checkpoints.
std::vector<TaskOutput> run_tasks(const std::vector<std::string>& labels,
                                  const std::function<TaskOutput(std::size_t)>& fn,
                                  const TaskRunnerOptions& options);

// What a task is told as it starts: its index, and how many of the run's threads have no task
// left to start (the threads minus the tasks still to run, this one included; 0 until the last
// tasks start). Such a task may split its own work over those threads (nested TBB parallelism
// in the same arena), so no thread idles at the end of a run; its results must not depend on
// spare_threads, since which task starts last depends on scheduling.
struct TaskStart {
  std::size_t index = 0;
  int spare_threads = 0;
};

// The same runner, telling each task fn(start) how many threads are spare.
std::vector<TaskOutput> run_tasks(const std::vector<std::string>& labels,
                                  const std::function<TaskOutput(const TaskStart&)>& fn,
                                  const TaskRunnerOptions& options);

// Concatenates the tables of all outputs, in order.
std::map<std::string, std::vector<Record>> concatenate(const std::vector<TaskOutput>& outputs);

int resolve_threads(int requested);

// The largest run file (results.json, a CSV of a run or a part) read back.
inline constexpr std::uintmax_t kMaxRunFileBytes = std::uintmax_t{1} << 30;  // 1 GiB

// A task's checkpoint under `checkpoint_dir` (<dir>/<label>/<table>.csv, complete once
// <dir>/<label>/done lists each table with its record count and SHA-256): the tables as
// run_tasks saved them, or nullopt when the task has not finished there. A damaged checkpoint
// (a file truncated or changed since, a done file of another format) is an InputError naming
// it, or, when `problem` is given, nullopt with the reason in *problem (the runner then runs
// the task again). Shared by the runner's resume and by `rwwce merge`.
std::optional<TaskOutput> load_task_checkpoint(const std::filesystem::path& checkpoint_dir,
                                               const std::string& label,
                                               std::string* problem = nullptr);

// The configuration fingerprint stored in `checkpoint_dir`; throws InputError when absent.
std::string read_checkpoint_fingerprint(
    const std::filesystem::path& checkpoint_dir);  // 0 -> hardware concurrency

}  // namespace rwwce::harness
