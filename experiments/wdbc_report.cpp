#include "experiments/wdbc_report.hpp"

#include <fmt/format.h>

#include <boost/math/distributions/students_t.hpp>
#include <cmath>
#include <limits>

#include "harness/metrics/classification_report.hpp"
#include "harness/report/paper_table.hpp"

namespace rwwce::experiments {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

std::string dollars(double v) {
  return harness::format_cell(v, harness::CellFormat::dollars2);
}

std::string signed_dollars(double v) {
  if (!std::isfinite(v)) return "undefined";
  return (v >= 0 ? "+" : "") + dollars(v);
}

double number(const harness::Value& v) {
  if (const auto* d = std::get_if<double>(&v)) return *d;
  if (const auto* i = std::get_if<std::int64_t>(&v)) return static_cast<double>(*i);
  return kNaN;
}

std::string pvalue(const harness::Value& v) {
  const double p = number(v);
  return std::isfinite(p) ? fmt::format("{:.2g}", p) : "undefined";
}

// What each arm is, in words.
std::string describe_arm(const std::string& arm) {
  if (arm == "builtin") return "built-in BCE, threshold 0.5";
  if (arm == "custom_5to1") return "custom loss 5:1, threshold 0.5";
  if (arm == "medical_200to1") return "medical loss 200:1, threshold 0.5";
  if (arm == "builtin_elkan") return "built-in BCE, Elkan threshold p*";
  if (arm == "builtin_valcost") return "built-in BCE, max-EV threshold on validation";
  return arm;
}

const harness::Record* find_run(const std::vector<harness::Record>& runs, int repeat,
                                const std::string& arm) {
  for (const auto& r : runs)
    if (r.number("repeat") == repeat && r.text("arm") == arm) return &r;
  return nullptr;
}

std::int64_t count(const harness::Record& r, const char* name) {
  return static_cast<std::int64_t>(*r.number(name));
}

struct BlogModel {
  const char* arm;
  const char* title;
  std::int64_t tn, fp, fn, tp;
  double ev;
};
constexpr BlogModel kBlog[] = {
    {"builtin", "Built-in loss function", 85, 3, 4, 51, -19658.34},
    {"custom_5to1", "5:1 custom loss function", 83, 5, 3, 52, -18160.83},
    {"medical_200to1", "Medical (200:1) custom loss function", 66, 22, 1, 54, -15282.86},
};

std::string image(const WdbcReportInputs& in, const std::string& stem, const std::string& alt) {
  if (!in.plots_written) return "(plots skipped: --no-plots)\n";
  if (!in.plot_problem.empty())
    return fmt::format("{} not rendered: data in `plots/{}.dat`, script `plots/{}.gp`.\n", alt,
                       stem, stem);
  return fmt::format("![{}](plots/{}.svg)\n", alt, stem);
}

}  // namespace

std::pair<double, double> mean_ci95(double mean, double sd, std::size_t n) {
  if (n < 2 || !std::isfinite(mean) || !std::isfinite(sd)) return {kNaN, kNaN};
  const boost::math::students_t dist(static_cast<double>(n - 1));
  const double half =
      boost::math::quantile(boost::math::complement(dist, 0.025)) * sd / std::sqrt(double(n));
  return {mean - half, mean + half};
}

std::string wdbc_expected_value_block(const WdbcReportInputs& in) {
  const harness::Summary& s = in.result.summary;
  const harness::SummarySpec& spec = in.result.spec;
  const auto& o = in.options;
  std::string out = fmt::format(
      "#### Expected value per patient over {} repeats ({}), mean and 95% CI\n\n"
      "| Arm | Mean | 95% CI | SD | FN | FP |\n|---|---:|---:|---:|---:|---:|\n",
      o.repeats,
      o.resplit ? "re-drawn 75/25 splits, split seed = repeat + 1"
                : "the paper's split; training seeds vary");
  for (const auto& arm : spec.arms) {
    const harness::ArmMean* m = s.mean_of(arm, "expected_value");
    if (!m) continue;
    const auto [lo, hi] = mean_ci95(m->mean, m->sd, m->n_defined);
    const harness::ArmMean* fn = s.mean_of(arm, "fn");
    const harness::ArmMean* fp = s.mean_of(arm, "fp");
    out += fmt::format("| {} | {} | [{}, {}] | {} | {:.2f} | {:.2f} |\n", arm, dollars(m->mean),
                       dollars(lo), dollars(hi), std::isfinite(m->sd) ? dollars(m->sd) : "-",
                       fn ? fn->mean : kNaN, fp ? fp->mean : kNaN);
  }
  out +=
      "\nPaired differences in expected value per patient (arm minus reference; positive: the "
      "arm is worth more):\n\n"
      "| Arm - reference | Mean difference | 95% CI | t-test p | Wilcoxon p | Holm p |\n"
      "|---|---:|---:|---:|---:|---:|\n";
  std::string verdicts;
  for (const auto& [arm, ref] : spec.comparisons) {
    const harness::Comparison* c = s.comparison_of(arm, ref, "expected_value");
    if (!c) continue;
    const double d = number(c->mean_diff), lo = number(c->ci95_low), hi = number(c->ci95_high);
    out += fmt::format("| {} - {} | {} | [{}, {}] | {} | {} | {} |\n", arm, ref, signed_dollars(d),
                       signed_dollars(lo), signed_dollars(hi), pvalue(c->p), pvalue(c->wilcoxon_p),
                       pvalue(c->p_holm));
    const double holm = number(c->p_holm);
    std::string verdict;
    if (!std::isfinite(holm))
      verdict = "too few repeats to test";
    else if (holm < 0.05)
      verdict = fmt::format("the repeats tell them apart: {} is {} (Holm p < 0.05)", arm,
                            d > 0 ? "better" : "worse");
    else
      verdict = "the repeats cannot tell them apart at the 5% level (Holm)";
    verdicts += fmt::format("- {} vs {}: {} per patient (95% CI {} to {}); {}.\n", arm, ref,
                            signed_dollars(d), signed_dollars(lo), signed_dollars(hi), verdict);
  }
  return out + "\n" + verdicts;
}

std::string wdbc_console_summary(const WdbcReportInputs& in) {
  return harness::render_markdown(in.result.table, in.result.summary) + "\n" +
         wdbc_expected_value_block(in) +
         fmt::format("\nElkan threshold p* = {:.6g}; wall time {:.1f} s.\n", in.p_star,
                     in.wall_seconds);
}

std::string wdbc_report_markdown(const WdbcReportInputs& in) {
  const auto& o = in.options;
  const auto& runs = in.result.tables.at("runs");
  const auto& ctx = in.result.context;
  const auto& p = in.payoff;
  std::string md;
  md += "# Training with unequal economic error costs: the AWS WDBC study, reproduced\n\n";
  md += fmt::format(
      "Command: `{}` (root seed {}, {} repeats, {}). Wall time {:.1f} s on {} thread(s).\n\n",
      ctx.command_line, ctx.root_seed, o.repeats,
      o.resplit ? "repeat r on the 75/25 split with seed r + 1" : "all on the paper's split",
      in.wall_seconds, ctx.threads);
  md += fmt::format(
      "Setup (PROTOCOL.md section 4): Wisconsin Diagnostic Breast Cancer, 569 rows x 30 "
      "features, malignant = positive; 75/25 split as sklearn's `train_test_split(random_state="
      "seed)` (143 test rows); features standardised with the training rows' mean and SD. The "
      "last {:.0f}% of the training order is held out as validation (Keras' validation_split) "
      "and only tunes the `builtin_valcost` threshold; every model fits on the rest. Logistic "
      "regression (one sigmoid unit), plain SGD lr {}, {} epochs, batch {}; losses: Keras' "
      "binary cross-entropy (`builtin`), the weighted absolute error "
      "`mean(y|1-p| c_fn + (1-y)|p| c_fp)` with c_fn:c_fp = 5:1 (`custom_5to1`) and 200:1 "
      "(`medical_200to1`).\n\n",
      100 * o.validation_split, o.common.learning_rate, o.common.epochs, o.common.batch);
  md += fmt::format(
      "The payoff (value of each outcome, {} dollars per unit): TP {}, FP {}, TN {}, FN {}. "
      "Expected value per patient = (TN v_tn + FP v_fp + TP v_tp + FN v_fn) / n x {}.\n\n",
      o.dollars_per_unit, p.tp, p.fp, p.tn, p.fn, o.dollars_per_unit);

  md += "## Over all repeats\n\n";
  md +=
      "One split of 143 test rows is noisy: a false negative moves the expected value by about "
      "$1,500 per patient. The blog ran once; here every arm runs on the same repeats and is "
      "compared pairwise.\n\n";
  md += harness::render_markdown(in.result.table, in.result.summary) + "\n";
  md += wdbc_expected_value_block(in) + "\n";

  md += "## Repeat 0: the blog's single run with our numbers\n\n";
  md +=
      "The paper's split (seed 1: 88 benign, 55 malignant test rows), the first training "
      "seed. The blog's numbers come from one Keras run we cannot replay bit for bit (its "
      "initial weights are not published), so expect the same shape, not the same counts.\n\n";
  md +=
      "### Accuracy and the ROC curve\n\n| Model | Accuracy | AUC | Accuracy (blog) |\n"
      "|---|---:|---:|---:|\n";
  for (const auto& b : kBlog) {
    const harness::Record* r = find_run(runs, 0, b.arm);
    if (!r) continue;
    md += fmt::format("| {} | {:.2f}% | {:.4f} | {:.2f}% |\n", b.arm, 100 * *r->number("accuracy"),
                      *r->number("auc"), 100.0 * (b.tn + b.tp) / 143.0);
  }
  md += "\n" + image(in, "roc", "ROC curves of the three models (repeat 0)") + "\n";

  md +=
      "### Classification reports\n\nBenign = 0 (negative), malignant = 1 (positive), "
      "decisions at 0.5, laid out as scikit-learn's `classification_report`.\n\n";
  for (const auto& b : kBlog) {
    const harness::Record* r = find_run(runs, 0, b.arm);
    if (!r) continue;
    md += fmt::format("#### {} (`{}`)\n\n```text\n{}```\n\n", b.title, b.arm,
                      harness::classification_report(count(*r, "tp"), count(*r, "fp"),
                                                     count(*r, "fn"), count(*r, "tn")));
  }

  md += "### Confusion matrices\n\nEach cell: ours (blog).\n\n";
  for (const auto& b : kBlog) {
    const harness::Record* r = find_run(runs, 0, b.arm);
    if (!r) continue;
    md += fmt::format(
        "| {} | Predicted negative | Predicted positive |\n|---|---:|---:|\n"
        "| Actual negative | {} ({}) | {} ({}) |\n| Actual positive | {} ({}) | {} ({}) |\n\n",
        b.title, count(*r, "tn"), b.tn, count(*r, "fp"), b.fp, count(*r, "fn"), b.fn,
        count(*r, "tp"), b.tp);
  }

  md +=
      "### Score distributions\n\nPer model, the predicted scores of the actual negatives "
      "(benign, top) and actual positives (malignant, bottom) in bins of 0.02; correct "
      "decisions blue, incorrect orange; the dashed line is the threshold. The last figure "
      "is the built-in model again, decided at Elkan's p*.\n\n";
  for (const auto& b : kBlog)
    md +=
        image(in, std::string("scores_") + b.arm, std::string(b.title) + ", threshold 0.5") + "\n";
  md += image(in, "scores_builtin_elkan",
              fmt::format("Built-in loss function, threshold p* = {:.4g}", in.p_star)) +
        "\n";

  md +=
      "### Expected value\n\n| Arm | Threshold | TN | FP | FN | TP | Expected value | Blog |\n"
      "|---|---:|---:|---:|---:|---:|---:|---:|\n";
  for (const auto& arm : in.result.spec.arms) {
    const harness::Record* r = find_run(runs, 0, arm);
    if (!r) continue;
    std::string blog = "-";
    for (const auto& b : kBlog)
      if (arm == b.arm) blog = dollars(b.ev);
    md += fmt::format("| {} | {:.4g} | {} | {} | {} | {} | {} | {} |\n", arm,
                      *r->number("threshold"), count(*r, "tn"), count(*r, "fp"), count(*r, "fn"),
                      count(*r, "tp"), dollars(*r->number("expected_value")), blog);
  }
  md += "\n" +
        image(in, "expected_value",
              "Expected value per patient against the threshold (repeat 0), p* marked") +
        "\nThe sweep behind this plot, with TP/FP/FN/TN, precision, recall and F1 at every "
        "threshold 0.00, 0.01, ..., 1.00 for each model, is `thresholds.csv` (repeat 0).\n\n";

  md += "## The payoff matrix and the cost-optimal decision\n\n";
  const double regret_fp = p.tn - p.fp, regret_fn = p.tp - p.fn;
  md += fmt::format(
      "A classifier that outputs a calibrated probability p needs no cost in its loss to make "
      "the cost-optimal decision: with the four outcome values stated, deciding positive iff "
      "p > p* = (C_FP - C_TN) / (C_FP - C_TN + C_FN - C_TP) maximises the expected value "
      "(Elkan 2001; C = -value). Here a false alarm loses v_tn - v_fp = {:.6g} and a miss "
      "loses v_tp - v_fn = {:.6g}, so **p* = {:.6g}**.\n\n",
      regret_fp, regret_fn, in.p_star);
  md +=
      "The decision question, paired on the same data: train with the weighted loss "
      "(`medical_200to1`, decide at 0.5) or train plainly and decide at p* (`builtin_elkan`) "
      "or at the threshold that maximises expected value on the validation rows "
      "(`builtin_valcost`)? The rows for these comparisons are in the tables above; in "
      "summary:\n\n";
  const harness::Summary& s = in.result.summary;
  for (const auto& [arm, ref] :
       {std::pair<std::string, std::string>{"builtin_elkan", "medical_200to1"},
        {"builtin_valcost", "medical_200to1"},
        {"custom_5to1", "builtin"}}) {
    const harness::Comparison* c = s.comparison_of(arm, ref, "expected_value");
    const harness::ArmMean* a = s.mean_of(arm, "expected_value");
    const harness::ArmMean* b = s.mean_of(ref, "expected_value");
    if (!c || !a || !b) continue;
    md += fmt::format(
        "- {} ({}): {} vs {} ({}): difference {} per patient, 95% CI [{}, {}], paired t-test "
        "p = {}, Holm p = {}.\n",
        arm, describe_arm(arm), dollars(a->mean), ref, dollars(b->mean),
        signed_dollars(number(c->mean_diff)), signed_dollars(number(c->ci95_low)),
        signed_dollars(number(c->ci95_high)), pvalue(c->p), pvalue(c->p_holm));
  }
  md += "\n";
  if (!in.plot_problem.empty()) md += "## Plots\n\n" + in.plot_problem + "\n\n";
  md +=
      "## Files\n\n"
      "- `runs.csv`: one row per repeat x arm (threshold, confusion counts, accuracy, AUC, "
      "expected value, precision, recall, F1, seeds); `timings.csv`: training time per model.\n"
      "- `summary.csv`: means per arm and metric; paired t-test (with 95% CI), Wilcoxon and "
      "Holm for every comparison and metric. `results.json`: the context block and every "
      "table. `wdbc.md` / `wdbc.tex`: the table above.\n"
      "- `scores.csv`: repeat 0's test scores per model; `thresholds.csv`: the threshold sweep "
      "of each model on repeat 0.\n"
      "- `plots/`: for each figure a `.dat` file, a gnuplot script `.gp` and (with gnuplot) "
      "`.svg` and `.png`; `cd plots && gnuplot roc.gp` re-renders one.\n";
  return md;
}

}  // namespace rwwce::experiments
