#pragma once
#include <optional>
#include <string>

namespace rwwce::harness {

// Which way a metric gets worse. The one place that knows it: `compare` asks here whether a
// change is a regression.
enum class WorseDirection { higher, lower };

// higher is worse: fn, fp, top1_error, paper_error, rwc, high_cost, errors;
// lower is worse: auc, f1, precision, recall, accuracy, expected_value.
// nullopt for any other field (a count such as tp or n_test has no better or worse).
std::optional<WorseDirection> worse_direction(const std::string& metric);

// The change of a metric in its worse direction: candidate - baseline when higher is worse,
// baseline - candidate when lower is worse. Positive means worse.
double worsening(WorseDirection direction, double mean_change);

}  // namespace rwwce::harness
