#pragma once
// Re-sampling the fit split of a binary task, the imbalance heuristics a study can compare with
// cost-weighted losses. Both keep the given order of what they keep and are deterministic.
#include <cstddef>
#include <cstdint>
#include <vector>

namespace rwwce::datasets {

// Every position whose label is 1 appears `factor` times: the fit order as given, then
// factor - 1 further copies of the positives, each copy in fit order. factor must be >= 1
// (InputError). labels are the dataset's (indexed by position).
std::vector<std::uint32_t> oversample_positives(const std::vector<std::uint32_t>& fit,
                                                const std::vector<std::uint8_t>& labels,
                                                std::size_t factor);

// All positives and round(keep * n_negatives) of the negatives (at least 1 when there are
// any), in fit order. The negatives kept are the first ones of NumPy's
// RandomState(seed).permutation(n_negatives) over the negatives in fit order, so
// `np.random.RandomState(seed).permutation(n_neg)[:m]` names the same ones. keep in (0, 1]
// (InputError otherwise).
std::vector<std::uint32_t> undersample_negatives(const std::vector<std::uint32_t>& fit,
                                                 const std::vector<std::uint8_t>& labels,
                                                 double keep, std::uint32_t seed);

}  // namespace rwwce::datasets
