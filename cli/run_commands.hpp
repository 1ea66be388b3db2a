#pragma once
#include <CLI/CLI.hpp>

namespace rwwce::experiments {

// rwwce run table1|... : registered on the root app by main.cpp. `argc/argv` are kept to
// record the command line in every results.json.
void add_run_commands(CLI::App& app, int argc, const char* const* argv);

}  // namespace rwwce::experiments
