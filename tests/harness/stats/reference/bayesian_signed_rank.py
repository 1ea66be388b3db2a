#!/usr/bin/python3
"""NumPy reference for harness/stats/bayesian_signed_rank (Debian 12: numpy 1.24.2, scipy 1.10.1;
run with /usr/bin/python3). baycomp is not installable here; this re-states the algorithm of
baycomp's SignedRankTest.sample and Posterior.probs (baycomp/multiple.py, janezd/baycomp) with
plain outer products, as the C++ must reproduce it:

  z = [0, y1 - x1, ..., yn - xn]          the pseudo-observation at 0 comes first
  weights = [prior, 1, ..., 1]            prior = 0.5 is baycomp's default
  for each of nsamples Dirichlet(weights) draws w:
      left  = sum_ij w_i w_j H(-(z_i + z_j) - 2 rope)
      right = sum_ij w_i w_j H( (z_i + z_j) - 2 rope)       H(0) = 1/2, H(>0) = 1, H(<0) = 0
      rope  = 1 - left - right            (rope = 0: right as above, left = 1 - right, rope 0)
  P(left), P(rope), P(right) = how often each of the three is the largest (np.argmax: ties go
  to the first of left, rope, right).

So "left" is y - x < -rope: the FIRST sample (x) is larger by more than the rope.

Monte Carlo tolerance: each probability is a frequency over nsamples independent draws, so its
standard error is sqrt(p (1 - p) / nsamples). The golden values below use 400,000 draws (seed
1); the C++ test uses its default 50,000 from another stream; the difference has SD
sqrt(p (1 - p) (1/50000 + 1/400000)) <= 0.0024, and the test allows 5 of those.
"""
import numpy as np
from scipy import stats


def masses(z, w, rope):
    """left, rope, right posterior masses of one weight vector w over z (pseudo-obs included)."""
    sums = z[:, None] + z[None, :]
    heaviside = lambda a, t: (a > t) + 0.5 * (a == t)
    ww = np.outer(w, w)
    right = np.sum(ww * heaviside(sums, 2 * rope))
    if rope > 0:
        left = np.sum(ww * heaviside(-sums, 2 * rope))
        return left, 1 - left - right, right
    return 1 - right, 0.0, right


def signed_rank(x, y, rope=0.0, prior=0.5, nsamples=50000, seed=1, chunk=20000):
    z = np.hstack(([0.0], np.asarray(y, float) - np.asarray(x, float)))
    weights = np.ones(len(z))
    weights[0] = prior
    rs = np.random.RandomState(seed)
    sums = z[:, None] + z[None, :]
    above = (sums > 2 * rope) + 0.5 * (sums == 2 * rope)
    below = (-sums > 2 * rope) + 0.5 * (-sums == 2 * rope)
    counts = np.zeros(3)
    done = 0
    while done < nsamples:
        m = min(chunk, nsamples - done)
        w = rs.dirichlet(weights, m)  # (m, n + 1)
        right = np.einsum('si,ij,sj->s', w, above, w)
        if rope > 0:
            left = np.einsum('si,ij,sj->s', w, below, w)
            samples = np.stack([left, 1 - left - right, right], axis=1)
        else:
            samples = np.stack([1 - right, np.zeros(m), right], axis=1)
        counts += np.bincount(np.argmax(samples, axis=1), minlength=3)
        done += m
    return counts / nsamples


# The test's data: ten paired scores; y - x is mostly positive, some inside a rope of 0.5.
X = np.array([3.1, 2.4, 5.0, 4.2, 3.3, 2.9, 4.8, 3.7, 2.2, 4.0])
Y = np.array([3.9, 2.5, 5.9, 4.0, 4.6, 3.1, 5.2, 4.9, 2.1, 4.7])

if __name__ == '__main__':
    print('y - x =', Y - X)
    for rope in (0.5, 0.0, 0.2):
        print('rope', rope, 'P(left, rope, right) =',
              [repr(p) for p in signed_rank(X, Y, rope, nsamples=400_000, seed=1)])
    print('prior 2, rope 0.5:',
          [repr(p) for p in signed_rank(X, Y, 0.5, prior=2.0, nsamples=400_000, seed=1)])
    # Exact masses of one fixed weight vector (no Monte Carlo): w_i proportional to i + 1.
    z = np.hstack(([0.0], Y - X))
    w = np.arange(1.0, len(z) + 1.0)
    w /= w.sum()
    for rope in (0.5, 0.0, 0.2):
        print('masses, w ~ 1..11, rope', rope, [repr(float(m)) for m in masses(z, w, rope)])
    # Limit: every difference beyond 2 rope on the right. Only pairs with the pseudo-observation
    # (0, 0) fall in the rope, mass w0^2, so right wins iff w0 < 1/sqrt(2), w0 ~ Beta(prior, n).
    for n in (2, 3):
        print('far right, n =', n, 'P(right) = beta.cdf(1/sqrt(2), 0.5, n) =',
              repr(stats.beta.cdf(1 / np.sqrt(2), 0.5, n)))
