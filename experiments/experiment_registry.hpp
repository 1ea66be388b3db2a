#pragma once
#include <functional>
#include <string>
#include <vector>

#include "harness/report/paper_table.hpp"
#include "harness/run/run_context.hpp"
#include "harness/stats/summary.hpp"

namespace rwwce::experiments {

// What `merge`, `report` and `compare` need to know about an experiment from its name alone:
// how its runs are summarised, which paper table shows them (it may depend on the run's
// settings, e.g. the preset), which metrics the regression gate checks, and its tasks in
// canonical order.
struct ExperimentInfo {
  std::string name;
  harness::SummarySpec spec;
  std::function<harness::PaperTable(const harness::RunContext&)> paper_table;
  std::vector<std::string> gate_metrics;  // compare's default --metrics
  std::function<std::vector<std::string>()> canonical_tasks;
};

// Throws InputError for an experiment this build does not know.
const ExperimentInfo& experiment_info(const std::string& name);

// The tasks in canonical order: the labels of `canonical_tasks` that are in `tasks` first (in
// canonical order), then any others (e.g. Table II custom-cost repeats) in their given order.
std::vector<std::string> canonical_order(const ExperimentInfo& info,
                                         const std::vector<std::string>& tasks);

}  // namespace rwwce::experiments
