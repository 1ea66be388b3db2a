#pragma once
// A multilayer perceptron for any layer sizes: hidden layers Dense + ReLU, the last layer Dense
// and linear, so the model outputs logits (batch, k). The head (sigmoid / softmax) is applied by
// the losses and by predict_proba.
#include <cmath>
#include <cstddef>
#include <random>
#include <string>
#include <vector>
#include <xtensor/xtensor.hpp>

#include "core/input_error.hpp"
#include "core/portable_random.hpp"
#include "models/activations.hpp"
#include "models/dense.hpp"
#include "models/sparse_input.hpp"

namespace rwwce::models {

// Parameters, and (same type) their gradients or optimiser moments.
template <class T>
struct Mlp {
  std::vector<Dense<T>> layers;  // (L) layer l maps sizes[l] -> sizes[l+1]

  std::size_t inputs() const { return layers.front().fan_in(); }
  std::size_t outputs() const { return layers.back().fan_out(); }
  std::vector<std::size_t> sizes() const {
    std::vector<std::size_t> s{inputs()};
    for (const auto& l : layers) s.push_back(l.fan_out());
    return s;
  }
};

// A model of zeros with the same shapes (gradients, Adam moments).
template <class T, class U>
Mlp<T> zeros_like(const Mlp<U>& model) {
  Mlp<T> z;
  for (const auto& l : model.layers) z.layers.push_back(make_dense<T>(l.fan_in(), l.fan_out()));
  return z;
}

// The same parameters in another precision (float model -> double for gradient checks).
template <class T, class U>
Mlp<T> cast(const Mlp<U>& model) {
  Mlp<T> out = zeros_like<T>(model);
  for (std::size_t l = 0; l < model.layers.size(); ++l) {
    std::copy(model.layers[l].w.begin(), model.layers[l].w.end(), out.layers[l].w.begin());
    std::copy(model.layers[l].b.begin(), model.layers[l].b.end(), out.layers[l].b.begin());
  }
  return out;
}

// Keras initialisation: Glorot-uniform weights, limit = sqrt(6 / (fan_in + fan_out)), zero
// biases. Draw order: layer by layer, each kernel in row-major (fan_in, fan_out) order, one
// uniform01 (one 64-bit engine draw) per weight: w = limit * (2u - 1).
// sizes = {784, 10, 1} builds 784 -> 10 ReLU -> 1 logit. sizes[0] may be 0 (a bias-only model).
template <class T = float>
Mlp<T> make_mlp(const std::vector<std::size_t>& sizes, std::mt19937_64& engine) {
  if (sizes.size() < 2)
    throw InputError("make_mlp: expected at least 2 layer sizes (inputs and outputs), found " +
                     std::to_string(sizes.size()) + "; pass e.g. {784, 10, 1}");
  for (std::size_t l = 1; l < sizes.size(); ++l)
    if (sizes[l] == 0)
      throw InputError("make_mlp: layer " + std::to_string(l) +
                       " has 0 units; every layer after the input needs at least 1");
  Mlp<T> model;
  for (std::size_t l = 0; l + 1 < sizes.size(); ++l) {
    Dense<T> d = make_dense<T>(sizes[l], sizes[l + 1]);
    const double limit = std::sqrt(6.0 / static_cast<double>(sizes[l] + sizes[l + 1]));
    for (auto& w : d.w) w = static_cast<T>(limit * (2.0 * uniform01(engine) - 1.0));
    model.layers.push_back(std::move(d));
  }
  return model;
}

template <class T>
void zero(Mlp<T>& grad) {
  for (auto& l : grad.layers) zero(l);
}

// Buffers for one batch of up to `capacity` rows, sized once per run and reused every step.
template <class T>
struct MlpWorkspace {
  std::size_t capacity = 0;
  std::vector<xt::xtensor<T, 2>> act;    // (L+1) act[l]: (capacity, sizes[l]); act[0] the input,
                                         // hidden ones after ReLU, act[L] the logits
  std::vector<xt::xtensor<T, 2>> delta;  // (L+1) delta[l]: (capacity, sizes[l]) d(loss)/d(act[l])
};

template <class T>
MlpWorkspace<T> make_workspace(const Mlp<T>& model, std::size_t capacity) {
  MlpWorkspace<T> ws;
  ws.capacity = capacity;
  for (std::size_t s : model.sizes()) {
    ws.act.push_back(xt::xtensor<T, 2>::from_shape({capacity, s}));
    ws.delta.push_back(xt::xtensor<T, 2>::from_shape({capacity, s}));
  }
  return ws;
}

namespace detail {
// Layers first..L-1 from ws.act[first]; the ReLU of every hidden layer first-1..L-2 (so with
// first = 1 the caller has written layer 0's pre-activation to ws.act[1]).
template <class T>
void forward_from(const Mlp<T>& model, MlpWorkspace<T>& ws, std::size_t batch, std::size_t first) {
  const std::size_t L = model.layers.size();
  if (first > 0 && first < L) relu_forward(ws.act[first].data(), batch * ws.act[first].shape()[1]);
  for (std::size_t l = first; l < L; ++l) {
    forward(model.layers[l], ws.act[l].data(), batch, ws.act[l + 1].data());
    if (l + 1 < L) relu_forward(ws.act[l + 1].data(), batch * model.layers[l].fan_out());
  }
}

// Layers L-1..1 backward from ws.delta[L], leaving d(loss)/d(pre-activation of layer 0's
// output) in ws.delta[1] (or the logits' gradient when L = 1).
template <class T>
void backward_to_first(const Mlp<T>& model, Mlp<T>& grad, MlpWorkspace<T>& ws, std::size_t batch) {
  for (std::size_t l = model.layers.size(); l-- > 1;) {
    backward(model.layers[l], grad.layers[l], ws.act[l].data(), ws.delta[l + 1].data(), batch,
             ws.delta[l].data());
    relu_backward(ws.act[l].data(), ws.delta[l].data(), batch * model.layers[l].fan_in());
  }
}
}  // namespace detail

// Reads ws.act[0] (batch rows), writes ws.act[1..L]; ws.act[L] holds the logits.
template <class T>
void forward(const Mlp<T>& model, MlpWorkspace<T>& ws, std::size_t batch) {
  detail::forward_from(model, ws, batch, 0);
}

// As above, but the inputs are the CSR rows `x` (ws.act[0] is neither read nor written): layer 0
// runs over the nonzeros only (models/sparse_input.hpp), the rest as in the dense forward.
template <class T>
void forward(const Mlp<T>& model, MlpWorkspace<T>& ws, std::size_t batch, const SparseBatch& x) {
  forward(model.layers[0], x, batch, ws.act[1].data());
  detail::forward_from(model, ws, batch, 1);
}

// Reads ws.delta[L] = d(loss)/d(logits) and the activations of the last forward; ADDS the
// parameter gradients into `grad` (zero it first with zero(grad)). With input_gradient the
// input's gradient is written to ws.delta[0]; training skips it.
template <class T>
void backward(const Mlp<T>& model, Mlp<T>& grad, MlpWorkspace<T>& ws, std::size_t batch,
              bool input_gradient = false) {
  detail::backward_to_first(model, grad, ws, batch);
  backward(model.layers[0], grad.layers[0], ws.act[0].data(), ws.delta[1].data(), batch,
           input_gradient ? ws.delta[0].data() : nullptr);
}

// The backward of the sparse forward above (same inputs `x`); no input gradient.
template <class T>
void backward(const Mlp<T>& model, Mlp<T>& grad, MlpWorkspace<T>& ws, std::size_t batch,
              const SparseBatch& x) {
  detail::backward_to_first(model, grad, ws, batch);
  backward(model.layers[0], grad.layers[0], x, ws.delta[1].data(), batch);
}

}  // namespace rwwce::models
