#include "datasets/wdbc.hpp"

#include <fmt/core.h>

#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <fstream>
#include <numeric>
#include <sstream>

#include "core/input_error.hpp"
#include "datasets/sha256.hpp"

namespace rwwce::datasets {
namespace {

constexpr std::size_t kRows = 569;
constexpr std::size_t kCols = 30;

// Splits one CSV line on commas (the file has no quoting).
std::vector<std::string> split_commas(const std::string& line) {
  std::vector<std::string> fields;
  std::string field;
  std::istringstream in(line);
  while (std::getline(in, field, ',')) fields.push_back(field);
  if (!line.empty() && line.back() == ',') fields.emplace_back();
  return fields;
}

double parse_number(const std::string& text, const std::string& path, std::size_t line_no) {
  const char* begin = text.c_str();
  char* end = nullptr;
  errno = 0;
  const double v = std::strtod(begin, &end);
  if (end == begin || *end != '\0' || errno != 0 || !std::isfinite(v)) {
    throw InputError(fmt::format("WDBC file '{}' line {}: expected a finite number, found '{}'",
                                 path, line_no, text));
  }
  return v;
}

}  // namespace

std::string default_wdbc_path() {
  return RWWCE_SOURCE_DIR "/datasets/vendor/wdbc/breast_cancer.csv";
}

Wdbc load_wdbc(const std::string& path) {
  const std::string hash = sha256_file(path);
  if (hash != kWdbcSha256) {
    throw InputError(fmt::format(
        "WDBC file '{}' has SHA-256 {}, expected {}: it is not the vendored copy of sklearn's "
        "breast_cancer.csv; restore it with `git checkout -- datasets/vendor/wdbc`",
        path, hash, kWdbcSha256));
  }
  std::ifstream in(path);
  std::string line;
  if (!std::getline(in, line) || line != "569,30,malignant,benign") {
    throw InputError(fmt::format(
        "WDBC file '{}': expected the header '569,30,malignant,benign', found '{}'", path, line));
  }
  Wdbc w;
  w.x = xt::xtensor<float, 2>::from_shape({kRows, kCols});
  w.y.reserve(kRows);
  std::size_t row = 0;
  std::size_t line_no = 1;
  while (std::getline(in, line)) {
    ++line_no;
    if (line.empty()) continue;
    if (row == kRows) {
      throw InputError(fmt::format("WDBC file '{}': expected {} data rows, found more at line {}",
                                   path, kRows, line_no));
    }
    const auto fields = split_commas(line);
    if (fields.size() != kCols + 1) {
      throw InputError(fmt::format("WDBC file '{}' line {}: expected {} fields, found {}", path,
                                   line_no, kCols + 1, fields.size()));
    }
    for (std::size_t j = 0; j < kCols; ++j) {
      w.x(row, j) = static_cast<float>(parse_number(fields[j], path, line_no));
    }
    // The file codes 0 = malignant, 1 = benign; the harness uses 1 = malignant (positive).
    if (fields[kCols] == "0") {
      w.y.push_back(1);
    } else if (fields[kCols] == "1") {
      w.y.push_back(0);
    } else {
      throw InputError(fmt::format("WDBC file '{}' line {}: expected target 0 or 1, found '{}'",
                                   path, line_no, fields[kCols]));
    }
    ++row;
  }
  if (row != kRows) {
    throw InputError(
        fmt::format("WDBC file '{}': expected {} data rows, found {}", path, kRows, row));
  }
  return w;
}

xt::xtensor<float, 2> standardize(const xt::xtensor<float, 2>& x,
                                  const std::vector<std::uint32_t>& fit_rows) {
  const std::size_t n = x.shape()[0];
  const std::size_t d = x.shape()[1];
  if (fit_rows.empty()) throw InputError("standardize: expected at least one fitting row, found 0");
  std::vector<double> mean(d, 0.0), var(d, 0.0);
  for (const std::uint32_t r : fit_rows) {
    if (r >= n) {
      throw InputError(fmt::format("standardize: row {} out of range for {} rows", r, n));
    }
    for (std::size_t j = 0; j < d; ++j) mean[j] += x(r, j);
  }
  const double m = static_cast<double>(fit_rows.size());
  for (double& v : mean) v /= m;
  for (const std::uint32_t r : fit_rows) {
    for (std::size_t j = 0; j < d; ++j) {
      const double c = x(r, j) - mean[j];
      var[j] += c * c;
    }
  }
  xt::xtensor<float, 2> out = xt::xtensor<float, 2>::from_shape({n, d});
  for (std::size_t j = 0; j < d; ++j) {
    const double sd = std::sqrt(var[j] / m);  // ddof = 0
    const double scale = sd == 0.0 ? 1.0 : sd;
    for (std::size_t i = 0; i < n; ++i) {
      out(i, j) = static_cast<float>((x(i, j) - mean[j]) / scale);
    }
  }
  return out;
}

Dataset wdbc_dataset(const xt::xtensor<float, 2>& standardized, const Wdbc& wdbc,
                     std::uint32_t seed, double validation_split) {
  if (standardized.shape()[0] != wdbc.y.size() || standardized.shape()[1] != kCols) {
    throw InputError(fmt::format("wdbc_dataset: expected a ({}, {}) matrix, found ({}, {})",
                                 wdbc.y.size(), kCols, standardized.shape()[0],
                                 standardized.shape()[1]));
  }
  Dataset ds;
  ds.name = "wdbc";
  ds.source = standardized.data();
  ds.dim = kCols;
  ds.rows.resize(wdbc.y.size());
  std::iota(ds.rows.begin(), ds.rows.end(), std::uint32_t{0});
  ds.labels = wdbc.y;
  ds.num_classes = 2;
  ds.split = paper_split(ds.rows.size(), seed, 0.25, validation_split);
  return ds;
}

}  // namespace rwwce::datasets
