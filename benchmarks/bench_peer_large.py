"""pair_up at scale: 2,500 / 5,000 / 10,000 / 20,000 people (uniform random symmetric float32).

Run: ``python benchmarks/bench_peer_large.py [--quick] [--sizes 2500,5000]``. Each size runs in
a fresh process (peak RSS is that process's: the float32 matrix itself is 4 n^2 bytes, 1.6 GB at
20,000), which builds the symmetric matrix in place, warms the kernels up on a small case, then
times ``pair_up`` (symmetry check, candidate scan, LP with dual check on the full matrix,
rounding). From ``peers.LARGE_N`` people ``pair_up`` takes the bounded path; below it the exact
blossom path, forced here onto the bounded path too so both can be compared (``exact s``: the
exact path, 2,500 only). Columns: people, seconds, peak RSS MB, pairs, total, proven upper
bound, gap = (bound - total) / bound, target (< 60 s and gap <= 0.1 %).
"""
from __future__ import annotations

import os
import subprocess
import sys

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")

CHILD = """
import resource, sys, time, numpy as np
sys.path.insert(0, {root!r})
from workbench.matching import pair_up, peers
n = {n}
rng = np.random.default_rng(7)
S = rng.random((n, n), dtype=np.float32)
b = 1024
for i0 in range(0, n, b):                    # symmetric in place: mirror the upper triangle
    i1 = min(i0 + b, n)
    blk = S[i0:i1, i0:i1]
    S[i0:i1, i0:i1] = np.triu(blk) + np.triu(blk, 1).T
    S[i1:, i0:i1] = S[i0:i1, i1:].T
W = rng.random((60, 60)); pair_up((W + W.T) / 2); pair_up(((W + W.T) / 2).astype(np.float32))
peers.LARGE_N = min(peers.LARGE_N, n)
t = time.perf_counter(); res = pair_up(S); dt = time.perf_counter() - t
ex = float("nan")
if {exact}:
    peers.LARGE_N = 10 ** 9
    t = time.perf_counter(); ref = pair_up(S); ex = time.perf_counter() - t
    assert ref.matched == res.matched and ref.total <= res.upper_bound + 1e-6 and res.total <= ref.total + 1e-6
print(dt, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, res.matched, res.total,
      res.upper_bound, res.gap, ex)
"""


def run(n: int, exact: bool = False):
    out = subprocess.run([sys.executable, "-c", CHILD.format(root=ROOT, n=n, exact=exact)],
                         capture_output=True, text=True, check=True).stdout.split()
    return [float(x) for x in out]


def main():
    sizes = [2500, 5000] if "--quick" in sys.argv else [2500, 5000, 10000, 20000]
    if "--sizes" in sys.argv:
        sizes = [int(x) for x in sys.argv[sys.argv.index("--sizes") + 1].split(",")]
    print(f"{'people':>7} {'s':>7} {'peak MB':>8} {'pairs':>6} {'total':>12} {'bound':>12} {'gap':>9}"
          f" {'exact s':>8}  target")
    for n in sizes:
        t, rss, pairs, total, bound, gap, ex = run(n, exact=(n == 2500))
        ok = t < 60 and gap <= 1e-3
        print(f"{n:>7} {t:7.2f} {rss:8.0f} {int(pairs):>6} {total:12.4f} {bound:12.4f} {gap:9.2e}"
              f" {ex:8.2f}  < 60 s, gap <= 0.1 %{'  ok' if ok else '  MISSED'}", flush=True)


if __name__ == "__main__":
    main()
