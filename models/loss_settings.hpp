#pragma once
// The settings a study states for one loss, read without knowing which loss it is, and what the
// run supplies besides (the task's width, the study's costs, the loss mode). Every loss in
// models/ reads its own keys from them in a static `from_settings`; loss_registry.hpp finds the
// loss by its `kKind` name.
#include <cstddef>
#include <initializer_list>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "core/input_error.hpp"
#include "models/loss_mode.hpp"

namespace rwwce::models {

struct LossSettings {
  std::string kind;                                  // e.g. "weighted_bce"
  std::map<std::string, double> numbers;             // e.g. pos_weight = 20
  std::map<std::string, std::vector<double>> lists;  // e.g. class_weight; matrices row-major

  // The number `key`, or `fallback` when absent.
  double number(const std::string& key, double fallback) const {
    const auto it = numbers.find(key);
    return it == numbers.end() ? fallback : it->second;
  }
  // The number `key`, else `fallback` if it has a value, else an InputError saying the loss
  // needs it (`where` says where else it could come from, e.g. "[costs]").
  double number(const std::string& key, const std::optional<double>& fallback,
                const char* where) const {
    const auto it = numbers.find(key);
    if (it != numbers.end()) return it->second;
    if (fallback) return *fallback;
    throw InputError("loss " + kind + ": needs " + key + "; give it in the loss (" + key +
                     " = ...) or in " + where);
  }
  // Throws InputError naming the first key that is not one of `keys`, with the valid ones.
  void allow_only(std::initializer_list<const char*> keys) const {
    const auto known = [&](const std::string& k) {
      for (const char* allowed : keys)
        if (k == allowed) return true;
      return false;
    };
    std::string valid;
    for (const char* allowed : keys) valid += (valid.empty() ? "" : ", ") + std::string(allowed);
    if (valid.empty()) valid = "none";
    for (const auto& [k, v] : numbers)
      if (!known(k))
        throw InputError("loss " + kind + ": unknown key '" + k + "'; valid keys: kind, " + valid);
    for (const auto& [k, v] : lists)
      if (!known(k))
        throw InputError("loss " + kind + ": unknown key '" + k + "'; valid keys: kind, " + valid);
  }
};

namespace detail {
// A setting in a description: the shortest text that reads back to the same double.
inline std::string number_text(double v) {
  return fmt::format("{}", v);
}
// A K x K matrix compactly: "I(K)", "0(K)", or its nonzero entries "{[i][j]=v, ...}".
inline std::string describe_matrix(const std::vector<double>& m, std::size_t K) {
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
}  // namespace detail

// What the run supplies to a loss besides its own settings.
struct LossContext {
  LossMode mode = LossMode::keras_clip;
  std::size_t classes = 1;  // 1: a binary model (one logit); K >= 2: K softmax outputs
  // The study's binary error costs ([costs] w_fn, w_fp), when it states them.
  std::optional<double> w_fn, w_fp;
  // The study's K x K weights ([costs] w_fn, w_fp matrices, or a high-cost pair's), row-major.
  const std::vector<double>* w_fn_matrix = nullptr;
  const std::vector<double>* w_fp_matrix = nullptr;
};

}  // namespace rwwce::models
