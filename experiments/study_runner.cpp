#include "experiments/study_runner.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <filesystem>

#include "core/input_error.hpp"
#include "experiments/shard.hpp"
#include "experiments/study_data.hpp"
#include "experiments/study_file.hpp"
#include "experiments/study_report.hpp"
#include "experiments/study_summary.hpp"
#include "experiments/study_task.hpp"
#include "harness/run/run_context.hpp"
#include "harness/run/seed_derivation.hpp"
#include "harness/run/task_runner.hpp"

namespace rwwce::experiments {
namespace {

// The (task, seed) pairs of the run in canonical order: seed-major, tasks in study order.
struct PlannedTask {
  std::size_t task;
  std::uint64_t seed;
  std::string label;
};

std::vector<PlannedTask> plan(const Study& s, const std::vector<TaskSpec>& tasks) {
  const std::vector<std::size_t> selected = select_tasks(s.select, tasks, "select (--datasets)");
  std::vector<PlannedTask> out;
  for (std::uint64_t seed : s.seeds)
    for (std::size_t t : selected) out.push_back({t, seed, task_label(tasks[t], seed)});
  return out;
}

std::vector<std::pair<std::string, std::string>> settings(const Study& s) {
  return {{"study", s.name},
          {"preset", s.preset},
          {"loss_mode", s.loss_mode == models::LossMode::logits ? "logits" : "keras-clip"},
          {"pairing", pairing_name(s.pairing)}};
}

}  // namespace

harness::SummarySpec study_summary_spec(const Study& s) {
  harness::SummarySpec spec;
  spec.pair_keys = {"dataset", "root_seed"};
  for (const auto& a : s.arms) spec.arms.push_back(a.name);
  spec.metrics = s.compare.metrics;
  spec.comparisons = s.compare.comparisons;
  spec.unit_key = s.compare.unit;
  spec.rope = s.compare.rope;
  spec.bootstrap_resamples = s.compare.bootstrap;
  spec.bootstrap_seed = harness::derive_seed(1, s.seed_stream, "statistics", "");
  return spec;
}

std::vector<std::string> study_task_labels(const Study& s) {
  const datasets::LabelledData data = load_study_data(s);
  std::vector<std::string> labels;
  for (const auto& p : plan(s, study_tasks(s, data))) labels.push_back(p.label);
  return labels;
}

harness::ExperimentResult run_study(const Study& s, const StudyRunOptions& o) {
  const datasets::LabelledData data = load_study_data(s, o.trust_data);
  const std::vector<TaskSpec> tasks = study_tasks(s, data);
  const std::vector<PlannedTask> planned = plan(s, tasks);

  harness::ExperimentResult result;
  harness::RunContext& c = result.context;
  c.experiment = s.name;
  c.preset = s.preset;
  c.root_seed = s.seeds.front();
  c.seeds = s.seeds;
  c.threads = harness::resolve_threads(o.threads);
  c.command_line = o.command_line;
  c.started_utc = harness::utc_timestamp();
  c.settings = settings(s);
  c.settings.emplace_back("input_dim", std::to_string(data.dim()));
  c.study = s.resolved_toml;
  c.data_files = data.files;
  c.data_checked = !o.trust_data && (s.data.source == DataSpec::Source::mnist ||
                                     s.data.source == DataSpec::Source::wdbc);
  for (const auto& p : planned) c.tasks.push_back(p.label);

  const Shard shard = resolve_shard(o.shard);
  if (shard.count > 1) c.shard = shard.text();
  const std::vector<std::size_t> mine = shard.positions(planned.size());
  if (mine.empty())
    throw InputError(fmt::format("shard {} of {} selected tasks is empty; use at most {} shards",
                                 shard.text(), planned.size(), planned.size()));
  if (shard.count > 1 && !o.quiet)
    fmt::print(stderr, "{}: shard {}: {} of {} tasks\n", s.name, shard.text(), mine.size(),
               planned.size());

  harness::TaskRunnerOptions runner;
  runner.threads = o.threads;
  runner.checkpoint_dir = std::filesystem::path(o.out_dir) / "parts";
  // What the results depend on: the study's protocol, and what the data files hold (not
  // where they are).
  runner.fingerprint = study_fingerprint(s) + fmt::format("save_scores = {}\n", o.save_scores);
  for (const auto& [path, sha] : data.files)
    runner.fingerprint +=
        "data " + std::filesystem::path(path).filename().string() + " = " + sha + "\n";
  runner.what = s.name;
  runner.progress = !o.quiet;
  std::vector<std::string> labels;
  for (std::size_t i : mine) labels.push_back(planned[i].label);
  runner.plan = harness::RunPlan{shard.text(), c.tasks, labels};
  // The report shows the first task of the first seed in detail; plots are drawn for each
  // task's first seed.
  const std::size_t report_task = planned.front().task;
  const std::uint64_t first_seed = s.seeds.front();
  const auto outputs = harness::run_tasks(
      labels,
      [&](const harness::TaskStart& start) {
        const PlannedTask& p = planned[mine[start.index]];
        TaskRunOptions t;
        t.spare_threads = start.spare_threads;
        t.out_dir = o.out_dir;
        t.save_scores = o.save_scores;
        t.report_scores = s.report.plots && p.task == report_task && p.seed == first_seed;
        t.plots = s.report.plots && p.seed == first_seed;
        return run_study_task(s, data, tasks[p.task], p.seed, t);
      },
      runner);
  result.tables = harness::concatenate(outputs);
  summarize_study(s, {planned.size() / s.seeds.size(), s.seeds.size(), data.dim()}, result);
  c.finished_utc = harness::utc_timestamp();
  return result;
}

}  // namespace rwwce::experiments
