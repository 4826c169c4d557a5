"""pair_up at scale: 5,000 / 10,000 / 20,000 people, uniform and structured float32 scores.

Run: ``python benchmarks/bench_peer_large.py [--quick] [--sizes 2500,5000] [--kinds uniform]``.

Two kinds of symmetric score matrix (:func:`scores`, built in place, block by block):

* ``uniform``: independent uniform random scores (easy: the LP bound is nearly tight).
* ``structured``: scores built like the real scoring, a few categorical / ordinal traits
  (department of 12, location of 6, level 0-5, topic of 20) weighted and summed where people
  match (level: by closeness), plus noise of 0.05 from a hash of the pair (symmetric by
  construction). Many near-ties and block structure: people alike on every trait form odd
  groups, which is where the double-cover LP bound is loose.

Each size runs in a fresh process (peak RSS is that process's: the float32 matrix itself is
4 n^2 bytes, 1.6 GB at 20,000) with a time limit (``--timeout``, 180 s), warms the kernels up on
a small case, then times ``pair_up`` (symmetry check, candidate scan, LP with dual check on the
full matrix, Edmonds' method on the candidates with its dual checked on the full matrix). Below ``peers.LARGE_N`` pair_up would take the exact
blossom path; it is forced onto the bounded path here. The bounded path is timed alone (the
exact-path fallback for a gap above 0.1 % is switched off: ``peers.EXACT_MAX = 0``). Columns:
kind, people, seconds, peak RSS MB, pairs, total, proven upper bound, gap = (bound - total) /
bound, target (< 60 s and gap <= 0.1 %).
"""
from __future__ import annotations

import os
import subprocess
import sys

import numpy as np

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
KINDS = ("uniform", "structured")


def _mix(x):
    """splitmix64's finaliser on a uint64 array (a hash: uniform bits from a pair's index)."""
    x = (x ^ (x >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
    x = (x ^ (x >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
    return x ^ (x >> np.uint64(31))


def scores(n: int, kind: str = "structured", seed: int = 7, dtype=np.float32,
           noise: float = 0.05, block: int = 1024) -> np.ndarray:
    """A symmetric ``n x n`` score matrix of the given ``kind`` (see the module doc); the
    diagonal is whatever the formula gives (pair_up ignores it)."""
    if kind not in KINDS:
        raise ValueError(f"kind must be one of {KINDS}; got {kind!r}")
    rng = np.random.default_rng(seed)
    S = np.empty((n, n), dtype)
    if kind == "uniform":
        S[:] = rng.random((n, n), dtype=np.float32)
        for i0 in range(0, n, block):           # symmetric in place: mirror the upper triangle
            i1 = min(i0 + block, n)
            blk = S[i0:i1, i0:i1]
            S[i0:i1, i0:i1] = np.triu(blk) + np.triu(blk, 1).T
            S[i1:, i0:i1] = S[i0:i1, i1:].T
        return S
    dept, loc = rng.integers(0, 12, n), rng.integers(0, 6, n)
    level, topic = rng.integers(0, 6, n), rng.integers(0, 20, n)
    j = np.arange(n, dtype=np.uint64)
    salt = np.uint64((seed * 0x9E3779B97F4A7C15) % 2 ** 64)
    with np.errstate(over="ignore"):
        for i0 in range(0, n, block):
            i1 = min(i0 + block, n)
            i = np.arange(i0, i1, dtype=np.uint64)[:, None]
            lo, hi = np.minimum(i, j), np.maximum(i, j)
            u = (_mix(lo * np.uint64(n) + hi + salt) >> np.uint64(11)).astype(np.float64) / 2.0 ** 53
            S[i0:i1] = (3.0 * (dept[i0:i1, None] == dept) + 2.0 * (loc[i0:i1, None] == loc)
                        + 1.5 * (1 - np.abs(level[i0:i1, None] - level) / 5.0)
                        + 1.0 * (topic[i0:i1, None] == topic) + noise * u)
    return S


CHILD = """
import resource, sys, time, numpy as np
sys.path.insert(0, {root!r}); sys.path.insert(0, {here!r})
from workbench.matching import pair_up, peers
from bench_peer_large import scores
n = {n}
S = scores(n, {kind!r})
W = np.random.default_rng(0).random((60, 60)); pair_up((W + W.T) / 2); pair_up(((W + W.T) / 2).astype(np.float32))
peers.LARGE_N = min(peers.LARGE_N, n)
peers.EXACT_MAX = 0
t = time.perf_counter(); res = pair_up(S); dt = time.perf_counter() - t
print(dt, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, res.matched, res.total,
      res.upper_bound, res.gap)
"""


def run(n: int, kind: str = "uniform", timeout: float = 180.0):
    """``[seconds, peak RSS MB, pairs, total, bound, gap]`` of pair_up on ``n`` people of
    ``kind`` in a fresh process, or None when it ran past ``timeout`` seconds."""
    code = CHILD.format(root=ROOT, here=os.path.dirname(os.path.abspath(__file__)), n=n, kind=kind)
    try:
        out = subprocess.run([sys.executable, "-W", "ignore", "-c", code], capture_output=True,
                             text=True, check=True, timeout=timeout).stdout.split()
    except subprocess.TimeoutExpired:
        return None
    return [float(x) for x in out]


def main():
    sizes = [5000] if "--quick" in sys.argv else [5000, 10000, 20000]
    if "--sizes" in sys.argv:
        sizes = [int(x) for x in sys.argv[sys.argv.index("--sizes") + 1].split(",")]
    kinds = KINDS
    if "--kinds" in sys.argv:
        kinds = tuple(sys.argv[sys.argv.index("--kinds") + 1].split(","))
    timeout = float(sys.argv[sys.argv.index("--timeout") + 1]) if "--timeout" in sys.argv else 180.0
    print(f"{'kind':>10} {'people':>7} {'s':>7} {'peak MB':>8} {'pairs':>6} {'total':>12} {'bound':>12}"
          f" {'gap':>9}  target")
    for kind in kinds:
        for n in sizes:
            got = run(n, kind, timeout)
            if got is None:
                print(f"{kind:>10} {n:>7} {'>' + str(int(timeout)):>7} {'':>8} {'':>6} {'':>12} {'':>12}"
                      f" {'':>9}  < 60 s, gap <= 0.1 %  MISSED (time limit)", flush=True)
                continue
            t, rss, pairs, total, bound, gap = got
            ok = t < 60 and gap <= 1e-3
            print(f"{kind:>10} {n:>7} {t:7.2f} {rss:8.0f} {int(pairs):>6} {total:12.4f} {bound:12.4f}"
                  f" {gap:9.2e}  < 60 s, gap <= 0.1 %{'  ok' if ok else '  MISSED'}", flush=True)


if __name__ == "__main__":
    main()
