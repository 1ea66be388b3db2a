#include "harness/stats/summary.hpp"

#include <cmath>
#include <map>

#include "core/input_error.hpp"
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

Summary summarize(const std::vector<Record>& runs, const SummarySpec& spec) {
  Summary s;
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

  std::vector<double> raw_p;
  for (const auto& [arm, reference] : spec.comparisons) {
    for (const auto& metric : spec.metrics) {
      Comparison c;
      c.arm = arm;
      c.reference = reference;
      c.metric = metric;
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
      s.comparisons.push_back(std::move(c));
    }
  }
  const std::vector<double> adjusted = holm_adjust(raw_p);
  for (std::size_t i = 0; i < s.comparisons.size(); ++i)
    s.comparisons[i].p_holm = finite_or_undefined(adjusted[i]);
  return s;
}

std::vector<Record> summary_records(const Summary& summary) {
  std::vector<Record> out;
  const Value undef{Undefined{}};
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
  for (const auto& c : summary.comparisons) {
    Record r;
    r.set("kind", std::string("comparison"))
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
    out.push_back(std::move(r));
  }
  return out;
}

}  // namespace rwwce::harness
