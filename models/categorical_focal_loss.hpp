#pragma once
#include <algorithm>
#include <array>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <string>

#include "core/input_error.hpp"
#include "models/log_loss_kernels.hpp"
#include "models/loss_mode.hpp"
#include "models/loss_settings.hpp"

namespace rwwce::models {

// Categorical focal loss (Keras CategoricalFocalCrossentropy):
// l = -alpha (1-p_y)^gamma log p_y, p = softmax(logits).
// Reduction: mean over the m examples.
struct CategoricalFocalLoss {
  double alpha = 0.25;
  double gamma = 2.0;
  LossMode mode = LossMode::keras_clip;

  static constexpr const char* kKind = "categorical_focal";  // its name in a study file
  static constexpr bool kBinary = false;                     // one logit (else K softmax outputs)
  static CategoricalFocalLoss from_settings(const LossSettings& s, const LossContext& ctx) {
    s.allow_only({"alpha", "gamma"});
    return {s.number("alpha", 0.25), s.number("gamma", 2.0), ctx.mode};
  }
  std::string describe() const {
    return "categorical_focal(alpha=" + detail::number_text(alpha) +
           ", gamma=" + detail::number_text(gamma) + "; mode=" + mode_name(mode) + ")";
  }

  template <class T>
  double value_and_gradient(const T* logits, const std::uint8_t* labels, std::size_t batch,
                            std::size_t k, T* grad) const {
    check_categorical("categorical_focal_loss", labels, batch, k);
    if (k > detail::kMaxClasses) throw InputError("categorical_focal_loss: at most 256 classes");
    if (batch == 0) return 0.0;
    const double scale = 1.0 / batch;
    std::array<double, detail::kMaxClasses> p;
    double sum = 0.0;
    for (std::size_t i = 0; i < batch; ++i) {
      const T* z = logits + i * k;
      const std::size_t t = labels[i];
      double mx = static_cast<double>(z[0]);
      for (std::size_t j = 1; j < k; ++j) mx = std::max(mx, static_cast<double>(z[j]));
      double s = 0.0, s_other = 0.0;  // sum exp(z - mx), and without the true class
      for (std::size_t j = 0; j < k; ++j) {
        p[j] = std::exp(static_cast<double>(z[j]) - mx);
        s += p[j];
        if (j != t) s_other += p[j];
      }
      for (std::size_t j = 0; j < k; ++j) p[j] /= s;
      double pt, u, logpt, ratio;  // p_t, 1 - p_t, log p_t, log(p_t) / (1 - p_t)
      bool clipped = false;
      if (mode == LossMode::keras_clip) {
        const T ptt = static_cast<T>(p[t]);
        const T lo = static_cast<T>(kKerasEpsilon), hi = T(1) - static_cast<T>(kKerasEpsilon);
        clipped = ptt < lo || ptt > hi;
        pt = static_cast<double>(std::clamp(ptt, lo, hi));
        u = 1.0 - pt;
        logpt = std::log(pt);
        ratio = logpt / u;
      } else {
        pt = p[t];
        u = s_other / s;
        logpt = static_cast<double>(z[t]) - mx - std::log(s);
        // log(1-u)/u, by its series where u is tiny
        ratio = u > 1e-4 ? logpt / u : -1.0 - u / 2.0 - u * u / 3.0;
      }
      const double ug = std::pow(u, gamma);
      sum -= alpha * ug * logpt;
      if (!grad) continue;
      // dl/dz_j = D (delta_tj - p_j), D = alpha (gamma p_t u^(gamma-1) log p_t - u^gamma)
      const double D = clipped ? 0.0 : alpha * (gamma * pt * ug * ratio - ug);
      for (std::size_t j = 0; j < k; ++j)
        grad[i * k + j] = static_cast<T>(scale * D * ((j == t ? 1.0 : 0.0) - p[j]));
      if (!clipped) grad[i * k + t] = static_cast<T>(scale * D * u);
    }
    return sum * scale;
  }
};

}  // namespace rwwce::models
