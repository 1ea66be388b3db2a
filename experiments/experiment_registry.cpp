#include "experiments/experiment_registry.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>

#include "core/input_error.hpp"
#include "datasets/one_vs_rest.hpp"
#include "experiments/table1.hpp"
#include "experiments/table2.hpp"

namespace rwwce::experiments {
namespace {

std::string setting(const harness::RunContext& c, const std::string& name,
                    const std::string& fallback) {
  for (const auto& [k, v] : c.settings)
    if (k == name) return v;
  return fallback;
}

std::vector<ExperimentInfo> make_registry() {
  std::vector<ExperimentInfo> r;
  r.push_back({"table1",
               table1_summary_spec(),
               [](const harness::RunContext& c) { return table1_paper_table(c.preset); },
               {"rwc", "fn", "fp", "top1_error"},
               [] { return datasets::table1_dataset_names(); }});
  r.push_back({"table2",
               table2_summary_spec(),
               [](const harness::RunContext& c) {
                 return table2_paper_table(setting(c, "control_loss", "bce"));
               },
               {"rwc", "high_cost", "top1_error"},
               [] { return table2_pair_names(); }});
  return r;
}

}  // namespace

const ExperimentInfo& experiment_info(const std::string& name) {
  static const std::vector<ExperimentInfo> registry = make_registry();
  for (const auto& info : registry)
    if (info.name == name) return info;
  std::vector<std::string> known;
  for (const auto& info : registry) known.push_back(info.name);
  throw InputError(fmt::format("unknown experiment '{}'; this build knows {}", name,
                               fmt::format("{}", fmt::join(known, ", "))));
}

std::vector<std::string> canonical_order(const ExperimentInfo& info,
                                         const std::vector<std::string>& tasks) {
  std::vector<std::string> out;
  for (const auto& label : info.canonical_tasks())
    if (std::find(tasks.begin(), tasks.end(), label) != tasks.end()) out.push_back(label);
  for (const auto& label : tasks)
    if (std::find(out.begin(), out.end(), label) == out.end()) out.push_back(label);
  return out;
}

}  // namespace rwwce::experiments
