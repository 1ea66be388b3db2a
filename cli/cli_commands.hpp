#pragma once
#include <CLI/CLI.hpp>

namespace rwwce::cli {

// Each subcommand family registers itself on the root app; cli/main.cpp calls them.
void add_data_commands(CLI::App& app);                   // rwwce data fetch|verify
void add_datasets_commands(CLI::App& app);               // rwwce datasets STUDY
void add_status_command(CLI::App& app, int& exit_code);  // rwwce status OUT [--check]

}  // namespace rwwce::cli
