#include "experiments/arm_training.hpp"

#include <chrono>
#include <optional>
#include <random>
#include <utility>

#include "harness/run/seed_derivation.hpp"
#include "models/train.hpp"
#include "models/train_lockstep.hpp"

namespace rwwce::experiments {
namespace {

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point t0) {
  return std::chrono::duration<double>(Clock::now() - t0).count();
}

}  // namespace

namespace {

// The engines of one arm: `init` draws its initial weights, `order` its batch orders. Under
// shared-init they are one engine (init, then the orders), as under independent; under
// shared-order the order engine is the run's, the same for every arm.
struct ArmEngines {
  std::uint64_t seed = 0;  // the init seed, reported in runs.csv
  std::mt19937_64 init;
  std::optional<std::mt19937_64> order;  // empty: continue with `init`
};

ArmEngines arm_engines(const CommonRunOptions& c, const std::string& experiment,
                       const std::string& run, const std::string& model_name) {
  ArmEngines e;
  e.seed = harness::derive_seed(c.seed, experiment, run,
                                c.pairing == "shared-init" ? "init" : model_name);
  e.init.seed(e.seed);
  if (c.pairing == "shared-order")
    e.order.emplace(harness::derive_seed(c.seed, experiment, run, "order"));
  return e;
}

TrainedScores score(const models::Mlp<float>& model, const datasets::Dataset& ds,
                    std::uint64_t seed) {
  TrainedScores out;
  out.seed = seed;
  models::predict_proba(model, ds.val(), out.val);
  models::predict_proba(model, ds.test(), out.test);
  return out;
}

void set_timing(harness::Record& timing, const std::string& experiment, const std::string& run,
                const std::string& model_name, double train_s, double eval_s) {
  timing.set("experiment", experiment)
      .set("dataset", run)
      .set("model", model_name)
      .set("train_seconds", train_s)
      .set("eval_seconds", eval_s);
}

}  // namespace

TrainedScores train_and_score(const CommonRunOptions& c, const std::string& experiment,
                              const datasets::Dataset& ds, const std::string& run,
                              const std::string& model_name, const ArmTraining& arm,
                              harness::Record& timing) {
  ArmEngines e = arm_engines(c, experiment, run, model_name);
  const auto t0 = Clock::now();
  models::Mlp<float> model = models::make_mlp(arm.sizes, e.init);
  models::train(model, arm.loss, arm.optimizer, ds.fit(), nullptr, train_config(c),
                e.order ? *e.order : e.init);
  const double train_s = seconds_since(t0);
  const auto t1 = Clock::now();
  TrainedScores out = score(model, ds, e.seed);
  set_timing(timing, experiment, run, model_name, train_s, seconds_since(t1));
  return out;
}

std::pair<TrainedScores, TrainedScores> train_and_score_pair(
    const CommonRunOptions& c, const std::string& experiment, const datasets::Dataset& ds,
    const std::string& run, const std::string& name_a, const ArmTraining& arm_a,
    const std::string& name_b, const ArmTraining& arm_b, harness::Record& timing_a,
    harness::Record& timing_b) {
  if (c.pairing == "independent" ||
      models::describe(arm_a.optimizer) != models::describe(arm_b.optimizer)) {
    TrainedScores a = train_and_score(c, experiment, ds, run, name_a, arm_a, timing_a);
    TrainedScores b = train_and_score(c, experiment, ds, run, name_b, arm_b, timing_b);
    return {std::move(a), std::move(b)};
  }
  ArmEngines ea = arm_engines(c, experiment, run, name_a);
  ArmEngines eb = arm_engines(c, experiment, run, name_b);
  const auto t0 = Clock::now();
  models::Mlp<float> a = models::make_mlp(arm_a.sizes, ea.init);
  models::Mlp<float> b = models::make_mlp(arm_b.sizes, eb.init);
  // One batch order for both: the shared order engine, or under shared-init the init engine
  // after the (identical) initialisations, which is where each arm's own train() would start.
  models::train_lockstep(a, b, arm_a.loss, arm_b.loss, arm_a.optimizer, ds.fit(), train_config(c),
                         ea.order ? *ea.order : ea.init);
  const double train_s = seconds_since(t0) / 2;  // the pair's time, split evenly
  const auto t1 = Clock::now();
  TrainedScores sa = score(a, ds, ea.seed);
  TrainedScores sb = score(b, ds, eb.seed);
  const double eval_s = seconds_since(t1) / 2;
  set_timing(timing_a, experiment, run, name_a, train_s, eval_s);
  set_timing(timing_b, experiment, run, name_b, train_s, eval_s);
  return {std::move(sa), std::move(sb)};
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
