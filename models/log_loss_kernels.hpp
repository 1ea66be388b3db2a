#pragma once
// The shared kernels behind the cross-entropy family. Each such loss is, per example with
// label y, l = -sum_j ( a_j(y) log p_j + b_j(y) log(1 - p_j) ) for coefficients given by the
// loss; the kernels compute sum_i l_i * scale and write grad = scale * dl/dz (z the logits).
#include <algorithm>
#include <array>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <tuple>
#include <utility>

#include "core/input_error.hpp"
#include "models/activations.hpp"
#include "models/loss_mode.hpp"

namespace rwwce::models::detail {

inline constexpr std::size_t kMaxClasses = 256;  // labels are uint8

// Binary (k == 1): p = sigmoid(z); coef(y) -> std::pair{a, b}. grad may be null (value only).
template <class T, class Coef>
double binary_log_loss(const T* z, const std::uint8_t* y, std::size_t m, LossMode mode, Coef coef,
                       double scale, T* grad) {
  double sum = 0.0;
  if (mode == LossMode::keras_clip) {
    const T lo = static_cast<T>(kKerasEpsilon), hi = T(1) - static_cast<T>(kKerasEpsilon);
    for (std::size_t i = 0; i < m; ++i) {
      const auto [a, b] = coef(y[i]);
      const T p = sigmoid(z[i]);
      const bool clipped = p < lo || p > hi;
      const double pc = static_cast<double>(std::clamp(p, lo, hi));
      sum -= a * std::log(pc) + b * std::log(1.0 - pc);
      // dl/dp = -a/p + b/(1-p), dp/dz = p(1-p) inside the clip range, 0 outside.
      if (grad) grad[i] = clipped ? T(0) : static_cast<T>(scale * (b * pc - a * (1.0 - pc)));
    }
  } else {
    for (std::size_t i = 0; i < m; ++i) {
      const auto [a, b] = coef(y[i]);
      const double zi = static_cast<double>(z[i]);
      sum -= a * log_sigmoid(zi) + b * log_sigmoid(-zi);
      if (grad) grad[i] = static_cast<T>(scale * (b * sigmoid(zi) - a * sigmoid(-zi)));
    }
  }
  return sum * scale;
}

// Categorical (k >= 2): p = softmax(z) per row; coef(y, j) -> std::pair{a_j, b_j}.
template <class T, class Coef>
double categorical_log_loss(const T* z, const std::uint8_t* y, std::size_t m, std::size_t k,
                            LossMode mode, Coef coef, double scale, T* grad) {
  if (k > kMaxClasses) throw InputError("categorical loss: at most 256 classes are supported");
  std::array<double, kMaxClasses> a{}, b{}, p{}, g{}, lse_without{};
  double sum = 0.0;
  for (std::size_t i = 0; i < m; ++i) {
    const T* zi = z + i * k;
    double asum = 0.0, bsum = 0.0;
    for (std::size_t j = 0; j < k; ++j) {
      std::tie(a[j], b[j]) = coef(y[i], j);
      asum += a[j];
      bsum += b[j];
    }
    if (mode == LossMode::keras_clip) {
      // softmax in the working precision, as Keras computes it
      const T mx = *std::max_element(zi, zi + k);
      T s = T(0);
      std::array<T, kMaxClasses> e;
      for (std::size_t j = 0; j < k; ++j) s += e[j] = std::exp(zi[j] - mx);
      const T lo = static_cast<T>(kKerasEpsilon), hi = T(1) - static_cast<T>(kKerasEpsilon);
      double gp = 0.0;  // sum_j g_j p_j
      for (std::size_t j = 0; j < k; ++j) {
        const T pj = e[j] / s;
        const bool clipped = pj < lo || pj > hi;
        p[j] = static_cast<double>(std::clamp(pj, lo, hi));
        double term = 0.0;
        if (a[j] != 0.0) term += a[j] * std::log(p[j]);
        if (b[j] != 0.0) term += b[j] * std::log(1.0 - p[j]);
        sum -= term;
        g[j] = clipped ? 0.0 : -a[j] / p[j] + b[j] / (1.0 - p[j]);  // dl/dp_j through the clip
        gp += g[j] * p[j];
      }
      // softmax Jacobian-vector product: dz_j = p_j (g_j - sum_i g_i p_i)
      if (grad)
        for (std::size_t j = 0; j < k; ++j)
          grad[i * k + j] = static_cast<T>(scale * p[j] * (g[j] - gp));
    } else {
      double mx = static_cast<double>(zi[0]);
      for (std::size_t j = 1; j < k; ++j) mx = std::max(mx, static_cast<double>(zi[j]));
      double s = 0.0;
      for (std::size_t j = 0; j < k; ++j) s += std::exp(static_cast<double>(zi[j]) - mx);
      const double lse = mx + std::log(s);
      for (std::size_t j = 0; j < k; ++j) {
        const double logp = static_cast<double>(zi[j]) - lse;
        p[j] = std::exp(logp);
        sum -= a[j] * logp;
        if (b[j] != 0.0) {
          // log(1 - p_j) = logsumexp_{i != j} z_i - logsumexp_i z_i
          double mj = -INFINITY;
          for (std::size_t t = 0; t < k; ++t)
            if (t != j) mj = std::max(mj, static_cast<double>(zi[t]));
          double sj = 0.0;
          for (std::size_t t = 0; t < k; ++t)
            if (t != j) sj += std::exp(static_cast<double>(zi[t]) - mj);
          lse_without[j] = mj + std::log(sj);
          sum -= b[j] * (lse_without[j] - lse);
        }
      }
      // dl/dz_j = -a_j + p_j (sum a + sum b) - sum_{t != j} b_t exp(z_j - lse_without_t)
      if (grad)
        for (std::size_t j = 0; j < k; ++j) {
          double d = -a[j] + p[j] * (asum + bsum);
          for (std::size_t t = 0; t < k; ++t)
            if (t != j && b[t] != 0.0)
              d -= b[t] * std::exp(static_cast<double>(zi[j]) - lse_without[t]);
          grad[i * k + j] = static_cast<T>(scale * d);
        }
    }
  }
  return sum * scale;
}

}  // namespace rwwce::models::detail
