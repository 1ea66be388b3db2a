#include "harness/stats/metric_direction.hpp"

#include <array>
#include <utility>

namespace rwwce::harness {
namespace {

constexpr std::array<std::pair<const char*, WorseDirection>, 13> kDirections{{
    {"fn", WorseDirection::higher},
    {"fp", WorseDirection::higher},
    {"top1_error", WorseDirection::higher},
    {"paper_error", WorseDirection::higher},
    {"rwc", WorseDirection::higher},
    {"high_cost", WorseDirection::higher},
    {"errors", WorseDirection::higher},
    {"auc", WorseDirection::lower},
    {"f1", WorseDirection::lower},
    {"precision", WorseDirection::lower},
    {"recall", WorseDirection::lower},
    {"accuracy", WorseDirection::lower},
    {"expected_value", WorseDirection::lower},
}};

}  // namespace

std::optional<WorseDirection> worse_direction(const std::string& metric) {
  for (const auto& [name, direction] : kDirections)
    if (metric == name) return direction;
  return std::nullopt;
}

double worsening(WorseDirection direction, double mean_change) {
  return direction == WorseDirection::higher ? mean_change : -mean_change;
}

}  // namespace rwwce::harness
