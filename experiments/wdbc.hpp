#pragma once
#include <CLI/CLI.hpp>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "experiments/run_options.hpp"
#include "harness/metrics/payoff_matrix.hpp"
#include "harness/report/experiment_outputs.hpp"

namespace rwwce::experiments {

// The AWS study of unequal economic error costs on WDBC (PROTOCOL.md sections 4 and 5):
// logistic regression (30-1, sigmoid) trained with binary cross-entropy (`builtin`), the
// weighted absolute error at 5:1 (`custom_5to1`) and at 200:1 (`medical_200to1`); plain SGD.
// Decision arms on the builtin model: `builtin_elkan` (Elkan's p* from the payoff) and
// `builtin_valcost` (the threshold maximising expected value on the validation rows). Each
// repeat is one paired dataset `r<repeat>` holding all five arms.
struct WdbcOptions {
  // The blog's training: 50 epochs, batch 32, SGD lr 0.01 (also the command-line defaults).
  WdbcOptions() {
    common.epochs = 50;
    common.batch = 32;
    common.learning_rate = 0.01;
  }
  CommonRunOptions common;
  int repeats = 30;
  bool resplit = false;  // repeat r on split seed r + 1 (else every repeat on the paper's seed 1)
  // Values of the four outcomes (QALY in the blog) and the unit conversion (dollars per QALY).
  std::string payoff = "tp=-0.3528,fp=-0.0128767,tn=0,fn=-2.52";
  double dollars_per_unit = 100000;
  // Keras' validation_split: the last 10% of the training order is held out (never fitted) and
  // tunes builtin_valcost; every model fits on the other 90% (383 of the 426 training rows).
  double validation_split = 0.1;
  bool plots = true;
};

inline constexpr const char* kWdbcModels[] = {"builtin", "custom_5to1", "medical_200to1"};

void add_wdbc_options(CLI::App* command, WdbcOptions& options);

// `--payoff` parsed and checked to have an Elkan threshold; InputError naming the option
// otherwise.
harness::Payoff wdbc_payoff(const WdbcOptions& options);

// Runs every repeat (resuming from `out_dir`'s checkpoints) and returns every record: tables
// `runs` (repeat x arm), `timings` (repeat x model) and `scores` (repeat 0's test scores of
// each model: model, row, label, score; what thresholds.csv and the plots are made from).
harness::ExperimentResult run_wdbc(const WdbcOptions& options, const std::string& out_dir,
                                   const std::string& command_line);

harness::PaperTable wdbc_paper_table();
harness::SummarySpec wdbc_summary_spec();

// The threshold on `grid` that maximises the expected value of the decisions "positive iff
// score > threshold" under `payoff` (the first maximum in grid order, as Table I's min-cost
// search). Maximising (TP v_tp + FP v_fp + FN v_fn + TN v_tn) with the class counts fixed is
// minimising FN (v_tp - v_fn) + FP (v_tn - v_fp); both weights must be >= 0 (InputError).
double max_expected_value_threshold(const float* scores, const std::uint8_t* labels, std::size_t n,
                                    const harness::Payoff& payoff, const std::vector<double>& grid);

// What `rwwce run wdbc` does: run, write the standard outputs plus thresholds.csv, the plots
// (in <out>/plots), report.md and report.html. `console` is the text printed on stdout.
struct WdbcStudy {
  harness::ExperimentResult result;
  std::string console;       // the wdbc table and the expected values with CIs and p-values
  std::string plot_problem;  // "" when every plot was rendered
  double wall_seconds = 0;   // run + outputs
  std::vector<std::string> files;
};
WdbcStudy run_wdbc_study(const WdbcOptions& options, const std::string& out_dir,
                         const std::string& command_line);

}  // namespace rwwce::experiments
