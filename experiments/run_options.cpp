#include "experiments/run_options.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "datasets/input_error.hpp"
#include "harness/run_context.hpp"

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
                  "independent: arms of a dataset get independent initial weights and batch "
                  "orders (the paper); shared-init: the same initial weights and batch order")
      ->capture_default_str()
      ->check(CLI::IsMember({"independent", "shared-init"}));
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
  return std::string(RWWCE_SOURCE_DIR) + "/results/runs/" + experiment + "-" +
         harness::utc_timestamp_compact();
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
    const auto n = std::stoul(spec);
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
