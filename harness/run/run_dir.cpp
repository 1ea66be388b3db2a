#include "harness/run/run_dir.hpp"

#include <fmt/format.h>

#include <fstream>
#include <sstream>

#include "core/input_error.hpp"
#include "core/plain_name.hpp"
#include "core/text_file.hpp"
#include "harness/report/csv_reporter.hpp"
#include "harness/run/task_runner.hpp"

namespace rwwce::harness {
namespace fs = std::filesystem;

std::string read_text_file(const fs::path& path) {
  return rwwce::read_text_file(path, kMaxRunFileBytes, "run file");
}

RunDir read_run_dir(const fs::path& dir) {
  if (!fs::is_directory(dir))
    throw InputError(fmt::format(
        "{} is not a directory; expected a run directory written by rwwce run (runs.csv, "
        "summary.csv, results.json)",
        dir.string()));
  RunDir run;
  run.dir = dir;
  const fs::path json_path = dir / "results.json";
  if (!fs::exists(json_path))
    throw InputError(fmt::format(
        "{}: no results.json; expected a finished run directory (an interrupted run writes it "
        "when it finishes: re-run the same command with the same --out to resume)",
        dir.string()));
  run.results_text = read_text_file(json_path);
  try {
    run.results = nlohmann::ordered_json::parse(run.results_text);
  } catch (const nlohmann::json::exception& e) {
    throw InputError(fmt::format("{}: not valid JSON: {}", json_path.string(), e.what()));
  }
  if (!run.results.is_object() || !run.results.contains("context"))
    throw InputError(
        fmt::format("{}: expected an object with a 'context' block", json_path.string()));
  run.context = context_from_json(run.results.at("context"), json_path.string());
  for (const auto& [name, value] : run.results.items()) {
    if (name == "context" || name == "summary" || name == "paper" || !value.is_array()) continue;
    // A table's name becomes a file name: only plain names, so results.json cannot point
    // outside its directory.
    require_plain_name(name, "table", json_path.string());
    const fs::path csv = dir / (name + ".csv");
    // runs.csv is required; the other tables (timings, confusion) are optional, so a committed
    // baseline can keep only what the gate and the reports read.
    if (name != "runs" && !fs::exists(csv)) continue;
    run.tables[name] = parse_csv(read_text_file(csv), csv.string());
  }
  if (run.tables.count("runs") == 0)
    throw InputError(
        fmt::format("{}: lists no 'runs' table; expected a results.json written by "
                    "rwwce run or rwwce merge",
                    json_path.string()));
  run.summary_csv = read_text_file(dir / "summary.csv");
  return run;
}

}  // namespace rwwce::harness
