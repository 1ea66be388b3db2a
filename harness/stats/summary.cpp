#include "harness/stats/summary.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

#include "core/input_error.hpp"
#include "core/parallel.hpp"
#include "core/tsan_handoff.hpp"
#include "harness/run/seed_derivation.hpp"
#include "harness/stats/holm.hpp"
#include "harness/stats/paired_comparison.hpp"

namespace rwwce::harness {
namespace {

// metric value per pairing key for one arm, keyed by the pair keys' values joined.
std::map<std::string, std::optional<double>> values_by_key(const std::vector<Record>& runs,
                                                           const std::string& arm,
                                                           const std::string& metric,
                                                           const std::vector<std::string>& keys) {
  std::map<std::string, std::optional<double>> out;
  for (const Record& r : runs) {
    const Value* a = r.find("arm");
    if (a == nullptr || format_value(*a) != arm) continue;
    std::string key;
    for (const auto& k : keys) {
      const Value* v = r.find(k);
      key += (key.empty() ? "" : "/") + (v ? format_value(*v) : std::string());
    }
    if (!out.emplace(key, r.number(metric)).second)
      throw InputError("two runs of arm '" + arm + "' share " + key +
                       ": runs must be unique per pairing key and arm to be paired");
  }
  return out;
}

// The runs' values of `key` in ascending order: numerically when every value is a whole number.
std::vector<std::string> sorted_values(const std::vector<Record>& runs, const std::string& key) {
  std::set<std::string> values;
  for (const Record& r : runs)
    if (const Value* v = r.find(key)) values.insert(format_value(*v));
  std::vector<std::string> out(values.begin(), values.end());
  const bool numeric = std::all_of(out.begin(), out.end(), [](const std::string& s) {
    return !s.empty() && s.size() <= 20 && std::all_of(s.begin(), s.end(), ::isdigit);
  });
  if (numeric)
    std::sort(out.begin(), out.end(), [](const std::string& a, const std::string& b) {
      return a.size() != b.size() ? a.size() < b.size() : a < b;
    });
  return out;
}

std::string value_of(const Record& r, const std::string& key) {
  const Value* v = r.find(key);
  return v ? format_value(*v) : std::string();
}

std::vector<Record> runs_of_seed(const std::vector<Record>& runs, const std::string& seed_key,
                                 const std::string& seed) {
  std::vector<Record> out;
  for (const Record& r : runs)
    if (value_of(r, seed_key) == seed) out.push_back(r);
  return out;
}

// Dataset-level comparisons (the paper's tests) of `runs`, Holm across them.
std::vector<Comparison> compare_datasets(const std::vector<Record>& runs, const SummarySpec& spec,
                                         const std::string& seed) {
  std::vector<Comparison> out;
  std::vector<double> raw_p;
  for (const auto& [arm, reference] : spec.comparisons) {
    for (const auto& metric : spec.metrics) {
      Comparison c;
      c.arm = arm;
      c.reference = reference;
      c.metric = metric;
      c.seed = seed;
      const auto a = values_by_key(runs, arm, metric, spec.pair_keys);
      const auto b = values_by_key(runs, reference, metric, spec.pair_keys);
      std::vector<double> xs, ys;
      for (const auto& [key, va] : a) {
        const auto it = b.find(key);
        if (it == b.end() || !va || !it->second) continue;
        xs.push_back(*va);
        ys.push_back(*it->second);
      }
      c.n_pairs = xs.size();
      const PairedComparison pc = paired_comparison(xs, ys);
      c.mean_diff = finite_or_undefined(pc.mean_diff);
      c.sd_diff = finite_or_undefined(pc.sd_diff);
      c.t = finite_or_undefined(pc.t);
      c.df = finite_or_undefined(pc.df);
      c.p = finite_or_undefined(pc.p);
      c.ci95_low = finite_or_undefined(pc.ci95_low);
      c.ci95_high = finite_or_undefined(pc.ci95_high);
      c.wilcoxon_statistic = finite_or_undefined(pc.wilcoxon_statistic);
      c.wilcoxon_p = finite_or_undefined(pc.wilcoxon_p);
      // One pair: its difference as it is (a non-finite one is written, not hidden), as before.
      if (xs.size() == 1) c.mean_diff = pc.mean_diff;
      raw_p.push_back(std::holds_alternative<double>(c.p) ? std::get<double>(c.p) : NAN);
      out.push_back(std::move(c));
    }
  }
  const std::vector<double> adjusted = holm_adjust(raw_p);
  for (std::size_t i = 0; i < out.size(); ++i) out[i].p_holm = finite_or_undefined(adjusted[i]);
  return out;
}

// Each unit's mean of `metric` over the arm's runs in it (undefined values left out).
std::map<std::string, double> unit_means(const std::vector<Record>& runs, const std::string& arm,
                                         const std::string& metric, const std::string& unit_key) {
  std::map<std::string, std::pair<double, std::size_t>> sums;
  for (const Record& r : runs) {
    if (value_of(r, "arm") != arm) continue;
    const auto v = r.number(metric);
    if (!v) continue;
    auto& s = sums[value_of(r, unit_key)];
    s.first += *v;
    ++s.second;
  }
  std::map<std::string, double> out;
  for (const auto& [unit, s] : sums) out[unit] = s.first / static_cast<double>(s.second);
  return out;
}

std::vector<UnitComparison> compare_units(const std::vector<Record>& runs, const SummarySpec& spec,
                                          const std::string& seed, bool pooled) {
  // One row per (comparison, metric), each from its own derived seed: the rows are computed in
  // parallel (the bootstrap and the Bayesian posterior draws are most of a small run's summary)
  // and come out the same whatever the thread count.
  std::vector<UnitComparison> out;
  for (const auto& [arm, reference] : spec.comparisons) {
    for (const auto& metric : spec.metrics) {
      UnitComparison u;
      u.arm = arm;
      u.reference = reference;
      u.metric = metric;
      u.seed = seed;
      out.push_back(std::move(u));
    }
  }
  int before = 0, after = 0;  // TSan's tokens for TBB's hand-offs (core/tsan_handoff.hpp)
  tsan_release(&before);
  for_each_index(out.size(), [&](std::size_t row) {
    tsan_acquire(&before);
    UnitComparison& u = out[row];
    const std::string &arm = u.arm, &reference = u.reference, &metric = u.metric;
    {
      const auto a = unit_means(runs, arm, metric, spec.unit_key);
      const auto b = unit_means(runs, reference, metric, spec.unit_key);
      std::vector<double> xs, ys, diffs;
      for (const auto& [unit, va] : a) {
        const auto it = b.find(unit);
        if (it == b.end()) continue;
        xs.push_back(va);
        ys.push_back(it->second);
        diffs.push_back(va - it->second);
      }
      u.n_units = xs.size();
      u.test = paired_comparison(xs, ys);
      if (pooled && !diffs.empty()) {
        const std::uint64_t seed_of_row =
            derive_seed(spec.bootstrap_seed, "unit_comparison", arm + "|" + reference, metric);
        BootstrapOptions bo;
        bo.resamples = spec.bootstrap_resamples;
        u.bootstrap = cluster_bootstrap_ci(diffs, seed_of_row, bo);
        const auto rope = spec.rope.find(metric);
        if (rope != spec.rope.end()) {
          BayesianSignedRankOptions o;
          o.rope = rope->second;
          u.has_bayes = true;
          u.rope = rope->second;
          u.bayes = bayesian_signed_rank(xs, ys, seed_of_row ^ 0x9e3779b97f4a7c15ULL, o);
        }
      }
    }
    tsan_release(&after);
  });
  tsan_acquire(&after);
  std::vector<double> raw_p;
  for (const UnitComparison& u : out) raw_p.push_back(u.test.p);
  const std::vector<double> adjusted = holm_adjust(raw_p);
  for (std::size_t i = 0; i < out.size(); ++i) out[i].p_holm = adjusted[i];
  return out;
}

}  // namespace

const ArmMean* Summary::mean_of(const std::string& arm, const std::string& metric) const {
  for (const auto& m : means)
    if (m.arm == arm && m.metric == metric) return &m;
  return nullptr;
}

const Comparison* Summary::comparison_of(const std::string& arm, const std::string& reference,
                                         const std::string& metric) const {
  for (const auto& c : comparisons)
    if (c.arm == arm && c.reference == reference && c.metric == metric) return &c;
  return nullptr;
}

const SeedSpreadRow* Summary::spread_of(const std::string& arm, const std::string& metric) const {
  for (const auto& s : seed_spreads)
    if (s.arm == arm && s.metric == metric) return &s;
  return nullptr;
}

const UnitComparison* Summary::unit_comparison_of(const std::string& arm,
                                                  const std::string& reference,
                                                  const std::string& metric) const {
  for (const auto& u : unit_comparisons)
    if (u.arm == arm && u.reference == reference && u.metric == metric) return &u;
  return nullptr;
}

std::vector<double> Summary::seed_values(const std::string& arm, const std::string& metric) const {
  std::vector<double> out;
  for (const auto& seed : seeds)
    for (const auto& m : seed_means)
      if (m.arm == arm && m.metric == metric && m.seed == seed && m.n_defined > 0)
        out.push_back(m.mean);
  return out;
}

Summary summarize(const std::vector<Record>& runs, const SummarySpec& spec) {
  Summary s;
  s.unit_key = spec.unit_key;
  for (const auto& arm : spec.arms) {
    for (const auto& metric : spec.metrics) {
      ArmMean m{arm, metric};
      double sum = 0, sum_sq = 0;
      for (const auto& [key, v] : values_by_key(runs, arm, metric, spec.pair_keys)) {
        ++m.n_runs;
        if (!v) continue;
        ++m.n_defined;
        sum += *v;
      }
      if (m.n_defined > 0) m.mean = sum / static_cast<double>(m.n_defined);
      for (const auto& [key, v] : values_by_key(runs, arm, metric, spec.pair_keys))
        if (v) sum_sq += (*v - m.mean) * (*v - m.mean);
      m.sd = m.n_defined > 1 ? std::sqrt(sum_sq / static_cast<double>(m.n_defined - 1)) : NAN;
      s.means.push_back(m);
    }
  }
  s.comparisons = compare_datasets(runs, spec, "");

  // Per root seed: each arm's table mean, the paper's tests on that seed's runs alone.
  s.seeds = sorted_values(runs, spec.seed_key);
  std::map<std::string, std::vector<Record>> by_seed;
  for (const auto& seed : s.seeds) by_seed[seed] = runs_of_seed(runs, spec.seed_key, seed);
  // The degenerate-run rate gets a seed spread too (its verdict against a published rate).
  std::vector<std::string> seed_metrics = spec.metrics;
  if (!spec.degenerate_key.empty() && std::find(seed_metrics.begin(), seed_metrics.end(),
                                                spec.degenerate_key) == seed_metrics.end())
    seed_metrics.push_back(spec.degenerate_key);
  for (const auto& arm : spec.arms) {
    for (const auto& metric : seed_metrics) {
      std::vector<double> values;
      for (const auto& seed : s.seeds) {
        SeedMean m{arm, metric, seed};
        double sum = 0;
        for (const auto& [key, v] : values_by_key(by_seed[seed], arm, metric, spec.pair_keys))
          if (v) {
            sum += *v;
            ++m.n_defined;
          }
        if (m.n_defined > 0) {
          m.mean = sum / static_cast<double>(m.n_defined);
          values.push_back(m.mean);
        }
        s.seed_means.push_back(m);
      }
      bool finite =
          std::all_of(values.begin(), values.end(), [](double v) { return std::isfinite(v); });
      if (finite && !values.empty()) s.seed_spreads.push_back({arm, metric, seed_spread(values)});
    }
  }
  for (const auto& seed : s.seeds) {
    const auto c = compare_datasets(by_seed[seed], spec, seed);
    s.seed_comparisons.insert(s.seed_comparisons.end(), c.begin(), c.end());
  }

  if (!spec.unit_key.empty()) {
    s.unit_comparisons = compare_units(runs, spec, "", true);
    for (const auto& seed : s.seeds) {
      const auto u = compare_units(by_seed[seed], spec, seed, false);
      s.seed_unit_comparisons.insert(s.seed_unit_comparisons.end(), u.begin(), u.end());
    }
  }

  if (!spec.degenerate_key.empty()) {
    const std::vector<std::string> units =
        spec.unit_key.empty() ? std::vector<std::string>{} : sorted_values(runs, spec.unit_key);
    for (const auto& arm : spec.arms) {
      std::map<std::string, std::pair<std::size_t, std::size_t>> counts;  // unit -> (runs, deg.)
      for (const Record& r : runs) {
        if (value_of(r, "arm") != arm) continue;
        const auto d = r.number(spec.degenerate_key);
        if (!d) continue;
        const auto count = [&](const std::string& key) {
          auto& c = counts[key];
          ++c.first;
          c.second += *d != 0;
        };
        count("");
        if (!spec.unit_key.empty()) count("=" + value_of(r, spec.unit_key));
      }
      if (counts.empty()) continue;
      const auto add = [&](const std::string& unit, const std::pair<std::size_t, std::size_t>& c) {
        s.degenerate.push_back(
            {arm, unit, c.first, c.second, clopper_pearson_ci(c.second, c.first)});
      };
      add("", counts[""]);
      for (const auto& unit : units)
        if (counts.count("=" + unit)) add(unit, counts["=" + unit]);
    }
  }
  return s;
}

std::vector<Record> summary_records(const Summary& summary) {
  std::vector<Record> out;
  const Value undef{Undefined{}};
  const auto num = [](double v) { return finite_or_undefined(v); };
  for (const auto& m : summary.means) {
    Record r;
    r.set("kind", std::string("mean"))
        .set("arm", m.arm)
        .set("reference", undef)
        .set("metric", m.metric)
        .set("n", static_cast<std::int64_t>(m.n_defined))
        .set("mean", m.n_defined > 0 ? Value{m.mean} : undef)
        .set("sd", finite_or_undefined(m.sd));
    for (const char* f : {"mean_diff", "t", "df", "p", "ci95_low", "ci95_high",
                          "wilcoxon_statistic", "wilcoxon_p", "p_holm"})
      r.set(f, undef);
    out.push_back(std::move(r));
  }
  const auto comparison_record = [&](const Comparison& c, const char* kind) {
    Record r;
    r.set("kind", std::string(kind))
        .set("arm", c.arm)
        .set("reference", c.reference)
        .set("metric", c.metric)
        .set("n", static_cast<std::int64_t>(c.n_pairs))
        .set("mean", undef)
        .set("sd", c.sd_diff)
        .set("mean_diff", c.mean_diff)
        .set("t", c.t)
        .set("df", c.df)
        .set("p", c.p)
        .set("ci95_low", c.ci95_low)
        .set("ci95_high", c.ci95_high)
        .set("wilcoxon_statistic", c.wilcoxon_statistic)
        .set("wilcoxon_p", c.wilcoxon_p)
        .set("p_holm", c.p_holm);
    if (!c.seed.empty()) r.set("root_seed", c.seed);
    return r;
  };
  for (const auto& c : summary.comparisons) out.push_back(comparison_record(c, "comparison"));
  for (const auto& m : summary.seed_means) {
    Record r;
    r.set("kind", std::string("seed_mean"))
        .set("arm", m.arm)
        .set("metric", m.metric)
        .set("n", static_cast<std::int64_t>(m.n_defined))
        .set("mean", m.n_defined > 0 ? Value{m.mean} : undef)
        .set("root_seed", m.seed);
    out.push_back(std::move(r));
  }
  for (const auto& s : summary.seed_spreads) {
    Record r;
    r.set("kind", std::string("seed_spread"))
        .set("arm", s.arm)
        .set("metric", s.metric)
        .set("n", static_cast<std::int64_t>(s.spread.n))
        .set("mean", num(s.spread.mean))
        .set("sd", num(s.spread.sd))
        .set("min", num(s.spread.min))
        .set("max", num(s.spread.max))
        .set("interval_low", num(s.spread.prediction_low))
        .set("interval_high", num(s.spread.prediction_high));
    out.push_back(std::move(r));
  }
  for (const auto& c : summary.seed_comparisons)
    out.push_back(comparison_record(c, "seed_comparison"));
  const auto unit_record = [&](const UnitComparison& u, const char* kind) {
    Record r;
    r.set("kind", std::string(kind))
        .set("arm", u.arm)
        .set("reference", u.reference)
        .set("metric", u.metric)
        .set("n", static_cast<std::int64_t>(u.n_units))
        .set("sd", num(u.test.sd_diff))
        .set("mean_diff", u.n_units == 1 ? Value{u.test.mean_diff} : num(u.test.mean_diff))
        .set("t", num(u.test.t))
        .set("df", num(u.test.df))
        .set("p", num(u.test.p))
        .set("ci95_low", num(u.test.ci95_low))
        .set("ci95_high", num(u.test.ci95_high))
        .set("wilcoxon_statistic", num(u.test.wilcoxon_statistic))
        .set("wilcoxon_p", num(u.test.wilcoxon_p))
        .set("p_holm", num(u.p_holm))
        .set("unit", summary.unit_key);
    if (!u.seed.empty()) r.set("root_seed", u.seed);
    if (u.seed.empty() && u.n_units > 0)
      r.set("boot_low", num(u.bootstrap.low)).set("boot_high", num(u.bootstrap.high));
    if (u.has_bayes)
      r.set("rope", u.rope)
          .set("p_arm_higher", num(u.bayes.p_left))
          .set("p_rope", num(u.bayes.p_rope))
          .set("p_arm_lower", num(u.bayes.p_right));
    return r;
  };
  for (const auto& u : summary.unit_comparisons) out.push_back(unit_record(u, "unit_comparison"));
  for (const auto& u : summary.seed_unit_comparisons)
    out.push_back(unit_record(u, "seed_unit_comparison"));
  for (const auto& d : summary.degenerate) {
    Record r;
    r.set("kind", std::string("degenerate"))
        .set("arm", d.arm)
        .set("metric", std::string("degenerate"))
        .set("n", static_cast<std::int64_t>(d.n_runs))
        .set("mean", num(d.rate.proportion))
        .set("unit", d.unit.empty() ? Value{undef} : Value{summary.unit_key + "=" + d.unit})
        .set("n_degenerate", static_cast<std::int64_t>(d.n_degenerate))
        .set("interval_low", num(d.rate.low))
        .set("interval_high", num(d.rate.high));
    out.push_back(std::move(r));
  }
  return out;
}

}  // namespace rwwce::harness
