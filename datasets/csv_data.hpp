#pragma once
#include <cstdint>
#include <string>

#include "datasets/labelled_data.hpp"

namespace rwwce::datasets {

// The largest CSV data file read (the whole file is held in memory with its matrix).
inline constexpr std::uintmax_t kMaxCsvDataBytes = std::uintmax_t{2} << 30;  // 2 GiB

// A user's data as CSV: a header row naming the columns, then one example per line. The column
// named `label` holds each example's class, an integer 0 .. 255 (0/1 for a binary task); every
// other column is a numeric feature (a finite decimal number, read as strtod does and stored as
// float). Fields are separated by commas with no quoting; blank lines and a final newline are
// ignored, CRLF line ends accepted. num_classes = the largest label + 1; name = the file stem;
// files = {(path, SHA-256)}. Every problem is an InputError naming the file, the line and the
// column: a missing label column (listing the columns), a duplicate column name, a row with too
// few or too many fields, an empty or non-numeric cell, a label that is not an integer 0..255.
LabelledData read_csv_data(const std::string& path, const std::string& label);

// The same from text already read (`source` names it in messages).
LabelledData parse_csv_data(const std::string& text, const std::string& label,
                            const std::string& source);

}  // namespace rwwce::datasets
