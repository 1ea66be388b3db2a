#pragma once
#include <cstddef>
#include <cstdint>
#include <string>
#include <utility>

#include "models/log_loss_kernels.hpp"
#include "models/loss_mode.hpp"
#include "models/loss_settings.hpp"

namespace rwwce::models {

// Categorical cross-entropy, l = -log p_y, p = softmax(logits).
// Reduction: mean over the m examples.
struct CategoricalCrossEntropy {
  LossMode mode = LossMode::keras_clip;

  // logits (batch, k), labels (batch) class ids < k; writes grad (batch, k) unless null.
  static constexpr const char* kKind = "cce";  // its name in a study file
  static constexpr bool kBinary = false;       // one logit (else K softmax outputs)
  static CategoricalCrossEntropy from_settings(const LossSettings& s, const LossContext& ctx) {
    s.allow_only({});
    return {ctx.mode};
  }
  std::string describe() const { return "cce(mode=" + std::string(mode_name(mode)) + ")"; }

  template <class T>
  double value_and_gradient(const T* logits, const std::uint8_t* labels, std::size_t batch,
                            std::size_t k, T* grad) const {
    check_categorical("categorical_cross_entropy", labels, batch, k);
    if (batch == 0) return 0.0;
    auto coef = [](std::uint8_t y, std::size_t j) {
      return std::pair<double, double>(j == y ? 1.0 : 0.0, 0.0);
    };
    return detail::categorical_log_loss(logits, labels, batch, k, mode, coef, 1.0 / batch, grad);
  }
};

}  // namespace rwwce::models
