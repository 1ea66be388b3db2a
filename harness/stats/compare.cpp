#include "harness/stats/compare.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <cmath>
#include <set>
#include <tuple>

#include "core/input_error.hpp"
#include "harness/stats/holm.hpp"
#include "harness/stats/metric_direction.hpp"
#include "harness/stats/paired_comparison.hpp"

namespace rwwce::harness {
namespace {

using Key = std::tuple<std::string, std::string, std::string>;  // experiment, dataset, arm

std::optional<double> as_number(const Value& v) {
  if (const auto* d = std::get_if<double>(&v)) return *d;
  if (const auto* i = std::get_if<std::int64_t>(&v)) return static_cast<double>(*i);
  return std::nullopt;
}

std::string key_text(const Key& k) {
  return fmt::format("({}, {}, {})", std::get<0>(k), std::get<1>(k), std::get<2>(k));
}

std::map<Key, const Record*> index_runs(const std::vector<Record>& runs, const std::string& side) {
  std::map<Key, const Record*> out;
  for (const Record& r : runs) {
    Key k;
    try {
      k = {r.text("experiment"), r.text("dataset"), r.text("arm")};
    } catch (const InputError& e) {
      throw InputError(fmt::format("{} runs: {}; runs are paired by (experiment, dataset, arm)",
                                   side, e.what()));
    }
    if (!out.emplace(k, &r).second)
      throw InputError(
          fmt::format("{} runs: {} appears twice; each (experiment, dataset, arm) "
                      "must be one run",
                      side, key_text(k)));
  }
  if (out.empty()) throw InputError(side + " runs: no runs to compare");
  return out;
}

std::string list_some(const std::vector<Key>& keys) {
  std::string s;
  for (std::size_t i = 0; i < keys.size() && i < 5; ++i) s += (i ? ", " : "") + key_text(keys[i]);
  if (keys.size() > 5) s += fmt::format(" and {} more", keys.size() - 5);
  return s;
}

std::string fmt_value(const Value& v, const char* spec) {
  const auto x = as_number(v);
  return x ? fmt::format(fmt::runtime(spec), *x) : std::string("undefined");
}

}  // namespace

std::size_t CompareResult::n_worse() const {
  return static_cast<std::size_t>(std::count_if(
      rows.begin(), rows.end(), [](const CompareRow& r) { return r.verdict == "worse"; }));
}

CompareResult compare_runs(const std::vector<Record>& baseline,
                           const std::vector<Record>& candidate, const CompareOptions& o) {
  if (!(o.alpha > 0 && o.alpha < 1))
    throw InputError(fmt::format("--alpha {}: expected a level in (0, 1), e.g. 0.01", o.alpha));
  if (o.metrics.empty()) throw InputError("--metrics: expected at least one metric");
  const auto base = index_runs(baseline, "baseline");
  const auto cand = index_runs(candidate, "candidate");

  std::set<std::string> base_experiments, cand_experiments;
  for (const auto& [k, r] : base) base_experiments.insert(std::get<0>(k));
  for (const auto& [k, r] : cand) cand_experiments.insert(std::get<0>(k));
  if (base_experiments != cand_experiments)
    throw InputError(fmt::format(
        "the baseline holds experiment(s) {} and the candidate {}; compare runs of the same "
        "experiment",
        fmt::join(base_experiments, ","), fmt::join(cand_experiments, ",")));

  std::vector<Key> only_base, only_cand;
  for (const auto& [k, r] : base)
    if (!cand.count(k)) only_base.push_back(k);
  for (const auto& [k, r] : cand)
    if (!base.count(k)) only_cand.push_back(k);
  if (!only_base.empty() || !only_cand.empty())
    throw InputError(fmt::format(
        "unpaired runs: {} only in the baseline{}{}, {} only in the candidate{}{}. Compare runs "
        "of the same datasets and arms (same --datasets/--pairs, no missing shard).",
        only_base.size(), only_base.empty() ? "" : ": ", list_some(only_base), only_cand.size(),
        only_cand.empty() ? "" : ": ", list_some(only_cand)));

  for (const auto& [metric, tol] : o.tolerance) {
    if (!(tol >= 0))
      throw InputError(fmt::format("--tolerance {}={}: expected a value >= 0", metric, tol));
    if (std::find(o.metrics.begin(), o.metrics.end(), metric) == o.metrics.end())
      throw InputError(fmt::format("--tolerance {}: not one of the compared metrics ({})", metric,
                                   fmt::join(o.metrics, ",")));
  }

  CompareResult result;
  result.experiment = *base_experiments.begin();
  result.alpha = o.alpha;
  result.n_runs = base.size();
  std::vector<std::string> arms;
  std::set<std::string> datasets;
  for (const Record& r : baseline) {
    datasets.insert(r.text("dataset"));
    if (std::find(arms.begin(), arms.end(), r.text("arm")) == arms.end())
      arms.push_back(r.text("arm"));
  }
  result.n_datasets = datasets.size();

  std::vector<double> raw_p;
  for (const std::string& metric : o.metrics) {
    const auto direction = worse_direction(metric);
    if (!direction)
      throw InputError(fmt::format(
          "--metrics {}: no known better/worse direction; expected metrics such as rwc, fn, fp, "
          "top1_error, paper_error, high_cost, errors, auc, f1, precision, recall",
          metric));
    const bool present = std::any_of(baseline.begin(), baseline.end(),
                                     [&](const Record& r) { return r.find(metric) != nullptr; });
    if (!present)
      throw InputError(fmt::format("--metrics {}: the runs of {} have no such field", metric,
                                   result.experiment));
    const double tol = o.tolerance.count(metric) ? o.tolerance.at(metric) : 0.0;
    for (const std::string& arm : arms) {
      std::vector<double> b, c;
      for (const auto& [k, rb] : base) {
        if (std::get<2>(k) != arm) continue;
        const auto vb = rb->number(metric);
        const auto vc = cand.at(k)->number(metric);
        if (!vb || !vc) continue;
        b.push_back(*vb);
        c.push_back(*vc);
      }
      CompareRow row;
      row.metric = metric;
      row.arm = arm;
      row.worse_when = *direction == WorseDirection::higher ? "higher" : "lower";
      row.n_pairs = b.size();
      row.tolerance = tol;
      const Value undef{Undefined{}};
      row.baseline_mean = row.candidate_mean = row.change = undef;
      row.t = row.p = row.wilcoxon_p = row.p_holm = undef;
      if (!b.empty()) {
        double sb = 0, sc = 0;
        for (std::size_t i = 0; i < b.size(); ++i) sb += b[i], sc += c[i];
        row.baseline_mean = sb / static_cast<double>(b.size());
        row.candidate_mean = sc / static_cast<double>(c.size());
        row.change = (sc - sb) / static_cast<double>(b.size());
      }
      const PairedComparison pc = paired_comparison(c, b);
      row.t = finite_or_undefined(pc.t);
      row.p = finite_or_undefined(pc.p);
      row.wilcoxon_p = finite_or_undefined(pc.wilcoxon_p);
      raw_p.push_back(as_number(row.p).value_or(NAN));
      result.rows.push_back(std::move(row));
    }
  }
  const std::vector<double> adjusted = holm_adjust(raw_p);
  for (std::size_t i = 0; i < result.rows.size(); ++i) {
    CompareRow& row = result.rows[i];
    row.p_holm = finite_or_undefined(adjusted[i]);
    const auto change = as_number(row.change);
    const auto p_holm = as_number(row.p_holm);
    if (change && *change == 0.0 && !p_holm) {
      row.verdict = "unchanged";
    } else if (!p_holm) {
      row.verdict = "not testable";
    } else if (*p_holm >= o.alpha) {
      row.verdict = "no significant change";
    } else {
      const double w = worsening(*worse_direction(row.metric), *change);
      row.verdict = w > row.tolerance ? "worse" : w < 0 ? "better" : "within tolerance";
    }
  }
  return result;
}

std::vector<Record> compare_records(const CompareResult& result) {
  std::vector<Record> out;
  for (const CompareRow& r : result.rows) {
    Record rec;
    rec.set("experiment", result.experiment)
        .set("metric", r.metric)
        .set("arm", r.arm)
        .set("worse_when", r.worse_when)
        .set("n_pairs", static_cast<std::int64_t>(r.n_pairs))
        .set("baseline_mean", r.baseline_mean)
        .set("candidate_mean", r.candidate_mean)
        .set("change", r.change)
        .set("tolerance", r.tolerance)
        .set("t", r.t)
        .set("p", r.p)
        .set("wilcoxon_p", r.wilcoxon_p)
        .set("p_holm", r.p_holm)
        .set("alpha", result.alpha)
        .set("verdict", r.verdict);
    out.push_back(std::move(rec));
  }
  return out;
}

std::string render_compare_markdown(const CompareResult& result, const std::string& baseline,
                                    const std::string& candidate) {
  std::string s = fmt::format("# Regression check: {}\n\n", result.experiment);
  s += fmt::format(
      "Baseline `{}`, candidate `{}`: {} runs paired by (experiment, dataset, arm) "
      "over {} datasets. Paired t-test of candidate - baseline per metric and arm, "
      "Holm-adjusted across the {} rows; a row is worse when p_holm < {} and the "
      "mean moved in the worse direction by more than its tolerance.\n\n",
      baseline, candidate, result.n_runs, result.n_datasets, result.rows.size(), result.alpha);
  s += "| Metric | Arm | Worse when | Pairs | Baseline mean | Candidate mean | Change | "
       "Tolerance | p (t-test) | p (Wilcoxon) | p_holm | Verdict |\n";
  s += "|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---|\n";
  for (const CompareRow& r : result.rows)
    s += fmt::format("| {} | {} | {} | {} | {} | {} | {} | {:.6g} | {} | {} | {} | {} |\n",
                     r.metric, r.arm, r.worse_when, r.n_pairs, fmt_value(r.baseline_mean, "{:.6g}"),
                     fmt_value(r.candidate_mean, "{:.6g}"), fmt_value(r.change, "{:+.6g}"),
                     r.tolerance, fmt_value(r.p, "{:.2e}"), fmt_value(r.wilcoxon_p, "{:.2e}"),
                     fmt_value(r.p_holm, "{:.2e}"),
                     r.verdict == "worse" ? std::string("**worse**") : r.verdict);
  s += "\n" + compare_verdict_line(result) + "\n";
  return s;
}

std::string compare_verdict_line(const CompareResult& result) {
  const std::size_t worse = result.n_worse();
  if (worse == 0)
    return fmt::format(
        "compare: OK: {}: nothing significantly worse ({} metric x arm rows, "
        "alpha {}, Holm-adjusted)",
        result.experiment, result.rows.size(), result.alpha);
  std::vector<std::string> what;
  for (const CompareRow& r : result.rows)
    if (r.verdict == "worse")
      what.push_back(fmt::format("{} {} {} -> {} ({}, p_holm {})", r.arm, r.metric,
                                 fmt_value(r.baseline_mean, "{:.6g}"),
                                 fmt_value(r.candidate_mean, "{:.6g}"),
                                 fmt_value(r.change, "{:+.6g}"), fmt_value(r.p_holm, "{:.2e}")));
  return fmt::format("compare: REGRESSION: {}: {} of {} metric x arm rows significantly worse: {}",
                     result.experiment, worse, result.rows.size(), fmt::join(what, "; "));
}

}  // namespace rwwce::harness
