// The TOML `--config` reader (cli/toml_config.hpp) inside CLI11, as `rwwce run table1|table2|wdbc
// --config FILE` parses it: the real options of each command (their checks and conversions
// included) but no callbacks, so nothing runs; then the checks each command makes of its
// options before any work (--datasets/--pairs, --shard, --payoff). Bad input is
// rwwce::InputError or CLI11's CLI::ParseError (main turns both into exit code 2); anything
// else is a bug.
#include <CLI/CLI.hpp>
#include <cstddef>
#include <cstdint>
#include <string>

#include "cli/toml_config.hpp"
#include "datasets/one_vs_rest.hpp"
#include "experiments/table1.hpp"
#include "experiments/table2.hpp"
#include "experiments/wdbc.hpp"
#include "tests/fuzz/fuzz_support.hpp"

namespace {

template <class Options, class AddOptions, class CheckOptions>
void parse_with_config(const std::string& command, AddOptions add_options,
                       CheckOptions check_options, const std::string& config_path) {
  CLI::App app{"rwwce"};
  app.require_subcommand(1);
  rwwce::harness::add_config_option(app);
  CLI::App* run = app.add_subcommand("run", "Run one experiment");
  run->require_subcommand(1);
  Options options;
  add_options(run->add_subcommand(command, command), options);
  const char* argv[] = {"rwwce", "run", command.c_str(), "--config", config_path.c_str()};
  try {
    app.parse(5, argv);
  } catch (const CLI::ParseError&) {
    // CLI11's own answer to bad input (a wrong type, a failed check): exit code 2 in main.
    return;
  }
  rwwce::experiments::resolve_shard(options.common);
  check_options(options);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace rwwce::experiments;
  static const rwwce::fuzz::ScratchDir scratch;
  // --shard's fallback reads the SLURM job array: keep the fuzzer independent of its shell.
  static const bool no_slurm = unsetenv("SLURM_ARRAY_TASK_ID") == 0;
  (void)no_slurm;
  const std::string path = (scratch.path() / "config.toml").string();
  rwwce::fuzz::write_file(path, rwwce::fuzz::as_text(data, size));
  rwwce::fuzz::expect_only_input_errors([&] {
    parse_with_config<Table1Options>(
        "table1", add_table1_options,
        [](const Table1Options& o) {
          select_names(o.datasets, rwwce::datasets::table1_dataset_names(), "--datasets");
        },
        path);
  });
  rwwce::fuzz::expect_only_input_errors([&] {
    parse_with_config<Table2Options>(
        "table2", add_table2_options,
        [](const Table2Options& o) { select_names(o.pairs, table2_pair_names(), "--pairs"); },
        path);
  });
  rwwce::fuzz::expect_only_input_errors([&] {
    parse_with_config<WdbcOptions>(
        "wdbc", add_wdbc_options, [](const WdbcOptions& o) { wdbc_payoff(o); }, path);
  });
  return 0;
}
