#pragma once
#include <CLI/CLI.hpp>
#include <cstdint>
#include <istream>
#include <string>
#include <vector>

namespace rwwce::cli {

// The largest --config file read.
inline constexpr std::uintmax_t kMaxConfigBytes = std::uintmax_t{1} << 20;  // 1 MiB

// Reads `--config FILE` as real TOML with toml++ and hands the values to CLI11, so every
// option of the chosen subcommand can also be set in a file (`epochs = 5`, `w-fn = 2000`,
// `datasets = "d0b0,d3b7"`); options given on the command line win over the file, and an
// unknown key is an error. Keys apply to the subcommand being run (`rwwce run table1
// --config f.toml` reads f.toml's keys as table1's options). A TOML syntax error is reported
// with its line and column.
//
// CLI11 2.1 only processes config files on the root app, so `--config` is a root option that
// falls through subcommands, and this formatter prefixes each key with the active
// subcommand path.
class TomlConfig : public CLI::Config {
 public:
  explicit TomlConfig(const CLI::App* root) : root_(root) {}
  std::string to_config(const CLI::App* app, bool default_also, bool write_description,
                        std::string prefix) const override;
  std::vector<CLI::ConfigItem> from_config(std::istream& input) const override;

 private:
  const CLI::App* root_;
};

// Installs `--config FILE` on the root app (see TomlConfig).
void add_config_option(CLI::App& root);

}  // namespace rwwce::cli
