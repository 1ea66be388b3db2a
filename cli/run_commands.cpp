#include "cli/run_commands.hpp"

#include <fmt/format.h>

#include <chrono>
#include <filesystem>
#include <memory>

#include "cli/study_options.hpp"
#include "core/input_error.hpp"
#include "experiments/binary_report.hpp"
#include "experiments/builtin_studies.hpp"
#include "experiments/shard.hpp"
#include "experiments/study_file.hpp"
#include "experiments/study_html_report.hpp"
#include "experiments/study_runner.hpp"
#include "experiments/study_summary.hpp"
#include "experiments/study_toml.hpp"
#include "harness/report/experiment_outputs.hpp"
#include "harness/run/atomic_file.hpp"
#include "harness/run/run_context.hpp"
#include "harness/run/run_lock.hpp"
#include "models/blas.hpp"

namespace rwwce::cli {
namespace fs = std::filesystem;
namespace {

using Clock = std::chrono::steady_clock;

// results/runs/<study>-<UTC time>[-shard-K-of-N] under the repository.
std::string default_out_dir(const std::string& study, const std::string& shard_text) {
  const experiments::Shard shard = experiments::resolve_shard(shard_text);
  return std::string(RWWCE_SOURCE_DIR) + "/results/runs/" + study + "-" +
         harness::utc_timestamp_compact() +
         (shard.count > 1 ? fmt::format("-shard-{}-of-{}", shard.index, shard.count) : "");
}

struct Finished {
  harness::ExperimentResult result;
  std::vector<std::string> files;
  std::string console;
};

// Runs the study into `out`, writes every output and returns what to print.
Finished run_and_write(const experiments::Study& study, const experiments::StudyRunOptions& o) {
  Finished f;
  f.result = experiments::run_study(study, o);
  for (const auto& p : harness::write_experiment_outputs(o.out_dir, f.result))
    f.files.push_back(p.filename().string());
  harness::write_file_atomically(fs::path(o.out_dir) / "study.toml",
                                 "# The resolved study this run ran (rwwce run " + study.name +
                                     " --print-study); `rwwce run study.toml` runs it again.\n" +
                                     study.resolved_toml);
  f.files.push_back("study.toml");
  f.console = f.result.markdown;
  if (!f.result.context.shard.empty()) return f;  // `merge` writes the report of the whole run
  // The page `rwwce report DIR --format html` would draw from the files just written, drawn
  // from what was written without reading and summarising it again.
  const experiments::WrittenRun written{study, f.result};
  const auto html = experiments::write_study_html_report(o.out_dir, &written);
  f.files.push_back("report.html");
  if (!html.plot_problem.empty()) fmt::print(stderr, "{}: {}\n", study.name, html.plot_problem);
  if (study.binary() && study.report.plots) {
    const auto report =
        experiments::write_binary_report(o.out_dir, study, f.result, html.calibration_caption);
    f.files.insert(f.files.end(), report.files.begin(), report.files.end());
    f.console += "\n" + experiments::cost_metric_block(study, f.result);
  }
  return f;
}

void run_command(const std::string& spec, const RunOptions& o, const std::string& command_line) {
  const experiments::Study study = configured_study(spec, o);
  if (o.print_study) {
    fmt::print("# rwwce run {} --print-study: the resolved study; it runs as is.\n{}", spec,
               study.resolved_toml);
    return;
  }
  models::use_single_threaded_blas();
  experiments::StudyRunOptions run;
  run.threads = o.threads.empty() ? 0 : parse_threads(o.threads);
  run.shard = o.shard;
  run.quiet = o.quiet;
  run.save_scores = o.save_scores;
  run.trust_data = o.trust_data;
  run.command_line = command_line;
  run.out_dir = o.out.empty() ? default_out_dir(study.name, o.shard) : o.out;
  const auto t0 = Clock::now();
  // One writer per directory for the whole run; what a killed writer left half-written goes.
  const harness::RunLock lock(run.out_dir, command_line);
  harness::remove_stale_temporaries(run.out_dir);
  const Finished f = run_and_write(study, run);
  fmt::print("{}", f.console);
  if (!o.quiet) {
    fmt::print(stderr, "\n{}: {} task(s) in {:.1f} s; wrote to {}:", study.name,
               f.result.context.tasks.size(),
               std::chrono::duration<double>(Clock::now() - t0).count(), run.out_dir);
    for (const auto& file : f.files) fmt::print(stderr, " {}", file);
    fmt::print(stderr, "\n");
  }
}

struct ReproduceOptions {
  std::string seeds, threads, out, data_dir;
  bool quiet = false;
};

void reproduce(const ReproduceOptions& r, const std::string& command_line) {
  models::use_single_threaded_blas();
  const std::string out = r.out.empty() ? default_out_dir("reproduce", "") : r.out;
  std::string verdicts, tables;
  for (const char* name : {"table1", "table2", "wdbc"}) {
    experiments::StudyTable table = experiments::load_study_table(name);
    if (!r.seeds.empty()) {
      experiments::parse_seed_list(r.seeds, "--seeds " + r.seeds);
      experiments::set_study_key(table.table, "seeds", toml::value<std::string>(r.seeds));
    }
    if (!r.data_dir.empty() && std::string(name) != "wdbc")
      experiments::set_study_key(table.table, "data.dir", toml::value<std::string>(r.data_dir));
    const experiments::Study study = experiments::resolve_study(table);
    experiments::StudyRunOptions run;
    run.threads = r.threads.empty() ? 0 : parse_threads(r.threads);
    run.quiet = r.quiet;
    run.command_line = command_line;
    run.out_dir = (fs::path(out) / name).string();
    const harness::RunLock lock(run.out_dir, command_line);
    harness::remove_stale_temporaries(run.out_dir);
    const Finished f = run_and_write(study, run);
    verdicts += "### " + f.result.table.title + "\n" +
                experiments::verdict_markdown(
                    study, experiments::reproduction_verdict(study, f.result.summary)) +
                "\n";
    tables += f.console + "\n";
    tables += fmt::format("Full analysis with figures: {0}/report.html.\n\n", name);
  }
  const std::string problems =
      experiments::write_reproduce_html_report(out, {"table1", "table2", "wdbc"});
  if (!problems.empty()) fmt::print(stderr, "{}\n", problems);
  const std::string report =
      "# rwwce: the RWWCE paper reproduced\n\nEvery table below was produced by `" + command_line +
      "` with each built-in study's paper preset. Each cell reads ours (paper). Per-run records, "
      "statistics and the context of each study are in its sub-directory; report.html holds "
      "every study with its figures.\n\n"
      "## Did it reproduce?\n\n" +
      verdicts + "## The tables\n\n" + tables;
  harness::write_file_atomically(fs::path(out) / "report.md", report);
  fmt::print("{}", report);
  if (!r.quiet)
    fmt::print(stderr, "\nwrote {0}/report.md, {0}/report.html and one directory per study\n", out);
}

// The study named on the command line after `run`, if any: the first argument after "run"
// that is not an option.
std::string study_argument(int argc, const char* const* argv) {
  for (int i = 1; i + 1 < argc; ++i)
    if (std::string(argv[i]) == "run") {
      const std::string next = argv[i + 1];
      return next.empty() || next[0] == '-' ? std::string() : next;
    }
  return {};
}

void add_study_command(CLI::App* run, const std::string& spec, const std::string& help,
                       const std::string& command_line) {
  std::vector<experiments::StudyOption> declared;
  // A broken built-in study is a bug the tests catch; a broken study file is bad input.
  declared = experiments::study_options(experiments::load_study_table(spec));
  auto options = std::make_shared<RunOptions>();
  CLI::App* cmd = run->add_subcommand(spec, help);
  add_run_options(cmd, *options, declared);
  cmd->callback([options, spec, command_line] { run_command(spec, *options, command_line); });
}

}  // namespace

void add_run_commands(CLI::App& app, int argc, const char* const* argv) {
  const std::string command_line = harness::join_command_line(argc, argv);
  CLI::App* run = app.add_subcommand(
      "run",
      "Run a study: a built-in one (rwwce studies lists them: table1, table2, wdbc) or a study "
      "file (rwwce run my-study.toml; docs/study-files.md). Writes runs.csv, summary.csv, "
      "results.json, <study>.md/.tex, study.toml, report.html with the figures (figures/) "
      "and, for binary studies with plots, report.md.");
  run->require_subcommand(1);
  for (const auto& s : experiments::builtin_studies())
    add_study_command(
        run, s.name,
        std::string(s.name) + ": " +
            experiments::load_study_table(s.name).table["description"].value_or(std::string()),
        command_line);
  const std::string spec = study_argument(argc, argv);
  if (!spec.empty() && experiments::find_builtin_study(spec) == nullptr) {
    if (!experiments::names_study_file(spec))
      experiments::load_study_table(spec);  // an unknown name: the error lists the studies
    add_study_command(run, spec, "the study in " + spec, command_line);
  }

  CLI::App* studies = app.add_subcommand("studies", "List the built-in studies");
  studies->callback([] {
    for (const auto& s : experiments::builtin_studies()) {
      const auto t = experiments::load_study_table(s.name);
      fmt::print("{:<8} {}  ({})\n", s.name, t.table["description"].value_or(std::string()),
                 s.file);
    }
  });

  auto rep = std::make_shared<ReproduceOptions>();
  CLI::App* reproduce_cmd = app.add_subcommand(
      "reproduce",
      "Reproduce the paper: the built-in studies table1, table2 and wdbc with their paper "
      "presets, one combined report.md with every table beside the published numbers and one "
      "report.html with every study's tables and figures.");
  reproduce_cmd->add_option("--seeds", rep->seeds,
                            "Root seeds of every study: N (1..N), A-B or 3,7,11 (default: each "
                            "study's own: 1 for the tables, 1..30 for wdbc)");
  reproduce_cmd->add_option("--threads", rep->threads, "Worker threads (0 = all cores)");
  reproduce_cmd->add_option("--out", rep->out,
                            "Output directory (default results/runs/reproduce-<UTC time>); "
                            "re-running with the same --out resumes");
  reproduce_cmd->add_option("--data-dir", rep->data_dir, "MNIST directory");
  reproduce_cmd->add_flag("--quiet", rep->quiet, "No progress lines on stderr");
  reproduce_cmd->callback([rep, command_line] { reproduce(*rep, command_line); });
}

}  // namespace rwwce::cli
