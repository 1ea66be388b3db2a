#pragma once
#include <cstddef>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "core/input_error.hpp"
#include "models/log_loss_kernels.hpp"
#include "models/loss_mode.hpp"
#include "models/loss_settings.hpp"

namespace rwwce::models {

// Categorical Real-World-Weight Cross-Entropy (docs/protocol.md, section 'Losses'), Y one-hot (m,
// K): L = -mean( (Y w_fn) * log(p) + (Y w_fp) * log(1-p) ), so for label y, entry j carries a_j =
// w_fn[y][j] and b_j = w_fp[y][j]. Reduction: mean over the m*K entries (1/K of the usual
// categorical cross-entropy scale).
struct CategoricalRwwce {
  std::size_t classes = 0;   // K
  std::vector<double> w_fn;  // (K, K) row-major: w_fn[true][j] weights log p_j
  std::vector<double> w_fp;  // (K, K) row-major: w_fp[true][j] weights log(1 - p_j)
  LossMode mode = LossMode::keras_clip;

  static constexpr const char* kKind = "rwwce";  // its name in a study file (as the binary one)
  static constexpr bool kBinary = false;         // K softmax outputs
  // w_fn and w_fp as K x K lists (row-major, rows the true class) in the loss, else the
  // study's cost matrices.
  static CategoricalRwwce from_settings(const LossSettings& s, const LossContext& ctx) {
    s.allow_only({"w_fn", "w_fp"});
    const std::size_t K = ctx.classes;
    const auto matrix = [&](const char* key, const std::vector<double>* fallback) {
      const auto it = s.lists.find(key);
      const std::vector<double>* m = it != s.lists.end() ? &it->second : fallback;
      if (m == nullptr)
        throw InputError(std::string("loss rwwce: needs the ") + std::to_string(K) + " x " +
                         std::to_string(K) + " matrix " + key +
                         "; give it in the loss or in [costs]");
      if (m->size() != K * K)
        throw InputError(std::string("loss rwwce: ") + key + " must hold " + std::to_string(K * K) +
                         " numbers (" + std::to_string(K) + " x " + std::to_string(K) +
                         "), found " + std::to_string(m->size()));
      return *m;
    };
    return {K, matrix("w_fn", ctx.w_fn_matrix), matrix("w_fp", ctx.w_fp_matrix), ctx.mode};
  }
  std::string describe() const {
    return "rwwce(w_fn=" + detail::describe_matrix(w_fn, classes) +
           ", w_fp=" + detail::describe_matrix(w_fp, classes) + "; mode=" + mode_name(mode) + ")";
  }

  // The paper's Table II loss: w_fn = identity(K), w_fp zero except w_fp[i][j] = cost.
  static CategoricalRwwce paper(std::size_t K, std::size_t i, std::size_t j, double cost,
                                LossMode mode = LossMode::keras_clip) {
    CategoricalRwwce l{K, std::vector<double>(K * K, 0.0), std::vector<double>(K * K, 0.0), mode};
    for (std::size_t c = 0; c < K; ++c) l.w_fn[c * K + c] = 1.0;
    l.w_fp.at(i * K + j) = cost;
    return l;
  }

  template <class T>
  double value_and_gradient(const T* logits, const std::uint8_t* labels, std::size_t batch,
                            std::size_t k, T* grad) const {
    check_categorical("categorical_rwwce", labels, batch, k);
    if (classes != k || w_fn.size() != k * k || w_fp.size() != k * k)
      throw InputError("categorical_rwwce: expected K = " + std::to_string(k) +
                       " classes with K x K w_fn and w_fp, found K = " + std::to_string(classes) +
                       ", " + std::to_string(w_fn.size()) + " and " + std::to_string(w_fp.size()) +
                       " entries");
    if (batch == 0) return 0.0;
    const double* fn = w_fn.data();
    const double* fp = w_fp.data();
    auto coef = [fn, fp, k](std::uint8_t y, std::size_t j) {
      return std::pair<double, double>(fn[y * k + j], fp[y * k + j]);
    };
    return detail::categorical_log_loss(logits, labels, batch, k, mode, coef,
                                        1.0 / static_cast<double>(batch * k), grad);
  }
};

}  // namespace rwwce::models
