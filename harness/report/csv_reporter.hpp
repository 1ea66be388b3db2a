#pragma once
#include <string>
#include <vector>

#include "harness/run/record.hpp"

namespace rwwce::harness {

// RFC 4180 CSV of records: the header is the union of field names in first-seen order; a
// record lacking a field gets an empty cell, as does an Undefined value. Lines end in "\n".
std::string to_csv(const std::vector<Record>& records);

// Parses what to_csv wrote (numbers back as int64 or double, empty cells as Undefined), so a
// finished run can be re-read for `report`, `merge` and `compare`.
std::vector<Record> parse_csv(const std::string& text, const std::string& source_name);

}  // namespace rwwce::harness
