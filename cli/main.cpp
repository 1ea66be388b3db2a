// rwwce: reproduce the Real-World-Weight Cross-Entropy experiments and go beyond them.
// Exit codes: 0 success; 1 a check failed (e.g. a regression found by `compare`);
// 2 bad input (usage, missing or corrupt files); 3 an internal error.
#include <fmt/core.h>

#include <CLI/CLI.hpp>
#include <exception>

#include "cli/cli_commands.hpp"
#include "cli/ops_commands.hpp"
#include "cli/run_commands.hpp"
#include "cli/toml_config.hpp"
#include "core/input_error.hpp"
#include "core/text_file.hpp"
#include "harness/run/version.hpp"
#include "models/blas.hpp"

int main(int argc, char** argv) {
  rwwce::models::pin_blas_kernels(argv);  // the same numbers on AVX2 and AVX-512 machines
  CLI::App app{
      "rwwce: cost-sensitive classification experiments (Real-World-Weight Cross-Entropy).\n"
      "Reproduces the RWWCE paper's Tables I and II and the AWS unequal-error-costs study, and "
      "runs\n"
      "any study declared in a file (rwwce studies; docs/study-files.md)."};
  app.set_version_flag("--version",
                       std::string("rwwce ") + rwwce::kVersion + " (" + rwwce::kGitCommit + ")");
  app.require_subcommand(1);
  // 1 when `compare` finds something worse, or `status --check` an unfinished run.
  int exit_code = 0;
  try {
    // --config FILE is read by CLI11 itself: a FIFO or a device would block it, a huge file
    // fill memory, so the file is checked first.
    for (int i = 1; i < argc; ++i) {
      const std::string arg = argv[i];
      std::string path;
      if (arg == "--config" && i + 1 < argc) path = argv[i + 1];
      if (arg.rfind("--config=", 0) == 0) path = arg.substr(9);
      if (!path.empty() &&
          rwwce::require_regular_file(path, "config file") > rwwce::cli::kMaxConfigBytes)
        throw rwwce::InputError("config file " + path +
                                ": larger than the 1.0 MiB a config "
                                "file may be");
    }
    rwwce::cli::add_config_option(app);
    rwwce::cli::add_data_commands(app);
    rwwce::cli::add_datasets_commands(app);
    // Registering `run STUDY` reads the study named on the command line (its own options).
    rwwce::cli::add_run_commands(app, argc, argv);
    rwwce::cli::add_ops_commands(app, argc, argv, exit_code);
    rwwce::cli::add_status_command(app, exit_code);
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int code = app.exit(e);
    return code == 0 ? 0 : 2;
  } catch (const rwwce::InputError& e) {
    fmt::print(stderr, "rwwce: error: {}\n", e.what());
    return 2;
  } catch (const std::exception& e) {
    fmt::print(stderr, "rwwce: internal error: {}\n", e.what());
    return 3;
  }
  return exit_code;
}
