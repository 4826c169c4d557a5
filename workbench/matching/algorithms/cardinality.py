"""Maximum cardinality of a capacitated bipartite matching, and the "fair" (bottleneck) optimum.

``fair``: the most rows matched, then the highest lowest matched score, then the highest
total. The lowest score is found by binary search over the distinct usable scores: the
highest threshold ``t`` at which the pairs scoring ``>= t`` still give the maximum
cardinality; the total is then maximized (exactly) among those pairs.
"""
from __future__ import annotations

import numpy as np

from .._jit import njit
from .transport import _add, _slots, max_total


@njit
def _max_cardinality(W, cap, t):
    """Size of a maximum matching using only pairs with ``W >= t`` (NaN never), BFS augmenting."""
    n, m = W.shape
    start, members, cnt, pos, row_to = _slots(cap, n)
    size = 0
    free = np.empty(n, np.int64)
    nfree = 0
    for i in range(n):  # greedy: the first usable mentor with room
        for j in range(m):
            if W[i, j] >= t and cnt[j] < cap[j]:
                _add(i, j, members, start, cnt, pos)
                row_to[i] = j
                size += 1
                break
        if row_to[i] < 0:
            free[nfree] = i
            nfree += 1
    seen = np.zeros(m, np.bool_)
    pred = np.empty(m, np.int64)
    queue = np.empty(n, np.int64)
    touched = np.empty(m, np.int64)
    for f in range(nfree):
        i0 = free[f]
        head = 0
        tail = 1
        queue[0] = i0
        nt = 0
        sink = -1
        while head < tail and sink < 0:
            r = queue[head]
            head += 1
            for j in range(m):
                if seen[j] or not (W[r, j] >= t):
                    continue
                seen[j] = True
                touched[nt] = j
                nt += 1
                pred[j] = r
                if cnt[j] < cap[j]:
                    sink = j
                    break
                for q in range(cnt[j]):
                    queue[tail] = members[start[j] + q]
                    tail += 1
        for q in range(nt):
            seen[touched[q]] = False
        if sink < 0:
            continue  # no augmenting path now means none ever (Berge): stays unmatched
        j = sink
        while j >= 0:
            r = pred[j]
            old = row_to[r]
            if old >= 0:  # move r from old to j
                p = pos[r]
                last = members[start[old] + cnt[old] - 1]
                members[start[old] + p] = last
                pos[last] = p
                cnt[old] -= 1
            _add(r, j, members, start, cnt, pos)
            row_to[r] = j
            j = old
        size += 1
    return size


def max_cardinality(W: np.ndarray, cap: np.ndarray, threshold: float = -np.inf) -> int:
    """Largest number of rows matchable using pairs scoring at least ``threshold``.

    >>> max_cardinality(np.array([[1.0, np.nan], [1.0, np.nan]]), np.array([1, 1]))
    1
    """
    W = np.ascontiguousarray(W, dtype=np.float64)
    cap = np.minimum(np.asarray(cap, dtype=np.int64), W.shape[0])
    if W.size == 0:
        return 0
    return int(_max_cardinality(W, cap, float(threshold)))


def max_fair(W: np.ndarray, cap: np.ndarray):
    """Most rows matched, then the highest lowest score, then the highest total (exact).

    Returns ``(rows, cols)``.

    >>> r, c = max_fair(np.array([[1.0, 0.0], [0.9, 0.0]]), np.array([1, 1]))
    >>> sorted(zip(r.tolist(), c.tolist()))
    [(0, 0), (1, 1)]
    """
    W = np.ascontiguousarray(W, dtype=np.float64)
    cap = np.minimum(np.asarray(cap, dtype=np.int64), W.shape[0])
    best = max_cardinality(W, cap)
    if best == 0:
        return np.zeros(0, np.int64), np.zeros(0, np.int64)
    # the lowest matched score is at most every matched row's best score: prune candidates
    values = W[~np.isnan(W)]
    row_best = np.sort(np.nanmax(np.where(np.isnan(W), -np.inf, W), axis=1))[::-1]
    ceiling = row_best[best - 1]  # some matched row has its best score at most this
    values = np.unique(values[values <= ceiling])
    lo, hi = 0, len(values) - 1  # values[lo] always keeps the maximum cardinality
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if max_cardinality(W, cap, values[mid]) == best:
            lo = mid
        else:
            hi = mid - 1
    return max_total(np.where(W >= values[lo], W, np.nan), cap)
