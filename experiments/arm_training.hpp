#pragma once
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include <xtensor/xtensor.hpp>

#include "datasets/dataset.hpp"
#include "experiments/run_options.hpp"
#include "harness/run/record.hpp"
#include "models/any_loss.hpp"
#include "models/optimizer.hpp"

namespace rwwce::experiments {

// How one arm's model is built and trained.
struct ArmTraining {
  std::vector<std::size_t> sizes;  // layer sizes, e.g. {784, 10, 1}
  models::AnyLoss loss;
  models::OptimizerConfig optimizer;
};

// One trained model's probabilities on the validation and test splits.
struct TrainedScores {
  xt::xtensor<float, 2> val, test;  // (n_val, k), (n_test, k)
  std::uint64_t seed = 0;
};

// Trains `arm` on ds.fit() and scores validation and test. The seed (initial weights, and the
// batch orders unless shared) derives from (root seed, experiment, run, model), or from (..., run,
// "init") with --pairing shared-init, so the arms of a run then share initial weights and batch
// order; with --pairing shared-order the batch orders come from (..., run, "order"). Arms of a
// run always share its split (a paired design). Fills `timing` with (experiment, dataset,
// model, train_seconds, eval_seconds).
TrainedScores train_and_score(const CommonRunOptions& options, const std::string& experiment,
                              const datasets::Dataset& ds, const std::string& run,
                              const std::string& model, const ArmTraining& arm,
                              harness::Record& timing);

// Two arms of one run. With a shared batch order (--pairing shared-order or shared-init) and
// the same optimiser they are trained side by side (models::train_lockstep: bit-identical to
// two train_and_score calls, faster) and each timing gets half the pair's seconds; otherwise
// this is two train_and_score calls.
std::pair<TrainedScores, TrainedScores> train_and_score_pair(
    const CommonRunOptions& options, const std::string& experiment, const datasets::Dataset& ds,
    const std::string& run, const std::string& model_a, const ArmTraining& arm_a,
    const std::string& model_b, const ArmTraining& arm_b, harness::Record& timing_a,
    harness::Record& timing_b);

// Adam at the run's learning rate (Keras defaults otherwise), SGD likewise.
models::OptimizerConfig adam(const CommonRunOptions& options);
models::OptimizerConfig sgd(const CommonRunOptions& options);

}  // namespace rwwce::experiments
