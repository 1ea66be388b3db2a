#pragma once
// The one runner every study goes through: its tasks x root seeds on the task runner (resumable,
// shardable), then the summary and the paper-style table.
#include <cstdint>
#include <string>
#include <vector>

#include "experiments/study.hpp"
#include "harness/report/experiment_outputs.hpp"

namespace rwwce::experiments {

struct StudyRunOptions {
  int threads = 0;           // 0: all cores
  std::string out_dir;       // checkpoints under <out_dir>/parts, per-task plots under plots/
  std::string shard;         // "K/N"; "" = the SLURM array's task, else everything
  bool quiet = false;        // no progress lines
  bool save_scores = false;  // scores.csv: every test example's score per model
  bool trust_data = false;   // skip the MNIST checksum check (results.json records it)
  std::string command_line;
};

// Runs (or resumes) the study and returns every record, the summary and the table. Tasks are
// (task, root seed) pairs, seed-major, labelled task_label(); a shard runs i % N == K of them.
harness::ExperimentResult run_study(const Study& study, const StudyRunOptions& options);

// The summary's spec: the study's arms, metrics and comparisons, runs paired by (dataset,
// root_seed).
harness::SummarySpec study_summary_spec(const Study& study);

// The task labels a study's run selects, in canonical order, without running anything.
std::vector<std::string> study_task_labels(const Study& study);

}  // namespace rwwce::experiments
