"""Matching modes (issue 35): shortlists, the trade-off frontier, hybrid stable with capacities.

Goals: shortlists for 5,000 mentees x 1,000 mentors under 2 s; a 10-point frontier (2 objectives
x 5 minimum scores, each an exact solve) for 500 x 110 under 3 s; stable with capacities from
ranked preferences for 2,500 x 500 under 0.5 s (each side proposing). Scores are "shared taste"
(everyone rates the same few mentors highly) with a rule mask, as a program passes them; the
simulated random-order picks of the shortlists are printed with their spread beside the
assigned optimum. Times are the median of warm runs (compiled kernels cached), wall and CPU (the
CPU time is what the code costs when the machine is shared).
Run: python benchmarks/bench_modes.py [--quick]
"""
import statistics
import sys
import time

import numpy as np
import pandas as pd

from workbench.matching import assign
from workbench.matching.modes import frontier, shortlists, simulate_picks, stable_ranked


def shared_taste(n, m, seed=0):
    rng = np.random.default_rng(seed)
    appeal = rng.random(m) ** 3
    S = 0.7 * appeal[None, :] + 0.3 * rng.random((n, m))
    allowed = rng.random((n, m)) < 0.8
    return pd.DataFrame(S, index=[f"e{i}" for i in range(n)], columns=[f"r{j}" for j in range(m)]), \
        pd.DataFrame(allowed, index=[f"e{i}" for i in range(n)], columns=[f"r{j}" for j in range(m)])


class Took(float):
    """A median wall time that also prints the median CPU time of this process (on a shared
    machine the wall time includes waiting for a core)."""
    cpu = 0.0

    def __format__(self, spec):
        return f"{float(self):{spec}} s wall, {self.cpu:{spec}} s CPU"


def timed(fn, repeats):
    fn()   # warm: compile and caches
    wall, cpu = [], []
    for _ in range(repeats):
        t, c = time.perf_counter(), time.process_time()
        fn()
        wall.append(time.perf_counter() - t)
        cpu.append(time.process_time() - c)
    out = Took(statistics.median(wall))
    out.cpu = statistics.median(cpu)
    return out


def main(quick=False):
    import os
    reps = 1 if quick else 3
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    S, A = shared_taste(5000, 1000)
    t = timed(lambda: shortlists(S, k=3, capacity=6, allowed=A), reps)
    lists = shortlists(S, k=3, capacity=6, allowed=A)
    per = lists.pairs["mentor"].value_counts()
    print(f"shortlists 5,000 x 1,000 (k=3, capacity 6, mask): {t:.2f} (goal < 2 s); "
          f"{lists.pairs['mentee'].nunique():,} mentees with a list, a mentor on at most {per.max()} lists")
    if not quick:
        best = assign(S, capacity=6, allowed=A).matched
        sim = simulate_picks(lists.pairs, pd.Series(6, index=S.columns), mentees=S.index, runs=100)
        print(f"  random-order picks (100 orders): {sim['mean']:,.0f} matched (sd {sim['sd']:.1f}, "
              f"5-95 % {sim['low']:,.0f}-{sim['high']:,.0f}) against the assigned optimum {best:,}")

    S, A = shared_taste(500, 110, seed=1)
    t = timed(lambda: frontier(S, capacity=5, allowed=A, points=5), reps)
    fr = frontier(S, capacity=5, allowed=A, points=5)
    print(f"frontier 500 x 110, {len(fr)} points (exact at each): {t:.2f} (goal < 3 s); "
          f"{int(fr['efficient'].sum())} efficient")

    rng = np.random.default_rng(2)
    S, A = shared_taste(2500, 500, seed=2)
    Q = pd.DataFrame(rng.random(S.shape), index=S.index, columns=S.columns)
    for side in ("mentees", "mentors"):
        t = timed(lambda: stable_ranked(S, Q, capacity=5, allowed=A, proposing=side), max(reps, 3))
        res = stable_ranked(S, Q, capacity=5, allowed=A, proposing=side)
        print(f"hybrid stable 2,500 x 500, capacity 5, {side} proposing: {t:.3f} (goal < 0.5 s); "
              f"{res.matched:,} matched")


if __name__ == "__main__":
    main(quick="--quick" in sys.argv)
