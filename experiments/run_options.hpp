#pragma once
#include <CLI/CLI.hpp>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "harness/run/run_context.hpp"
#include "harness/run/task_runner.hpp"
#include "models/loss_mode.hpp"
#include "models/train.hpp"

namespace rwwce::experiments {

// Options every `rwwce run <experiment>` shares. Each can be set on the command line or in the
// TOML file given by --config (command line wins).
struct CommonRunOptions {
  std::uint64_t seed = 1;
  int threads = 0;  // 0: all cores
  std::string preset = "paper";
  std::string out;       // default: results/runs/<experiment>-<UTC timestamp>
  std::string data_dir;  // default: $RWWCE_DATA or <repo>/data
  std::string loss_mode = "keras-clip";
  // How the arms of one dataset are paired beyond sharing its split: "independent" (own initial
  // weights and batch order), "shared-order" (own initial weights, one batch order: trained side
  // by side, models/train_lockstep.hpp) or "shared-init" (same weights and batch order).
  std::string pairing = "independent";
  int epochs = 10;
  std::size_t batch = 100;
  double learning_rate = 1e-3;
  bool quiet = false;
  // "K/N": run only the selected tasks i with i % N == K. Empty: SLURM_ARRAY_TASK_ID and
  // SLURM_ARRAY_TASK_COUNT choose the shard when both are set, else every task runs.
  std::string shard;
};

// One shard of a run: index K of count N (0 <= K < N); 0/1 is the whole run.
struct Shard {
  std::size_t index = 0, count = 1;
  std::string text() const;  // "K/N"
};

// Parses "K/N"; InputError saying what was expected otherwise.
Shard parse_shard(const std::string& text);

// --shard, else the SLURM job array (K = SLURM_ARRAY_TASK_ID - SLURM_ARRAY_TASK_MIN, N =
// SLURM_ARRAY_TASK_COUNT), else 0/1.
Shard resolve_shard(const CommonRunOptions& options);

// Records the selected tasks (in order) and the shard in `context`, and returns the positions
// in `tasks` this invocation runs: i % N == K. Throws InputError when the shard is empty.
std::vector<std::size_t> shard_tasks(const CommonRunOptions& options, harness::RunContext& context,
                                     const std::vector<std::string>& tasks);

// The default --pairing of Table I and Table II: the paper's independent initialisations, one
// batch order per dataset (the models train side by side; `--pairing independent` gives each
// its own order as the notebook's separate Keras fits did).
inline constexpr const char* kTablesPairing = "shared-order";

// CommonRunOptions as Table I and Table II start from: pairing kTablesPairing.
inline CommonRunOptions table_run_options() {
  CommonRunOptions o;
  o.pairing = kTablesPairing;
  return o;
}

void add_common_options(CLI::App* command, CommonRunOptions& options, int default_epochs,
                        std::size_t default_batch, double default_learning_rate);

// The settings that determine the results, for the context block and the resume fingerprint.
std::vector<std::pair<std::string, std::string>> common_settings(const CommonRunOptions& options);

// --out, or results/runs/<experiment>-<timestamp> under the repository.
std::string resolve_out_dir(const CommonRunOptions& options, const std::string& experiment);

std::string fingerprint(const std::string& experiment, std::uint64_t seed,
                        const std::vector<std::pair<std::string, std::string>>& settings);

// Parses --datasets / --pairs style selections: "all", a count N (the first N), or a
// comma-separated list of names (each must be one of `names`). Returns indices into `names`.
std::vector<std::size_t> select_names(const std::string& spec,
                                      const std::vector<std::string>& names,
                                      const std::string& option_name);

// The context block of a run: identity, seed, threads, command line and common settings; the
// experiment appends its own settings.
harness::RunContext make_context(const std::string& experiment, const CommonRunOptions& options,
                                 const std::string& command_line);

// Runner options: threads, progress, and checkpoints under <out_dir>/parts keyed by the
// context's fingerprint (resume).
harness::TaskRunnerOptions make_runner_options(const CommonRunOptions& options,
                                               const std::string& out_dir,
                                               const harness::RunContext& context);

models::LossMode loss_mode(const CommonRunOptions& options);
models::TrainConfig train_config(const CommonRunOptions& options);

}  // namespace rwwce::experiments
