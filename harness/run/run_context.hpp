#pragma once
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

namespace rwwce::harness {

// The context block that opens results.json: enough to know what produced a result and to
// rerun it. Only `settings` and the fixed identity fields change what runs.csv holds; the
// rest (host, threads, times) describe this particular execution.
struct RunContext {
  std::string experiment;
  std::string preset;
  std::uint64_t root_seed = 1;
  int threads = 0;
  std::string command_line;
  std::string started_utc, finished_utc;
  // Named settings of the experiment (epochs, batch, costs, loss mode, pairing design...), in
  // the order the experiment declares them.
  std::vector<std::pair<std::string, std::string>> settings;
  // The tasks (datasets, pairs) the command selected, in the experiment's order. A shard runs
  // the subset i % N == K of them; `merge` checks the shards cover exactly this list.
  std::vector<std::string> tasks;
  std::string shard;                 // "K/N" for a shard run, empty otherwise
  std::vector<std::uint64_t> seeds;  // the root seeds the tasks ran with (root_seed = first)
  // The data files read, each with its SHA-256 (as computed; with --trust-data a note of its
  // size and modification time instead), and whether they were checked against published
  // checksums.
  std::vector<std::pair<std::string, std::string>> data_files;
  bool data_checked = false;
  // The resolved study as TOML (experiments/study_file.hpp): what `report`, `merge` and
  // `compare` rebuild the tables and statistics from. Empty in runs written before studies.
  std::string study;
  std::vector<std::string> merged_from;  // run directories combined by `rwwce merge`
};

std::string utc_timestamp();          // 2026-11-23T16:45:00Z
std::string utc_timestamp_compact();  // 20261123T164500Z, for directory names
std::string host_name();
std::string join_command_line(int argc, const char* const* argv);

// The context as JSON: rwwce version and commit, host, library versions, then the fields above.
nlohmann::ordered_json context_json(const RunContext& context);

// Reads back what context_json wrote (the identity fields, settings, tasks, shard); fields
// describing the host and libraries are not part of RunContext and are ignored. Throws
// InputError naming `source` when a field is missing or of the wrong type.
RunContext context_from_json(const nlohmann::ordered_json& j, const std::string& source);

}  // namespace rwwce::harness
