"""Matching engine against the references people use, side by side (issue 4).

Run: python benchmarks/bench_matching.py [--quick]. Uniform random scores, 2-core machine.
Prints: case, ours (s), reference (s), ratio, target, peak memory of ours (MB, tracemalloc).
"""
import sys
import time
import tracemalloc

import numpy as np
from scipy.optimize import linear_sum_assignment

from workbench.matching import assign, pair_up, stable

QUICK = "--quick" in sys.argv


def timed(fn, *a, **k):
    tracemalloc.start()
    t0 = time.perf_counter()
    out = fn(*a, **k)
    dt = time.perf_counter() - t0
    peak = tracemalloc.get_traced_memory()[1] / 1e6
    tracemalloc.stop()
    return dt, peak, out


def row(case, ours, ref, target, peak):
    ratio = f"{ours / ref:.2f}x" if ref else "-"
    refs = f"{ref:8.2f}" if ref else "       -"
    print(f"{case:<48} {ours:8.2f} {refs} {ratio:>7}  {target:<22} {peak:8.0f}")


def main():
    rng = np.random.default_rng(0)
    print(f"{'case':<48} {'ours s':>8} {'ref s':>8} {'ratio':>7}  {'target':<22} {'peak MB':>8}")
    n = 600 if QUICK else 2500
    S = rng.random((n, n))
    ref = timed(linear_sum_assignment, S, maximize=True)[0]
    t, peak, _ = timed(assign, S)
    row(f"one-to-one {n}x{n} (ref: scipy LSA)", t, ref, "<= 1.2x LSA", peak)

    n, m, cap = (1000, 200, 5) if QUICK else (5000, 1000, 5)
    S = rng.random((n, m))
    ref = timed(linear_sum_assignment, np.repeat(S, cap, axis=1), maximize=True)[0]
    t, peak, _ = timed(assign, S, capacity=cap)
    row(f"capacity {cap}, {n}x{m} (ref: LSA on repeated cols)", t, ref, "<= 0.5x ref", peak)

    n, m = (500, 100) if QUICK else (2500, 500)
    P, Q = rng.random((n, m)), rng.random((n, m))
    t, peak, _ = timed(stable, P, Q, capacity=5)
    row(f"stable {n}x{m}, capacity 5", t, None, "< 0.5 s", peak)

    n = 100 if QUICK else 300
    W = rng.random((n, n))
    W = (W + W.T) / 2
    t, peak, _ = timed(pair_up, W)
    row(f"peer {n} people (networkx blossom)", t, None, "1,000: <= rustworkx", peak)


if __name__ == "__main__":
    main()
