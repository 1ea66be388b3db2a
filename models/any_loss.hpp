#pragma once
// Any of the losses, so the harness can hold a run's loss as a value. This list is the loss
// registry: a study names a loss by its kKind, and make_loss (loss_registry.hpp) builds the
// alternative of that name whose arity (kBinary) fits the task. Adding a loss is one header
// (value_and_gradient, kKind, kBinary, from_settings, describe; see binary_rwwce_loss.hpp) and
// one line here.
#include <string>
#include <variant>

#include "models/binary_cross_entropy.hpp"
#include "models/binary_focal_loss.hpp"
#include "models/binary_rwwce_loss.hpp"
#include "models/categorical_cross_entropy.hpp"
#include "models/categorical_focal_loss.hpp"
#include "models/categorical_rwwce_loss.hpp"
#include "models/softmax_binary_cross_entropy.hpp"
#include "models/weighted_absolute_error.hpp"
#include "models/weighted_binary_cross_entropy.hpp"
#include "models/weighted_categorical_cross_entropy.hpp"

namespace rwwce::models {

using AnyLoss = std::variant<BinaryCrossEntropy, WeightedBinaryCrossEntropy, BinaryRwwce,
                             CategoricalCrossEntropy, WeightedCategoricalCrossEntropy,
                             CategoricalRwwce, SoftmaxBinaryCrossEntropy, WeightedAbsoluteError,
                             BinaryFocalLoss, CategoricalFocalLoss>;

// Name, settings and mode, for outputs, e.g. "rwwce(w_fn=2000, w_fp=100; mode=keras_clip)".
inline std::string describe(const AnyLoss& loss) {
  return std::visit([](const auto& l) { return l.describe(); }, loss);
}

// Same as loss.value_and_gradient on whichever loss is held.
template <class T>
double value_and_gradient(const AnyLoss& loss, const T* logits, const std::uint8_t* labels,
                          std::size_t batch, std::size_t k, T* grad) {
  return std::visit(
      [&](const auto& l) { return l.value_and_gradient(logits, labels, batch, k, grad); }, loss);
}

}  // namespace rwwce::models
