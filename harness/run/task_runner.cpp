#include "harness/run/task_runner.hpp"

#include <fmt/format.h>

#include <oneapi/tbb/blocked_range.h>
#include <oneapi/tbb/global_control.h>
#include <oneapi/tbb/parallel_for.h>
#include <oneapi/tbb/task_arena.h>
#include <atomic>
#include <chrono>
#include <fstream>
#include <map>
#include <mutex>
#include <sstream>
#include <stdexcept>
#include <thread>

#include "core/input_error.hpp"
#include "core/plain_name.hpp"
#include "core/text_file.hpp"
#include "core/tsan_handoff.hpp"
#include "datasets/sha256.hpp"
#include "harness/report/csv_reporter.hpp"
#include "harness/run/atomic_file.hpp"

namespace rwwce::harness {
namespace fs = std::filesystem;
namespace {

// A run file of this directory: size-checked, regular files only.
std::string read_text(const fs::path& path) {
  return read_text_file(path, kMaxRunFileBytes, "run file");
}

// Checkpoint layout: <dir>/<label>/<table>.csv for each table, then <dir>/<label>/done
// (written last): the line "rwwce-part 2", then one line per table: its name, its record
// count and the SHA-256 of its CSV. A task without `done` is run again; one whose files do
// not match their `done` is damaged.
constexpr const char* kPartHeader = "rwwce-part 2";

std::string sha256_text(const std::string& text) {
  return datasets::sha256_bytes(text.data(), text.size());
}

}  // namespace

std::optional<TaskOutput> load_task_checkpoint(const fs::path& dir, const std::string& label,
                                               std::string* problem) {
  require_plain_name(label, "task", dir.string());
  const fs::path task_dir = dir / label;
  if (!fs::exists(task_dir / "done")) return std::nullopt;
  const auto damaged = [&](const std::string& why) -> std::optional<TaskOutput> {
    const std::string message =
        fmt::format("{}: the finished task is damaged: {}", task_dir.string(), why);
    if (problem == nullptr) throw InputError(message);
    *problem = message;
    return std::nullopt;
  };
  std::istringstream lines(read_text(task_dir / "done"));
  std::string line;
  if (!std::getline(lines, line) || line != kPartHeader)
    return damaged("its done file does not start with \"" + std::string(kPartHeader) +
                   "\" (written by another version of rwwce, or truncated)");
  TaskOutput out;
  while (std::getline(lines, line)) {
    if (line.empty()) continue;
    std::istringstream fields(line);
    std::string table, hash;
    std::size_t rows = 0;
    if (!(fields >> table >> rows >> hash))
      return damaged("a line of its done file reads '" + line.substr(0, 80) +
                     "', expected: table rows sha256");
    require_plain_name(table, "table", (task_dir / "done").string());
    const fs::path file = task_dir / (table + ".csv");
    if (!fs::exists(file)) return damaged(file.filename().string() + " is missing");
    const std::string text = read_text(file);
    if (sha256_text(text) != hash)
      return damaged(file.filename().string() +
                     " differs from what was written (truncated or "
                     "changed since)");
    out.tables[table] = parse_csv(text, file.string());
    if (out.tables[table].size() != rows)
      return damaged(fmt::format("{} holds {} records, {} were written", file.filename().string(),
                                 out.tables[table].size(), rows));
  }
  return out;
}

std::string read_checkpoint_fingerprint(const fs::path& dir) {
  if (!fs::exists(dir / "fingerprint"))
    throw InputError(
        fmt::format("{}: no fingerprint file; expected the parts/ directory of a run "
                    "started by rwwce run",
                    dir.string()));
  return read_text(dir / "fingerprint");
}

namespace {

void save_checkpoint(const fs::path& dir, const std::string& label, const TaskOutput& out) {
  const fs::path task_dir = dir / label;
  std::string done = std::string(kPartHeader) + "\n";
  for (const auto& [table, records] : out.tables) {
    const std::string csv = to_csv(records);
    write_file_atomically(task_dir / (table + ".csv"), csv);
    done += fmt::format("{} {} {}\n", table, records.size(), sha256_text(csv));
  }
  write_file_atomically(task_dir / "done", done);
}

// The lines ("key = value") of two fingerprints that differ, for the refusal's message.
std::string fingerprint_changes(const std::string& before, const std::string& now) {
  const auto lines = [](const std::string& text) {
    // A line without " = " continues the previous key's value (a matrix printed one row per
    // line), so a changed cost matrix is reported under its key, not as a changed row.
    std::map<std::string, std::string> out;
    std::istringstream in(text);
    std::string key;
    for (std::string line; std::getline(in, line);) {
      const auto eq = line.find(" = ");
      if (eq != std::string::npos) {
        key = line.substr(0, eq);
        out[key] = line.substr(eq + 3);
      } else if (!key.empty()) {
        const auto first = line.find_first_not_of(' ');
        out[key] += first == std::string::npos ? "" : " " + line.substr(first);
      } else {
        out[line] = "";
      }
    }
    return out;
  };
  const auto a = lines(before), b = lines(now);
  std::vector<std::string> changes;
  for (const auto& [k, v] : a) {
    const auto it = b.find(k);
    if (it == b.end())
      changes.push_back(fmt::format("{} was {}, now absent", k, v.substr(0, 60)));
    else if (it->second != v)
      changes.push_back(
          fmt::format("{} was {}, now {}", k, v.substr(0, 60), it->second.substr(0, 60)));
  }
  for (const auto& [k, v] : b)
    if (!a.count(k))
      changes.push_back(fmt::format("{} now {} (absent before)", k, v.substr(0, 60)));
  std::string out;
  for (std::size_t i = 0; i < changes.size() && i < 6; ++i) out += (i ? "; " : "") + changes[i];
  if (changes.size() > 6) out += fmt::format("; and {} more", changes.size() - 6);
  return out;
}

void check_fingerprint(const fs::path& dir, const std::string& fingerprint) {
  const fs::path file = dir / "fingerprint";
  if (fs::exists(file)) {
    const std::string before = read_text(file);
    if (before != fingerprint)
      throw InputError(fmt::format(
          "{} holds finished runs of a different configuration: {}. Resuming needs the same "
          "study, settings and data; choose another --out or delete that directory to start "
          "afresh.",
          dir.parent_path().string(), fingerprint_changes(before, fingerprint)));
  } else {
    write_file_atomically(file, fingerprint);
  }
}

std::string format_duration(double seconds) {
  const auto s = static_cast<long>(seconds + 0.5);
  return s >= 60 ? fmt::format("{}m{:02d}s", s / 60, s % 60) : fmt::format("{}s", s);
}

}  // namespace

int resolve_threads(int requested) {
  if (requested < 0 || requested > 1024)
    throw InputError(
        fmt::format("--threads {}: expected 1 to 1024 threads, or 0 for all cores", requested));
  if (requested > 0) return requested;
  const unsigned hw = std::thread::hardware_concurrency();
  return hw == 0 ? 1 : static_cast<int>(hw);
}

std::vector<TaskOutput> run_tasks(const std::vector<std::string>& labels,
                                  const std::function<TaskOutput(std::size_t)>& fn,
                                  const TaskRunnerOptions& options) {
  return run_tasks(
      labels, [&](const TaskStart& start) { return fn(start.index); }, options);
}

std::vector<TaskOutput> run_tasks(const std::vector<std::string>& labels,
                                  const std::function<TaskOutput(const TaskStart&)>& fn,
                                  const TaskRunnerOptions& options) {
  const int threads = resolve_threads(options.threads);
  const std::size_t n = labels.size();
  std::vector<TaskOutput> outputs(n);
  std::vector<char> pending(n, 1);
  std::size_t resumed = 0;
  if (options.checkpoint_dir) {
    fs::create_directories(*options.checkpoint_dir);
    check_fingerprint(*options.checkpoint_dir, options.fingerprint);
    if (options.plan) {
      if (options.plan->tasks != labels)
        throw std::logic_error("run_tasks: the plan's tasks are not the tasks to run");
      write_run_plan(*options.checkpoint_dir, *options.plan);
    }
    for (std::size_t i = 0; i < n; ++i) {
      std::string problem;
      auto loaded = load_task_checkpoint(*options.checkpoint_dir, labels[i], &problem);
      if (!problem.empty() && options.progress)
        fmt::print(stderr, "{}: {}; running it again\n", options.what, problem);
      if (loaded) {
        outputs[i] = std::move(*loaded);
        pending[i] = 0;
        ++resumed;
      }
    }
    if (resumed > 0 && options.progress)
      fmt::print(stderr, "{}: resuming: {} of {} tasks already finished in {}\n", options.what,
                 resumed, n, options.checkpoint_dir->string());
  }

  std::mutex print_mutex;
  std::atomic<std::size_t> done{resumed};
  const auto start = std::chrono::steady_clock::now();
  const std::size_t to_run = n - resumed;
  std::atomic<std::size_t> ran{0};
  std::atomic<std::size_t> started{0};

  tbb::global_control limit(tbb::global_control::max_allowed_parallelism,
                            static_cast<std::size_t>(threads));
  tbb::task_arena arena(threads);
  int before = 0, after = 0;  // TSan's tokens for the hand-offs (see tsan_release)
  tsan_release(&before);
  arena.execute([&] {
    tbb::parallel_for(
        tbb::blocked_range<std::size_t>(0, n, 1),
        [&](const tbb::blocked_range<std::size_t>& range) {
          tsan_acquire(&before);
          for (std::size_t i = range.begin(); i != range.end(); ++i) {
            if (!pending[i]) continue;
            const auto t0 = std::chrono::steady_clock::now();
            const std::size_t to_start = to_run - started++;  // this one included
            const int spare = to_start < static_cast<std::size_t>(threads)
                                  ? threads - static_cast<int>(to_start)
                                  : 0;
            outputs[i] = fn(TaskStart{i, spare});
            if (options.checkpoint_dir)
              save_checkpoint(*options.checkpoint_dir, labels[i], outputs[i]);
            const std::size_t d = ++done;
            const std::size_t r = ++ran;
            if (options.progress) {
              const auto now = std::chrono::steady_clock::now();
              const double task_s = std::chrono::duration<double>(now - t0).count();
              const double elapsed = std::chrono::duration<double>(now - start).count();
              const double eta = elapsed / static_cast<double>(r) * static_cast<double>(to_run - r);
              std::lock_guard<std::mutex> lock(print_mutex);
              fmt::print(stderr, "{}: [{:>{}}/{}] {} done in {:.1f}s; elapsed {}, ETA {}\n",
                         options.what, d, std::to_string(n).size(), n, labels[i], task_s,
                         format_duration(elapsed), format_duration(eta));
            }
          }
          tsan_release(&after);
        },
        tbb::simple_partitioner());
  });
  tsan_acquire(&after);
  return outputs;
}

std::map<std::string, std::vector<Record>> concatenate(const std::vector<TaskOutput>& outputs) {
  std::map<std::string, std::vector<Record>> all;
  for (const auto& out : outputs)
    for (const auto& [table, records] : out.tables)
      all[table].insert(all[table].end(), records.begin(), records.end());
  return all;
}

}  // namespace rwwce::harness
