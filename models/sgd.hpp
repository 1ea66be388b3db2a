#pragma once
// Plain stochastic gradient descent (Keras SGD without momentum): w -= lr * g.
#include <cstddef>

#include "models/mlp.hpp"

namespace rwwce::models {

struct SgdConfig {  // Keras default
  double learning_rate = 0.01;
};

struct SgdState {};

template <class T>
SgdState make_state(const SgdConfig&, const Mlp<T>&) {
  return {};
}

// Updates layers first.. of `model` (all by default).
template <class T>
void step(const SgdConfig& cfg, SgdState&, Mlp<T>& model, const Mlp<T>& grad,
          std::size_t first = 0) {
  const T lr = static_cast<T>(cfg.learning_rate);
  for (std::size_t l = first; l < model.layers.size(); ++l) {
    T* w = model.layers[l].w.data();
    const T* gw = grad.layers[l].w.data();
    for (std::size_t i = 0, n = model.layers[l].w.size(); i < n; ++i) w[i] -= lr * gw[i];
    T* b = model.layers[l].b.data();
    const T* gb = grad.layers[l].b.data();
    for (std::size_t i = 0, n = model.layers[l].b.size(); i < n; ++i) b[i] -= lr * gb[i];
  }
}

}  // namespace rwwce::models
