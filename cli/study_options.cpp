#include "cli/study_options.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <cerrno>
#include <cmath>
#include <cstdlib>

#include "core/input_error.hpp"
#include "experiments/study_toml.hpp"
#include "harness/metrics/payoff_matrix.hpp"

namespace rwwce::cli {
namespace {

using experiments::CostSpec;
using experiments::DataSpec;
using experiments::Study;
using experiments::StudyTable;

// A number given on the command line: the whole text a finite decimal, within [lo, hi].
double parse_number(const std::string& text, const std::string& option, double lo, double hi,
                    bool lo_open = false) {
  errno = 0;
  char* end = nullptr;
  const double v = std::strtod(text.c_str(), &end);
  const bool ok = !text.empty() && *end == '\0' && errno != ERANGE && std::isfinite(v) &&
                  (lo_open ? v > lo : v >= lo) && v <= hi;
  if (!ok)
    throw InputError(fmt::format(
        "{} {}: expected a finite number {} {:g}{}, found '{}'", option, text,
        lo_open ? ">" : ">=", lo,
        std::isfinite(hi) && hi < 1e300 ? fmt::format(" and <= {:g}", hi) : std::string(), text));
  return v;
}

std::int64_t parse_count(const std::string& text, const std::string& option, std::int64_t lo,
                         std::int64_t hi) {
  const bool digits =
      !text.empty() && text.size() <= 18 && std::all_of(text.begin(), text.end(), ::isdigit);
  const std::int64_t v = digits ? std::stoll(text) : -1;
  if (!digits || v < lo || v > hi)
    throw InputError(
        fmt::format("{} {}: expected a whole number from {} to {}", option, text, lo, hi));
  return v;
}

void set(StudyTable& t, const std::string& key, toml::node&& value) {
  experiments::set_study_key(t.table, key, std::move(value));
}
void set(StudyTable& t, const std::string& key, double v) {
  set(t, key, toml::value<double>(v));
}
void set(StudyTable& t, const std::string& key, bool v) {
  set(t, key, toml::value<bool>(v));
}

// Sets `key` in [model_defaults] and in every model that sets it itself, so the option applies
// to every model (a silent exception for models with their own value would be an option that
// does nothing).
template <class V>
void set_for_every_model(StudyTable& t, const std::string& key, const V& value) {
  const auto* defaults = t.table.get("model_defaults");
  if (key == "optimizer.lr" && (defaults == nullptr || !defaults->is_table() ||
                                !defaults->as_table()->contains("optimizer"))) {
    toml::table adam{{"kind", "adam"}, {"lr", value}};
    adam.is_inline(true);
    set(t, "model_defaults.optimizer", std::move(adam));
  } else {
    set(t, "model_defaults." + key, toml::value<V>(value));
  }
  if (auto* models = t.table.get("models"); models && models->is_table())
    for (auto& [name, m] : *models->as_table())
      if (m.is_table() && m.as_table()->get(key.substr(0, key.find('.'))) != nullptr)
        set(t, "models." + std::string(name.str()) + "." + key, toml::value<V>(value));
}

std::string no_effect(const Study& s, const std::string& option, const std::string& why) {
  return fmt::format("{} has no effect on study {}: {}", option, s.name, why);
}

}  // namespace

int parse_threads(const std::string& text) {
  return static_cast<int>(parse_count(text, "--threads", 0, 1024));
}

void add_run_options(CLI::App* cmd, RunOptions& o,
                     const std::vector<experiments::StudyOption>& declared) {
  cmd->footer(
      "Options can also come from a TOML file: --config FILE (keys named as the long options, "
      "e.g. epochs = 5; the command line wins). Every option maps onto a key of the study "
      "(docs/study-files.md); --print-study shows the result.");
  cmd->add_option("--seed", o.seed, "One root seed S (default: the study's seeds, usually 1)");
  cmd->add_option("--seeds", o.seeds,
                  "Root seeds: N (1..N), A-B or a list such as 3,7,11; each task runs once per "
                  "seed");
  cmd->add_option("--threads", o.threads,
                  "Worker threads 1..1024, 0 = all cores (default 0); results do not depend on it");
  cmd->add_option("--out", o.out,
                  "Output directory (default results/runs/<study>-<UTC time>); re-running with "
                  "the same --out resumes");
  cmd->add_option("--shard", o.shard,
                  "K/N: run only the tasks i with i % N == K, into their own --out; `rwwce "
                  "merge` combines the N shard directories. Default: the SLURM job array "
                  "(SLURM_ARRAY_TASK_ID/SLURM_ARRAY_TASK_COUNT) when set, else all tasks");
  cmd->add_flag("--quiet", o.quiet, "No progress lines on stderr");
  cmd->add_flag("--save-scores", o.save_scores,
                "Also write scores.csv: every test example's score per model (task, seed, "
                "model, row in the source data, label, score)");
  cmd->add_flag("--trust-data", o.trust_data,
                "Skip the check of the MNIST files against their published SHA-256 and label "
                "counts (every run checks them by default; results.json records which)");
  cmd->add_flag("--print-study", o.print_study,
                "Print the resolved study (after --config and the options) as TOML that runs "
                "as is, and exit");
  cmd->add_option("--preset", o.preset,
                  "A protocol variant the study declares (table1: paper, sound = control 2's "
                  "threshold tuned on validation, never on test)");
  cmd->add_option("--loss-mode", o.loss_mode,
                  "keras-clip: probabilities clipped to [1e-7, 1-1e-7] as Keras does (the "
                  "paper); logits: numerically stable log-sigmoid / log-sum-exp");
  cmd->add_option("--pairing", o.pairing,
                  "How a task's models are paired beyond its split: independent (own initial "
                  "weights and batch orders), shared-order (own initial weights, one batch "
                  "order, trained side by side), shared-init (same weights and batch order)");
  cmd->add_option("--epochs", o.epochs, "Training epochs of every model");
  cmd->add_option("--batch", o.batch, "Mini-batch size of every model");
  cmd->add_option("--lr", o.lr, "Learning rate of every model");
  cmd->add_option("--datasets", o.datasets,
                  "Which datasets: all, a count N (the first N), or names such as d0b0,d3b7");
  cmd->add_option("--pairs", o.pairs,
                  "Which (true, predicted) cost pairs: all, a count N, or names such as 1-2,4-9");
  cmd->add_option("--w-fn", o.w_fn, "Cost of a false negative ([costs] w_fn)");
  cmd->add_option("--w-fp", o.w_fp, "Cost of a false positive ([costs] w_fp)");
  cmd->add_option("--payoff", o.payoff,
                  "Value of each outcome as tp=V,fp=V,tn=V,fn=V (benefits positive, costs "
                  "negative), in the study's unit");
  cmd->add_option("--dollars-per-unit", o.dollars_per_unit, "Dollars per payoff unit");
  cmd->add_option("--cost-file", o.cost_file,
                  "TOML file with K x K decision_cost (and w_fn, w_fp) matrices, rows the true "
                  "class (docs/cost-files.md), replacing the study's costs");
  cmd->add_option("--data-dir", o.data_dir, "MNIST directory (default $RWWCE_DATA or <repo>/data)");
  cmd->add_flag("--plots", o.plots,
                "Draw per-dataset score histograms, ROC curves and cost against threshold into "
                "<out>/plots/<dataset> (gnuplot)");
  cmd->add_flag("--no-plots", o.no_plots, "Do not draw the plots the study draws by default");
  o.declared = declared;
  o.declared_values.assign(declared.size(), "");
  o.declared_flags.assign(declared.size(), false);
  for (std::size_t i = 0; i < declared.size(); ++i) {
    const auto& d = declared[i];
    std::string help = d.help;
    if (!d.choices.empty() && d.type != "flag") {
      std::vector<std::string> names;
      for (const auto& c : d.choices) names.push_back(c.given);
      help += fmt::format(" (one of: {})", fmt::join(names, ", "));
    }
    if (d.type == "flag" && !d.choices.empty()) {
      std::vector<std::string> keys;
      for (const auto& [k, v] : d.choices.front().sets) keys.push_back(k + " = " + v);
      help += fmt::format(" [sets {}]", fmt::join(keys, ", "));
    } else {
      help += fmt::format(" [study key {}]", d.key.empty() ? "per choice" : d.key);
    }
    // CLI11 takes a non-const string as the flag's *result*: bind a bool.
    if (d.type == "flag")
      cmd->add_flag("--" + d.name, o.declared_flags[i], help);
    else
      cmd->add_option("--" + d.name, o.declared_values[i], help);
  }
}

Study configured_study(const std::string& spec, const RunOptions& o) {
  StudyTable table = experiments::load_study_table(spec);
  if (!o.preset.empty()) experiments::apply_preset(table, o.preset);
  // The study as it stands, to decide which options apply to it.
  const Study base = experiments::resolve_study(table);
  const bool binary = base.binary();

  if (!o.seed.empty() && !o.seeds.empty())
    throw InputError("--seed and --seeds: give one (--seed S is --seeds S-S)");
  if (!o.seed.empty()) {
    experiments::parse_seed(o.seed, "--seed " + o.seed);
    set(table, "seeds", toml::value<std::string>(o.seed + "-" + o.seed));
  }
  if (!o.seeds.empty()) {
    experiments::parse_seed_list(o.seeds, "--seeds " + o.seeds);
    set(table, "seeds", toml::value<std::string>(o.seeds));
  }
  if (!o.loss_mode.empty()) {
    if (o.loss_mode != "keras-clip" && o.loss_mode != "logits")
      throw InputError(fmt::format("--loss-mode {}: expected keras-clip or logits", o.loss_mode));
    set(table, "loss_mode", toml::value<std::string>(o.loss_mode));
  }
  if (!o.pairing.empty()) {
    if (o.pairing != "independent" && o.pairing != "shared-order" && o.pairing != "shared-init")
      throw InputError(
          fmt::format("--pairing {}: expected independent, shared-order or "
                      "shared-init",
                      o.pairing));
    // Even with one model per task the pairing decides which engine draws its batch orders
    // (shared-order: an order engine of its own; independent: the initialisation's).
    set(table, "pairing", toml::value<std::string>(o.pairing));
  }
  if (!o.epochs.empty())
    set_for_every_model(table, "epochs", parse_count(o.epochs, "--epochs", 1, 100000));
  if (!o.batch.empty())
    set_for_every_model(table, "batch", parse_count(o.batch, "--batch", 1, 100000000));
  if (!o.lr.empty())
    set_for_every_model(table, "optimizer.lr", parse_number(o.lr, "--lr", 0, 1e6, true));
  const bool pair_tasks = base.costs.kind == CostSpec::Kind::pairs;
  const bool data_tasks = base.data.tasks == DataSpec::Tasks::one_vs_rest;
  if (!o.datasets.empty()) {
    if (!data_tasks)
      throw InputError(no_effect(
          base, "--datasets",
          pair_tasks ? "its tasks are (true, predicted) cost pairs of one dataset; use --pairs"
                     : "it has one dataset, " + base.data.name));
    set(table, "select", toml::value<std::string>(o.datasets));
  }
  if (!o.pairs.empty()) {
    if (!pair_tasks)
      throw InputError(no_effect(base, "--pairs",
                                 "its costs are not (true, predicted) pairs"
                                 " (--pairs selects among [costs] pairs)"));
    set(table, "select", toml::value<std::string>(o.pairs));
  }
  if (!o.w_fn.empty() || !o.w_fp.empty()) {
    if (base.costs.kind != CostSpec::Kind::error_costs)
      throw InputError(no_effect(
          base, !o.w_fn.empty() ? "--w-fn" : "--w-fp",
          base.costs.kind == CostSpec::Kind::payoff ? "its costs are a payoff; use --payoff"
          : base.binary()                           ? "it states no error costs"
                          : "its costs are K x K matrices; use --cost-file"));
    if (!o.w_fn.empty()) set(table, "costs.w_fn", parse_number(o.w_fn, "--w-fn", 0, 1e12, true));
    if (!o.w_fp.empty()) set(table, "costs.w_fp", parse_number(o.w_fp, "--w-fp", 0, 1e12, true));
  }
  if (!o.payoff.empty() || !o.dollars_per_unit.empty()) {
    if (base.costs.kind != CostSpec::Kind::payoff)
      throw InputError(no_effect(base, !o.payoff.empty() ? "--payoff" : "--dollars-per-unit",
                                 base.costs.kind == CostSpec::Kind::error_costs
                                     ? "its costs are w_fn/w_fp; use --w-fn and --w-fp"
                                     : "its costs are not a payoff"));
    if (!o.payoff.empty()) {
      harness::Payoff p;
      try {
        p = harness::parse_payoff(o.payoff);
        harness::elkan_threshold(p);
      } catch (const InputError& e) {
        throw InputError(fmt::format("--payoff: {}", e.what()));
      }
      toml::table pt{{"tp", p.tp}, {"fp", p.fp}, {"tn", p.tn}, {"fn", p.fn}};
      pt.is_inline(true);
      set(table, "costs.payoff", std::move(pt));
    }
    if (!o.dollars_per_unit.empty())
      set(table, "costs.dollars_per_unit",
          parse_number(o.dollars_per_unit, "--dollars-per-unit", 0, 1e15, true));
  }
  if (!o.cost_file.empty()) {
    if (binary)
      throw InputError(no_effect(base, "--cost-file",
                                 "its tasks are binary; a cost file holds K x K matrices (use "
                                 "--w-fn/--w-fp or --payoff)"));
    const std::size_t k = base.costs.classes > 0 ? base.costs.classes : base.data.classes;
    if (k == 0)
      throw InputError(
          fmt::format("--cost-file: study {} does not say how many classes its data "
                      "has; give [data] classes = K",
                      base.name));
    toml::table costs = experiments::read_cost_file(o.cost_file, k);
    table.table.erase("costs");
    table.table.insert("costs", std::move(costs));
    if (!o.pairs.empty())
      throw InputError("--pairs and --cost-file: a cost file replaces the pairs; give one");
    table.table.erase("select");
  }
  if (!o.data_dir.empty()) {
    if (base.data.source != DataSpec::Source::mnist)
      throw InputError(no_effect(base, "--data-dir",
                                 "its data source is not mnist (--data-dir names the MNIST "
                                 "directory)"));
    set(table, "data.dir", toml::value<std::string>(o.data_dir));
  }
  if (o.plots && o.no_plots) throw InputError("--plots and --no-plots: give one");
  if (o.plots || o.no_plots) {
    if (!binary)
      throw InputError(
          no_effect(base, o.plots ? "--plots" : "--no-plots", "plots are drawn for binary tasks"));
    if (o.no_plots && !base.report.plots)
      throw InputError(no_effect(base, "--no-plots", "it draws no plots by default"));
    set(table, "report.plots", o.plots);
  }
  for (std::size_t i = 0; i < o.declared.size(); ++i) {
    const auto& d = o.declared[i];
    const std::string flag = "--" + d.name;
    if (d.key == "seeds" && (!o.seed.empty() || !o.seeds.empty()) &&
        (o.declared_flags[i] || !o.declared_values[i].empty()))
      throw InputError(
          fmt::format("{} and --seed/--seeds both set the root seeds; give one", flag));
    std::string given;
    if (d.type == "flag") {
      if (!o.declared_flags[i]) continue;
      given = d.value;
    } else {
      if (o.declared_values[i].empty()) continue;
      given = o.declared_values[i];
    }
    // Choices and flags carry TOML literals; a value given on the command line is typed by the
    // option's type.
    std::vector<std::pair<std::string, std::string>> sets;
    if (d.type == "flag" && !d.choices.empty()) {
      sets = d.choices.front().sets;
    } else if (!d.choices.empty()) {
      const auto it = std::find_if(d.choices.begin(), d.choices.end(),
                                   [&](const auto& c) { return c.given == given; });
      if (it == d.choices.end()) {
        std::vector<std::string> names;
        for (const auto& c : d.choices) names.push_back(c.given);
        throw InputError(
            fmt::format("{} {}: expected one of {}", flag, given, fmt::join(names, ", ")));
      }
      sets = it->sets;
    } else if (d.type == "integer") {
      sets = {{d.key, std::to_string(parse_count(given, flag, 0, 1000000000))}};
    } else if (d.type == "number") {
      sets = {{d.key, experiments::toml_number(parse_number(given, flag, -1e300, 1e300))}};
    } else {
      sets = {{d.key, d.type == "flag" ? given : experiments::toml_string(given)}};
    }
    for (const auto& [key, literal] : sets) {
      toml::table parsed = experiments::parse_toml("v = " + literal, flag);
      toml::node* v = parsed.get("v");
      if (v->is_string())
        set(table, key, toml::value<std::string>(v->as_string()->get()));
      else if (v->is_integer())
        set(table, key, toml::value<std::int64_t>(v->as_integer()->get()));
      else if (v->is_floating_point())
        set(table, key, toml::value<double>(v->as_floating_point()->get()));
      else if (v->is_boolean())
        set(table, key, toml::value<bool>(v->as_boolean()->get()));
    }
  }
  return experiments::resolve_study(table);
}

}  // namespace rwwce::cli
