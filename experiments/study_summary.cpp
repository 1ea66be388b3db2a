#include "experiments/study_summary.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "experiments/study_runner.hpp"
#include "harness/report/latex_table.hpp"
#include "harness/report/paper_table.hpp"
#include "harness/run/seed_derivation.hpp"

namespace rwwce::experiments {
namespace {

const harness::TableColumn* column_of(const Study& s, const std::string& metric) {
  for (const auto& c : s.report.columns)
    if (c.metric == metric) return &c;
  return nullptr;
}

harness::CellFormat format_of(const Study& s, const std::string& metric) {
  const harness::TableColumn* c = column_of(s, metric);
  if (c) return c->format;
  return metric == "degenerate" ? harness::CellFormat::percent2 : harness::CellFormat::fixed4;
}

std::string label_of(const Study& s, const std::string& metric) {
  const harness::TableColumn* c = column_of(s, metric);
  if (c) return c->label;
  return metric == "degenerate" ? "degenerate runs" : metric;
}

std::string cell(double v, harness::CellFormat f) {
  return harness::format_cell(v, f);
}

std::string pvalue(double p) {
  return std::isfinite(p) ? harness::format_cell(p, harness::CellFormat::pvalue) : "undefined";
}

// The tests at the unit of analysis for the table's metrics.
std::string unit_markdown(const Study& s, const harness::Summary& sum) {
  if (sum.unit_comparisons.empty()) return {};
  std::size_t units = 0;
  for (const auto& u : sum.unit_comparisons) units = std::max(units, u.n_units);
  std::string out = fmt::format(
      "\nAt the unit of analysis ({}: {} units, each the mean of its runs over tasks and seeds): "
      "mean difference arm - reference, cluster bootstrap 95% CI (resampling units), paired "
      "t-test (Holm across the table) and exact Wilcoxon p; where the study states a region of "
      "practical equivalence, the Bayesian signed-rank test's P(arm lower) / P(within ROPE) / "
      "P(arm higher).\n\n"
      "| Comparison | Metric | Mean difference | 95% CI | t-test p (Holm) | Wilcoxon p | "
      "P(lower) / P(ROPE) / P(higher) |\n|---|---|---:|---:|---:|---:|---:|\n",
      unit_name(s), units);
  for (const auto& [arm, ref] : s.compare.comparisons)
    for (const auto& col : s.report.columns) {
      const harness::UnitComparison* u = sum.unit_comparison_of(arm, ref, col.metric);
      if (u == nullptr || u->n_units == 0) continue;
      const auto f =
          col.format == harness::CellFormat::count1 ? harness::CellFormat::count1 : col.format;
      const auto signed_cell = [&](double v) {
        if (!std::isfinite(v)) return std::string("undefined");
        return (v >= 0 ? "+" : "") + cell(v, f);
      };
      std::string bayes = "-";
      if (u->has_bayes)
        bayes = fmt::format("{:.2f} / {:.2f} / {:.2f} (ROPE {})", u->bayes.p_right, u->bayes.p_rope,
                            u->bayes.p_left, cell(u->rope, f));
      out += fmt::format("| {} vs {} | {} | {} | [{}, {}] | {} ({}) | {} | {} |\n",
                         s.arm(arm)->short_label, s.arm(ref)->short_label, col.label,
                         signed_cell(u->test.mean_diff), signed_cell(u->bootstrap.low),
                         signed_cell(u->bootstrap.high), pvalue(u->test.p), pvalue(u->p_holm),
                         pvalue(u->test.wilcoxon_p), bayes);
    }
  return out;
}

// Degenerate runs per arm (and per unit for the arms that have any).
std::string degenerate_markdown(const Study& s, const harness::Summary& sum) {
  std::string rows;
  for (const auto& d : sum.degenerate)
    if (d.unit.empty() && d.n_degenerate > 0)
      rows += fmt::format("| {} | {} of {} | {:.1f}% [{:.1f}%, {:.1f}%] |\n", s.arm(d.arm)->label,
                          d.n_degenerate, d.n_runs, 100 * d.rate.proportion, 100 * d.rate.low,
                          100 * d.rate.high);
  if (rows.empty()) return {};
  std::string out =
      "\nDegenerate runs (" +
      std::string(s.binary() ? "no positive predicted" : "some class never predicted") +
      "), with a Clopper-Pearson 95% interval of the rate:\n\n| Arm | Runs | Rate |\n"
      "|---|---:|---:|\n" +
      rows;
  std::string per_unit;
  for (const auto& d : sum.degenerate)
    if (!d.unit.empty() && d.n_degenerate > 0)
      per_unit += fmt::format("{}{} {}={}: {} of {}", per_unit.empty() ? "" : "; ", d.arm,
                              s.compare.unit, d.unit, d.n_degenerate, d.n_runs);
  if (!per_unit.empty()) out += "\nBy unit: " + per_unit + ".\n";
  return out;
}

}  // namespace

std::string unit_name(const Study& s) {
  const std::string& u = s.compare.unit;
  if (u == "dataset") return s.costs.kind == CostSpec::Kind::pairs ? "pair" : "task";
  if (u == "root_seed") return "seed";
  if (u == "split_seed") return "split";
  return u;
}

ReproductionVerdict reproduction_verdict(const Study& s, const harness::Summary& sum) {
  ReproductionVerdict v;
  const PublishedSpec& p = s.published;
  for (const ArmSpec& arm : s.arms) {
    if (!p.shows(arm.name)) continue;
    const auto it = p.arms.find(arm.name);
    if (it == p.arms.end()) continue;
    for (const auto& [metric, value] : it->second) {
      const std::vector<double> values = sum.seed_values(arm.name, metric);
      if (values.empty()) continue;
      v.numbers.push_back({arm.name, metric, value, harness::reproduction_check(values, value)});
    }
  }
  for (const auto& entry : p.p_values) {
    // Named copies, not structured bindings: lambdas below use them (C++17 forbids capturing
    // structured bindings, and clang refuses).
    const std::string arm = entry.first.first, ref = entry.first.second;
    const auto& ps = entry.second;
    if (!p.shows(arm) || !p.shows(ref) || s.arm(arm) == nullptr || s.arm(ref) == nullptr) continue;
    for (const auto& metric_p : ps) {
      const std::string metric = metric_p.first;
      const double published_p = metric_p.second;
      if (!(published_p < 0.05)) continue;  // only significance claims
      // The claimed direction: the published means' difference, else ours.
      double effect = 0;
      const auto pa = p.arms.find(arm), pr = p.arms.find(ref);
      if (pa != p.arms.end() && pr != p.arms.end() && pa->second.count(metric) &&
          pr->second.count(metric))
        effect = pa->second.at(metric) - pr->second.at(metric);
      else if (const harness::Comparison* c = sum.comparison_of(arm, ref, metric))
        if (const auto* d = std::get_if<double>(&c->mean_diff)) effect = *d;
      if (effect == 0) continue;
      const auto sign =
          effect > 0 ? harness::ClaimedSign::positive : harness::ClaimedSign::negative;
      const auto claim_at = [&](const std::string& level, auto rows) {
        std::vector<double> ps_, effects;
        for (const std::string& seed : sum.seeds)
          for (const auto& r : rows)
            if (r.arm == arm && r.reference == ref && r.metric == metric && r.seed == seed) {
              ps_.push_back(r.p);
              effects.push_back(r.effect);
            }
        if (ps_.empty()) return;
        v.claims.push_back({arm, ref, metric, level, published_p,
                            harness::claim_replication(ps_, effects, sign, 0.05)});
      };
      struct Row {
        std::string arm, reference, metric, seed;
        double p, effect;
      };
      std::vector<Row> unit_rows, dataset_rows;
      for (const auto& u : sum.seed_unit_comparisons)
        unit_rows.push_back({u.arm, u.reference, u.metric, u.seed,
                             std::isfinite(u.p_holm) ? u.p_holm : std::nan(""), u.test.mean_diff});
      for (const auto& c : sum.seed_comparisons) {
        const auto* ph = std::get_if<double>(&c.p_holm);
        const auto* md = std::get_if<double>(&c.mean_diff);
        dataset_rows.push_back({c.arm, c.reference, c.metric, c.seed, ph ? *ph : std::nan(""),
                                md ? *md : std::nan("")});
      }
      if (!unit_rows.empty()) claim_at(unit_name(s), unit_rows);
      claim_at("dataset (the paper's test)", dataset_rows);
    }
  }
  return v;
}

std::vector<harness::Record> verdict_records(const ReproductionVerdict& v) {
  std::vector<harness::Record> out;
  const auto num = [](double x) { return harness::finite_or_undefined(x); };
  for (const Verdict& n : v.numbers) {
    harness::Record r;
    const auto& sp = n.check.spread;
    r.set("kind", std::string("verdict"))
        .set("arm", n.arm)
        .set("metric", n.metric)
        .set("n", static_cast<std::int64_t>(sp.n))
        .set("mean", num(sp.mean))
        .set("sd", num(sp.sd))
        .set("min", num(sp.min))
        .set("max", num(sp.max))
        .set("interval_low", num(sp.prediction_low))
        .set("interval_high", num(sp.prediction_high))
        .set("published", n.published)
        .set("percentile", num(n.check.percentile))
        .set("verdict", n.check.verdict);
    out.push_back(std::move(r));
  }
  for (const Claim& c : v.claims) {
    harness::Record r;
    r.set("kind", std::string("claim"))
        .set("arm", c.arm)
        .set("reference", c.reference)
        .set("metric", c.metric)
        .set("n", static_cast<std::int64_t>(c.replication.n_seeds))
        .set("mean", num(c.replication.held.proportion))
        .set("unit", c.level)
        .set("published", c.published_p)
        .set("n_held", static_cast<std::int64_t>(c.replication.n_held))
        .set("interval_low", num(c.replication.held.low))
        .set("interval_high", num(c.replication.held.high));
    out.push_back(std::move(r));
  }
  return out;
}

std::string verdict_markdown(const Study& s, const ReproductionVerdict& v) {
  if (v.numbers.empty() && v.claims.empty()) return {};
  std::size_t seeds = 0;
  for (const auto& n : v.numbers) seeds = std::max(seeds, n.check.spread.n);
  std::string out = fmt::format(
      "\n#### Did it reproduce? ({} root seed{})\n\nEach published number against the "
      "distribution of our table mean over root seeds: reproduced when it lies inside the 95% "
      "prediction interval for one more seed (mean +- t sd sqrt(1 + 1/n)), higher or lower "
      "otherwise; undetermined with one seed.\n\n"
      "| Arm | Metric | Paper | Ours: mean over seeds | Seed range | 95% interval | Percentile | "
      "Verdict |\n|---|---|---:|---:|---:|---:|---:|---|\n",
      seeds, seeds == 1 ? "" : "s");
  std::string sentences;
  for (const Verdict& n : v.numbers) {
    const auto f = format_of(s, n.metric);
    const auto& sp = n.check.spread;
    const std::string range = fmt::format("{} .. {}", cell(sp.min, f), cell(sp.max, f));
    const std::string interval =
        std::isfinite(sp.prediction_low)
            ? fmt::format("{} .. {}", cell(sp.prediction_low, f), cell(sp.prediction_high, f))
            : std::string("-");
    out +=
        fmt::format("| {} | {} | {} | {} | {} | {} | {:.0f}% | {} |\n", s.arm(n.arm)->short_label,
                    label_of(s, n.metric), cell(n.published, f), cell(sp.mean, f), range, interval,
                    100 * n.check.percentile, n.check.verdict);
    sentences += fmt::format(
        "- {}, {}: the paper's {} {}; ours {} over {} seed{} (range {}{}).\n",
        s.arm(n.arm)->short_label, label_of(s, n.metric), cell(n.published, f),
        n.check.verdict == "reproduced" ? "lies inside the spread of our reruns"
        : n.check.verdict == "higher"   ? "is above the spread of our reruns"
        : n.check.verdict == "lower"    ? "is below the spread of our reruns"
                                        : "cannot be placed (one seed: no interval)",
        cell(sp.mean, f), sp.n, sp.n == 1 ? "" : "s", range,
        std::isfinite(sp.prediction_low) ? ", 95% interval " + interval : std::string());
  }
  if (!v.claims.empty()) {
    out +=
        "\nThe paper's significance claims: in how many of our seeds each holds (Holm p < "
        "0.05, the paper's direction), at the unit of analysis and with the paper's "
        "dataset-level test:\n\n| Claim | Paper p | Level | Holds in | 95% interval |\n"
        "|---|---:|---|---:|---:|\n";
    for (const Claim& c : v.claims)
      out += fmt::format("| {} vs {}, {} | {} | {} | {} of {} | {:.0f}% .. {:.0f}% |\n",
                         s.arm(c.arm)->short_label, s.arm(c.reference)->short_label,
                         label_of(s, c.metric), pvalue(c.published_p), c.level,
                         c.replication.n_held, c.replication.n_seeds, 100 * c.replication.held.low,
                         100 * c.replication.held.high);
  }
  return out + "\n" + sentences;
}

void summarize_study(const Study& s, const RunShape& shape, harness::ExperimentResult& result) {
  result.spec = study_summary_spec(s);
  result.summary = harness::summarize(result.tables["runs"], result.spec);
  const ReproductionVerdict verdict = reproduction_verdict(s, result.summary);
  result.summary_extra = verdict_records(verdict);
  result.table = study_paper_table(s, shape);
  result.markdown = harness::render_markdown(result.table, result.summary) +
                    unit_markdown(s, result.summary) + degenerate_markdown(s, result.summary) +
                    verdict_markdown(s, verdict);
  result.latex = harness::render_latex(result.table, result.summary);
}

}  // namespace rwwce::experiments
