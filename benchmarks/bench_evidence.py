"""Evidence plan (issue 18): does a two-sided 5 % test of two shares have the promised 80 % power
at the minimum detectable difference, and 5 % false positives with no difference?

Simulates, for several baselines and group sizes, programs whose participants' true share is the
baseline plus the MDD (power) or the baseline itself (false positives), and tests with
statsmodels' ``proportions_ztest``. Prints one line per case; ~20 s on two cores.
"""
import time

import numpy as np
from statsmodels.stats.proportion import proportions_ztest

from workbench.evidence import minimum_detectable_difference

REPS = 2000
CASES = [(0.80, 25, 1300), (0.80, 250, 250), (0.70, 500, 434), (0.07, 500, 434), (0.87, 60, 390)]


def rate(rng, p1, p0, n1, n0):
    a = rng.binomial(n1, p1, REPS)
    b = rng.binomial(n0, p0, REPS)
    p = np.array([proportions_ztest([x, y], [n1, n0])[1] if 0 < x + y < n1 + n0 else 1.0
                  for x, y in zip(a, b)])
    return float((p < 0.05).mean())


def main():
    rng = np.random.default_rng(20261201)
    t0 = time.perf_counter()
    print(f"{'baseline':>8} {'n part':>7} {'n comp':>7} {'MDD':>7} {'power':>7} {'false +':>8}")
    for p0, n1, n0 in CASES:
        mdd = minimum_detectable_difference(p0, n1, n0)
        power = rate(rng, p0 + mdd, p0, n1, n0) if mdd is not None else float("nan")
        fp = rate(rng, p0, p0, n1, n0)
        print(f"{p0:8.2f} {n1:7d} {n0:7d} {mdd:7.3f} {power:7.3f} {fp:8.3f}")
    print(f"({REPS} simulated programs per cell, {time.perf_counter() - t0:.1f} s; target power 0.80, false positives 0.05)")


if __name__ == "__main__":
    main()
