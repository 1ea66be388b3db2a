#pragma once
#include <cstddef>
#include <cstdint>
#include <string>
#include <utility>

#include "models/log_loss_kernels.hpp"
#include "models/loss_mode.hpp"
#include "models/loss_settings.hpp"

namespace rwwce::models {

// Weighted binary cross-entropy (TensorFlow's weighted_cross_entropy_with_logits):
// l = -(pos_weight * y log p + (1-y) log(1-p)). Reduction: mean over the m examples.
struct WeightedBinaryCrossEntropy {
  double pos_weight = 1.0;
  LossMode mode = LossMode::keras_clip;

  static constexpr const char* kKind = "weighted_bce";  // its name in a study file
  static constexpr bool kBinary = true;                 // one logit (else K softmax outputs)
  static WeightedBinaryCrossEntropy from_settings(const LossSettings& s, const LossContext& ctx) {
    s.allow_only({"pos_weight"});
    return {s.number("pos_weight", 1.0), ctx.mode};
  }
  std::string describe() const {
    return "weighted_bce(pos_weight=" + detail::number_text(pos_weight) +
           "; mode=" + mode_name(mode) + ")";
  }

  template <class T>
  double value_and_gradient(const T* logits, const std::uint8_t* labels, std::size_t batch,
                            std::size_t k, T* grad) const {
    check_binary("weighted_binary_cross_entropy", labels, batch, k);
    if (batch == 0) return 0.0;
    const double pw = pos_weight;
    auto coef = [pw](std::uint8_t y) { return std::pair<double, double>(pw * y, 1.0 - y); };
    return detail::binary_log_loss(logits, labels, batch, mode, coef, 1.0 / batch, grad);
  }
};

}  // namespace rwwce::models
