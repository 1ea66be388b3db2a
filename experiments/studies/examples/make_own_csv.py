"""Writes own-csv.csv, the small example data set that own-csv.toml runs on.

A synthetic, imbalanced binary problem (about 8% positives): 1200 rows of 6 features; the
label depends on a noisy linear score of the first four features, the last two are noise.
Re-run with `python3 make_own_csv.py` (NumPy's legacy RandomState(7), so the file is exactly
reproducible); the committed file is its output.
"""
import numpy as np

rng = np.random.RandomState(7)
n, d = 1200, 6
x = rng.normal(size=(n, d))
score = 1.5 * x[:, 0] - 1.0 * x[:, 1] + 0.8 * x[:, 2] * x[:, 3] + 0.5 * rng.normal(size=n)
y = (score > np.quantile(score, 0.92)).astype(int)
with open("own-csv.csv", "w") as f:
    f.write(",".join([f"x{j}" for j in range(d)] + ["y"]) + "\n")
    for i in range(n):
        f.write(",".join(f"{v:.5f}" for v in x[i]) + f",{y[i]}\n")
