#pragma once
#include <vector>

namespace rwwce::harness {

// Holm's step-down adjustment, = statsmodels.stats.multitest.multipletests(p, method='holm')
// [1]: with the m p-values sorted ascending, adjusted_(k) = min(1, max_{j <= k} (m - j) p_(j))
// (0-based k), returned in the input order.
// NaN p-values (an undefined test, e.g. a t-test on identical samples) are left NaN and are
// not counted in m; statsmodels has no rule for NaN. A p-value outside [0, 1] is an
// InputError.
std::vector<double> holm_adjust(const std::vector<double>& p);

}  // namespace rwwce::harness
