#pragma once
#include <cstdint>
#include <string_view>

namespace rwwce::harness {

// splitmix64's finaliser: a bijective mixer with good avalanche (Steele, Lea & Flood 2014).
constexpr std::uint64_t splitmix64(std::uint64_t x) {
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

// FNV-1a of a name, so experiments and arms enter the seed by name, not by position.
constexpr std::uint64_t name_hash(std::string_view name) {
  std::uint64_t h = 0xcbf29ce484222325ULL;
  for (char c : name) {
    h ^= static_cast<unsigned char>(c);
    h *= 0x100000001b3ULL;
  }
  return h;
}

// The seed of one run: a pure function of (root seed, experiment, dataset, arm), so a run's
// results never depend on which thread ran it, on the order runs finished, or on which other
// runs were selected (`--datasets`, `--shard`).
constexpr std::uint64_t derive_seed(std::uint64_t root, std::string_view experiment,
                                    std::string_view dataset, std::string_view arm) {
  std::uint64_t s = splitmix64(root);
  s = splitmix64(s ^ name_hash(experiment));
  s = splitmix64(s ^ name_hash(dataset));
  s = splitmix64(s ^ name_hash(arm));
  return s;
}

}  // namespace rwwce::harness
