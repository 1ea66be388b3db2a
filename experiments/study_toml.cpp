#include "experiments/study_toml.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <cmath>
#include <sstream>

#include "core/input_error.hpp"

namespace rwwce::experiments {
namespace {

std::string type_name(const toml::node& n) {
  switch (n.type()) {
    case toml::node_type::table:
      return "a table";
    case toml::node_type::array:
      return "an array";
    case toml::node_type::string:
      return "a string";
    case toml::node_type::integer:
      return "an integer";
    case toml::node_type::floating_point:
      return "a number";
    case toml::node_type::boolean:
      return "a boolean";
    default:
      return "a date or time";
  }
}

std::string found(const toml::node& n) {
  std::string text;
  if (const auto* s = n.as_string())
    text = "\"" + s->get() + "\"";
  else if (const auto* i = n.as_integer())
    text = std::to_string(i->get());
  else if (const auto* d = n.as_floating_point())
    text = fmt::format("{}", d->get());
  else if (const auto* b = n.as_boolean())
    text = b->get() ? "true" : "false";
  else
    return type_name(n);
  if (text.size() > 60) text = text.substr(0, 57) + "...";
  return type_name(n) + " (" + text + ")";
}

}  // namespace

std::string TomlAt::key_path(const std::string& key) const {
  return path.empty() ? key : path + "." + key;
}

std::string TomlAt::where(const std::string& key, const toml::node* n) const {
  std::string w =
      source + ": " + (key.empty() ? (path.empty() ? "the study" : path) : key_path(key));
  if (n == nullptr && !key.empty()) n = table.get(key);
  if (n != nullptr && n->source().begin.line > 0)
    w += fmt::format(" (line {})", n->source().begin.line);
  return w;
}

void TomlAt::allow_only(std::initializer_list<const char*> valid) const {
  allow_only(std::vector<std::string>(valid.begin(), valid.end()));
}

void TomlAt::allow_only(const std::vector<std::string>& valid) const {
  for (const auto& [k, v] : table) {
    const std::string key(k.str());
    if (std::find(valid.begin(), valid.end(), key) == valid.end())
      throw InputError(fmt::format("{}: unknown key '{}'; valid keys {}: {}", where(key, &v), key,
                                   path.empty() ? "at the top" : "in [" + path + "]",
                                   fmt::join(valid, ", ")));
  }
}

std::optional<std::string> TomlAt::string(const std::string& key) const {
  const toml::node* n = node(key);
  if (n == nullptr) return std::nullopt;
  if (const auto* s = n->as_string()) return s->get();
  throw InputError(fmt::format("{}: expected a string, found {}", where(key), found(*n)));
}

std::optional<bool> TomlAt::boolean(const std::string& key) const {
  const toml::node* n = node(key);
  if (n == nullptr) return std::nullopt;
  if (const auto* b = n->as_boolean()) return b->get();
  throw InputError(fmt::format("{}: expected true or false, found {}", where(key), found(*n)));
}

std::optional<double> TomlAt::number(const std::string& key) const {
  const toml::node* n = node(key);
  if (n == nullptr) return std::nullopt;
  double v = 0;
  if (const auto* i = n->as_integer())
    v = static_cast<double>(i->get());
  else if (const auto* d = n->as_floating_point())
    v = d->get();
  else
    throw InputError(fmt::format("{}: expected a number, found {}", where(key), found(*n)));
  if (!std::isfinite(v))
    throw InputError(fmt::format("{}: expected a finite number, found {}", where(key), v));
  return v;
}

std::optional<std::int64_t> TomlAt::integer(const std::string& key, std::int64_t lo,
                                            std::int64_t hi) const {
  const toml::node* n = node(key);
  if (n == nullptr) return std::nullopt;
  std::int64_t v = 0;
  if (const auto* i = n->as_integer()) {
    v = i->get();
  } else if (const auto* d = n->as_floating_point(); d != nullptr && std::isfinite(d->get()) &&
                                                     std::floor(d->get()) == d->get() &&
                                                     std::abs(d->get()) < 9.0e15) {
    v = static_cast<std::int64_t>(d->get());
  } else {
    throw InputError(fmt::format("{}: expected a whole number from {} to {}, found {}", where(key),
                                 lo, hi, found(*n)));
  }
  if (v < lo || v > hi)
    throw InputError(
        fmt::format("{}: expected a whole number from {} to {}, found {}", where(key), lo, hi, v));
  return v;
}

std::optional<std::vector<double>> TomlAt::numbers(const std::string& key) const {
  const toml::node* n = node(key);
  if (n == nullptr) return std::nullopt;
  const auto* arr = n->as_array();
  if (arr == nullptr)
    throw InputError(
        fmt::format("{}: expected an array of numbers, found {}", where(key), found(*n)));
  std::vector<double> out;
  for (std::size_t i = 0; i < arr->size(); ++i) {
    const toml::node& e = *arr->get(i);
    std::optional<double> v;
    if (const auto* in = e.as_integer()) v = static_cast<double>(in->get());
    if (const auto* d = e.as_floating_point()) v = d->get();
    if (!v || !std::isfinite(*v))
      throw InputError(
          fmt::format("{}: element {} must be a finite number, found {}", where(key), i, found(e)));
    out.push_back(*v);
  }
  return out;
}

std::optional<std::vector<std::string>> TomlAt::strings(const std::string& key) const {
  const toml::node* n = node(key);
  if (n == nullptr) return std::nullopt;
  const auto* arr = n->as_array();
  if (arr == nullptr)
    throw InputError(
        fmt::format("{}: expected an array of strings, found {}", where(key), found(*n)));
  std::vector<std::string> out;
  for (std::size_t i = 0; i < arr->size(); ++i) {
    const auto* s = arr->get(i)->as_string();
    if (s == nullptr)
      throw InputError(fmt::format("{}: element {} must be a string, found {}", where(key), i,
                                   found(*arr->get(i))));
    out.push_back(s->get());
  }
  return out;
}

std::optional<std::vector<std::string>> TomlAt::string_or_strings(const std::string& key) const {
  const toml::node* n = node(key);
  if (n == nullptr) return std::nullopt;
  if (const auto* s = n->as_string()) return std::vector<std::string>{s->get()};
  return strings(key);
}

std::optional<std::vector<double>> TomlAt::matrix(const std::string& key, std::size_t rows,
                                                  std::size_t cols) const {
  const toml::node* n = node(key);
  if (n == nullptr) return std::nullopt;
  const auto* arr = n->as_array();
  const auto shape =
      fmt::format("a {}x{} array of arrays of numbers (rows: the true class)", rows, cols);
  if (arr == nullptr)
    throw InputError(fmt::format("{}: expected {}, found {}", where(key), shape, found(*n)));
  if (arr->size() != rows)
    throw InputError(fmt::format("{}: expected {}; found {} rows", where(key), shape, arr->size()));
  std::vector<double> out;
  for (std::size_t i = 0; i < rows; ++i) {
    const auto* row = arr->get(i)->as_array();
    if (row == nullptr || row->size() != cols)
      throw InputError(fmt::format("{}: row {} must hold {} numbers, found {}", where(key), i, cols,
                                   row ? std::to_string(row->size()) : found(*arr->get(i))));
    for (std::size_t j = 0; j < cols; ++j) {
      const toml::node& e = *row->get(j);
      std::optional<double> v;
      if (const auto* in = e.as_integer()) v = static_cast<double>(in->get());
      if (const auto* d = e.as_floating_point()) v = d->get();
      if (!v || !std::isfinite(*v))
        throw InputError(fmt::format("{}: [{}][{}] must be a finite number, found {}", where(key),
                                     i, j, found(e)));
      out.push_back(*v);
    }
  }
  return out;
}

std::optional<TomlAt> TomlAt::table_at(const std::string& key) const {
  const toml::node* n = node(key);
  if (n == nullptr) return std::nullopt;
  const auto* t = n->as_table();
  if (t == nullptr)
    throw InputError(fmt::format("{}: expected a table, found {}", where(key), found(*n)));
  return TomlAt{*t, key_path(key), source};
}

std::optional<std::string> TomlAt::choice(const std::string& key,
                                          std::initializer_list<const char*> choices) const {
  const auto s = string(key);
  if (!s) return s;
  for (const char* c : choices)
    if (*s == c) return s;
  throw InputError(fmt::format("{}: unknown value '{}'; expected one of: {}", where(key), *s,
                               fmt::join(choices, ", ")));
}

toml::table parse_toml(const std::string& text, const std::string& source) {
  try {
    return toml::parse(text, source);
  } catch (const toml::parse_error& e) {
    throw InputError(fmt::format("{}: not valid TOML: {} (line {}, column {})", source,
                                 e.description(), e.source().begin.line, e.source().begin.column));
  }
}

namespace {

const toml::table* arm_named(const toml::array& arms, const std::string& name,
                             std::size_t* index = nullptr) {
  for (std::size_t i = 0; i < arms.size(); ++i) {
    const auto* t = arms.get(i)->as_table();
    if (t == nullptr) continue;
    const auto* n = t->get("name");
    if (n != nullptr && n->as_string() != nullptr && n->as_string()->get() == name) {
      if (index) *index = i;
      return t;
    }
  }
  return nullptr;
}

void merge_tables(toml::table& base, const toml::table& over, bool top) {
  for (const auto& [k, v] : over) {
    toml::node* existing = base.get(k);
    if (top && k.str() == "arms" && existing != nullptr && existing->is_array() && v.is_table()) {
      // A preset names the arms it changes: [presets.sound.arms.control2].
      toml::array& arms = *existing->as_array();
      for (const auto& [name, arm] : *v.as_table()) {
        std::size_t index = 0;
        if (!arm.is_table() || arm_named(arms, std::string(name.str()), &index) == nullptr)
          throw InputError(fmt::format("arms.{}: no arm of that name to change (line {})",
                                       name.str(), arm.source().begin.line));
        merge_tables(*arms.get(index)->as_table(), *arm.as_table(), false);
      }
      continue;
    }
    if (top && k.str() == "arms" && existing != nullptr && existing->is_array() && v.is_array()) {
      toml::array& arms = *existing->as_array();
      for (const auto& arm : *v.as_array()) {
        const auto* t = arm.as_table();
        const toml::node* name = t ? t->get("name") : nullptr;
        std::size_t index = 0;
        if (t && name && name->as_string() &&
            arm_named(arms, name->as_string()->get(), &index) != nullptr) {
          merge_tables(*arms.get(index)->as_table(), *t, false);
        } else {
          arms.push_back(arm);
        }
      }
      continue;
    }
    if (existing != nullptr && existing->is_table() && v.is_table() && !v.as_table()->is_inline()) {
      merge_tables(*existing->as_table(), *v.as_table(), false);
      continue;
    }
    base.insert_or_assign(k, v);
  }
}

std::vector<std::string> split_dots(const std::string& path) {
  std::vector<std::string> parts;
  std::size_t start = 0;
  while (true) {
    const std::size_t dot = path.find('.', start);
    parts.push_back(path.substr(start, dot == std::string::npos ? std::string::npos : dot - start));
    if (dot == std::string::npos) return parts;
    start = dot + 1;
  }
}

// The table that holds the last segment of `parts`, created on the way when `create`.
toml::table* parent_of(toml::table& top, const std::vector<std::string>& parts, bool create,
                       const std::string& path) {
  toml::table* t = &top;
  for (std::size_t i = 0; i + 1 < parts.size(); ++i) {
    toml::node* n = t->get(parts[i]);
    if (i == 0 && parts[0] == "arms") {
      if (n == nullptr || !n->is_array()) {
        if (!create) return nullptr;
        throw InputError(fmt::format("{}: the study has no arms", path));
      }
      std::size_t index = 0;
      if (arm_named(*n->as_array(), parts[1], &index) == nullptr) {
        if (!create) return nullptr;
        throw InputError(fmt::format("{}: the study has no arm named '{}'", path, parts[1]));
      }
      t = n->as_array()->get(index)->as_table();
      ++i;
      continue;
    }
    if (n == nullptr) {
      if (!create) return nullptr;
      t->insert(parts[i], toml::table{});
      n = t->get(parts[i]);
    }
    if (!n->is_table()) {
      if (!create) return nullptr;
      throw InputError(fmt::format("{}: '{}' is not a table", path, parts[i]));
    }
    t = n->as_table();
  }
  return t;
}

}  // namespace

void merge_study_tables(toml::table& base, const toml::table& over) {
  merge_tables(base, over, true);
}

void set_study_key(toml::table& top, const std::string& path, toml::node&& value) {
  const auto parts = split_dots(path);
  toml::table* parent = parent_of(top, parts, true, path);
  toml::node* existing = parent->get(parts.back());
  if (existing != nullptr && existing->is_table() && value.is_table()) {
    merge_tables(*existing->as_table(), *value.as_table(), false);
    return;
  }
  parent->insert_or_assign(parts.back(), std::move(value));
}

void erase_study_key(toml::table& top, const std::string& path) {
  const auto parts = split_dots(path);
  if (toml::table* parent = parent_of(top, parts, false, path)) parent->erase(parts.back());
}

std::string toml_string(const std::string& s) {
  std::string out = "\"";
  for (char c : s) {
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\t':
        out += "\\t";
        break;
      case '\r':
        out += "\\r";
        break;
      default:
        if (static_cast<unsigned char>(c) < 0x20)
          out += fmt::format("\\u{:04x}", static_cast<unsigned>(c));
        else
          out += c;
    }
  }
  return out + "\"";
}

std::string toml_number(double v) {
  if (std::isnan(v)) return "nan";
  if (std::isinf(v)) return v > 0 ? "inf" : "-inf";
  std::string s = fmt::format("{}", v);
  if (s.find_first_of(".eE") == std::string::npos) s += ".0";
  return s;
}

}  // namespace rwwce::experiments
