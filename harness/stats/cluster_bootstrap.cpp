#include "harness/stats/cluster_bootstrap.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <random>

#include "core/input_error.hpp"
#include "core/portable_random.hpp"

namespace rwwce::harness {
namespace {

// numpy.percentile(v, 100 * q) with its default method='linear' on sorted v: h = (B - 1) q,
// v[floor h] + (h - floor h) (v[floor h + 1] - v[floor h]).
double percentile_linear(const std::vector<double>& sorted, double q) {
  const double h = static_cast<double>(sorted.size() - 1) * q;
  const auto lo = static_cast<std::size_t>(std::floor(h));
  if (lo + 1 >= sorted.size()) return sorted.back();
  const double frac = h - static_cast<double>(lo);
  return sorted[lo] + frac * (sorted[lo + 1] - sorted[lo]);
}

}  // namespace

BootstrapCi cluster_bootstrap_ci(const std::vector<double>& d, std::uint64_t seed,
                                 const BootstrapOptions& o) {
  if (d.empty())
    throw InputError("cluster_bootstrap_ci: expected at least one unit difference, found none");
  if (o.resamples == 0)
    throw InputError("cluster_bootstrap_ci: expected at least 1 resample, e.g. 10000");
  if (!(o.level > 0 && o.level < 1))
    throw InputError(fmt::format(
        "cluster_bootstrap_ci: expected a confidence level in (0, 1), e.g. 0.95, found {}",
        o.level));
  const std::size_t n = d.size();
  BootstrapCi ci;
  ci.n_units = n;
  ci.resamples = o.resamples;
  ci.level = o.level;
  double sum = 0;
  for (double x : d) sum += x;
  if (!std::isfinite(sum)) {
    ci.mean = ci.low = ci.high = std::numeric_limits<double>::quiet_NaN();
    return ci;
  }
  ci.mean = sum / static_cast<double>(n);

  // Deviations from the first unit: a resample of constant data sums exact zeros.
  std::vector<double> dev(n);
  for (std::size_t i = 0; i < n; ++i) dev[i] = d[i] - d[0];
  std::vector<double> means(o.resamples);  // the one buffer; nothing below allocates
  std::mt19937_64 engine(seed);
  for (double& m : means) {
    double s = 0;
    for (std::size_t i = 0; i < n; ++i) s += dev[rwwce::uniform_index(n, engine)];
    m = d[0] + s / static_cast<double>(n);
  }
  std::sort(means.begin(), means.end());
  const double alpha = (1 - o.level) / 2;  // scipy's interval (alpha, 1 - alpha)
  ci.low = percentile_linear(means, alpha);
  ci.high = percentile_linear(means, 1 - alpha);
  return ci;
}

}  // namespace rwwce::harness
