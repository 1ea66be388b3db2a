#include "datasets/sampling.hpp"

#include <fmt/core.h>

#include <algorithm>
#include <cmath>

#include "core/input_error.hpp"
#include "datasets/numpy_permutation.hpp"

namespace rwwce::datasets {

std::vector<std::uint32_t> oversample_positives(const std::vector<std::uint32_t>& fit,
                                                const std::vector<std::uint8_t>& labels,
                                                std::size_t factor) {
  if (factor < 1)
    throw InputError(fmt::format("oversample: factor must be an integer >= 1, found {}", factor));
  std::vector<std::uint32_t> out = fit;
  for (std::size_t copy = 1; copy < factor; ++copy)
    for (std::uint32_t p : fit)
      if (labels.at(p) == 1) out.push_back(p);
  return out;
}

std::vector<std::uint32_t> undersample_negatives(const std::vector<std::uint32_t>& fit,
                                                 const std::vector<std::uint8_t>& labels,
                                                 double keep, std::uint32_t seed) {
  if (!(keep > 0.0 && keep <= 1.0))
    throw InputError(fmt::format("undersample: keep must be a fraction in (0, 1], found {}", keep));
  std::vector<std::size_t> negatives;  // indices into fit
  for (std::size_t i = 0; i < fit.size(); ++i)
    if (labels.at(fit[i]) == 0) negatives.push_back(i);
  const std::size_t n = negatives.size();
  std::size_t m = static_cast<std::size_t>(std::llround(keep * static_cast<double>(n)));
  if (n > 0) m = std::clamp<std::size_t>(m, 1, n);
  std::vector<char> kept(fit.size(), 1);
  for (std::size_t i : negatives) kept[i] = 0;
  const std::vector<std::uint32_t> p = numpy_legacy_permutation(n, seed);
  for (std::size_t i = 0; i < m; ++i) kept[negatives[p[i]]] = 1;
  std::vector<std::uint32_t> out;
  out.reserve(fit.size() - n + m);
  for (std::size_t i = 0; i < fit.size(); ++i)
    if (kept[i]) out.push_back(fit[i]);
  return out;
}

}  // namespace rwwce::datasets
