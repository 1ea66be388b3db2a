#include "harness/stats/bayesian_signed_rank.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <random>

#include "core/input_error.hpp"
#include "core/portable_random.hpp"

namespace rwwce::harness {
namespace {

// For sorted z, every pair sum z_i + z_j (as computed in double, like baycomp's
// diff_m + diff_m.T) is non-decreasing in j, so for each i the j with a sum above 2 rope form
// a suffix and those below -2 rope a prefix. Found once; each weight vector then costs O(n).
class WalshRegions {
 public:
  WalshRegions(std::vector<double> sorted_z, double rope) : z_(std::move(sorted_z)), rope_(rope) {
    const std::size_t m = z_.size();
    above_gt_.resize(m);
    above_ge_.resize(m);
    below_lt_.resize(m);
    below_le_.resize(m);
    const double hi = 2 * rope, lo = -2 * rope;
    for (std::size_t i = 0; i < m; ++i) {
      const auto first = [&](auto pred) {  // first k with pred(z_i + z_k), pred monotone
        std::size_t a = 0, b = m;
        while (a < b) {
          const std::size_t mid = a + (b - a) / 2;
          if (pred(z_[i] + z_[mid]))
            b = mid;
          else
            a = mid + 1;
        }
        return a;
      };
      above_gt_[i] = first([&](double s) { return s > hi; });
      above_ge_[i] = first([&](double s) { return s >= hi; });
      below_lt_[i] = first([&](double s) { return s >= lo; });  // k < it: s < -2 rope
      below_le_[i] = first([&](double s) { return s > lo; });   // k < it: s <= -2 rope
    }
    prefix_.resize(m + 1);
    suffix_.resize(m + 1);
  }

  // w: weights of the sorted z, summing to 1.
  SignedRankMasses masses(const std::vector<double>& w) {
    const std::size_t m = z_.size();
    prefix_[0] = 0;
    for (std::size_t k = 0; k < m; ++k) prefix_[k + 1] = prefix_[k] + w[k];
    suffix_[m] = 0;
    for (std::size_t k = m; k-- > 0;) suffix_[k] = suffix_[k + 1] + w[k];
    double left = 0, right = 0;
    for (std::size_t i = 0; i < m; ++i) {
      const double up =
          suffix_[above_gt_[i]] + 0.5 * (suffix_[above_ge_[i]] - suffix_[above_gt_[i]]);
      right += w[i] * up;
      if (rope_ > 0) {
        const double down =
            prefix_[below_lt_[i]] + 0.5 * (prefix_[below_le_[i]] - prefix_[below_lt_[i]]);
        left += w[i] * down;
      }
    }
    if (rope_ > 0) return {left, 1 - left - right, right};
    return {1 - right, 0.0, right};
  }

 private:
  std::vector<double> z_;
  double rope_;
  std::vector<std::size_t> above_gt_, above_ge_, below_lt_, below_le_;
  std::vector<double> prefix_, suffix_;
};

// Uniform in (0, 1]: never 0, so its log is finite.
double uniform_open0(std::mt19937_64& e) {
  return 1.0 - rwwce::uniform01(e);
}

double standard_normal(std::mt19937_64& e) {  // Box-Muller, one value per two uniforms
  const double r = std::sqrt(-2.0 * std::log(uniform_open0(e)));
  return r * std::cos(6.283185307179586477 * rwwce::uniform01(e));
}

// Gamma(shape, 1): Marsaglia & Tsang (2000) for shape >= 1; shape < 1 by their boost
// Gamma(a) = Gamma(a + 1) U^(1/a).
double gamma_draw(double shape, std::mt19937_64& e) {
  if (shape < 1) return gamma_draw(shape + 1, e) * std::pow(uniform_open0(e), 1 / shape);
  const double d = shape - 1.0 / 3.0, c = 1 / std::sqrt(9 * d);
  for (;;) {
    const double x = standard_normal(e);
    double v = 1 + c * x;
    if (v <= 0) continue;
    v = v * v * v;
    const double u = uniform_open0(e);
    if (u < 1 - 0.0331 * x * x * x * x) return d * v;
    if (std::log(u) < 0.5 * x * x + d * (1 - v + std::log(v))) return d * v;
  }
}

}  // namespace

SignedRankMasses signed_rank_masses(const std::vector<double>& z, const std::vector<double>& w,
                                    double rope) {
  if (z.size() != w.size() || z.empty())
    throw InputError(fmt::format(
        "signed_rank_masses: expected as many weights as values (at least one), found {} and {}",
        w.size(), z.size()));
  std::vector<std::size_t> order(z.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return z[a] < z[b]; });
  std::vector<double> zs(z.size()), ws(z.size());
  for (std::size_t k = 0; k < z.size(); ++k) {
    zs[k] = z[order[k]];
    ws[k] = w[order[k]];
  }
  return WalshRegions(std::move(zs), rope).masses(ws);
}

BayesianSignedRank bayesian_signed_rank(const std::vector<double>& x, const std::vector<double>& y,
                                        std::uint64_t seed, const BayesianSignedRankOptions& o) {
  if (x.size() != y.size())
    throw InputError(fmt::format(
        "bayesian_signed_rank: expected two samples of equal size (one value per pair), found "
        "sizes {} and {}",
        x.size(), y.size()));
  if (x.empty()) throw InputError("bayesian_signed_rank: expected at least one pair, found none");
  if (!(o.rope >= 0) || !std::isfinite(o.rope))
    throw InputError(fmt::format("bayesian_signed_rank: rope {}: expected a width >= 0", o.rope));
  if (!(o.prior >= 0) || !std::isfinite(o.prior))
    throw InputError(
        fmt::format("bayesian_signed_rank: prior {}: expected a strength >= 0, e.g. 0.5", o.prior));
  if (o.samples == 0)
    throw InputError("bayesian_signed_rank: expected at least 1 posterior sample, e.g. 50000");

  BayesianSignedRank r;
  r.n = x.size();
  const std::size_t m = r.n + 1;
  std::vector<double> z(m);
  z[0] = 0.0;  // the prior's pseudo-observation
  for (std::size_t i = 0; i < r.n; ++i) {
    z[i + 1] = y[i] - x[i];
    if (!std::isfinite(z[i + 1])) {
      r.p_left = r.p_rope = r.p_right = std::numeric_limits<double>::quiet_NaN();
      return r;
    }
  }
  // Sorted positions; the weights are drawn in input order (pseudo-observation first) and
  // stored at their value's sorted position.
  std::vector<std::size_t> order(m), position(m);
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return z[a] < z[b]; });
  std::vector<double> zs(m);
  for (std::size_t k = 0; k < m; ++k) {
    zs[k] = z[order[k]];
    position[order[k]] = k;
  }
  WalshRegions regions(std::move(zs), o.rope);

  std::mt19937_64 engine(seed);
  std::vector<double> w(m);
  std::size_t wins[3] = {0, 0, 0};
  for (std::size_t s = 0; s < o.samples; ++s) {
    double total = 0;
    for (std::size_t i = 0; i < m; ++i) {
      const double g = i == 0 ? (o.prior > 0 ? gamma_draw(o.prior, engine) : 0.0)
                              : -std::log(uniform_open0(engine));  // Gamma(1): exponential
      w[position[i]] = g;
      total += g;
    }
    for (double& v : w) v /= total;
    const SignedRankMasses p = regions.masses(w);
    const int winner = p.left >= p.rope && p.left >= p.right ? 0 : p.rope >= p.right ? 1 : 2;
    ++wins[winner];
  }
  const auto ns = static_cast<double>(o.samples);
  r.p_left = static_cast<double>(wins[0]) / ns;
  r.p_rope = static_cast<double>(wins[1]) / ns;
  r.p_right = static_cast<double>(wins[2]) / ns;
  return r;
}

}  // namespace rwwce::harness
