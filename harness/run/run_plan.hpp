#pragma once
// What a run directory is to run, recorded before it starts: <dir>/parts/plan. `rwwce status`
// reads it to tell a run's pending tasks (planned, not yet finished) from its done ones, which
// parts/ alone cannot: a task that never started leaves nothing there.
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace rwwce::harness {

struct RunPlan {
  std::string shard = "0/1";           // "K/N" of `--shard K/N`; "0/1" is the whole run
  std::vector<std::string> run_tasks;  // every task of the whole run, in canonical order
  std::vector<std::string> tasks;      // this directory's share of them, in the same order
};

// The plan's file in a checkpoint (parts/) directory.
std::filesystem::path run_plan_path(const std::filesystem::path& checkpoint_dir);

// Writes the plan atomically (harness/run/atomic_file.hpp). Its format, line by line:
//   rwwce-plan 1
//   shard K/N
//   <label> here|elsewhere     one line per task of the whole run: whether this directory runs it
void write_run_plan(const std::filesystem::path& checkpoint_dir, const RunPlan& plan);

// The plan, or nullopt when the directory has none (a run of an older rwwce, or one that has
// not got that far). A malformed plan is an InputError naming the file and the line.
std::optional<RunPlan> read_run_plan(const std::filesystem::path& checkpoint_dir);

}  // namespace rwwce::harness
