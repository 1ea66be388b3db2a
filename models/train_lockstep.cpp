#include "models/train_lockstep.hpp"

#include <algorithm>
#include <numeric>
#include <string>
#include <vector>

#include "core/input_error.hpp"
#include "core/portable_random.hpp"
#include "models/sparse_input.hpp"

namespace rwwce::models {
namespace {

void check_pair(const Mlp<float>& a, const Mlp<float>& b, const datasets::Examples& fit) {
  if (a.layers.empty() || b.layers.empty())
    throw InputError("train_lockstep: a model has no layers; use make_mlp");
  if (a.inputs() != fit.dim || b.inputs() != fit.dim)
    throw InputError("train_lockstep: the models expect " + std::to_string(a.inputs()) + " and " +
                     std::to_string(b.inputs()) + " features but the examples have " +
                     std::to_string(fit.dim) + "; both must take the examples' features");
  if (fit.labels.size() != fit.rows.size())
    throw InputError("train_lockstep: the examples have " + std::to_string(fit.rows.size()) +
                     " rows but " + std::to_string(fit.labels.size()) +
                     " labels; expected one label per row");
  for (const std::uint32_t r : fit.rows)
    if (r >= fit.sparse->rows)
      throw InputError("train_lockstep: the examples use source row " + std::to_string(r) +
                       " but the sparse source has only " + std::to_string(fit.sparse->rows) +
                       " rows");
}

// Copies a block of `width` columns of `rows` rows from the row-major matrix `src` (rows of
// src_width, block starting at column src_first) into `dst` (rows of dst_width, from dst_first).
void copy_block(const float* src, std::size_t src_width, std::size_t src_first, float* dst,
                std::size_t dst_width, std::size_t dst_first, std::size_t width, std::size_t rows) {
  for (std::size_t i = 0; i < rows; ++i)
    std::copy(src + i * src_width + src_first, src + i * src_width + src_first + width,
              dst + i * dst_width + dst_first);
}

// The first layers of a and b as one layer: columns [0, ha) are a's, [ha, ha + hb) b's.
Dense<float> fuse_first_layers(const Mlp<float>& a, const Mlp<float>& b) {
  const std::size_t in = a.inputs(), ha = a.layers[0].fan_out(), hb = b.layers[0].fan_out();
  Dense<float> f = make_dense<float>(in, ha + hb);
  copy_block(a.layers[0].w.data(), ha, 0, f.w.data(), ha + hb, 0, ha, in);
  copy_block(b.layers[0].w.data(), hb, 0, f.w.data(), ha + hb, ha, hb, in);
  copy_block(a.layers[0].b.data(), ha, 0, f.b.data(), ha + hb, 0, ha, 1);
  copy_block(b.layers[0].b.data(), hb, 0, f.b.data(), ha + hb, ha, hb, 1);
  return f;
}

void split_first_layer(const Dense<float>& f, Mlp<float>& a, Mlp<float>& b) {
  const std::size_t in = a.inputs(), ha = a.layers[0].fan_out(), hb = b.layers[0].fan_out();
  copy_block(f.w.data(), ha + hb, 0, a.layers[0].w.data(), ha, 0, ha, in);
  copy_block(f.w.data(), ha + hb, ha, b.layers[0].w.data(), hb, 0, hb, in);
  copy_block(f.b.data(), ha + hb, 0, a.layers[0].b.data(), ha, 0, ha, 1);
  copy_block(f.b.data(), ha + hb, ha, b.layers[0].b.data(), hb, 0, hb, 1);
}

// Layers 1.. of a model's gradient set to zero (layer 0 lives in the fused gradient).
void zero_from_second(Mlp<float>& grad) {
  for (std::size_t l = 1; l < grad.layers.size(); ++l) zero(grad.layers[l]);
}

// The same steps as train_impl (models/train.cpp) for two models at once; see the header.
template <class Opt>
std::pair<TrainHistory, TrainHistory> lockstep_sparse(Mlp<float>& a, Mlp<float>& b,
                                                      const AnyLoss& loss_a, const AnyLoss& loss_b,
                                                      const Opt& opt, const datasets::Examples& fit,
                                                      const TrainConfig& cfg,
                                                      std::mt19937_64& engine) {
  const std::size_t n = fit.size(), bs = cfg.batch_size;
  const std::size_t ha = a.layers[0].fan_out(), hb = b.layers[0].fan_out(), hf = ha + hb;
  const std::size_t ka = a.outputs(), kb = b.outputs();
  // Everything sized once per run. The fused layer's parameters, gradient and optimiser state
  // stand in for both first layers until the end.
  Mlp<float> fused;
  fused.layers.push_back(fuse_first_layers(a, b));
  Mlp<float> grad_f = zeros_like<float>(fused), grad_a = zeros_like<float>(a),
             grad_b = zeros_like<float>(b);
  auto state_f = make_state(opt, fused);
  auto state_a = make_state(opt, a);
  auto state_b = make_state(opt, b);
  MlpWorkspace<float> ws_a = make_workspace(a, bs), ws_b = make_workspace(b, bs);
  std::vector<float> h(bs * hf), dh(bs * hf);  // fused pre-activations and their gradient
  std::vector<std::uint8_t> y(bs);
  std::vector<std::uint32_t> order(n), rows(bs), next_rows(bs);
  SparseColumns columns = make_sparse_columns(fit.dim, bs);
  TrainHistory hist_a, hist_b;
  hist_a.fit_loss.reserve(cfg.epochs);
  hist_b.fit_loss.reserve(cfg.epochs);

  for (int epoch = 0; epoch < cfg.epochs; ++epoch) {
    std::iota(order.begin(), order.end(), 0u);
    if (cfg.shuffle) fisher_yates(order.data(), n, engine);
    double total_a = 0.0, total_b = 0.0;
    for (std::size_t start = 0; start < n; start += bs) {
      const std::size_t m = std::min(bs, n - start);
      for (std::size_t i = 0; i < m; ++i) {
        rows[i] = fit.rows[order[start + i]];
        y[i] = fit.labels[order[start + i]];
      }
      const SparseBatch x{fit.sparse, rows.data(), &columns};
      forward(fused.layers[0], x, m, h.data());
      if (start + m < n) {
        const std::size_t next = std::min(bs, n - start - m);
        for (std::size_t i = 0; i < next; ++i) next_rows[i] = fit.rows[order[start + m + i]];
        prefetch_rows(SparseBatch{fit.sparse, next_rows.data()}, next);
      }
      copy_block(h.data(), hf, 0, ws_a.act[1].data(), ha, 0, ha, m);
      copy_block(h.data(), hf, ha, ws_b.act[1].data(), hb, 0, hb, m);
      detail::forward_from(a, ws_a, m, 1);
      detail::forward_from(b, ws_b, m, 1);
      total_a += value_and_gradient(loss_a, ws_a.act.back().data(), y.data(), m, ka,
                                    ws_a.delta.back().data()) *
                 static_cast<double>(m);
      total_b += value_and_gradient(loss_b, ws_b.act.back().data(), y.data(), m, kb,
                                    ws_b.delta.back().data()) *
                 static_cast<double>(m);
      zero(grad_f);
      zero_from_second(grad_a);
      zero_from_second(grad_b);
      detail::backward_to_first(a, grad_a, ws_a, m);
      detail::backward_to_first(b, grad_b, ws_b, m);
      copy_block(ws_a.delta[1].data(), ha, 0, dh.data(), hf, 0, ha, m);
      copy_block(ws_b.delta[1].data(), hb, 0, dh.data(), hf, ha, hb, m);
      backward(fused.layers[0], grad_f.layers[0], x, dh.data(), m);
      step(opt, state_f, fused, grad_f);
      step(opt, state_a, a, grad_a, 1);
      step(opt, state_b, b, grad_b, 1);
    }
    hist_a.fit_loss.push_back(n == 0 ? 0.0 : total_a / static_cast<double>(n));
    hist_b.fit_loss.push_back(n == 0 ? 0.0 : total_b / static_cast<double>(n));
  }
  split_first_layer(fused.layers[0], a, b);
  return {hist_a, hist_b};
}

}  // namespace

std::pair<TrainHistory, TrainHistory> train_lockstep(Mlp<float>& a, Mlp<float>& b,
                                                     const AnyLoss& loss_a, const AnyLoss& loss_b,
                                                     const OptimizerConfig& opt,
                                                     const datasets::Examples& fit,
                                                     const TrainConfig& cfg,
                                                     std::mt19937_64& engine) {
  if (cfg.batch_size == 0)
    throw InputError("train_lockstep: batch_size must be at least 1, found 0");
  if (cfg.epochs < 0)
    throw InputError("train_lockstep: epochs must be >= 0, found " + std::to_string(cfg.epochs));
  if (!uses_sparse_input(fit, cfg.input)) {
    std::mt19937_64 engine_b = engine;
    TrainHistory ha = train(a, loss_a, opt, fit, nullptr, cfg, engine);
    TrainHistory hb = train(b, loss_b, opt, fit, nullptr, cfg, engine_b);
    return {std::move(ha), std::move(hb)};
  }
  check_pair(a, b, fit);
  return std::visit(
      [&](const auto& o) { return lockstep_sparse(a, b, loss_a, loss_b, o, fit, cfg, engine); },
      opt);
}

}  // namespace rwwce::models
