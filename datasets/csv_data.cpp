#include "datasets/csv_data.hpp"

#include <fmt/core.h>

#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <string_view>

#include "core/input_error.hpp"
#include "core/text_file.hpp"
#include "datasets/sha256.hpp"

namespace rwwce::datasets {
namespace {

// The fields of one line (no quoting): n commas give n + 1 fields.
void split_line(std::string_view line, std::vector<std::string_view>& fields) {
  fields.clear();
  std::size_t start = 0;
  while (true) {
    const std::size_t comma = line.find(',', start);
    if (comma == std::string_view::npos) {
      fields.push_back(line.substr(start));
      return;
    }
    fields.push_back(line.substr(start, comma - start));
    start = comma + 1;
  }
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

std::string shown(std::string_view cell) {
  if (cell.size() > 40) return std::string(cell.substr(0, 40)) + "...";
  return std::string(cell);
}

}  // namespace

LabelledData parse_csv_data(const std::string& text, const std::string& label,
                            const std::string& source) {
  std::vector<std::string_view> lines;
  {
    std::size_t start = 0;
    while (start < text.size()) {
      std::size_t end = text.find('\n', start);
      if (end == std::string::npos) end = text.size();
      std::string_view line(text.data() + start, end - start);
      if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
      lines.push_back(line);
      start = end + 1;
    }
  }
  std::size_t header_line = 0;
  while (header_line < lines.size() && trim(lines[header_line]).empty()) ++header_line;
  if (header_line == lines.size())
    throw InputError(
        fmt::format("CSV data {}: empty; expected a header row naming the columns "
                    "(one of them '{}') and one example per line",
                    source, label));
  if (lines[header_line].find('"') != std::string_view::npos)
    throw InputError(
        fmt::format("CSV data {} line {}: quoted fields are not supported; expected "
                    "plain comma-separated names and numbers",
                    source, header_line + 1));
  std::vector<std::string_view> fields;
  split_line(lines[header_line], fields);
  std::vector<std::string> names;
  for (auto f : fields) names.emplace_back(trim(f));
  std::size_t label_col = names.size();
  for (std::size_t j = 0; j < names.size(); ++j) {
    if (names[j].empty())
      throw InputError(fmt::format("CSV data {} line {}: column {} has an empty name", source,
                                   header_line + 1, j + 1));
    for (std::size_t i = 0; i < j; ++i)
      if (names[i] == names[j])
        throw InputError(
            fmt::format("CSV data {} line {}: column name '{}' appears twice "
                        "(columns {} and {})",
                        source, header_line + 1, names[j], i + 1, j + 1));
    if (names[j] == label) label_col = j;
  }
  if (label_col == names.size()) {
    std::string list;
    for (const auto& n : names) list += (list.empty() ? "" : ", ") + n;
    throw InputError(
        fmt::format("CSV data {}: no column named '{}' (the study's data.label); "
                    "the header names: {}",
                    source, label, list));
  }
  const std::size_t cols = names.size(), dim = cols - 1;
  if (dim == 0)
    throw InputError(
        fmt::format("CSV data {}: only the label column '{}'; expected at least one "
                    "feature column",
                    source, label));

  std::size_t rows = 0;
  for (std::size_t l = header_line + 1; l < lines.size(); ++l) rows += !trim(lines[l]).empty();
  if (rows == 0) throw InputError(fmt::format("CSV data {}: a header but no data rows", source));

  LabelledData data;
  data.name = std::filesystem::path(source).stem().string();
  data.x = xt::xtensor<float, 2>::from_shape({rows, dim});
  data.y.reserve(rows);
  for (std::size_t j = 0; j < cols; ++j)
    if (j != label_col) data.feature_names.push_back(names[j]);
  float* out = data.x.data();
  std::string cell;
  int max_label = -1;
  for (std::size_t l = header_line + 1; l < lines.size(); ++l) {
    if (trim(lines[l]).empty()) continue;
    split_line(lines[l], fields);
    if (fields.size() != cols)
      throw InputError(fmt::format("CSV data {} line {}: {} fields, expected {} (as the header)",
                                   source, l + 1, fields.size(), cols));
    for (std::size_t j = 0; j < cols; ++j) {
      const std::string_view f = trim(fields[j]);
      cell.assign(f.data(), f.size());
      const auto where = [&] {
        return fmt::format("CSV data {} line {}, column {} ('{}')", source, l + 1, j + 1, names[j]);
      };
      if (j == label_col) {
        char* end = nullptr;
        errno = 0;
        const long v = cell.empty() ? -1 : std::strtol(cell.c_str(), &end, 10);
        if (cell.empty() || *end != '\0' || errno != 0 || v < 0 || v > 255)
          throw InputError(fmt::format("{}: expected a class label, an integer 0..255, found '{}'",
                                       where(), shown(f)));
        data.y.push_back(static_cast<std::uint8_t>(v));
        max_label = std::max(max_label, static_cast<int>(v));
        continue;
      }
      char* end = nullptr;
      errno = 0;
      const double v = cell.empty() ? 0.0 : std::strtod(cell.c_str(), &end);
      const bool parsed = !cell.empty() && *end == '\0' && errno != ERANGE && std::isfinite(v);
      if (!parsed || !std::isfinite(static_cast<float>(v)))
        throw InputError(fmt::format("{}: expected a finite number{}, found '{}'", where(),
                                     parsed ? " within float range (|x| < 3.4e38)" : "", shown(f)));
      *out++ = static_cast<float>(v);
    }
  }
  data.num_classes = max_label + 1;
  return data;
}

LabelledData read_csv_data(const std::string& path, const std::string& label) {
  const std::string text = read_text_file(path, kMaxCsvDataBytes, "CSV data file");
  LabelledData data = parse_csv_data(text, label, path);
  data.files.emplace_back(path, sha256_bytes(text.data(), text.size()));
  return data;
}

}  // namespace rwwce::datasets
