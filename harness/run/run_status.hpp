#pragma once
// How far a run has got, read from what its directories record (`rwwce status`): a single run
// directory, or the OUT of scripts/slurm/rwwce-array.sbatch, whose shard-K directories each
// hold one `--shard K/N` run. Reads only; never takes a directory's lock for more than an
// instant (probe_run_lock).
//
// A run directory (shard) is, by what it records:
//   running      a live writer holds its lock (.rwwce.lock)
//   complete     no writer; results.json written, so every task of it finished
//   stopped      no writer, no results.json, but a writer started there (parts/ or the lock
//                file's record): it was killed, cancelled, preempted or exited with an error
//   not started  absent, or nothing written yet
// and each of its planned tasks (parts/plan) is
//   done         parts/<task>/done verifies (every table's record count and SHA-256)
//   failed       its part is damaged (done does not verify), or the shard stopped before it
//                finished: resume the shard (resubmit its array index) to run it
//   pending      not finished yet, in a shard that is running or not started (a part without
//                done, a task interrupted while being saved, is pending too)
#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "harness/run/run_plan.hpp"

namespace rwwce::harness {

enum class RunState { not_started, running, stopped, complete };
const char* run_state_name(RunState s);  // "not started", "running", "stopped", "complete"

struct RunDirStatus {
  std::string name;  // "shard-K"; for a single run directory, its path
  std::filesystem::path dir;
  RunState state = RunState::not_started;
  // The lock file's "PID: command line": the live writer's (running), or the killed writer's
  // (stopped; empty when the writer exited by itself, e.g. with an error).
  std::string holder;
  std::optional<RunPlan> plan;                     // parts/plan; absent before the run got that far
  std::string fingerprint;                         // parts/fingerprint's text; empty when absent
  std::vector<std::string> done, pending, failed;  // task labels, in the run's order
  std::vector<std::string> problems;               // why tasks failed, one line each
};

struct RunStatus {
  std::filesystem::path out;
  bool sharded = false;                    // OUT holds shard-K directories (or slurm-array)
  std::size_t shard_count = 0;             // N; 0 when not recorded anywhere yet
  std::optional<std::size_t> array_first;  // the job array's first index (OUT/slurm-array)
  std::vector<RunDirStatus> dirs;          // shard-0 .. shard-(N-1), absent ones included
  std::size_t run_tasks = 0;               // tasks of the whole run; 0 while unknown
  std::size_t done = 0, pending = 0, failed = 0;
  // Why `rwwce merge OUT/shard-* --out OUT/merged` cannot run yet; empty when it can (every
  // shard complete, nothing failed, all ran one configuration). Sharded runs only.
  std::vector<std::string> merge_blockers;
  bool merged = false;  // OUT/merged holds a finished run
};

// InputError (exit 2) when `out` is not a run directory, nor a directory of shards, or
// OUT/slurm-array is malformed, saying what was expected.
RunStatus read_run_status(const std::filesystem::path& out);

}  // namespace rwwce::harness
