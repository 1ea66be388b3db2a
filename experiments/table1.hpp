#pragma once
#include <CLI/CLI.hpp>
#include <string>

#include "experiments/run_options.hpp"
#include "harness/metrics/binary_run_metrics.hpp"
#include "harness/report/experiment_outputs.hpp"

namespace rwwce::experiments {

// Table I of the RWWCE paper (PROTOCOL.md section 2): 100 imbalanced one-vs-rest MNIST
// datasets; a BCE control model and a binary-RWWCE model per dataset; five decision arms.
struct Table1Options {
  CommonRunOptions common = table_run_options();  // --pairing shared-order
  std::string datasets = "all";                   // all | N | d0b0,d3b7
  harness::BinaryCosts costs;  // w_fn 2000, w_fp 100: the RWWCE loss weights and the RWC costs
  bool plots = false;          // the AWS blog's figures per dataset under <out>/plots/<dataset>
};

void add_table1_options(CLI::App* command, Table1Options& options);

// Runs the experiment (resuming from `out_dir`'s checkpoints) and returns every record.
harness::ExperimentResult run_table1(const Table1Options& options, const std::string& out_dir,
                                     const std::string& command_line);

// The paper's Table I layout with its published numbers.
harness::PaperTable table1_paper_table(const std::string& preset);
harness::SummarySpec table1_summary_spec();

}  // namespace rwwce::experiments
