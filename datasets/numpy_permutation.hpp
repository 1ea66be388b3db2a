#pragma once
#include <cstddef>
#include <cstdint>
#include <vector>

namespace rwwce::datasets {

// Exactly NumPy's legacy `numpy.random.RandomState(seed).permutation(n)` (docs/protocol.md,
// section 'Splits'): MT19937 seeded by init_genrand(seed) (= std::mt19937(seed)), then for
// i = n-1 .. 1 a draw j uniform in [0, i] by masked rejection on 32-bit words, swap p[i], p[j].
// n must be < 2^32 (NumPy switches to 64-bit draws beyond that); throws InputError otherwise.
std::vector<std::uint32_t> numpy_legacy_permutation(std::size_t n, std::uint32_t seed);

}  // namespace rwwce::datasets
