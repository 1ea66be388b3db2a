#include "cli/run_commands.hpp"

#include <fmt/format.h>

#include <memory>

#include "experiments/table1.hpp"
#include "experiments/table2.hpp"
#include "experiments/wdbc.hpp"
#include "harness/run/atomic_file.hpp"
#include "harness/run/run_context.hpp"
#include "models/blas.hpp"

namespace rwwce::experiments {
namespace {

void finish(const harness::ExperimentResult& result, const std::string& out_dir, bool quiet) {
  const auto files = harness::write_experiment_outputs(out_dir, result);
  fmt::print("{}", harness::render_markdown(result.table, result.summary));
  if (!quiet) {
    fmt::print(stderr, "\nwrote {} files to {}:", files.size(), out_dir);
    for (const auto& f : files) fmt::print(stderr, " {}", f.filename().string());
    fmt::print(stderr, "\n");
  }
}

struct ReproduceOptions {
  std::uint64_t seed = 1;
  int threads = 0;
  std::string out;
  std::string data_dir;
  bool quiet = false;
};

void reproduce(const ReproduceOptions& r, const std::string& command_line) {
  // Each experiment keeps its own defaults (the tables' pairing); reproduce sets these.
  const auto set_run = [&](CommonRunOptions& c, const std::string& out_dir) {
    c.seed = r.seed;
    c.threads = r.threads;
    c.data_dir = r.data_dir;
    c.quiet = r.quiet;
    c.out = out_dir;
  };
  CommonRunOptions common;
  set_run(common, r.out);
  const std::string out = r.out.empty() ? resolve_out_dir(common, "reproduce") : r.out;
  std::string report =
      "# rwwce: the RWWCE paper reproduced\n\nEvery table below was produced by `" + command_line +
      "` with the paper preset (root seed " + std::to_string(r.seed) +
      "). Each cell reads ours (paper). Per-run records, statistics and the context of each "
      "table are in its sub-directory.\n\n";

  Table1Options t1;
  set_run(t1.common, out + "/table1");
  const auto table1 = run_table1(t1, t1.common.out, command_line);
  harness::write_experiment_outputs(t1.common.out, table1);
  report += harness::render_markdown(table1.table, table1.summary) + "\n";

  Table2Options t2;
  set_run(t2.common, out + "/table2");
  const auto table2 = run_table2(t2, t2.common.out, command_line);
  harness::write_experiment_outputs(t2.common.out, table2);
  report += harness::render_markdown(table2.table, table2.summary) + "\n";

  WdbcOptions aws;
  set_run(aws.common, out + "/wdbc");
  const WdbcStudy study = run_wdbc_study(aws, aws.common.out, command_line);
  report +=
      "## The AWS study of unequal error costs (WDBC)\n\nFull analysis with figures: "
      "[wdbc/report.md](wdbc/report.md) (and the self-contained wdbc/report.html).\n\n" +
      study.console + "\n";

  harness::write_file_atomically(std::filesystem::path(out) / "report.md", report);
  fmt::print("{}", report);
  if (!r.quiet) fmt::print(stderr, "\nwrote {}/report.md and one directory per table\n", out);
}

void run_wdbc_command(const WdbcOptions& o, const std::string& command_line) {
  wdbc_payoff(o);  // a bad --payoff fails before any work
  const std::string out = resolve_out_dir(o.common, "wdbc");
  const WdbcStudy study = run_wdbc_study(o, out, command_line);
  fmt::print("{}", study.console);
  if (!study.plot_problem.empty()) fmt::print(stderr, "rwwce: {}\n", study.plot_problem);
  if (!o.common.quiet) {
    fmt::print(stderr, "\nwdbc: {} repeats x 3 models in {:.2f} s wall; wrote to {}:", o.repeats,
               study.wall_seconds, out);
    for (const auto& f : study.files) fmt::print(stderr, " {}", f);
    fmt::print(stderr, "\n");
  }
}

// Registers `rwwce run <name>`: its options, then on use single-threaded BLAS, the output
// directory, the run and its outputs.
template <class Options, class AddOptions, class Run>
void add_experiment_command(CLI::App* run, const std::string& name, const std::string& help,
                            AddOptions add_options, Run run_experiment,
                            const std::string& command_line) {
  auto options = std::make_shared<Options>();
  CLI::App* command = run->add_subcommand(name, help);
  add_options(command, *options);
  command->callback([options, name, run_experiment, command_line] {
    models::use_single_threaded_blas();
    const std::string out = resolve_out_dir(options->common, name);
    finish(run_experiment(*options, out, command_line), out, options->common.quiet);
  });
}

}  // namespace

void add_run_commands(CLI::App& app, int argc, const char* const* argv) {
  const std::string command_line = harness::join_command_line(argc, argv);
  CLI::App* run = app.add_subcommand("run", "Run one experiment and write its results");
  run->require_subcommand(1);

  auto rep = std::make_shared<ReproduceOptions>();
  CLI::App* reproduce_cmd = app.add_subcommand(
      "reproduce",
      "Reproduce the paper: Table I and Table II with the paper preset and the AWS WDBC study, "
      "one combined report.md with every table beside the published numbers.");
  reproduce_cmd->add_option("--seed", rep->seed, "Root seed")->capture_default_str();
  reproduce_cmd->add_option("--threads", rep->threads, "Worker threads (0 = all cores)")
      ->capture_default_str();
  reproduce_cmd->add_option("--out", rep->out,
                            "Output directory (default results/runs/reproduce-<UTC time>); "
                            "re-running with the same --out resumes");
  reproduce_cmd->add_option("--data-dir", rep->data_dir, "MNIST directory");
  reproduce_cmd->add_flag("--quiet", rep->quiet, "No progress lines on stderr");
  reproduce_cmd->callback([rep, command_line] {
    models::use_single_threaded_blas();
    reproduce(*rep, command_line);
  });

  add_experiment_command<Table1Options>(
      run, "table1",
      "Table I: 100 imbalanced one-vs-rest MNIST datasets, BCE control vs binary RWWCE "
      "(784-10-1 MLP, Adam, 10 epochs), decision arms control1, control2 (max-F1 threshold), "
      "control1_elkan, control1_valcost and rwwce; paired t-tests, Wilcoxon, Holm.\n"
      "Writes runs.csv, timings.csv, summary.csv, results.json, table1.md, table1.tex.",
      add_table1_options, run_table1, command_line);
  add_experiment_command<Table2Options>(
      run, "table2",
      "Table II: 90 high-cost (true, predicted) pairs on 10-class MNIST, the paper's control "
      "vs categorical RWWCE (784-50-20-10 MLP, Adam, 10 epochs), plus the control model "
      "deciding by minimum expected cost; paired t-tests, Wilcoxon, Holm.\n"
      "Writes runs.csv, confusion.csv, timings.csv, summary.csv, results.json, table2.md, "
      "table2.tex.",
      add_table2_options, run_table2, command_line);

  auto aws = std::make_shared<WdbcOptions>();
  CLI::App* wdbc = run->add_subcommand(
      "wdbc",
      "The AWS study of unequal economic error costs on WDBC: logistic regression trained with "
      "BCE (builtin), the weighted absolute error 5:1 (custom_5to1) and 200:1 (medical_200to1), "
      "plain SGD; decision arms builtin_elkan (p* from --payoff) and builtin_valcost (max "
      "expected value on validation); --repeats paired repeats, paired t-tests, Wilcoxon, Holm.\n"
      "Writes runs.csv, timings.csv, scores.csv, summary.csv, results.json, wdbc.md, wdbc.tex, "
      "thresholds.csv, plots/, report.md, report.html.");
  add_wdbc_options(wdbc, *aws);
  wdbc->callback([aws, command_line] {
    models::use_single_threaded_blas();
    run_wdbc_command(*aws, command_line);
  });
}

}  // namespace rwwce::experiments
