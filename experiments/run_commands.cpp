#include "experiments/run_commands.hpp"

#include <fmt/format.h>

#include <memory>

#include "experiments/table1.hpp"
#include "experiments/table2.hpp"
#include "harness/run_context.hpp"
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

}  // namespace

void add_run_commands(CLI::App& app, int argc, const char* const* argv) {
  const std::string command_line = harness::join_command_line(argc, argv);
  CLI::App* run = app.add_subcommand("run", "Run one experiment and write its results");
  run->require_subcommand(1);

  auto t1 = std::make_shared<Table1Options>();
  CLI::App* table1 = run->add_subcommand(
      "table1",
      "Table I: 100 imbalanced one-vs-rest MNIST datasets, BCE control vs binary RWWCE "
      "(784-10-1 MLP, Adam, 10 epochs), decision arms control1, control2 (max-F1 threshold), "
      "control1_elkan, control1_valcost and rwwce; paired t-tests, Wilcoxon, Holm.\n"
      "Writes runs.csv, timings.csv, summary.csv, results.json, table1.md, table1.tex.");
  add_table1_options(table1, *t1);
  table1->callback([t1, command_line] {
    models::use_single_threaded_blas();
    const std::string out = resolve_out_dir(t1->common, "table1");
    finish(run_table1(*t1, out, command_line), out, t1->common.quiet);
  });

  auto t2 = std::make_shared<Table2Options>();
  CLI::App* table2 = run->add_subcommand(
      "table2",
      "Table II: 90 high-cost (true, predicted) pairs on 10-class MNIST, the paper's control "
      "vs categorical RWWCE (784-50-20-10 MLP, Adam, 10 epochs), plus the control model "
      "deciding by minimum expected cost; paired t-tests, Wilcoxon, Holm.\n"
      "Writes runs.csv, confusion.csv, timings.csv, summary.csv, results.json, table2.md, "
      "table2.tex.");
  add_table2_options(table2, *t2);
  table2->callback([t2, command_line] {
    models::use_single_threaded_blas();
    const std::string out = resolve_out_dir(t2->common, "table2");
    finish(run_table2(*t2, out, command_line), out, t2->common.quiet);
  });
}

}  // namespace rwwce::experiments
