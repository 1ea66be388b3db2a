#include "experiments/table1.hpp"

#include <fmt/format.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <random>

#include "datasets/mnist.hpp"
#include "datasets/one_vs_rest.hpp"
#include "experiments/arm_training.hpp"
#include "experiments/binary_plots.hpp"
#include "harness/metrics/binary_metrics.hpp"
#include "harness/metrics/payoff_matrix.hpp"
#include "harness/metrics/threshold_search.hpp"
#include "harness/run/seed_derivation.hpp"
#include "harness/run/task_runner.hpp"
#include "models/any_loss.hpp"
#include "models/train.hpp"

namespace rwwce::experiments {
namespace {

constexpr const char* kExperiment = "table1";

// --plots: score histograms (control and rwwce at 0.5, control at p*), ROC curves and expected
// value (= -RWC) against threshold, written while the task runs (a resumed task is not redrawn).
void write_dataset_plots(const Table1Options& o, const std::filesystem::path& dir,
                         const datasets::Examples& test, const float* control, const float* rwwce) {
  const std::vector<std::uint8_t>& labels = test.labels;
  const auto set = [&](const char* model, const float* scores, double threshold) {
    return harness::ScoreSet{model, std::vector<float>(scores, scores + test.size()), labels,
                             threshold};
  };
  BinaryPlotRequest req;
  req.models = {set("control", control, 0.5), set("rwwce", rwwce, 0.5)};
  req.payoff = harness::payoff_from_error_costs(o.costs.w_fn, o.costs.w_fp);
  req.p_star = harness::elkan_threshold(req.payoff);
  req.p_star_model = "control";
  req.ev_label = "expected value per example ($) = -RWC";
  auto results = write_binary_plots(dir, req);
  results.push_back(
      harness::plot_score_histograms(dir, set("control1_elkan", control, *req.p_star)));
  static std::atomic<bool> reported{false};
  const std::string problem = plot_problems(dir, results);
  if (!problem.empty() && !reported.exchange(true)) fmt::print(stderr, "table1: {}\n", problem);
}

harness::TaskOutput run_dataset(const Table1Options& o, const datasets::Mnist& mnist, int digit,
                                int batch, const std::string& out_dir) {
  const datasets::Dataset ds = datasets::one_vs_rest_dataset(mnist, digit, batch);
  const datasets::Examples val = ds.val(), test = ds.test();
  const auto mode = loss_mode(o.common);
  harness::TaskOutput out;
  auto& timings = out.tables["timings"];
  timings.resize(2);
  const auto [control, rwwce] = train_and_score_pair(
      o.common, kExperiment, ds, ds.name, "control",
      {{ds.dim, 10, 1}, models::BinaryCrossEntropy{mode}, adam(o.common)}, "rwwce",
      {{ds.dim, 10, 1}, models::BinaryRwwce{o.costs.w_fn, o.costs.w_fp, mode}, adam(o.common)},
      timings[0], timings[1]);

  const std::size_t n_test = test.size(), n_val = val.size();
  const std::vector<double> f1_grid = harness::linspace(0.01, 0.99, 100);
  const std::vector<double> cost_grid = harness::linspace(0.001, 0.999, 999);
  const bool tune_on_test = o.common.preset == "paper";
  const float* control_test = control.test.data();
  const float* control_val = control.val.data();
  const double control_auc = harness::roc_auc(control_test, test.labels.data(), n_test);
  const double rwwce_auc = harness::roc_auc(rwwce.test.data(), test.labels.data(), n_test);
  if (o.plots)
    write_dataset_plots(o, std::filesystem::path(out_dir) / "plots" / ds.name, test, control_test,
                        rwwce.test.data());

  struct Arm {
    std::string name, model, rule;
    double threshold;
  };
  const double f1_threshold =
      tune_on_test
          ? harness::best_f1_threshold(control_test, test.labels.data(), n_test, f1_grid).threshold
          : harness::best_f1_threshold(control_val, val.labels.data(), n_val, f1_grid).threshold;
  const double elkan = o.costs.w_fp / (o.costs.w_fp + o.costs.w_fn);
  const double valcost = harness::min_cost_threshold(control_val, val.labels.data(), n_val,
                                                     o.costs.w_fn, o.costs.w_fp, cost_grid)
                             .threshold;
  const std::vector<Arm> arms = {
      {"control1", "control", "fixed 0.5", 0.5},
      {"control2", "control", tune_on_test ? "max F1 on test (paper)" : "max F1 on validation",
       f1_threshold},
      {"control1_elkan", "control", "Elkan p* = w_fp/(w_fp+w_fn)", elkan},
      {"control1_valcost", "control", "min RWC on validation", valcost},
      {"rwwce", "rwwce", "fixed 0.5", 0.5},
  };
  for (const Arm& arm : arms) {
    const bool is_control = arm.model == "control";
    harness::Record r;
    r.set("experiment", std::string(kExperiment))
        .set("dataset", ds.name)
        .set("digit", static_cast<std::int64_t>(digit))
        .set("batch", static_cast<std::int64_t>(batch))
        .set("arm", arm.name)
        .set("model", arm.model)
        .set("seed", std::to_string(is_control ? control.seed : rwwce.seed))
        .set("decision", arm.rule);
    harness::add_binary_metrics(r, is_control ? control_test : rwwce.test.data(),
                                test.labels.data(), n_test, arm.threshold, o.costs,
                                is_control ? control_auc : rwwce_auc);
    out.tables["runs"].push_back(std::move(r));
  }
  return out;
}

}  // namespace

void add_table1_options(CLI::App* cmd, Table1Options& o) {
  add_common_options(cmd, o.common, 10, 100, 1e-3);
  cmd->add_option("--datasets", o.datasets,
                  "Which of the 100 datasets: all, a count N (the first N), or names such as "
                  "d0b0,d3b7 (digit, batch)")
      ->capture_default_str();
  cmd->add_option("--w-fn", o.costs.w_fn, "Cost of a false negative: RWWCE weight and RWC cost")
      ->capture_default_str()
      ->check(CLI::PositiveNumber);
  cmd->add_option("--w-fp", o.costs.w_fp, "Cost of a false positive: RWWCE weight and RWC cost")
      ->capture_default_str()
      ->check(CLI::PositiveNumber);
  cmd->add_flag("--plots", o.plots,
                "Also draw, per dataset, the AWS blog's score histograms, ROC curves and expected "
                "value vs threshold into <out>/plots/<dataset> (gnuplot; with all 100 datasets "
                "this takes minutes: pick some with --datasets)");
}

harness::SummarySpec table1_summary_spec() {
  harness::SummarySpec spec;
  spec.arms = {"control1", "control2", "control1_elkan", "control1_valcost", "rwwce"};
  spec.metrics = {"fn",        "fp",     "paper_error", "top1_error", "rwc",
                  "precision", "recall", "f1",          "auc"};
  spec.comparisons = {{"control1", "rwwce"},
                      {"control2", "rwwce"},
                      {"control1_elkan", "rwwce"},
                      {"control1_valcost", "rwwce"}};
  return spec;
}

harness::PaperTable table1_paper_table(const std::string& preset) {
  using harness::CellFormat;
  harness::PaperTable t;
  t.name = "table1";
  t.title =
      "Table I: binary RWWCE on 100 imbalanced one-vs-rest MNIST datasets (" + preset + " preset)";
  t.columns = {{"fn", "FN", CellFormat::count1},
               {"fp", "FP", CellFormat::count1},
               {"paper_error", "Top-1 error (paper's def.)", CellFormat::percent2},
               {"top1_error", "Error (FN+FP)/n", CellFormat::percent2},
               {"rwc", "RWC", CellFormat::dollars2}};
  t.rows = {
      {"control1", "Control 1: BCE, threshold 0.5", {45.4, 12.7, 0.0037, std::nullopt, 5.78}},
      {"control2",
       preset == "paper" ? "Control 2: BCE, max-F1 threshold on test"
                         : "Control 2: BCE, max-F1 threshold on validation",
       {31.7, 20.3, 0.0033, std::nullopt, 4.11}},
      {"control1_elkan", "BCE, Elkan threshold p*", {}},
      {"control1_valcost", "BCE, min-RWC threshold on validation", {}},
      {"rwwce", "Test: binary RWWCE, threshold 0.5", {16.1, 127.2, 0.0091, std::nullopt, 2.81}},
  };
  for (auto& row : t.rows) row.published.resize(t.columns.size());
  t.comparisons = {
      {"control1",
       "rwwce",
       "Control 1 vs RWWCE",
       {1.2e-21, 3.1e-28, 3.0e-24, std::nullopt, 2.3e-18}},
      {"control2",
       "rwwce",
       "Control 2 vs RWWCE",
       {2.7e-35, 2.5e-28, 1.8e-25, std::nullopt, 3.1e-27}},
      {"control1_elkan", "rwwce", "BCE + Elkan p* vs RWWCE", {}},
      {"control1_valcost", "rwwce", "BCE + min-RWC validation threshold vs RWWCE", {}},
  };
  for (auto& c : t.comparisons) c.published_p.resize(t.columns.size());
  t.notes = {
      "Paper: Ho & Wookey, The Real-World-Weight Cross-Entropy Loss Function (Table I); the "
      "notebook's RWWCE RWC is $2.8166.",
      "Top-1 error (paper's def.) is (FN+FP)/N_negatives as the paper's code computes it; "
      "Error (FN+FP)/n is the true error rate.",
      "RWC = (2000 FN + 100 FP) / n_test at the default costs; p-values from scipy-style "
      "ttest_rel over the paired datasets (summary.csv adds Wilcoxon and Holm).",
  };
  return t;
}

harness::ExperimentResult run_table1(const Table1Options& o, const std::string& out_dir,
                                     const std::string& command_line) {
  const auto names = datasets::table1_dataset_names();
  const std::vector<std::size_t> selected = select_names(o.datasets, names, "--datasets");
  harness::ExperimentResult result;
  result.context = make_context(kExperiment, o.common, command_line);
  result.context.settings.emplace_back("w_fn", fmt::format("{}", o.costs.w_fn));
  result.context.settings.emplace_back("w_fp", fmt::format("{}", o.costs.w_fp));
  result.context.settings.emplace_back("optimizer", "adam");
  result.context.settings.emplace_back("architecture", "784-10(relu)-1(sigmoid)");

  const datasets::Mnist mnist = datasets::load_mnist(
      o.common.data_dir.empty() ? datasets::default_data_dir() : o.common.data_dir);
  std::vector<std::string> selected_labels, labels;
  for (std::size_t i : selected) selected_labels.push_back(names[i]);
  const std::vector<std::size_t> mine = shard_tasks(o.common, result.context, selected_labels);
  for (std::size_t p : mine) labels.push_back(selected_labels[p]);
  const harness::TaskRunnerOptions runner = make_runner_options(o.common, out_dir, result.context);
  const auto outputs = harness::run_tasks(
      labels,
      [&](std::size_t i) {
        const auto index = static_cast<int>(selected[mine[i]]);
        return run_dataset(o, mnist, index / 10, index % 10, out_dir);
      },
      runner);
  result.tables = harness::concatenate(outputs);
  result.spec = table1_summary_spec();
  result.summary = harness::summarize(result.tables["runs"], result.spec);
  result.table = table1_paper_table(o.common.preset);
  result.context.finished_utc = harness::utc_timestamp();
  return result;
}

}  // namespace rwwce::experiments
