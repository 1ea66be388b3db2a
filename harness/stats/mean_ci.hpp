#pragma once
#include <cstddef>
#include <utility>

namespace rwwce::harness {

// The 95% confidence interval of a mean from n values with sample sd (Student t, n - 1 df):
// mean -+ t_{0.975, n-1} sd / sqrt(n) (= scipy.stats.t.interval(0.95, n-1, mean, sd/sqrt(n)));
// {NaN, NaN} when n < 2 or a value is not finite.
std::pair<double, double> mean_ci95(double mean, double sd, std::size_t n);

}  // namespace rwwce::harness
