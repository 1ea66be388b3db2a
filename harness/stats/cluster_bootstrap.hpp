#pragma once
#include <cstddef>
#include <cstdint>
#include <vector>

namespace rwwce::harness {

// Percentile bootstrap confidence interval of the mean of per-unit paired differences.
//
// A unit is what the runs are independent across: a dataset (Table I's digit x batch, Table
// II's (true, predicted) pair), NOT a run. Pass ONE difference per unit (arm - reference of that
// unit; with several seeds per unit, their mean). Resampling whole units with replacement is the
// cluster bootstrap: whatever the runs of one unit share (the split, the data, the seeds) stays
// together in every resample, so the interval does not pretend correlated runs are independent.
struct BootstrapCi {
  std::size_t n_units = 0;
  std::size_t resamples = 0;
  double level = 0.95;
  double mean;       // mean of the unit differences (the point estimate)
  double low, high;  // percentile interval
};

struct BootstrapOptions {
  std::size_t resamples = 10000;  // B
  double level = 0.95;
};

// B resamples of n units drawn with replacement; each resample's mean is computed as
// d[0] + mean(d[j] - d[0]) so that constant differences give exactly that constant. The
// interval is the a = (1 - level)/2 and 1 - a percentiles of the B means with numpy's
// default linear interpolation, = scipy.stats.bootstrap((d,), np.mean, method='percentile',
// confidence_level=level, n_resamples=B) up to Monte Carlo error (different random streams).
// Deterministic given `seed`: its own std::mt19937_64, unit indices by rwwce::uniform_index
// (masked rejection, the same on every standard library). One buffer of B doubles; the
// resampling loop allocates nothing.
// - No units, resamples == 0 or a level outside (0, 1): InputError.
// - A non-finite difference: mean, low and high are NaN (as scipy's would be).
// - One unit, or all differences equal: low = high = mean (a degenerate interval: resampling
//   cannot show variability the data do not have).
BootstrapCi cluster_bootstrap_ci(const std::vector<double>& unit_differences, std::uint64_t seed,
                                 const BootstrapOptions& options = {});

}  // namespace rwwce::harness
