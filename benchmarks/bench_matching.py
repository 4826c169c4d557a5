"""Matching engine against the references people use, side by side, in one run.

Run: ``python benchmarks/bench_matching.py [--quick] [--peer-large] [--program-scale] [--enterprise]``
(``--program-scale``: ``assign`` as a program calls it, DataFrame + mask + min_score, uniform and
shared-taste scores at 20,000 x 4,000; ``--enterprise``: also 50,000 x 10,000 at capacity 5,
those program rows at 50,000 x 10,000 too, and the 20,000-people peer rows). Uniform random scores (seeded), sized
for a 2-core machine; the full run takes a few minutes, ``--quick`` seconds. Compiled
kernels are warmed up once first (numba caches them on disk, so only a fresh checkout pays
the compile). Columns: case, ours (s), reference (s), ratio ours/reference, target, and the
peak memory of ours (tracemalloc of the call; the 10k x 2k case: peak RSS of a fresh
process that builds the matrix and solves; so does the many-spare-places row, 6,000 x 2,000
shared taste at 10,000 places: 1.35 s and 273 MB measured under load 9-12, 124.7 s before).
"""
from __future__ import annotations

import os
import subprocess
import sys
import time
import tracemalloc

import numpy as np
from scipy.optimize import linear_sum_assignment

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from workbench.matching import assign, circles, pair_up, stable, suggest  # noqa: E402

QUICK = "--quick" in sys.argv
ENTERPRISE = "--enterprise" in sys.argv   # 50,000 x 10,000 capacity 5 (~10 s, ~2.5 GB RAM) + peer rows
PEER_LARGE = ENTERPRISE or "--peer-large" in sys.argv   # the 20,000-people peer rows (~45 s, ~3.3 GB)
PROGRAM_SCALE = ENTERPRISE or "--program-scale" in sys.argv   # bench_program_scale's rows (~1 min; 6 GB at 50k)


def timed(fn, *a, trace=True, **k):
    if trace:
        tracemalloc.start()
    t0 = time.perf_counter()
    out = fn(*a, **k)
    dt = time.perf_counter() - t0
    peak = tracemalloc.get_traced_memory()[1] / 1e6 if trace else float("nan")
    if trace:
        tracemalloc.stop()
    return dt, peak, out


def row(case, ours, ref, target, peak, ok=None):
    ratio = f"{ours / ref:.2f}x" if ref else "-"
    refs = f"{ref:8.3f}" if ref else "       -"
    verdict = "" if ok is None else ("  ok" if ok else "  MISSED")
    print(f"{case:<52} {ours:8.3f} {refs} {ratio:>7}  {target:<24} {peak:8.0f}{verdict}", flush=True)


def warm_up():
    rng = np.random.default_rng(1)
    S = rng.random((30, 6))
    S[0, 0] = np.nan
    assign(S, capacity=5), assign(S, capacity=5, objective="fair"), stable(S, S, capacity=5)
    W = rng.random((12, 12))
    pair_up((W + W.T) / 2), circles((W + W.T) / 2, 3), suggest(S)
    from workbench.matching.algorithms.peer_large import pair_large
    W = rng.random((60, 60))
    pair_large((W + W.T) / 2), pair_large(((W + W.T) / 2).astype(np.float32))


_RSS_CHILD = """
import resource, sys, time, numpy as np
sys.path.insert(0, {root!r})
from workbench.matching import assign
assign(np.random.default_rng(1).random((30, 6)), capacity=5)
S = np.random.default_rng(2).random(({n}, {m}))
t = time.perf_counter(); res = assign(S, capacity={cap}); dt = time.perf_counter() - t
print(dt, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, len(res))
"""


def main():
    rng = np.random.default_rng(0)
    warm_up()
    print(f"{'case':<52} {'ours s':>8} {'ref s':>8} {'ratio':>7}  {'target':<24} {'peak MB':>8}")

    # 1. one-to-one, square, everything allowed
    n = 600 if QUICK else 2500
    S = rng.random((n, n))
    ref = timed(linear_sum_assignment, S, maximize=True, trace=False)[0]
    t, peak, res = timed(assign, S)
    row(f"one-to-one {n}x{n} (ref: scipy LSA)", t, ref, "<= 1.2x LSA", peak, t <= 1.2 * ref)

    # 2. capacity 5, against LSA on the mentor columns repeated five times
    n, m, cap = (1000, 200, 5) if QUICK else (5000, 1000, 5)
    S = rng.random((n, m))
    ref_t, _, (r, c) = timed(linear_sum_assignment, np.repeat(S, cap, axis=1), maximize=True, trace=False)
    t, peak, res = timed(assign, S, capacity=cap)
    same = np.isclose(res["score"].sum(), np.repeat(S, cap, axis=1)[r, c].sum())
    row(f"capacity {cap}, {n}x{m} (ref: LSA on repeated cols)", t, ref_t, "<= 0.5x ref", peak,
        t <= 0.5 * ref_t and same)
    t, peak, res = timed(assign, S, capacity=cap, objective="fair")
    row("  same, objective='fair'", t, ref_t, "(info)", peak)
    S2 = S.copy()
    S2[rng.random(S.shape) < 0.2] = np.nan
    t, peak, res = timed(assign, S2, capacity=cap)
    row("  same, 20% of pairs not allowed (NaN)", t, None, "(info)", peak)

    # 3. 10k x 2k, capacity 5: time and peak memory of a fresh process
    n, m, cap = (2000, 400, 5) if QUICK else (10000, 2000, 5)
    root = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
    out = subprocess.run([sys.executable, "-c", _RSS_CHILD.format(root=root, n=n, m=m, cap=cap)],
                         capture_output=True, text=True, check=True).stdout.split()
    t, rss = float(out[0]), float(out[1])
    row(f"capacity {cap}, {n}x{m} (peak = process RSS)", t, None, "< 5 s, < 1 GB", rss,
        t < 5 and rss < 1024)

    # 3b. many spare places, shared taste (3 mentees for 5 places; fresh process, peak RSS): the
    # dummy mentee's units; 124.7 s (49 s of CPU) in the lexicographic rounds before
    from bench_large_assignment import run as run_large
    n, m = (1200, 400) if QUICK else (6000, 2000)
    t, _, rss, rounds, _, gap, _ = run_large(n, m, shared=True)
    row(f"capacity 5, {n}x{m} shared taste, {5 * m} places", t, None, "< 5 s, gap 0", rss,
        t < 5 and abs(gap) <= 1e-9)

    # 4. stable matching
    n, m = (500, 100) if QUICK else (2500, 500)
    P, Q = rng.random((n, m)), rng.random((n, m))
    t, peak, _ = timed(stable, P, Q, capacity=5)
    row(f"stable {n}x{m}, capacity 5", t, None, "< 0.5 s", peak, t < 0.5)

    # 5. peer mentoring, exact general matching (from 1,000 people: peer_large, proven optimal)
    n = 200 if QUICK else 1000
    W = rng.random((n, n))
    W = (W + W.T) / 2
    t, peak, res = timed(pair_up, W)
    try:
        import rustworkx as rx
        iu, ju = np.triu_indices(n, 1)
        t0 = time.perf_counter()
        G = rx.PyGraph()
        G.add_nodes_from(range(n))
        G.add_edges_from(list(zip(iu.tolist(), ju.tolist(), np.round(W[iu, ju] * 2 ** 40).astype(np.int64).tolist())))
        ref_m = rx.max_weight_matching(G, max_cardinality=True, weight_fn=lambda w: w)
        ref = time.perf_counter() - t0
        same = len(ref_m) == len(res) and np.isclose(sum(W[a, b] for a, b in ref_m), res["score"].sum())
    except ImportError:
        ref, same = None, None
    row(f"peer {n} people (ref: rustworkx, incl. graph build)", t, ref, "<= rustworkx", peak,
        None if ref is None else (t <= ref and same))

    # 6. re-match after one weight change
    n, m = 500, 100
    S = rng.random((n, m))
    assign(S, capacity=5)
    times = []
    for k in range(21):
        S[rng.integers(n), rng.integers(m)] = rng.random()
        times.append(timed(assign, S, capacity=5, trace=False)[0])
    med = float(np.median(times))
    row(f"re-match after one weight change {n}x{m}, cap 5 (median)", med, None, "< 0.1 s", float("nan"), med < 0.1)

    # 7. the rest, for information
    n, m = (1000, 200) if QUICK else (5000, 1000)
    S = rng.random((n, m))
    t, peak, _ = timed(suggest, S, k=3, capacity=5, taken=rng.integers(0, 6, m))
    row(f"suggest top-3 {n}x{m}", t, None, "(info)", peak)
    n = 120 if QUICK else 600
    W = rng.random((n, n))
    W = (W + W.T) / 2
    t, peak, res = timed(circles, W, 5)
    row(f"circles of 5, {n} people (gap {res.gap:.1%})", t, None, "(info)", peak)

    # 8. exact assignment at enterprise scale (fresh process, peak RSS incl. the input): --enterprise
    if ENTERPRISE:
        dt, _, rss, _, _, gap, _ = run_large(50000, 10000)
        row(f"capacity 5, 50000x10000 float32 (gap {gap:.1e}; peak = RSS)", dt, None,
            "< 60 s, < 4 GB, gap 0", rss, dt < 60 and rss < 4096 and abs(gap) <= 1e-9)

    # 8b. the call a program makes at scale (DataFrame + allowed mask + min_score; fresh process per row)
    if PROGRAM_SCALE:
        import bench_program_scale
        print("  -- assign as a program calls it (bench_program_scale.py): wall s, peak RSS MB, input MB, "
              "matched, gap, rounds", flush=True)
        bench_program_scale.main(enterprise=ENTERPRISE)

    # 9. peer mentoring at 20,000 people (bounded path; fresh process, peak RSS): --peer-large
    if PEER_LARGE:
        from bench_peer_large import run
        for kind in ("uniform", "structured"):
            got = run(20000, kind)
            if got is None:
                print(f"peer 20000 people, {kind}: past the 180 s limit  MISSED", flush=True)
                continue
            t, rss, _, total, bound, gap = got
            row(f"peer 20000 people, {kind} float32 (total {total:.1f}, bound {bound:.1f}, gap {gap:.1e}; "
                "peak = RSS)", t, None,
                "< 60 s, gap <= 0.1 %", rss, t < 60 and gap <= 1e-3)


if __name__ == "__main__":
    main()
