#pragma once
// Adam as Keras/TensorFlow apply it (ResourceApplyAdam): with t the step count,
// lr_t = lr * sqrt(1 - beta2^t) / (1 - beta1^t); m = beta1 m + (1-beta1) g;
// v = beta2 v + (1-beta2) g^2; w -= lr_t * m / (sqrt(v) + epsilon)  (epsilon not bias-corrected).
#include <cmath>
#include <cstddef>

#include "models/mlp.hpp"

namespace rwwce::models {

struct AdamConfig {  // Keras defaults
  double learning_rate = 1e-3;
  double beta1 = 0.9;
  double beta2 = 0.999;
  double epsilon = 1e-7;
};

template <class T>
struct AdamState {
  Mlp<T> m;  // first moments, shaped as the model
  Mlp<T> v;  // second moments, shaped as the model
  long long t = 0;
};

template <class T>
AdamState<T> make_state(const AdamConfig&, const Mlp<T>& model) {
  return AdamState<T>{zeros_like<T>(model), zeros_like<T>(model), 0};
}

namespace detail {
template <class T>
void adam_update(T* w, const T* g, T* m, T* v, std::size_t n, T lr_t, T b1, T b2, T eps) {
  const T c1 = T(1) - b1, c2 = T(1) - b2;
  for (std::size_t i = 0; i < n; ++i) {
    m[i] = b1 * m[i] + c1 * g[i];
    v[i] = b2 * v[i] + c2 * g[i] * g[i];
    w[i] -= lr_t * m[i] / (std::sqrt(v[i]) + eps);
  }
}
}  // namespace detail

// Updates layers first.. of `model` (all by default; train_lockstep updates the first layer
// apart, as a fused layer of two models).
template <class T>
void step(const AdamConfig& cfg, AdamState<T>& s, Mlp<T>& model, const Mlp<T>& grad,
          std::size_t first = 0) {
  ++s.t;
  const double td = static_cast<double>(s.t);
  const T lr_t = static_cast<T>(cfg.learning_rate * std::sqrt(1.0 - std::pow(cfg.beta2, td)) /
                                (1.0 - std::pow(cfg.beta1, td)));
  const T b1 = static_cast<T>(cfg.beta1), b2 = static_cast<T>(cfg.beta2);
  const T eps = static_cast<T>(cfg.epsilon);
  for (std::size_t l = first; l < model.layers.size(); ++l) {
    auto& p = model.layers[l];
    detail::adam_update(p.w.data(), grad.layers[l].w.data(), s.m.layers[l].w.data(),
                        s.v.layers[l].w.data(), p.w.size(), lr_t, b1, b2, eps);
    detail::adam_update(p.b.data(), grad.layers[l].b.data(), s.m.layers[l].b.data(),
                        s.v.layers[l].b.data(), p.b.size(), lr_t, b1, b2, eps);
  }
}

}  // namespace rwwce::models
