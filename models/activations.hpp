#pragma once
// ReLU for hidden layers, and the two output heads (sigmoid for k = 1, softmax for k > 1) that
// turn logits into probabilities. Plain loops over contiguous buffers so they vectorise.
#include <algorithm>
#include <cmath>
#include <cstddef>

namespace rwwce::models {

// In place: a = max(a, 0) over n entries.
template <class T>
void relu_forward(T* a, std::size_t n) {
  for (std::size_t i = 0; i < n; ++i) a[i] = a[i] > T(0) ? a[i] : T(0);
}

// In place: delta *= (a > 0), with a the ReLU OUTPUT (a > 0 iff the input was > 0).
template <class T>
void relu_backward(const T* a, T* delta, std::size_t n) {
  for (std::size_t i = 0; i < n; ++i) delta[i] = a[i] > T(0) ? delta[i] : T(0);
}

// Numerically stable logistic function.
template <class T>
T sigmoid(T z) {
  if (z >= T(0)) return T(1) / (T(1) + std::exp(-z));
  const T e = std::exp(z);
  return e / (T(1) + e);
}

// log(sigmoid(z)) without overflow: -softplus(-z).
inline double log_sigmoid(double z) {
  return z >= 0.0 ? -std::log1p(std::exp(-z)) : z - std::log1p(std::exp(z));
}

// In place, logits (batch, k) -> probabilities: sigmoid if k == 1, row softmax otherwise.
template <class T>
void apply_head(T* z, std::size_t batch, std::size_t k) {
  if (k == 1) {
    for (std::size_t i = 0; i < batch; ++i) z[i] = sigmoid(z[i]);
    return;
  }
  for (std::size_t i = 0; i < batch; ++i) {
    T* row = z + i * k;
    const T mx = *std::max_element(row, row + k);
    T sum = T(0);
    for (std::size_t j = 0; j < k; ++j) {
      row[j] = std::exp(row[j] - mx);
      sum += row[j];
    }
    for (std::size_t j = 0; j < k; ++j) row[j] /= sum;
  }
}

}  // namespace rwwce::models
