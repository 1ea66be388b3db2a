#include "experiments/model_training.hpp"

#include <fmt/format.h>
#include <oneapi/tbb/parallel_invoke.h>
#include <oneapi/tbb/task_arena.h>

#include <chrono>
#include <cmath>
#include <optional>
#include <random>

#include "core/input_error.hpp"
#include "core/tsan_handoff.hpp"
#include "harness/run/seed_derivation.hpp"
#include "models/mlp.hpp"
#include "models/optimizer.hpp"
#include "models/train.hpp"
#include "models/train_lockstep.hpp"

namespace rwwce::experiments {
namespace {

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point t0) {
  return std::chrono::duration<double>(Clock::now() - t0).count();
}

// The engines of one model: `init` draws its initial weights, `order` its batch orders (empty:
// continue with `init`, as one Keras fit would).
struct Engines {
  std::uint64_t seed = 0;
  std::mt19937_64 init;
  std::optional<std::mt19937_64> order;
};

Engines engines(const Study& s, std::uint64_t root, const std::string& run,
                const std::string& model) {
  Engines e;
  e.seed = harness::derive_seed(root, s.seed_stream, run,
                                s.pairing == Pairing::shared_init ? "init" : model);
  e.init.seed(e.seed);
  if (s.pairing == Pairing::shared_order)
    e.order.emplace(harness::derive_seed(root, s.seed_stream, run, "order"));
  return e;
}

models::TrainConfig config(const ModelSpec& m) {
  models::TrainConfig cfg;
  cfg.epochs = m.epochs;
  cfg.batch_size = m.batch;
  return cfg;
}

// Training that diverged (a non-finite training loss) stops the run: nothing non-finite is
// written as a result.
void check_finite(const Study& s, const std::string& run, std::uint64_t root, const ModelJob& job,
                  const models::TrainHistory& h) {
  for (std::size_t e = 0; e < h.fit_loss.size(); ++e)
    if (!std::isfinite(h.fit_loss[e]))
      throw InputError(fmt::format(
          "study {}, task {} (root seed {}), model {}: training diverged in epoch {} (the "
          "training loss is {}); lower the learning rate or the costs in the loss",
          s.name, run, root, job.spec->name, e + 1, h.fit_loss[e]));
}

template <class T>
void score(const Study& s, const std::string& run, std::uint64_t root, const models::Mlp<T>& model,
           const ModelJob& job, TrainedModel& out) {
  models::predict_proba(model, job.val, out.val);
  models::predict_proba(model, job.test, out.test, models::InputPath::automatic, &out.dead_units);
  for (const auto* p : {&out.val, &out.test})
    for (float v : *p)
      if (!std::isfinite(v))
        throw InputError(fmt::format(
            "study {}, task {} (root seed {}), model {}: training diverged (a predicted "
            "probability is {}); lower the learning rate or the costs in the loss",
            s.name, run, root, job.spec->name, v));
}

bool side_by_side(const Study& s, const ModelJob& a, const ModelJob& b) {
  return s.pairing != Pairing::independent && !a.spec->float64 && !b.spec->float64 &&
         models::describe(a.spec->optimizer) == models::describe(b.spec->optimizer) &&
         a.spec->epochs == b.spec->epochs && a.spec->batch == b.spec->batch &&
         a.fit.rows == b.fit.rows && a.fit.source == b.fit.source && a.fit.sparse == b.fit.sparse &&
         a.sizes[0] == b.sizes[0];
}

// Trains job i alone (float32, or in double under precision = "float64", from the same initial
// weights) and scores it into out.
void train_alone(const Study& s, std::uint64_t root, const std::string& run, const ModelJob& a,
                 TrainedModel& out) {
  Engines e = engines(s, root, run, a.spec->name);
  const auto in_precision = [&](auto tag) {
    using T = decltype(tag);
    const auto t0 = Clock::now();
    models::Mlp<T> model = models::make_mlp<T>(a.sizes, e.init);
    check_finite(s, run, root, a,
                 models::train(model, a.loss, a.spec->optimizer, a.fit, nullptr, config(*a.spec),
                               e.order ? *e.order : e.init));
    out.train_seconds = seconds_since(t0);
    const auto t1 = Clock::now();
    score(s, run, root, model, a, out);
    out.eval_seconds = seconds_since(t1);
  };
  if (a.spec->float64)
    in_precision(double{});
  else
    in_precision(float{});
  out.seed = e.seed;
}

}  // namespace

std::vector<TrainedModel> train_models(const Study& s, std::uint64_t root, const std::string& run,
                                       const std::vector<ModelJob>& jobs, int spare_threads) {
  std::vector<TrainedModel> out(jobs.size());
  for (std::size_t i = 0; i < jobs.size(); ++i) {
    const ModelJob& a = jobs[i];
    if (i + 1 < jobs.size() && side_by_side(s, a, jobs[i + 1])) {
      const ModelJob& b = jobs[i + 1];
      if (spare_threads > 0) {
        // The pair's batch order is each model's own engine continued (shared-init) or the
        // shared order engine, so alone each trains on the same batches as side by side.
        // Isolated: while waiting for the other model this thread takes no other task of the
        // run, which would hold the pair up.
        int before = 0, after_a = 0, after_b = 0;  // TSan's tokens (core/tsan_handoff.hpp)
        tsan_release(&before);
        tbb::this_task_arena::isolate([&] {
          tbb::parallel_invoke(
              [&] {
                tsan_acquire(&before);
                train_alone(s, root, run, a, out[i]);
                tsan_release(&after_a);
              },
              [&] {
                tsan_acquire(&before);
                train_alone(s, root, run, b, out[i + 1]);
                tsan_release(&after_b);
              });
        });
        tsan_acquire(&after_a);
        tsan_acquire(&after_b);
        ++i;
        continue;
      }
      Engines ea = engines(s, root, run, a.spec->name);
      Engines eb = engines(s, root, run, b.spec->name);
      const auto t0 = Clock::now();
      models::Mlp<float> ma = models::make_mlp(a.sizes, ea.init);
      models::Mlp<float> mb = models::make_mlp(b.sizes, eb.init);
      // One batch order for both: the shared order engine, or under shared-init the init engine
      // after the (identical) initialisations, where each model's own train() would start.
      const auto [ha, hb] = models::train_lockstep(ma, mb, a.loss, b.loss, a.spec->optimizer, a.fit,
                                                   config(*a.spec), ea.order ? *ea.order : ea.init);
      check_finite(s, run, root, a, ha);
      check_finite(s, run, root, b, hb);
      const double train_s = seconds_since(t0) / 2;
      const auto t1 = Clock::now();
      score(s, run, root, ma, a, out[i]);
      score(s, run, root, mb, b, out[i + 1]);
      const double eval_s = seconds_since(t1) / 2;
      out[i].seed = ea.seed;
      out[i + 1].seed = eb.seed;
      out[i].train_seconds = out[i + 1].train_seconds = train_s;
      out[i].eval_seconds = out[i + 1].eval_seconds = eval_s;
      ++i;
      continue;
    }
    train_alone(s, root, run, a, out[i]);
  }
  return out;
}

}  // namespace rwwce::experiments
