"""Circles: split people into groups of about ``size`` maximizing the within-group score.

Greedy seeding (a circle grows around the strongest remaining person by its best-fitting
people), then local search over single moves (between circles whose sizes allow it) and
swaps, until no move improves. The bound: person ``i`` can collect at most its
``largest size - 1`` best positive scores; every pair counts for two people.
"""
from __future__ import annotations

import numpy as np

from .._jit import njit


def circle_sizes(n: int, size: int) -> list[int]:
    """Group sizes within ``size ± 1`` adding up to ``n`` (closest to ``n / size`` circles);
    a single smaller circle when there are too few people.

    >>> circle_sizes(10, 3), circle_sizes(2, 4)
    ([4, 3, 3], [2])
    """
    if n == 0:
        return []

    def split(k):
        base, extra = divmod(n, k)
        return [base + 1] * extra + [base] * (k - extra)

    for k in sorted(range(1, n + 1), key=lambda k: (abs(k - n / size), k)):
        if all(size - 1 <= s <= size + 1 for s in split(k)):
            return split(k)
    return split(max(1, round(n / size)))


def within(W: np.ndarray, groups) -> float:
    """Total score inside the groups, each pair once."""
    return float(sum(W[np.ix_(g, g)].sum() / 2 for g in groups))


def upper_bound(W: np.ndarray, sizes) -> float:
    """No split into circles of at most ``max(sizes)`` people can score more than this."""
    k = max(sizes) - 1
    if k <= 0:
        return 0.0
    V = np.where(np.eye(len(W), dtype=bool), -np.inf, W)
    top = -np.partition(-V, k - 1, axis=1)[:, :k] if k < len(W) else V
    return float(np.clip(top, 0, None).sum() / 2)


@njit
def _best_left(values, left):
    """Position of the highest value among those still ``left`` (the first on ties; -1 if none)."""
    best, at = -np.inf, -1
    for i in range(values.shape[0]):
        if left[i] and values[i] > best:
            best, at = values[i], i
    return at


@njit
def _seed(W, sizes):
    n = W.shape[0]
    label = np.full(n, -1, np.int64)
    left = np.ones(n, np.bool_)
    strength = np.zeros(n)
    for i in range(n):
        for j in range(n):
            strength[i] += W[i, j]
    fit = np.zeros(n)
    for g in range(len(sizes)):
        first = _best_left(strength, left)
        label[first] = g
        left[first] = False
        for i in range(n):
            fit[i] = W[i, first]
        for _ in range(sizes[g] - 1):
            nxt = _best_left(fit, left)
            label[nxt] = g
            left[nxt] = False
            for i in range(n):
                fit[i] += W[i, nxt]
        for i in range(n):
            strength[i] -= W[i, first]
    return label


@njit
def _local_search(W, label, lo, hi, k, rounds):
    n = W.shape[0]
    G = np.zeros((n, k))          # G[x, g]: x's summed score with circle g
    size = np.zeros(k, np.int64)
    for x in range(n):
        size[label[x]] += 1
        for y in range(n):
            G[x, label[y]] += W[x, y]
    for _ in range(rounds):
        improved = False
        for x in range(n):
            a = label[x]
            # best single move, if sizes allow
            if size[a] > lo:
                bg = 1e-12
                bb = -1
                for b in range(k):
                    if b != a and size[b] < hi:
                        gain = G[x, b] - G[x, a]
                        if gain > bg:
                            bg = gain
                            bb = b
                if bb >= 0:
                    for y in range(n):
                        G[y, a] -= W[y, x]
                        G[y, bb] += W[y, x]
                    size[a] -= 1
                    size[bb] += 1
                    label[x] = bb
                    improved = True
                    continue
            # best swap with someone in another circle
            bg = 1e-12
            by = -1
            for y in range(n):
                b = label[y]
                if b == a:
                    continue
                gain = G[x, b] - G[x, a] + G[y, a] - G[y, b] - 2.0 * W[x, y]
                if gain > bg:
                    bg = gain
                    by = y
            if by >= 0:
                b = label[by]
                for z in range(n):
                    G[z, a] += W[z, by] - W[z, x]
                    G[z, b] += W[z, x] - W[z, by]
                label[x] = b
                label[by] = a
                improved = True
        if not improved:
            break
    return label


def improve(W: np.ndarray, sizes, rounds: int = 50, seed: int = 0):
    """Groups (lists of positions) for the given sizes: greedy seed, then moves and swaps.

    >>> improve(np.kron(np.eye(2), np.ones((2, 2))), [2, 2])
    [[0, 1], [2, 3]]
    """
    W = np.ascontiguousarray(W, dtype=np.float64)
    W = W.copy()
    np.fill_diagonal(W, 0.0)
    sz = np.asarray(sizes, np.int64)
    label = _seed(W, sz)
    lo, hi = int(sz.min()), int(sz.max())
    if len(sz) > 1:
        label = _local_search(W, label, lo, hi, len(sz), int(rounds))
    return [sorted(np.flatnonzero(label == g).tolist()) for g in range(len(sz))]
