#pragma once
// Builds a loss from what a study states about it. The registry is AnyLoss's list of
// alternatives (any_loss.hpp): each names itself by kKind and says whether it is binary.
#include <string>
#include <vector>

#include "models/any_loss.hpp"
#include "models/loss_settings.hpp"

namespace rwwce::models {

// The alternative of AnyLoss whose kKind is settings.kind and whose arity matches
// context.classes (1: binary; K >= 2: categorical), built by its from_settings. InputError for
// an unknown kind (listing the known ones), a kind that exists only for the other arity, or
// bad settings.
AnyLoss make_loss(const LossSettings& settings, const LossContext& context);

// Every loss kind, each as "kind (binary)" or "kind (categorical)", in registry order.
std::vector<std::string> loss_kinds();

}  // namespace rwwce::models
