#include "harness/run/record.hpp"

#include <fmt/format.h>

#include "core/input_error.hpp"

namespace rwwce::harness {

Record& Record::set(std::string name, Value value) {
  for (auto& [key, old] : fields) {
    if (key == name) {
      old = std::move(value);
      return *this;
    }
  }
  fields.emplace_back(std::move(name), std::move(value));
  return *this;
}

Record& Record::set_optional(std::string name, std::optional<double> value) {
  return set(std::move(name), value ? Value{*value} : Value{Undefined{}});
}

const Value* Record::find(const std::string& name) const {
  for (const auto& [key, value] : fields)
    if (key == name) return &value;
  return nullptr;
}

std::optional<double> Record::number(const std::string& name) const {
  const Value* v = find(name);
  if (v == nullptr) return std::nullopt;
  if (const auto* i = std::get_if<std::int64_t>(v)) return static_cast<double>(*i);
  if (const auto* d = std::get_if<double>(v)) return *d;
  if (std::holds_alternative<Undefined>(*v)) return std::nullopt;
  throw InputError(fmt::format("field '{}' holds text '{}' where a number was expected", name,
                               std::get<std::string>(*v)));
}

std::string Record::text(const std::string& name) const {
  const Value* v = find(name);
  if (v == nullptr) throw InputError(fmt::format("record has no field '{}'", name));
  return format_value(*v);
}

std::string format_value(const Value& value) {
  struct Visitor {
    std::string operator()(const Undefined&) const { return {}; }
    std::string operator()(std::int64_t i) const { return fmt::format("{}", i); }
    // fmt's default for double is the shortest round-trip representation: deterministic and
    // exact, so equal results give byte-identical files.
    std::string operator()(double d) const { return fmt::format("{}", d); }
    std::string operator()(const std::string& s) const { return s; }
  };
  return std::visit(Visitor{}, value);
}

}  // namespace rwwce::harness
