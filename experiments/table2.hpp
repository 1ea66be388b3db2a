#pragma once
#include <CLI/CLI.hpp>
#include <string>
#include <vector>

#include "experiments/run_options.hpp"
#include "harness/report/experiment_outputs.hpp"

namespace rwwce::experiments {

// A K x K cost structure for single-label multiclass training and decisions. Row = true
// class, column = predicted class, row-major.
struct MulticlassCosts {
  std::string name;                    // dataset column: "p3_5" for the pair (3, 5), or "custom"
  int pair_true = -1, pair_pred = -1;  // the high-cost pair, -1 for a custom structure
  std::vector<double> w_fn;            // (K, K) categorical RWWCE weights on log p
  std::vector<double> w_fp;            // (K, K) categorical RWWCE weights on log(1 - p)
  std::vector<double> decision_cost;   // (K, K) cost of each outcome; 0 on the diagonal
};

// The paper's pair (i, j): w_fn = I, w_fp[i][j] = 19; every error costs 1, i -> j costs 20.
MulticlassCosts pair_costs(int i, int j, double extra_cost = 19);

// Reads w_fn, w_fp and decision_cost (each K x K arrays of arrays) from a TOML file; every
// matrix checked for shape and sign, with errors naming the key, the row and what was found.
MulticlassCosts read_cost_file(const std::string& path, std::size_t k = 10);
// The same on the file's text; `path` names it in the errors.
MulticlassCosts parse_cost_file(const std::string& text, const std::string& path,
                                std::size_t k = 10);

// Table II of the RWWCE paper (PROTOCOL.md section 3).
struct Table2Options {
  CommonRunOptions common = table_run_options();  // --pairing shared-order
  std::string pairs = "all";                      // all | N | 1-2,4-9 (true-predicted)
  std::string control_loss = "bce";  // bce: the paper's Keras binary_crossentropy on softmax; cce
  std::string cost_file;             // custom K x K costs instead of the 90 pairs
  int repeats = 10;                  // seeds of the custom structure
};

void add_table2_options(CLI::App* command, Table2Options& options);
harness::ExperimentResult run_table2(const Table2Options& options, const std::string& out_dir,
                                     const std::string& command_line);
harness::PaperTable table2_paper_table(const std::string& control_loss);
harness::SummarySpec table2_summary_spec();
std::vector<std::string> table2_pair_names();  // "0-1" .. "9-8" in (i, j) order

}  // namespace rwwce::experiments
