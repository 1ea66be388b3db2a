#include "experiments/shard.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cstdlib>

#include "core/input_error.hpp"

namespace rwwce::experiments {

std::string Shard::text() const {
  return fmt::format("{}/{}", index, count);
}

std::vector<std::size_t> Shard::positions(std::size_t n) const {
  std::vector<std::size_t> out;
  for (std::size_t i = index; i < n; i += count) out.push_back(i);
  return out;
}

Shard parse_shard(const std::string& text) {
  const auto slash = text.find('/');
  const auto digits = [](const std::string& s) {
    return !s.empty() && s.size() < 10 && std::all_of(s.begin(), s.end(), ::isdigit);
  };
  if (slash == std::string::npos || !digits(text.substr(0, slash)) ||
      !digits(text.substr(slash + 1)))
    throw InputError(fmt::format("--shard {}: expected K/N with 0 <= K < N, e.g. 0/3", text));
  Shard s;
  s.index = std::stoul(text.substr(0, slash));
  s.count = std::stoul(text.substr(slash + 1));
  if (s.count == 0 || s.index >= s.count)
    throw InputError(fmt::format("--shard {}: expected K/N with 0 <= K < N, e.g. 0/3", text));
  return s;
}

Shard resolve_shard(const std::string& text) {
  if (!text.empty()) return parse_shard(text);
  const char* id = std::getenv("SLURM_ARRAY_TASK_ID");
  const char* count = std::getenv("SLURM_ARRAY_TASK_COUNT");
  if (id == nullptr || count == nullptr) return {};
  const char* min = std::getenv("SLURM_ARRAY_TASK_MIN");
  const auto number = [](const char* name, const char* value) -> long {
    const std::string v = value;
    if (v.empty() || v.size() > 9 || !std::all_of(v.begin(), v.end(), ::isdigit))
      throw InputError(fmt::format("{}={}: expected a non-negative integer", name, v));
    return std::stol(v);
  };
  const long k =
      number("SLURM_ARRAY_TASK_ID", id) - (min ? number("SLURM_ARRAY_TASK_MIN", min) : 0);
  const long n = number("SLURM_ARRAY_TASK_COUNT", count);
  if (k < 0 || n <= 0 || k >= n)
    throw InputError(fmt::format(
        "SLURM_ARRAY_TASK_ID={} (minus SLURM_ARRAY_TASK_MIN={}) is not a shard of "
        "SLURM_ARRAY_TASK_COUNT={}; use a contiguous array such as --array=0-{} or pass --shard",
        id, min ? min : "0", count, n > 0 ? n - 1 : 0));
  return {static_cast<std::size_t>(k), static_cast<std::size_t>(n)};
}

}  // namespace rwwce::experiments
