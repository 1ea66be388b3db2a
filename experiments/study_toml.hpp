#pragma once
// Reading and editing the TOML of a study file: typed values with errors that name the key path,
// the file and the line; strict key sets; the deep merge behind `extends` and presets; dotted-key
// edits behind command-line overrides. The study's own meaning lives in study_file.cpp.
#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <vector>

#include <toml++/toml.h>

namespace rwwce::experiments {

// A table of a study file and where it is: `path` is its dotted key ("" for the top,
// "models.control", "arms.rwwce"), `source` the file.
struct TomlAt {
  const toml::table& table;
  std::string path;
  std::string source;

  std::string key_path(const std::string& key) const;  // "models.control.epochs"
  // "<source>: <key path>" plus " (line N)" when the node has a position.
  std::string where(const std::string& key, const toml::node* node = nullptr) const;

  // Throws InputError for the first key not in `valid`, listing the valid ones.
  void allow_only(std::initializer_list<const char*> valid) const;
  void allow_only(const std::vector<std::string>& valid) const;

  bool has(const std::string& key) const { return table.contains(key); }
  const toml::node* node(const std::string& key) const { return table.get(key); }

  // Typed values: nullopt when absent; InputError when present with the wrong type or range.
  std::optional<std::string> string(const std::string& key) const;
  std::optional<bool> boolean(const std::string& key) const;
  std::optional<double> number(const std::string& key) const;  // finite; ints accepted
  // An integer in [lo, hi]; a float with an integral value is accepted.
  std::optional<std::int64_t> integer(const std::string& key, std::int64_t lo,
                                      std::int64_t hi) const;
  std::optional<std::vector<double>> numbers(const std::string& key) const;  // array of numbers
  std::optional<std::vector<std::string>> strings(const std::string& key) const;
  // A string or an array of strings.
  std::optional<std::vector<std::string>> string_or_strings(const std::string& key) const;
  // An array of `rows` arrays of `cols` numbers, flattened row-major.
  std::optional<std::vector<double>> matrix(const std::string& key, std::size_t rows,
                                            std::size_t cols) const;
  // A sub-table (inline or not); nullopt when absent.
  std::optional<TomlAt> table_at(const std::string& key) const;
  // The string among `choices`, else an InputError listing them.
  std::optional<std::string> choice(const std::string& key,
                                    std::initializer_list<const char*> choices) const;
};

// Parses a study's TOML text; InputError with the line and column of a syntax error.
toml::table parse_toml(const std::string& text, const std::string& source);

// Merges `over` into `base`: tables recursively, any other value replaced; the array of tables
// `arms` (at the top) merged by each arm's `name` (a named arm's keys merged into the base's
// arm of that name, new names appended in order).
void merge_study_tables(toml::table& base, const toml::table& over);

// Sets the dotted key `path` (e.g. "models.control.loss.kind") to `value`, creating tables on
// the way; inside the top-level `arms` array the segment after "arms" names an arm. InputError
// when a segment crosses a value that is not a table or names no arm.
void set_study_key(toml::table& top, const std::string& path, toml::node&& value);

// Removes the dotted key `path` when present.
void erase_study_key(toml::table& top, const std::string& path);

// TOML text of a value that reads back exactly: strings quoted and escaped, doubles in the
// shortest form that reads back to the same double (always with '.' or 'e', or inf/nan).
std::string toml_string(const std::string& s);
std::string toml_number(double v);

}  // namespace rwwce::experiments
