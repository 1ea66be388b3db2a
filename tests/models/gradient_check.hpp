#pragma once
// Central finite differences in double precision, step 1e-6 * max(1, |x|).
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <string>
#include <utility>

#include "models/mlp.hpp"

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

// Checks every weight and bias of `model` against `grad` (backward's result at the current
// parameters) by central differences of f(). A perturbation that flips the sign pattern of the
// hidden pre-activations (hidden_signs() differs from before) sits on a ReLU kink and is
// skipped. Returns {entries checked, entries in total}.
template <class F, class Signs>
std::pair<int, int> expect_parameter_gradients(Mlp<double>& model, const Mlp<double>& grad, F f,
                                               Signs hidden_signs, const std::string& name) {
  const auto signs0 = hidden_signs();
  auto kink = [&](double* v) {
    return [&, v](std::size_t i, double h) {
      v[i] += h;
      const bool a = hidden_signs() != signs0;
      v[i] -= 2 * h;
      const bool c = hidden_signs() != signs0;
      v[i] += h;
      return a || c;
    };
  };
  int checked = 0, total = 0;
  for (std::size_t l = 0; l < model.layers.size(); ++l) {
    double* w = model.layers[l].w.data();
    double* b = model.layers[l].b.data();
    const std::string what = name + " layer " + std::to_string(l);
    checked += expect_gradient(
        model.layers[l].w.size(), [&](std::size_t i) { return w[i]; },
        [&](std::size_t i, double d) { w[i] += d; }, f, grad.layers[l].w.data(), kink(w),
        what + " w");
    checked += expect_gradient(
        model.layers[l].b.size(), [&](std::size_t i) { return b[i]; },
        [&](std::size_t i, double d) { b[i] += d; }, f, grad.layers[l].b.data(), kink(b),
        what + " b");
    total += static_cast<int>(model.layers[l].w.size() + model.layers[l].b.size());
  }
  return {checked, total};
}

}  // namespace rwwce::models::testing
