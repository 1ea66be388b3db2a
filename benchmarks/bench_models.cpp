// Micro-benchmark: single-threaded training throughput per architecture, beside this machine's
// single-thread SGEMM rate at the same shapes (the same GEMM calls a training step makes, with
// nothing else). Prints figures; asserts nothing. Usage: bench_models [epochs]
#include <fmt/core.h>

#include <chrono>
#include <cstdlib>
#include <random>
#include <vector>

#include "models/blas.hpp"
#include "models/portable_random.hpp"
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
    for (auto& v : source) v = static_cast<float>(models::uniform01(engine));
    datasets::Examples fit;
    fit.source = source.data();
    fit.dim = dim;
    for (std::uint32_t i = 0; i < n; ++i) {
      fit.rows.push_back(i);
      fit.labels.push_back(
          static_cast<std::uint8_t>(models::uniform_index(k == 1 ? 2 : k, engine)));
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
    std::string name;
    for (std::size_t i = 0; i < sizes.size(); ++i)
      name += (i ? "-" : "") + std::to_string(sizes[i]);
    fmt::print("{:<14} {:>12.0f} {:>12.2f} {:>12.2f} {:>7.0f}%\n", name, sps, gf, ref,
               100.0 * gf / ref);
  }
  return 0;
}
