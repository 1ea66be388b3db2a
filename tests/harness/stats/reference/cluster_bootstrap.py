#!/usr/bin/python3
"""Reference values for tests/harness/stats/cluster_bootstrap_test.cpp (Debian 12: scipy 1.10.1,
numpy 1.24.2; run with /usr/bin/python3).

The C++ bootstrap and scipy use different random streams, so they agree only up to Monte Carlo
error. This script prints
  1. scipy.stats.bootstrap(method='percentile') with B = 1,000,000 resamples (seed 20240607):
     the reference endpoints, their own Monte Carlo error is ~10x smaller than at B = 10,000;
  2. the standard deviation of each endpoint over 200 independent scipy runs at B = 10,000
     (the C++ default): the Monte Carlo spread of a single B = 10,000 interval.
The test's tolerance is 5 of those standard deviations (the reference's own error adds ~1% in
quadrature): a correct implementation fails it with probability ~6e-7 per endpoint, while the
errors it is there to catch move an endpoint by more: the 90% instead of the 95% interval moves
(low, high) by (0.073, 0.127), i.e. 11 and 12 standard deviations.
"""
import numpy as np
from scipy import stats

# The test's fixed sample: 15 per-dataset differences, skewed (two large ones).
D = np.array([0.8, -0.3, 1.1, 0.4, 2.9, -0.7, 0.2, 0.5, 1.6, -0.1, 0.9, 4.2, 0.3, -0.4, 0.6])


def ci(n_resamples, seed, level=0.95):
    r = stats.bootstrap((D,), np.mean, n_resamples=n_resamples, method='percentile',
                        confidence_level=level, random_state=seed, vectorized=True,
                        batch=100000)
    return r.confidence_interval.low, r.confidence_interval.high


if __name__ == '__main__':
    print('mean', repr(D.mean()))
    for level in (0.95, 0.90):
        print(level, 'B=1e6 seed 20240607:', [repr(x) for x in ci(1_000_000, 20240607, level)])
    ends = np.array([ci(10_000, s) for s in range(200)])
    print('sd of (low, high) over 200 seeds at B=1e4:', ends.std(axis=0, ddof=1))
