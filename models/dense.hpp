#pragma once
// A fully connected layer: y = x w + b (Keras kernel layout), every product through BLAS.
#include <algorithm>
#include <cstddef>
#include <xtensor/xtensor.hpp>

#include "models/blas.hpp"

namespace rwwce::models {

// Parameters, and (same type) their gradients.
template <class T>
struct Dense {
  xt::xtensor<T, 2> w;  // (fan_in, fan_out)
  xt::xtensor<T, 1> b;  // (fan_out)

  std::size_t fan_in() const { return w.shape()[0]; }
  std::size_t fan_out() const { return w.shape()[1]; }
};

template <class T>
Dense<T> make_dense(std::size_t fan_in, std::size_t fan_out) {
  Dense<T> d;
  d.w = xt::xtensor<T, 2>::from_shape({fan_in, fan_out});
  d.b = xt::xtensor<T, 1>::from_shape({fan_out});
  std::fill(d.w.begin(), d.w.end(), T(0));
  std::fill(d.b.begin(), d.b.end(), T(0));
  return d;
}

template <class T>
void zero(Dense<T>& grad) {
  std::fill(grad.w.begin(), grad.w.end(), T(0));
  std::fill(grad.b.begin(), grad.b.end(), T(0));
}

// y (batch, fan_out) = x (batch, fan_in) w + b; y is overwritten.
template <class T>
void forward(const Dense<T>& layer, const T* x, std::size_t batch, T* y) {
  const std::size_t in = layer.fan_in(), out = layer.fan_out();
  const T* b = layer.b.data();
  for (std::size_t i = 0; i < batch; ++i) std::copy(b, b + out, y + i * out);
  gemm(false, false, batch, out, in, T(1), x, in, layer.w.data(), out, T(1), y, out);
}

// Adds d(loss)/d(w) += x^T dy and d(loss)/d(b) += column sums of dy into `grad`. If dx is not
// null it is OVERWRITTEN with d(loss)/d(x) (batch, fan_in) = dy w^T; the first layer passes
// null and saves a third of the FLOPs.
template <class T>
void backward(const Dense<T>& layer, Dense<T>& grad, const T* x, const T* dy, std::size_t batch,
              T* dx) {
  const std::size_t in = layer.fan_in(), out = layer.fan_out();
  gemm(true, false, in, out, batch, T(1), x, in, dy, out, T(1), grad.w.data(), out);
  T* db = grad.b.data();
  for (std::size_t i = 0; i < batch; ++i) {
    const T* row = dy + i * out;
    for (std::size_t j = 0; j < out; ++j) db[j] += row[j];
  }
  if (dx != nullptr)
    gemm(false, true, batch, in, out, T(1), dy, out, layer.w.data(), out, T(0), dx, in);
}

}  // namespace rwwce::models
