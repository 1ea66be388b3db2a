#pragma once
#include <CLI/CLI.hpp>

namespace rwwce::harness {

// Each subcommand family registers itself on the root app; experiments/main.cpp calls them.
void add_data_commands(CLI::App& app);      // rwwce data fetch|verify
void add_datasets_commands(CLI::App& app);  // rwwce datasets table1|table2|wdbc

}  // namespace rwwce::harness
