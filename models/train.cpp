#include "models/train.hpp"

#include <algorithm>
#include <cstring>
#include <numeric>
#include <string>

#include "datasets/input_error.hpp"
#include "models/portable_random.hpp"

namespace rwwce::models {
namespace {

void check_examples(const Mlp<float>& model, const datasets::Examples& ex, const char* what) {
  if (ex.dim != model.inputs())
    throw InputError(std::string("train: ") + what + " examples have " + std::to_string(ex.dim) +
                     " features but the model expects " + std::to_string(model.inputs()) +
                     "; build the model with sizes[0] = the feature count");
  if (ex.labels.size() != ex.rows.size())
    throw InputError(std::string("train: ") + what + " examples have " +
                     std::to_string(ex.rows.size()) + " rows but " +
                     std::to_string(ex.labels.size()) + " labels; expected one label per row");
  if (ex.dim > 0 && ex.source == nullptr && !ex.rows.empty())
    throw InputError(std::string("train: ") + what + " examples have no source matrix");
}

// Mean loss over all examples in order, value only, using the workspace's buffers.
template <class Loss>
double mean_loss(const Mlp<float>& model, const Loss& loss, const datasets::Examples& ex,
                 MlpWorkspace<float>& ws, std::uint8_t* y, const std::uint32_t* order) {
  const std::size_t n = ex.size(), cap = ws.capacity, k = model.outputs();
  double total = 0.0;
  for (std::size_t start = 0; start < n; start += cap) {
    const std::size_t b = std::min(cap, n - start);
    gather_batch(ex, order + start, b, ws.act[0].data(), y);
    forward(model, ws, b);
    total += loss.value_and_gradient(ws.act.back().data(), y, b, k, static_cast<float*>(nullptr)) *
             static_cast<double>(b);
  }
  return n == 0 ? 0.0 : total / static_cast<double>(n);
}

template <class Loss, class Opt>
TrainHistory train_impl(Mlp<float>& model, const Loss& loss, const Opt& opt,
                        const datasets::Examples& fit, const datasets::Examples* val,
                        const TrainConfig& cfg, std::mt19937_64& engine) {
  const std::size_t n = fit.size(), bs = cfg.batch_size, k = model.outputs();
  // Everything sized once per run.
  MlpWorkspace<float> ws = make_workspace(model, bs);
  Mlp<float> grad = zeros_like<float>(model);
  auto state = make_state(opt, model);
  std::vector<std::uint8_t> y(bs);      // (batch) labels of the current batch
  std::vector<std::uint32_t> order(n);  // (n) fit order of the current epoch
  std::vector<std::uint32_t> val_order(val ? val->size() : 0);  // (n_val) identity
  std::iota(val_order.begin(), val_order.end(), 0u);
  TrainHistory h;
  h.fit_loss.reserve(cfg.epochs);
  if (val) h.val_loss.reserve(cfg.epochs);

  for (int epoch = 0; epoch < cfg.epochs; ++epoch) {
    std::iota(order.begin(), order.end(), 0u);
    if (cfg.shuffle) fisher_yates(order.data(), n, engine);
    double total = 0.0;
    for (std::size_t start = 0; start < n; start += bs) {
      const std::size_t b = std::min(bs, n - start);
      gather_batch(fit, order.data() + start, b, ws.act[0].data(), y.data());
      forward(model, ws, b);
      total +=
          loss.value_and_gradient(ws.act.back().data(), y.data(), b, k, ws.delta.back().data()) *
          static_cast<double>(b);
      zero(grad);
      backward(model, grad, ws, b);
      step(opt, state, model, grad);
    }
    h.fit_loss.push_back(n == 0 ? 0.0 : total / static_cast<double>(n));
    if (val) h.val_loss.push_back(mean_loss(model, loss, *val, ws, y.data(), val_order.data()));
  }
  return h;
}

}  // namespace

void gather_batch(const datasets::Examples& examples, const std::uint32_t* order, std::size_t count,
                  float* x, std::uint8_t* y) {
  const std::size_t dim = examples.dim;
  for (std::size_t i = 0; i < count; ++i) {
    const std::uint32_t r = order[i];
    if (dim > 0) std::memcpy(x + i * dim, examples.row(r), dim * sizeof(float));
    y[i] = examples.labels[r];
  }
}

TrainHistory train(Mlp<float>& model, const AnyLoss& loss, const OptimizerConfig& opt,
                   const datasets::Examples& fit, const datasets::Examples* val,
                   const TrainConfig& cfg, std::mt19937_64& engine) {
  if (cfg.batch_size == 0) throw InputError("train: batch_size must be at least 1, found 0");
  if (cfg.epochs < 0)
    throw InputError("train: epochs must be >= 0, found " + std::to_string(cfg.epochs));
  if (model.layers.empty()) throw InputError("train: the model has no layers; use make_mlp");
  check_examples(model, fit, "fit");
  if (val) check_examples(model, *val, "validation");
  return std::visit(
      [&](const auto& l, const auto& o) { return train_impl(model, l, o, fit, val, cfg, engine); },
      loss, opt);
}

double evaluate_loss(const Mlp<float>& model, const AnyLoss& loss,
                     const datasets::Examples& examples, std::size_t batch_size) {
  check_examples(model, examples, "evaluated");
  MlpWorkspace<float> ws = make_workspace(model, std::max<std::size_t>(1, batch_size));
  std::vector<std::uint8_t> y(ws.capacity);
  std::vector<std::uint32_t> order(examples.size());
  std::iota(order.begin(), order.end(), 0u);
  return std::visit(
      [&](const auto& l) { return mean_loss(model, l, examples, ws, y.data(), order.data()); },
      loss);
}

void predict_proba(const Mlp<float>& model, const datasets::Examples& examples,
                   xt::xtensor<float, 2>& out) {
  check_examples(model, examples, "predicted");
  const std::size_t n = examples.size(), k = model.outputs(), cap = 500;
  if (out.shape()[0] != n || out.shape()[1] != k) out = xt::xtensor<float, 2>::from_shape({n, k});
  MlpWorkspace<float> ws = make_workspace(model, cap);
  std::vector<std::uint8_t> y(cap);
  std::vector<std::uint32_t> order(n);
  std::iota(order.begin(), order.end(), 0u);
  for (std::size_t start = 0; start < n; start += cap) {
    const std::size_t b = std::min(cap, n - start);
    gather_batch(examples, order.data() + start, b, ws.act[0].data(), y.data());
    forward(model, ws, b);
    float* dst = out.data() + start * k;
    std::copy(ws.act.back().data(), ws.act.back().data() + b * k, dst);
    apply_head(dst, b, k);
  }
}

}  // namespace rwwce::models
