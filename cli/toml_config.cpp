#include "cli/toml_config.hpp"

#include <fmt/format.h>

#include <toml++/toml.h>
#include <sstream>

#include "core/input_error.hpp"

namespace rwwce::cli {
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

// Every key must name a long option of the command being run; tables are not used.
void collect(const toml::table& table, const CLI::App& command, const std::string& command_name,
             const std::vector<std::string>& parents, std::vector<CLI::ConfigItem>& out) {
  for (const auto& [k, node] : table) {
    const std::string key(k.str());
    if (node.is_table())
      throw InputError(fmt::format(
          "config file: table [{}] found; put the options of `{}` at the top level of the file "
          "(e.g. epochs = 5)",
          key, command_name));
    if (command.get_option_no_throw("--" + key) == nullptr)
      throw InputError(
          fmt::format("config file: unknown key '{}'; expected a long option of `{}` "
                      "without its dashes (see `{} --help`)",
                      key, command_name, command_name));
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
  const CLI::App* command = root_;
  std::string command_name = "rwwce";
  while (true) {
    const auto chosen = command->get_subcommands();
    if (chosen.empty()) break;
    command = chosen.front();
    parents.push_back(command->get_name());
    command_name += " " + command->get_name();
  }
  collect(table, *command, command_name, parents, items);
  return items;
}

void add_config_option(CLI::App& root) {
  root.config_formatter(std::make_shared<TomlConfig>(&root));
  root.set_config("--config", "",
                  "Read the chosen command's options from a TOML file, keys named as the long "
                  "options (epochs = 5, w-fn = 2000); the command line wins");
  root.fallthrough();
  root.allow_config_extras(CLI::config_extras_mode::error);
}

}  // namespace rwwce::cli
