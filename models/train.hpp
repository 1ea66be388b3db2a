#pragma once
// The training loop: mini-batch epochs as Keras fit() runs them.
#include <cstddef>
#include <random>
#include <vector>
#include <xtensor/xtensor.hpp>

#include "datasets/examples.hpp"
#include "models/any_loss.hpp"
#include "models/mlp.hpp"
#include "models/optimizer.hpp"

namespace rwwce::models {

// How the first layer reads its inputs. `automatic`: sparse when the examples carry a sparse
// source (Examples::sparse) whose density over their rows is below kSparseDensityThreshold,
// dense otherwise. `sparse` without a sparse source is an InputError.
enum class InputPath { automatic, dense, sparse };

// Below this fraction of nonzeros the sparse first layer is faster than the BLAS one. Measured
// with bench_models' density sweep (single thread, Zen 3, samples/s sparse vs dense): 784-10-1
// breaks even near 0.35-0.4, 784-50-20-10 near 0.25 (0.2: 367k vs 321k; 0.3: 278k vs 318k).
// MNIST is at 0.19.
inline constexpr double kSparseDensityThreshold = 0.25;

// Whether `path` runs these examples' first layer sparse (throws as described above).
bool uses_sparse_input(const datasets::Examples& examples, InputPath path);

struct TrainConfig {
  int epochs = 10;
  std::size_t batch_size = 100;
  bool shuffle = true;  // reshuffle the fit order each epoch (else: the examples' order)
  InputPath input = InputPath::automatic;  // for the fit and the validation examples
};

struct TrainHistory {
  std::vector<double> fit_loss;  // (epochs) mean training loss over the epoch's batches,
                                 // weighted by batch size (Keras' reported "loss")
  std::vector<double> val_loss;  // (epochs) loss on `val` after each epoch; empty if no val
};

// Trains `model` in place. Each epoch, if cfg.shuffle, the fit order is a fresh Fisher-Yates
// permutation of 0..n-1 drawn from `engine` (core/portable_random.hpp); batches follow that
// order, the last partial batch kept. Buffers are sized once here; the epoch loop allocates
// nothing. Throws InputError when the examples do not fit the model or the loss.
TrainHistory train(Mlp<float>& model, const AnyLoss& loss, const OptimizerConfig& opt,
                   const datasets::Examples& fit, const datasets::Examples* val,
                   const TrainConfig& cfg, std::mt19937_64& engine);
// The same in double precision (every parameter, activation, gradient and optimiser moment a
// double; the inputs converted from float): for testing whether float32 accumulation matters.
TrainHistory train(Mlp<double>& model, const AnyLoss& loss, const OptimizerConfig& opt,
                   const datasets::Examples& fit, const datasets::Examples* val,
                   const TrainConfig& cfg, std::mt19937_64& engine);

// Mean loss over `examples` (value only), evaluated in batches of `batch_size`.
double evaluate_loss(const Mlp<float>& model, const AnyLoss& loss,
                     const datasets::Examples& examples, std::size_t batch_size = 500,
                     InputPath input = InputPath::automatic);

// Probabilities (n, k): sigmoid of the logit for k = 1, softmax for k > 1. `out` is resized.
// When `dead_units` is given it receives, from the same forward pass, how many units of the
// first hidden layer are dead on these examples: their ReLU output is 0 for every example
// (they pass no signal on and get no gradient); 0 for a model without hidden layers.
void predict_proba(const Mlp<float>& model, const datasets::Examples& examples,
                   xt::xtensor<float, 2>& out, InputPath input = InputPath::automatic,
                   std::size_t* dead_units = nullptr);
// The same for a double-precision model; the probabilities are computed in double, stored as
// float.
void predict_proba(const Mlp<double>& model, const datasets::Examples& examples,
                   xt::xtensor<float, 2>& out, InputPath input = InputPath::automatic,
                   std::size_t* dead_units = nullptr);

// Copies examples[order[begin .. begin+count)] into x (count, dim) and y (count).
void gather_batch(const datasets::Examples& examples, const std::uint32_t* order, std::size_t count,
                  float* x, std::uint8_t* y);

}  // namespace rwwce::models
