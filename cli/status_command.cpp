// rwwce status OUT: how far a run, or the shards of a SLURM job array, have got (done, pending,
// failed tasks) and whether `rwwce merge` can run. The reading is harness/run/run_status.hpp;
// this file only formats it.
#include <fmt/format.h>

#include <algorithm>
#include <memory>
#include <string>
#include <vector>

#include "cli/cli_commands.hpp"
#include "harness/run/run_status.hpp"

namespace rwwce::cli {
namespace {

using harness::RunDirStatus;
using harness::RunState;
using harness::RunStatus;

// `s` as one shell word: unchanged when it holds only safe characters, else single-quoted.
std::string shell_word(const std::string& s) {
  const bool safe = !s.empty() && std::all_of(s.begin(), s.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           std::string("_-./+=:,@%").find(c) != std::string::npos;
  });
  if (safe) return s;
  std::string out = "'";
  for (char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

// At most `limit` labels, then how many more.
std::string label_list(const std::vector<std::string>& labels, std::size_t limit = 12) {
  std::string out;
  for (std::size_t i = 0; i < labels.size() && i < limit; ++i) out += (i ? " " : "") + labels[i];
  if (labels.size() > limit) out += fmt::format(" ... and {} more", labels.size() - limit);
  return out;
}

// The PID of a lock record "PID: command line".
std::string holder_pid(const std::string& holder) {
  return holder.substr(0, holder.find(':'));
}

// What to do about, or who is behind, a directory's state: the table's last column.
std::string note(const RunStatus& r, std::size_t k, const RunDirStatus& d) {
  switch (d.state) {
    case RunState::running:
      return d.holder.empty() ? "writer running" : "writer PID " + holder_pid(d.holder);
    case RunState::stopped: {
      std::string why = d.holder.empty() ? "exited before finishing"
                                         : "killed (PID " + holder_pid(d.holder) + ")";
      if (r.array_first && k < r.shard_count)
        return why + fmt::format("; resubmit array index {}", *r.array_first + k);
      return why + "; re-run its command with the same --out to resume";
    }
    case RunState::not_started:
      return r.array_first && k < r.shard_count
                 ? fmt::format("array index {} not started", *r.array_first + k)
                 : "";
    case RunState::complete:
      return d.failed.empty() ? "" : "damaged parts: see below";
  }
  return "";
}

// Whether the run is finished: a single run directory complete with no damaged part, or every
// shard complete so that `rwwce merge` can run.
bool finished(const RunStatus& r) {
  if (r.sharded) return r.merge_blockers.empty();
  const RunDirStatus& d = r.dirs.front();
  return d.state == RunState::complete && d.failed.empty();
}

std::string render(const RunStatus& r) {
  std::string out;
  const std::string tasks_text =
      r.run_tasks > 0 ? fmt::format("{} tasks", r.run_tasks) : std::string("tasks not known yet");
  if (r.sharded) {
    out += fmt::format("{}: ", r.out.string());
    if (r.shard_count == 0)
      out += "shards of a run whose shard count is not recorded yet";
    else
      out += fmt::format("{} shards", r.shard_count);
    if (r.array_first)
      out += fmt::format(" (SLURM array indices {}-{}, as {}/slurm-array records)", *r.array_first,
                         *r.array_first + r.shard_count - 1, r.out.string());
    out += fmt::format("; {}\n\n", tasks_text);
  } else {
    const auto& d = r.dirs.front();
    out += fmt::format("{}: a run directory{}; {}\n\n", r.out.string(),
                       d.plan && d.plan->shard != "0/1" ? " of --shard " + d.plan->shard : "",
                       tasks_text);
  }

  const std::size_t name_width = std::max<std::size_t>(
      5, std::max_element(r.dirs.begin(), r.dirs.end(), [](const auto& a, const auto& b) {
           return a.name.size() < b.name.size();
         })->name.size());
  out += fmt::format("{:<{}}  {:<11}  {:>5}  {:>7}  {:>6}  {:>5}\n", r.sharded ? "shard" : "run",
                     name_width, "state", "done", "pending", "failed", "tasks");
  for (std::size_t k = 0; k < r.dirs.size(); ++k) {
    const RunDirStatus& d = r.dirs[k];
    const std::size_t total = d.done.size() + d.pending.size() + d.failed.size();
    const bool known = d.plan || total > 0;
    const std::string extra = note(r, k, d);
    out += fmt::format("{:<{}}  {:<11}  {:>5}  {:>7}  {:>6}  {:>5}{}\n", d.name, name_width,
                       harness::run_state_name(d.state), d.done.size(),
                       known ? std::to_string(d.pending.size()) : "?", d.failed.size(),
                       known ? std::to_string(total) : "?", extra.empty() ? "" : "  " + extra);
  }
  if (r.sharded)
    out +=
        fmt::format("{:<{}}  {:<11}  {:>5}  {:>7}  {:>6}  {:>5}\n", "total", name_width, "", r.done,
                    r.pending, r.failed, r.run_tasks > 0 ? std::to_string(r.run_tasks) : "?");

  std::string failed, pending;
  for (const auto& d : r.dirs) {
    if (!d.failed.empty()) failed += fmt::format("  {}: {}\n", d.name, label_list(d.failed));
    for (const auto& p : d.problems) failed += "    " + p + "\n";
    if (!d.pending.empty()) pending += fmt::format("  {}: {}\n", d.name, label_list(d.pending));
  }
  if (!failed.empty()) out += "\nfailed:\n" + failed;
  if (!pending.empty()) out += "\npending:\n" + pending;
  out += "\n";

  if (!r.sharded) {
    const auto& d = r.dirs.front();
    if (finished(r))
      out += "complete: every task done; results.json, runs.csv and summary.csv are written\n";
    else if (d.state == RunState::complete)
      out += "complete, but some parts are damaged since: `rwwce merge` would refuse them\n";
    else if (d.state == RunState::stopped)
      out += d.holder.empty() ? "stopped: re-run its command with the same --out to resume\n"
                              : "stopped: resume with the same command and --out: " +
                                    d.holder.substr(d.holder.find(':') + 2) + "\n";
    else
      out += "not finished yet: results.json is written when every task is done\n";
    return out;
  }
  const std::string o = shell_word(r.out.string());
  if (finished(r)) {
    out += "merge: can run (every shard complete):\n";
    out += fmt::format("  rwwce merge {}/shard-* --out {}/merged\n", o, o);
    if (r.array_first)
      out += fmt::format("  or as a job: sbatch scripts/slurm/rwwce-merge.sbatch {}\n", o);
    if (r.merged) out += fmt::format("merged: {}/merged holds the merged run already\n", o);
  } else {
    out += "merge: cannot run yet:\n";
    for (const auto& b : r.merge_blockers) out += "  " + b + "\n";
  }
  return out;
}

}  // namespace

void add_status_command(CLI::App& app, int& exit_code) {
  auto dir = std::make_shared<std::string>();
  auto check = std::make_shared<bool>(false);
  CLI::App* cmd = app.add_subcommand(
      "status",
      "How far a run has got, from what its directory records: a run directory (rwwce run "
      "--out), or the OUT of scripts/slurm/rwwce-array.sbatch with its shard-K directories "
      "(docs/slurm.md). Lists each shard's state and its tasks as done, pending and failed, "
      "with totals, and says whether `rwwce merge OUT/shard-* --out OUT/merged` can run (and "
      "prints that command when it can). Reads only.\n"
      "A shard is running (a live rwwce holds its lock), complete (results.json written), "
      "stopped (started, but no writer and no results.json: killed, cancelled, preempted or "
      "exited with an error; resume it: resubmit its array index, or re-run its command with the "
      "same --out) or not started.\n"
      "A task is done (parts/<task>/done verifies), failed (its part is damaged, or its shard "
      "stopped before finishing it) or pending (not finished in a shard that is running or not "
      "started; a part without done counts here).\n"
      "Exit 0 when it could report (whatever the state; with --check, only when the run is "
      "complete or the merge can run, else 1); 2 when OUT is not a run directory nor a "
      "directory of shards, or what it records is malformed.");
  cmd->add_option("OUT", *dir, "The run directory, or the directory holding shard-0, shard-1, ...")
      ->required();
  cmd->add_flag("--check", *check,
                "Exit 1 unless the run is finished: a run directory complete with no damaged "
                "part, or every shard complete so that the merge can run (for scripts: "
                "`rwwce status OUT --check && rwwce merge ...`)");
  cmd->callback([dir, check, &exit_code] {
    const RunStatus r = harness::read_run_status(*dir);
    fmt::print("{}", render(r));
    if (*check && !finished(r)) exit_code = 1;
  });
}

}  // namespace rwwce::cli
