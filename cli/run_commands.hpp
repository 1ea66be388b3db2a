#pragma once
#include <CLI/CLI.hpp>

namespace rwwce::cli {

// rwwce run STUDY | studies | reproduce: registered on the root app by main.cpp. `argc/argv`
// are kept to record the command line in every results.json, and to find the study a `run`
// names, whose own options are registered before parsing.
void add_run_commands(CLI::App& app, int argc, const char* const* argv);

}  // namespace rwwce::cli
