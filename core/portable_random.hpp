#pragma once
// Portable draws from the run's own engine. std::uniform_real_distribution and std::shuffle are
// implementation-defined and differ between standard libraries; these give the same numbers
// everywhere for the same engine state.
#include <cstddef>
#include <cstdint>
#include <random>
#include <utility>

namespace rwwce {

// Uniform in [0, 1) from the top 53 bits of one 64-bit draw.
inline double uniform01(std::mt19937_64& engine) {
  return static_cast<double>(engine() >> 11) * 0x1.0p-53;
}

// Uniform integer in [0, n) by masked rejection (one or more 64-bit draws); n >= 1.
inline std::uint64_t uniform_index(std::uint64_t n, std::mt19937_64& engine) {
  const std::uint64_t max = n - 1;
  std::uint64_t mask = max;
  for (int s = 1; s < 64; s <<= 1) mask |= mask >> s;
  for (;;) {
    const std::uint64_t v = engine() & mask;
    if (v <= max) return v;
  }
}

// Fisher-Yates: for i = n-1 .. 1, j = uniform_index(i + 1), swap p[i], p[j].
template <class Index>
void fisher_yates(Index* p, std::size_t n, std::mt19937_64& engine) {
  for (std::size_t i = n; i-- > 1;) {
    const auto j = static_cast<std::size_t>(uniform_index(i + 1, engine));
    std::swap(p[i], p[j]);
  }
}

}  // namespace rwwce
