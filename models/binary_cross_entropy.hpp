#pragma once
#include <cstddef>
#include <cstdint>
#include <string>
#include <utility>

#include "models/log_loss_kernels.hpp"
#include "models/loss_mode.hpp"
#include "models/loss_settings.hpp"

namespace rwwce::models {

// Binary cross-entropy, l = -(y log p + (1-y) log(1-p)), p = sigmoid(logit).
// Reduction: mean over the m examples.
struct BinaryCrossEntropy {
  LossMode mode = LossMode::keras_clip;

  // logits (batch, k=1), labels (batch) 0/1; writes grad (batch, 1) = d(loss)/d(logits) unless
  // grad is null (value only).
  static constexpr const char* kKind = "bce";  // its name in a study file
  static constexpr bool kBinary = true;        // one logit (else K softmax outputs)
  static BinaryCrossEntropy from_settings(const LossSettings& s, const LossContext& ctx) {
    s.allow_only({});
    return {ctx.mode};
  }
  std::string describe() const { return "bce(mode=" + std::string(mode_name(mode)) + ")"; }

  template <class T>
  double value_and_gradient(const T* logits, const std::uint8_t* labels, std::size_t batch,
                            std::size_t k, T* grad) const {
    check_binary("binary_cross_entropy", labels, batch, k);
    if (batch == 0) return 0.0;
    auto coef = [](std::uint8_t y) { return std::pair<double, double>(y, 1.0 - y); };
    return detail::binary_log_loss(logits, labels, batch, mode, coef, 1.0 / batch, grad);
  }
};

}  // namespace rwwce::models
