// What every figure's data file and script share: the colour of the i-th series and how a number
// is written into a .dat file (9 significant digits; NaN for a missing value, which gnuplot skips).
#pragma once

#include <fmt/core.h>

#include <cmath>
#include <cstddef>
#include <string>

namespace rwwce::harness::figure_style {

inline constexpr const char* kColours[] = {"#1f77b4", "#ff7f0e", "#2ca02c", "#d62728",
                                           "#9467bd", "#8c564b", "#e377c2", "#7f7f7f"};
inline constexpr std::size_t kNColours = sizeof(kColours) / sizeof(kColours[0]);

inline std::string num(double v) {
  return std::isfinite(v) ? fmt::format("{:.9g}", v) : std::string("NaN");
}

}  // namespace rwwce::harness::figure_style
