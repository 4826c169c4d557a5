"""Exact capacitated assignment at enterprise scale: candidate pruning with a dual certificate.

For ``n`` mentees x ``m`` mentors (think 50,000 x 10,000, a 2 GB float32 or 4 GB float64 matrix)
the dense solver of :mod:`.transport` is too slow and needs a float64 copy. Here, with a pair
*usable* when ``allowed`` says so, its score is a number other than -inf and not below
``min_score``, and the objective "most mentees matched, then the highest total":

1. **Candidates.** A first price per mentor (the mean of its usable scores), then each mentee
   keeps its ``k`` usable mentors with the best score *minus that price* (one parallel pass over
   the matrix, no copy; an F-ordered DataFrame block is walked column by column). Ranking by the
   raw score would give everyone the same few mentors when tastes are shared, and the
   restricted problem would price the rest badly for many rounds.
2. **Restricted solve.** Successive shortest paths on the sparse candidate graph (the
   mentor-as-capacity-node scheme of :mod:`.transport`, with a binary heap instead of dense
   scans), warm-started from the prices (see the driver), giving the assignment and the duals.
   When every pair is usable and there is a place for everyone, costs are plain ``-score`` and a
   "slot" edge per mentee keeps the restricted problem feasible; otherwise costs are pairs
   ``(-1, -score)`` compared lexicographically and a mentee may stay unmatched at ``(0, 0)``.
3. **Certificate on the full matrix.** With mentor duals ``V[j] >= 0`` (lexicographically) and
   ``U[i] = max(0, max_j ((1, s[i, j]) - V[j]))`` over *all* usable pairs (a second pass),
   ``U[i] + V[j] >= (1, s[i, j])`` holds everywhere, so ``sum(U) + sum(cap * V)`` bounds
   ``(matched, total)`` of *any* assignment (LP weak duality, lexicographically). The **gap** is
   the total part minus the total found when the count part equals the matched count (else
   ``inf``): never negative, and zero (up to float64 rounding, ~1e-12 relative) exactly when the
   pruned optimum is the global optimum.
4. **Widening.** Where a mentee's best reduced value beats its restricted potential, the mentors
   with the largest reduced values above it join its candidates (``widen`` the first time,
   doubling each further round the mentee has some) and the restricted problem is solved again
   (column generation; it ends because edges are only ever added and re-pricing is bounded).

5. **Balanced, when pairs are unusable or places short or to spare.** Unusable pairs are absent
   edges. When the most matched is ``min(mentees with a usable pair, places)`` (the usual case,
   checked on the candidates), one dummy mentee holding all the spare places (a single row of the
   sparse solver with ``d`` units, however many places are spare) or a dummy mentor taking the
   mentees left over makes every row matched and every place filled: plain ``-score`` costs,
   duals without sign conditions, each round warm-started from the last round's prices and the
   first from an epsilon-scaling auction on the candidates, each mentor's best mentees among the
   candidates so that its places can be filled (:func:`_balanced`). Otherwise the rounds above
   run with the lexicographic costs. Many spare places took those rounds before, each a cold
   solve (6,000 x 2,000 shared taste at 10,000 places: 49 s of CPU, 9 rounds); balanced, 0.9 s.

The sparse input (``candidates=``: only the listed pairs exist) allows any shape, solved with the
same lexicographic costs (``gap`` NaN: there is no full matrix to certify against).

Why one module (about 700 lines): the candidate scan, the sparse solver's heap and the
certificate share one data layout (CSR candidates, float32/64 rows, lexicographic float64 duals)
and one set of numba kernels compiled together; split, each half would only be read with the
other open.
"""
from __future__ import annotations

import logging
import time
from dataclasses import dataclass, field
from typing import Optional

import numpy as np

from .._jit import njit
from .transport import _BIG, _add, _remove, _slots

log = logging.getLogger("workbench.matching")

try:  # pragma: no cover - depends on the environment
    from numba import njit as _numba_njit, prange

    def pjit(fn):
        return _numba_njit(cache=True, nogil=True, parallel=True)(fn)
except ImportError:  # pragma: no cover
    prange = range

    def pjit(fn):
        return fn


# --------------------------------------------------------------------------- heap (lexicographic keys)

@njit
def _less(a1, b1, a2, b2):
    return a1 < a2 or (a1 == a2 and b1 < b2)


@njit
def _sift_up(ha, hb, hj, k, a, b, j):
    """Put ``(a, b, j)`` at position ``k`` of a min-heap (lexicographic keys) and sift it up."""
    while k > 0:
        p = (k - 1) >> 1
        if not _less(a, b, ha[p], hb[p]):
            break
        ha[k] = ha[p]
        hb[k] = hb[p]
        hj[k] = hj[p]
        k = p
    ha[k] = a
    hb[k] = b
    hj[k] = j


@njit
def _push(ha, hb, hj, size, a, b, j):
    """Add ``(a, b, j)`` to the min-heap of ``size``; returns the new size."""
    _sift_up(ha, hb, hj, size, a, b, j)
    return size + 1


@njit
def _pop(ha, hb, hj, size):
    """Remove the root (read it before calling); returns the new size."""
    size -= 1
    if size > 0:
        _sift_down(ha, hb, hj, size, ha[size], hb[size], hj[size])
    return size


@njit
def _sift_down(ha, hb, hj, size, a, b, j):
    """Put ``(a, b, j)`` at the root of the min-heap of ``size`` and sift it down."""
    k = 0
    while True:
        c = 2 * k + 1
        if c >= size:
            break
        if c + 1 < size and _less(ha[c + 1], hb[c + 1], ha[c], hb[c]):
            c += 1
        if not _less(ha[c], hb[c], a, b):
            break
        ha[k] = ha[c]
        hb[k] = hb[c]
        hj[k] = hj[c]
        k = c
    ha[k] = a
    hb[k] = b
    hj[k] = j


# --------------------------------------------------------------------------- sparse solver

@njit
def _sparse_solve(indptr, idx, val, cap, lex, stats, vb0, dsup=0, dfirst=False):
    """Successive shortest paths on a CSR graph (row ``i``'s mentors ``idx[indptr[i]:indptr[i+1]]``
    with scores ``val``). Costs are ``(-1, -score)`` per pair compared lexicographically when
    ``lex`` (every row may also stay unmatched at ``(0, 0)``), else ``-score`` with every row
    matched (the caller guarantees that is possible). ``stats`` (int64, 3) gets the rows
    searched from, mentors popped and edges relaxed. ``vb0``: the mentors' starting duals (zeros;
    any values when every place will be filled, e.g. the previous round's prices).

    ``dsup > 0`` (with ``lex`` False): the last row is a *dummy* with ``dsup`` units (it holds up
    to ``dsup`` places, any number at one mentor): the places the other rows leave empty (spare
    places) go to it, cheapest first, so every place is filled and any ``vb0`` is a valid start.
    It is a single row however many spare places there are: its places per mentor are counted in
    ``dcnt``; a search that pops such a mentor scans it once, and a path through it moves one of
    its units from that mentor to another. Its units go to mentors with room on tight edges
    without a search, and a search from it fills each mentor it reaches directly and goes on
    through it (one search spreads the units over mentors at rising prices). ``dfirst``: its units
    are placed before the other rows (on the cheapest mentors; the rows then displace them), else
    after them.

    Returns ``row_to`` (-1 unmatched; -1 for the dummy) and the duals ``(ua, ub, va, vb)`` with
    reduced costs ``>= 0`` on every edge, 0 on matched ones."""
    n = indptr.shape[0] - 1
    m = cap.shape[0]
    big = _BIG
    inf = np.inf
    start, members, cnt, pos, row_to = _slots(cap, n)
    ua = np.zeros(n, np.int64)
    ub = np.zeros(n)
    va = np.zeros(m, np.int64)
    vb = vb0.copy()
    dr = n - 1 if dsup > 0 else -1           # the dummy row
    dcnt = np.zeros(m, np.int64)             # its places per mentor
    dleft = dsup

    todo = np.empty(n, np.int64)
    ntodo = 0
    a0 = big if lex else 0
    da = np.full(m, a0, np.int64)
    db = np.full(m, inf)
    done = np.zeros(m, np.bool_)
    pred = np.empty(m, np.int64)
    touched = np.empty(m, np.int64)
    scols = np.empty(m, np.int64)
    srows = np.empty(n, np.int64)
    sra = np.empty(n, np.int64)
    srb = np.empty(n)
    hsize_max = idx.shape[0] + 1
    ha = np.empty(hsize_max, np.int64)
    hb = np.empty(hsize_max)
    hj = np.empty(hsize_max, np.int64)

    # the dummy's units first when ``dfirst`` (one search spreads them over the cheapest mentors,
    # whole mentors at a time); then each row takes its best mentor if it has room, the others
    # search, then the dummy's units left
    greedy_done = False
    t = 0
    while True:
        if not greedy_done and not (dfirst and dleft > 0):
            greedy_done = True
            ntodo = _greedy(indptr, idx, val, cap, lex, vb, dr, dcnt, start, members, cnt, pos, row_to,
                            ua, ub, todo)
            stats[0] += ntodo
        if not (t < ntodo or dleft > 0):
            break
        if t < ntodo:
            i0 = todo[t]
            t += 1
            ua[i0] = 0
            ub[i0] = 0.0
        else:
            i0 = dr
            if dleft == dsup:                # no unit placed yet: its dual is free, tight at the best
                best = -inf
                for e in range(indptr[dr], indptr[dr + 1]):
                    best = max(best, val[e] + vb[idx[e]])
                ub[dr] = -best
            for e in range(indptr[dr], indptr[dr + 1]):    # tight edges to mentors with room
                j = idx[e]
                if dleft > 0 and cnt[j] + dcnt[j] < cap[j] and -val[e] - vb[j] <= ub[dr]:
                    q = min(dleft, cap[j] - cnt[j] - dcnt[j])
                    dcnt[j] += q
                    dleft -= q
            if dleft == 0:
                continue
            stats[0] += 1
        nt = 0
        nsc = 0
        nsr = 0
        hs = 0
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
        dfrom = -1                           # the mentor the dummy row was reached through
        placed = False                       # the search ended with the dummy's units placed
        while True:
            nb = 1 if batch < 0 else cnt[batch]
            if batch >= 0 and dcnt[batch] > 0 and dfrom < 0 and i0 != dr:
                nb += 1                      # the dummy row, scanned once per search
                dfrom = batch
            for q in range(nb):
                if batch < 0:
                    r = i0
                elif q < cnt[batch]:
                    r = members[start[batch] + q]
                else:
                    r = dr
                srows[nsr] = r
                sra[nsr] = cur_a
                srb[nsr] = cur_b
                nsr += 1
                base_b = cur_b - ub[r]
                base_a = 0
                if lex:
                    ca = cur_a - ua[r]
                    if _less(ca, base_b, dum_a, dum_b):
                        dum_a = ca
                        dum_b = base_b
                        dum_row = r
                    base_a = cur_a - 1 - ua[r]
                stats[2] += indptr[r + 1] - indptr[r]
                for e in range(indptr[r], indptr[r + 1]):
                    j = idx[e]
                    if done[j]:
                        continue
                    ca = base_a - va[j] if lex else 0
                    cb = base_b - val[e] - vb[j]
                    if _less(ca, cb, da[j], db[j]):
                        if db[j] == inf and da[j] == a0:
                            touched[nt] = j
                            nt += 1
                        da[j] = ca
                        db[j] = cb
                        pred[j] = r
                        if cnt[j] == 0 and dcnt[j] == cap[j] and (i0 == dr or dfrom >= 0):
                            continue     # only the dummy's places, the dummy scanned: a dead end
                        hs = _push(ha, hb, hj, hs, ca, cb, j)
            lj = -1
            la = a0
            lb = inf
            while hs > 0:
                a = ha[0]
                b = hb[0]
                j = hj[0]
                hs = _pop(ha, hb, hj, hs)
                if not done[j] and a == da[j] and b == db[j]:
                    lj = j
                    la = a
                    lb = b
                    break
            if lex and dum_row >= 0 and (lj < 0 or not _less(la, lb, dum_a, dum_b)):
                sink_dummy = dum_row
                min_a = dum_a
                min_b = dum_b
                break
            if lj < 0:
                break
            done[lj] = True
            stats[1] += 1
            scols[nsc] = lj
            nsc += 1
            if cnt[lj] + dcnt[lj] < cap[lj]:
                if i0 == dr and pred[lj] == dr:
                    # the dummy's units go straight in (a shortest path); once the mentor is
                    # full the search goes on through it, so that one search spreads the units
                    # over mentors at rising prices (one search a mentor re-scanned the mentors
                    # filled before: 3,400 searches at 6,000 x 2,000 with 4,000 spare places)
                    q = min(dleft, cap[lj] - cnt[lj] - dcnt[lj])
                    dcnt[lj] += q
                    dleft -= q
                    if dleft == 0 or cnt[lj] + dcnt[lj] < cap[lj]:
                        sink = lj
                        placed = True
                        min_a = la
                        min_b = lb
                        break
                else:
                    sink = lj
                    min_a = la
                    min_b = lb
                    break
            batch = lj
            cur_a = la
            cur_b = lb
        if sink >= 0 or sink_dummy >= 0:
            for q in range(nsr):
                r = srows[q]
                ua[r] += min_a - sra[q]
                ub[r] += min_b - srb[q]
            for q in range(nsc):
                j = scols[q]
                va[j] -= min_a - da[j]
                vb[j] -= min_b - db[j]
            if dr >= 0:                      # the dead ends below the sink move with the dummy
                for q in range(nt):
                    j = touched[q]
                    if not done[j] and db[j] < min_b:
                        vb[j] -= min_b - db[j]
            if sink_dummy >= 0:
                j = row_to[sink_dummy]
                row_to[sink_dummy] = -2
                if j >= 0:
                    _remove(sink_dummy, j, members, start, cnt, pos)
            else:
                j = -1 if placed else sink
            while j >= 0:
                r = pred[j]
                if r == dr:
                    if i0 == dr:             # the dummy's own unit
                        dcnt[j] += 1
                        dleft -= 1
                        break
                    dcnt[j] += 1             # a unit of the dummy moves from dfrom to j
                    dcnt[dfrom] -= 1
                    j = dfrom
                    continue
                old = row_to[r]
                if old >= 0:
                    _remove(r, old, members, start, cnt, pos)
                _add(r, j, members, start, cnt, pos)
                row_to[r] = j
                j = old
        elif i0 == dr:
            dleft = 0     # no room left (cannot happen when the dummy reaches every mentor with places)
        else:
            row_to[i0] = -2
        for q in range(nt):
            j = touched[q]
            da[j] = a0
            db[j] = inf
            done[j] = False
    for i in range(n):
        if row_to[i] < 0:
            row_to[i] = -1
    return row_to, ua, ub, va, vb


@njit
def _greedy(indptr, idx, val, cap, lex, vb, dr, dcnt, start, members, cnt, pos, row_to, ua, ub, todo):
    """Each row but ``dr`` takes its best mentor (by ``val + vb``) when it has room (a shortest
    path of length 0); the others go to ``todo``, whose count is returned."""
    ntodo = 0
    for i in range(indptr.shape[0] - 1):
        if i == dr:
            continue
        best = -np.inf
        bj = -1
        for e in range(indptr[i], indptr[i + 1]):
            if val[e] + vb[idx[e]] > best:
                best = val[e] + vb[idx[e]]
                bj = idx[e]
        if bj < 0:
            row_to[i] = -2
            continue
        if cnt[bj] + dcnt[bj] < cap[bj]:
            _add(i, bj, members, start, cnt, pos)
            row_to[i] = bj
            ua[i] = -1 if lex else 0
            ub[i] = -best
        else:
            todo[ntodo] = i
            ntodo += 1
    return ntodo


@njit
def _auction(indptr, idx, val, cap, price0, eps_list, max_bids):
    """Mentor prices from a forward auction with epsilon-scaling on a CSR graph (rows one
    place each, mentor ``j`` ``cap[j]`` places, every place held at the price of its bid): the
    warm start of :func:`_sparse_solve` in :func:`_balanced`, where any prices are valid starting
    duals, so the auction only needs to be close (``max_bids`` bounds it). A mentor's price is
    its lowest held bid when full, else the price its free places start at."""
    n = indptr.shape[0] - 1
    m = cap.shape[0]
    price = price0.copy()
    start = np.zeros(m + 1, np.int64)
    for j in range(m):
        start[j + 1] = start[j] + cap[j]
    hb = np.empty(max(start[m], 1))
    hr = np.empty(max(start[m], 1), np.int64)
    held = np.zeros(m, np.int64)
    queue = np.empty(n, np.int64)
    bids = 0
    for eps in eps_list:
        for j in range(m):
            held[j] = 0
        nq = 0
        for i in range(n):
            if indptr[i + 1] > indptr[i]:
                queue[nq] = i
                nq += 1
        while nq > 0 and bids < max_bids:
            nq -= 1
            i = queue[nq]
            b1 = -np.inf
            b2 = -np.inf
            bj = -1
            for e in range(indptr[i], indptr[i + 1]):
                j = idx[e]
                if cap[j] == 0:
                    continue
                p = price[j] if held[j] < cap[j] else hb[start[j]]
                v = val[e] - p
                if v > b1:
                    b2 = b1
                    b1 = v
                    bj = j
                elif v > b2:
                    b2 = v
            if bj < 0:
                continue
            if b2 == -np.inf:
                b2 = b1
            bids += 1
            bid = (price[bj] if held[bj] < cap[bj] else hb[start[bj]]) + (b1 - b2) + eps
            s0 = start[bj]
            if held[bj] < cap[bj]:
                k = held[bj]
                held[bj] += 1
                _sift_up(hb[s0:s0 + held[bj]], hb[s0:s0 + held[bj]], hr[s0:s0 + held[bj]], k, bid, bid, i)
            else:
                queue[nq] = hr[s0]              # the lowest bidder is out
                nq += 1
                _sift_down(hb[s0:s0 + cap[bj]], hb[s0:s0 + cap[bj]], hr[s0:s0 + cap[bj]], cap[bj],
                           bid, bid, i)
        for j in range(m):
            if held[j] == cap[j] and cap[j] > 0:
                price[j] = hb[start[j]]
    return price, held


# --------------------------------------------------------------------------- dense passes

@njit
def _offer(hi, ha, hb, c, k, j, a, b):
    """Offer mentor ``j`` with key ``(a, b)`` to a row's min-heap of the ``k`` largest keys
    (lexicographic); returns the heap's new size."""
    if c < k:
        _sift_up(ha, hb, hi, c, a, b, j)
        return c + 1
    if not _less(ha[0], hb[0], a, b):
        return c
    _sift_down(ha, hb, hi, k, a, b, j)   # replace the root
    return c


@pjit
def _scan(S, A, masked, floor, va, vb, ta, tb, kk, colmajor, out_idx, out_a, out_b, out_cnt,
          best_a, best_b, nallowed, nusable, bad):
    """Per row ``i``, over its *usable* pairs (``A[i, j]`` when ``masked``, ``S[i, j]`` a number
    other than -inf, and ``>= floor``), with the reduced value ``(va[j], S[i, j] - vb[j])``
    compared lexicographically: ``best`` the largest, ``out_*`` the (at most ``kk[i]``) largest
    above ``(ta[i], tb[i])`` (a min-heap, unordered), counts of allowed and usable pairs and of
    +inf scores (``bad``). One pass, blocks of 64 rows in parallel, no copy of ``S``;
    ``colmajor`` walks each block column by column (a DataFrame's F-ordered values stay
    cache-friendly), else row by row."""
    n, m = S.shape
    nblocks = (n + 63) // 64
    for blk in prange(nblocks):
        i0 = blk * 64
        i1 = min(n, i0 + 64)
        for i in range(i0, i1):
            out_cnt[i] = 0
            best_a[i] = -_BIG
            best_b[i] = -np.inf
            nallowed[i] = 0
            nusable[i] = 0
            bad[i] = 0
        n_outer = m if colmajor else i1 - i0
        n_inner = i1 - i0 if colmajor else m
        for o in range(n_outer):
            for q in range(n_inner):
                i = i0 + q if colmajor else i0 + o
                j = o if colmajor else q
                s = np.float64(S[i, j])
                if not (s > -np.inf and s < np.inf):
                    if s == np.inf:
                        bad[i] += 1
                    continue                 # NaN or -inf: never used, not allowed
                if masked and not A[i, j]:
                    continue
                nallowed[i] += 1
                if s < floor:
                    continue
                nusable[i] += 1
                a = va[j]
                b = s - vb[j]
                if a > best_a[i] or (a == best_a[i] and b > best_b[i]):
                    best_a[i] = a
                    best_b[i] = b
                if a > ta[i] or (a == ta[i] and b > tb[i]):
                    c = out_cnt[i]
                    if c < kk[i] or _less(out_a[i, 0], out_b[i, 0], a, b):
                        out_cnt[i] = _offer(out_idx[i], out_a[i], out_b[i], c, kk[i], j, a, b)


@pjit
def _column_means(S, A, masked, floor, out):
    """``out[j]``: the mean of column ``j``'s usable scores (0 when none); blocks of 64 columns
    in parallel, no copy of ``S``."""
    _column_stats(S, A, masked, floor, out, np.empty(S.shape[1]))


@pjit
def _column_stats(S, A, masked, floor, out, count):
    """:func:`_column_means`, and ``count[j]`` the usable scores of column ``j``."""
    n, m = S.shape
    nblocks = (m + 63) // 64
    for blk in prange(nblocks):
        j0 = blk * 64
        j1 = min(m, j0 + 64)
        tot = np.zeros(j1 - j0)
        cnt = np.zeros(j1 - j0)
        for i in range(n):
            for j in range(j0, j1):
                s = np.float64(S[i, j])
                if s > -np.inf and s < np.inf and s >= floor and (not masked or A[i, j]):
                    tot[j - j0] += s
                    cnt[j - j0] += 1.0
        for j in range(j0, j1):
            out[j] = tot[j - j0] / cnt[j - j0] if cnt[j - j0] > 0 else 0.0
            count[j] = cnt[j - j0]


@pjit
def _column_top(S, A, masked, floor, U, q, out_idx, out_a, out_b, out_cnt):
    """Per column ``j`` (in parallel), the at most ``q[j]`` usable rows with the largest
    ``S[i, j] - U[i]`` (a min-heap in ``out_idx[j]``, unordered); contiguous on an F-ordered
    ``S``."""
    n, m = S.shape
    for j in prange(m):
        c = 0
        for i in range(n):
            s = np.float64(S[i, j])
            if not (s > -np.inf and s < np.inf) or s < floor or (masked and not A[i, j]):
                continue
            b = s - U[i]
            if c < q[j] or out_b[j, 0] < b:
                c = _offer(out_idx[j], out_a[j], out_b[j], c, q[j], i, 0, b)
        out_cnt[j] = c


def column_top(S, U, q, *, allowed=None, min_score=None):
    """``(rows, cols)`` of the pairs :func:`_column_top` finds: each column's ``q`` best usable
    rows by ``S[i, j] - U[i]``."""
    n, m = S.shape
    qq = np.broadcast_to(np.asarray(q, np.int64), (m,)).copy()
    w = max(int(qq.max()) if m else 1, 1)
    idx, oa, ob, cnt = np.empty((m, w), np.int64), np.zeros((m, w), np.int64), np.empty((m, w)), np.empty(m, np.int64)
    _column_top(S, allowed if allowed is not None else np.ones((1, 1), np.bool_), allowed is not None,
                -np.inf if min_score is None else float(min_score), np.ascontiguousarray(U, np.float64), qq,
                idx, oa, ob, cnt)
    keep = np.arange(w)[None, :] < cnt[:, None]
    return idx[keep], np.repeat(np.arange(m, dtype=np.int64), cnt)


def price_estimate(S, allowed=None, min_score=None, counts=False):
    """A first price per mentor: the mean of its usable scores. When everyone rates the same
    few mentors highly ("shared taste"), every mentee's best raw scores name the same mentors
    and a restricted problem on them prices the rest badly (many widening rounds); the best
    scores *minus this estimate* spread the candidates as the optimum's prices would.
    ``counts``: also return the usable pairs per mentor."""
    out, cnt = np.empty(S.shape[1]), np.empty(S.shape[1])
    _column_stats(S, allowed if allowed is not None else np.ones((1, 1), np.bool_), allowed is not None,
                  -np.inf if min_score is None else float(min_score), out, cnt)
    return (out, cnt.astype(np.int64)) if counts else out


@dataclass
class Scan:
    """What one pass over the full matrix found (see :func:`_scan`)."""
    cols: np.ndarray       # (n, k) candidate mentors, row i's first counts[i] used
    counts: np.ndarray
    best_a: np.ndarray     # the largest reduced value per row (-2**60, -inf when none usable)
    best_b: np.ndarray
    allowed: np.ndarray    # allowed pairs per row (mask True and a number other than -inf)
    usable: np.ndarray     # ... and not below the floor
    bad: np.ndarray        # +inf scores per row


def scan_usable(S, v, floor, k, *, allowed=None, min_score=None, va=None) -> Scan:
    """One pass: per row the at most ``k`` usable mentors whose reduced value
    ``(va[j], S[i, j] - v[j])`` beats ``floor`` (a pair ``(ta, tb)`` of per-row arrays,
    lexicographically), and the best reduced value. ``k``: one int or one per row. ``va``
    defaults to ones (every pair counts one match). Returns a :class:`Scan`."""
    n, m = S.shape
    kk = np.broadcast_to(np.asarray(k, np.int64), (n,)).copy()
    width = max(int(kk.max()) if n else 1, 1)
    ta = np.ascontiguousarray(np.broadcast_to(floor[0], (n,)), np.int64)
    tb = np.ascontiguousarray(np.broadcast_to(floor[1], (n,)), np.float64)
    va = np.ones(m, np.int64) if va is None else np.ascontiguousarray(va, np.int64)
    masked = allowed is not None
    A = allowed if masked else np.ones((1, 1), np.bool_)
    lo = -np.inf if min_score is None else float(min_score)
    colmajor = bool(S.flags.f_contiguous and not S.flags.c_contiguous)
    out = Scan(np.empty((n, width), np.int64), np.empty(n, np.int64), np.empty(n, np.int64),
               np.empty(n), np.empty(n, np.int64), np.empty(n, np.int64), np.empty(n, np.int64))
    oa, ob = np.empty((n, width), np.int64), np.empty((n, width))
    _scan(S, A, masked, lo, va, np.ascontiguousarray(v, np.float64), ta, tb, kk, colmajor, out.cols, oa, ob,
          out.counts, out.best_a, out.best_b, out.allowed, out.usable, out.bad)
    return out


def scan(S, v, floor, k):
    """``(cols, counts, rowmax, bad)`` per row of ``S`` (every non-finite score unusable, as
    :mod:`.peer_large` reads it): the at most ``k`` columns with the largest ``S[i, j] - v[j]``
    above ``floor[i]`` (``cols`` is ``(n, k)``, row ``i``'s first ``counts[i]`` used), the largest
    of them all, and the count of non-finite scores."""
    n, m = S.shape
    out = scan_usable(S, v, (np.ones(n, np.int64), floor), k)
    return out.cols, out.counts, out.best_b, m - out.allowed


# --------------------------------------------------------------------------- driver

@dataclass(frozen=True)
class LargeAssignment:
    """Result of :func:`assign_large`; unpacks as ``mentor, value, gap``.

    ``mentor``: mentor position per mentee (-1 unmatched); ``value``: total score;
    ``gap``: dual bound minus ``value`` (0 up to float rounding = proven optimal; ``inf`` while
    the bound still allows more matches than found; NaN when there is no dense matrix to
    certify against); ``rounds``: restricted solves; ``edges``: candidate pairs in the last one;
    ``k``: first candidates per mentee; ``allowed_rows`` / ``usable_rows``: allowed and usable
    pairs per mentee (dense input only; they say why a mentee is unmatched)."""
    mentor: np.ndarray
    value: float
    gap: float
    rounds: int
    edges: int
    k: int
    allowed_rows: Optional[np.ndarray] = field(default=None, repr=False)
    usable_rows: Optional[np.ndarray] = field(default=None, repr=False)

    def __iter__(self):
        return iter((self.mentor, self.value, self.gap))


def _csr(rows, cols, n, m):
    """CSR ``(indptr, cols, rows)`` of the pairs sorted by row then column, repeats dropped
    (a sort and a difference: ``np.unique``'s hash path took 0.65 s per call on 700,000 pairs)."""
    key = rows.astype(np.int64) * m + cols
    key.sort()
    if key.size:
        key = key[np.concatenate(([True], key[1:] != key[:-1]))]
    r, c = key // m, key % m
    indptr = np.zeros(n + 1, np.int64)
    np.cumsum(np.bincount(r, minlength=n), out=indptr[1:])
    return indptr, c, r


@njit
def _merge(indptr, idx, counts, new):
    """The CSR of ``indptr, idx`` with row ``i``'s ``new[i, :counts[i]]`` appended; returns
    ``(indptr, idx, rows)``."""
    n = indptr.shape[0] - 1
    out_ptr = np.empty(n + 1, np.int64)
    out_ptr[0] = 0
    for i in range(n):
        out_ptr[i + 1] = out_ptr[i] + indptr[i + 1] - indptr[i] + counts[i]
    out = np.empty(out_ptr[n], np.int64)
    rows = np.empty(out_ptr[n], np.int64)
    for i in range(n):
        p = out_ptr[i]
        for e in range(indptr[i], indptr[i + 1]):
            out[p] = idx[e]
            rows[p] = i
            p += 1
        for q in range(counts[i]):
            out[p] = new[i, q]
            rows[p] = i
            p += 1
    return out_ptr, out, rows


def _capacity(capacity, m):
    cap = np.asarray(capacity)
    if cap.ndim == 0:
        cap = np.full(m, cap.item())
    if cap.shape != (m,):
        raise ValueError(f"capacity must be one int or one per mentor ({m},); got shape {cap.shape}")
    if cap.size and (not np.all(np.mod(cap.astype(float), 1) == 0) or (cap < 0).any()):
        raise ValueError(f"capacity must be whole numbers >= 0; got {cap[:5]} (shape {cap.shape})")
    return cap.astype(np.int64)


def _slot_edges(cap, n):
    """Mentee ``i`` -> the mentor owning place ``i`` (places laid out mentor after mentor)."""
    return np.repeat(np.arange(cap.size, dtype=np.int64), cap)[:n]


def _matrix(S, allowed):
    if not isinstance(S, np.ndarray) or S.ndim != 2 or S.dtype not in (np.float32, np.float64):
        raise ValueError("scores must be a 2-D float32 or float64 numpy array (mentees x mentors); "
                         f"got {type(S).__name__} {getattr(S, 'dtype', '')} {getattr(S, 'shape', '')}")
    if not (S.flags.c_contiguous or S.flags.f_contiguous):
        S = np.ascontiguousarray(S)
    if allowed is not None:
        allowed = np.asarray(allowed)
        if allowed.dtype != np.bool_:
            allowed = allowed.astype(bool)
        if allowed.shape != S.shape:
            raise ValueError(f"allowed must have the shape of scores {S.shape}; got {allowed.shape}")
    return S, allowed


def assign_large(scores=None, capacity=1, *, allowed=None, min_score=None, candidates=None, k=None,
                 widen=None, max_rounds=100, progress=None, balanced=True) -> LargeAssignment:
    """Exact "most mentees matched, then the highest total" for a large dense ``scores``
    (float32 or float64, ``n x m``, C- or F-ordered: a DataFrame's values are used in place),
    proven by a dual certificate on the full matrix; or exact over the pairs listed in
    ``candidates``.

    A pair is usable when ``allowed`` (bool ``n x m``, optional) is True, its score is a number
    other than -inf (NaN and -inf mean "never"; +inf is an error) and not below ``min_score``.
    ``candidates``: ``(rows, cols, values)`` arrays (or a ``scipy.sparse`` matrix with shape
    ``n x m`` whose stored entries are the pairs, explicit zeros included): only those pairs
    exist (``gap`` is NaN).
    ``k``: first candidates per mentee (default ``clip(2 * ceil(n / cap.sum() * 5), 8, 32)``);
    ``widen``: pairs added to a mentee in its first round with violators, doubled each further
    round it has some (geometric widening). ``progress``: called after every round with a dict
    ``round, edges, added, matched, count_bound, gap, seconds`` (``count_bound`` -1 and ``gap``
    inf on a round that only re-prices, without a pass over the matrix). ``balanced=False``
    skips the balanced formulation (see :func:`_balanced`) and solves with lexicographic costs
    from the start (tests use it to check that path).

    >>> S = np.array([[3.0, 1.0], [2.0, 1.0], [0.0, 5.0]], np.float32)
    >>> res = assign_large(S, capacity=[2, 1], k=1)
    >>> res.mentor.tolist(), res.value, abs(res.gap) < 1e-9     # gap 0 up to rounding: proven
    ([0, 0, 1], 10.0, True)
    >>> res = assign_large(S, capacity=[2, 1], allowed=S < 5, min_score=1)
    >>> res.mentor.tolist(), res.value, abs(res.gap) < 1e-9
    ([0, 0, -1], 5.0, True)
    """
    if candidates is not None:
        return _assign_candidates(candidates, capacity, scores)
    S, allowed = _matrix(scores, allowed)
    if min_score is not None and np.isnan(float(min_score)):
        raise ValueError(f"min_score must be a number or None; got {min_score!r}, under which no "
                         f"pair would qualify")
    t0 = time.perf_counter()
    n, m = S.shape
    cap = _capacity(capacity, m)
    if n == 0 or m == 0:
        z = np.zeros(n, np.int64)
        return LargeAssignment(np.full(n, -1, np.int64), 0.0, 0.0, 0, 0, 0, z, z)
    places = int(cap.sum())
    if k is None:
        k = int(np.clip(2 * np.ceil(5 * n / max(places, 1)), 8, 32))
    k = int(min(max(int(k), 1), m))
    widen = int(min(max(int(widen or k), 1), m))
    B, col_usable = price_estimate(S, allowed, min_score, counts=True)
    live = (cap > 0).astype(np.int64)
    first = scan_usable(S, B, (np.full(n, -_BIG), np.full(n, -np.inf)), k, allowed=allowed,
                        min_score=min_score, va=live)
    if first.bad.any():
        raise ValueError(f"scores must be finite numbers, NaN or -inf; got +inf (shape {S.shape}, "
                         f"row {int(np.flatnonzero(first.bad)[0])})")
    if balanced:
        out = _balanced(S, allowed, min_score, cap, B, col_usable, first, k, widen, max_rounds, progress, t0)
        if out is not None:
            return LargeAssignment(*out, k, first.allowed, first.usable)
        log.info("assign: the most matched is below min(mentees, places) on the candidates; "
                 "solving with lexicographic costs (count, then score)")
    # "most matched" needs the count part of the costs unless every pair is usable and there is
    # a place for everyone (then everyone is matched and only the total is left)
    lex = bool((first.usable < m).any()) or places < n
    rows = np.repeat(np.arange(n), first.counts)
    colz = first.cols[np.arange(first.cols.shape[1])[None, :] < first.counts[:, None]]
    # one "slot" edge per mentee (to the mentor owning place i): with every pair usable it makes
    # the restricted problem feasible; otherwise, where usable, it spares the first solve the
    # long searches of mentees whose candidates are all taken
    slot = _slot_edges(cap, n)
    own = np.arange(slot.size)
    if lex:
        s = S[own, slot]
        with np.errstate(invalid="ignore"):
            ok = (s > -np.inf) & (s >= (-np.inf if min_score is None else float(min_score)))
        if allowed is not None:
            ok &= allowed[own, slot]
        own, slot = own[ok], slot[ok]
    rows = np.concatenate([rows, own])
    colz = np.concatenate([colz, slot])
    allowed_rows, usable_rows = first.allowed, first.usable
    del first
    indptr, c, r = _csr(rows, colz, n, m)
    del rows, colz

    stats = np.zeros(3, np.int64)
    # Warm starts: the solver starts from mentor prices (the estimate, then the last round's).
    # When every place is filled any prices are valid starting duals. Otherwise a mentor left
    # with room must end at price 0 (complementary slackness), so one that ends with room and a
    # price is started at 0 from then on, with the cheapest others (their number doubling each
    # time: a bounded fallback to the cold start), and the round repeats.
    filled = not lex and places == n
    free = np.zeros(m, bool)          # mentors started at price 0 from now on
    B = B - B.min() if m else B       # prices >= 0, same candidates
    hits = np.zeros(n, np.int64)
    for rounds in range(1, max_rounds + 1):
        row_to, ua, ub, va, vb = _sparse_solve(indptr, c, S[r, c].astype(np.float64), cap, lex, stats,
                                               -np.where(free, 0.0, B))
        hit = np.flatnonzero(row_to >= 0)
        matched = hit.size
        value = float(S[hit, row_to[hit]].astype(np.float64).sum())
        # duals in "max" form: U[i] >= (1, s[i, j]) - V[j] on every candidate pair, lexicographically
        if lex:
            Ua, Ub, A, B = -ua, -ub, -va, -vb
        else:
            Ua, Ub, A, B = np.ones(n, np.int64), -ub, np.zeros(m, np.int64), np.maximum(-vb, 0.0)
        load = np.bincount(row_to[hit], minlength=m)
        priced = np.zeros(m, bool) if filled else (load < cap) & ((A != 0) | (B != 0)) & ~free
        if priced.any():
            # not yet the restricted optimum: re-solve before scanning the full matrix, started at
            # 0 for these mentors and at least twice as many as before (the cheapest), so that at
            # most log2(m) rounds re-price before every start is 0 (the cold start)
            want = min(m, max(2 * int(free.sum()), int((free | priced).sum())))
            free |= priced
            free[np.argsort(B, kind="stable")[:want]] = True
            gap = float("inf")
            if progress is not None:
                progress(dict(round=rounds, edges=int(r.size), added=0, matched=matched,
                              count_bound=-1, gap=gap, seconds=time.perf_counter() - t0))
            continue
        tol = 1e-9 * max(1.0, float(np.abs(Ub).max()), float(np.abs(B).max()))
        kk = np.minimum(widen << np.minimum(hits, 40), m)
        sc = scan_usable(S, B, (Ua, Ub + tol), kk, allowed=allowed, min_score=min_score, va=1 - A)
        # the certificate: U'[i] = max(0, best reduced value) is feasible for every usable pair
        over = _less_v(np.zeros(n, np.int64), np.zeros(n), sc.best_a, sc.best_b)
        count_bound = int(np.where(over, sc.best_a, 0).sum() + (cap * A).sum())
        bound = float(np.where(over, sc.best_b, 0.0).sum() + (cap * B).sum())
        gap = bound - value if count_bound == matched else float("inf")
        added = int(sc.counts.sum())
        if progress is not None:
            progress(dict(round=rounds, edges=int(r.size), added=added, matched=matched,
                          count_bound=count_bound, gap=gap, seconds=time.perf_counter() - t0))
        if not added:
            break
        hits += sc.counts > 0
        indptr, c, r = _merge(indptr, c, sc.counts, sc.cols)
        del sc
    return LargeAssignment(row_to.astype(np.int64), value, gap, rounds, int(r.size), k,
                           allowed_rows, usable_rows)


def _balanced(S, allowed, min_score, cap, est, col_usable, first, k, widen, max_rounds, progress, t0,
              auction=True):
    """The usual case, solved as a *balanced* problem with plain ``-score`` costs: returns
    ``(mentor, value, gap, rounds, edges)``, or None when the most matched count is not
    ``min(mentees with a usable pair, places)`` on the candidates (the lexicographic rounds of
    :func:`assign_large` then decide).

    Unusable pairs (mask False, NaN, -inf, below ``min_score``) are simply absent: they need no
    dual constraint. Let ``n1`` be the mentees with a usable pair at a mentor with places, ``P``
    the places. When ``P >= n1`` every such mentee is matched and one *dummy mentee* with
    ``d = P - n1`` units (score 0 with every mentor with places, a single row of the sparse
    solver however many places are spare: see :func:`_sparse_solve`) fills the places left; when
    ``P < n1`` every place that some usable pair reaches is filled and one *dummy mentor* (score
    0 for every mentee) takes the ``n1 - P`` left over. Either way every row is matched and every
    place filled, so the duals have no sign (no "a mentor with room must be free" condition) and
    each round starts from the last round's prices; the matched count ``min(n1, P)`` is the
    largest possible, and the bound ``sum(U) + d * U_d + sum(cap * V)`` of the balanced problem
    (``U[i]`` the best ``s[i, j] - V[j]`` over *all* usable pairs, a pass over the matrix;
    ``U_d = -min V`` over the mentors with places, all of them the dummy's candidates) bounds the
    total of every assignment with that count."""
    n, m = S.shape
    ok = first.best_a == 1                         # a usable pair at a mentor with places
    n1 = int(ok.sum())
    if n1 == 0:
        return np.full(n, -1, np.int64), 0.0, 0.0, 0, 0
    cap = np.minimum(cap, col_usable)              # no mentor takes more than its usable mentees
    P = int(cap.sum())
    if P < n1:                                     # too few places: a dummy mentor takes the rest
        capx = np.where(col_usable > 0, cap, 0)
        P = int(capx.sum())
        capx = np.append(capx, n1 - P)
        N, d = n, 0
    else:                                          # places to spare: the dummy mentee fills them
        capx = cap
        d = P - n1
        N = n + (d > 0)
    M = capx.size
    live = capx[:m] > 0
    cnt = np.where(ok, first.counts, 0)
    rows = np.repeat(np.arange(n), cnt)
    colz = first.cols[np.arange(first.cols.shape[1])[None, :] < cnt[:, None]]
    # one "slot" edge per mentee where usable (to the mentor owning place i)
    slot = _slot_edges(cap, min(n, P))
    own = np.arange(slot.size)
    sv = S[own, slot]
    with np.errstate(invalid="ignore"):
        good = ok[own] & (sv > -np.inf) & (sv >= (-np.inf if min_score is None else float(min_score)))
    if allowed is not None:
        good &= allowed[own, slot]
    parts_r, parts_c = [rows, own[good]], [colz, slot[good]]
    if d:                                          # the dummy mentee (row n): every mentor with places
        spread = np.flatnonzero(live)
        parts_r.append(np.full(spread.size, n, np.int64))
        parts_c.append(spread)
    if M > m:                                      # every mentee that can be matched may stay out
        parts_r.append(np.flatnonzero(ok))
        parts_c.append(np.full(n1, m, np.int64))
    # places are filled too, so each mentor's best mentees (by score minus the mentee's best
    # reduced score) join: the mentees' own best pairs rarely name the mentors few can use, and
    # without them the restricted problem has no solution that fills every place
    per = np.where(live, np.minimum(2 * capx[:m] + k, 256), 0)      # bounded: capacities may be huge
    cr, cc = column_top(S, np.where(ok, first.best_b, np.inf), per, allowed=allowed, min_score=min_score)
    good = ok[cr]
    parts_r.append(cr[good])
    parts_c.append(cc[good])
    del cr, cc, good
    indptr, c, r = _csr(np.concatenate(parts_r), np.concatenate(parts_c), N, M)
    del parts_r, parts_c, rows, colz

    def weights(r, c):
        w = np.zeros(r.size)
        real = (r < n) & (c < m)
        w[real] = S[r[real], c[real]]
        return w

    start = np.append(est, 0.0) if M > m else est.copy()
    dfirst = True
    if auction:                                    # on the mentees (the dummy's units are not bidders)
        w = weights(r, c)
        span = float(w.max() - min(w.min(), 0.0)) if w.size else 0.0
        if span > 0:
            eps = span / 4 * 0.125 ** np.arange(int(np.ceil(np.log(1e6) / np.log(8))) + 1)
            start, held = _auction(indptr[:n + 1], c, w, capx, start, eps, 40 * n)
            room = live & (held[:m] < capx[:m])
            if d and room.any():
                # where to start the spare places: the dummy's edges should be tight on the mentors
                # that end with room, all at one price. When the bids left the prices close (one
                # price for the mentors with room costs little of what they say: uniform tastes),
                # all of them start at the highest price of a mentor with room and the dummy's units
                # go last, on tight edges; else (shared taste: the prices say who is popular) the
                # dummy's units go first, on the cheapest mentors, and the mentees then displace
                # them. Any start is exact; from unequal prices the dummy's units would raise them
                # a search at a time (2,700 searches at 6,000 x 2,000 uniform, 10,000 places).
                pr = start[:m][room]
                order = np.argsort(pr, kind="stable")
                left = (capx[:m] - held[:m])[room][order]
                tau = float(pr[order][min(np.searchsorted(np.cumsum(left), 0.9 * left.sum()), order.size - 1)])
                top = np.maximum(start[:m], tau)
                if float((top - start[:m])[live].mean()) <= 0.05 * span:
                    start[:m] = np.where(live, top, start[:m])
                    dfirst = False
        del w
    hits = np.zeros(n, np.int64)
    stats = np.zeros(3, np.int64)
    va = np.where(live, 1, 0).astype(np.int64)
    gap = float("inf")
    repairs = 0
    for rounds in range(1, max_rounds + 1):
        row_to, _, ub, _, vb = _sparse_solve(indptr, c, weights(r, c), capx, False, stats, -start, d,
                                             dfirst)
        dfirst = False
        real = np.flatnonzero((row_to[:n] >= 0) & (row_to[:n] < m))
        if int((row_to[:n] >= 0).sum()) < n1:
            # a mentee the candidates could not place: its best pairs from the full matrix join
            # (a few rows / columns read directly), at most 3 times; then the lexicographic
            # rounds decide
            repairs += 1
            more = _reach(S, allowed, min_score, ok, live, capx, row_to, -ub, -vb, n, m, k) if repairs <= 3 else None
            if more is None:
                return None
            indptr, c, r = _csr(np.concatenate([r, more[0]]), np.concatenate([c, more[1]]), N, M)
            start = -vb
            continue
        value = float(S[real, row_to[real]].astype(np.float64).sum())
        U, V = -ub, -vb                            # U[i] + V[j] >= s[i, j] on every candidate pair
        start = V
        tol = 1e-9 * max(1.0, float(np.abs(U).max()), float(np.abs(V).max()))
        kk = np.minimum(widen << np.minimum(hits, 40), m)
        sc = scan_usable(S, V[:m], (np.where(ok, 1, 2), U[:n] + tol), kk, allowed=allowed,
                         min_score=min_score, va=va)
        best = np.where(ok, sc.best_b, 0.0)
        if M > m:
            best = np.where(ok, np.maximum(best, -V[m]), 0.0)
        bound = float(best.sum() + (capx * V).sum())
        if d:                                      # the dummy: U_d = max(-V) over its candidates, all of them
            bound += d * -float(V[:m][live].min())
        added = int(sc.counts.sum())
        hits += sc.counts > 0
        gap = bound - value
        if progress is not None:
            progress(dict(round=rounds, edges=int(r.size), added=added, matched=int(real.size),
                          count_bound=int(real.size), gap=gap, seconds=time.perf_counter() - t0))
        if not added:
            break
        counts, cols = sc.counts, sc.cols
        if N > n:                                  # the dummy's row gets nothing new
            counts, cols = np.append(counts, 0), np.vstack([cols, np.zeros((1, cols.shape[1]), np.int64)])
        indptr, c, r = _merge(indptr, c, counts, cols)
        del sc, counts, cols
    mentor = np.where((row_to[:n] >= 0) & (row_to[:n] < m), row_to[:n], -1).astype(np.int64)
    return mentor, value, gap, rounds, int(r.size)


def _usable(v, a, min_score):
    with np.errstate(invalid="ignore"):
        ok = (v > -np.inf) & (v < np.inf) & (v >= (-np.inf if min_score is None else float(min_score)))
    return ok if a is None else ok & a


def _reach(S, allowed, min_score, ok, live, capx, row_to, U, V, n, m, k):
    """Pairs that let an unmatched mentee of :func:`_balanced` be placed: its ``4 k`` best
    mentors by ``s - V``, and each mentor with places the mentees leave (to the dummy mentee, or
    unfilled) its ``2 cap + k`` best mentees by ``s - U``; None when there is nothing to add
    (the candidates are not the reason)."""
    rr, cc = [], []
    for i in np.flatnonzero(row_to[:n] < 0):
        if not ok[i]:
            continue
        v = np.asarray(S[i], np.float64)
        good = _usable(v, None if allowed is None else allowed[i], min_score) & live
        js = np.flatnonzero(good)
        js = js[np.argsort(-(v[js] - V[js]), kind="stable")[:4 * k]]
        rr.append(np.full(js.size, i))
        cc.append(js)
    load = np.bincount(row_to[:n][row_to[:n] >= 0], minlength=capx.size)
    for j in np.flatnonzero(load[:m] < capx[:m]):
        v = np.asarray(S[:, j], np.float64)
        good = _usable(v, None if allowed is None else allowed[:, j], min_score) & ok
        iz = np.flatnonzero(good)
        iz = iz[np.argsort(-(v[iz] - U[iz]), kind="stable")[:2 * int(capx[j]) + k]]
        rr.append(iz)
        cc.append(np.full(iz.size, j))
    if not rr or sum(x.size for x in rr) == 0:
        return None
    return np.concatenate(rr).astype(np.int64), np.concatenate(cc).astype(np.int64)


def _less_v(a1, b1, a2, b2):
    """Elementwise ``(a1, b1) < (a2, b2)`` lexicographically."""
    return (a1 < a2) | ((a1 == a2) & (b1 < b2))


def _assign_candidates(candidates, capacity, scores):
    if scores is not None:
        raise ValueError("give either scores (dense) or candidates (sparse pairs), not both")
    if hasattr(candidates, "tocoo"):
        C = candidates.tocoo()
        n, m = C.shape
        r, c, w = C.row, C.col, C.data
    else:
        try:
            r, c, w = (np.asarray(a) for a in candidates)
        except (TypeError, ValueError):
            raise ValueError("candidates must be (rows, cols, values) arrays or a scipy.sparse matrix") from None
        if not (r.shape == c.shape == w.shape) or r.ndim != 1:
            raise ValueError(f"candidates rows, cols and values must be 1-D of one length; got shapes "
                             f"{r.shape}, {c.shape}, {w.shape}")
        if r.size and (r.min() < 0 or c.min() < 0):
            raise ValueError("candidates rows and cols must be positions >= 0")
        n = int(r.max()) + 1 if r.size else 0
        m = None
    r = r.astype(np.int64)
    c = c.astype(np.int64)
    w = w.astype(np.float64)
    if not np.isfinite(w).all():
        i = int(np.flatnonzero(~np.isfinite(w))[0])
        raise ValueError(f"candidates values must be finite; pair {i} (row {r[i]}, col {c[i]}) is {w[i]}")
    cap = np.asarray(capacity)
    if m is None:
        m = cap.size if cap.ndim == 1 else (int(c.max()) + 1 if c.size else 0)
    cap = _capacity(capacity, m)
    if c.size and c.max() >= m:
        raise ValueError(f"candidates name mentor {int(c.max())} but capacity has {m} mentors")
    if n == 0 or r.size == 0:
        return LargeAssignment(np.full(n, -1, np.int64), 0.0, float("nan"), 0, 0, 0)
    # duplicates: keep the best score of a repeated pair
    order = np.lexsort((-w, c, r))
    r, c, w = r[order], c[order], w[order]
    first = np.ones(r.size, bool)
    first[1:] = (r[1:] != r[:-1]) | (c[1:] != c[:-1])
    r, c, w = r[first], c[first], w[first]
    indptr = np.zeros(n + 1, np.int64)
    np.cumsum(np.bincount(r, minlength=n), out=indptr[1:])
    row_to = _sparse_solve(indptr, c, w, cap, True, np.zeros(3, np.int64), np.zeros(m))[0]
    hit = row_to >= 0
    pos = np.searchsorted(r * m + c, np.flatnonzero(hit) * m + row_to[hit])
    return LargeAssignment(row_to.astype(np.int64), float(w[pos].sum()), float("nan"), 1, int(r.size), 0)
