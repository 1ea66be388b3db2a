#pragma once
#include <CLI/CLI.hpp>
#include <istream>
#include <string>
#include <vector>

namespace rwwce::harness {

// Reads `--config FILE` as real TOML with toml++ and hands the values to CLI11, so every
// command-line option can also be set in a file (`epochs = 5`, `w-fn = 2000`,
// `datasets = "d0b0,d3b7"`), options given on the command line win over the file, and an
// unknown key is an error. Tables become subcommand sections ([table1] ...). A TOML syntax
// error is reported with its line and column.
class TomlConfig : public CLI::Config {
 public:
  std::string to_config(const CLI::App* app, bool default_also, bool write_description,
                        std::string prefix) const override;
  std::vector<CLI::ConfigItem> from_config(std::istream& input) const override;
};

}  // namespace rwwce::harness
