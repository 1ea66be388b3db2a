#!/usr/bin/python3
"""References for tests/harness/stats/{minimal_detectable_change,non_inferiority}_test.cpp
(Debian 12: scipy 1.10.1, numpy 1.24.2, mpmath 1.2.1; run with /usr/bin/python3, ~7 s).

The noncentrality lambda* at which a paired t-test of df = n - 1 reaches power 0.8, two ways:
  lam_sp: scipy, brentq(lambda l: nct.sf(t.isf(alpha, df), df, l) - 0.8, 0, 1000) (one-sided;
          two-sided adds nct.cdf(-t.isf(alpha/2, df), df, l)); scipy's t.isf is off by up to
          ~1e-9 relative for small df, so this agrees with the exact value to ~1e-10;
  lam_mp: mpmath at 30 digits: t quantile by root of the regularized incomplete beta, noncentral
          t tail as E_V[Phi(lambda - t sqrt(V/df))] over V ~ chi2(df) by quadrature.
Then the non_inferiority test's data: ttest_1samp(w, popmean=delta, alternative='greater').
"""
import mpmath, numpy as np
from scipy import stats, optimize
mpmath.mp.dps = 30
def t_isf(a, df):
    f = lambda q: mpmath.betainc(mpmath.mpf(df)/2, mpmath.mpf(1)/2, 0, df/(df+q*q), regularized=True)/2 - a
    return mpmath.findroot(f, stats.t.isf(float(a), df))
def nct_sf(t, df, lam):
    # P(T' > t), T' = (Z + lam) / sqrt(V/df), V ~ chi2(df): E_V[ P(Z > t sqrt(V/df) - lam) ]
    df = mpmath.mpf(df)
    dens = lambda v: v**(df/2-1)*mpmath.exp(-v/2)/(2**(df/2)*mpmath.gamma(df/2))
    g = lambda v: dens(v) * mpmath.ncdf(lam - t*mpmath.sqrt(v/df))
    return mpmath.quad(g, [0, df, 4*df, mpmath.inf])
def nct_cdf_neg(t, df, lam):  # P(T' < -t)
    df = mpmath.mpf(df)
    dens = lambda v: v**(df/2-1)*mpmath.exp(-v/2)/(2**(df/2)*mpmath.gamma(df/2))
    g = lambda v: dens(v) * mpmath.ncdf(-t*mpmath.sqrt(v/df) - lam)
    return mpmath.quad(g, [0, df, 4*df, mpmath.inf])
def lam_mp(df, alpha, power, two):
    a = mpmath.mpf(alpha)/2 if two else mpmath.mpf(alpha)
    tc = t_isf(a, df)
    f = (lambda l: nct_sf(tc, df, l) + nct_cdf_neg(tc, df, l) - power) if two else (lambda l: nct_sf(tc, df, l) - power)
    return mpmath.findroot(f, lam_sp(df, alpha, power, two))
def lam_sp(df, alpha, power, two):
    if two:
        tc = stats.t.isf(alpha/2, df)
        f = lambda l: stats.nct.sf(tc, df, l) + stats.nct.cdf(-tc, df, l) - power
    else:
        tc = stats.t.isf(alpha, df)
        f = lambda l: stats.nct.sf(tc, df, l) - power
    return optimize.brentq(f, 0, 1000, xtol=1e-14)
for df, alpha, two in [(9, 0.05, False), (9, 0.05, True), (4, 0.01, False), (99, 0.01, True), (1, 0.05, False), (5, 0.01, True)]:
    ls = lam_sp(df, alpha, 0.8, two)
    lm = lam_mp(df, alpha, mpmath.mpf('0.8'), two)
    print(df, alpha, 'two' if two else 'one', repr(ls), mpmath.nstr(lm, 20))
print('---')
b = np.array([2.10, 1.85, 2.40, 2.05, 1.95, 2.30, 2.15, 2.00])
c = np.array([2.31, 1.98, 2.52, 2.33, 2.01, 2.49, 2.22, 2.19])
w = c - b
print('w', w, repr(w.mean()), repr(w.std(ddof=1)))
r = stats.ttest_1samp(w, popmean=0.1, alternative='greater'); print('higher', repr(r.statistic), repr(r.pvalue))
lm = lam_mp(7, 0.05, mpmath.mpf('0.8'), False); ls = lam_sp(7, 0.05, 0.8, False)
print('lam df7 a.05', mpmath.nstr(lm, 20), repr(ls))
print('mdw', mpmath.nstr(0.1 + lm * mpmath.mpf(w.std(ddof=1)) / mpmath.sqrt(8), 20), repr(0.1 + ls*w.std(ddof=1)/np.sqrt(8)))
# lower is worse (auc): w = b - c
ba = np.array([0.95, 0.91, 0.97, 0.93, 0.96]); ca = np.array([0.93, 0.90, 0.94, 0.93, 0.92])
wa = ba - ca
r = stats.ttest_1samp(wa, popmean=0.005, alternative='greater'); print('lower', wa, repr(r.statistic), repr(r.pvalue))
lm = lam_mp(4, 0.01, mpmath.mpf('0.8'), False)
print('mdw auc', mpmath.nstr(0.005 + lm * mpmath.mpf(wa.std(ddof=1)) / mpmath.sqrt(5), 20))
