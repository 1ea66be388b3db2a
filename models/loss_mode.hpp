#pragma once
// How a loss turns logits into log-probabilities. Every output states which was used.
#include <cstddef>
#include <cstdint>
#include <string>

#include "core/input_error.hpp"

namespace rwwce::models {

enum class LossMode {
  // As Keras: p = head(logits) in the working precision, clipped to [1e-7, 1 - 1e-7], logs of
  // the clipped p; the gradient flows through the clip as TensorFlow's does (zero where p was
  // clipped). The paper preset's choice.
  keras_clip,
  // Numerically stable from logits: log-sigmoid, log-sum-exp, and for log(1 - p_k) of a softmax
  // logsumexp over j != k minus logsumexp over all.
  logits,
};

inline const char* mode_name(LossMode mode) {
  return mode == LossMode::keras_clip ? "keras_clip" : "logits";
}

// Keras' backend epsilon, the clip bound.
inline constexpr double kKerasEpsilon = 1e-7;

// Throws InputError unless the logits width and the labels suit a binary (k == 1, labels 0/1)
// or categorical (k >= 2, labels < k) loss.
inline void check_binary(const char* loss, const std::uint8_t* labels, std::size_t batch,
                         std::size_t k) {
  if (k != 1)
    throw InputError(std::string(loss) + ": expected 1 logit per example (a binary model), found " +
                     std::to_string(k) + "; use a categorical loss for k > 1");
  for (std::size_t i = 0; i < batch; ++i)
    if (labels[i] > 1)
      throw InputError(std::string(loss) + ": expected labels 0/1, found " +
                       std::to_string(labels[i]) + " at example " + std::to_string(i) +
                       "; binarise the labels first");
}

inline void check_categorical(const char* loss, const std::uint8_t* labels, std::size_t batch,
                              std::size_t k) {
  if (k < 2)
    throw InputError(std::string(loss) + ": expected k >= 2 logits per example, found " +
                     std::to_string(k) + "; use a binary loss for a single-logit model");
  for (std::size_t i = 0; i < batch; ++i)
    if (labels[i] >= k)
      throw InputError(std::string(loss) + ": expected labels in [0, " + std::to_string(k) +
                       "), found " + std::to_string(labels[i]) + " at example " +
                       std::to_string(i));
}

}  // namespace rwwce::models
