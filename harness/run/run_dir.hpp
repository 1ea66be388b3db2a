#pragma once
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "harness/run/record.hpp"
#include "harness/run/run_context.hpp"

namespace rwwce::harness {

// A finished run directory read back: what write_experiment_outputs wrote. The one reader
// shared by `rwwce merge`, `rwwce report` and `rwwce compare`.
struct RunDir {
  std::filesystem::path dir;
  nlohmann::ordered_json results;  // results.json as written
  std::string results_text;        // its exact bytes
  RunContext context;              // results.json's context block
  // Every per-run table results.json lists ("runs", "timings", "confusion", ...), read from its
  // <name>.csv; summary.csv is not among them (it is recomputed from runs, or read as text).
  std::map<std::string, std::vector<Record>> tables;
  std::string summary_csv;  // summary.csv's exact bytes
};

// Throws InputError when the directory, results.json, summary.csv or runs.csv is missing, or a
// table is malformed, saying which file and what a run directory holds. Other tables listed in
// results.json (timings, confusion) are read when their CSV is present.
RunDir read_run_dir(const std::filesystem::path& dir);

// The whole file; InputError naming the path when it cannot be read.
std::string read_text_file(const std::filesystem::path& path);

}  // namespace rwwce::harness
