#pragma once
#include <cstddef>
#include <cstdint>
#include <string>
#include <utility>

#include "models/log_loss_kernels.hpp"
#include "models/loss_mode.hpp"
#include "models/loss_settings.hpp"

namespace rwwce::models {

// The paper's multiclass control: Keras binary_crossentropy applied to the K softmax outputs,
// l = -sum_j ( y_j log p_j + (1-y_j) log(1-p_j) ), Y one-hot.
// Reduction: mean over the m*K entries.
struct SoftmaxBinaryCrossEntropy {
  LossMode mode = LossMode::keras_clip;

  static constexpr const char* kKind = "softmax_bce";  // its name in a study file
  static constexpr bool kBinary = false;               // one logit (else K softmax outputs)
  static SoftmaxBinaryCrossEntropy from_settings(const LossSettings& s, const LossContext& ctx) {
    s.allow_only({});
    return {ctx.mode};
  }
  std::string describe() const { return "softmax_bce(mode=" + std::string(mode_name(mode)) + ")"; }

  template <class T>
  double value_and_gradient(const T* logits, const std::uint8_t* labels, std::size_t batch,
                            std::size_t k, T* grad) const {
    check_categorical("softmax_binary_cross_entropy", labels, batch, k);
    if (batch == 0) return 0.0;
    auto coef = [](std::uint8_t y, std::size_t j) {
      return j == y ? std::pair<double, double>(1.0, 0.0) : std::pair<double, double>(0.0, 1.0);
    };
    return detail::categorical_log_loss(logits, labels, batch, k, mode, coef,
                                        1.0 / static_cast<double>(batch * k), grad);
  }
};

}  // namespace rwwce::models
