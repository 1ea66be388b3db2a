#pragma once
#include <cmath>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <variant>
#include <vector>

namespace rwwce::harness {

// One cell of a result record. `Undefined` is a metric that has no value for this run (e.g.
// precision when nothing was predicted positive): reporters write it as an empty CSV field,
// JSON null and "undefined" in tables, never as 0.
struct Undefined {
  bool operator==(const Undefined&) const { return true; }
};
using Value = std::variant<Undefined, std::int64_t, double, std::string>;

// A plain, ordered list of named values: one run (dataset x arm) or one summary row. The runner
// produces records; reporters only format them, so every reporter shows the same numbers.
struct Record {
  std::vector<std::pair<std::string, Value>> fields;

  Record& set(std::string name, Value value);
  // An optional metric: nullopt becomes Undefined.
  Record& set_optional(std::string name, std::optional<double> value);
  const Value* find(const std::string& name) const;
  // The field as a number (int or double); nullopt when absent or undefined. Throws when the
  // field holds text.
  std::optional<double> number(const std::string& name) const;
  // The field as text; throws InputError naming the field when absent.
  std::string text(const std::string& name) const;
};

// A double as a Value: NaN and infinities (a statistic that does not exist, e.g. a t-test of
// constant differences) become Undefined.
inline Value finite_or_undefined(double x) {
  return std::isfinite(x) ? Value{x} : Value{Undefined{}};
}

// Formats a value the one way every reporter shares: integers in full, doubles as the shortest
// text that reads back to the same double, Undefined as an empty string.
std::string format_value(const Value& value);

}  // namespace rwwce::harness
