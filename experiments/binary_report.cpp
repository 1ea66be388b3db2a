#include "experiments/binary_report.hpp"

#include <fmt/format.h>

#include <cmath>
#include <limits>

#include "experiments/binary_plots.hpp"
#include "harness/metrics/classification_report.hpp"
#include "harness/metrics/payoff_matrix.hpp"
#include "harness/metrics/threshold_sweep.hpp"
#include "harness/report/markdown_html.hpp"
#include "harness/report/paper_table.hpp"
#include "harness/run/atomic_file.hpp"
#include "harness/stats/mean_ci.hpp"

namespace rwwce::experiments {
namespace fs = std::filesystem;
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

double number(const harness::Value& v) {
  if (const auto* d = std::get_if<double>(&v)) return *d;
  if (const auto* i = std::get_if<std::int64_t>(&v)) return static_cast<double>(*i);
  return kNaN;
}

std::string pvalue(const harness::Value& v) {
  const double p = number(v);
  return std::isfinite(p) ? fmt::format("{:.2g}", p) : "undefined";
}

// The cost metric the study reports and how its values read.
struct Metric {
  std::string name, label;
  harness::CellFormat format;
  bool higher_is_better;
};

Metric cost_metric(const Study& s) {
  if (s.costs.kind == CostSpec::Kind::payoff)
    return {"expected_value", "Expected value per example", harness::CellFormat::dollars2, true};
  if (s.costs.kind == CostSpec::Kind::error_costs)
    return {"rwc", "Real World Cost per example", harness::CellFormat::dollars2, false};
  return {"top1_error", "Error rate", harness::CellFormat::percent2, false};
}

std::string cell(double v, harness::CellFormat f) {
  return harness::format_cell(v, f);
}

std::string signed_cell(double v, harness::CellFormat f) {
  if (!std::isfinite(v)) return "undefined";
  return (v >= 0 ? "+" : "") + cell(v, f);
}

std::optional<double> published(const Study& s, const std::string& arm, const std::string& m) {
  if (!s.published.shows(arm)) return std::nullopt;
  const auto a = s.published.arms.find(arm);
  if (a == s.published.arms.end()) return std::nullopt;
  const auto v = a->second.find(m);
  if (v == a->second.end()) return std::nullopt;
  return v->second;
}

const harness::Record* find_run(const std::vector<harness::Record>& runs, const std::string& task,
                                const std::string& seed, const std::string& arm) {
  for (const auto& r : runs)
    if (r.text("dataset") == task && r.text("root_seed") == seed && r.text("arm") == arm) return &r;
  return nullptr;
}

std::int64_t count(const harness::Record& r, const char* name) {
  return static_cast<std::int64_t>(r.number(name).value_or(0));
}

}  // namespace

harness::Payoff report_payoff(const CostSpec& c) {
  return c.kind == CostSpec::Kind::payoff        ? c.payoff
         : c.kind == CostSpec::Kind::error_costs ? harness::payoff_from_error_costs(c.w_fn, c.w_fp)
                                                 : harness::payoff_from_error_costs(1, 1);
}

std::string cost_metric_block(const Study& s, const harness::ExperimentResult& result) {
  const Metric m = cost_metric(s);
  const harness::Summary& sum = result.summary;
  std::string out = fmt::format(
      "#### {}, mean and 95% CI over the runs\n\n| Arm | Mean | 95% CI | SD | FN | FP |\n"
      "|---|---:|---:|---:|---:|---:|\n",
      m.label);
  for (const ArmSpec& a : s.arms) {
    const harness::ArmMean* am = sum.mean_of(a.name, m.name);
    if (!am) continue;
    const auto [lo, hi] = harness::mean_ci95(am->mean, am->sd, am->n_defined);
    const harness::ArmMean* fn = sum.mean_of(a.name, "fn");
    const harness::ArmMean* fp = sum.mean_of(a.name, "fp");
    out += fmt::format("| {} | {} | [{}, {}] | {} | {:.2f} | {:.2f} |\n", a.name,
                       cell(am->mean, m.format), cell(lo, m.format), cell(hi, m.format),
                       std::isfinite(am->sd) ? cell(am->sd, m.format) : "-", fn ? fn->mean : kNaN,
                       fp ? fp->mean : kNaN);
  }
  if (s.compare.comparisons.empty()) return out;
  out += fmt::format(
      "\nPaired differences (arm minus reference; {}):\n\n"
      "| Arm - reference | Mean difference | 95% CI | t-test p | Wilcoxon p | Holm p |\n"
      "|---|---:|---:|---:|---:|---:|\n",
      m.higher_is_better ? "positive: the arm is worth more" : "negative: the arm costs less");
  std::string verdicts;
  for (const auto& [arm, ref] : s.compare.comparisons) {
    const harness::Comparison* c = sum.comparison_of(arm, ref, m.name);
    if (!c) continue;
    const double d = number(c->mean_diff), lo = number(c->ci95_low), hi = number(c->ci95_high);
    out +=
        fmt::format("| {} - {} | {} | [{}, {}] | {} | {} | {} |\n", arm, ref,
                    signed_cell(d, m.format), signed_cell(lo, m.format), signed_cell(hi, m.format),
                    pvalue(c->p), pvalue(c->wilcoxon_p), pvalue(c->p_holm));
    const double holm = number(c->p_holm);
    std::string verdict;
    if (!std::isfinite(holm))
      verdict = "too few runs to test";
    else if (holm < 0.05)
      verdict = fmt::format("the runs tell them apart: {} is {} (Holm p < 0.05)", arm,
                            (d > 0) == m.higher_is_better ? "better" : "worse");
    else
      verdict = "the runs cannot tell them apart at the 5% level (Holm)";
    verdicts +=
        fmt::format("- {} vs {}: {} (95% CI {} to {}); {}.\n", arm, ref, signed_cell(d, m.format),
                    signed_cell(lo, m.format), signed_cell(hi, m.format), verdict);
  }
  return out + "\n" + verdicts;
}

std::string binary_detail_markdown(const fs::path& dir, const Study& s,
                                   const harness::ExperimentResult& result,
                                   const std::string& calibration_caption) {
  const auto& runs = result.tables.at("runs");
  const std::string task = runs.front().text("dataset");
  const std::string seed = runs.front().text("root_seed");
  const fs::path plots_rel = fs::path("plots") / task;
  const CostSpec& c = s.costs;
  const harness::Payoff payoff = report_payoff(c);
  const auto image = [&](const std::string& stem, const std::string& alt) {
    const fs::path svg = plots_rel / (stem + ".svg");
    if (fs::exists(dir / svg)) return fmt::format("![{}]({})\n", alt, svg.string());
    if (fs::exists(dir / plots_rel / (stem + ".dat")))
      return fmt::format(
          "{}: not rendered (gnuplot missing or failed); data in `{}`, script "
          "`{}`.\n",
          alt, (plots_rel / (stem + ".dat")).string(), (plots_rel / (stem + ".gp")).string());
    return fmt::format("{}: not drawn (run with --plots).\n", alt);
  };

  const Metric metric = cost_metric(s);
  std::string md;
  md += fmt::format("## One run in detail: task {}, root seed {}\n\n", task, seed);
  md +=
      "### Accuracy and the ROC curve\n\n| Arm | Threshold | Accuracy | AUC | Accuracy "
      "(paper) |\n|---|---:|---:|---:|---:|\n";
  for (const ArmSpec& a : s.arms) {
    const harness::Record* r = find_run(runs, task, seed, a.name);
    if (!r) continue;
    const auto pub = published(s, a.name, "accuracy");
    md += fmt::format("| {} | {:.4g} | {:.2f}% | {:.4f} | {} |\n", a.name,
                      r->number("threshold").value_or(kNaN),
                      100 * r->number("accuracy").value_or(kNaN), r->number("auc").value_or(kNaN),
                      pub ? fmt::format("{:.2f}%", 100 * *pub) : "-");
  }
  md += "\n" +
        image("roc", fmt::format("ROC curve of each model on the test set of task {} (root seed "
                                 "{}): true against false positive rate as the threshold falls "
                                 "from 1 to 0, the dashed diagonal a model that guesses; the "
                                 "legend gives each model's AUC.",
                                 task, seed)) +
        "\n";
  md +=
      "### Classification reports\n\nNegative = 0, positive = 1, each arm at its threshold, laid "
      "out as scikit-learn's `classification_report`.\n\n";
  for (const ArmSpec& a : s.arms) {
    const harness::Record* r = find_run(runs, task, seed, a.name);
    if (!r) continue;
    md += fmt::format(
        "#### {} (`{}`)\n\n```text\n{}```\n\n", a.label, a.name,
        harness::classification_report(count(*r, "tp"), count(*r, "fp"), count(*r, "fn"),
                                       count(*r, "tn"), {"negative", "positive"}));
  }
  md += "### Confusion matrices\n\nEach cell: ours (paper) where the paper gives one.\n\n";
  for (const ArmSpec& a : s.arms) {
    const harness::Record* r = find_run(runs, task, seed, a.name);
    if (!r) continue;
    const auto with = [&](const char* m) {
      const auto p = published(s, a.name, m);
      return p ? fmt::format("{} ({:.0f})", count(*r, m), *p) : std::to_string(count(*r, m));
    };
    md += fmt::format(
        "| {} | Predicted negative | Predicted positive |\n|---|---:|---:|\n"
        "| Actual negative | {} | {} |\n| Actual positive | {} | {} |\n\n",
        a.label, with("tn"), with("fp"), with("fn"), with("tp"));
  }
  md +=
      "### Score distributions\n\nPer arm, the predicted scores of the actual negatives (top) "
      "and positives (bottom) in bins of 0.02; correct decisions blue, incorrect orange; the "
      "dashed line is the arm's threshold.\n\n";
  std::vector<std::string> drawn_models;
  for (const ArmSpec& a : s.arms) {
    const bool first_of_model =
        std::find(drawn_models.begin(), drawn_models.end(), a.model) == drawn_models.end();
    if (first_of_model) drawn_models.push_back(a.model);
    const harness::Record* r = find_run(runs, task, seed, a.name);
    md +=
        image("scores_" + (first_of_model ? a.model : a.name),
              fmt::format("{}: the test scores of task {} (root seed {}), actual negatives on "
                          "top and actual positives below, in bins of 0.02; blue where the "
                          "decision at the dashed threshold {:.4g} is right, orange where it is "
                          "wrong.",
                          a.label, task, seed, r ? r->number("threshold").value_or(kNaN) : kNaN)) +
        "\n";
  }
  md += fmt::format(
      "### {}\n\n| Arm | Threshold | TN | FP | FN | TP | {} | Paper |\n"
      "|---|---:|---:|---:|---:|---:|---:|---:|\n",
      metric.label, metric.label);
  for (const ArmSpec& a : s.arms) {
    const harness::Record* r = find_run(runs, task, seed, a.name);
    if (!r) continue;
    const auto pub = published(s, a.name, metric.name);
    md += fmt::format("| {} | {:.4g} | {} | {} | {} | {} | {} | {} |\n", a.name,
                      r->number("threshold").value_or(kNaN), count(*r, "tn"), count(*r, "fp"),
                      count(*r, "fn"), count(*r, "tp"),
                      cell(r->number(metric.name).value_or(kNaN), metric.format),
                      pub ? cell(*pub, metric.format) : "-");
  }
  if (!calibration_caption.empty()) {
    md +=
        "### Calibration\n\nElkan's p* is cost-optimal only for calibrated probabilities: how "
        "far each model's scores are from the observed frequencies.\n\n";
    const fs::path svg = fs::path("figures") / "calibration.svg";
    md += fs::exists(dir / svg) ? fmt::format("![{}]({})\n\n", calibration_caption, svg.string())
                                : "Calibration: not rendered (gnuplot missing or failed); data in "
                                  "`figures/calibration.dat`, script `figures/calibration.gp`.\n\n";
  }
  md += "\n" +
        image("expected_value",
              fmt::format("{} of each model on task {} (root seed {}) at every decision "
                          "threshold from 0 to 1 in steps of 0.01; the circle and dashed line "
                          "mark the cost-optimal threshold p* on the model trained with a plain "
                          "loss, whose scores p* assumes calibrated.",
                          s.costs.kind == CostSpec::Kind::payoff ? "Expected value per example"
                          : s.costs.binary() ? "Expected value per example (minus RWC)"
                                             : "Minus the errors per example",
                          task, seed)) +
        "\n`thresholds.csv` holds the sweep behind this figure: TP/FP/FN/TN, precision, recall, "
        "F1 and expected value at every threshold 0.00, 0.01, ..., 1.00 for each model.\n\n";

  if (c.binary()) {
    const double p_star = harness::elkan_threshold(payoff);
    md += "## The cost-optimal decision\n\n";
    md += fmt::format(
        "A model that outputs a calibrated probability p needs no cost in its loss to decide "
        "cost-optimally: deciding positive iff p > p* = (C_FP - C_TN) / (C_FP - C_TN + C_FN - "
        "C_TP) minimises the expected cost (Elkan 2001; C = -value). Here a false alarm loses "
        "{:.6g} and a miss {:.6g}{}, so **p* = {:.6g}**. The study's comparisons above pair "
        "each cost-weighted loss with the plain model decided at p* (and at a threshold tuned "
        "on validation) on the same data.\n\n",
        payoff.tn - payoff.fp, payoff.tp - payoff.fn,
        c.kind == CostSpec::Kind::payoff ? " " + c.unit : std::string(), p_star);
  }
  return md;
}

BinaryReportFiles write_binary_report(const fs::path& dir, const Study& s,
                                      const harness::ExperimentResult& result,
                                      const std::string& calibration_caption) {
  BinaryReportFiles out;
  const auto& runs = result.tables.at("runs");
  const auto scores_it = result.tables.find("scores");
  const std::string task = runs.front().text("dataset");
  const std::string seed = runs.front().text("root_seed");
  // The first task's scores per model, for the threshold sweep.
  std::vector<harness::ScoreSet> sets;
  for (const ModelSpec& m : s.models) {
    harness::ScoreSet set;
    set.model = m.name;
    if (scores_it != result.tables.end())
      for (const auto& r : scores_it->second) {
        if (r.text("model") != m.name || r.text("dataset") != task || r.text("root_seed") != seed)
          continue;
        set.scores.push_back(static_cast<float>(*r.number("score")));
        set.labels.push_back(static_cast<std::uint8_t>(*r.number("label")));
      }
    if (!set.scores.empty()) sets.push_back(std::move(set));
  }
  const CostSpec& c = s.costs;
  const harness::Payoff payoff = report_payoff(c);
  const double scale = c.kind == CostSpec::Kind::payoff ? c.dollars_per_unit : 1.0;
  if (!sets.empty()) {
    std::vector<std::pair<std::string, std::vector<harness::SweepRow>>> sweeps;
    for (const auto& set : sets)
      sweeps.emplace_back(set.model, harness::threshold_sweep(
                                         set.scores.data(), set.labels.data(), set.scores.size(),
                                         payoff, harness::default_threshold_grid(), scale));
    harness::write_file_atomically(dir / "thresholds.csv", harness::thresholds_csv(sweeps));
    out.files.push_back("thresholds.csv");
  }
  const auto& ctx = result.context;
  std::string md = "# " + result.table.title + "\n\n";
  md += fmt::format(
      "Command: `{}` ({} task(s) x {} root seed(s)), started {}, finished {}, on {} "
      "thread(s). Study: `study.toml` in this directory (`rwwce run study.toml` "
      "runs it again).\n\n",
      ctx.command_line, ctx.tasks.size() / std::max<std::size_t>(1, ctx.seeds.size()),
      ctx.seeds.size(), ctx.started_utc, ctx.finished_utc, ctx.threads);
  md += "## Over all runs\n\n";
  md += harness::render_markdown(result.table, result.summary) + "\n";
  md += cost_metric_block(s, result) + "\n";
  md += binary_detail_markdown(dir, s, result, calibration_caption);
  md +=
      "## Files\n\n"
      "- `runs.csv`: one row per task x seed x arm; `timings.csv`: training time per model; "
      "`summary.csv`: means per arm and metric, paired t-test (95% CI), Wilcoxon and Holm per "
      "comparison and metric; `results.json`: the context block and every table; `" +
      s.name + ".md` / `" + s.name +
      ".tex`: the table above; `study.toml`: the resolved study.\n"
      "- `scores.csv`: the detailed run's test scores per model; `thresholds.csv`: its "
      "threshold sweep.\n"
      "- `plots/<task>/`: for each figure a `.dat` file, a gnuplot script `.gp` and (with "
      "gnuplot) `.svg` and `.png`; `cd plots/<task> && gnuplot roc.gp` redraws one.\n";
  harness::write_file_atomically(dir / "report.md", md);
  out.files.push_back("report.md");
  return out;
}

}  // namespace rwwce::experiments
