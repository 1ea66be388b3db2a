#pragma once
// Training the models of one task and scoring them on their validation and test examples.
#include <cstdint>
#include <string>
#include <vector>

#include <xtensor/xtensor.hpp>

#include "datasets/examples.hpp"
#include "experiments/study.hpp"
#include "models/any_loss.hpp"

namespace rwwce::experiments {

// One model to train in a task: its spec, its loss, its layer sizes and its examples.
struct ModelJob {
  const ModelSpec* spec = nullptr;
  models::AnyLoss loss;
  std::vector<std::size_t> sizes;  // e.g. {784, 10, 1}
  datasets::Examples fit, val, test;
};

// A trained model's probabilities and what it cost.
struct TrainedModel {
  xt::xtensor<float, 2> val, test;  // (n_val, k), (n_test, k)
  std::uint64_t seed = 0;           // the seed of its initial weights (runs.csv `seed`)
  std::size_t dead_units = 0;       // first-hidden-layer units never active on the test split
  double train_seconds = 0, eval_seconds = 0;
};

// Trains every job of one task (run = the task's dataset name) and scores it. Seeds: a model's
// initial weights come from derive_seed(root, seed_stream, run, model name), or (..., run,
// "init") under shared-init; its batch orders continue that engine, or under shared-order come
// from (..., run, "order"), so the task's models share one batch order. Consecutive jobs that
// share a batch order, an optimiser, epochs, batch size and fit examples are trained side by
// side (models::train_lockstep: bit-identical to training each alone, faster), each then
// getting half the pair's seconds. With spare_threads > 0 (threads that would otherwise wait
// for the run's last tasks) such a pair is instead trained as two models alone, in parallel:
// the same bits (train_lockstep's contract), on two threads.
std::vector<TrainedModel> train_models(const Study& study, std::uint64_t root_seed,
                                       const std::string& run, const std::vector<ModelJob>& jobs,
                                       int spare_threads = 0);

}  // namespace rwwce::experiments
