#include "experiments/run_options.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <limits>

#include "core/input_error.hpp"
#include "harness/run/run_context.hpp"

namespace rwwce::experiments {

void add_common_options(CLI::App* cmd, CommonRunOptions& o, int default_epochs,
                        std::size_t default_batch, double default_learning_rate) {
  o.epochs = default_epochs;
  o.batch = default_batch;
  o.learning_rate = default_learning_rate;
  cmd->footer(
      "Options can also come from a TOML file: --config FILE (keys named as the long options, "
      "e.g. epochs = 5; the command line wins).");
  cmd->add_option("--seed", o.seed, "Root seed; every run's seed derives from it")
      ->capture_default_str();
  cmd->add_option("--threads", o.threads,
                  "Worker threads (0 = all cores); results do not depend on it")
      ->capture_default_str()
      ->check(CLI::NonNegativeNumber);
  cmd->add_option("--preset", o.preset,
                  "paper: the paper's protocol as its code ran it; sound: thresholds tuned on "
                  "validation, never on test")
      ->capture_default_str()
      ->check(CLI::IsMember({"paper", "sound"}));
  cmd->add_option("--out", o.out,
                  "Output directory (default results/runs/<experiment>-<UTC time>); "
                  "re-running with the same --out resumes");
  cmd->add_option("--data-dir", o.data_dir, "MNIST directory (default $RWWCE_DATA or <repo>/data)");
  cmd->add_option("--loss-mode", o.loss_mode,
                  "keras-clip: probabilities clipped to [1e-7, 1-1e-7] as Keras does (the paper); "
                  "logits: numerically stable log-sigmoid / log-sum-exp")
      ->capture_default_str()
      ->check(CLI::IsMember({"keras-clip", "logits"}));
  cmd->add_option("--pairing", o.pairing,
                  "How the arms of a dataset are paired beyond sharing its split. independent: "
                  "own initial weights and batch orders (Keras' fits in the paper's notebook); "
                  "shared-order: own initial weights (as in the paper), one batch order, the "
                  "models trained side by side; shared-init: the same initial weights and batch "
                  "order")
      ->capture_default_str()
      ->check(CLI::IsMember({"independent", "shared-order", "shared-init"}));
  cmd->add_option("--epochs", o.epochs, "Training epochs")
      ->capture_default_str()
      ->check(CLI::PositiveNumber);
  cmd->add_option("--batch", o.batch, "Mini-batch size")
      ->capture_default_str()
      ->check(CLI::PositiveNumber);
  cmd->add_option("--lr", o.learning_rate, "Learning rate")
      ->capture_default_str()
      ->check(CLI::PositiveNumber);
  cmd->add_flag("--quiet", o.quiet, "No progress lines on stderr");
  cmd->add_option("--shard", o.shard,
                  "K/N: run only the selected tasks i with i % N == K, into their own --out; "
                  "`rwwce merge` combines the N shard directories. Default: the SLURM job "
                  "array (SLURM_ARRAY_TASK_ID/SLURM_ARRAY_TASK_COUNT) when set, else all tasks");
}

std::string Shard::text() const {
  return fmt::format("{}/{}", index, count);
}

Shard parse_shard(const std::string& text) {
  const auto slash = text.find('/');
  const auto digits = [](const std::string& s) {
    return !s.empty() && s.size() < 10 && std::all_of(s.begin(), s.end(), ::isdigit);
  };
  if (slash == std::string::npos || !digits(text.substr(0, slash)) ||
      !digits(text.substr(slash + 1)))
    throw InputError(fmt::format("--shard {}: expected K/N with 0 <= K < N, e.g. 0/3", text));
  Shard s;
  s.index = std::stoul(text.substr(0, slash));
  s.count = std::stoul(text.substr(slash + 1));
  if (s.count == 0 || s.index >= s.count)
    throw InputError(fmt::format("--shard {}: expected K/N with 0 <= K < N, e.g. 0/3", text));
  return s;
}

Shard resolve_shard(const CommonRunOptions& o) {
  if (!o.shard.empty()) return parse_shard(o.shard);
  const char* id = std::getenv("SLURM_ARRAY_TASK_ID");
  const char* count = std::getenv("SLURM_ARRAY_TASK_COUNT");
  if (id == nullptr || count == nullptr) return {};
  const char* min = std::getenv("SLURM_ARRAY_TASK_MIN");
  const auto number = [](const char* name, const char* value) -> long {
    const std::string v = value;
    if (v.empty() || v.size() > 9 || !std::all_of(v.begin(), v.end(), ::isdigit))
      throw InputError(fmt::format("{}={}: expected a non-negative integer", name, v));
    return std::stol(v);
  };
  const long k =
      number("SLURM_ARRAY_TASK_ID", id) - (min ? number("SLURM_ARRAY_TASK_MIN", min) : 0);
  const long n = number("SLURM_ARRAY_TASK_COUNT", count);
  if (k < 0 || n <= 0 || k >= n)
    throw InputError(fmt::format(
        "SLURM_ARRAY_TASK_ID={} (minus SLURM_ARRAY_TASK_MIN={}) is not a shard of "
        "SLURM_ARRAY_TASK_COUNT={}; use a contiguous array such as --array=0-{} or pass --shard",
        id, min ? min : "0", count, n > 0 ? n - 1 : 0));
  return {static_cast<std::size_t>(k), static_cast<std::size_t>(n)};
}

std::vector<std::size_t> shard_tasks(const CommonRunOptions& o, harness::RunContext& context,
                                     const std::vector<std::string>& tasks) {
  const Shard shard = resolve_shard(o);
  context.tasks = tasks;
  if (shard.count > 1) context.shard = shard.text();
  std::vector<std::size_t> mine;
  for (std::size_t i = shard.index; i < tasks.size(); i += shard.count) mine.push_back(i);
  if (mine.empty())
    throw InputError(fmt::format("shard {} of {} selected tasks is empty; use at most {} shards",
                                 shard.text(), tasks.size(), tasks.size()));
  if (shard.count > 1 && !o.quiet)
    fmt::print(stderr, "{}: shard {}: {} of {} tasks\n", context.experiment, shard.text(),
               mine.size(), tasks.size());
  return mine;
}

std::vector<std::pair<std::string, std::string>> common_settings(const CommonRunOptions& o) {
  return {{"preset", o.preset},
          {"loss_mode", o.loss_mode},
          {"pairing", o.pairing},
          {"epochs", std::to_string(o.epochs)},
          {"batch", std::to_string(o.batch)},
          {"learning_rate", fmt::format("{}", o.learning_rate)}};
}

std::string resolve_out_dir(const CommonRunOptions& o, const std::string& experiment) {
  if (!o.out.empty()) return o.out;
  const Shard shard = resolve_shard(o);
  return std::string(RWWCE_SOURCE_DIR) + "/results/runs/" + experiment + "-" +
         harness::utc_timestamp_compact() +
         (shard.count > 1 ? fmt::format("-shard-{}-of-{}", shard.index, shard.count) : "");
}

std::string fingerprint(const std::string& experiment, std::uint64_t seed,
                        const std::vector<std::pair<std::string, std::string>>& settings) {
  std::string out = "experiment=" + experiment + "\nseed=" + std::to_string(seed) + "\n";
  for (const auto& [k, v] : settings) out += k + "=" + v + "\n";
  return out;
}

std::vector<std::size_t> select_names(const std::string& spec,
                                      const std::vector<std::string>& names,
                                      const std::string& option_name) {
  std::vector<std::size_t> out;
  if (spec == "all") {
    for (std::size_t i = 0; i < names.size(); ++i) out.push_back(i);
    return out;
  }
  if (!spec.empty() && std::all_of(spec.begin(), spec.end(), ::isdigit)) {
    // strtoull, not stoul: a count beyond unsigned long long is out of range like any other
    // too-large count, not std::out_of_range escaping as an internal error.
    errno = 0;
    unsigned long long n = std::strtoull(spec.c_str(), nullptr, 10);
    if (errno == ERANGE) n = std::numeric_limits<unsigned long long>::max();
    if (n == 0 || n > names.size())
      throw InputError(fmt::format("{} {}: expected a count from 1 to {}, 'all' or a list of names",
                                   option_name, spec, names.size()));
    for (std::size_t i = 0; i < n; ++i) out.push_back(i);
    return out;
  }
  std::size_t start = 0;
  while (start <= spec.size()) {
    const std::size_t comma = std::min(spec.find(',', start), spec.size());
    const std::string name = spec.substr(start, comma - start);
    const auto it = std::find(names.begin(), names.end(), name);
    if (it == names.end())
      throw InputError(
          fmt::format("{}: unknown name '{}'; expected 'all', a count, or names such "
                      "as {} .. {}",
                      option_name, name, names.front(), names.back()));
    const auto index = static_cast<std::size_t>(it - names.begin());
    if (std::find(out.begin(), out.end(), index) != out.end())
      throw InputError(fmt::format("{}: '{}' is listed twice", option_name, name));
    out.push_back(index);
    start = comma + 1;
  }
  std::sort(out.begin(), out.end());
  return out;
}

harness::RunContext make_context(const std::string& experiment, const CommonRunOptions& o,
                                 const std::string& command_line) {
  harness::RunContext c;
  c.experiment = experiment;
  c.preset = o.preset;
  c.root_seed = o.seed;
  c.threads = harness::resolve_threads(o.threads);
  c.command_line = command_line;
  c.started_utc = harness::utc_timestamp();
  c.settings = common_settings(o);
  return c;
}

harness::TaskRunnerOptions make_runner_options(const CommonRunOptions& o,
                                               const std::string& out_dir,
                                               const harness::RunContext& context) {
  harness::TaskRunnerOptions r;
  r.threads = o.threads;
  r.checkpoint_dir = std::filesystem::path(out_dir) / "parts";
  r.fingerprint = fingerprint(context.experiment, o.seed, context.settings);
  r.what = context.experiment;
  r.progress = !o.quiet;
  return r;
}

models::LossMode loss_mode(const CommonRunOptions& o) {
  return o.loss_mode == "logits" ? models::LossMode::logits : models::LossMode::keras_clip;
}

models::TrainConfig train_config(const CommonRunOptions& o) {
  models::TrainConfig cfg;
  cfg.epochs = o.epochs;
  cfg.batch_size = o.batch;
  return cfg;
}

}  // namespace rwwce::experiments
