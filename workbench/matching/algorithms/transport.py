"""Exact capacitated assignment ("transportation") by successive shortest paths.

Rows (mentees) take at most one column (mentor); column ``j`` takes at most ``cap[j]`` rows.
The solver maximizes the number of matched rows first, then the total score, exactly on floats:

* Mentors are single nodes with capacity and one dual price each (every row held by a
  mentor is tight against that price), so a mentor with capacity 5 costs one column of work,
  not five repeated columns as with ``linear_sum_assignment`` on a repeated matrix.
* Each row is added with one Dijkstra search over mentors (Jonker-Volgenant style reduced
  costs, dense rows); popping a full mentor scans the rows it holds, popping a mentor with
  room ends the search and the path is flipped.
* "Most matched first" is structural, not a big-M constant: when it matters (some pair is
  unusable, or there are more rows than places) every cost is a pair
  ``(count part, score part)`` compared lexicographically, a real pair costs ``(-1, -score)``
  and every row has a private "stay unmatched" option costing ``(0, 0)``. Shortest paths over
  that ordered group are exact, so the result is the lexicographic optimum for any real scores.

Scores come as a float matrix ``W`` with NaN marking unusable pairs.
"""
from __future__ import annotations

import numpy as np

from .._jit import HAVE_NUMBA, njit

_BIG = np.int64(1) << np.int64(60)


@njit
def _slots(cap, n):
    """Empty mentor slots: rows held by mentor ``j`` are ``members[start[j]:start[j] + cnt[j]]``
    and ``pos[r]`` is row ``r``'s place there; ``row_to`` (mentor per row) starts at -1.
    Returns ``(start, members, cnt, pos, row_to)``."""
    m = cap.shape[0]
    start = np.zeros(m + 1, np.int64)
    for j in range(m):
        start[j + 1] = start[j] + cap[j]
    members = np.empty(max(start[m], 1), np.int64)
    return start, members, np.zeros(m, np.int64), np.full(n, -1, np.int64), np.full(n, -1, np.int64)


@njit
def _remove(r, j, members, start, cnt, pos):
    p = pos[r]
    last = members[start[j] + cnt[j] - 1]
    members[start[j] + p] = last
    pos[last] = p
    cnt[j] -= 1


@njit
def _add(r, j, members, start, cnt, pos):
    members[start[j] + cnt[j]] = r
    pos[r] = cnt[j]
    cnt[j] += 1


@njit
def _solve(W, cap, lex):
    """``row_to`` (mentor per row, -1 unmatched) for the lexicographic optimum, and the duals
    ``(ua, ub)`` per row and ``(va, vb)`` per mentor: reduced costs
    ``(-1, -W[i, j]) - (ua[i], ub[i]) - (va[j], vb[j])`` are >= 0 (lexicographically) on every
    usable pair and 0 on matched ones."""
    n, m = W.shape
    big = _BIG
    inf = np.inf
    start, members, cnt, pos, row_to = _slots(cap, n)
    ua = np.zeros(n, np.int64)
    ub = np.zeros(n)
    va = np.zeros(m, np.int64)
    vb = np.zeros(m)

    # Greedy start that keeps dual feasibility: a row takes its favourite mentor if it has room.
    todo = np.empty(n, np.int64)
    ntodo = 0
    for i in range(n):
        best = -inf
        bj = -1
        for j in range(m):
            w = W[i, j]
            if w > best:
                best = w
                bj = j
        if bj < 0:
            row_to[i] = -2  # nothing usable: stays unmatched (only happens when lex)
            continue
        if cnt[bj] < cap[bj]:
            _add(i, bj, members, start, cnt, pos)
            row_to[i] = bj
            ua[i] = -1
            ub[i] = -best
        else:
            todo[ntodo] = i
            ntodo += 1

    da = np.empty(m, np.int64)
    db = np.empty(m)
    done = np.empty(m, np.bool_)
    pred = np.empty(m, np.int64)
    scols = np.empty(m, np.int64)
    srows = np.empty(n, np.int64)
    sra = np.empty(n, np.int64)
    srb = np.empty(n)

    for t in range(ntodo):
        i0 = todo[t]
        ua[i0] = 0
        ub[i0] = 0.0
        a0 = big if lex else 0
        for j in range(m):
            da[j] = a0
            db[j] = inf
            done[j] = False
        nsc = 0
        nsr = 0
        cur_a = 0
        cur_b = 0.0
        batch = -1
        dum_a = big
        dum_b = inf
        dum_row = -1
        sink = -1
        sink_dummy = -1
        min_a = 0
        min_b = 0.0
        while True:
            nb = 1 if batch < 0 else cnt[batch]
            for q in range(nb):
                r = i0 if batch < 0 else members[start[batch] + q]
                srows[nsr] = r
                sra[nsr] = cur_a
                srb[nsr] = cur_b
                nsr += 1
                base_b = cur_b - ub[r]
                if lex:
                    ca = cur_a - ua[r]
                    if ca < dum_a or (ca == dum_a and base_b < dum_b):
                        dum_a = ca
                        dum_b = base_b
                        dum_row = r
                    base_a = cur_a - 1 - ua[r]
                    for j in range(m):
                        if done[j]:
                            continue
                        w = W[r, j]
                        if w != w:
                            continue
                        ca = base_a - va[j]
                        cb = base_b - w - vb[j]
                        if ca < da[j] or (ca == da[j] and cb < db[j]):
                            da[j] = ca
                            db[j] = cb
                            pred[j] = r
                else:
                    for j in range(m):
                        if done[j]:
                            continue
                        cb = base_b - W[r, j] - vb[j]
                        if cb < db[j]:
                            db[j] = cb
                            pred[j] = r
            # the closest unpopped mentor (ties: one with room, which ends the search)
            la = big if lex else 0
            lb = inf
            lj = -1
            lfree = False
            for j in range(m):
                if done[j]:
                    continue
                a = da[j]
                b = db[j]
                if a < la or (a == la and (b < lb or (b == lb and not lfree and cnt[j] < cap[j]))):
                    la = a
                    lb = b
                    lj = j
                    lfree = cnt[j] < cap[j]
            if lex and dum_row >= 0 and (dum_a < la or (dum_a == la and dum_b <= lb)):
                sink_dummy = dum_row
                min_a = dum_a
                min_b = dum_b
                break
            if lj < 0:
                break  # cannot happen: a row can always stay unmatched when it must
            done[lj] = True
            scols[nsc] = lj
            nsc += 1
            if lfree:
                sink = lj
                min_a = la
                min_b = lb
                break
            batch = lj
            cur_a = la
            cur_b = lb
        if sink < 0 and sink_dummy < 0:
            row_to[i0] = -2
            continue
        # dual update (truncated distances), then flip the path
        for q in range(nsr):
            r = srows[q]
            ua[r] += min_a - sra[q]
            ub[r] += min_b - srb[q]
        for q in range(nsc):
            j = scols[q]
            va[j] -= min_a - da[j]
            vb[j] -= min_b - db[j]
        if sink_dummy >= 0:
            j = row_to[sink_dummy]
            row_to[sink_dummy] = -2
            if j >= 0:
                _remove(sink_dummy, j, members, start, cnt, pos)
        else:
            j = sink
        while j >= 0:
            r = pred[j]
            old = row_to[r]
            if old >= 0:
                _remove(r, old, members, start, cnt, pos)
            _add(r, j, members, start, cnt, pos)
            row_to[r] = j
            j = old
    for i in range(n):
        if row_to[i] < 0:
            row_to[i] = -1
    return row_to, ua, ub, va, vb


def max_total(W: np.ndarray, cap: np.ndarray):
    """Most rows matched, then the highest total; ``W`` float (NaN = unusable), ``cap`` ints.

    Returns ``(rows, cols)`` of the matched pairs.

    >>> r, c = max_total(np.array([[3.0, 1.0], [2.0, np.nan], [0.0, 5.0]]), np.array([1, 1]))
    >>> sorted(zip(r.tolist(), c.tolist()))
    [(0, 0), (2, 1)]
    """
    W = np.ascontiguousarray(W, dtype=np.float64)
    n, m = W.shape
    cap = np.minimum(np.asarray(cap, dtype=np.int64), n)
    if n == 0 or m == 0 or cap.sum() == 0:
        return np.zeros(0, np.int64), np.zeros(0, np.int64)
    # the count part is only needed when some row could be left out
    lex = bool(np.isnan(W).any()) or int(cap.sum()) < n
    if not HAVE_NUMBA and n * m > 400:
        return _lsa_slots(W, cap)
    row_to = _solve(W, cap, lex)[0]
    rows = np.flatnonzero(row_to >= 0)
    return rows, row_to[rows]


def _lsa_slots(W: np.ndarray, cap: np.ndarray):
    """Fallback without numba: scipy's assignment on repeated mentor columns, with a large
    bonus per usable pair for "most matched first" (exact unless scores span ~1e12)."""
    from scipy.optimize import linear_sum_assignment
    usable = ~np.isnan(W)
    if not usable.any():
        return np.zeros(0, np.int64), np.zeros(0, np.int64)
    lo, hi = np.nanmin(W), np.nanmax(W)
    big = (hi - lo + 1.0) * (min(W.shape) + 1) + 1.0
    slots = np.repeat(np.arange(W.shape[1]), cap)
    B = np.where(usable, W - lo + 1.0 + big, 0.0)[:, slots]
    r, c = linear_sum_assignment(B, maximize=True)
    cols = slots[c]
    keep = usable[r, cols]
    return r[keep].astype(np.int64), cols[keep].astype(np.int64)
