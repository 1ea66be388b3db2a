#include "experiments/study_report.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>

#include "experiments/study_summary.hpp"
#include "harness/metrics/payoff_matrix.hpp"
#include "models/any_loss.hpp"
#include "models/loss_registry.hpp"

namespace rwwce::experiments {
namespace {

std::string fill(std::string text, const RunShape& shape) {
  const auto replace = [&](const std::string& key, const std::string& value) {
    for (std::size_t at; (at = text.find(key)) != std::string::npos;)
      text.replace(at, key.size(), value);
  };
  replace("{tasks}", std::to_string(shape.tasks));
  replace("{seeds}", std::to_string(shape.seeds));
  return text;
}

std::optional<double> published(const PublishedSpec& p, const std::string& arm,
                                const std::string& metric) {
  if (!p.shows(arm)) return std::nullopt;
  const auto a = p.arms.find(arm);
  if (a == p.arms.end()) return std::nullopt;
  const auto m = a->second.find(metric);
  if (m == a->second.end()) return std::nullopt;
  return m->second;
}

std::string cost_note(const Study& s) {
  const CostSpec& c = s.costs;
  switch (c.kind) {
    case CostSpec::Kind::error_costs:
      return fmt::format(
          "RWC = ({} FN + {} FP) / n_test, dollars per example (w_fn = {}, w_fp = "
          "{}).",
          c.w_fn, c.w_fp, c.w_fn, c.w_fp);
    case CostSpec::Kind::payoff:
      return fmt::format(
          "Expected value per example = (TN v_tn + FP v_fp + TP v_tp + FN v_fn) / n x {} $ per "
          "{}, with the outcome values ({}) TP {}, FP {}, TN {}, FN {}; Elkan's p* = {:.6g}.",
          c.dollars_per_unit, c.unit, c.unit, c.payoff.tp, c.payoff.fp, c.payoff.tn, c.payoff.fn,
          harness::elkan_threshold(c.payoff));
    case CostSpec::Kind::pairs:
      return fmt::format(
          "RWC = (off-diagonal errors + {} x high-cost mistakes) / n_test: every error costs 1, "
          "the task's (true, predicted) mistake {}.",
          c.pair_cost, 1 + c.pair_cost);
    case CostSpec::Kind::matrix:
      return fmt::format(
          "RWC = sum of decision_cost[true][predicted] over the test examples / "
          "n_test; high-cost mistakes are those costing more than {}.",
          c.high_cost_above ? fmt::format("{}", *c.high_cost_above)
                            : std::string("the cheapest mistake"));
    case CostSpec::Kind::none:
      break;
  }
  return "No costs stated: error rates only.";
}

}  // namespace

RunShape run_shape(const harness::RunContext& c) {
  RunShape shape;
  shape.seeds = c.seeds.empty() ? 1 : c.seeds.size();
  shape.tasks = c.tasks.size() / shape.seeds;
  for (const auto& [k, v] : c.settings)
    if (k == "input_dim") shape.input_dim = static_cast<std::size_t>(std::stoul(v));
  return shape;
}

std::string describe_model(const Study& s, const ModelSpec& m, std::size_t input_dim) {
  std::vector<std::string> sizes;
  sizes.push_back(input_dim > 0 ? std::to_string(input_dim) : std::string("in"));
  for (auto w : m.layers) sizes.push_back(std::to_string(w));
  sizes.push_back(s.binary() ? "1" : "K");
  std::string out =
      fmt::format("{} ({}{})", fmt::join(sizes, "-"), m.layers.empty() ? "" : "ReLU hidden, ",
                  s.binary() ? "sigmoid" : "softmax");
  std::string loss = m.loss.kind;
  if (!m.loss.numbers.empty()) {
    std::vector<std::string> kv;
    for (const auto& [k, v] : m.loss.numbers) kv.push_back(fmt::format("{}={}", k, v));
    loss += "(" + fmt::format("{}", fmt::join(kv, ", ")) + ")";
  }
  out += ", " + loss + ", " + models::describe(m.optimizer) +
         fmt::format(", {} epoch{}, batch {}", m.epochs, m.epochs == 1 ? "" : "s", m.batch);
  if (m.sampling.kind == SamplingSpec::Kind::oversample)
    out += fmt::format(", positives oversampled x{}", m.sampling.factor);
  if (m.sampling.kind == SamplingSpec::Kind::undersample)
    out += fmt::format(", {}% of negatives kept", 100 * m.sampling.keep);
  if (m.validation)
    out += fmt::format(", own validation {}% of the training rows", 100 * *m.validation);
  if (m.float64) out += ", float64";
  return out;
}

harness::PaperTable study_paper_table(const Study& s, const RunShape& shape) {
  harness::PaperTable t;
  t.name = s.name;
  t.title = fill(s.title, shape);
  if (!s.preset.empty()) t.title += " (" + s.preset + " preset)";
  t.columns = s.report.columns;
  const PublishedSpec& p = s.published;
  bool any_published = false;
  for (const ArmSpec& a : s.arms) {
    harness::TableRow row{a.name, a.label, {}};
    for (const auto& col : t.columns) {
      row.published.push_back(published(p, a.name, col.metric));
      any_published = any_published || row.published.back().has_value();
    }
    t.rows.push_back(std::move(row));
  }
  for (const auto& [arm, ref] : s.compare.comparisons) {
    harness::TableComparison c;
    c.arm = arm;
    c.reference = ref;
    c.label = s.arm(arm)->short_label + " vs " + s.arm(ref)->short_label;
    const auto pv = p.p_values.find({arm, ref});
    for (const auto& col : t.columns) {
      std::optional<double> v;
      if (pv != p.p_values.end() && p.shows(arm) && p.shows(ref)) {
        const auto m = pv->second.find(col.metric);
        if (m != pv->second.end()) v = m->second;
      }
      c.published_p.push_back(v);
    }
    t.comparisons.push_back(std::move(c));
  }
  if (p.present()) {
    if (any_published) {
      t.notes.push_back("Paper: " + p.source + ".");
      for (const auto& n : p.notes) t.notes.push_back(n);
    }
    if (!p.differences.empty()) {
      std::vector<std::string> dropped;
      for (const auto& a : p.changed_arms)
        if (a != "*" && p.arms.count(a)) dropped.push_back(a);
      if (!any_published)
        t.notes.push_back(
            fmt::format("Not the paper's protocol: {}. The paper's numbers are "
                        "omitted.",
                        fmt::join(p.differences, "; ")));
      else
        t.notes.push_back(fmt::format(
            "Differs from the paper's protocol for {}: {}. The paper's "
            "numbers are omitted for {}.",
            fmt::join(dropped, ", "), fmt::join(p.differences, "; "), fmt::join(dropped, ", ")));
    }
  }
  for (const auto& n : s.report.notes) t.notes.push_back(n);
  t.notes.push_back(cost_note(s));
  std::vector<std::string> models;
  for (const ModelSpec& m : s.models)
    models.push_back(m.name + ": " + describe_model(s, m, shape.input_dim));
  t.notes.push_back(fmt::format("Models: {}.", fmt::join(models, "; ")));
  t.notes.push_back(fmt::format(
      "Ours: means over {} task{} x {} root seed{}. The paper's test is scipy's ttest_rel over "
      "the tasks{}; it treats tasks as independent, which they need not be: the tests at the "
      "unit of analysis ({}) are in summary.csv (kind unit_comparison) and below.",
      shape.tasks, shape.tasks == 1 ? "" : "s", shape.seeds, shape.seeds == 1 ? "" : "s",
      shape.seeds > 1 ? " of each seed" : "", unit_name(s)));
  return t;
}

}  // namespace rwwce::experiments
