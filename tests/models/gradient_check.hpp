#pragma once
// Central finite differences in double precision, step 1e-6 * max(1, |x|).
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <string>

namespace rwwce::models::testing {

// Compares analytic[i] with (f(x_i + h) - f(x_i - h)) / 2h for every i where skip(i) is false.
// A NaN in `analytic` (an entry backward never wrote) fails. `perturb(i, delta)` adds delta to
// the i-th input; `f()` evaluates at the current inputs.
template <class Perturb, class F, class Value, class Skip>
int expect_gradient(std::size_t n, Value value_of, Perturb perturb, F f, const double* analytic,
                    Skip skip, const std::string& what, double atol = 1e-7, double rtol = 1e-6) {
  int checked = 0;
  for (std::size_t i = 0; i < n; ++i) {
    const double h = 1e-6 * std::max(1.0, std::abs(value_of(i)));
    perturb(i, h);
    const double fp = f();
    perturb(i, -2.0 * h);
    const double fm = f();
    perturb(i, h);
    if (skip(i, h)) continue;
    const double fd = (fp - fm) / (2.0 * h);
    EXPECT_NEAR(analytic[i], fd, atol + rtol * std::abs(fd)) << what << " entry " << i;
    ++checked;
  }
  return checked;
}

}  // namespace rwwce::models::testing
