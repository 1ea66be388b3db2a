#pragma once
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>

#include "models/activations.hpp"
#include "models/loss_mode.hpp"
#include "models/loss_settings.hpp"

namespace rwwce::models {

// The AWS unequal-error-costs loss, l = y*|1-p|*c_fn + (1-y)*|p|*c_fp, p = sigmoid(logit).
// Reduction: mean over the m examples.
// keras_clip mode follows the AWS custom loss, which does NOT clip: p = sigmoid(logit) in the
// working precision (clipping would change nothing but zero the gradient of saturated
// examples). logits mode computes p and 1-p as sigmoid(z) and sigmoid(-z) in double.
struct WeightedAbsoluteError {
  double c_fn = 1.0;
  double c_fp = 1.0;
  LossMode mode = LossMode::keras_clip;

  static constexpr const char* kKind = "weighted_absolute_error";  // its name in a study file
  static constexpr bool kBinary = true;  // one logit (else K softmax outputs)
  static WeightedAbsoluteError from_settings(const LossSettings& s, const LossContext& ctx) {
    s.allow_only({"c_fn", "c_fp"});
    return {s.number("c_fn", ctx.w_fn, "[costs] (w_fn)"),
            s.number("c_fp", ctx.w_fp, "[costs] (w_fp)"), ctx.mode};
  }
  std::string describe() const {
    return "weighted_absolute_error(c_fn=" + detail::number_text(c_fn) +
           ", c_fp=" + detail::number_text(c_fp) +
           "; mode=" + (mode == LossMode::keras_clip ? "keras_unclipped" : "logits") + ")";
  }

  template <class T>
  double value_and_gradient(const T* logits, const std::uint8_t* labels, std::size_t batch,
                            std::size_t k, T* grad) const {
    check_binary("weighted_absolute_error", labels, batch, k);
    if (batch == 0) return 0.0;
    const double scale = 1.0 / batch;
    double sum = 0.0;
    for (std::size_t i = 0; i < batch; ++i) {
      double p, q;  // p and 1 - p
      if (mode == LossMode::keras_clip) {
        const T pt = sigmoid(logits[i]);
        p = static_cast<double>(pt);
        q = static_cast<double>(T(1) - pt);
      } else {
        p = sigmoid(static_cast<double>(logits[i]));
        q = sigmoid(-static_cast<double>(logits[i]));
      }
      const double y = labels[i];
      sum += y * q * c_fn + (1.0 - y) * p * c_fp;
      // d|1-p|/dz = -p(1-p), d|p|/dz = p(1-p) for p in (0, 1)
      if (grad) grad[i] = static_cast<T>(scale * (-y * c_fn + (1.0 - y) * c_fp) * p * q);
    }
    return sum * scale;
  }
};

}  // namespace rwwce::models
