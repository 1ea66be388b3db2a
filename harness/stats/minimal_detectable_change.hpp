#pragma once
#include <cstddef>

namespace rwwce::harness {

enum class TestSides { one_sided, two_sided };

// The minimal detectable change of a paired t-test: the smallest true mean shift (beyond the
// null value, in the units of the differences) that the test of n pairs detects with
// probability `power` at level `alpha`, taking the observed sd of the differences as the true
// one. With T' noncentral t (df = n - 1, noncentrality lambda) and c the critical value,
//   one-sided: power(lambda) = P(T' > t_{1 - alpha, n-1})
//   two-sided: power(lambda) = P(T' > t_{1 - alpha/2, n-1}) + P(T' < -t_{1 - alpha/2, n-1}),
// lambda* solves power(lambda*) = power (Boost.Math's non_central_t, TOMS 748 root finding to
// ~1e-13 relative), and the change is lambda* sd / sqrt(n). Reference: scipy 1.10.1
//   brentq(lambda l: nct.sf(t.isf(alpha, n-1), n-1, l) - power, 0, 1000)   (one-sided)
// agrees to ~1e-10 (scipy's t.isf is that far off); mpmath at 30 digits agrees to ~1e-13.
// - n < 2 or a non-finite sd: NaN (no test). sd == 0: 0 (any shift gives an infinite t).
// - alpha or power outside (0, 1), power <= alpha (the one-sided power at lambda = 0 is alpha
//   already), or sd < 0: InputError.
double minimal_detectable_change(std::size_t n, double sd, double alpha, double power,
                                 TestSides sides);

}  // namespace rwwce::harness
