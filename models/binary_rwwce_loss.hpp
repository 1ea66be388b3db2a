#pragma once
#include <cstddef>
#include <cstdint>
#include <string>
#include <utility>

#include "models/log_loss_kernels.hpp"
#include "models/loss_mode.hpp"
#include "models/loss_settings.hpp"

namespace rwwce::models {

// Binary Real-World-Weight Cross-Entropy (docs/protocol.md, section 'Losses'):
// l = -(w_fn * y log p + w_fp * (1-y) log(1-p)), weights not normalised.
// Reduction: mean over the m examples.
struct BinaryRwwce {
  double w_fn = 1.0;  // marginal cost of a false negative
  double w_fp = 1.0;  // marginal cost of a false positive
  LossMode mode = LossMode::keras_clip;

  static constexpr const char* kKind = "rwwce";  // its name in a study file
  static constexpr bool kBinary = true;          // one logit (else K softmax outputs)
  static BinaryRwwce from_settings(const LossSettings& s, const LossContext& ctx) {
    s.allow_only({"w_fn", "w_fp"});
    return {s.number("w_fn", ctx.w_fn, "[costs] (w_fn)"),
            s.number("w_fp", ctx.w_fp, "[costs] (w_fp)"), ctx.mode};
  }
  std::string describe() const {
    return "rwwce(w_fn=" + detail::number_text(w_fn) + ", w_fp=" + detail::number_text(w_fp) +
           "; mode=" + mode_name(mode) + ")";
  }

  template <class T>
  double value_and_gradient(const T* logits, const std::uint8_t* labels, std::size_t batch,
                            std::size_t k, T* grad) const {
    check_binary("binary_rwwce", labels, batch, k);
    if (batch == 0) return 0.0;
    const double fn = w_fn, fp = w_fp;
    auto coef = [fn, fp](std::uint8_t y) {
      return std::pair<double, double>(fn * y, fp * (1.0 - y));
    };
    return detail::binary_log_loss(logits, labels, batch, mode, coef, 1.0 / batch, grad);
  }
};

}  // namespace rwwce::models
