#pragma once
// The tasks of a study (its datasets, or its cost pairs) and one task run for one root seed:
// build the dataset and its split, train every model, decide with every arm, and return the
// records of runs.csv and the other tables.
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "datasets/dataset.hpp"
#include "datasets/labelled_data.hpp"
#include "experiments/study.hpp"
#include "harness/run/record.hpp"
#include "harness/run/task_runner.hpp"

namespace rwwce::experiments {

struct TaskSpec {
  std::string name;                    // runs.csv `dataset`: "d0b0", "3-5", "wdbc"
  int positive = -1;                   // one_vs_rest: the positive class
  std::size_t block = 0;               // one_vs_rest: which block of positives
  int pair_true = -1, pair_pred = -1;  // cost pairs
  // Columns written after `dataset` (e.g. digit, batch; pair_true, pair_pred).
  std::vector<std::pair<std::string, harness::Value>> columns{};
};

// Every task of the study in canonical order (before `select`). InputError when a one-vs-rest
// class has fewer whole blocks than the study asks for, or two tasks get the same name.
std::vector<TaskSpec> study_tasks(const Study& study, const datasets::LabelledData& data);

// The positions in `tasks` that `select` picks ("all", a count N: the first N, or a comma-
// separated list of task names), in canonical order; `option` names the setting in messages.
std::vector<std::size_t> select_tasks(const std::string& select, const std::vector<TaskSpec>& tasks,
                                      const std::string& option);

// The checkpoint label of a task for one root seed: "<name>@s<seed>".
std::string task_label(const TaskSpec& task, std::uint64_t root_seed);

// A task's dataset for one root seed: the examples, their split and (with standardisation) the
// standardised features the dataset points into. Not copyable: ds points into `standardized`.
struct TaskDataset {
  datasets::Dataset ds;
  xt::xtensor<float, 2> standardized;  // (n_source, dim) when data.standardize, else empty
  std::uint32_t split_seed = 1;
  TaskDataset() = default;
  TaskDataset(TaskDataset&&) = default;
  TaskDataset(const TaskDataset&) = delete;
  TaskDataset& operator=(const TaskDataset&) = delete;
};

// The dataset of `task` with the study's split for `root_seed` (the split's own seed unless it
// is "root") and the standardisation fitted on its training rows.
TaskDataset task_dataset(const Study& study, const datasets::LabelledData& data,
                         const TaskSpec& task, std::uint64_t root_seed);

struct TaskRunOptions {
  std::string out_dir;         // where per-task plots go (<out>/plots/<task>)
  bool save_scores = false;    // keep every test example's score per model (table `scores`)
  bool report_scores = false;  // keep this task's scores for the report (first task and seed)
  bool plots = false;          // draw this task's plots (first seed of each task)
  // Threads of the run with no task left to start (harness::TaskStart): the task may split its
  // models over them. Results do not depend on it.
  int spare_threads = 0;
};

// Runs one task for one root seed. Tables: `runs` (one record per arm), `timings` (per model),
// `confusion` (multiclass), `scores` (when kept).
harness::TaskOutput run_study_task(const Study& study, const datasets::LabelledData& data,
                                   const TaskSpec& task, std::uint64_t root_seed,
                                   const TaskRunOptions& options);

}  // namespace rwwce::experiments
