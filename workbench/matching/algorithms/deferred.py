"""Mentee-proposing deferred acceptance (Gale-Shapley) with mentor capacities.

One compiled kernel, :func:`propose`, for either side proposing (mentees with one place each, or
mentors with their capacities): a receiver holds its proposers in a small heap keyed by its own
scores (the worst held on top, ties to the higher position); a proposer finds its next choice by
one scan of its row that keeps its next 16 choices in order, repeated only if it needs more, so no
preference list of the whole matrix is built (2,500 x 500 at capacity 5: the full lists cost
more than the proposals). Ties: lower position first, on both sides.
"""
from __future__ import annotations

import numpy as np

from .._jit import njit


CHUNK = 48   # next choices a proposer finds per scan of its row


@njit
def _next_choice(P, ok, p, last_s, last_j, buf, pos, size):
    """The proposer ``p``'s next receiver in order ``(-P[p, r], r)`` after ``(last_s, last_j)``,
    or -1. Choices come from a buffer of the next ``CHUNK``, refilled by one scan of the row
    (insertion into the sorted buffer): a proposer that makes few proposals never sorts its row."""
    if pos[p] >= size[p]:
        m = P.shape[1]
        C = buf.shape[1]
        cnt = 0
        for r in range(m):
            if not ok[p, r]:
                continue
            s = P[p, r]
            if not (s < last_s or (s == last_s and r > last_j)):
                continue
            if cnt == C:
                w = buf[p, C - 1]
                if not P[p, w] < s:     # r comes after w at an equal score (scanned in order)
                    continue
                k = C - 1
            else:
                k = cnt
                cnt += 1
            while k > 0 and P[p, buf[p, k - 1]] < s:
                buf[p, k] = buf[p, k - 1]
                k -= 1
            buf[p, k] = r
        size[p] = cnt
        pos[p] = 0
        if cnt == 0:
            return -1
    r = buf[p, pos[p]]
    pos[p] += 1
    return r


@njit
def _worse(Rt, a, b, r):
    """Receiver ``r`` ranks proposer ``a`` below ``b`` (lower score; ties: the higher position);
    ``Rt`` is the receivers' scores with one row per receiver (its row stays in cache)."""
    return Rt[r, a] < Rt[r, b] or (Rt[r, a] == Rt[r, b] and a > b)


@njit
def _propose(P, Rt, ok, qp, qr):
    """Deferred acceptance, proposers (rows) with quotas ``qp`` proposing to receivers (columns)
    with quotas ``qr``; a receiver holds its best proposers in a heap with its worst on top.
    Returns per receiver slot the proposer held (``held``, -1 empty) and the slot starts."""
    n, m = P.shape
    start = np.zeros(m + 1, np.int64)
    for r in range(m):
        start[r + 1] = start[r] + qr[r]
    held = np.full(max(start[m], 1), -1, np.int64)
    size = np.zeros(m, np.int64)
    holds = np.zeros(n, np.int64)
    count = np.zeros(n, np.int64)
    last_s = np.full(n, np.inf)
    last_j = np.full(n, -1, np.int64)
    buf = np.empty((n, min(CHUNK, m)), np.int64)
    pos = np.zeros(n, np.int64)
    bsize = np.zeros(n, np.int64)
    stack = np.empty(n + 1 + int(qr.sum()), np.int64)
    top = 0
    for p0 in range(n - 1, -1, -1):
        stack[top] = p0
        top += 1
    while top > 0:
        top -= 1
        p = stack[top]
        while holds[p] < qp[p]:
            r = _next_choice(P, ok, p, last_s[p], last_j[p], buf, pos, bsize)
            if r < 0:
                break
            count[p] += 1
            last_s[p], last_j[p] = P[p, r], r
            if qr[r] == 0:
                continue
            b = start[r]
            if size[r] < qr[r]:
                k = size[r]
                held[b + k] = p
                size[r] += 1
                while k > 0:           # sift up: the worst held on top
                    q = (k - 1) // 2
                    if not _worse(Rt, held[b + k], held[b + q], r):
                        break
                    held[b + k], held[b + q] = held[b + q], held[b + k]
                    k = q
                holds[p] += 1
            elif _worse(Rt, held[b], p, r):
                out = held[b]
                held[b] = p
                k = 0
                while True:            # sift down
                    c = 2 * k + 1
                    if c >= size[r]:
                        break
                    if c + 1 < size[r] and _worse(Rt, held[b + c + 1], held[b + c], r):
                        c += 1
                    if not _worse(Rt, held[b + c], held[b + k], r):
                        break
                    held[b + c], held[b + k] = held[b + k], held[b + c]
                    k = c
                holds[p] += 1
                holds[out] -= 1
                stack[top] = out       # the displaced proposer proposes on
                top += 1
    return held, start


def propose(P: np.ndarray, R: np.ndarray, ok: np.ndarray, qp: np.ndarray, qr: np.ndarray):
    """Proposer-optimal stable matching: rows propose in order of ``P`` (descending, ties to the
    lower column), columns rank rows by ``R`` (descending, ties to the lower row); quotas ``qp``
    per row and ``qr`` per column; only pairs with ``ok`` are acceptable. Returns ``(rows, cols)``.
    A proposer finds its next ``CHUNK`` choices by one scan of its row when it needs them, so no
    preference list of the whole matrix is built.

    >>> P = np.array([[2.0, 1.0], [2.0, 1.0]]); R = np.array([[0.0, 0.0], [1.0, 0.0]])
    >>> r, c = propose(P, R, np.ones((2, 2), bool), np.array([1, 1]), np.array([1, 1]))
    >>> sorted(zip(r.tolist(), c.tolist()))
    [(0, 1), (1, 0)]
    """
    n, m = P.shape
    if n == 0 or m == 0:
        return np.zeros(0, np.int64), np.zeros(0, np.int64)
    qp = np.minimum(np.asarray(qp, dtype=np.int64), m)
    qr = np.minimum(np.asarray(qr, dtype=np.int64), n)
    held, start = _propose(np.ascontiguousarray(P, dtype=np.float64), np.ascontiguousarray(R.T, dtype=np.float64),
                           np.ascontiguousarray(ok), qp, qr)
    cols = np.repeat(np.arange(m, dtype=np.int64), np.diff(start))
    keep = held[:len(cols)] >= 0
    rows, cols = held[:len(cols)][keep], cols[keep]
    order = np.argsort(rows, kind="stable")
    return rows[order], cols[order]


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
    P = np.where(ok, mentee_scores, 0.0)
    R = np.where(ok, mentor_scores, 0.0)
    return propose(P, R, ok, np.ones(n, np.int64), cap)
