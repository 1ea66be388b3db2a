#include "harness/report/csv_reporter.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>

#include "core/input_error.hpp"

namespace rwwce::harness {
namespace {

std::string quote(const std::string& s, bool always = false) {
  if (!always && s.find_first_of(",\"\n\r") == std::string::npos) return s;
  std::string out = "\"";
  for (char c : s) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

Value parse_cell(const std::string& cell, bool quoted) {
  if (cell.empty() && !quoted) return Undefined{};
  if (quoted) return cell;
  // Integers first, then doubles, else text.
  const bool integral =
      cell.find_first_not_of("0123456789", cell[0] == '-' ? 1 : 0) == std::string::npos &&
      cell != "-";
  errno = 0;
  char* end = nullptr;
  if (integral) {
    const long long i = std::strtoll(cell.c_str(), &end, 10);
    // Integers beyond int64 (e.g. 64-bit seeds) stay text so they read back digit for digit.
    if (errno == ERANGE) return cell;
    // "-0" is how a double -0.0 is written (no integer is): keep it a double, or it would be
    // re-written as "0".
    if (i == 0 && cell[0] == '-') return -0.0;
    return static_cast<std::int64_t>(i);
  }
  const double d = std::strtod(cell.c_str(), &end);
  if (errno == 0 && end == cell.c_str() + cell.size()) return d;
  return cell;
}

// A cell as to_csv writes it. Text that would read back as a number spelled differently
// ("04", "1.50", " 3") is quoted, so that text always reads back as written.
std::string write_cell(const Value& value) {
  const std::string s = format_value(value);
  const auto* text = std::get_if<std::string>(&value);
  const bool reads_back_differently =
      text != nullptr && !text->empty() && format_value(parse_cell(*text, false)) != *text;
  return quote(s, reads_back_differently);
}

}  // namespace

std::string to_csv(const std::vector<Record>& records) {
  std::vector<std::string> header;
  for (const auto& r : records)
    for (const auto& [name, value] : r.fields)
      if (std::find(header.begin(), header.end(), name) == header.end()) header.push_back(name);
  std::string out;
  for (std::size_t i = 0; i < header.size(); ++i) out += (i ? "," : "") + quote(header[i]);
  out += '\n';
  for (const auto& r : records) {
    for (std::size_t i = 0; i < header.size(); ++i) {
      if (i) out += ',';
      if (const Value* v = r.find(header[i])) out += write_cell(*v);
    }
    out += '\n';
  }
  return out;
}

std::vector<Record> parse_csv(const std::string& text, const std::string& source_name) {
  std::vector<std::vector<std::pair<std::string, bool>>> rows;
  std::vector<std::pair<std::string, bool>> row;
  std::string cell;
  bool quoted = false, in_quotes = false;
  std::size_t line = 1;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (in_quotes) {
      if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') {
        cell += '"';
        ++i;
      } else if (c == '"') {
        in_quotes = false;
      } else {
        if (c == '\n') ++line;
        cell += c;
      }
    } else if (c == '"') {
      if (!cell.empty())
        throw InputError(
            fmt::format("{}: line {}: a quote inside an unquoted cell", source_name, line));
      in_quotes = quoted = true;
    } else if (c == ',') {
      row.emplace_back(std::move(cell), quoted);
      cell.clear();
      quoted = false;
    } else if (c == '\n') {
      row.emplace_back(std::move(cell), quoted);
      rows.push_back(std::move(row));
      row.clear();
      cell.clear();
      quoted = false;
      ++line;
    } else if (c != '\r') {
      cell += c;
    }
  }
  if (in_quotes) throw InputError(source_name + ": ends inside a quoted cell (truncated file?)");
  if (!cell.empty() || !row.empty())
    throw InputError(source_name + ": the last line has no newline (truncated file?)");
  if (rows.empty()) throw InputError(source_name + ": empty, expected a CSV header line");
  const auto& header = rows.front();
  std::vector<Record> out;
  for (std::size_t r = 1; r < rows.size(); ++r) {
    if (rows[r].size() != header.size())
      throw InputError(fmt::format("{}: row {} has {} cells, the header has {}", source_name, r + 1,
                                   rows[r].size(), header.size()));
    Record rec;
    for (std::size_t i = 0; i < header.size(); ++i)
      rec.fields.emplace_back(header[i].first, parse_cell(rows[r][i].first, rows[r][i].second));
    out.push_back(std::move(rec));
  }
  return out;
}

}  // namespace rwwce::harness
