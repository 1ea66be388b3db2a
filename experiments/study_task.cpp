#include "experiments/study_task.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <optional>
#include <set>

#include "core/input_error.hpp"
#include "datasets/dataset.hpp"
#include "datasets/one_vs_rest.hpp"
#include "datasets/paper_split.hpp"
#include "datasets/sampling.hpp"
#include "datasets/wdbc.hpp"
#include "experiments/arm_decision.hpp"
#include "experiments/binary_plots.hpp"
#include "experiments/model_training.hpp"
#include "harness/metrics/binary_metrics.hpp"
#include "harness/metrics/binary_run_metrics.hpp"
#include "harness/metrics/min_cost_decision.hpp"
#include "harness/metrics/multiclass_metrics.hpp"
#include "harness/metrics/payoff_matrix.hpp"
#include "harness/run/seed_derivation.hpp"
#include "models/loss_registry.hpp"

namespace rwwce::experiments {
namespace {

std::string fill(std::string pattern, int cls, std::size_t block) {
  const auto replace = [&](const std::string& key, const std::string& value) {
    for (std::size_t at; (at = pattern.find(key)) != std::string::npos;)
      pattern.replace(at, key.size(), value);
  };
  replace("{class}", std::to_string(cls));
  replace("{block}", std::to_string(block));
  return pattern;
}

// The task's K x K costs (row-major, rows the true class), from [costs] or its pair.
struct TaskCosts {
  std::size_t k = 0;
  std::vector<double> w_fn, w_fp, decision;
};

TaskCosts task_costs(const CostSpec& c, const TaskSpec& t, std::size_t k) {
  TaskCosts out;
  out.k = k;
  if (c.kind == CostSpec::Kind::pairs) {
    out.w_fn.assign(k * k, 0.0);
    out.w_fp.assign(k * k, 0.0);
    out.decision.assign(k * k, 1.0);
    for (std::size_t i = 0; i < k; ++i) {
      out.w_fn[i * k + i] = 1.0;
      out.decision[i * k + i] = 0.0;
    }
    const auto at =
        static_cast<std::size_t>(t.pair_true) * k + static_cast<std::size_t>(t.pair_pred);
    out.w_fp[at] = c.pair_cost;
    out.decision[at] = 1.0 + c.pair_cost;
  } else if (c.kind == CostSpec::Kind::matrix) {
    out.w_fn = c.w_fn_matrix;
    out.w_fp = c.w_fp_matrix;
    out.decision = c.decision_cost;
  }
  return out;
}

// Which mistakes are high-cost: off-diagonal cells costing more than `high_cost_above` or, by
// default, more than the cheapest mistake.
std::vector<char> high_cost_cells(const CostSpec& c, const TaskCosts& tc) {
  std::vector<char> high(tc.k * tc.k, 0);
  if (tc.decision.empty()) return high;
  double floor = std::numeric_limits<double>::infinity();
  for (std::size_t i = 0; i < tc.k; ++i)
    for (std::size_t j = 0; j < tc.k; ++j)
      if (i != j) floor = std::min(floor, tc.decision[i * tc.k + j]);
  if (c.high_cost_above) floor = *c.high_cost_above;
  for (std::size_t i = 0; i < tc.k; ++i)
    for (std::size_t j = 0; j < tc.k; ++j)
      high[i * tc.k + j] = i != j && tc.decision[i * tc.k + j] > floor;
  return high;
}

harness::BinaryCostMetric cost_metric(const CostSpec& c) {
  harness::BinaryCostMetric m;
  if (c.kind == CostSpec::Kind::error_costs) {
    m.kind = harness::BinaryCostMetric::Kind::rwc;
    m.costs = {c.w_fn, c.w_fp};
  } else if (c.kind == CostSpec::Kind::payoff) {
    m.kind = harness::BinaryCostMetric::Kind::expected_value;
    m.payoff = c.payoff;
    m.scale = c.dollars_per_unit;
  }
  return m;
}

// The threshold a binary arm decides at, from its model's validation or test scores.
double arm_threshold(const Study& s, const ArmSpec& arm, const TrainedModel& m,
                     const datasets::Examples& val, const datasets::Examples& test) {
  const bool on_test = arm.decision.on_test;
  return binary_threshold(arm.decision, s.costs, on_test ? m.test.data() : m.val.data(),
                          on_test ? test.labels.data() : val.labels.data(),
                          on_test ? test.size() : val.size());
}

// The arms' pictures for one task: a score histogram per arm at its threshold, every model's ROC
// curve, and the cost metric against the threshold with p* marked on the models trained with a
// plain (calibrated) loss.
void draw_plots(const Study& s, const std::filesystem::path& dir, const datasets::Examples& test,
                const std::vector<ModelJob>& jobs, const std::vector<TrainedModel>& trained,
                const std::vector<std::size_t>& arm_model, const std::vector<double>& thresholds) {
  const auto set = [&](const std::string& name, std::size_t m, double threshold) {
    return harness::ScoreSet{
        name, std::vector<float>(trained[m].test.data(), trained[m].test.data() + test.size()),
        test.labels, threshold};
  };
  BinaryPlotRequest req;
  std::vector<harness::PlotResult> results;
  std::vector<char> model_drawn(jobs.size(), 0);
  for (std::size_t a = 0; a < s.arms.size(); ++a) {
    const std::size_t m = arm_model[a];
    if (!model_drawn[m]) {  // the model's first arm: named after the model
      model_drawn[m] = 1;
      req.models.push_back(set(jobs[m].spec->name, m, thresholds[a]));
    } else {
      results.push_back(harness::plot_score_histograms(dir, set(s.arms[a].name, m, thresholds[a])));
    }
  }
  const CostSpec& c = s.costs;
  if (c.binary()) {
    req.payoff = c.kind == CostSpec::Kind::payoff
                     ? c.payoff
                     : harness::payoff_from_error_costs(c.w_fn, c.w_fp);
    req.scale = c.kind == CostSpec::Kind::payoff ? c.dollars_per_unit : 1.0;
    req.p_star = harness::elkan_threshold(req.payoff);
    for (const ModelJob& j : jobs)
      if (j.spec->loss.kind == "bce") {
        req.p_star_model = j.spec->name;  // p* assumes calibrated probabilities
        break;
      }
    req.ev_label = c.kind == CostSpec::Kind::payoff ? "expected value per example ($)"
                                                    : "expected value per example ($) = -RWC";
  } else {
    req.payoff = harness::payoff_from_error_costs(1, 1);
    req.ev_label = "minus errors per example";
  }
  auto drawn = write_binary_plots(dir, req);
  results.insert(results.begin(), drawn.begin(), drawn.end());
  static std::atomic<bool> reported{false};
  const std::string problem = plot_problems(dir, results);
  if (!problem.empty() && !reported.exchange(true)) fmt::print(stderr, "{}: {}\n", s.name, problem);
}

}  // namespace

std::vector<TaskSpec> study_tasks(const Study& s, const datasets::LabelledData& data) {
  std::vector<TaskSpec> tasks;
  const DataSpec& d = s.data;
  if (d.tasks == DataSpec::Tasks::one_vs_rest) {
    std::vector<int> classes = d.positive;
    if (classes.empty()) {
      const auto counts = datasets::label_counts(data);
      for (std::size_t c = 0; c < counts.size(); ++c)
        if (counts[c] > 0) classes.push_back(static_cast<int>(c));
    }
    for (int c : classes) {
      const std::size_t available = datasets::one_vs_rest_blocks(data, c, d.block);
      const std::size_t blocks = d.block == 0 ? 1 : (d.blocks == 0 ? available : d.blocks);
      if (blocks > available)
        throw InputError(fmt::format(
            "study {}: class {} has {} whole blocks of {} examples, but data.tasks.blocks asks "
            "for {}",
            s.name, c, available, d.block, blocks));
      for (std::size_t b = 0; b < blocks; ++b) {
        TaskSpec t;
        t.name = fill(d.task_name, c, b);
        t.positive = c;
        t.block = b;
        t.columns = {{d.class_column, std::int64_t{c}},
                     {d.block_column, static_cast<std::int64_t>(b)}};
        tasks.push_back(std::move(t));
      }
    }
  } else if (s.costs.kind == CostSpec::Kind::pairs) {
    for (const auto& [i, j] : s.costs.pairs) {
      TaskSpec t;
      t.name = fmt::format("{}-{}", i, j);
      t.pair_true = i;
      t.pair_pred = j;
      t.columns = {{"pair_true", std::int64_t{i}}, {"pair_pred", std::int64_t{j}}};
      tasks.push_back(std::move(t));
    }
  } else {
    TaskSpec t;
    t.name = d.name;
    tasks.push_back(std::move(t));
  }
  std::set<std::string> names;
  for (const auto& t : tasks)
    if (!names.insert(t.name).second)
      throw InputError(
          fmt::format("study {}: two tasks are named {}; give data.tasks.name a "
                      "pattern with {{class}} and {{block}}",
                      s.name, t.name));
  return tasks;
}

std::vector<std::size_t> select_tasks(const std::string& spec, const std::vector<TaskSpec>& tasks,
                                      const std::string& option) {
  std::vector<std::size_t> out;
  if (spec == "all") {
    for (std::size_t i = 0; i < tasks.size(); ++i) out.push_back(i);
    return out;
  }
  if (!spec.empty() && std::all_of(spec.begin(), spec.end(), ::isdigit)) {
    if (spec.size() > 9 || std::stoul(spec) == 0 || std::stoul(spec) > tasks.size())
      throw InputError(fmt::format("{} {}: expected a count from 1 to {}, 'all' or task names",
                                   option, spec, tasks.size()));
    for (std::size_t i = 0; i < std::stoul(spec); ++i) out.push_back(i);
    return out;
  }
  std::size_t start = 0;
  while (start <= spec.size()) {
    const std::size_t comma = std::min(spec.find(',', start), spec.size());
    const std::string name = spec.substr(start, comma - start);
    const auto it =
        std::find_if(tasks.begin(), tasks.end(), [&](const TaskSpec& t) { return t.name == name; });
    if (it == tasks.end())
      throw InputError(
          fmt::format("{}: unknown task '{}'; expected 'all', a count, or names "
                      "such as {} .. {}",
                      option, name, tasks.front().name, tasks.back().name));
    const auto index = static_cast<std::size_t>(it - tasks.begin());
    if (std::find(out.begin(), out.end(), index) != out.end())
      throw InputError(fmt::format("{}: '{}' is listed twice", option, name));
    out.push_back(index);
    start = comma + 1;
  }
  std::sort(out.begin(), out.end());
  return out;
}

std::string task_label(const TaskSpec& task, std::uint64_t root_seed) {
  return fmt::format("{}@s{}", task.name, root_seed);
}

TaskDataset task_dataset(const Study& s, const datasets::LabelledData& data, const TaskSpec& task,
                         std::uint64_t root_seed) {
  const DataSpec& d = s.data;
  TaskDataset out;
  datasets::Dataset& ds = out.ds;
  ds = d.tasks == DataSpec::Tasks::one_vs_rest
           ? datasets::one_vs_rest_dataset(data, task.positive, d.block, task.block, task.name)
           : datasets::all_examples(data, task.name);
  out.split_seed = s.split.seed ? *s.split.seed : static_cast<std::uint32_t>(root_seed);
  if (!s.split.seed && root_seed > 0xffffffffULL)
    throw InputError(
        fmt::format("study {}: split.seed = \"root\" needs root seeds below 2^32 "
                    "(NumPy's RandomState seeds), found {}",
                    s.name, root_seed));
  ds.split =
      s.split.kind == SplitSpec::Kind::paper
          ? datasets::paper_split(ds.size(), out.split_seed, s.split.test, s.split.validation)
          : datasets::stratified_split(ds.labels, out.split_seed, s.split.test, s.split.validation);
  // Standardisation: mean and SD of the training rows only (fit and validation of the split).
  if (d.standardize) {
    std::vector<std::uint32_t> rows;
    for (std::uint32_t p : datasets::train_positions(ds.split)) rows.push_back(ds.rows[p]);
    if (data.dense_source() != nullptr) {
      out.standardized = datasets::standardize(data.x, rows);
    } else {  // only the sparse copy is held (MNIST): standardise a dense copy of it
      xt::xtensor<float, 2> dense = xt::xtensor<float, 2>::from_shape({data.size(), data.dim()});
      datasets::to_dense(data.csr, dense.data());
      out.standardized = datasets::standardize(dense, rows);
    }
    ds.source = out.standardized.data();
    ds.sparse = nullptr;
  }
  return out;
}

harness::TaskOutput run_study_task(const Study& s, const datasets::LabelledData& data,
                                   const TaskSpec& task, std::uint64_t root_seed,
                                   const TaskRunOptions& opt) {
  TaskDataset task_data = task_dataset(s, data, task, root_seed);
  datasets::Dataset& ds = task_data.ds;
  const std::uint32_t split_seed = task_data.split_seed;
  const datasets::Examples test = ds.test();
  const std::size_t k_out = s.binary() ? 1 : static_cast<std::size_t>(data.num_classes);
  const std::size_t classes = s.binary() ? 2 : static_cast<std::size_t>(data.num_classes);
  const TaskCosts costs = task_costs(s.costs, task, classes);

  // One job per model: its examples (own validation hold-out, sampling) and its loss.
  std::vector<ModelJob> jobs;
  for (const ModelSpec& m : s.models) {
    ModelJob job;
    job.spec = &m;
    datasets::Split split =
        m.validation ? datasets::resplit_validation(ds.split, *m.validation) : ds.split;
    const std::uint32_t sampling_seed = static_cast<std::uint32_t>(
        harness::derive_seed(root_seed, s.seed_stream, task.name, m.name + "/sampling"));
    if (m.sampling.kind == SamplingSpec::Kind::oversample)
      split.fit = datasets::oversample_positives(split.fit, ds.labels, m.sampling.factor);
    else if (m.sampling.kind == SamplingSpec::Kind::undersample)
      split.fit =
          datasets::undersample_negatives(split.fit, ds.labels, m.sampling.keep, sampling_seed);
    if (m.batch > split.fit.size())
      throw InputError(fmt::format(
          "study {}: models.{}.batch = {} is larger than task {}'s fit split ({} examples); "
          "expected a batch of at most the fit size",
          s.name, m.name, m.batch, task.name, split.fit.size()));
    job.fit = ds.subset(split.fit);
    job.val = ds.subset(split.val);
    job.test = test;
    job.sizes.push_back(ds.dim);
    job.sizes.insert(job.sizes.end(), m.layers.begin(), m.layers.end());
    job.sizes.push_back(k_out);
    models::LossContext ctx;
    ctx.mode = s.loss_mode;
    ctx.classes = k_out;
    if (s.costs.kind == CostSpec::Kind::error_costs) {
      ctx.w_fn = s.costs.w_fn;
      ctx.w_fp = s.costs.w_fp;
    }
    if (!costs.w_fn.empty()) ctx.w_fn_matrix = &costs.w_fn;
    if (!costs.w_fp.empty()) ctx.w_fp_matrix = &costs.w_fp;
    try {
      job.loss = models::make_loss(m.loss, ctx);
    } catch (const InputError& e) {
      throw InputError(fmt::format("study {}: models.{}: {}", s.name, m.name, e.what()));
    }
    jobs.push_back(std::move(job));
  }
  const std::vector<TrainedModel> trained =
      train_models(s, root_seed, task.name, jobs, opt.spare_threads);

  harness::TaskOutput out;
  const auto identity = [&](harness::Record& r) {
    r.set("experiment", s.name).set("dataset", task.name);
    for (const auto& [k, v] : task.columns) r.set(k, v);
    r.set("root_seed", std::to_string(root_seed));
  };
  auto& timings = out.tables["timings"];
  for (std::size_t m = 0; m < jobs.size(); ++m) {
    harness::Record t;
    identity(t);
    t.set("model", jobs[m].spec->name)
        .set("train_seconds", trained[m].train_seconds)
        .set("eval_seconds", trained[m].eval_seconds);
    timings.push_back(std::move(t));
  }
  std::vector<std::size_t> arm_model;
  for (const ArmSpec& a : s.arms)
    for (std::size_t m = 0; m < jobs.size(); ++m)
      if (jobs[m].spec->name == a.model) arm_model.push_back(m);

  // degenerate: the decisions collapsed (binary: no positive predicted; multiclass: some class
  // never predicted). dead_units: the model's first hidden layer units never active on test.
  const auto tail = [&](harness::Record& r, std::size_t m, bool degenerate) {
    r.set("n_fit", static_cast<std::int64_t>(jobs[m].fit.size()))
        .set("n_val", static_cast<std::int64_t>(jobs[m].val.size()))
        .set("split_seed", std::int64_t{split_seed})
        .set("degenerate", std::int64_t{degenerate ? 1 : 0})
        .set("dead_units", static_cast<std::int64_t>(trained[m].dead_units));
  };
  auto& runs = out.tables["runs"];
  if (s.binary()) {
    std::vector<double> auc;
    for (const auto& t : trained)
      auc.push_back(harness::roc_auc(t.test.data(), test.labels.data(), test.size()));
    const harness::BinaryCostMetric metric = cost_metric(s.costs);
    std::vector<double> thresholds;
    for (std::size_t a = 0; a < s.arms.size(); ++a) {
      const ArmSpec& arm = s.arms[a];
      const std::size_t m = arm_model[a];
      const double threshold = arm_threshold(s, arm, trained[m], jobs[m].val, test);
      thresholds.push_back(threshold);
      harness::Record r;
      identity(r);
      r.set("arm", arm.name)
          .set("model", arm.model)
          .set("seed", std::to_string(trained[m].seed))
          .set("decision", arm.description);
      harness::add_binary_metrics(r, trained[m].test.data(), test.labels.data(), test.size(),
                                  threshold, metric, auc[m]);
      tail(r, m, *r.number("tp") + *r.number("fp") == 0);
      runs.push_back(std::move(r));
    }
    if (opt.plots)
      draw_plots(s, std::filesystem::path(opt.out_dir) / "plots" / task.name, test, jobs, trained,
                 arm_model, thresholds);
  } else {
    const std::size_t k = classes, n = test.size();
    const std::vector<char> high = high_cost_cells(s.costs, costs);
    for (std::size_t a = 0; a < s.arms.size(); ++a) {
      const ArmSpec& arm = s.arms[a];
      const std::size_t m = arm_model[a];
      const std::vector<std::uint8_t> decisions =
          arm.decision.kind == DecisionSpec::Kind::argmax
              ? harness::argmax_decisions(trained[m].test.data(), n, k)
              : harness::min_expected_cost_decisions(trained[m].test.data(), n, k, costs.decision);
      const auto confusion = harness::confusion_matrix(test.labels.data(), decisions.data(), n, k);
      std::int64_t errors = 0, high_cost = 0;
      double cost = 0;
      for (std::size_t i = 0; i < k; ++i) {
        for (std::size_t j = 0; j < k; ++j) {
          const std::int64_t count = confusion[i * k + j];
          if (i != j) errors += count;
          if (high[i * k + j]) high_cost += count;
          if (!costs.decision.empty())
            cost += costs.decision[i * k + j] * static_cast<double>(count);
          harness::Record c;
          identity(c);
          c.set("arm", arm.name)
              .set("true", static_cast<std::int64_t>(i))
              .set("predicted", static_cast<std::int64_t>(j))
              .set("count", count);
          out.tables["confusion"].push_back(std::move(c));
        }
      }
      harness::Record r;
      identity(r);
      r.set("arm", arm.name)
          .set("model", arm.model)
          .set("seed", std::to_string(trained[m].seed))
          .set("decision", arm.description);
      if (!costs.decision.empty()) r.set("high_cost", high_cost);
      r.set("errors", errors)
          .set("top1_error", static_cast<double>(errors) / static_cast<double>(n));
      if (!costs.decision.empty()) r.set("rwc", cost / static_cast<double>(n));
      r.set("n_test", static_cast<std::int64_t>(n));
      bool degenerate = false;
      for (std::size_t j = 0; j < k; ++j) {
        std::int64_t predicted = 0;
        for (std::size_t i = 0; i < k; ++i) predicted += confusion[i * k + j];
        degenerate = degenerate || predicted == 0;
      }
      tail(r, m, degenerate);
      runs.push_back(std::move(r));
    }
  }
  if (opt.save_scores || opt.report_scores) {
    auto& scores = out.tables["scores"];
    for (std::size_t m = 0; m < jobs.size(); ++m)
      for (std::size_t i = 0; i < test.size(); ++i) {
        harness::Record r;
        identity(r);
        r.set("model", jobs[m].spec->name)
            .set("row", std::int64_t{test.rows[i]})
            .set("label", std::int64_t{test.labels[i]});
        if (k_out == 1) {
          r.set("score", static_cast<double>(trained[m].test(i, 0)));
        } else {
          for (std::size_t j = 0; j < k_out; ++j)
            r.set(fmt::format("p{}", j), static_cast<double>(trained[m].test(i, j)));
        }
        scores.push_back(std::move(r));
      }
  }
  return out;
}

}  // namespace rwwce::experiments
