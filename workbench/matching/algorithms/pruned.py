"""Exact capacitated assignment at enterprise scale: candidate pruning with a dual certificate.

For ``n`` mentees x ``m`` mentors (think 50,000 x 10,000, a 2 GB float32 matrix) the dense
solver of :mod:`.transport` is too slow and needs a float64 copy. Here:

1. **Candidates.** Each mentee keeps its ``k`` best mentors (one parallel pass over the dense
   matrix, no copy), plus one "slot" edge (mentee ``i`` to the mentor owning place ``i`` when
   the places are laid out mentor after mentor) so that the restricted problem always has an
   assignment of every mentee.
2. **Restricted solve.** Successive shortest paths on the sparse candidate graph (the
   mentor-as-capacity-node scheme of :mod:`.transport`, with a binary heap instead of dense
   scans), giving the assignment and the duals: a price ``v[j] >= 0`` per mentor (0 for a
   mentor with room) and a potential per mentee.
3. **Certificate on the full matrix.** For every mentee ``u[i] = max_j (s[i, j] - v[j])`` over
   *all* mentors (a second parallel pass). Then ``u[i] + v[j] >= s[i, j]`` holds for every
   pair, so ``sum(u) + sum(cap * v)`` bounds the total of *any* assignment (LP weak duality;
   every mentee is assigned once, mentor ``j`` at most ``cap[j]`` times, ``v >= 0``). The
   **gap** is that bound minus the total found: it is never negative, and it is zero (up to
   float64 rounding, ~1e-12 relative) exactly when the pruned optimum is the global optimum.
4. **Widening.** Where a mentee's full-row maximum beats its restricted potential, the mentors
   with the largest ``s[i, j] - v[j]`` above it join its candidates and the restricted problem
   is solved again (column generation; it ends because edges are only ever added).

Scope: every pair usable (finite scores) and enough places for everyone (``cap.sum() >= n``);
then "most mentees matched" means all of them and the objective is the highest total. The
sparse input (``candidates=``: only the listed pairs exist) allows any shape, solved with the
lexicographic "most matched, then highest total" costs of :mod:`.transport`.

Why one module (about 500 lines): the candidate scan, the sparse solver's heap and the
certificate share one data layout (CSR candidates, float32 rows, float64 duals) and one set of
numba kernels compiled together; split, each half would only be read with the other open.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .._jit import njit
from .transport import _BIG, _add, _remove, _slots

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
def _push(ha, hb, hj, size, a, b, j):
    k = size
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
    return size + 1


@njit
def _pop(ha, hb, hj, size):
    """Remove the root (read it before calling); returns the new size."""
    size -= 1
    a = ha[size]
    b = hb[size]
    j = hj[size]
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
    if size > 0:
        ha[k] = a
        hb[k] = b
        hj[k] = j
    return size


# --------------------------------------------------------------------------- sparse solver

@njit
def _sparse_solve(indptr, idx, val, cap, lex, stats, vb0):
    """Successive shortest paths on a CSR graph (row ``i``'s mentors ``idx[indptr[i]:indptr[i+1]]``
    with scores ``val``). Costs are ``(-1, -score)`` per pair compared lexicographically when
    ``lex`` (every row may also stay unmatched at ``(0, 0)``), else ``-score`` with every row
    matched (the caller guarantees that is possible). ``stats`` (int64, 3) gets the rows
    searched from, mentors popped and edges relaxed. ``vb0``: the mentors' starting duals (zeros;
    any values when every place will be filled, e.g. the previous round's prices). Returns ``row_to`` (-1 unmatched) and the
    duals ``(ua, ub, va, vb)`` with reduced costs ``>= 0`` on every edge, 0 on matched ones."""
    n = indptr.shape[0] - 1
    m = cap.shape[0]
    big = _BIG
    inf = np.inf
    start, members, cnt, pos, row_to = _slots(cap, n)
    ua = np.zeros(n, np.int64)
    ub = np.zeros(n)
    va = np.zeros(m, np.int64)
    vb = vb0.copy()

    todo = np.empty(n, np.int64)
    ntodo = 0
    for i in range(n):
        best = -inf
        bj = -1
        for e in range(indptr[i], indptr[i + 1]):
            if val[e] + vb[idx[e]] > best:
                best = val[e] + vb[idx[e]]
                bj = idx[e]
        if bj < 0:
            row_to[i] = -2
            continue
        if cnt[bj] < cap[bj]:
            _add(i, bj, members, start, cnt, pos)
            row_to[i] = bj
            ua[i] = -1 if lex else 0
            ub[i] = -best
        else:
            todo[ntodo] = i
            ntodo += 1

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

    stats[0] += ntodo
    for t in range(ntodo):
        i0 = todo[t]
        ua[i0] = 0
        ub[i0] = 0.0
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
        while True:
            nb = 1 if batch < 0 else cnt[batch]
            for q in range(nb):
                r = i0 if batch < 0 else members[start[batch] + q]
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
            if cnt[lj] < cap[lj]:
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


# --------------------------------------------------------------------------- dense passes

@pjit
def _scan(S, v, floor, k, out_idx, out_val, out_cnt, rowmax, bad):
    """Per row ``i``: ``rowmax[i] = max_j (S[i, j] - v[j])`` and the (at most ``k``) mentors with
    the largest ``S[i, j] - v[j]`` above ``floor[i]`` (a min-heap per row, unordered);
    ``bad[i]`` counts non-finite scores. One pass, rows in parallel, no copy of ``S``."""
    n, m = S.shape
    for i in prange(n):
        hv = out_val[i]
        hi = out_idx[i]
        c = 0
        best = -np.inf
        nb = 0
        f = floor[i]
        for j in range(m):
            x = np.float64(S[i, j]) - v[j]
            if not (abs(x) < np.inf):
                nb += 1
                continue
            if x > best:
                best = x
            if x <= f:
                continue
            if c < k:
                p = c  # sift up
                while p > 0:
                    q = (p - 1) >> 1
                    if hv[q] <= x:
                        break
                    hv[p] = hv[q]
                    hi[p] = hi[q]
                    p = q
                hv[p] = x
                hi[p] = j
                c += 1
            elif x > hv[0]:
                p = 0  # replace the root, sift down
                while True:
                    q = 2 * p + 1
                    if q >= k:
                        break
                    if q + 1 < k and hv[q + 1] < hv[q]:
                        q += 1
                    if hv[q] >= x:
                        break
                    hv[p] = hv[q]
                    hi[p] = hi[q]
                    p = q
                hv[p] = x
                hi[p] = j
        out_cnt[i] = c
        rowmax[i] = best
        bad[i] = nb


def scan(S, v, floor, k):
    """``(cols, counts, rowmax, bad)``: see :func:`_scan` (``cols`` is ``(n, k)``, row ``i``'s
    first ``counts[i]`` entries used)."""
    n = S.shape[0]
    cols = np.empty((n, k), np.int64)
    vals = np.empty((n, k))
    counts = np.empty(n, np.int64)
    rowmax = np.empty(n)
    bad = np.empty(n, np.int64)
    _scan(S, np.ascontiguousarray(v, np.float64), np.ascontiguousarray(floor, np.float64), k,
          cols, vals, counts, rowmax, bad)
    return cols, counts, rowmax, bad


# --------------------------------------------------------------------------- driver

@dataclass(frozen=True)
class LargeAssignment:
    """Result of :func:`assign_large`; unpacks as ``mentor, value, gap``.

    ``mentor``: mentor position per mentee (-1 unmatched); ``value``: total score;
    ``gap``: dual bound minus ``value`` (0 up to float rounding = proven optimal; NaN when there
    is no dense matrix to certify against); ``rounds``: restricted solves; ``edges``: candidate
    pairs in the last one; ``k``: first candidates per mentee."""
    mentor: np.ndarray
    value: float
    gap: float
    rounds: int
    edges: int
    k: int

    def __iter__(self):
        return iter((self.mentor, self.value, self.gap))


def _csr(rows, cols, n, m):
    """CSR ``(indptr, cols, rows)`` of the pairs sorted by row then column, repeats dropped."""
    key = np.unique(rows.astype(np.int64) * m + cols)
    r, c = key // m, key % m
    indptr = np.zeros(n + 1, np.int64)
    np.cumsum(np.bincount(r, minlength=n), out=indptr[1:])
    return indptr, c, r


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


def assign_large(scores=None, capacity=1, *, candidates=None, k=None, widen=None,
                 max_rounds=50) -> LargeAssignment:
    """Exact "every mentee matched, highest total" for a large dense ``scores`` (float32 or
    float64, ``n x m``, every value finite, ``capacity.sum() >= n``), proven by a dual
    certificate on the full matrix; or exact over the pairs listed in ``candidates``.

    ``candidates``: ``(rows, cols, values)`` arrays (or a ``scipy.sparse`` matrix with shape
    ``n x m`` whose stored entries are the pairs, explicit zeros included): only those pairs
    exist; the most mentees are matched, then the highest total (``gap`` is NaN).
    ``k``: first candidates per mentee (default ``clip(2 * ceil(n / cap.sum() * 5), 8, 32)``);
    ``widen``: most pairs added per mentee and round (default ``k``).

    >>> S = np.array([[3.0, 1.0], [2.0, 1.0], [0.0, 5.0]], np.float32)
    >>> res = assign_large(S, capacity=[2, 1], k=1)
    >>> res.mentor.tolist(), res.value, res.gap
    ([0, 0, 1], 10.0, 0.0)
    """
    if candidates is not None:
        return _assign_candidates(candidates, capacity, scores)
    S = scores
    if not isinstance(S, np.ndarray) or S.ndim != 2 or S.dtype not in (np.float32, np.float64):
        raise ValueError("scores must be a 2-D float32 or float64 numpy array (mentees x mentors); "
                         f"got {type(S).__name__} {getattr(S, 'dtype', '')} {getattr(S, 'shape', '')}")
    S = np.ascontiguousarray(S)
    n, m = S.shape
    cap = _capacity(capacity, m)
    if n == 0:
        return LargeAssignment(np.zeros(0, np.int64), 0.0, 0.0, 0, 0, 0)
    if int(cap.sum()) < n:
        raise ValueError(f"assign_large needs places for every mentee: capacity sums to {int(cap.sum())} "
                         f"for {n} mentees; use workbench.matching.assign for this case")
    if k is None:
        k = int(np.clip(2 * np.ceil(5 * n / cap.sum()), 8, 32))
    k = int(min(max(int(k), 1), m))
    widen = int(min(max(int(widen or k), 1), m))
    zeros = np.zeros(m)
    cols, counts, rowmax, bad = scan(S, zeros, np.full(n, -np.inf), k)
    if bad.any():
        i = int(np.flatnonzero(bad)[0])
        raise ValueError(f"assign_large needs finite scores; row {i} has {int(bad[i])} NaN/inf value(s) "
                         f"(shape {S.shape}); use workbench.matching.assign for unusable pairs")
    rows = np.concatenate([np.repeat(np.arange(n), counts), np.arange(n)])
    colz = np.concatenate([cols[np.arange(k)[None, :] < counts[:, None]], _slot_edges(cap, n)])
    del cols

    stats = np.zeros(3, np.int64)
    # every place filled: the last round's prices are valid starting duals (no price sign to keep)
    warm = int(cap.sum()) == n
    v = np.zeros(m)
    for rounds in range(1, max_rounds + 1):
        indptr, c, r = _csr(rows, colz, n, m)
        row_to, _, ub, _, vb = _sparse_solve(indptr, c, S[r, c].astype(np.float64), cap, False, stats,
                                             -v if warm else np.zeros(m))
        u, v, edges = -ub, -vb, r.size
        rows, colz = r, c
        value = float(S[np.arange(n), row_to].astype(np.float64).sum())
        v = np.maximum(v, 0.0)   # any v >= 0 gives a valid bound; the solver's are >= 0 anyway
        tol = 1e-9 * max(1.0, float(np.abs(u).max()), float(v.max()))
        new, counts, rowmax, _ = scan(S, v, u + tol, widen)
        gap = float(rowmax.sum() + (cap * v).sum() - value)
        if not counts.any():
            break
        rows = np.concatenate([rows, np.repeat(np.arange(n), counts)])
        colz = np.concatenate([colz, new[np.arange(widen)[None, :] < counts[:, None]]])
    return LargeAssignment(row_to.astype(np.int64), value, gap, rounds, int(edges), k)


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
