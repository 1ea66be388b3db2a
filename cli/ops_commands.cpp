#include "cli/ops_commands.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <map>
#include <memory>

#include "core/input_error.hpp"
#include "experiments/shard.hpp"
#include "experiments/study_file.hpp"
#include "experiments/study_html_report.hpp"
#include "experiments/study_report.hpp"
#include "experiments/study_runner.hpp"
#include "experiments/study_summary.hpp"
#include "harness/report/csv_reporter.hpp"
#include "harness/report/experiment_outputs.hpp"
#include "harness/run/atomic_file.hpp"
#include "harness/run/run_dir.hpp"
#include "harness/run/run_lock.hpp"
#include "harness/run/task_runner.hpp"
#include "harness/stats/compare.hpp"
#include "harness/stats/summary.hpp"

namespace rwwce::cli {
namespace fs = std::filesystem;
namespace {

// How many tasks and seeds a run holds and its models' input width, from its context.
experiments::RunShape run_shape(const harness::RunContext& c) {
  return experiments::run_shape(c);
}

// ---- compare ----

struct CompareCliOptions {
  std::string baseline, candidate, out;
  double alpha = 0.01;
  std::vector<std::string> metrics;
  std::vector<std::string> tolerances;  // METRIC=VALUE
  std::vector<std::string> margins;     // METRIC=DELTA
};

// METRIC=VALUE items of a repeatable option such as --tolerance or --margin.
std::map<std::string, double> parse_metric_values(const std::vector<std::string>& items,
                                                  const std::string& option,
                                                  const std::string& example) {
  std::map<std::string, double> out;
  for (const auto& item : items) {
    const auto eq = item.find('=');
    std::size_t used = 0;
    double value = 0;
    bool ok = eq != std::string::npos && eq > 0;
    if (ok) {
      try {
        value = std::stod(item.substr(eq + 1), &used);
      } catch (const std::exception&) {
        ok = false;
      }
      ok = ok && used == item.size() - eq - 1;
    }
    if (!ok)
      throw InputError(fmt::format("{} {}: expected METRIC=VALUE, e.g. {}", option, item, example));
    out[item.substr(0, eq)] = value;
  }
  return out;
}

int compare(const CompareCliOptions& c) {
  const harness::RunDir base = harness::read_run_dir(c.baseline);
  const harness::RunDir cand = harness::read_run_dir(c.candidate);
  if (base.context.experiment != cand.context.experiment)
    throw InputError(
        fmt::format("{} is a run of {} but {} is a run of {}; compare runs of the same experiment",
                    c.baseline, base.context.experiment, c.candidate, cand.context.experiment));
  const experiments::Study study =
      experiments::study_from_run(base.context, c.baseline + "/results.json");
  harness::CompareOptions o;
  o.alpha = c.alpha;
  o.metrics = c.metrics.empty() ? study.compare.gate : c.metrics;
  o.tolerance = parse_metric_values(c.tolerances, "--tolerance", "rwc=0.05");
  o.margin = parse_metric_values(c.margins, "--margin", "rwc=0.5");
  const harness::CompareResult result =
      harness::compare_runs(base.tables.at("runs"), cand.tables.at("runs"), o);

  std::string notes;
  const auto& bs = base.context.settings;
  const auto& cs = cand.context.settings;
  for (const auto& [k, v] : bs) {
    const std::string& key = k;  // C++17 lambdas cannot capture a structured binding (clang)
    const auto it =
        std::find_if(cs.begin(), cs.end(), [&](const auto& kv) { return kv.first == key; });
    const std::string other = it == cs.end() ? std::string("(absent)") : it->second;
    if (other != v)
      notes += fmt::format("- setting `{}` differs: baseline {}, candidate {}\n", k, v, other);
  }
  if (base.context.root_seed != cand.context.root_seed)
    notes += fmt::format("- root seed differs: baseline {}, candidate {}\n", base.context.root_seed,
                         cand.context.root_seed);
  if (!notes.empty()) fmt::print(stderr, "compare: warning: the runs' settings differ:\n{}", notes);

  const fs::path out = c.out.empty() ? fs::path(c.candidate) : fs::path(c.out);
  std::string md = harness::render_compare_markdown(result, c.baseline, c.candidate);
  if (!notes.empty()) md += "\nThe two runs' settings differ:\n\n" + notes;
  harness::write_file_atomically(out / "compare.csv",
                                 harness::to_csv(harness::compare_records(result)));
  harness::write_file_atomically(out / "compare.md", md);
  fmt::print("{}\n", harness::compare_verdict_line(result));
  fmt::print(stderr, "compare: wrote {} and {}\n", (out / "compare.csv").string(),
             (out / "compare.md").string());
  return result.passed() ? 0 : 1;
}

// ---- merge ----

struct MergeOptions {
  std::vector<std::string> dirs;
  std::string out;
  bool quiet = false;
};

// The positions of a run's tasks it ran itself: all, or i % N == K of a shard.
bool runs_task(const harness::RunContext& c, std::size_t position) {
  if (c.shard.empty()) return true;
  const experiments::Shard s = experiments::parse_shard(c.shard);
  return position % s.count == s.index;
}

void merge(const MergeOptions& m, const std::string& command_line) {
  const harness::RunLock lock(m.out, command_line);
  harness::remove_stale_temporaries(m.out);
  std::vector<harness::RunDir> runs;
  std::vector<std::string> fingerprints;
  for (const auto& d : m.dirs) {
    runs.push_back(harness::read_run_dir(d));
    fingerprints.push_back(harness::read_checkpoint_fingerprint(fs::path(d) / "parts"));
  }
  const harness::RunContext& first = runs.front().context;
  for (std::size_t i = 1; i < runs.size(); ++i) {
    if (fingerprints[i] != fingerprints[0])
      throw InputError(fmt::format(
          "{} and {} were run with different configurations (their parts/fingerprint files "
          "differ: experiment, seed or settings); only shards of one command can be merged",
          m.dirs[0], m.dirs[i]));
    if (runs[i].context.tasks != first.tasks)
      throw InputError(fmt::format(
          "{} and {} selected different tasks (--datasets/--pairs); shards of one command "
          "select the same tasks",
          m.dirs[0], m.dirs[i]));
  }
  const experiments::Study study = experiments::study_from_run(first, m.dirs[0] + "/results.json");
  // Every shard records the whole run's tasks in canonical order.
  const std::vector<std::string>& order = first.tasks;

  std::vector<harness::TaskOutput> outputs;
  std::vector<std::string> missing;
  for (const std::string& label : order) {
    const auto position = static_cast<std::size_t>(
        std::find(first.tasks.begin(), first.tasks.end(), label) - first.tasks.begin());
    std::optional<harness::TaskOutput> found;
    std::string found_in;
    for (std::size_t i = 0; i < runs.size(); ++i) {
      if (!runs_task(runs[i].context, position)) continue;
      // A damaged part is an error here (InputError naming it): merge takes only whole tasks.
      auto loaded = harness::load_task_checkpoint(fs::path(m.dirs[i]) / "parts", label);
      if (!loaded) continue;
      if (!found) {
        found = std::move(loaded);
        found_in = m.dirs[i];
      } else if (harness::to_csv(found->tables["runs"]) !=
                 harness::to_csv(loaded->tables["runs"])) {
        throw InputError(
            fmt::format("task {} finished in both {} and {} with different runs; "
                        "merge each shard once",
                        label, found_in, m.dirs[i]));
      }
    }
    if (!found)
      missing.push_back(label);
    else
      outputs.push_back(std::move(*found));
  }
  if (!missing.empty())
    throw InputError(fmt::format(
        "{} of {} tasks are in none of the given directories ({}{}); pass every shard, and "
        "re-run an unfinished shard with its same --out to complete it",
        missing.size(), order.size(),
        fmt::join(missing.begin(), missing.begin() + std::min<std::size_t>(missing.size(), 8), ","),
        missing.size() > 8 ? ",..." : ""));

  harness::ExperimentResult result;
  result.context = first;
  result.context.shard.clear();
  result.context.command_line = command_line;
  result.context.merged_from.clear();
  for (std::size_t i = 0; i < runs.size(); ++i) {
    const auto& c = runs[i].context;
    result.context.merged_from.push_back(m.dirs[i] +
                                         (c.shard.empty() ? "" : " (shard " + c.shard + ")"));
    result.context.started_utc = std::min(result.context.started_utc, c.started_utc);
  }
  result.context.finished_utc = harness::utc_timestamp();
  result.tables = harness::concatenate(outputs);
  experiments::summarize_study(study, run_shape(result.context), result);
  const auto files = harness::write_experiment_outputs(m.out, result);
  const auto html = experiments::write_study_html_report(m.out);
  if (!html.plot_problem.empty()) fmt::print(stderr, "merge: {}\n", html.plot_problem);
  fmt::print("{}", result.markdown);
  if (!m.quiet)
    fmt::print(stderr, "\nmerge: {} tasks from {} directories; wrote {} files to {}\n",
               outputs.size(), runs.size(), files.size(), m.out);
}

// ---- report ----

struct ReportOptions {
  std::string dir;
  std::string format = "md";
};

std::string report(const ReportOptions& r) {
  if (r.format == "html") {
    const auto studies = experiments::reproduce_studies(r.dir);
    const std::string problem = studies.empty()
                                    ? experiments::write_study_html_report(r.dir).plot_problem
                                    : experiments::write_reproduce_html_report(r.dir, studies);
    if (!problem.empty()) fmt::print(stderr, "report: {}\n", problem);
    return (fs::path(r.dir) / "report.html").string() + "\n";
  }
  const harness::RunDir run = harness::read_run_dir(r.dir);
  if (r.format == "json") return run.results_text;
  if (r.format == "csv") return run.summary_csv;
  const experiments::Study study =
      experiments::study_from_run(run.context, r.dir + "/results.json");
  harness::ExperimentResult result;
  result.context = run.context;
  result.tables = run.tables;
  experiments::summarize_study(study, run_shape(run.context), result);
  return r.format == "tex" ? result.latex : result.markdown;
}

}  // namespace

void add_ops_commands(CLI::App& app, int argc, const char* const* argv, int& exit_code) {
  const std::string command_line = harness::join_command_line(argc, argv);

  auto c = std::make_shared<CompareCliOptions>();
  CLI::App* cmp = app.add_subcommand(
      "compare",
      "Regression gate: pair the runs of two run directories by (experiment, dataset, arm), "
      "and root_seed when both have that column; test each metric's paired difference (t-test "
      "and Wilcoxon, or the one-sided margin test with --margin; Holm across metrics and arms) "
      "and write compare.csv and compare.md, with each row's detectable change at 80% power.\n"
      "Exit 0: nothing significantly worse beyond tolerance or margin and every row tested; 1: "
      "something is worse (stdout says what, by how much, with p), broken (the candidate has a "
      "NaN, infinite, blank or missing value where the baseline has one; stdout names the runs) "
      "or not testable (fewer than 2 pairs); 2: bad input (missing files, different "
      "experiments, unpaired runs).");
  cmp->add_option("BASELINE_DIR", c->baseline, "Run directory of the baseline")->required();
  cmp->add_option("CANDIDATE_DIR", c->candidate, "Run directory of the candidate")->required();
  cmp->add_option("--alpha", c->alpha, "Significance level for the Holm-adjusted t-test p")
      ->capture_default_str();
  cmp->add_option("--metrics", c->metrics,
                  "Comma-separated metrics (default: the experiment's gate metrics, "
                  "rwc,fn,fp,top1_error for table1 and rwc,high_cost,top1_error for table2)")
      ->delimiter(',');
  cmp->add_option("--tolerance", c->tolerances,
                  "METRIC=VALUE: a worsening of the mean up to VALUE (metric units) is accepted; "
                  "repeatable (default 0)");
  cmp->add_option("--margin", c->margins,
                  "METRIC=DELTA: decide METRIC's rows by the one-sided paired t-test of 'worse by "
                  "more than DELTA' (metric units): they fail only when significantly worse by "
                  "more than DELTA at --alpha after Holm; repeatable; not with --tolerance for the "
                  "same metric");
  cmp->add_option("--out", c->out,
                  "Where to write compare.csv and compare.md (default: CANDIDATE_DIR)");
  cmp->callback([c, &exit_code] { exit_code = compare(*c); });

  auto m = std::make_shared<MergeOptions>();
  CLI::App* mrg = app.add_subcommand(
      "merge",
      "Combine the shard directories of one `rwwce run ... --shard K/N` command into one run "
      "directory and recompute the statistics: its runs.csv and summary.csv equal those of a "
      "single-machine run with the same seed.");
  mrg->add_option("DIR", m->dirs, "Shard run directories (each with parts/ and results.json)")
      ->required();
  mrg->add_option("--out", m->out, "Directory of the merged run")->required();
  mrg->add_flag("--quiet", m->quiet, "No summary line on stderr");
  mrg->callback([m, command_line] { merge(*m, command_line); });

  auto r = std::make_shared<ReportOptions>();
  CLI::App* rep = app.add_subcommand(
      "report",
      "Re-render a finished run directory on stdout: md/tex = the paper table recomputed from "
      "runs.csv; csv = summary.csv; json = results.json as written; html = report.html and its "
      "figures (figures/) written again into DIR from its files (the path is printed), also "
      "for a `rwwce reproduce` directory.");
  rep->add_option("DIR", r->dir, "Run directory")->required();
  rep->add_option("--format", r->format, "md, tex, csv, json or html")
      ->capture_default_str()
      ->check(CLI::IsMember({"md", "tex", "csv", "json", "html"}));
  rep->callback([r] { fmt::print("{}", report(*r)); });
}

}  // namespace rwwce::cli
