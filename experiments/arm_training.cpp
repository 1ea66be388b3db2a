#include "experiments/arm_training.hpp"

#include <chrono>
#include <random>

#include "harness/seed_derivation.hpp"
#include "models/train.hpp"

namespace rwwce::experiments {
namespace {

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point t0) {
  return std::chrono::duration<double>(Clock::now() - t0).count();
}

}  // namespace

TrainedScores train_and_score(const CommonRunOptions& c, const std::string& experiment,
                              const datasets::Dataset& ds, const std::string& run,
                              const std::string& model_name, const ArmTraining& arm,
                              harness::Record& timing) {
  const std::uint64_t seed = harness::derive_seed(c.seed, experiment, run,
                                                  c.pairing == "shared-init" ? "init" : model_name);
  std::mt19937_64 engine(seed);
  const auto t0 = Clock::now();
  models::Mlp<float> model = models::make_mlp(arm.sizes, engine);
  models::train(model, arm.loss, arm.optimizer, ds.fit(), nullptr, train_config(c), engine);
  const double train_s = seconds_since(t0);
  const auto t1 = Clock::now();
  TrainedScores out;
  out.seed = seed;
  models::predict_proba(model, ds.val(), out.val);
  models::predict_proba(model, ds.test(), out.test);
  timing.set("experiment", experiment)
      .set("dataset", run)
      .set("model", model_name)
      .set("train_seconds", train_s)
      .set("eval_seconds", seconds_since(t1));
  return out;
}

models::OptimizerConfig adam(const CommonRunOptions& c) {
  models::AdamConfig a;
  a.learning_rate = c.learning_rate;
  return a;
}

models::OptimizerConfig sgd(const CommonRunOptions& c) {
  models::SgdConfig s;
  s.learning_rate = c.learning_rate;
  return s;
}

}  // namespace rwwce::experiments
