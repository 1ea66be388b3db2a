#pragma once
// The options of `rwwce run STUDY`: the ones every study shares, mapped onto study keys, plus
// the ones the study declares ([options]). An option that has no effect on the study being run
// is an error that says so.
#include <CLI/CLI.hpp>
#include <deque>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "experiments/study.hpp"
#include "experiments/study_file.hpp"

namespace rwwce::cli {

struct RunOptions {
  // How to run (not part of the study).
  std::string threads, out, shard;
  bool quiet = false, save_scores = false, print_study = false, trust_data = false;
  // Mapped onto study keys; empty/unset when not given.
  std::string seed, seeds, preset, loss_mode, pairing, epochs, batch, lr, datasets, pairs, w_fn,
      w_fp, payoff, dollars_per_unit, cost_file, data_dir;
  bool plots = false, no_plots = false;
  std::vector<experiments::StudyOption> declared;
  std::vector<std::string> declared_values;  // one per declared option ("" = not given)
  std::deque<bool> declared_flags;           // one per declared option (flags only)
};

// Registers the options on `command`; `declared` are the study's own.
void add_run_options(CLI::App* command, RunOptions& options,
                     const std::vector<experiments::StudyOption>& declared);

// Loads `spec`, applies --preset and every given option, and resolves the study. InputError
// (exit 2) for an option that does not apply to this study, saying why.
experiments::Study configured_study(const std::string& spec, const RunOptions& options);

// --threads as a number 0..1024 (0 = all cores); InputError otherwise.
int parse_threads(const std::string& text);

}  // namespace rwwce::cli
