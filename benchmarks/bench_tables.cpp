// Wall time of the full Table I and Table II reproductions (a benchmark that prints figures,
// never a timed test). Usage: bench_tables [table1|table2|all] [threads]
// Needs MNIST in $RWWCE_DATA or <repo>/data. Outputs go to a scratch directory.
#include <fmt/core.h>

#include <chrono>
#include <filesystem>
#include <string>

#include "experiments/study_file.hpp"
#include "experiments/study_runner.hpp"
#include "models/blas.hpp"

namespace {

using rwwce::harness::ExperimentResult;

void report(const std::string& name, const ExperimentResult& r, double wall) {
  double train = 0;
  std::size_t models = 0;
  for (const auto& t : r.tables.at("timings")) {
    train += *t.number("train_seconds");
    ++models;
  }
  fmt::print(
      "{}: wall {:.1f} s on {} threads; {} models trained, {:.3f} s per model "
      "(train only, summed over threads {:.1f} s)\n",
      name, wall, r.context.threads, models, train / static_cast<double>(models), train);
}

}  // namespace

int main(int argc, char** argv) {
  const std::string which = argc > 1 ? argv[1] : "all";
  const int threads = argc > 2 ? std::stoi(argv[2]) : 0;
  rwwce::models::use_single_threaded_blas();
  const auto scratch = std::filesystem::temp_directory_path() / "rwwce-bench-tables";
  std::filesystem::remove_all(scratch);
  const auto bench = [&](const char* study_name, const char* what) {
    const rwwce::experiments::Study study =
        rwwce::experiments::resolve_study(rwwce::experiments::load_study_table(study_name));
    rwwce::experiments::StudyRunOptions o;
    o.threads = threads;
    o.quiet = true;
    o.out_dir = (scratch / study_name).string();
    o.command_line = "bench_tables";
    const auto t0 = std::chrono::steady_clock::now();
    const auto r = rwwce::experiments::run_study(study, o);
    report(what, r, std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
  };
  if (which == "table1" || which == "all")
    bench("table1", "Table I (100 datasets x 2 models, 784-10-1, 10 epochs)");
  if (which == "table2" || which == "all")
    bench("table2", "Table II (90 pairs x 2 models, 784-50-20-10, 10 epochs)");
  std::filesystem::remove_all(scratch);
  return 0;
}
