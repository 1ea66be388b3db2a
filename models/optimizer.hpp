#pragma once
// Either optimiser, as a value the harness can hold.
#include <string>
#include <variant>

#include "models/adam.hpp"
#include "models/sgd.hpp"

namespace rwwce::models {

using OptimizerConfig = std::variant<AdamConfig, SgdConfig>;

// e.g. "adam(lr=0.001, beta1=0.9, beta2=0.999, epsilon=1e-07)".
std::string describe(const OptimizerConfig& opt);

}  // namespace rwwce::models
