"""Matching algorithms on plain numpy arrays (no labels, no pandas)."""
from __future__ import annotations

import heapq

import numpy as np
from scipy.optimize import linear_sum_assignment
from scipy.sparse import csr_matrix
from scipy.sparse.csgraph import maximum_bipartite_matching


def _lexicographic_weights(S: np.ndarray, usable: np.ndarray) -> np.ndarray:
    """Weights whose maximum-weight assignment has the most pairs, then the highest total.

    Each usable pair is worth M + (s - min + 1) with M larger than any total of shifted scores,
    so one more pair always beats any score gain; unusable entries are worth 0 (= unmatched).
    """
    if not usable.any():
        return np.zeros_like(S)
    lo, hi = np.nanmin(S[usable]), np.nanmax(S[usable])
    shifted = np.where(usable, S - lo + 1.0, 0.0)
    big = (hi - lo + 1.0) * (min(S.shape) + 1) + 1.0
    return np.where(usable, shifted + big, 0.0)


def max_total(S: np.ndarray, usable: np.ndarray, capacity: np.ndarray):
    """Exact: the most rows matched, then the highest total; column j used at most capacity[j].

    Columns are expanded into capacity slots (only as many slots as rows could use) and solved
    with scipy's linear_sum_assignment (Jonker-Volgenant).
    """
    n = S.shape[0]
    cap = np.minimum(capacity, n)
    slots = np.repeat(np.arange(S.shape[1]), cap)
    if n == 0 or len(slots) == 0:
        return np.array([], int), np.array([], int)
    W = _lexicographic_weights(S, usable)[:, slots]
    r, c = linear_sum_assignment(W, maximize=True)
    cols = slots[c]
    keep = usable[r, cols]
    return r[keep], cols[keep]


def max_cardinality(usable: np.ndarray, capacity: np.ndarray) -> int:
    """Largest number of rows that can be matched (Hopcroft-Karp on capacity slots)."""
    cap = np.minimum(capacity, usable.shape[0])
    slots = np.repeat(np.arange(usable.shape[1]), cap)
    if usable.shape[0] == 0 or len(slots) == 0:
        return 0
    match = maximum_bipartite_matching(csr_matrix(usable[:, slots]), perm_type="column")
    return int((match >= 0).sum())


def max_fair(S: np.ndarray, usable: np.ndarray, capacity: np.ndarray):
    """Exact: the most rows matched, then the highest lowest matched score, then the highest total.

    Binary search over the distinct usable scores for the highest threshold that keeps the
    maximum cardinality, then the max-total assignment among pairs at or above it.
    """
    best = max_cardinality(usable, capacity)
    if best == 0:
        return np.array([], int), np.array([], int)
    values = np.unique(S[usable])
    lo, hi = 0, len(values) - 1          # values[lo] always feasible
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if max_cardinality(usable & (S >= values[mid]), capacity) == best:
            lo = mid
        else:
            hi = mid - 1
    return max_total(S, usable & (S >= values[lo]), capacity)


def deferred_acceptance(mentee_scores, mentor_scores, ok, capacity):
    """Mentee-proposing deferred acceptance with mentor capacities; ties by lower position."""
    n, m = mentee_scores.shape
    prefs = np.argsort(-np.where(ok, mentee_scores, -np.inf), axis=1, kind="stable")
    n_ok = ok.sum(axis=1)
    # mentor j's rank of mentee i (0 = best); ties broken by lower position
    order = np.argsort(-np.where(ok, mentor_scores, -np.inf), axis=0, kind="stable")
    rank = np.empty_like(order)
    rank[order, np.arange(m)[None, :]] = np.arange(n)[:, None]
    nxt = np.zeros(n, int)
    free = [i for i in range(n) if n_ok[i] > 0]
    heaps = [[] for _ in range(m)]       # max-heap on rank: (-rank, mentee)
    while free:
        i = free.pop()
        while nxt[i] < n_ok[i]:
            j = prefs[i, nxt[i]]
            nxt[i] += 1
            if capacity[j] == 0:
                continue
            if len(heaps[j]) < capacity[j]:
                heapq.heappush(heaps[j], (-rank[i, j], i))
                break
            worst_rank, worst = -heaps[j][0][0], heaps[j][0][1]
            if rank[i, j] < worst_rank:
                heapq.heapreplace(heaps[j], (-rank[i, j], i))
                free.append(worst)
                break
    rows, cols = [], []
    for j, h in enumerate(heaps):
        for _, i in h:
            rows.append(i)
            cols.append(j)
    return np.array(rows, int), np.array(cols, int)


def max_weight_pairs(S: np.ndarray, usable: np.ndarray):
    """Exact maximum-cardinality, then maximum-weight matching in a general graph (blossom)."""
    import networkx as nx
    n = S.shape[0]
    iu = np.argwhere(np.triu(usable & usable.T, k=1))
    if len(iu) == 0:
        return np.array([], int), np.array([], int)
    vals = S[iu[:, 0], iu[:, 1]]
    lo = vals.min()
    G = nx.Graph()
    G.add_nodes_from(range(n))
    G.add_weighted_edges_from((int(a), int(b), float(v - lo + 1.0)) for (a, b), v in zip(iu, vals))
    pairs = nx.max_weight_matching(G, maxcardinality=True)
    a = np.array([min(x, y) for x, y in pairs], int)
    b = np.array([max(x, y) for x, y in pairs], int)
    return a, b
