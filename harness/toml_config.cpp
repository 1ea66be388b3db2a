#include "harness/toml_config.hpp"

#include <fmt/format.h>

#include <toml++/toml.h>
#include <sstream>

#include "datasets/input_error.hpp"

namespace rwwce::harness {
namespace {

std::string scalar_text(const toml::node& node, const std::string& key) {
  if (auto s = node.value<std::string>()) return *s;
  if (auto b = node.value_exact<bool>()) return *b ? "true" : "false";
  if (auto i = node.value_exact<std::int64_t>()) return std::to_string(*i);
  if (auto d = node.value_exact<double>()) return fmt::format("{}", *d);
  std::ostringstream type;
  type << node.type();
  throw InputError(fmt::format("config key '{}': expected a string, number or boolean, found {}",
                               key, type.str()));
}

void flatten(const toml::table& table, std::vector<std::string>& parents,
             std::vector<CLI::ConfigItem>& out) {
  for (const auto& [k, node] : table) {
    const std::string key(k.str());
    if (const auto* sub = node.as_table()) {
      parents.push_back(key);
      flatten(*sub, parents, out);
      parents.pop_back();
      continue;
    }
    CLI::ConfigItem item;
    item.parents = parents;
    item.name = key;
    if (const auto* arr = node.as_array()) {
      for (const auto& element : *arr) item.inputs.push_back(scalar_text(element, key));
    } else {
      item.inputs.push_back(scalar_text(node, key));
    }
    out.push_back(std::move(item));
  }
}

}  // namespace

std::string TomlConfig::to_config(const CLI::App* app, bool default_also, bool write_description,
                                  std::string prefix) const {
  return CLI::ConfigTOML().to_config(app, default_also, write_description, std::move(prefix));
}

std::vector<CLI::ConfigItem> TomlConfig::from_config(std::istream& input) const {
  std::ostringstream text;
  text << input.rdbuf();
  toml::table table;
  try {
    table = toml::parse(text.str());
  } catch (const toml::parse_error& e) {
    throw InputError(fmt::format("config file is not valid TOML: {} (line {}, column {})",
                                 e.description(), e.source().begin.line, e.source().begin.column));
  }
  std::vector<CLI::ConfigItem> items;
  std::vector<std::string> parents;
  flatten(table, parents, items);
  return items;
}

}  // namespace rwwce::harness
