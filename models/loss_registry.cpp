#include "models/loss_registry.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <optional>
#include <utility>

namespace rwwce::models {
namespace {

template <std::size_t... I>
std::optional<AnyLoss> find_loss(const LossSettings& s, const LossContext& ctx, bool& other_arity,
                                 std::index_sequence<I...>) {
  std::optional<AnyLoss> out;
  const auto try_one = [&](auto tag) {
    using L = std::variant_alternative_t<decltype(tag)::value, AnyLoss>;
    if (out || s.kind != L::kKind) return;
    if (L::kBinary != (ctx.classes == 1)) {
      other_arity = true;
      return;
    }
    out = L::from_settings(s, ctx);
  };
  (try_one(std::integral_constant<std::size_t, I>{}), ...);
  return out;
}

template <std::size_t... I>
std::vector<std::string> kinds(std::index_sequence<I...>) {
  return {
      fmt::format("{} ({})", std::variant_alternative_t<I, AnyLoss>::kKind,
                  std::variant_alternative_t<I, AnyLoss>::kBinary ? "binary" : "categorical")...};
}

}  // namespace

AnyLoss make_loss(const LossSettings& s, const LossContext& ctx) {
  if (ctx.classes == 0) throw InputError("loss " + s.kind + ": the task has no classes");
  bool other_arity = false;
  auto loss =
      find_loss(s, ctx, other_arity, std::make_index_sequence<std::variant_size_v<AnyLoss>>{});
  if (loss) return std::move(*loss);
  if (other_arity)
    throw InputError(
        fmt::format("loss {}: not available for a {} task; losses for it: {}", s.kind,
                    ctx.classes == 1 ? "binary (one output)" : fmt::format("{}-class", ctx.classes),
                    fmt::join(loss_kinds(), ", ")));
  throw InputError(fmt::format("unknown loss kind '{}'; expected one of: {}", s.kind,
                               fmt::join(loss_kinds(), ", ")));
}

std::vector<std::string> loss_kinds() {
  return kinds(std::make_index_sequence<std::variant_size_v<AnyLoss>>{});
}

}  // namespace rwwce::models
