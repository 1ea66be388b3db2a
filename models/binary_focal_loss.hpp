#pragma once
#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <string>

#include "models/activations.hpp"
#include "models/loss_mode.hpp"
#include "models/loss_settings.hpp"

namespace rwwce::models {

// Binary focal loss (Lin et al. 2017, Keras BinaryFocalCrossentropy with class balancing):
// l = -alpha * y (1-p)^gamma log p - (1-alpha) (1-y) p^gamma log(1-p).
// Reduction: mean over the m examples.
struct BinaryFocalLoss {
  double alpha = 0.25;
  double gamma = 2.0;
  LossMode mode = LossMode::keras_clip;

  static constexpr const char* kKind = "binary_focal";  // its name in a study file
  static constexpr bool kBinary = true;                 // one logit (else K softmax outputs)
  static BinaryFocalLoss from_settings(const LossSettings& s, const LossContext& ctx) {
    s.allow_only({"alpha", "gamma"});
    return {s.number("alpha", 0.25), s.number("gamma", 2.0), ctx.mode};
  }
  std::string describe() const {
    return "binary_focal(alpha=" + detail::number_text(alpha) +
           ", gamma=" + detail::number_text(gamma) + "; mode=" + mode_name(mode) + ")";
  }

  template <class T>
  double value_and_gradient(const T* logits, const std::uint8_t* labels, std::size_t batch,
                            std::size_t k, T* grad) const {
    check_binary("binary_focal_loss", labels, batch, k);
    if (batch == 0) return 0.0;
    const double scale = 1.0 / batch;
    const T lo = static_cast<T>(kKerasEpsilon), hi = T(1) - static_cast<T>(kKerasEpsilon);
    double sum = 0.0;
    for (std::size_t i = 0; i < batch; ++i) {
      double p, q, logp, logq;  // p, 1-p and their logs
      bool clipped = false;
      if (mode == LossMode::keras_clip) {
        const T pt = sigmoid(logits[i]);
        clipped = pt < lo || pt > hi;
        p = static_cast<double>(std::clamp(pt, lo, hi));
        q = 1.0 - p;
        logp = std::log(p);
        logq = std::log(q);
      } else {
        const double z = static_cast<double>(logits[i]);
        p = sigmoid(z);
        q = sigmoid(-z);
        logp = log_sigmoid(z);
        logq = log_sigmoid(-z);
      }
      double d;  // dl/dz
      if (labels[i] == 1) {
        sum -= alpha * std::pow(q, gamma) * logp;
        d = alpha * (gamma * p * std::pow(q, gamma) * logp - std::pow(q, gamma + 1.0));
      } else {
        sum -= (1.0 - alpha) * std::pow(p, gamma) * logq;
        d = (1.0 - alpha) * (std::pow(p, gamma + 1.0) - gamma * q * std::pow(p, gamma) * logq);
      }
      if (grad) grad[i] = clipped ? T(0) : static_cast<T>(scale * d);
    }
    return sum * scale;
  }
};

}  // namespace rwwce::models
