// Micro-benchmark: single-threaded training throughput per architecture, beside this machine's
// single-thread SGEMM rate at the same shapes (the same GEMM calls a training step makes, with
// nothing else); then the sparse first layer (models/sparse_input.hpp) against the dense one on
// real MNIST ($RWWCE_DATA), and a density sweep on synthetic inputs that places the automatic
// switch (models::kSparseDensityThreshold). Prints figures; asserts nothing.
// Usage: bench_models [epochs]
#include <fmt/core.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <random>
#include <string>
#include <vector>

#include "core/portable_random.hpp"
#include "datasets/mnist.hpp"
#include "models/blas.hpp"
#include "models/train.hpp"

using namespace rwwce;
using Clock = std::chrono::steady_clock;

namespace {

double seconds_since(Clock::time_point t0) {
  return std::chrono::duration<double>(Clock::now() - t0).count();
}

// GEMM FLOPs of one training step per sample: forward and dW for every layer, dx for all but
// the first.
double flops_per_sample(const std::vector<std::size_t>& s) {
  double f = 0;
  for (std::size_t l = 0; l + 1 < s.size(); ++l) f += 2.0 * s[l] * s[l + 1] * (l == 0 ? 2 : 3);
  return f;
}

// The same GEMMs a step makes, alone, timed over `reps` steps.
double sgemm_gflops(const std::vector<std::size_t>& s, std::size_t batch, int reps) {
  std::vector<std::vector<float>> act, w;
  for (std::size_t l = 0; l < s.size(); ++l) act.emplace_back(batch * s[l], 0.5f);
  for (std::size_t l = 0; l + 1 < s.size(); ++l) w.emplace_back(s[l] * s[l + 1], 0.01f);
  std::vector<std::vector<float>> dw = w, delta = act;
  const auto t0 = Clock::now();
  for (int r = 0; r < reps; ++r)
    for (std::size_t l = 0; l + 1 < s.size(); ++l)
      models::gemm(false, false, batch, s[l + 1], s[l], 1.0f, act[l].data(), s[l], w[l].data(),
                   s[l + 1], 0.0f, act[l + 1].data(), s[l + 1]);
  for (int r = 0; r < reps; ++r)
    for (std::size_t l = s.size() - 1; l-- > 0;) {
      models::gemm(true, false, s[l], s[l + 1], batch, 1.0f, act[l].data(), s[l],
                   delta[l + 1].data(), s[l + 1], 1.0f, dw[l].data(), s[l + 1]);
      if (l > 0)
        models::gemm(false, true, batch, s[l], s[l + 1], 1.0f, delta[l + 1].data(), s[l + 1],
                     w[l].data(), s[l + 1], 0.0f, delta[l].data(), s[l]);
    }
  return flops_per_sample(s) * static_cast<double>(batch) * reps / seconds_since(t0) / 1e9;
}

std::string arch_name(const std::vector<std::size_t>& sizes) {
  std::string name;
  for (std::size_t i = 0; i < sizes.size(); ++i) name += (i ? "-" : "") + std::to_string(sizes[i]);
  return name;
}

// Seconds to train a fresh model on `fit` through the given first-layer path.
double time_training(const std::vector<std::size_t>& sizes, const datasets::Examples& fit,
                     models::InputPath path, int epochs) {
  std::mt19937_64 engine(1);
  models::Mlp<float> model = models::make_mlp(sizes, engine);
  const models::AnyLoss loss = sizes.back() == 1
                                   ? models::AnyLoss(models::BinaryCrossEntropy{})
                                   : models::AnyLoss(models::CategoricalCrossEntropy{});
  models::TrainConfig cfg{epochs, 100, true, path};
  const auto t0 = Clock::now();
  models::train(model, loss, models::AdamConfig{}, fit, nullptr, cfg, engine);
  return seconds_since(t0);
}

// FLOPs per training sample counting only the first layer's nonzero work (forward and dW, 2
// per multiply-add each) plus the dense GEMMs of the other layers.
double sparse_flops_per_sample(const std::vector<std::size_t>& s, double nnz_per_row) {
  std::vector<std::size_t> rest(s.begin() + 1, s.end());
  return 2.0 * nnz_per_row * s[1] * 2 + (rest.size() > 1 ? flops_per_sample(rest) : 0.0) +
         2.0 * s[1] * s[2] * (s.size() > 2 ? 1 : 0);  // the second layer's dx, back into layer 1
}

void sparse_on_mnist(int epochs) {
  datasets::Mnist mnist;
  const auto t_load = Clock::now();
  try {
    mnist = datasets::load_mnist(datasets::default_data_dir());
  } catch (const std::exception& e) {
    fmt::print(stderr, "skipping the MNIST figures: {}\n", e.what());
    return;
  }
  const double load_s = seconds_since(t_load);
  datasets::fill_dense(mnist);  // for the dense path and the to_csr timing
  const auto t_csr = Clock::now();
  const datasets::CsrMatrix again = datasets::to_csr(mnist.x.data(), 70000, 784);
  const double csr_s = seconds_since(t_csr);
  const std::size_t n = 43000;  // about a Table I fit split
  datasets::Examples fit;
  fit.source = mnist.x.data();
  fit.dim = 784;
  fit.sparse = &mnist.csr;
  for (std::uint32_t i = 0; i < n; ++i) {
    fit.rows.push_back(i);
    fit.labels.push_back(mnist.y[i]);
  }
  const double nnz_row = datasets::density_of_rows(mnist.csr, fit.rows.data(), n) * 784;
  fmt::print(
      "\nreal MNIST, first {} images ({:.1f} nonzeros per row, {:.1f}%), {} epochs, batch 100\n"
      "load_mnist {:.3f} s, of which to_csr {:.3f} s\n",
      n, nnz_row, 100.0 * nnz_row / 784, epochs, load_s, csr_s);
  fmt::print("{:<14} {:>7} {:>11} {:>13} {:>11} {:>15}\n", "arch", "path", "samples/s",
             "s/(430k smp)", "GF/s (nz)", "dense-eq GF/s");
  for (const std::vector<std::size_t>& sizes :
       {std::vector<std::size_t>{784, 10, 1}, std::vector<std::size_t>{784, 50, 20, 10}}) {
    for (const auto path : {models::InputPath::dense, models::InputPath::sparse}) {
      if (sizes.back() > 1)
        for (std::size_t i = 0; i < n; ++i) fit.labels[i] = mnist.y[i];
      else
        for (std::size_t i = 0; i < n; ++i) fit.labels[i] = mnist.y[i] == 3;
      const double secs = time_training(sizes, fit, path, epochs);
      const double sps = static_cast<double>(n) * epochs / secs;
      const bool sparse = path == models::InputPath::sparse;
      const double work =
          sparse ? sparse_flops_per_sample(sizes, nnz_row) : flops_per_sample(sizes);
      fmt::print("{:<14} {:>7} {:>11.0f} {:>13.3f} {:>11.2f} {:>15.2f}\n", arch_name(sizes),
                 sparse ? "sparse" : "dense", sps, 430000.0 / sps, sps * work / 1e9,
                 sps * flops_per_sample(sizes) / 1e9);
    }
  }
}

// Synthetic (n, 784) inputs with the given fraction of nonzeros, dense vs sparse per density.
void density_sweep(int epochs) {
  const std::size_t n = 10000, dim = 784;
  fmt::print("\ndensity sweep, synthetic {} x {} inputs, {} epochs: samples/s dense | sparse\n", n,
             dim, epochs);
  fmt::print("{:>8} {:>22} {:>22}\n", "density", "784-10-1", "784-50-20-10");
  std::vector<float> source(n * dim);
  for (const double density : {0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.8, 1.0}) {
    std::mt19937_64 engine(2);
    for (auto& v : source)
      v = rwwce::uniform01(engine) < density ? static_cast<float>(rwwce::uniform01(engine)) : 0;
    const datasets::CsrMatrix csr = datasets::to_csr(source.data(), n, dim);
    datasets::Examples fit;
    fit.source = source.data();
    fit.dim = dim;
    fit.sparse = &csr;
    for (std::uint32_t i = 0; i < n; ++i) {
      fit.rows.push_back(i);
      fit.labels.push_back(static_cast<std::uint8_t>(i % 2));
    }
    fmt::print("{:>8.2f}", csr.density());
    for (const std::vector<std::size_t>& sizes :
         {std::vector<std::size_t>{784, 10, 1}, std::vector<std::size_t>{784, 50, 20, 10}}) {
      const double d = time_training(sizes, fit, models::InputPath::dense, epochs);
      const double s = time_training(sizes, fit, models::InputPath::sparse, epochs);
      const double total = static_cast<double>(n) * epochs;
      fmt::print(" {:>10.0f} | {:>9.0f}", total / d, total / s);
    }
    fmt::print("\n");
  }
}

}  // namespace

int main(int argc, char** argv) {
  models::use_single_threaded_blas();
  const int epochs = argc > 1 ? std::atoi(argv[1]) : 3;
  const std::size_t n = 20000, batch = 100;
  fmt::print("single-threaded training, batch {}, {} samples x {} epochs, Adam, keras_clip loss\n",
             batch, n, epochs);
  fmt::print("{:<14} {:>12} {:>12} {:>12} {:>8}\n", "arch", "samples/s", "train GF/s", "SGEMM GF/s",
             "ratio");
  const std::vector<std::vector<std::size_t>> archs = {{784, 10, 1}, {784, 50, 20, 10}, {30, 1}};
  for (const auto& sizes : archs) {
    std::mt19937_64 engine(1);
    const std::size_t dim = sizes[0], k = sizes.back();
    std::vector<float> source(n * dim);  // (n, dim) synthetic features in [0, 1)
    for (auto& v : source) v = static_cast<float>(rwwce::uniform01(engine));
    datasets::Examples fit;
    fit.source = source.data();
    fit.dim = dim;
    for (std::uint32_t i = 0; i < n; ++i) {
      fit.rows.push_back(i);
      fit.labels.push_back(static_cast<std::uint8_t>(rwwce::uniform_index(k == 1 ? 2 : k, engine)));
    }
    models::Mlp<float> model = models::make_mlp(sizes, engine);
    const models::AnyLoss loss = k == 1 ? models::AnyLoss(models::BinaryCrossEntropy{})
                                        : models::AnyLoss(models::CategoricalCrossEntropy{});
    const auto t0 = Clock::now();
    models::train(model, loss, models::AdamConfig{}, fit, nullptr, {epochs, batch, true}, engine);
    const double secs = seconds_since(t0);
    const double sps = static_cast<double>(n) * epochs / secs;
    const double gf = sps * flops_per_sample(sizes) / 1e9;
    const double ref = sgemm_gflops(sizes, batch, static_cast<int>(n / batch) * epochs);
    fmt::print("{:<14} {:>12.0f} {:>12.2f} {:>12.2f} {:>7.0f}%\n", arch_name(sizes), sps, gf, ref,
               100.0 * gf / ref);
  }
  sparse_on_mnist(epochs);
  density_sweep(std::max(1, epochs / 3));
  return 0;
}
