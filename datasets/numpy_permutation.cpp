#include "datasets/numpy_permutation.hpp"

#include <fmt/core.h>

#include <numeric>
#include <random>
#include <utility>

#include "core/input_error.hpp"

namespace rwwce::datasets {

std::vector<std::uint32_t> numpy_legacy_permutation(std::size_t n, std::uint32_t seed) {
  if (n > 0xffffffffu) {
    throw InputError(
        fmt::format("numpy_legacy_permutation: expected n < 2^32 (32-bit draws), found n = {}", n));
  }
  std::vector<std::uint32_t> p(n);
  std::iota(p.begin(), p.end(), std::uint32_t{0});
  std::mt19937 engine(seed);  // init_genrand(seed), as RandomState(seed) does
  for (std::size_t i = n > 0 ? n - 1 : 0; i >= 1; --i) {
    // rk_interval(i): mask = i with every bit below its highest set bit also set.
    const auto max = static_cast<std::uint32_t>(i);
    std::uint32_t mask = max;
    mask |= mask >> 1;
    mask |= mask >> 2;
    mask |= mask >> 4;
    mask |= mask >> 8;
    mask |= mask >> 16;
    std::uint32_t j;
    do {
      j = static_cast<std::uint32_t>(engine()) & mask;
    } while (j > max);
    std::swap(p[i], p[j]);
  }
  return p;
}

}  // namespace rwwce::datasets
