#pragma once
#include <cstddef>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "core/input_error.hpp"
#include "models/log_loss_kernels.hpp"
#include "models/loss_mode.hpp"
#include "models/loss_settings.hpp"

namespace rwwce::models {

// Weighted categorical cross-entropy (Keras class_weight): l = -w[y] log p_y.
// Reduction: mean over the m examples (sum of w[y_i] l_i divided by m, not by sum of weights).
struct WeightedCategoricalCrossEntropy {
  std::vector<double> class_weight;  // (K)
  LossMode mode = LossMode::keras_clip;

  static constexpr const char* kKind = "weighted_cce";  // its name in a study file
  static constexpr bool kBinary = false;                // K softmax outputs
  static WeightedCategoricalCrossEntropy from_settings(const LossSettings& s,
                                                       const LossContext& ctx) {
    s.allow_only({"class_weight"});
    const auto it = s.lists.find("class_weight");
    if (it == s.lists.end() || it->second.size() != ctx.classes)
      throw InputError("loss weighted_cce: needs class_weight, a list of " +
                       std::to_string(ctx.classes) + " weights (one per class), found " +
                       (it == s.lists.end() ? std::string("none")
                                            : std::to_string(it->second.size()) + " numbers"));
    return {it->second, ctx.mode};
  }
  std::string describe() const {
    std::string w;
    for (double v : class_weight) w += (w.empty() ? "" : ", ") + detail::number_text(v);
    return "weighted_cce(class_weight=[" + w + "]; mode=" + mode_name(mode) + ")";
  }

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
