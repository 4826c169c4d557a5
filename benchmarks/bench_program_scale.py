"""The exact engine at scale through the call a program makes (issue 35 item 5).

Run: ``python benchmarks/bench_program_scale.py [--enterprise] [--dense] [--quick]``.
Each row is one ``assign(scores_frame, capacity=per_mentor, allowed=mask_frame, min_score=...)``
in a fresh process, as ``scoring.match`` calls it: a float64 DataFrame of mentees x mentors (its
block F-ordered, as ``ScoreBreakdown.total`` builds it), a bool DataFrame mask (no pair inside
one of 20 departments, 5 % of pairs), capacities 1 to 9 per mentor (mean 5) and a minimum score.
Two score shapes: ``uniform`` (independent random scores) and ``shared taste`` (0.2 x random + a
popularity per mentor: everyone rates the same few mentors highly). Columns: case, wall time of
the call, peak RSS of the process (input included), the input's size (scores + mask), matched,
the certificate's gap (0 = proven optimal) and the path's rounds.

Default: 10,000 x 2,000 and 20,000 x 4,000. ``--enterprise``: also 50,000 x 10,000 (4 GB of
float64 scores, about 5 GB peak; minutes on 2 cores). ``--dense``: the 20,000 x 4,000 rows on the
dense path too (``LARGE_CELLS`` raised past the size), the route programs took before.
``--quick``: 5,000 x 1,000. ``bench_matching.py --enterprise`` runs this file's rows as well.

Masked problems take the certified path (``bipartite.LARGE_UNUSABLE`` on): unusable pairs are
absent edges, the problem is solved balanced (dummy mentees for the few spare places, or a dummy
mentor for the mentees left over), started from auction prices and proven by the dual
certificate on the full matrix.

Measured 2026-12-07 on the shared 2-core machine (other helpers' work running: times are
upper bounds), load average at the time in the last column:

    case                                   wall s  peak MB  input MB  matched    gap  rounds  load
    10,000 x 2,000 uniform                    2.8      474       172   10,000      0       4  4.6
    10,000 x 2,000 shared taste               2.3      406       172    9,946      0       3  4.6
    20,000 x 4,000 uniform                    7.3      942       687   20,000  4e-12       5  4.0
    20,000 x 4,000 shared taste               5.1      934       687   20,000 -2e-12       3  4.0
    50,000 x 10,000 uniform                 132.0    4,647     4,292   50,000 -7e-12       6  6-8
    50,000 x 10,000 shared taste            187.3    4,617     4,292   49,937  7e-12       5  12-19

Under load 13-17 the first four rows took 5.6, 4.8, 31.6 and 45.6 s. Before (masked problems
on the dense path): 10,000 x 2,000 dense 6.7 s uniform and 427 s shared taste (load ~2); 20,000
x 4,000 uniform dense 75 s / 2,279 MB; the certified path with masks switched on took 16.4 s and
29 s at 10,000 x 2,000, and 20,000 x 4,000 shared taste was unfinished after 35 min, 50,000 x
10,000 uniform after 27 min.
"""
from __future__ import annotations

import os
import subprocess
import sys

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")

_CHILD = """
import resource, sys, time
import numpy as np, pandas as pd
sys.path.insert(0, {root!r})
from workbench.matching import assign, bipartite

def frame(rng, n, m, shared):
    S = rng.random((m, n)).T                        # F-ordered, as a DataFrame's float block
    if shared:
        S *= 0.2
        S += rng.random(m)[None, :]
    return pd.DataFrame(S, index=[f"e{{i}}" for i in range(n)], columns=[f"r{{j}}" for j in range(m)],
                        copy=False)

rng = np.random.default_rng(1)
small = frame(rng, 60, 12, {shared})
bipartite.LARGE_CELLS = 1 if {large_cells} < 10 ** 18 else {large_cells}
assign(small, capacity=5, allowed=small > 0.05, min_score=0.1)       # compiled kernels loaded
bipartite.LARGE_CELLS = {large_cells}
rng = np.random.default_rng({seed})
n, m = {n}, {m}
df = frame(rng, n, m, {shared})
dept_e, dept_r = rng.integers(0, 20, n), rng.integers(0, 20, m)
mask = pd.DataFrame((dept_r[:, None] != dept_e[None, :]).T, index=df.index, columns=df.columns, copy=False)
cap = pd.Series(rng.integers(1, 10, m), index=df.columns)
rounds = []
report = bipartite._progress
def spy(every=5.0):
    log = report(every)
    def both(d):
        rounds.append(d["round"])
        log(d)
    return both
bipartite._progress = spy
import logging
logging.basicConfig(level=logging.INFO, stream=sys.stderr, format="    %(message)s")
t = time.perf_counter()
res = assign(df, capacity=cap, allowed=mask, min_score={floor})
dt = time.perf_counter() - t
print(dt, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, res.matched, repr(float(res.gap if res.gap is not None else float("nan"))), max(rounds or [0]))
"""


def run(n, m, shared=False, dense=False, seed=0, floor=0.1, timeout=3600):
    """``(seconds, peak_rss_mb, matched, gap, rounds)`` of one fresh-process row, or None past ``timeout``."""
    code = _CHILD.format(root=ROOT, n=n, m=m, shared=shared, seed=seed, floor=floor,
                         large_cells=10 ** 18 if dense else min(n * m, 25_000_000))
    try:
        out = subprocess.run([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True, check=True,
                             timeout=timeout)       # the solver's progress log goes straight to stderr
    except subprocess.TimeoutExpired:
        return None
    f = out.stdout.split()
    return float(f[0]), float(f[1]), int(f[2]), float(f[3]), int(f[4])


def row(n, m, shared, dense=False):
    kind = "shared taste" if shared else "uniform"
    path = "dense path" if dense else "certified path"
    got = run(n, m, shared=shared, dense=dense, floor=0.2 if shared else 0.1)
    case = f"{n} x {m} {kind}, DataFrame + mask + min_score ({path})"
    if got is None:
        print(f"{case:<72} past the time limit", flush=True)
        return
    dt, rss, matched, gap, rounds = got
    print(f"{case:<72} {dt:8.1f} {rss:8.0f} {n * m * 9 / 2 ** 20:8.0f} {matched:8d} {gap:9.1e} {rounds:6d}",
          flush=True)


def main(enterprise=False, dense=False, quick=False):
    print(f"{'case':<72} {'wall s':>8} {'peak MB':>8} {'input MB':>8} {'matched':>8} {'gap':>9} {'rounds':>6}",
          flush=True)
    sizes = [(5000, 1000)] if quick else [(10000, 2000), (20000, 4000)] + ([(50000, 10000)] if enterprise else [])
    for n, m in sizes:
        for shared in (False, True):
            row(n, m, shared)
            if dense and n <= 20000:
                row(n, m, shared, dense=True)


if __name__ == "__main__":
    main(enterprise="--enterprise" in sys.argv, dense="--dense" in sys.argv, quick="--quick" in sys.argv)
