#pragma once
// Two models trained on the same batches in the same order, side by side: the paired design of
// the Table I/II arms when they share a batch order (--pairing shared-order or shared-init).
#include <random>
#include <utility>

#include "datasets/examples.hpp"
#include "models/any_loss.hpp"
#include "models/mlp.hpp"
#include "models/optimizer.hpp"
#include "models/train.hpp"

namespace rwwce::models {

// Trains `a` with `loss_a` and `b` with `loss_b`, both with `opt`, on the same batch order: each
// epoch one Fisher-Yates permutation drawn from `engine`. The result is exactly (bit for bit)
// that of train(a, loss_a, ...) and train(b, loss_b, ...) each run from a copy of `engine` in
// its current state, and `engine` ends where one such train() leaves it.
// On the sparse input path the two first layers run as one layer of twice the width, so each
// batch's rows are read once and the first layers' loads share one pass over each nonzero;
// otherwise it is those two train() calls. No validation loss is computed (train() with
// val = nullptr). Throws InputError when the examples do not fit the models.
std::pair<TrainHistory, TrainHistory> train_lockstep(Mlp<float>& a, Mlp<float>& b,
                                                     const AnyLoss& loss_a, const AnyLoss& loss_b,
                                                     const OptimizerConfig& opt,
                                                     const datasets::Examples& fit,
                                                     const TrainConfig& cfg,
                                                     std::mt19937_64& engine);

}  // namespace rwwce::models
