#include "models/train.hpp"

#include <algorithm>
#include <cstring>
#include <numeric>
#include <optional>
#include <string>
#include <type_traits>

#include "core/input_error.hpp"
#include "core/portable_random.hpp"

namespace rwwce::models {
namespace {

template <class T>
void check_examples(const Mlp<T>& model, const datasets::Examples& ex, const char* what) {
  if (ex.dim != model.inputs())
    throw InputError(std::string("train: ") + what + " examples have " + std::to_string(ex.dim) +
                     " features but the model expects " + std::to_string(model.inputs()) +
                     "; build the model with sizes[0] = the feature count");
  if (ex.labels.size() != ex.rows.size())
    throw InputError(std::string("train: ") + what + " examples have " +
                     std::to_string(ex.rows.size()) + " rows but " +
                     std::to_string(ex.labels.size()) + " labels; expected one label per row");
  if (ex.dim > 0 && ex.source == nullptr && ex.sparse == nullptr && !ex.rows.empty())
    throw InputError(std::string("train: ") + what +
                     " examples have no source matrix, dense or sparse");
  if (ex.sparse != nullptr) {
    if (ex.sparse->cols != ex.dim)
      throw InputError(std::string("train: ") + what + " examples' sparse source has " +
                       std::to_string(ex.sparse->cols) + " columns but the examples have " +
                       std::to_string(ex.dim) + " features; it must be the same matrix");
    for (const std::uint32_t r : ex.rows)
      if (r >= ex.sparse->rows)
        throw InputError(std::string("train: ") + what + " examples use source row " +
                         std::to_string(r) + " but the sparse source has only " +
                         std::to_string(ex.sparse->rows) + " rows");
  }
}

// examples[order[0 .. count)] into x (count, dim) as T, and their labels into y.
template <class T>
void gather_batch_as(const datasets::Examples& examples, const std::uint32_t* order,
                     std::size_t count, T* x, std::uint8_t* y) {
  if constexpr (std::is_same_v<T, float>) {
    gather_batch(examples, order, count, x, y);
  } else {
    const std::size_t dim = examples.dim;
    for (std::size_t i = 0; i < count; ++i) {
      T* out = x + i * dim;
      if (examples.source != nullptr) {
        const float* row = examples.row(order[i]);
        for (std::size_t j = 0; j < dim; ++j) out[j] = static_cast<T>(row[j]);
      } else {  // expanded from the sparse copy (Examples::copy_row), widened
        const datasets::CsrMatrix& m = *examples.sparse;
        const std::size_t r = examples.rows[order[i]];
        std::fill(out, out + dim, T{0});
        for (std::uint64_t k = m.row_ptr[r]; k < m.row_ptr[r + 1]; ++k)
          out[m.col[k]] = static_cast<T>(m.val[k]);
      }
      y[i] = examples.labels[order[i]];
    }
  }
}

// Feeds batches of one Examples set to the model through the dense or the sparse first layer.
// Sized once (capacity rows); forward/backward allocate nothing.
template <class T>
class BatchFeeder {
 public:
  BatchFeeder(const datasets::Examples& ex, InputPath path, std::size_t capacity)
      : ex_(ex),
        sparse_(uses_sparse_input(ex, path)),
        rows_(sparse_ ? capacity : 0),
        next_rows_(sparse_ ? capacity : 0) {
    if (sparse_) columns_ = make_sparse_columns(ex.dim, capacity);
  }

  // Labels of examples[order[0..count)] into y, then the forward pass on their inputs.
  void forward(const Mlp<T>& model, MlpWorkspace<T>& ws, const std::uint32_t* order,
               std::size_t count, std::uint8_t* y) {
    if (!sparse_) {
      gather_batch_as(ex_, order, count, ws.act[0].data(), y);
      models::forward(model, ws, count);
      return;
    }
    for (std::size_t i = 0; i < count; ++i) {  // no pixel copy: just the source rows
      rows_[i] = ex_.rows[order[i]];
      y[i] = ex_.labels[order[i]];
    }
    models::forward(model, ws, count, SparseBatch{ex_.sparse, rows_.data(), &columns_});
  }

  // Prefetches the inputs of examples[order[0..count)] (sparse path only; a cache hint).
  void prefetch(const std::uint32_t* order, std::size_t count) {
    if (!sparse_) return;
    for (std::size_t i = 0; i < count; ++i) next_rows_[i] = ex_.rows[order[i]];
    prefetch_rows(SparseBatch{ex_.sparse, next_rows_.data()}, count);
  }

  // The backward pass of the last forward (ws.delta.back() set by the loss).
  void backward(const Mlp<T>& model, Mlp<T>& grad, MlpWorkspace<T>& ws, std::size_t count) {
    if (sparse_)
      models::backward(model, grad, ws, count, SparseBatch{ex_.sparse, rows_.data(), &columns_});
    else
      models::backward(model, grad, ws, count);
  }

 private:
  const datasets::Examples& ex_;
  bool sparse_;
  std::vector<std::uint32_t> rows_;       // (capacity) source rows of the current batch (sparse)
  std::vector<std::uint32_t> next_rows_;  // (capacity) source rows of the batch prefetched
  SparseColumns columns_;                 // backward scratch for wide first layers (sparse)
};

// Mean loss over all examples in order, value only, using the workspace's buffers.
template <class T, class Loss>
double mean_loss(const Mlp<T>& model, const Loss& loss, BatchFeeder<T>& feeder, std::size_t n,
                 MlpWorkspace<T>& ws, std::uint8_t* y, const std::uint32_t* order) {
  const std::size_t cap = ws.capacity, k = model.outputs();
  double total = 0.0;
  for (std::size_t start = 0; start < n; start += cap) {
    const std::size_t b = std::min(cap, n - start);
    feeder.forward(model, ws, order + start, b, y);
    total += loss.value_and_gradient(ws.act.back().data(), y, b, k, static_cast<T*>(nullptr)) *
             static_cast<double>(b);
  }
  return n == 0 ? 0.0 : total / static_cast<double>(n);
}

template <class T, class Loss, class Opt>
TrainHistory train_impl(Mlp<T>& model, const Loss& loss, const Opt& opt,
                        const datasets::Examples& fit, const datasets::Examples* val,
                        const TrainConfig& cfg, std::mt19937_64& engine) {
  const std::size_t n = fit.size(), bs = cfg.batch_size, k = model.outputs();
  // Everything sized once per run.
  MlpWorkspace<T> ws = make_workspace(model, bs);
  Mlp<T> grad = zeros_like<T>(model);
  auto state = make_state(opt, model);
  std::vector<std::uint8_t> y(bs);      // (batch) labels of the current batch
  std::vector<std::uint32_t> order(n);  // (n) fit order of the current epoch
  std::vector<std::uint32_t> val_order(val ? val->size() : 0);  // (n_val) identity
  std::iota(val_order.begin(), val_order.end(), 0u);
  BatchFeeder<T> fit_feeder(fit, cfg.input, bs);
  std::optional<BatchFeeder<T>> val_feeder;
  if (val) val_feeder.emplace(*val, cfg.input, bs);
  TrainHistory h;
  h.fit_loss.reserve(cfg.epochs);
  if (val) h.val_loss.reserve(cfg.epochs);

  for (int epoch = 0; epoch < cfg.epochs; ++epoch) {
    std::iota(order.begin(), order.end(), 0u);
    if (cfg.shuffle) fisher_yates(order.data(), n, engine);
    double total = 0.0;
    for (std::size_t start = 0; start < n; start += bs) {
      const std::size_t b = std::min(bs, n - start);
      fit_feeder.forward(model, ws, order.data() + start, b, y.data());
      if (start + b < n) fit_feeder.prefetch(order.data() + start + b, std::min(bs, n - start - b));
      total +=
          loss.value_and_gradient(ws.act.back().data(), y.data(), b, k, ws.delta.back().data()) *
          static_cast<double>(b);
      zero(grad);
      fit_feeder.backward(model, grad, ws, b);
      step(opt, state, model, grad);
    }
    h.fit_loss.push_back(n == 0 ? 0.0 : total / static_cast<double>(n));
    if (val)
      h.val_loss.push_back(
          mean_loss(model, loss, *val_feeder, val->size(), ws, y.data(), val_order.data()));
  }
  return h;
}

}  // namespace

bool uses_sparse_input(const datasets::Examples& examples, InputPath path) {
  if (path == InputPath::dense) return false;
  if (examples.sparse == nullptr) {
    if (path == InputPath::sparse)
      throw InputError(
          "train: the sparse input path was requested but the examples carry no sparse source; "
          "set Examples::sparse (datasets::to_csr) or use InputPath::automatic");
    return false;
  }
  if (path == InputPath::sparse) return true;
  return datasets::density_of_rows(*examples.sparse, examples.rows.data(), examples.size()) <
         kSparseDensityThreshold;
}

void gather_batch(const datasets::Examples& examples, const std::uint32_t* order, std::size_t count,
                  float* x, std::uint8_t* y) {
  const std::size_t dim = examples.dim;
  for (std::size_t i = 0; i < count; ++i) {
    const std::uint32_t r = order[i];
    examples.copy_row(r, x + i * dim);
    y[i] = examples.labels[r];
  }
}

namespace {

template <class T>
TrainHistory train_any(Mlp<T>& model, const AnyLoss& loss, const OptimizerConfig& opt,
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

template <class T>
void predict_any(const Mlp<T>& model, const datasets::Examples& examples,
                 xt::xtensor<float, 2>& out, InputPath input, std::size_t* dead) {
  check_examples(model, examples, "predicted");
  const std::size_t n = examples.size(), k = model.outputs(), cap = 500;
  if (out.shape()[0] != n || out.shape()[1] != k) out = xt::xtensor<float, 2>::from_shape({n, k});
  MlpWorkspace<T> ws = make_workspace(model, cap);
  BatchFeeder<T> feeder(examples, input, cap);
  std::vector<std::uint8_t> y(cap);
  std::vector<std::uint32_t> order(n);
  std::iota(order.begin(), order.end(), 0u);
  std::vector<T> head(cap * k);
  // Dead units, from the same forward: first-layer outputs never positive.
  const std::size_t width = model.layers.size() > 1 ? model.layers[0].fan_out() : 0;
  std::vector<char> alive(dead ? width : 0, 0);
  for (std::size_t start = 0; start < n; start += cap) {
    const std::size_t b = std::min(cap, n - start);
    feeder.forward(model, ws, order.data() + start, b, y.data());
    if (dead && width > 0) {
      const T* h = ws.act[1].data();  // (b, width) after the ReLU
      for (std::size_t i = 0; i < b; ++i)
        for (std::size_t j = 0; j < width; ++j) alive[j] |= h[i * width + j] > T(0);
    }
    float* dst = out.data() + start * k;
    if constexpr (std::is_same_v<T, float>) {
      std::copy(ws.act.back().data(), ws.act.back().data() + b * k, dst);
      apply_head(dst, b, k);
    } else {  // the head in T, then the probabilities as float
      std::copy(ws.act.back().data(), ws.act.back().data() + b * k, head.data());
      apply_head(head.data(), b, k);
      for (std::size_t i = 0; i < b * k; ++i) dst[i] = static_cast<float>(head[i]);
    }
  }
  if (dead) *dead = static_cast<std::size_t>(std::count(alive.begin(), alive.end(), 0));
}

}  // namespace

TrainHistory train(Mlp<float>& model, const AnyLoss& loss, const OptimizerConfig& opt,
                   const datasets::Examples& fit, const datasets::Examples* val,
                   const TrainConfig& cfg, std::mt19937_64& engine) {
  return train_any(model, loss, opt, fit, val, cfg, engine);
}

TrainHistory train(Mlp<double>& model, const AnyLoss& loss, const OptimizerConfig& opt,
                   const datasets::Examples& fit, const datasets::Examples* val,
                   const TrainConfig& cfg, std::mt19937_64& engine) {
  return train_any(model, loss, opt, fit, val, cfg, engine);
}

double evaluate_loss(const Mlp<float>& model, const AnyLoss& loss,
                     const datasets::Examples& examples, std::size_t batch_size, InputPath input) {
  check_examples(model, examples, "evaluated");
  MlpWorkspace<float> ws = make_workspace(model, std::max<std::size_t>(1, batch_size));
  BatchFeeder<float> feeder(examples, input, ws.capacity);
  std::vector<std::uint8_t> y(ws.capacity);
  std::vector<std::uint32_t> order(examples.size());
  std::iota(order.begin(), order.end(), 0u);
  return std::visit(
      [&](const auto& l) {
        return mean_loss(model, l, feeder, examples.size(), ws, y.data(), order.data());
      },
      loss);
}

void predict_proba(const Mlp<float>& model, const datasets::Examples& examples,
                   xt::xtensor<float, 2>& out, InputPath input, std::size_t* dead_units) {
  predict_any(model, examples, out, input, dead_units);
}

void predict_proba(const Mlp<double>& model, const datasets::Examples& examples,
                   xt::xtensor<float, 2>& out, InputPath input, std::size_t* dead_units) {
  predict_any(model, examples, out, input, dead_units);
}

}  // namespace rwwce::models
