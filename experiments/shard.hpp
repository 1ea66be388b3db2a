#pragma once
// One machine's share of a run: `--shard K/N`, or the SLURM job array's task.
#include <cstddef>
#include <string>
#include <vector>

namespace rwwce::experiments {

// Index K of count N (0 <= K < N); 0/1 is the whole run.
struct Shard {
  std::size_t index = 0, count = 1;
  std::string text() const;  // "K/N"
  // The positions i of `n` tasks this shard runs: i % N == K.
  std::vector<std::size_t> positions(std::size_t n) const;
};

// Parses "K/N"; InputError saying what was expected otherwise.
Shard parse_shard(const std::string& text);

// `text` when given, else the SLURM job array (K = SLURM_ARRAY_TASK_ID - SLURM_ARRAY_TASK_MIN,
// N = SLURM_ARRAY_TASK_COUNT) when both are set, else 0/1.
Shard resolve_shard(const std::string& text);

}  // namespace rwwce::experiments
