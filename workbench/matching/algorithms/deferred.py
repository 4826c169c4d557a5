"""Mentee-proposing deferred acceptance (Gale-Shapley) with mentor capacities.

Preference lists are built with one vectorized ``argsort`` per side (ties: lower position
first); the proposal loop is a tight compiled loop, each mentor holding its current mentees
in a small max-heap keyed by its rank of them (the worst held mentee on top).
"""
from __future__ import annotations

import numpy as np

from .._jit import njit


@njit
def _sift_down(hr, hi, base, size, k):
    while True:
        c = 2 * k + 1
        if c >= size:
            return
        if c + 1 < size and hr[base + c + 1] > hr[base + c]:
            c += 1
        if hr[base + c] <= hr[base + k]:
            return
        hr[base + c], hr[base + k] = hr[base + k], hr[base + c]
        hi[base + c], hi[base + k] = hi[base + k], hi[base + c]
        k = c


@njit
def _sift_up(hr, hi, base, k):
    while k > 0:
        p = (k - 1) // 2
        if hr[base + p] >= hr[base + k]:
            return
        hr[base + p], hr[base + k] = hr[base + k], hr[base + p]
        hi[base + p], hi[base + k] = hi[base + k], hi[base + p]
        k = p


@njit
def _deferred_acceptance(prefs, n_ok, rank, cap):
    n = prefs.shape[0]
    m = cap.shape[0]
    start = np.zeros(m + 1, np.int64)
    for j in range(m):
        start[j + 1] = start[j] + cap[j]
    hr = np.empty(max(start[m], 1), np.int64)  # mentor's rank of a held mentee
    hi = np.empty(max(start[m], 1), np.int64)  # the held mentee
    size = np.zeros(m, np.int64)
    nxt = np.zeros(n, np.int64)
    for i0 in range(n):
        i = i0
        while i >= 0 and nxt[i] < n_ok[i]:
            j = prefs[i, nxt[i]]
            nxt[i] += 1
            if cap[j] == 0:
                continue
            rk = rank[i, j]
            b = start[j]
            if size[j] < cap[j]:
                hr[b + size[j]] = rk
                hi[b + size[j]] = i
                _sift_up(hr, hi, b, size[j])
                size[j] += 1
                i = -1
            elif rk < hr[b]:
                out = hi[b]
                hr[b] = rk
                hi[b] = i
                _sift_down(hr, hi, b, size[j], 0)
                i = out  # the displaced mentee proposes on at once
    row_to = np.full(n, -1, np.int64)
    for j in range(m):
        for q in range(size[j]):
            row_to[hi[start[j] + q]] = j
    return row_to


def deferred_acceptance(mentee_scores: np.ndarray, mentor_scores: np.ndarray, ok: np.ndarray,
                        cap: np.ndarray):
    """Mentee-optimal stable matching; only pairs with ``ok`` are acceptable to both sides.

    Mentee ``i`` ranks mentors by ``mentee_scores[i]`` descending, mentor ``j`` ranks mentees
    by ``mentor_scores[:, j]`` descending; ties go to the lower position. Returns ``(rows, cols)``.

    >>> P = np.array([[2.0, 1.0], [2.0, 1.0]]); Q = np.array([[0.0, 0.0], [1.0, 0.0]])
    >>> r, c = deferred_acceptance(P, Q, np.ones((2, 2), bool), np.array([1, 1]))
    >>> sorted(zip(r.tolist(), c.tolist()))
    [(0, 1), (1, 0)]
    """
    n, m = mentee_scores.shape
    cap = np.minimum(np.asarray(cap, dtype=np.int64), n)
    if n == 0 or m == 0:
        return np.zeros(0, np.int64), np.zeros(0, np.int64)
    prefs = np.argsort(np.where(ok, -mentee_scores, np.inf), axis=1, kind="stable")
    n_ok = ok.sum(axis=1).astype(np.int64)
    order = np.argsort(np.where(ok, -mentor_scores, np.inf), axis=0, kind="stable")
    rank = np.empty((n, m), np.int64)
    np.put_along_axis(rank, order, np.arange(n, dtype=np.int64)[:, None], axis=0)
    row_to = _deferred_acceptance(np.ascontiguousarray(prefs, dtype=np.int64), n_ok,
                                  np.ascontiguousarray(rank), cap)
    rows = np.flatnonzero(row_to >= 0)
    return rows, row_to[rows]
