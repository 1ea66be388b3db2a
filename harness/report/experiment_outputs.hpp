#pragma once
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "harness/report/paper_table.hpp"
#include "harness/run/record.hpp"
#include "harness/run/run_context.hpp"
#include "harness/stats/summary.hpp"

namespace rwwce::harness {

// Everything one experiment run produced; reporters only format it.
struct ExperimentResult {
  RunContext context;
  std::map<std::string, std::vector<Record>> tables;  // "runs", "timings", ... -> <name>.csv
  SummarySpec spec;
  Summary summary;
  // Rows appended to summary.csv after the summary's own (e.g. reproduction verdicts).
  std::vector<Record> summary_extra;
  PaperTable table;
  // <table>.md and <table>.tex as the experiment renders them; rendered from `table` when empty.
  std::string markdown, latex;
};

// JSON of records: Undefined -> null.
nlohmann::ordered_json records_json(const std::vector<Record>& records);

// summary.csv's records: summary_records(summary) then summary_extra.
std::vector<Record> all_summary_records(const ExperimentResult& result);

// results.json: the context block, the summary, the paper's numbers, then every table.
nlohmann::ordered_json results_json(const ExperimentResult& result);

// Writes <name>.csv for each table, summary.csv, results.json, <table>.md and <table>.tex into
// `dir`, each atomically (a reader never sees a half-written file). Returns the paths written.
std::vector<std::filesystem::path> write_experiment_outputs(const std::filesystem::path& dir,
                                                            const ExperimentResult& result);

}  // namespace rwwce::harness
