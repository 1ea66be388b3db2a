#include "experiments/wdbc.hpp"

#include <fmt/format.h>

#include <chrono>
#include <random>

#include "core/input_error.hpp"
#include "datasets/wdbc.hpp"
#include "experiments/arm_training.hpp"
#include "experiments/binary_plots.hpp"
#include "experiments/wdbc_report.hpp"
#include "harness/metrics/binary_metrics.hpp"
#include "harness/metrics/expected_value.hpp"
#include "harness/metrics/threshold_search.hpp"
#include "harness/metrics/threshold_sweep.hpp"
#include "harness/report/markdown_html.hpp"
#include "harness/run/atomic_file.hpp"
#include "harness/run/seed_derivation.hpp"
#include "harness/run/task_runner.hpp"
#include "models/any_loss.hpp"
#include "models/train.hpp"

namespace rwwce::experiments {
namespace {

using Clock = std::chrono::steady_clock;
constexpr const char* kExperiment = "wdbc";

double seconds_since(Clock::time_point t0) {
  return std::chrono::duration<double>(Clock::now() - t0).count();
}

harness::TaskOutput run_repeat(const WdbcOptions& o, const datasets::Wdbc& wdbc,
                               const harness::Payoff& payoff, double p_star, int repeat) {
  const auto split_seed = static_cast<std::uint32_t>(o.resplit ? repeat + 1 : 1);
  const datasets::Split split =
      datasets::paper_split(wdbc.y.size(), split_seed, 0.25, o.validation_split);
  // The scaler sees the training rows only (fit + validation: what the blog standardised on).
  const xt::xtensor<float, 2> z = datasets::standardize(wdbc.x, datasets::train_positions(split));
  datasets::Dataset ds = datasets::wdbc_dataset(z, wdbc, split_seed, o.validation_split);
  ds.name = fmt::format("r{}", repeat);
  const datasets::Examples val = ds.val(), test = ds.test();
  const std::size_t n_test = test.size(), n_val = val.size();

  const auto mode = loss_mode(o.common);
  const std::vector<models::AnyLoss> losses = {models::BinaryCrossEntropy{mode},
                                               models::WeightedAbsoluteError{5.0, 1.0, mode},
                                               models::WeightedAbsoluteError{200.0, 1.0, mode}};
  harness::TaskOutput out;
  auto& timings = out.tables["timings"];
  timings.resize(losses.size());
  std::vector<TrainedScores> trained;
  for (std::size_t m = 0; m < losses.size(); ++m)
    trained.push_back(train_and_score(o.common, kExperiment, ds, ds.name, kWdbcModels[m],
                                      {{ds.dim, 1}, losses[m], sgd(o.common)}, timings[m]));

  const double valcost =
      max_expected_value_threshold(trained[0].val.data(), val.labels.data(), n_val, payoff,
                                   harness::linspace(0.001, 0.999, 999));
  struct Arm {
    std::string name;
    std::size_t model;
    std::string rule;
    double threshold;
  };
  const std::vector<Arm> arms = {
      {"builtin", 0, "fixed 0.5", 0.5},
      {"builtin_elkan", 0, "Elkan p* from the payoff", p_star},
      {"builtin_valcost", 0, "max expected value on validation", valcost},
      {"custom_5to1", 1, "fixed 0.5", 0.5},
      {"medical_200to1", 2, "fixed 0.5", 0.5},
  };
  std::vector<double> auc;
  for (const auto& t : trained)
    auc.push_back(harness::roc_auc(t.test.data(), test.labels.data(), n_test));
  for (const Arm& arm : arms) {
    const TrainedScores& t = trained[arm.model];
    const harness::Confusion c =
        harness::confusion_at(t.test.data(), test.labels.data(), n_test, arm.threshold);
    harness::Record r;
    r.set("experiment", std::string(kExperiment))
        .set("dataset", ds.name)
        .set("repeat", std::int64_t{repeat})
        .set("arm", arm.name)
        .set("seed", std::to_string(t.seed))
        .set("threshold", arm.threshold)
        .set("tp", c.tp)
        .set("fp", c.fp)
        .set("fn", c.fn)
        .set("tn", c.tn)
        .set("n_test", static_cast<std::int64_t>(n_test))
        .set("accuracy", static_cast<double>(c.tp + c.tn) / static_cast<double>(n_test))
        .set("auc", auc[arm.model])
        .set("expected_value",
             harness::expected_value(c.tp, c.fp, c.fn, c.tn, payoff, o.dollars_per_unit))
        .set("model", std::string(kWdbcModels[arm.model]))
        .set("decision", arm.rule)
        .set("split_seed", std::int64_t{split_seed})
        .set("n_fit", static_cast<std::int64_t>(ds.split.fit.size()))
        .set("n_val", static_cast<std::int64_t>(n_val))
        .set_optional("precision", harness::precision(c))
        .set_optional("recall", harness::recall(c))
        .set_optional("f1", harness::f1(c));
    out.tables["runs"].push_back(std::move(r));
  }
  if (repeat == 0) {  // the blog's single run: kept whole for thresholds.csv and the plots
    auto& scores = out.tables["scores"];
    for (std::size_t m = 0; m < trained.size(); ++m)
      for (std::size_t i = 0; i < n_test; ++i) {
        harness::Record s;
        s.set("model", std::string(kWdbcModels[m]))
            .set("row", std::int64_t{test.rows[i]})
            .set("label", std::int64_t{test.labels[i]})
            .set("score", static_cast<double>(trained[m].test(i, 0)));
        scores.push_back(std::move(s));
      }
  }
  return out;
}

// Repeat 0's test scores per model, in kWdbcModels order, from the `scores` table.
std::vector<harness::ScoreSet> repeat0_scores(const std::vector<harness::Record>& scores) {
  std::vector<harness::ScoreSet> sets;
  for (const char* model : kWdbcModels) {
    harness::ScoreSet s;
    s.model = model;
    for (const auto& r : scores) {
      if (r.text("model") != model) continue;
      s.scores.push_back(static_cast<float>(*r.number("score")));
      s.labels.push_back(static_cast<std::uint8_t>(*r.number("label")));
    }
    sets.push_back(std::move(s));
  }
  return sets;
}

}  // namespace

double max_expected_value_threshold(const float* scores, const std::uint8_t* labels, std::size_t n,
                                    const harness::Payoff& payoff,
                                    const std::vector<double>& grid) {
  const double regret_fn = payoff.tp - payoff.fn;  // what a missed positive loses
  const double regret_fp = payoff.tn - payoff.fp;  // what a false alarm loses
  if (!(regret_fn >= 0.0 && regret_fp >= 0.0))
    throw InputError(
        fmt::format("max_expected_value_threshold: expected v_tp >= v_fn and v_tn >= v_fp, found "
                    "v_tp - v_fn = {} and v_tn - v_fp = {}; check the signs of the payoff",
                    regret_fn, regret_fp));
  return harness::min_cost_threshold(scores, labels, n, regret_fn, regret_fp, grid).threshold;
}

void add_wdbc_options(CLI::App* cmd, WdbcOptions& o) {
  const WdbcOptions defaults;
  add_common_options(cmd, o.common, defaults.common.epochs, defaults.common.batch,
                     defaults.common.learning_rate);
  cmd->add_option("--repeats", o.repeats,
                  "Repeats (paired datasets r0, r1, ...): training seeds on the paper's split, "
                  "or with --resplit re-drawn splits")
      ->capture_default_str()
      ->check(CLI::PositiveNumber);
  cmd->add_flag("--resplit", o.resplit,
                "Repeat r uses the 75/25 split with seed r + 1 (r0 = the paper's split)");
  cmd->add_option("--payoff", o.payoff,
                  "Value of each outcome as tp=V,fp=V,tn=V,fn=V (benefits positive, costs "
                  "negative; the blog's QALY by default); sets Elkan's threshold p*")
      ->capture_default_str();
  cmd->add_option("--dollars-per-unit", o.dollars_per_unit,
                  "Dollars per payoff unit (per QALY) for the expected value")
      ->capture_default_str()
      ->check(CLI::PositiveNumber);
  cmd->add_option("--validation-split", o.validation_split,
                  "Fraction of the training rows held out (the last ones, as Keras) to tune "
                  "builtin_valcost; the models fit on the rest")
      ->capture_default_str()
      ->check(CLI::Range(0.01, 0.5));
  cmd->add_flag("!--no-plots", o.plots, "Skip the gnuplot pictures (data files included)");
}

harness::Payoff wdbc_payoff(const WdbcOptions& o) {
  try {
    const harness::Payoff p = harness::parse_payoff(o.payoff);
    harness::elkan_threshold(p);
    return p;
  } catch (const InputError& e) {
    throw InputError(fmt::format("--payoff: {}", e.what()));
  }
}

harness::SummarySpec wdbc_summary_spec() {
  harness::SummarySpec spec;
  spec.arms = {"builtin", "custom_5to1", "medical_200to1", "builtin_elkan", "builtin_valcost"};
  spec.metrics = {"expected_value", "accuracy", "auc", "tn", "fp", "fn", "tp", "recall", "f1"};
  spec.comparisons = {{"custom_5to1", "builtin"},
                      {"builtin", "medical_200to1"},
                      {"custom_5to1", "medical_200to1"},
                      {"builtin_elkan", "medical_200to1"},
                      {"builtin_valcost", "medical_200to1"}};
  return spec;
}

harness::PaperTable wdbc_paper_table() {
  using harness::CellFormat;
  harness::PaperTable t;
  t.name = "wdbc";
  t.title = "AWS study: unequal error costs on WDBC (logistic regression, 143 test rows)";
  t.columns = {{"tn", "TN", CellFormat::count1},
               {"fp", "FP", CellFormat::count1},
               {"fn", "FN", CellFormat::count1},
               {"tp", "TP", CellFormat::count1},
               {"accuracy", "Accuracy", CellFormat::percent2},
               {"auc", "AUC", CellFormat::fixed4},
               {"expected_value", "Expected value / patient", CellFormat::dollars2}};
  t.rows = {
      {"builtin", "Built-in BCE, threshold 0.5", {85, 3, 4, 51, 136.0 / 143, {}, -19658.34}},
      {"custom_5to1", "Custom loss 5:1, threshold 0.5", {83, 5, 3, 52, 135.0 / 143, {}, -18160.83}},
      {"medical_200to1",
       "Medical loss 200:1, threshold 0.5",
       {66, 22, 1, 54, 120.0 / 143, {}, -15282.86}},
      {"builtin_elkan", "Built-in BCE, Elkan threshold p*", {}},
      {"builtin_valcost", "Built-in BCE, max-EV threshold on validation", {}},
  };
  for (auto& row : t.rows) row.published.resize(t.columns.size());
  t.comparisons = {
      {"custom_5to1", "builtin", "5:1 vs built-in", {}},
      {"builtin", "medical_200to1", "Built-in vs medical", {}},
      {"custom_5to1", "medical_200to1", "5:1 vs medical", {}},
      {"builtin_elkan", "medical_200to1", "Built-in + p* vs medical (the decision question)", {}},
      {"builtin_valcost", "medical_200to1", "Built-in + validation threshold vs medical", {}},
  };
  for (auto& c : t.comparisons) c.published_p.resize(t.columns.size());
  t.notes = {
      "Paper: Megler & Gregoire, Training models with unequal economic error costs using Amazon "
      "SageMaker (AWS ML blog): one run; its confusion matrices (TN/FP/FN/TP) reproduce its "
      "expected values exactly; its accuracies are derived from them.",
      "Ours: means over the repeats; expected value in dollars per patient from the outcome "
      "values (QALY) times dollars per QALY. p-values from scipy-style ttest_rel over the "
      "paired repeats (summary.csv adds CIs, Wilcoxon and Holm).",
  };
  return t;
}

harness::ExperimentResult run_wdbc(const WdbcOptions& o, const std::string& out_dir,
                                   const std::string& command_line) {
  const harness::Payoff payoff = wdbc_payoff(o);
  const double p_star = harness::elkan_threshold(payoff);
  harness::ExperimentResult result;
  result.context = make_context(kExperiment, o.common, command_line);
  auto& s = result.context.settings;
  // Everything that changes a repeat's records (not --repeats: repeat r does not depend on it,
  // so a run can be extended by resuming with more repeats).
  s.emplace_back("resplit", o.resplit ? "true" : "false");
  s.emplace_back(
      "payoff", fmt::format("tp={},fp={},tn={},fn={}", payoff.tp, payoff.fp, payoff.tn, payoff.fn));
  s.emplace_back("dollars_per_unit", fmt::format("{}", o.dollars_per_unit));
  s.emplace_back("p_star", fmt::format("{}", p_star));
  s.emplace_back("validation_split", fmt::format("{}", o.validation_split));
  s.emplace_back("optimizer", fmt::format("sgd(lr={})", o.common.learning_rate));
  s.emplace_back("architecture", "30-1(sigmoid): logistic regression");
  s.emplace_back("losses",
                 "builtin: binary_cross_entropy; custom_5to1: weighted_absolute_error(c_fn=5, "
                 "c_fp=1); medical_200to1: weighted_absolute_error(c_fn=200, c_fp=1)");

  const datasets::Wdbc wdbc = datasets::load_wdbc();
  std::vector<std::string> labels;
  for (int r = 0; r < o.repeats; ++r) labels.push_back(fmt::format("r{}", r));
  const harness::TaskRunnerOptions runner = make_runner_options(o.common, out_dir, result.context);
  result.context.settings.emplace_back("repeats", std::to_string(o.repeats));  // not fingerprinted
  const auto outputs = harness::run_tasks(
      labels,
      [&](std::size_t i) { return run_repeat(o, wdbc, payoff, p_star, static_cast<int>(i)); },
      runner);
  result.tables = harness::concatenate(outputs);
  result.spec = wdbc_summary_spec();
  result.summary = harness::summarize(result.tables["runs"], result.spec);
  result.table = wdbc_paper_table();
  result.context.finished_utc = harness::utc_timestamp();
  return result;
}

WdbcStudy run_wdbc_study(const WdbcOptions& o, const std::string& out_dir,
                         const std::string& command_line) {
  namespace fs = std::filesystem;
  const auto t0 = Clock::now();
  WdbcStudy study;
  const harness::Payoff payoff = wdbc_payoff(o);  // before any work: bad input fails fast
  const double p_star = harness::elkan_threshold(payoff);
  study.result = run_wdbc(o, out_dir, command_line);
  for (const auto& f : harness::write_experiment_outputs(out_dir, study.result))
    study.files.push_back(f.filename().string());

  const std::vector<harness::ScoreSet> sets = repeat0_scores(study.result.tables["scores"]);
  std::vector<std::pair<std::string, std::vector<harness::SweepRow>>> sweeps;
  for (const auto& s : sets)
    sweeps.emplace_back(
        s.model, harness::threshold_sweep(s.scores.data(), s.labels.data(), s.scores.size(), payoff,
                                          harness::default_threshold_grid(), o.dollars_per_unit));
  harness::write_file_atomically(fs::path(out_dir) / "thresholds.csv",
                                 harness::thresholds_csv(sweeps));
  study.files.push_back("thresholds.csv");

  WdbcReportInputs in{study.result, o, payoff, p_star, {}, false, 0.0};
  if (o.plots) {
    const fs::path plots = fs::path(out_dir) / "plots";
    BinaryPlotRequest req;
    req.models = sets;
    req.payoff = payoff;
    req.scale = o.dollars_per_unit;
    req.p_star = p_star;
    req.p_star_model = kWdbcModels[0];  // p* assumes calibrated probabilities: BCE's
    req.ev_label = "expected value per patient ($)";
    std::vector<harness::PlotResult> results = write_binary_plots(plots, req);
    harness::ScoreSet at_p_star = sets[0];  // the decision arm: builtin scores decided at p*
    at_p_star.model = "builtin_elkan";
    at_p_star.threshold = p_star;
    results.push_back(harness::plot_score_histograms(plots, at_p_star));
    study.plot_problem = plot_problems(plots, results);
    in.plots_written = true;
    study.files.push_back("plots/");
  }
  in.plot_problem = study.plot_problem;
  study.wall_seconds = seconds_since(t0);
  in.wall_seconds = study.wall_seconds;
  const std::string md = wdbc_report_markdown(in);
  harness::write_file_atomically(fs::path(out_dir) / "report.md", md);
  harness::write_file_atomically(
      fs::path(out_dir) / "report.html",
      harness::markdown_to_html(md, out_dir, "rwwce: the AWS WDBC study"));
  study.files.push_back("report.md");
  study.files.push_back("report.html");
  study.console = wdbc_console_summary(in);
  return study;
}

}  // namespace rwwce::experiments
