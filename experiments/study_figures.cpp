#include "experiments/study_figures.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <map>
#include <set>

#include "core/parallel.hpp"
#include "core/tsan_handoff.hpp"
#include "harness/report/figures_calibration.hpp"
#include "harness/report/figures_matrix.hpp"
#include "harness/report/figures_paired.hpp"

namespace rwwce::experiments {
namespace fs = std::filesystem;
namespace {

using harness::CellFormat;

// How a metric reads on an axis: label, unit and the factor from the stored value.
struct MetricView {
  std::string name, label, unit;
  double factor = 1;
  bool higher_is_better = false;
};

MetricView metric_view(const Study& s, const std::string& metric) {
  MetricView v{metric, metric, "", 1, false};
  CellFormat f = CellFormat::fixed4;
  bool found = false;
  for (const auto& c : s.report.columns)
    if (c.metric == metric) {
      v.label = c.label;
      f = c.format;
      found = true;
    }
  if (!found) {
    if (metric == "fn") v.label = "FN", f = CellFormat::count1;
    if (metric == "fp") v.label = "FP", f = CellFormat::count1;
    if (metric == "high_cost") v.label = "high-cost mistakes", f = CellFormat::count1;
    if (metric == "rwc") v.label = "RWC", f = CellFormat::dollars2;
    if (metric == "expected_value") v.label = "expected value", f = CellFormat::dollars2;
    if (metric == "top1_error") v.label = "error rate", f = CellFormat::percent2;
  }
  switch (f) {
    case CellFormat::count1:
      v.unit = "test examples";
      break;
    case CellFormat::percent2:
      v.unit = "percentage points";
      v.factor = 100;
      break;
    case CellFormat::dollars2:
    case CellFormat::dollars4:
      v.unit = "$ per example";
      break;
    default:
      break;
  }
  static const std::set<std::string> higher = {"expected_value", "accuracy", "auc", "precision",
                                               "recall",         "f1",       "tp",  "tn"};
  v.higher_is_better = higher.count(metric) > 0;
  return v;
}

std::string with_unit(const std::string& what, const MetricView& m) {
  return m.unit.empty() ? what : what + " (" + m.unit + ")";
}

std::string cost_metric(const Study& s) {
  if (s.costs.kind == CostSpec::Kind::payoff) return "expected_value";
  if (s.costs.kind == CostSpec::Kind::none) return "top1_error";
  return "rwc";
}

std::string task_word(const Study& s) {
  if (s.costs.kind == CostSpec::Kind::pairs) return "pair";
  if (s.data.tasks == DataSpec::Tasks::one_vs_rest) return "dataset";
  return "task";
}

std::string short_label(const Study& s, const std::string& arm) {
  const ArmSpec* a = s.arm(arm);
  return a ? a->short_label : arm;
}

// The runs indexed by (arm, task, seed), tasks and seeds in the order the runs list them.
struct RunIndex {
  std::vector<std::string> tasks, seeds;
  std::map<std::string, std::string> group;  // task -> its group's value
  std::map<std::tuple<std::string, std::string, std::string>, const harness::Record*> at;
  std::set<std::string> columns;

  double value(const std::string& arm, const std::string& task, const std::string& seed,
               const std::string& metric) const {
    const auto it = at.find({arm, task, seed});
    if (it == at.end()) return std::nan("");
    return it->second->number(metric).value_or(std::nan(""));
  }
};

RunIndex index_runs(const std::vector<harness::Record>& runs, const std::string& group_key) {
  RunIndex ix;
  for (const auto& r : runs) {
    const std::string task = r.text("dataset"), seed = r.text("root_seed");
    if (std::find(ix.tasks.begin(), ix.tasks.end(), task) == ix.tasks.end()) {
      ix.tasks.push_back(task);
      ix.group[task] = group_key.empty() ? std::string() : r.text(group_key);
    }
    if (std::find(ix.seeds.begin(), ix.seeds.end(), seed) == ix.seeds.end())
      ix.seeds.push_back(seed);
    ix.at[{r.text("arm"), task, seed}] = &r;
    for (const auto& field : r.fields) ix.columns.insert(field.first);
  }
  // Tasks of one group together, groups in order of first appearance.
  std::vector<std::string> order;
  for (const auto& t : ix.tasks)
    if (std::find(order.begin(), order.end(), ix.group[t]) == order.end())
      order.push_back(ix.group[t]);
  std::stable_sort(ix.tasks.begin(), ix.tasks.end(), [&](const auto& a, const auto& b) {
    return std::find(order.begin(), order.end(), ix.group[a]) <
           std::find(order.begin(), order.end(), ix.group[b]);
  });
  return ix;
}

// arm - reference per task: mean over the seeds where both are defined, and their range.
harness::DifferencePoint difference(const RunIndex& ix, const std::string& arm,
                                    const std::string& ref, const std::string& task,
                                    const std::vector<std::string>& seeds, const MetricView& m) {
  harness::DifferencePoint p{ix.group.at(task), task, 0, INFINITY, -INFINITY};
  std::size_t n = 0;
  for (const auto& seed : seeds) {
    const double d =
        (ix.value(arm, task, seed, m.name) - ix.value(ref, task, seed, m.name)) * m.factor;
    if (!std::isfinite(d)) continue;
    p.mean += d;
    p.low = std::min(p.low, d);
    p.high = std::max(p.high, d);
    ++n;
  }
  if (n == 0) return {p.group, task, std::nan(""), std::nan(""), std::nan("")};
  p.mean /= static_cast<double>(n);
  return p;
}

StudyFigure figure(std::string kind, std::string heading, std::string stem, std::string caption,
                   harness::PlotResult plot) {
  return {std::move(kind), std::move(heading), std::move(stem), std::move(caption),
          std::move(plot)};
}

// What the group key is and how the x axis names it.
struct Grouping {
  std::string key, label;
};

Grouping grouping(const Study& s, const std::vector<harness::Record>& runs) {
  const auto has = [&](const std::string& k) { return !runs.empty() && runs.front().find(k); };
  const std::string& unit = s.compare.unit;
  if (unit != "dataset" && unit != "root_seed" && unit != "split_seed" && has(unit))
    return {unit, unit};
  if (has("pair_true")) return {"pair_true", "true class"};
  return {"", ""};
}

std::vector<StudyFigure> paired_difference_figures(const fs::path& dir, const Study& s,
                                                   const RunIndex& ix, const Grouping& g) {
  std::vector<StudyFigure> out;
  if (s.compare.comparisons.empty()) return out;
  std::vector<std::string> metrics = {cost_metric(s)};
  if (s.binary())
    metrics.push_back("fn");
  else if (ix.columns.count("high_cost"))
    metrics.push_back("high_cost");
  const bool per_seed = ix.tasks.size() == 1 && ix.seeds.size() >= 2;
  if (ix.tasks.size() < 2 && !per_seed) return out;
  const std::string word = per_seed ? "root seed" : task_word(s);
  for (const std::string& metric : metrics) {
    if (!ix.columns.count(metric)) continue;
    const MetricView m = metric_view(s, metric);
    harness::DifferencePlot plot;
    plot.stem = "paired_" + metric;
    plot.seed_ranges = !per_seed && ix.seeds.size() > 1;
    std::string counts;
    for (const auto& [arm, ref] : s.compare.comparisons) {
      harness::DifferenceSeries series{short_label(s, arm) + " - " + short_label(s, ref), {}};
      std::size_t above = 0, below = 0;
      if (per_seed) {
        for (const auto& seed : ix.seeds) {
          auto p = difference(ix, arm, ref, ix.tasks.front(), {seed}, m);
          p.group = "";
          p.task = seed;
          series.points.push_back(p);
        }
      } else {
        for (const auto& task : ix.tasks)
          series.points.push_back(difference(ix, arm, ref, task, ix.seeds, m));
      }
      for (const auto& p : series.points) above += p.mean > 0, below += p.mean < 0;
      counts += fmt::format("{}{} is above zero on {} and below on {}", counts.empty() ? "" : "; ",
                            series.label, above, below);
      plot.series.push_back(std::move(series));
    }
    const std::size_t n = per_seed ? ix.seeds.size() : ix.tasks.size();
    plot.title = fmt::format("{}: arm minus reference per {}", m.label, word);
    plot.y_label = with_unit(m.label + " difference, arm - reference", m);
    plot.group_label = per_seed        ? fmt::format("root seed ({} seeds)", n)
                       : g.key.empty() ? fmt::format("{} ({} {}s)", word, n, word)
                                       : fmt::format("{} ({} {}s in all)", g.label, n, word);
    if (per_seed) {
      for (auto& series : plot.series)
        for (auto& p : series.points) p.group = p.task;
    }
    const std::string caption = fmt::format(
        "Each dot is one {}'s {} of an arm minus its reference{}{}; {} means the arm's {} is "
        "higher{}: {} (of {}).",
        word, m.label,
        per_seed ? ""
        : ix.seeds.size() > 1
            ? fmt::format(" (mean over {} root seeds, bars: their range)", ix.seeds.size())
            : " (one root seed)",
        g.key.empty() || per_seed ? "" : ", grouped by " + g.label, "above the dashed zero line",
        m.label, m.higher_is_better ? " (better)" : " (worse)", counts,
        fmt::format("{} {}s", n, word));
    out.push_back(figure("paired_differences",
                         fmt::format("{} per {}, arm minus reference", m.label, word), plot.stem,
                         caption, harness::plot_paired_differences(dir, plot)));
  }
  return out;
}

StudyFigure forest_figure(const fs::path& dir, const Study& s, const harness::Summary& sum) {
  std::vector<harness::ForestPanel> panels;
  std::size_t units = 0;
  std::string excluded;
  for (const auto& col : s.report.columns) {
    const MetricView m = metric_view(s, col.metric);
    harness::ForestPanel panel{m.label, with_unit("difference, arm - reference", m), {}};
    for (const auto& [arm, ref] : s.compare.comparisons) {
      const harness::UnitComparison* u = sum.unit_comparison_of(arm, ref, col.metric);
      if (u == nullptr || u->n_units == 0) continue;
      units = std::max(units, u->n_units);
      harness::ForestRow row{short_label(s, arm) + " - " + short_label(s, ref),
                             u->test.mean_diff * m.factor, u->bootstrap.low * m.factor,
                             u->bootstrap.high * m.factor};
      if (col.metric == cost_metric(s) && (row.low > 0 || row.high < 0))
        excluded += (excluded.empty() ? "" : ", ") + row.label;
      panel.rows.push_back(row);
    }
    if (!panel.rows.empty()) panels.push_back(std::move(panel));
  }
  if (panels.empty()) return {};
  std::string unit = s.compare.unit == "dataset"     ? task_word(s)
                     : s.compare.unit == "root_seed" ? "root seed"
                                                     : s.compare.unit;
  const std::string title =
      fmt::format("Effect per {} ({} {}s), 95% cluster-bootstrap CI", unit, units, unit);
  const MetricView cost = metric_view(s, cost_metric(s));
  const std::string caption = fmt::format(
      "The mean difference arm minus reference at the unit of analysis ({} {}s, each the mean of "
      "its runs) with its cluster-bootstrap 95% interval, one panel per metric; for {} the "
      "interval excludes zero for {}.",
      units, unit, cost.label, excluded.empty() ? "no comparison" : excluded);
  return figure("unit_effects", "Effect at the unit of analysis", "unit_effects", caption,
                harness::plot_forest(dir, "unit_effects", title, panels));
}

StudyFigure degenerate_figure(const fs::path& dir, const Study& s, const harness::Summary& sum) {
  harness::GroupCounts c;
  c.stem = "degenerate";
  std::size_t total = 0, per_low = SIZE_MAX, per_high = 0;
  std::map<std::string, std::vector<double>> by_arm;
  std::map<std::string, std::size_t> runs_of;  // arm -> its runs over every unit
  for (const auto& d : sum.degenerate) {
    if (d.unit.empty()) continue;
    if (std::find(c.groups.begin(), c.groups.end(), d.unit) == c.groups.end())
      c.groups.push_back(d.unit);
    auto& v = by_arm[d.arm];
    v.resize(c.groups.size(), 0.0);
    const auto g = static_cast<std::size_t>(std::find(c.groups.begin(), c.groups.end(), d.unit) -
                                            c.groups.begin());
    v[g] = static_cast<double>(d.n_degenerate);
    total += d.n_degenerate;
    per_low = std::min(per_low, d.n_runs);
    per_high = std::max(per_high, d.n_runs);
    runs_of[d.arm] += d.n_runs;
  }
  // Drawn per unit of analysis that groups tasks (Table I's digit); per task or root seed only
  // the ones that collapsed, and nothing when none did (the sentence says so).
  const bool grouped = s.compare.unit != "root_seed" && s.compare.unit != "dataset" &&
                       s.compare.unit != "split_seed";
  if (c.groups.empty() || (total == 0 && (!grouped || c.groups.size() > 30))) return {};
  if (!grouped) {
    std::vector<std::string> kept;
    std::map<std::string, std::vector<double>> kept_counts;
    for (std::size_t g = 0; g < c.groups.size(); ++g) {
      bool any = false;
      for (auto& [arm, v] : by_arm) any = any || (g < v.size() && v[g] > 0);
      if (!any) continue;
      kept.push_back(c.groups[g]);
      for (auto& [arm, v] : by_arm) kept_counts[arm].push_back(g < v.size() ? v[g] : 0.0);
    }
    c.groups = kept;
    by_arm = kept_counts;
  }
  std::string counts;
  for (const ArmSpec& a : s.arms) {
    auto it = by_arm.find(a.name);
    if (it == by_arm.end()) continue;
    it->second.resize(c.groups.size(), 0.0);
    double n = 0;
    for (double v : it->second) n += v;
    if (n > 0)
      counts += fmt::format("{}{}: {:.0f} of {}", counts.empty() ? "" : ", ", a.short_label, n,
                            runs_of[a.name]);
    c.series.emplace_back(a.short_label, it->second);
  }
  const std::string unit = s.compare.unit == "dataset"     ? task_word(s)
                           : s.compare.unit == "root_seed" ? "root seed"
                                                           : s.compare.unit;
  const std::string what = s.binary() ? "no positive predicted" : "some class never predicted";
  c.title = grouped ? fmt::format("Collapsed runs ({}) per {}", what, unit)
                    : fmt::format("Collapsed runs ({}), the {}s that have any", what, unit);
  c.x_label = unit;
  const std::string per = per_low == per_high ? fmt::format("{}", per_high)
                                              : fmt::format("{} to {}", per_low, per_high);
  c.y_label = fmt::format("collapsed runs (of {} per {})", per, unit);
  const std::string caption =
      total == 0 ? fmt::format("Runs per {} and arm that collapsed ({}): none did.", unit, what)
                 : fmt::format(
                       "Runs per {} and arm that collapsed ({}), of {} runs per {} and "
                       "arm; in all: {}.",
                       unit, what, per, unit, counts);
  return figure("degenerate", "Collapsed runs", c.stem, caption,
                harness::plot_group_counts(dir, c));
}

std::vector<StudyFigure> heatmap_figures(const fs::path& dir, const Study& s, const RunIndex& ix) {
  std::vector<StudyFigure> out;
  if (!ix.columns.count("pair_true") || !ix.columns.count("pair_pred") ||
      !ix.columns.count("high_cost"))
    return out;
  std::size_t k = 0;
  std::map<std::string, std::pair<std::size_t, std::size_t>> cell;
  for (const auto& [key, r] : ix.at) {
    const auto i = static_cast<std::size_t>(r->number("pair_true").value_or(0));
    const auto j = static_cast<std::size_t>(r->number("pair_pred").value_or(0));
    cell[std::get<1>(key)] = {i, j};
    k = std::max({k, i + 1, j + 1});
  }
  const auto matrix = [&](const std::string& arm) {
    std::vector<double> m(k * k, std::nan(""));
    for (const auto& task : ix.tasks) {
      double sum = 0;
      std::size_t n = 0;
      for (const auto& seed : ix.seeds) {
        const double v = ix.value(arm, task, seed, "high_cost");
        if (std::isfinite(v)) sum += v, ++n;
      }
      if (n > 0) m[cell[task].first * k + cell[task].second] = sum / static_cast<double>(n);
    }
    return m;
  };
  const std::string seeds = ix.seeds.size() > 1
                                ? fmt::format("mean over {} root seeds", ix.seeds.size())
                                : std::string("one root seed");
  for (const auto& [arm, ref] : s.compare.comparisons) {
    harness::HeatmapFigure f;
    f.stem = "high_cost_" + arm + "_vs_" + ref;
    f.classes = k;
    f.value_label = "high-cost mistakes per test set";
    f.title = fmt::format("High-cost mistakes per (true, predicted) pair ({})", seeds);
    const auto a = matrix(arm), b = matrix(ref);
    std::vector<double> d(k * k, std::nan(""));
    std::size_t more = 0, fewer = 0, pairs = 0;
    double total_a = 0, total_b = 0;
    for (std::size_t c = 0; c < k * k; ++c) {
      if (!std::isfinite(a[c]) || !std::isfinite(b[c])) continue;
      d[c] = a[c] - b[c];
      ++pairs;
      more += d[c] > 0, fewer += d[c] < 0;
      total_a += a[c], total_b += b[c];
    }
    if (pairs == 0) continue;
    f.panels = {{short_label(s, arm), a, false},
                {short_label(s, ref), b, false},
                {short_label(s, arm) + " - " + short_label(s, ref), d, true}};
    const std::string caption = fmt::format(
        "For each (true, predicted) pair task, the test mistakes of that pair ({}) made by {} "
        "(left), by {} (middle) and their difference (right, red: {} makes more); {} makes more "
        "than {} on {} of {} pairs and fewer on {} ({:.1f} against {:.1f} in all).",
        seeds, short_label(s, arm), short_label(s, ref), short_label(s, arm), short_label(s, arm),
        short_label(s, ref), more, pairs, fewer, total_a, total_b);
    out.push_back(figure("heatmap",
                         fmt::format("High-cost mistakes per pair: {} and {}", short_label(s, arm),
                                     short_label(s, ref)),
                         f.stem, caption, harness::plot_heatmaps(dir, f)));
  }
  return out;
}

StudyFigure distribution_figure(const fs::path& dir, const Study& s, const RunIndex& ix) {
  if (ix.tasks.size() < 10 || s.compare.comparisons.empty()) return {};
  const MetricView m = metric_view(s, cost_metric(s));
  if (!ix.columns.count(m.name)) return {};
  harness::ValueDistribution d;
  d.stem = "distribution_" + m.name;
  const std::string word = task_word(s);
  d.title = fmt::format("{} difference per {}, arm minus reference ({} {}s)", m.label, word,
                        ix.tasks.size(), word);
  d.x_label = with_unit(m.label + " difference, arm - reference", m);
  d.y_label = word + "s per bin";
  std::string medians;
  for (const auto& [arm, ref] : s.compare.comparisons) {
    std::vector<double> v;
    for (const auto& task : ix.tasks) v.push_back(difference(ix, arm, ref, task, ix.seeds, m).mean);
    std::vector<double> sorted;
    for (double x : v)
      if (std::isfinite(x)) sorted.push_back(x);
    std::sort(sorted.begin(), sorted.end());
    if (sorted.empty()) continue;
    const std::size_t n = sorted.size();
    const double median = n % 2 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    const std::string label = short_label(s, arm) + " - " + short_label(s, ref);
    medians += fmt::format("{}{} {:+.4g}", medians.empty() ? "" : ", ", label, median);
    d.series.emplace_back(label, std::move(v));
  }
  if (d.series.empty()) return {};
  const std::string caption = fmt::format(
      "How the per-{} differences of {} (arm minus reference{}) are spread, one colour per "
      "comparison; medians: {}{}.",
      word, m.label,
      ix.seeds.size() > 1 ? fmt::format(", mean over {} root seeds", ix.seeds.size()) : "", medians,
      m.unit.empty() ? "" : " " + m.unit);
  return figure("distribution",
                fmt::format("Distribution of the per-{} {} differences", word, m.label), d.stem,
                caption, harness::plot_value_distribution(dir, d));
}

}  // namespace

std::vector<StudyFigure> draw_study_figures(const fs::path& dir, const Study& s,
                                            const harness::ExperimentResult& result) {
  const fs::path figures = dir / "figures";
  const auto& runs = result.tables.at("runs");
  const Grouping g = grouping(s, runs);
  const RunIndex ix = index_runs(runs, g.key);
  // Each figure writes its own files and waits for its own gnuplot: they are drawn side by side
  // (gnuplot's start-up is most of a small run's report) and listed in this fixed order.
  std::error_code ec;
  fs::create_directories(figures, ec);  // once, before the drawers race to make it
  std::vector<StudyFigure> paired, heatmaps;
  StudyFigure forest, degenerate, distribution;
  TaskGroup drawing;
  int before = 0, after = 0;  // TSan's tokens for TBB's hand-offs (core/tsan_handoff.hpp)
  const auto draw = [&](auto&& f) {
    drawing.run([&, f] {
      tsan_acquire(&before);
      f();
      tsan_release(&after);
    });
  };
  tsan_release(&before);
  draw([&] { paired = paired_difference_figures(figures, s, ix, g); });
  draw([&] { forest = forest_figure(figures, s, result.summary); });
  draw([&] { degenerate = degenerate_figure(figures, s, result.summary); });
  draw([&] { heatmaps = heatmap_figures(figures, s, ix); });
  draw([&] { distribution = distribution_figure(figures, s, ix); });
  drawing.wait();
  tsan_acquire(&after);
  std::vector<StudyFigure> out = std::move(paired);
  const auto add = [&](StudyFigure& f) {
    if (!f.stem.empty()) out.push_back(std::move(f));
  };
  add(forest);
  add(degenerate);
  for (auto& f : heatmaps) out.push_back(std::move(f));
  add(distribution);
  return out;
}

StudyFigure draw_calibration_figure(const fs::path& dir, const Study& s,
                                    const harness::ExperimentResult& result,
                                    const std::string& task, const std::string& seed) {
  const auto it = result.tables.find("scores");
  if (it == result.tables.end() || !s.binary()) return {};
  std::vector<harness::ScoreSet> sets;
  for (const ModelSpec& m : s.models) {
    harness::ScoreSet set;
    set.model = m.name;
    for (const auto& r : it->second) {
      if (r.text("model") != m.name || r.text("dataset") != task || r.text("root_seed") != seed)
        continue;
      const auto score = r.number("score");
      if (!score) continue;
      set.scores.push_back(static_cast<float>(*score));
      set.labels.push_back(static_cast<std::uint8_t>(r.number("label").value_or(0)));
    }
    if (!set.scores.empty()) sets.push_back(std::move(set));
  }
  if (sets.empty()) return {};
  std::string eces;
  for (const auto& set : sets)
    eces += fmt::format("{}{} {:.3f}", eces.empty() ? "" : ", ", set.model,
                        harness::reliability(set).ece);
  const std::string caption = fmt::format(
      "For each model on task {} (root seed {}), the fraction of actual positives against the "
      "mean predicted score in ten bins of 0.1 (bars: Clopper-Pearson 95% intervals; below: "
      "test examples per bin, log axis); a calibrated model lies on the dashed diagonal, as "
      "Elkan's threshold p* assumes; expected calibration error: {}.",
      task, seed, eces);
  return figure("calibration", "Calibration (reliability diagram)", "calibration", caption,
                harness::plot_reliability(dir / "figures", sets));
}

}  // namespace rwwce::experiments
