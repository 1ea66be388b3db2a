#include "harness/run/task_runner.hpp"

#include <fmt/format.h>

#include <oneapi/tbb/blocked_range.h>
#include <oneapi/tbb/global_control.h>
#include <oneapi/tbb/parallel_for.h>
#include <oneapi/tbb/task_arena.h>
#include <atomic>
#include <chrono>
#include <fstream>
#include <mutex>
#include <sstream>
#include <thread>

#include "core/input_error.hpp"
#include "harness/report/csv_reporter.hpp"
#include "harness/run/atomic_file.hpp"

#if defined(__SANITIZE_THREAD__)
#include <sanitizer/tsan_interface.h>
#endif

namespace rwwce::harness {
namespace {

// ThreadSanitizer cannot see the synchronisation inside Debian's libtbb, which is not
// instrumented: every hand-off of data to a task and back would be reported as a race. These
// state the two happens-before edges TBB guarantees (what the caller wrote before parallel_for
// -> each task body; each task body -> the caller after parallel_for returns), so TSan still
// checks everything else, tasks against each other included. Nothing outside TSan builds.
void tsan_release([[maybe_unused]] void* token) {
#if defined(__SANITIZE_THREAD__)
  __tsan_release(token);
#endif
}
void tsan_acquire([[maybe_unused]] void* token) {
#if defined(__SANITIZE_THREAD__)
  __tsan_acquire(token);
#endif
}

}  // namespace
namespace fs = std::filesystem;
namespace {

std::string read_text(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw InputError("cannot read " + path.string());
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// Checkpoint layout: <dir>/<label>/<table>.csv for each table, then <dir>/<label>/done
// (written last) listing the tables. A task without `done` is run again.
}  // namespace

std::optional<TaskOutput> load_task_checkpoint(const fs::path& dir, const std::string& label) {
  const fs::path task_dir = dir / label;
  if (!fs::exists(task_dir / "done")) return std::nullopt;
  TaskOutput out;
  std::istringstream names(read_text(task_dir / "done"));
  for (std::string table; std::getline(names, table);) {
    if (table.empty()) continue;
    const fs::path file = task_dir / (table + ".csv");
    out.tables[table] = parse_csv(read_text(file), file.string());
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
  std::string names;
  for (const auto& [table, records] : out.tables) {
    write_file_atomically(task_dir / (table + ".csv"), to_csv(records));
    names += table + "\n";
  }
  write_file_atomically(task_dir / "done", names);
}

void check_fingerprint(const fs::path& dir, const std::string& fingerprint) {
  const fs::path file = dir / "fingerprint";
  if (fs::exists(file)) {
    if (read_text(file) != fingerprint)
      throw InputError(fmt::format(
          "{} holds finished runs of a different configuration (compare its fingerprint file "
          "with the settings now). Expected the same experiment, seed and settings to resume; "
          "choose another --out or delete that directory to start afresh.",
          dir.parent_path().string()));
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
  if (requested < 0)
    throw InputError(fmt::format("--threads must be >= 0 (0 = all cores), got {}", requested));
  if (requested > 0) return requested;
  const unsigned hw = std::thread::hardware_concurrency();
  return hw == 0 ? 1 : static_cast<int>(hw);
}

std::vector<TaskOutput> run_tasks(const std::vector<std::string>& labels,
                                  const std::function<TaskOutput(std::size_t)>& fn,
                                  const TaskRunnerOptions& options) {
  const int threads = resolve_threads(options.threads);
  const std::size_t n = labels.size();
  std::vector<TaskOutput> outputs(n);
  std::vector<char> pending(n, 1);
  std::size_t resumed = 0;
  if (options.checkpoint_dir) {
    fs::create_directories(*options.checkpoint_dir);
    check_fingerprint(*options.checkpoint_dir, options.fingerprint);
    for (std::size_t i = 0; i < n; ++i) {
      if (auto loaded = load_task_checkpoint(*options.checkpoint_dir, labels[i])) {
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
            outputs[i] = fn(i);
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
