// Wall time of the full Table I and Table II reproductions (a benchmark that prints figures,
// never a timed test), beside the work a dense implementation of the same protocol (PyTorch,
// Keras) would do: its FLOPs and the dense-equivalent GFLOP/s reached, against this machine's
// single-thread SGEMM rate times the threads.
// Usage: bench_tables [table1|table2|all] [threads] [tasks: all (default), a count N, or names]
// Needs MNIST in $RWWCE_DATA or <repo>/data. Outputs go to a scratch directory.
#include <fmt/core.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <set>
#include <string>
#include <tuple>
#include <vector>

#include "experiments/study_file.hpp"
#include "experiments/study_runner.hpp"
#include "models/blas.hpp"

namespace {

using rwwce::harness::ExperimentResult;
using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point t0) {
  return std::chrono::duration<double>(Clock::now() - t0).count();
}

// Dense FLOPs per sample, 2 per multiply-add: the forward of every layer; the training step
// adds dW of every layer and dx of all but the first (no input gradient, as in PyTorch when the
// inputs need none). Biases and activations are left out (under 1%).
struct DenseFlops {
  double forward = 0, train = 0;
};
DenseFlops dense_flops(const std::vector<std::size_t>& s) {
  DenseFlops f;
  for (std::size_t l = 0; l + 1 < s.size(); ++l) {
    const double mac = 2.0 * static_cast<double>(s[l]) * static_cast<double>(s[l + 1]);
    f.forward += mac;
    f.train += mac * (l == 0 ? 2 : 3);
  }
  return f;
}

// The single-thread SGEMM rate of OpenBLAS on a large square product: the machine's practical
// float32 peak per core.
double sgemm_peak_gflops() {
  const std::size_t n = 1536;
  std::vector<float> a(n * n, 0.5f), b(n * n, 0.25f), c(n * n, 0.0f);
  rwwce::models::gemm(false, false, n, n, n, 1.0f, a.data(), n, b.data(), n, 0.0f, c.data(), n);
  double best = 0;
  for (int rep = 0; rep < 5; ++rep) {  // the best of 5: the machine may be shared
    const auto t0 = Clock::now();
    rwwce::models::gemm(false, false, n, n, n, 1.0f, a.data(), n, b.data(), n, 0.0f, c.data(), n);
    best = std::max(best, 2.0 * static_cast<double>(n * n * n) / seconds_since(t0) / 1e9);
  }
  return best;
}

void report(const std::string& name, const rwwce::experiments::Study& s, const ExperimentResult& r,
            double wall, double peak) {
  double train = 0;
  std::size_t models = 0;
  for (const auto& t : r.tables.at("timings")) {
    train += *t.number("train_seconds");
    ++models;
  }
  // Each model once per (task, seed): the runs table has one record per arm.
  const std::size_t dim = std::stoul(
      std::find_if(r.context.settings.begin(), r.context.settings.end(), [](const auto& kv) {
        return kv.first == "input_dim";
      })->second);
  const std::size_t k = s.binary() ? 1 : (s.costs.classes > 0 ? s.costs.classes : 10);
  std::set<std::tuple<std::string, std::string, std::string>> seen;
  double flops = 0, eval_flops = 0;
  std::string arch;
  for (const auto& run : r.tables.at("runs")) {
    const std::string model = run.text("model");
    if (!seen.insert({run.text("dataset"), run.text("root_seed"), model}).second) continue;
    const auto spec = std::find_if(s.models.begin(), s.models.end(),
                                   [&](const auto& m) { return m.name == model; });
    std::vector<std::size_t> sizes{dim};
    sizes.insert(sizes.end(), spec->layers.begin(), spec->layers.end());
    sizes.push_back(k);
    const DenseFlops f = dense_flops(sizes);
    flops += f.train * *run.number("n_fit") * spec->epochs;
    eval_flops += f.forward * (*run.number("n_val") + *run.number("n_test"));
    if (arch.empty())
      for (std::size_t i = 0; i < sizes.size(); ++i)
        arch += (i ? "-" : "") + std::to_string(sizes[i]);
  }
  fmt::print(
      "{} ({} tasks, {}, {} epochs): wall {:.1f} s on {} threads; {} models trained, {:.3f} s "
      "per model (train only, summed over threads {:.1f} s)\n",
      name, r.context.tasks.size(), arch, s.models.front().epochs, wall, r.context.threads, models,
      train / static_cast<double>(models), train);
  const double total = flops + eval_flops;
  fmt::print(
      "  dense-equivalent work: {:.2f} TFLOP training (forward + backward over the epochs' "
      "examples) + {:.2f} TFLOP scoring; {:.1f} GFLOP/s over the wall time, against a peak of "
      "{:.1f} GFLOP/s ({} threads x {:.1f} single-thread SGEMM): {:.1f}% of it\n",
      flops / 1e12, eval_flops / 1e12, total / wall / 1e9, peak * r.context.threads,
      r.context.threads, peak, 100.0 * total / wall / 1e9 / (peak * r.context.threads));
}

}  // namespace

int main(int argc, char** argv) {
  rwwce::models::pin_blas_kernels(argv);  // the kernels `rwwce run` computes with
  const std::string which = argc > 1 ? argv[1] : "all";
  const int threads = argc > 2 ? std::stoi(argv[2]) : 0;
  const std::string tasks = argc > 3 ? argv[3] : "all";
  rwwce::models::use_single_threaded_blas();
  const double peak = sgemm_peak_gflops();
  fmt::print("single-thread SGEMM peak (OpenBLAS {} kernels, 1536^3): {:.1f} GFLOP/s\n",
             rwwce::models::blas_kernels(), peak);
  const auto scratch = std::filesystem::temp_directory_path() / "rwwce-bench-tables";
  std::filesystem::remove_all(scratch);
  const auto bench = [&](const char* study_name, const char* what) {
    rwwce::experiments::Study study =
        rwwce::experiments::resolve_study(rwwce::experiments::load_study_table(study_name));
    study.select = tasks;  // what --datasets / --pairs set
    rwwce::experiments::StudyRunOptions o;
    o.threads = threads;
    o.quiet = true;
    o.out_dir = (scratch / study_name).string();
    o.command_line = "bench_tables";
    const auto t0 = Clock::now();
    const auto r = rwwce::experiments::run_study(study, o);
    report(what, study, r, seconds_since(t0), peak);
  };
  if (which == "table1" || which == "all") bench("table1", "Table I");
  if (which == "table2" || which == "all") bench("table2", "Table II");
  std::filesystem::remove_all(scratch);
  return 0;
}
