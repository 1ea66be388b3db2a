#pragma once
#include <cstddef>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "core/input_error.hpp"
#include "models/log_loss_kernels.hpp"
#include "models/loss_mode.hpp"

namespace rwwce::models {

// Weighted categorical cross-entropy (Keras class_weight): l = -w[y] log p_y.
// Reduction: mean over the m examples (sum of w[y_i] l_i divided by m, not by sum of weights).
struct WeightedCategoricalCrossEntropy {
  std::vector<double> class_weight;  // (K)
  LossMode mode = LossMode::keras_clip;

  template <class T>
  double value_and_gradient(const T* logits, const std::uint8_t* labels, std::size_t batch,
                            std::size_t k, T* grad) const {
    check_categorical("weighted_categorical_cross_entropy", labels, batch, k);
    if (class_weight.size() != k)
      throw InputError("weighted_categorical_cross_entropy: expected " + std::to_string(k) +
                       " class weights (one per logit), found " +
                       std::to_string(class_weight.size()));
    if (batch == 0) return 0.0;
    const double* w = class_weight.data();
    auto coef = [w](std::uint8_t y, std::size_t j) {
      return std::pair<double, double>(j == y ? w[y] : 0.0, 0.0);
    };
    return detail::categorical_log_loss(logits, labels, batch, k, mode, coef, 1.0 / batch, grad);
  }
};

}  // namespace rwwce::models
