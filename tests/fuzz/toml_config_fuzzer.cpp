// The TOML `--config` reader (cli/toml_config.hpp) inside CLI11, as `rwwce run STUDY --config
// FILE --print-study` parses it for each built-in study: the real options and their mapping
// onto study keys (cli/study_options.cpp) and the study's checks, printing the resolved study
// instead of running it. Bad input is rwwce::InputError or CLI11's CLI::ParseError (main turns
// both into exit code 2); anything else is a bug.
#include <CLI/CLI.hpp>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <string>

#include "cli/run_commands.hpp"
#include "cli/toml_config.hpp"
#include "tests/fuzz/fuzz_support.hpp"

namespace {

void parse_with_config(const char* study, const std::string& config_path) {
  CLI::App app{"rwwce"};
  app.require_subcommand(1);
  rwwce::cli::add_config_option(app);
  const char* argv[] = {"rwwce", "run", study, "--config", config_path.c_str(), "--print-study"};
  rwwce::cli::add_run_commands(app, 6, argv);
  try {
    app.parse(6, argv);
  } catch (const CLI::ParseError&) {
    // CLI11's own answer to bad input (a wrong type, a failed check): exit code 2 in main.
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const rwwce::fuzz::ScratchDir scratch;
  // --print-study prints the resolved study: keep the fuzzer's output readable.
  static const bool quiet = std::freopen("/dev/null", "w", stdout) != nullptr;
  (void)quiet;
  // --shard's fallback reads the SLURM job array: keep the fuzzer independent of its shell.
  static const bool no_slurm = unsetenv("SLURM_ARRAY_TASK_ID") == 0;
  (void)no_slurm;
  const std::string path = (scratch.path() / "config.toml").string();
  rwwce::fuzz::write_file(path, rwwce::fuzz::as_text(data, size));
  for (const char* study : {"table1", "table2", "wdbc"})
    rwwce::fuzz::expect_only_input_errors([&] { parse_with_config(study, path); });
  return 0;
}
