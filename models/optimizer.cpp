#include "models/optimizer.hpp"

#include <fmt/format.h>

namespace rwwce::models {

std::string describe(const OptimizerConfig& opt) {
  if (const auto* a = std::get_if<AdamConfig>(&opt))
    return fmt::format("adam(lr={}, beta1={}, beta2={}, epsilon={})", a->learning_rate, a->beta1,
                       a->beta2, a->epsilon);
  const auto& s = std::get<SgdConfig>(opt);
  return fmt::format("sgd(lr={}, momentum=0)", s.learning_rate);
}

}  // namespace rwwce::models
