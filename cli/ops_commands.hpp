#pragma once
#include <CLI/CLI.hpp>

namespace rwwce::cli {

// rwwce compare | merge | report: operations on finished run directories (the regression gate,
// combining shards, re-rendering). `exit_code` receives compare's verdict (0 the gate passed,
// 1 something significantly worse, broken or not testable); bad input throws InputError
// (exit 2) as everywhere.
void add_ops_commands(CLI::App& app, int argc, const char* const* argv, int& exit_code);

}  // namespace rwwce::cli
