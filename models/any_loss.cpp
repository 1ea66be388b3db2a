#include "models/any_loss.hpp"

#include <fmt/format.h>

namespace rwwce::models {
namespace {

// A K x K matrix compactly: "I(K)", "0(K)", or its nonzero entries "{[i][j]=v, ...}".
std::string describe_matrix(const std::vector<double>& m, std::size_t K) {
  bool identity = true, zero = true;
  for (std::size_t i = 0; i < K; ++i)
    for (std::size_t j = 0; j < K; ++j) {
      const double v = m[i * K + j];
      if (v != 0.0) zero = false;
      if (v != (i == j ? 1.0 : 0.0)) identity = false;
    }
  if (identity) return fmt::format("I({})", K);
  if (zero) return fmt::format("0({})", K);
  std::string s = "{";
  for (std::size_t i = 0; i < K; ++i)
    for (std::size_t j = 0; j < K; ++j)
      if (m[i * K + j] != 0.0)
        s += fmt::format("{}[{}][{}]={}", s.size() > 1 ? ", " : "", i, j, m[i * K + j]);
  return s + "}";
}

struct Describe {
  std::string operator()(const BinaryCrossEntropy& l) const {
    return fmt::format("binary_cross_entropy(mode={})", mode_name(l.mode));
  }
  std::string operator()(const WeightedBinaryCrossEntropy& l) const {
    return fmt::format("weighted_binary_cross_entropy(pos_weight={}; mode={})", l.pos_weight,
                       mode_name(l.mode));
  }
  std::string operator()(const BinaryRwwce& l) const {
    return fmt::format("binary_rwwce(w_fn={}, w_fp={}; mode={})", l.w_fn, l.w_fp,
                       mode_name(l.mode));
  }
  std::string operator()(const CategoricalCrossEntropy& l) const {
    return fmt::format("categorical_cross_entropy(mode={})", mode_name(l.mode));
  }
  std::string operator()(const WeightedCategoricalCrossEntropy& l) const {
    return fmt::format("weighted_categorical_cross_entropy(class_weight=[{}]; mode={})",
                       fmt::join(l.class_weight, ", "), mode_name(l.mode));
  }
  std::string operator()(const CategoricalRwwce& l) const {
    return fmt::format("categorical_rwwce(w_fn={}, w_fp={}; mode={})",
                       describe_matrix(l.w_fn, l.classes), describe_matrix(l.w_fp, l.classes),
                       mode_name(l.mode));
  }
  std::string operator()(const SoftmaxBinaryCrossEntropy& l) const {
    return fmt::format("softmax_binary_cross_entropy(mode={})", mode_name(l.mode));
  }
  std::string operator()(const WeightedAbsoluteError& l) const {
    return fmt::format("weighted_absolute_error(c_fn={}, c_fp={}; mode={})", l.c_fn, l.c_fp,
                       l.mode == LossMode::keras_clip ? "keras_unclipped" : "logits");
  }
  std::string operator()(const BinaryFocalLoss& l) const {
    return fmt::format("binary_focal_loss(alpha={}, gamma={}; mode={})", l.alpha, l.gamma,
                       mode_name(l.mode));
  }
  std::string operator()(const CategoricalFocalLoss& l) const {
    return fmt::format("categorical_focal_loss(alpha={}, gamma={}; mode={})", l.alpha, l.gamma,
                       mode_name(l.mode));
  }
};

}  // namespace

std::string describe(const AnyLoss& loss) {
  return std::visit(Describe{}, loss);
}

}  // namespace rwwce::models
