#pragma once
// Study files (docs/study-files.md): loading a built-in study or a user's file, `extends`,
// presets and command-line overrides, and turning the result into a checked Study.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <toml++/toml.h>

#include "experiments/study.hpp"
#include "harness/run/run_context.hpp"

namespace rwwce::experiments {

// The largest study, config or cost file read.
inline constexpr std::uintmax_t kMaxStudyFileBytes = std::uintmax_t{1} << 20;  // 1 MiB

// A study as TOML before it is checked: `extends` applied, relative paths made absolute.
struct StudyTable {
  toml::table table;
  std::string source;  // the file, or "built-in study <name>"
  // The study as declared where its published numbers are (before this file's additions, the
  // preset and overrides): the protocol those numbers belong to. Empty without [published].
  std::optional<toml::table> reference;
  std::string reference_source;
};

// A command-line option a study declares in [options.NAME] (e.g. table2's --control-loss).
struct StudyOption {
  std::string name;  // without dashes
  std::string help;
  std::string key;              // dotted study key it sets ("" when every choice says its keys)
  std::string type = "string";  // string, number, integer or flag
  // The values it accepts, each with the (dotted key, value) pairs it sets, the values as TOML
  // literals ("\"cce\"", "0", "true"): a choice given as a scalar sets `key` to it; one given as
  // a table sets each of its keys. A flag's `sets` is its one choice.
  struct Choice {
    std::string given;
    std::vector<std::pair<std::string, std::string>> sets;
  };
  std::vector<Choice> choices;
  std::string value;  // flag: the value (a TOML literal) set when the flag is given
};

// `spec` is a built-in study's name (rwwce studies) or a path to a study file. Reads it
// (size-checked), resolves `extends` (a built-in name, or a path relative to the file; cycles
// refused) and makes data paths absolute relative to the file that names them.
StudyTable load_study_table(const std::string& spec);

// Whether `spec` names a file rather than a built-in study: it contains '/' or ends in .toml.
bool names_study_file(const std::string& spec);

// The options [options] declares, in name order.
std::vector<StudyOption> study_options(const StudyTable& study);

// The presets the study declares ([presets.NAME]) and its own (`preset`).
std::vector<std::string> study_presets(const StudyTable& study);

// Applies preset `name`: its own preset leaves the study as it is; a declared one is merged in
// (as `extends` merges); anything else is an InputError naming the presets there are.
void apply_preset(StudyTable& study, const std::string& name);

// Checks and converts the table into a Study (every key known, every value in range, costs
// present where a loss or decision needs them, decisions that need validation rows given them);
// fills `published.differences` / `changed_arms` against the reference protocol and
// `resolved_toml` with the canonical study text.
Study resolve_study(const StudyTable& study);

// The canonical TOML of a study: every key explicit, no extends or presets, runs as is.
std::string study_to_toml(const Study& study);

// What a task's results depend on, as text (the resume fingerprint): every protocol key of the
// canonical study (data, split, costs, models, arms' models and decisions, loss mode, pairing)
// and the seed stream, but not which tasks or seeds are selected, nor titles, statistics or
// published numbers.
std::string study_fingerprint(const Study& study);

// The study a finished run ran: its context's resolved study, or for a run written before
// studies were recorded, the built-in study of its experiment's name. InputError otherwise.
Study study_from_run(const harness::RunContext& context, const std::string& source);

// Parses a seed list: "N" (1..N), "A-B", "3,7,11" (each 0 .. 2^64-1, parsed exactly);
// InputError naming `what` otherwise.
// One root seed in decimal, 0..2^64-1; anything else is an InputError naming `what`.
std::uint64_t parse_seed(const std::string& text, const std::string& what);
std::vector<std::uint64_t> parse_seed_list(const std::string& text, const std::string& what);

// Reads a K x K cost file (decision_cost and optionally w_fn, w_fp, high_cost_above;
// docs/cost-files.md) as the TOML table that replaces a study's [costs]. Unknown keys and
// malformed matrices (shape K x K, entries >= 0, zero diagonals of decision_cost and w_fp) are
// InputErrors naming the file.
toml::table read_cost_file(const std::string& path, std::size_t classes);

}  // namespace rwwce::experiments
