#include "harness/stats/non_inferiority.hpp"

#include <fmt/format.h>

#include <boost/math/distributions/students_t.hpp>
#include <cmath>

#include "core/input_error.hpp"
#include "harness/stats/minimal_detectable_change.hpp"

namespace rwwce::harness {

NonInferiorityTest non_inferiority_test(const std::vector<double>& baseline,
                                        const std::vector<double>& candidate,
                                        WorseDirection direction, double margin, double alpha,
                                        double power) {
  if (baseline.size() != candidate.size())
    throw InputError(fmt::format(
        "non_inferiority_test: expected paired baseline and candidate values of equal size, "
        "found {} and {}",
        baseline.size(), candidate.size()));
  if (!(margin >= 0) || !std::isfinite(margin))
    throw InputError(fmt::format(
        "non_inferiority_test: margin {}: expected a finite worsening >= 0 (metric units)",
        margin));
  if (!(alpha > 0 && alpha < 1) || !(power > alpha && power < 1))
    throw InputError(fmt::format(
        "non_inferiority_test: expected 0 < alpha < power < 1, found alpha {} and power {}", alpha,
        power));
  NonInferiorityTest r;
  r.n = baseline.size();
  r.margin = margin;
  r.alpha = alpha;
  r.power = power;
  if (r.n < 2) return r;

  const std::size_t n = r.n;
  std::vector<double> w(n);
  bool finite = true, all_equal = true;
  double sum = 0;
  for (std::size_t i = 0; i < n; ++i) {
    w[i] = worsening(direction, candidate[i] - baseline[i]);
    finite = finite && std::isfinite(w[i]);
    all_equal = all_equal && w[i] == w[0];
    sum += w[i];
  }
  if (!finite) return r;
  r.df = static_cast<double>(n - 1);
  if (all_equal) {
    r.mean_worsening = w[0];
    r.sd_worsening = 0;
    if (w[0] != margin) {
      r.t = w[0] > margin ? INFINITY : -INFINITY;
      r.p = w[0] > margin ? 0.0 : 1.0;
    }
    r.min_detectable_worsening = margin;
    return r;
  }
  r.mean_worsening = sum / static_cast<double>(n);
  double ss = 0;
  for (double v : w) ss += (v - r.mean_worsening) * (v - r.mean_worsening);
  r.sd_worsening = std::sqrt(ss / static_cast<double>(n - 1));
  r.t = (r.mean_worsening - margin) / (r.sd_worsening / std::sqrt(static_cast<double>(n)));
  r.p = boost::math::cdf(boost::math::complement(boost::math::students_t(r.df), r.t));
  r.min_detectable_worsening =
      margin + minimal_detectable_change(n, r.sd_worsening, alpha, power, TestSides::one_sided);
  return r;
}

}  // namespace rwwce::harness
