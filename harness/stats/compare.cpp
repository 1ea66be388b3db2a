#include "harness/stats/compare.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <cmath>
#include <set>
#include <tuple>
#include <type_traits>

#include "core/input_error.hpp"
#include "harness/stats/holm.hpp"
#include "harness/stats/metric_direction.hpp"
#include "harness/stats/minimal_detectable_change.hpp"
#include "harness/stats/non_inferiority.hpp"
#include "harness/stats/paired_comparison.hpp"

namespace rwwce::harness {
namespace {

// experiment, dataset, arm, root_seed (empty unless runs are paired by root seed)
using Key = std::tuple<std::string, std::string, std::string, std::string>;

std::optional<double> as_number(const Value& v) {
  if (const auto* d = std::get_if<double>(&v)) return *d;
  if (const auto* i = std::get_if<std::int64_t>(&v)) return static_cast<double>(*i);
  return std::nullopt;
}

std::string key_text(const Key& k) {
  if (std::get<3>(k).empty())
    return fmt::format("({}, {}, {})", std::get<0>(k), std::get<1>(k), std::get<2>(k));
  return fmt::format("({}, {}, {}, {})", std::get<0>(k), std::get<1>(k), std::get<2>(k),
                     std::get<3>(k));
}

bool has_root_seed(const std::vector<Record>& runs) {
  return !runs.empty() && std::all_of(runs.begin(), runs.end(), [](const Record& r) {
    return r.find("root_seed") != nullptr;
  });
}

// The root seeds of `runs` in ascending numeric order, each with its rank ("#0", "#1", ...).
std::map<std::string, std::string> seed_ranks(const std::vector<Record>& runs) {
  std::set<std::pair<std::uint64_t, std::string>> seeds;
  for (const Record& r : runs) {
    const std::string s = r.text("root_seed");
    std::uint64_t v = 0;
    for (char c : s) v = v * 10 + static_cast<std::uint64_t>(c >= '0' && c <= '9' ? c - '0' : 0);
    seeds.emplace(v, s);
  }
  std::map<std::string, std::string> ranks;
  std::size_t i = 0;
  for (const auto& [v, s] : seeds) ranks[s] = fmt::format("#{}", i++);
  return ranks;
}

std::map<Key, const Record*> index_runs(const std::vector<Record>& runs, const std::string& side,
                                        bool by_seed,
                                        const std::map<std::string, std::string>* ranks = nullptr) {
  const char* fields =
      by_seed ? "(experiment, dataset, arm, root_seed)" : "(experiment, dataset, arm)";
  std::map<Key, const Record*> out;
  for (const Record& r : runs) {
    Key k;
    try {
      k = {
          r.text("experiment"), r.text("dataset"), r.text("arm"),
          by_seed ? (ranks ? ranks->at(r.text("root_seed")) : r.text("root_seed")) : std::string()};
    } catch (const InputError& e) {
      throw InputError(fmt::format("{} runs: {}; runs are paired by {}", side, e.what(), fields));
    }
    if (!out.emplace(k, &r).second)
      throw InputError(fmt::format(
          "{} runs: {} appears twice; each {} must be one run{}", side, key_text(k), fields,
          !by_seed && has_root_seed(runs)
              ? " (these runs have a root_seed column but the other side has none, so runs "
                "are not paired by root seed)"
              : ""));
  }
  if (out.empty()) throw InputError(side + " runs: no runs to compare");
  return out;
}

template <class Keys>
std::string list_some(const Keys& keys, std::size_t most = 5) {
  std::string s;
  std::size_t i = 0;
  for (const auto& k : keys) {
    if (i == most) break;
    if constexpr (std::is_same_v<std::decay_t<decltype(k)>, Key>)
      s += (i ? ", " : "") + key_text(k);
    else
      s += (i ? "; " : "") + k;
    ++i;
  }
  if (keys.size() > most) s += fmt::format(" and {} more", keys.size() - most);
  return s;
}

std::string fmt_value(const Value& v, const char* spec) {
  const auto x = as_number(v);
  return x ? fmt::format(fmt::runtime(spec), *x) : std::string("undefined");
}

// Why a candidate cell is no value where the baseline has one; empty when it is a finite number.
std::string why_not_a_value(const Record& r, const std::string& metric) {
  const Value* v = r.find(metric);
  if (v == nullptr) return "column absent";
  if (std::holds_alternative<Undefined>(*v)) return "blank";
  if (const auto* s = std::get_if<std::string>(v)) return fmt::format("text '{}'", *s);
  const double x = *as_number(*v);
  if (std::isnan(x)) return "NaN";
  if (std::isinf(x)) return x > 0 ? "inf" : "-inf";
  return {};
}

void check_per_metric(const std::map<std::string, double>& values, const char* option,
                      const std::vector<std::string>& metrics) {
  for (const auto& [metric, v] : values) {
    if (!(v >= 0) || !std::isfinite(v))
      throw InputError(fmt::format("--{} {}={}: expected a finite value >= 0", option, metric, v));
    if (std::find(metrics.begin(), metrics.end(), metric) == metrics.end())
      throw InputError(fmt::format("--{} {}: not one of the compared metrics ({})", option, metric,
                                   fmt::join(metrics, ",")));
  }
}

}  // namespace

std::size_t CompareResult::n_worse() const {
  return static_cast<std::size_t>(std::count_if(
      rows.begin(), rows.end(), [](const CompareRow& r) { return r.verdict == "worse"; }));
}

std::size_t CompareResult::n_broken() const {
  return static_cast<std::size_t>(std::count_if(
      rows.begin(), rows.end(), [](const CompareRow& r) { return r.verdict == "broken"; }));
}

std::size_t CompareResult::n_not_testable() const {
  return static_cast<std::size_t>(std::count_if(
      rows.begin(), rows.end(), [](const CompareRow& r) { return r.verdict == "not testable"; }));
}

bool CompareResult::passed() const {
  return n_worse() == 0 && n_broken() == 0 && n_not_testable() == 0;
}

CompareResult compare_runs(const std::vector<Record>& baseline,
                           const std::vector<Record>& candidate, const CompareOptions& o) {
  if (!(o.alpha > 0 && o.alpha < 1))
    throw InputError(fmt::format("--alpha {}: expected a level in (0, 1), e.g. 0.01", o.alpha));
  if (!(o.power > o.alpha && o.power < 1))
    throw InputError(
        fmt::format("power {}: expected a probability in (alpha, 1), e.g. 0.8", o.power));
  if (o.metrics.empty()) throw InputError("--metrics: expected at least one metric");
  const bool by_seed = has_root_seed(baseline) && has_root_seed(candidate);
  // The same code run on other root seeds (as many of them) is paired seed by seed in order:
  // the baseline's k-th smallest root seed with the candidate's k-th.
  std::map<std::string, std::string> base_ranks, cand_ranks;
  bool by_rank = false;
  if (by_seed) {
    base_ranks = seed_ranks(baseline);
    cand_ranks = seed_ranks(candidate);
    std::set<std::string> bs, cs;
    for (const auto& [s, r] : base_ranks) bs.insert(s);
    for (const auto& [s, r] : cand_ranks) cs.insert(s);
    by_rank = bs != cs && bs.size() == cs.size();
  }
  const auto base = index_runs(baseline, "baseline", by_seed, by_rank ? &base_ranks : nullptr);
  const auto cand = index_runs(candidate, "candidate", by_seed, by_rank ? &cand_ranks : nullptr);

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
  if (!only_base.empty() || !only_cand.empty()) {
    std::string seeds_hint;
    if (by_seed) {
      std::set<std::string> bs, cs;
      for (const auto& [k, r] : base) bs.insert(std::get<3>(k));
      for (const auto& [k, r] : cand) cs.insert(std::get<3>(k));
      if (bs != cs)
        seeds_hint = fmt::format(
            " Both sides have a root_seed column, so runs are paired by root seed too: the "
            "baseline holds root seed(s) {}, the candidate {}.",
            fmt::join(bs, ","), fmt::join(cs, ","));
    }
    throw InputError(fmt::format(
        "unpaired runs: {} only in the baseline{}{}, {} only in the candidate{}{}. Compare runs "
        "of the same datasets and arms (same --datasets/--pairs, no missing shard).{}",
        only_base.size(), only_base.empty() ? "" : ": ", list_some(only_base), only_cand.size(),
        only_cand.empty() ? "" : ": ", list_some(only_cand), seeds_hint));
  }

  check_per_metric(o.tolerance, "tolerance", o.metrics);
  check_per_metric(o.margin, "margin", o.metrics);
  for (const auto& [metric, m] : o.margin)
    if (o.tolerance.count(metric))
      throw InputError(fmt::format(
          "--tolerance {0} and --margin {0}: give one; a margin replaces the tolerance with a "
          "one-sided test of 'worse by more than the margin'",
          metric));

  CompareResult result;
  result.experiment = *base_experiments.begin();
  result.alpha = o.alpha;
  result.power = o.power;
  result.paired_by_root_seed = by_seed;
  result.paired_by_seed_rank = by_rank;
  result.n_runs = base.size();
  std::vector<std::string> arms;
  std::set<std::string> datasets, seeds;
  for (const auto& [k, r] : base) {
    datasets.insert(std::get<1>(k));
    if (by_seed) seeds.insert(std::get<3>(k));
  }
  for (const Record& r : baseline)
    if (std::find(arms.begin(), arms.end(), r.text("arm")) == arms.end())
      arms.push_back(r.text("arm"));
  result.n_datasets = datasets.size();
  result.n_root_seeds = seeds.size();

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
    const bool has_margin = o.margin.count(metric) > 0;
    for (const std::string& arm : arms) {
      CompareRow row;
      row.metric = metric;
      row.arm = arm;
      row.worse_when = *direction == WorseDirection::higher ? "higher" : "lower";
      row.tolerance = tol;
      std::vector<double> b, c;
      bool all_zero = true, candidate_only = false;
      for (const auto& [k, rb] : base) {
        if (std::get<2>(k) != arm) continue;
        const Record& rc = *cand.at(k);
        const std::string why = why_not_a_value(rc, metric);
        std::optional<double> vb;
        try {
          vb = rb->number(metric);
        } catch (const InputError& e) {
          throw InputError(fmt::format("baseline run {}: {}", key_text(k), e.what()));
        }
        if (!vb || !std::isfinite(*vb)) {  // no baseline value: nothing to regress from
          candidate_only = candidate_only || why.empty();
          continue;
        }
        if (!why.empty()) {
          row.broken.push_back(key_text(k) + ": " + why);
          continue;
        }
        const double vc = *rc.number(metric);
        b.push_back(*vb);
        c.push_back(vc);
        all_zero = all_zero && vc - *vb == 0.0;
      }
      row.n_pairs = b.size();
      const Value undef{Undefined{}};
      row.baseline_mean = row.candidate_mean = row.change = undef;
      row.t = row.p = row.wilcoxon_p = row.p_margin = row.p_holm = undef;
      row.margin = row.min_detectable_change = undef;
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
      double deciding_p = pc.p;
      if (has_margin) {
        const double delta = o.margin.at(metric);
        const NonInferiorityTest ni =
            non_inferiority_test(b, c, *direction, delta, o.alpha, o.power);
        row.margin = delta;
        row.p_margin = finite_or_undefined(ni.p);
        row.min_detectable_change = finite_or_undefined(ni.min_detectable_worsening);
        deciding_p = ni.p;
      } else {
        row.min_detectable_change = finite_or_undefined(
            minimal_detectable_change(pc.n, pc.sd_diff, o.alpha, o.power, TestSides::two_sided));
      }
      raw_p.push_back(std::isfinite(deciding_p) ? deciding_p : NAN);
      // Unchanged: every pair identical, or the metric undefined on both sides in every run.
      const bool unchanged = all_zero && (!b.empty() || !candidate_only);
      row.verdict = !row.broken.empty() ? "broken"
                    : unchanged         ? "unchanged"
                    : b.size() < 2      ? "not testable"
                                        : "";
      result.rows.push_back(std::move(row));
    }
  }
  const std::vector<double> adjusted = holm_adjust(raw_p);
  for (std::size_t i = 0; i < result.rows.size(); ++i) {
    CompareRow& row = result.rows[i];
    row.p_holm = finite_or_undefined(adjusted[i]);
    if (!row.verdict.empty()) continue;
    const auto p_holm = as_number(row.p_holm);
    const double w = worsening(*worse_direction(row.metric), *as_number(row.change));
    if (as_number(row.margin)) {
      // p undefined with >= 2 pairs: every worsening exactly equal to the margin, not beyond it.
      row.verdict = p_holm && *p_holm < o.alpha ? "worse" : "within margin";
    } else if (!p_holm) {
      row.verdict = "not testable";
    } else if (*p_holm >= o.alpha) {
      row.verdict = "no significant change";
    } else {
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
        .set("margin", r.margin)
        .set("t", r.t)
        .set("p", r.p)
        .set("p_margin", r.p_margin)
        .set("wilcoxon_p", r.wilcoxon_p)
        .set("p_holm", r.p_holm)
        .set("alpha", result.alpha)
        .set("min_detectable_change", r.min_detectable_change)
        .set("power", result.power)
        .set("verdict", r.verdict)
        .set("n_broken", static_cast<std::int64_t>(r.broken.size()))
        .set("broken", fmt::format("{}", fmt::join(r.broken, "; ")));
    out.push_back(std::move(rec));
  }
  return out;
}

namespace {

std::string paired_by_text(const CompareResult& result) {
  if (result.paired_by_seed_rank)
    return fmt::format(
        "(experiment, dataset, arm, root seed rank: the two runs used different root seeds, "
        "paired in ascending order) over {} datasets and {} root seeds",
        result.n_datasets, result.n_root_seeds);
  return result.paired_by_root_seed
             ? fmt::format(
                   "(experiment, dataset, arm, root_seed) over {} datasets and {} root "
                   "seeds",
                   result.n_datasets, result.n_root_seeds)
             : fmt::format("(experiment, dataset, arm) over {} datasets", result.n_datasets);
}

}  // namespace

std::string render_compare_markdown(const CompareResult& result, const std::string& baseline,
                                    const std::string& candidate) {
  std::string s = fmt::format("# Regression check: {}\n\n", result.experiment);
  s += fmt::format(
      "Baseline `{}`, candidate `{}`: {} runs paired by {}. Paired t-test of candidate - "
      "baseline per metric and arm, Holm-adjusted across the {} rows; a row is worse when "
      "p_holm < {} and the mean moved in the worse direction by more than its tolerance, or, "
      "for a row with a margin, when the one-sided test of 'worse by more than the margin' has "
      "p_holm < {}. A row is broken when the candidate has no finite value where the baseline "
      "has one, and not testable with fewer than 2 pairs; either fails the gate. Detectable: "
      "the true change the row's test catches with {:.0f}% power at alpha {} (before Holm).\n\n",
      baseline, candidate, result.n_runs, paired_by_text(result), result.rows.size(), result.alpha,
      result.alpha, 100 * result.power, result.alpha);
  s += "| Metric | Arm | Worse when | Pairs | Baseline mean | Candidate mean | Change | "
       "Tolerance | Margin | p (t-test) | p (margin) | p (Wilcoxon) | p_holm | Detectable | "
       "Verdict |\n";
  s += "|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|\n";
  for (const CompareRow& r : result.rows) {
    const bool fails = r.verdict == "worse" || r.verdict == "broken" || r.verdict == "not testable";
    s += fmt::format(
        "| {} | {} | {} | {} | {} | {} | {} | {:.6g} | {} | {} | {} | {} | {} | {} | {} |\n",
        r.metric, r.arm, r.worse_when, r.n_pairs, fmt_value(r.baseline_mean, "{:.6g}"),
        fmt_value(r.candidate_mean, "{:.6g}"), fmt_value(r.change, "{:+.6g}"), r.tolerance,
        as_number(r.margin) ? fmt_value(r.margin, "{:.6g}") : std::string("-"),
        fmt_value(r.p, "{:.2e}"),
        as_number(r.margin) ? fmt_value(r.p_margin, "{:.2e}") : std::string("-"),
        fmt_value(r.wilcoxon_p, "{:.2e}"), fmt_value(r.p_holm, "{:.2e}"),
        fmt_value(r.min_detectable_change, "{:.3g}"), fails ? "**" + r.verdict + "**" : r.verdict);
  }
  std::string broken, untestable;
  for (const CompareRow& r : result.rows) {
    if (r.verdict == "broken") {
      broken += fmt::format(
          "- {} {}: {} run(s) without a finite candidate value where the "
          "baseline has one:\n",
          r.arm, r.metric, r.broken.size());
      for (const auto& b : r.broken) broken += "  - " + b + "\n";
    }
    if (r.verdict == "not testable")
      untestable += fmt::format("- {} {}: {} pair(s) with a finite value on both sides\n", r.arm,
                                r.metric, r.n_pairs);
  }
  if (!broken.empty()) s += "\nBroken rows (candidate values missing or not finite):\n\n" + broken;
  if (!untestable.empty()) s += "\nNot testable (a test needs at least 2 pairs):\n\n" + untestable;
  s += "\n" + compare_verdict_line(result) + "\n";
  return s;
}

std::string compare_verdict_line(const CompareResult& result) {
  if (result.passed())
    return fmt::format(
        "compare: OK: {}: nothing significantly worse ({} metric x arm rows, "
        "alpha {}, Holm-adjusted)",
        result.experiment, result.rows.size(), result.alpha);
  std::vector<std::string> worse, broken, untestable;
  for (const CompareRow& r : result.rows) {
    if (r.verdict == "worse")
      worse.push_back(fmt::format(
          "{} {} {} -> {} ({}{}, p_holm {})", r.arm, r.metric, fmt_value(r.baseline_mean, "{:.6g}"),
          fmt_value(r.candidate_mean, "{:.6g}"), fmt_value(r.change, "{:+.6g}"),
          as_number(r.margin) ? ", margin " + fmt_value(r.margin, "{:.6g}") : std::string(),
          fmt_value(r.p_holm, "{:.2e}")));
    if (r.verdict == "broken")
      broken.push_back(fmt::format("{} {}: no finite candidate value in {}", r.arm, r.metric,
                                   list_some(r.broken, 3)));
    if (r.verdict == "not testable")
      untestable.push_back(fmt::format("{} {} ({} pairs)", r.arm, r.metric, r.n_pairs));
  }
  const std::size_t m = result.rows.size();
  std::vector<std::string> parts;
  if (!worse.empty())
    parts.push_back(fmt::format("{} of {} metric x arm rows significantly worse: {}", worse.size(),
                                m, fmt::join(worse, "; ")));
  if (!broken.empty())
    parts.push_back(
        fmt::format("{} of {} rows broken (the candidate lacks values the baseline has): {}",
                    broken.size(), m, fmt::join(broken, "; ")));
  if (!untestable.empty())
    parts.push_back(fmt::format("{} of {} rows not testable (fewer than 2 pairs): {}",
                                untestable.size(), m, fmt::join(untestable, "; ")));
  const char* headline = !worse.empty()    ? "REGRESSION"
                         : !broken.empty() ? "BROKEN"
                                           : "NOT TESTABLE";
  return fmt::format("compare: {}: {}: {}", headline, result.experiment, fmt::join(parts, "; "));
}

}  // namespace rwwce::harness
