"""Mentoring circles: split people into groups of about ``size`` maximizing within-circle score."""
from __future__ import annotations

import numpy as np


def circle_sizes(n: int, size: int) -> list[int]:
    """Group sizes within size ± 1 that add up to n (as many full circles as possible)."""
    if n == 0:
        return []
    def split(k):
        base, extra = divmod(n, k)
        return [base + 1] * extra + [base] * (k - extra)
    for k in sorted(range(1, n + 1), key=lambda k: abs(k - n / size)):
        if all(size - 1 <= s <= size + 1 for s in split(k)):
            return split(k)
    return split(max(1, round(n / size)))  # too few people for a full circle: one smaller circle


def within(W: np.ndarray, groups: list[list[int]]) -> float:
    return float(sum(W[np.ix_(g, g)].sum() / 2 for g in groups))


def upper_bound(W: np.ndarray, sizes: list[int]) -> float:
    """Each person can gain at most its (largest size − 1) best scores; each pair counts twice."""
    k = max(sizes) - 1
    top = -np.sort(-W, axis=1)[:, :k]
    return float(np.clip(top, 0, None).sum() / 2) if k > 0 else 0.0


def greedy_then_swaps(W: np.ndarray, sizes: list[int], rounds: int = 20, seed: int = 0):
    """Seed circles greedily (strongest remaining person pulls in best partners), then improve by
    swapping people between circles while any swap raises the total."""
    n = W.shape[0]
    left = set(range(n))
    groups = []
    for s in sorted(sizes, reverse=True):
        first = max(left, key=lambda i: W[i, list(left - {i})].sum() if len(left) > 1 else 0)
        g = [first]
        left.remove(first)
        while len(g) < s:
            nxt = max(left, key=lambda i: W[i, g].sum())
            g.append(nxt)
            left.remove(nxt)
        groups.append(g)
    for _ in range(rounds):
        improved = False
        for a in range(len(groups)):
            for b in range(a + 1, len(groups)):
                for ia, x in enumerate(groups[a]):
                    for ib, y in enumerate(groups[b]):
                        ga = [p for p in groups[a] if p != x]
                        gb = [p for p in groups[b] if p != y]
                        gain = (W[y, ga].sum() + W[x, gb].sum()) - (W[x, ga].sum() + W[y, gb].sum())
                        if gain > 1e-12:
                            groups[a][ia], groups[b][ib] = y, x
                            x = y
                            improved = True
        if not improved:
            break
    return groups
