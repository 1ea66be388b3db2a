#include "harness/run/run_status.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <regex>
#include <set>

#include "core/input_error.hpp"
#include "core/text_file.hpp"
#include "harness/run/run_lock.hpp"
#include "harness/run/task_runner.hpp"

namespace rwwce::harness {
namespace fs = std::filesystem;
namespace {

// The labels of the finished tasks under parts/ (for a directory without a plan).
std::vector<std::string> finished_part_labels(const fs::path& parts) {
  std::vector<std::string> out;
  std::error_code ec;
  for (fs::directory_iterator it(parts, ec), end; !ec && it != end; it.increment(ec))
    if (it->is_directory(ec) && fs::exists(it->path() / "done", ec))
      out.push_back(it->path().filename().string());
  std::sort(out.begin(), out.end());
  return out;
}

RunDirStatus examine(const fs::path& dir, const std::string& name) {
  RunDirStatus s;
  s.name = name;
  s.dir = dir;
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) return s;
  const RunLockState lock = probe_run_lock(dir);
  const fs::path parts = dir / "parts";
  const bool has_parts = fs::is_directory(parts, ec);
  if (has_parts) {
    s.plan = read_run_plan(parts);
    if (fs::exists(parts / "fingerprint", ec))
      s.fingerprint = rwwce::read_text_file(parts / "fingerprint", kMaxRunFileBytes, "run file");
  }
  const bool has_results = fs::exists(dir / "results.json", ec);
  if (lock.held)
    s.state = RunState::running;
  else if (has_results)
    s.state = RunState::complete;
  else if (has_parts || !lock.holder.empty())
    s.state = RunState::stopped;
  if (s.state == RunState::running || s.state == RunState::stopped) s.holder = lock.holder;

  if (!s.plan) {
    // Nothing says which tasks are to come: only the finished ones can be listed.
    if (has_parts) s.done = finished_part_labels(parts);
    return s;
  }
  // Unfinished tasks are pending while the shard may still run them, failed once it stopped
  // (or, which rwwce never leaves, when it completed without them): they need a resumed run.
  const bool unfinished_failed = s.state == RunState::stopped || s.state == RunState::complete;
  std::size_t unfinished = 0;
  for (const std::string& label : s.plan->tasks) {
    std::string problem;
    if (load_task_checkpoint(parts, label, &problem)) {
      s.done.push_back(label);
    } else if (!problem.empty()) {
      s.failed.push_back(label);
      s.problems.push_back(problem);
    } else if (unfinished_failed) {
      s.failed.push_back(label);
      ++unfinished;
    } else {
      s.pending.push_back(label);
    }
  }
  if (unfinished == 0) return s;
  const std::string how =
      s.state == RunState::complete ? "results.json was written but their parts are missing"
      : s.holder.empty()
          ? "its run exited before finishing them (with an error: see its log)"
          : "its run was killed before finishing them (cancelled, preempted or out of time; its "
            "lock still names PID " +
                s.holder.substr(0, s.holder.find(':')) + ")";
  s.problems.push_back(fmt::format("{} task(s) unfinished: {}", unfinished, how));
  return s;
}

// OUT/slurm-array, written by scripts/slurm/rwwce-array.sbatch: "first=F count=C".
std::optional<std::pair<std::size_t, std::size_t>> read_array_layout(const fs::path& out) {
  const fs::path file = out / "slurm-array";
  std::error_code ec;
  if (!fs::exists(file, ec)) return std::nullopt;
  std::string text = rwwce::read_text_file(file, 4096, "SLURM array layout");
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) text.pop_back();
  static const std::regex layout("first=([0-9]{1,9}) count=([0-9]{1,9})");
  std::smatch m;
  if (!std::regex_match(text, m, layout) || std::stoul(m[2]) == 0)
    throw InputError(fmt::format(
        "{}: reads '{}', expected 'first=F count=C' (C >= 1) as scripts/slurm/rwwce-array.sbatch "
        "writes it",
        file.string(), text.substr(0, 80)));
  return std::make_pair(std::stoul(m[1]), std::stoul(m[2]));
}

void add_totals(RunStatus& r) {
  for (const auto& d : r.dirs) {
    r.done += d.done.size();
    r.pending += d.pending.size();
    r.failed += d.failed.size();
  }
}

}  // namespace

const char* run_state_name(RunState s) {
  switch (s) {
    case RunState::not_started:
      return "not started";
    case RunState::running:
      return "running";
    case RunState::stopped:
      return "stopped";
    case RunState::complete:
      return "complete";
  }
  return "?";
}

RunStatus read_run_status(const fs::path& out) {
  std::error_code ec;
  if (!fs::is_directory(out, ec))
    throw InputError(
        fmt::format("{}: {}; expected a run directory (rwwce run --out) or the OUT of "
                    "scripts/slurm/rwwce-array.sbatch (its shard-K directories)",
                    out.string(), fs::exists(out, ec) ? "not a directory" : "no such directory"));
  RunStatus r;
  r.out = out;

  // shard-K directories, by K.
  static const std::regex shard_name("shard-(0|[1-9][0-9]{0,8})");
  std::map<std::size_t, fs::path> shard_dirs;
  std::vector<std::string> strays;
  for (fs::directory_iterator it(out, ec), end; !ec && it != end; it.increment(ec)) {
    const std::string name = it->path().filename().string();
    if (name.rfind("shard-", 0) != 0) continue;
    std::smatch m;
    if (it->is_directory(ec) && std::regex_match(name, m, shard_name))
      shard_dirs[std::stoul(m[1])] = it->path();
    else
      strays.push_back(name);
  }
  const auto layout = read_array_layout(out);
  r.sharded = layout.has_value() || !shard_dirs.empty() || !strays.empty();

  if (!r.sharded) {
    const bool run_dir = fs::exists(out / "results.json", ec) ||
                         fs::is_directory(out / "parts", ec) || fs::exists(out / ".rwwce.lock", ec);
    if (!run_dir)
      throw InputError(fmt::format(
          "{}: neither a run directory (results.json, parts/ or .rwwce.lock) nor the OUT of "
          "scripts/slurm/rwwce-array.sbatch (slurm-array, shard-K directories); expected the "
          "--out of rwwce run or of the array script",
          out.string()));
    r.dirs.push_back(examine(out, out.string()));
    if (r.dirs[0].plan) r.run_tasks = r.dirs[0].plan->tasks.size();
    add_totals(r);
    return r;
  }

  // The shard count: the layout the array recorded, else what the shards' plans say.
  std::set<std::size_t> counts;
  std::vector<RunDirStatus> present;
  for (const auto& [k, dir] : shard_dirs) {
    present.push_back(examine(dir, "shard-" + std::to_string(k)));
    if (const auto& plan = present.back().plan)
      counts.insert(std::stoul(plan->shard.substr(plan->shard.find('/') + 1)));
  }
  if (layout) {
    r.array_first = layout->first;
    r.shard_count = layout->second;
  } else if (counts.size() == 1) {
    r.shard_count = *counts.begin();
  }
  // (rwwce run refuses an empty shard, so a run has no more shards than tasks; this bound only
  // keeps a damaged record from making the listing endless.)
  constexpr std::size_t kMaxShards = 100000;
  if (r.shard_count > kMaxShards)
    throw InputError(fmt::format(
        "{}: records {} shards; expected at most {} (its slurm-array or a shard's parts/plan is "
        "damaged)",
        out.string(), r.shard_count, kMaxShards));
  auto& blockers = r.merge_blockers;
  if (r.shard_count == 0)
    blockers.push_back(counts.empty() ? "the number of shards is not recorded yet (no " +
                                            (out / "slurm-array").string() +
                                            ", no shard has written its parts/plan)"
                                      : "the shards' plans disagree on the number of shards");
  for (const auto& name : strays)
    blockers.push_back(name + " is not a shard directory (expected shard-K, K = 0, 1, ...)");

  // Every shard 0..N-1 in order (absent ones as not started), then any beyond N.
  std::size_t next = 0;  // present is in K order (shard_dirs is a map)
  for (std::size_t k = 0; k < r.shard_count; ++k) {
    const std::string name = "shard-" + std::to_string(k);
    if (next < present.size() && present[next].name == name)
      r.dirs.push_back(std::move(present[next++]));
    else
      r.dirs.push_back(examine(out / name, name));
  }
  for (; next < present.size(); ++next) {
    if (r.shard_count > 0)
      blockers.push_back(
          fmt::format("{} is beyond the {} shards of the run", present[next].name, r.shard_count));
    r.dirs.push_back(std::move(present[next]));
  }

  // One command's shards: the same run's tasks, each its own share, one configuration.
  const RunDirStatus* first_plan = nullptr;
  const RunDirStatus* first_fingerprint = nullptr;
  for (std::size_t k = 0; k < r.dirs.size(); ++k) {
    const RunDirStatus& d = r.dirs[k];
    if (d.plan) {
      const std::string expected = fmt::format("{}/{}", k, r.shard_count);
      if (k < r.shard_count && d.plan->shard != expected)
        blockers.push_back(fmt::format("{} ran --shard {}, expected {} in a run of {} shards",
                                       d.name, d.plan->shard, expected, r.shard_count));
      if (first_plan == nullptr)
        first_plan = &d;
      else if (first_plan->plan->run_tasks != d.plan->run_tasks)
        blockers.push_back(fmt::format(
            "{} selected other tasks than {} (--datasets, --pairs or --seeds differ); the "
            "shards of one command select the same",
            d.name, first_plan->name));
    }
    if (!d.fingerprint.empty()) {
      if (first_fingerprint == nullptr)
        first_fingerprint = &d;
      else if (first_fingerprint->fingerprint != d.fingerprint)
        blockers.push_back(fmt::format(
            "{} ran another configuration than {} (their parts/fingerprint differ: study, "
            "settings, seeds or data)",
            d.name, first_fingerprint->name));
    }
  }
  const std::vector<std::string> all_tasks =
      first_plan ? first_plan->plan->run_tasks : std::vector<std::string>();
  r.run_tasks = all_tasks.size();

  // A shard with no plan yet (absent, or not got that far) is to run the tasks i with
  // i % N == K (the rule of `--shard K/N`, experiments/shard.hpp): they are pending.
  for (std::size_t k = 0; k < r.dirs.size(); ++k) {
    RunDirStatus& d = r.dirs[k];
    if (d.plan || all_tasks.empty() || r.shard_count == 0 || k >= r.shard_count) continue;
    std::vector<std::string> mine;
    for (std::size_t i = k; i < all_tasks.size(); i += r.shard_count) mine.push_back(all_tasks[i]);
    std::vector<std::string> rest;
    for (const auto& label : mine)
      if (std::find(d.done.begin(), d.done.end(), label) == d.done.end()) rest.push_back(label);
    if (d.state == RunState::stopped) {
      d.failed = rest;
      if (!rest.empty())
        d.problems.push_back(fmt::format(
            "{} task(s) unfinished: its run stopped before it planned them", rest.size()));
    } else {
      d.pending = rest;
    }
  }

  for (const auto& d : r.dirs) {
    if (d.state != RunState::complete)
      blockers.push_back(fmt::format("{} is {}", d.name, run_state_name(d.state)));
    else if (!d.failed.empty())
      blockers.push_back(fmt::format("{} has {} failed task(s)", d.name, d.failed.size()));
  }
  add_totals(r);
  r.merged = fs::exists(out / "merged" / "results.json", ec);
  return r;
}

}  // namespace rwwce::harness
