"""Peer matching (most pairs, then highest total) at 20,000 people, with a proven bound.

For a large dense symmetric matrix (float32 or float64, NaN = unusable, diagonal ignored) the
exact blossom path of :mod:`.blossom` is too slow. Here, reusing :mod:`.pruned`:

1. **Candidates.** Each person's best ``k`` partners (one parallel pass of
   :func:`.pruned.scan`, no copy of the matrix; the diagonal is dropped afterwards), made
   symmetric. People with no usable partner are set aside; an odd count gets one dummy person
   joined to everyone at weight 0 (whoever pairs with it stays unmatched).
2. **LP relaxation by the bipartite double cover.** Person ``i`` as a row, person ``j`` as a
   column, ``j != i``: the exact assignment on the candidate edges
   (:func:`.pruned._sparse_solve`) gives duals ``u, v``; ``y = (u + v) / 2`` satisfies
   ``y[i] + y[j] >= S[i, j]`` on every candidate edge. A second pass over the *whole* matrix
   finds every pair that violates it; those join the candidates and the assignment is solved
   again (warm-started) until none is left. Then ``y`` is feasible for the dual of the
   fractional perfect-matching LP on all usable pairs, and ``sum(y)`` bounds the total of any
   perfect matching (weak duality), so of any max-cardinality matching once a perfect one is
   found (with the dummy: one person unmatched, the most possible).
3. **Certified optimum** (``edmonds=True``, the default). Edmonds' primal-dual method
   (:func:`.edmonds.perfect`) on the candidate pairs plus each person's ``odd_k`` smallest LP
   slacks, warm-started from the LP: dual ``y`` and the tight pairs of the permutation's cycles
   (so only the people left single on odd cycles need a stage each). Its dual (``y`` plus
   odd-set duals ``z`` on the blossoms) is checked against every pair of the full matrix
   (:func:`.oddsets.check`); violating pairs join and it runs again (``certify_rounds``, 4).
   Then the dual is feasible on every pair and its value equals the matching's total: the
   optimum, proven. If the last run is still violated, the dual is patched to feasibility
   (each person's ``y`` raised by half its worst excess), a proven but looser bound.
   Structured 20,000 people (bench_peer_large): 4 runs, 37 s, proven optimal.
4. **Fallback** when the candidate pairs hold no perfect matching (``edmonds=False`` forces
   it): the permutation's 2-cycles are pairs, an even cycle gives the better of its two
   alternating matchings, the people on odd cycles are matched exactly among themselves
   (:func:`.blossom.max_weight_pairs` on their small submatrix, or each odd cycle broken at its
   cheapest place when there are too many), then a 2-opt pass over the candidate edges; the
   bound is the LP's, tightened by odd-set duals (:func:`.oddsets.tighten`).
5. **Gap.** ``(bound - total) / |bound|``; 0 (within float rounding) means proven optimal.

Returns None when no perfect matching of the people with a partner was found (then "most
pairs" is not proven here; the caller uses the exact path).
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .._jit import njit
from .blossom import max_weight_pairs, sparse_pairs
from .edmonds import perfect
from .edmonds import bound as dual_value
from .oddsets import check, tighten, tree

try:
    import rustworkx  # noqa: F401  (the fast blossom engine; networkx is slow at this size)
    _HAVE_RX = True
except ImportError:  # pragma: no cover
    _HAVE_RX = False
from .pruned import _sparse_solve, scan


@dataclass(frozen=True)
class PeerLarge:
    """``a, b`` (positions, ``a < b``), ``total``, proven ``upper_bound`` and ``gap``
    (``(bound - total) / |bound|``, set to 0 only when the two agree within the dual check's
    tolerance, i.e. proven optimal); ``rounds`` of the LP solve, candidate ``edges``, people
    matched exactly in the odd-cycle clean-up (``pool``), 2-opt ``swaps``; ``certify_rounds``
    of Edmonds' method and the full-matrix check (0 when the odd-set path was taken)."""
    a: np.ndarray
    b: np.ndarray
    total: float
    upper_bound: float
    gap: float
    rounds: int
    edges: int
    pool: int
    swaps: int
    certify_rounds: int = 0

    @property
    def exact(self) -> bool:
        return self.gap == 0.0


@njit
def _check_symmetric(S, rtol, atol):
    """``(i, j)`` of the first asymmetric pair (NaN one way only, or values not close), or
    ``(-2, -2)`` for a +inf, or ``(-1, -1)``."""
    n = S.shape[0]
    bs = 64
    for i0 in range(0, n, bs):
        for j0 in range(i0, n, bs):
            for i in range(i0, min(i0 + bs, n)):
                for j in range(max(j0, i + 1), min(j0 + bs, n)):
                    x = np.float64(S[i, j])
                    z = np.float64(S[j, i])
                    if x == np.inf or z == np.inf:
                        return -2, -2
                    fx = abs(x) < np.inf
                    fz = abs(z) < np.inf
                    if fx != fz:
                        return i, j
                    if fx and abs(x - z) > atol + rtol * abs(z):
                        return i, j
    return -1, -1


def check_symmetric(S: np.ndarray) -> None:
    """``ValueError`` unless ``S`` is symmetric (as :func:`..peers.symmetric_problem` checks),
    in one blocked pass without a copy."""
    i, j = _check_symmetric(S, 1e-9, 1e-12)
    if i == -2:
        raise ValueError(f"scores must be finite numbers, NaN or -inf; got +inf (shape {S.shape})")
    if i >= 0:
        raise ValueError(f"scores must be symmetric for peer matching (shape {S.shape}); "
                         f"e.g. scores[{i}, {j}] != scores[{j}, {i}]")


@njit
def _two_opt(indptr, idx, S, act, mate, dummy, eps, max_passes):
    """Swap partners of two pairs (a-b, c-d -> a-c, b-d) along candidate edges a-c while it
    gains more than ``eps``; ``mate`` in compact ids (``dummy`` = the dummy's id or -1)."""
    N = mate.shape[0]
    swaps = 0
    for _ in range(max_passes):
        changed = 0
        for a in range(N):
            if a == dummy:
                continue
            for e in range(indptr[a], indptr[a + 1]):
                c = idx[e]
                b = mate[a]
                if c == b or c == dummy or c == a:
                    continue
                d = mate[c]
                wac = np.float64(S[act[a], act[c]])
                wab = 0.0 if b == dummy else np.float64(S[act[a], act[b]])
                wcd = 0.0 if d == dummy else np.float64(S[act[c], act[d]])
                if b == dummy or d == dummy:
                    wbd = 0.0
                else:
                    wbd = np.float64(S[act[b], act[d]])
                if not (abs(wbd) < np.inf):
                    continue
                if wac + wbd > wab + wcd + eps:
                    mate[a] = c
                    mate[c] = a
                    mate[b] = d
                    mate[d] = b
                    changed += 1
        swaps += changed
        if changed == 0:
            break
    return swaps


def _csr(rows, cols, N):
    """CSR ``(indptr, cols, rows)`` of the pairs sorted by row then column, repeats dropped
    (a sort, not :func:`.pruned._csr`'s ``np.unique``, which hashes and is ~10x slower here)."""
    key = np.sort(rows.astype(np.int64) * N + cols)
    if key.size:
        key = key[np.concatenate([[True], key[1:] != key[:-1]])]
    r, c = key // N, key % N
    indptr = np.zeros(N + 1, np.int64)
    np.cumsum(np.bincount(r, minlength=N), out=indptr[1:])
    return indptr, c, r


def _weight(S, act, dummy, i, j):
    if i == dummy or j == dummy:
        return 0.0
    return float(S[act[i], act[j]])


def _cycles(row_to):
    """The cycles of the permutation ``row_to`` (lists of positions), each once."""
    seen = np.zeros(row_to.size, bool)
    for s in range(row_to.size):
        if seen[s]:
            continue
        cyc = [s]
        seen[s] = True
        t = int(row_to[s])
        while t != s:
            cyc.append(t)
            seen[t] = True
            t = int(row_to[t])
        yield cyc


def _cycle_start(row_to, S, act, dummy):
    """A matching of tight pairs from the LP's permutation ``row_to``: each 2-cycle a pair, an
    even cycle its heavier alternating half, an odd cycle all but one person (dropped where it
    costs least) along the cycle."""
    N = row_to.size
    mate = np.full(N, -1, np.int64)
    for cyc in _cycles(row_to):
        L = len(cyc)
        if L == 1:
            continue
        w = [_weight(S, act, dummy, cyc[q], cyc[(q + 1) % L]) for q in range(L)]
        if L % 2 == 0:
            start = 0 if sum(w[0::2]) >= sum(w[1::2]) else 1
            npairs = L // 2
        else:
            best, start = -np.inf, 0
            for d in range(L):  # drop cyc[d]: pairs start right after it
                tot = sum(w[(d + 1 + 2 * q) % L] for q in range((L - 1) // 2))
                if tot > best:
                    best, start = tot, d + 1
            npairs = (L - 1) // 2
        for q in range(npairs):
            i, j = cyc[(start + 2 * q) % L], cyc[(start + 2 * q + 1) % L]
            mate[i], mate[j] = j, i
    return mate


def _certify(S, act, dummy, N, y, row_to, rows, colz, scale, tol, near_k, n, pos, max_rounds=4):
    """The optimum by Edmonds' method (:func:`.edmonds.perfect`) on the candidate pairs plus
    each person's ``near_k`` smallest LP slacks, warm-started from the LP (dual ``y``, tight
    pairs of its cycles); its dual is then checked against every pair of the full matrix
    (:func:`.oddsets.check`, which reports each person's worst violations), pairs violating it
    join and it runs again. After ``max_rounds`` runs a still-violated dual is made feasible by
    raising each person's ``y`` by half its worst excess (proven, looser). Returns ``(a, b,
    total, bound, pairs, runs)``, or None when the pairs hold no perfect matching."""
    Y = np.zeros(n)
    Y[act] = y[:act.size]
    near, counts, _, _ = scan(S, Y, np.full(n, -np.inf), near_k + 1)
    r = np.repeat(np.arange(n), counts)
    c = near[np.arange(near_k + 1)[None, :] < counts[:, None]]
    keep = c != r
    ei = np.concatenate([rows, pos[r[keep]]])
    ej = np.concatenate([colz, pos[c[keep]]])
    start = _cycle_start(row_to, S, act, dummy)
    for _ in range(max_rounds):
        lo, hi = np.minimum(ei, ej), np.maximum(ei, ej)
        key = np.unique(lo[lo != hi] * N + hi[lo != hi])
        ei, ej = key // N, key % N
        w = np.zeros(ei.size)
        real = (ei != dummy) & (ej != dummy)
        w[real] = S[act[ei[real]], act[ej[real]]]
        res = perfect(N, ei, ej, w, y, start, eps=1e-12 * scale)
        if res is None:
            return None
        par, A, lo_, hi_, order = tree(res.parent, res.z, N)
        vi, vj = check(S, act, dummy, res.y, par, A, lo_, hi_, order, tol)
        ub = dual_value(res) + N * tol / 2.0
        if vi.size:  # raise each person's y by half its worst excess: feasible again, proven
            exc = _excess(S, act, dummy, res, vi, vj)
            f = np.zeros(N)
            np.maximum.at(f, vi, exc)
            np.maximum.at(f, vj, exc)
            ub += float(f.sum()) / 2.0
        i = np.arange(N)
        mate = res.mate
        sel = (i < mate) & (mate != dummy) & (i != dummy)
        a, b = act[i[sel]], act[mate[sel]]
        a, b = np.minimum(a, b), np.maximum(a, b)
        total = float(np.asarray(S[a, b], np.float64).sum())
        if vi.size == 0 or _ == max_rounds - 1:
            return a, b, total, ub, int(ei.size), _ + 1
        ei = np.concatenate([ei, vi])
        ej = np.concatenate([ej, vj])
    return None


def _excess(S, act, dummy, res, vi, vj):
    """``w[i, j] - (y[i] + y[j] + sum(z[B] : i, j in B))`` for the pairs ``(vi, vj)``."""
    out = np.empty(vi.size)
    for q in range(vi.size):
        i, j = int(vi[q]), int(vj[q])
        up = set()
        x = i
        while res.parent[x] >= 0:
            x = int(res.parent[x])
            up.add(x)
        zs = 0.0
        x = j
        while res.parent[x] >= 0:
            x = int(res.parent[x])
            if x in up:
                zs += res.z[x]
        out[q] = _weight(S, act, dummy, i, j) - (res.y[i] + res.y[j] + zs)
    return out


def _match_pool(S, act, dummy, mate, pool, pool_k):
    """Match the people ``pool`` (compact ids) exactly among themselves into ``mate``: on each
    one's best ``pool_k`` partners first when ``pool_k`` (kept if it matches all but the odd
    one out), else on their whole submatrix."""
    if not pool:
        return
    P = np.array(pool, np.int64)
    W = np.zeros((P.size, P.size))
    real = P[P != dummy]
    sub = np.asarray(S[np.ix_(act[real], act[real])], np.float64)
    inner = np.flatnonzero(P != dummy)
    W[np.ix_(inner, inner)] = sub
    ok = ~np.isnan(W)
    np.fill_diagonal(ok, False)
    if pool_k and P.size > 2 * pool_k:
        # sparse, exact on each one's best pool_k; those it leaves over (everyone's best
        # partners can be the same few) go round again among themselves, densely once few
        Wk = np.where(ok, W, -np.inf)
        left = np.arange(P.size)
        pa_all, pb_all = [], []
        while left.size > max(2 * pool_k, 300):
            Wl = Wk[np.ix_(left, left)]
            top = np.argpartition(-Wl, pool_k, axis=1)[:, :pool_k]
            si = np.repeat(np.arange(left.size), pool_k)
            sj = top.ravel()
            good = np.isfinite(Wl[si, sj])
            pa, pb = sparse_pairs(left.size, si[good], sj[good], Wl[si[good], sj[good]])
            if pa.size == 0:
                break
            pa_all.append(left[pa])
            pb_all.append(left[pb])
            hit = np.zeros(left.size, bool)
            hit[pa] = hit[pb] = True
            left = left[~hit]
        sub_ok = ok[np.ix_(left, left)]
        pa, pb = max_weight_pairs(np.where(sub_ok, W[np.ix_(left, left)], 0.0), sub_ok)
        pa = np.concatenate(pa_all + [left[pa]])
        pb = np.concatenate(pb_all + [left[pb]])
    else:
        pa, pb = max_weight_pairs(np.where(ok, W, 0.0), ok)
    mate[P[pa]] = P[pb]
    mate[P[pb]] = P[pa]


def pair_large(S: np.ndarray, k: int = 10, widen: int = 6, max_rounds: int = 40,
               pool_max: int = 3000, odd_sets: bool = True, odd_k: int = 16,
               round_k: int = 10, pool_k: int = 20, window: int = 4000, edmonds: bool = True,
               certify_rounds: int = 4):
    """:class:`PeerLarge` for the square symmetric ``S`` (NaN = unusable; the caller checked
    symmetry), or None when no perfect matching of the people with a partner was found.

    >>> S = np.array([[0, 5, 1, 0], [5, 0, 0, 1], [1, 0, 0, 2], [0, 1, 2, 0.]], np.float32)
    >>> r = pair_large(S, k=1)
    >>> sorted(zip(r.a.tolist(), r.b.tolist())), r.total, r.exact
    ([(0, 1), (2, 3)], 7.0, True)
    """
    S = np.ascontiguousarray(S)
    n = S.shape[0]
    if n < 2:
        return None
    k = int(min(max(k, 1), n - 1))
    widen = int(min(max(widen, 2), n))
    diag = np.diagonal(S)
    cols, counts, _, bad = scan(S, np.zeros(n), np.full(n, -np.inf), k + 1)
    off = n - bad - np.isfinite(diag)            # usable partners per person
    act = np.flatnonzero(off > 0).astype(np.int64)
    na = act.size
    if na < 2:
        return None
    pos = np.full(n, -1, np.int64)
    pos[act] = np.arange(na)
    dummy = na if na % 2 else -1
    N = na + (na % 2)

    def compact(cols, counts, width):
        r = np.repeat(np.arange(n), counts)
        c = cols[np.arange(width)[None, :] < counts[:, None]]
        keep = c != r
        return pos[r[keep]], pos[c[keep]]

    r0, c0 = compact(cols, counts, k + 1)
    del cols
    parts_r, parts_c = [r0, c0], [c0, r0]
    # a ring i -> i + 1 (when usable) guarantees the assignment is feasible on the candidates
    nxt = np.roll(np.arange(N), -1)
    ring_r = np.arange(N)
    real = (ring_r != dummy) & (nxt != dummy)
    ring_w = np.asarray(S[act[ring_r[real]], act[nxt[real]]], np.float64)
    ring_ok = bool(np.isfinite(ring_w).all())
    if ring_ok:
        parts_r += [ring_r, nxt]
        parts_c += [nxt, ring_r]
    if dummy >= 0:
        everyone = np.arange(na)
        parts_r += [everyone, np.full(na, dummy)]
        parts_c += [np.full(na, dummy), everyone]
    rows = np.concatenate(parts_r)
    colz = np.concatenate(parts_c)

    def values(r, c):
        w = np.zeros(r.size)
        real = (r != dummy) & (c != dummy)
        w[real] = S[act[r[real]], act[c[real]]]
        return w

    stats = np.zeros(3, np.int64)
    cap = np.ones(N, np.int64)
    vb = np.zeros(N)
    if not ring_ok:  # find a perfect assignment on the candidates first (lexicographic solve)
        for _ in range(4):
            indptr, c, r = _csr(rows, colz, N)
            row_to = _sparse_solve(indptr, c, values(r, c), cap, True, stats, np.zeros(N))[0]
            if (row_to >= 0).all():
                break
            kk = min(4 * k, n - 1)
            if kk == k:
                return None
            k = kk
            cols, counts, _, _ = scan(S, np.zeros(n), np.full(n, -np.inf), k + 1)
            r1, c1 = compact(cols, counts, k + 1)
            rows = np.concatenate([rows, r1, c1])
            colz = np.concatenate([colz, c1, r1])
        else:
            return None
    scale = max(1.0, float(np.nanmax(np.abs(values(rows[:1000], colz[:1000])))))
    tol = 1e-10 * scale
    Y = np.zeros(n)
    for rounds in range(1, max_rounds + 1):
        indptr, c, r = _csr(rows, colz, N)
        rows, colz = r, c
        row_to, _, ub, _, vb = _sparse_solve(indptr, c, values(r, c), cap, False, stats, vb)
        y = -(ub + vb) / 2.0
        Y[act] = y[:na]
        new, counts, _, _ = scan(S, Y, Y + tol, widen)
        r1, c1 = compact(new, counts, widen)
        if r1.size == 0:
            break
        rows = np.concatenate([rows, r1, c1])
        colz = np.concatenate([colz, c1, r1])
    else:
        return None  # pragma: no cover - column generation did not settle
    if dummy >= 0 and (y[:na] + y[dummy] < -tol).any():  # pragma: no cover - dummy edges are candidates
        return None
    bound = float(y.sum()) + N * tol / 2.0
    if edmonds:
        done = _certify(S, act, dummy, N, y, row_to, rows, colz, scale, tol, odd_k, n, pos,
                        certify_rounds)
        if done is not None:
            a, b, total, ub, edges, used = done
            gap = max(0.0, (ub - total) / max(abs(ub), 1e-300))
            if ub - total <= 2 * N * tol + 1e-12 * abs(ub):
                gap = 0.0
            return PeerLarge(a, b, total, ub, gap, rounds, edges, 0, 0, used)
    odd_rounds = 0
    tight = None
    if odd_sets:  # odd-set duals on each person's smallest slacks: a tighter proven bound
        near, counts, _, _ = scan(S, Y, np.full(n, -np.inf), odd_k + 1)
        r1, c1 = compact(near, counts, odd_k + 1)
        del near
        ti, tj = np.concatenate([rows, r1]), np.concatenate([colz, c1])
        keep = ti < tj
        tight = tighten(S, act, dummy, y, ti[keep], tj[keep], tol)
        if tight is not None and tight[0] < bound:
            bound, odd_rounds = tight[0], tight[-1]
        else:
            tight = None

    # ---- integral matching from the permutation row_to
    mate = np.full(N, -1, np.int64)
    odd = []
    for cyc in _cycles(row_to):
        L = len(cyc)
        if L % 2:
            odd.append(cyc)
            continue
        w = [_weight(S, act, dummy, cyc[q], cyc[(q + 1) % L]) for q in range(L)]
        off0 = 0 if sum(w[0::2]) >= sum(w[1::2]) else 1
        for q in range(off0, L, 2):
            mate[cyc[q]] = cyc[(q + 1) % L]
            mate[cyc[(q + 1) % L]] = cyc[q]
    full = [v for cyc in odd for v in cyc]
    pool = full
    if len(full) > pool_max or tight is not None:  # break each odd cycle where it costs least, pool the singles
        pool = []
        for cyc in odd:
            L = len(cyc)
            w = [_weight(S, act, dummy, cyc[q], cyc[(q + 1) % L]) for q in range(L)]
            best, drop = -np.inf, 0
            for d in range(L):  # drop cyc[d]; the path after it pairs up
                tot = sum(w[(d + 1 + 2 * q) % L] for q in range((L - 1) // 2))
                if tot > best:
                    best, drop = tot, d
            for q in range((L - 1) // 2):
                i, j = cyc[(drop + 1 + 2 * q) % L], cyc[(drop + 2 + 2 * q) % L]
                mate[i], mate[j] = j, i
            pool.append(cyc[drop])
    _match_pool(S, act, dummy, mate, pool, pool_k if tight is not None else 0)
    if (mate < 0).any() and pool is not full and len(full) <= pool_max:
        mate[np.array(full, np.int64)] = -1      # the singles alone have no perfect matching
        _match_pool(S, act, dummy, mate, full, 0)
    if (mate < 0).any():
        return None  # no perfect matching found: "most pairs" not proven here
    resolved = 0
    if tight is not None and pool and (_HAVE_RX or N <= 3000):
        P = np.array(pool, np.int64)
        # exact blossom around the odd cycles' leftovers: grow the set alternately (a
        # partner by the smallest tightened slacks, then that partner's mate) until window
        # people, solve it exactly on those slacks (it holds a perfect matching: the current
        # one restricted to it) and keep it when better
        _, yp, par, A, lo, hi, order = tight[:7]
        vi, vj = check(S, act, dummy, yp, par, A, lo, hi, order, -4.0 * scale, round_k)
        nb_ptr, nb, _ = _csr(np.concatenate([vi, vj]), np.concatenate([vj, vi]), N)
        inside = np.zeros(N, bool)
        front = np.unique(np.concatenate([P, mate[P]]))
        inside[front] = True
        count = front.size
        while front.size and count < window:
            nxt = np.unique(np.concatenate([nb[nb_ptr[v]:nb_ptr[v + 1]] for v in front]))
            nxt = nxt[~inside[nxt]]
            nxt = np.unique(np.concatenate([nxt, mate[nxt]]))
            nxt = nxt[~inside[nxt]]
            if count + nxt.size > window:
                nxt = nxt[:0] if count > window // 2 else nxt
            inside[nxt] = True
            count += nxt.size
            front = nxt
        W_ = np.flatnonzero(inside)
        loc = np.full(N, -1, np.int64)
        loc[W_] = np.arange(W_.size)
        i = np.arange(N)
        ei, ej = np.concatenate([vi, W_]), np.concatenate([vj, mate[W_]])
        both = inside[ei] & inside[ej]
        ei, ej = ei[both], ej[both]
        pa, pb = sparse_pairs(W_.size, loc[ei], loc[ej], values(ei, ej))
        if 2 * pa.size == W_.size:
            new = mate.copy()
            new[W_[pa]], new[W_[pb]] = W_[pb], W_[pa]
            if values(i, new).sum() > values(i, mate).sum():
                mate = new
            resolved = int(W_.size)
    indptr, c, _ = _csr(rows, colz, N)
    swaps = int(_two_opt(indptr, c, S, act, mate, dummy, tol, 20))
    i = np.arange(N)
    keep = (i < mate) & (mate != dummy) & (i != dummy)
    a, b = act[i[keep]], act[mate[keep]]
    a, b = np.minimum(a, b), np.maximum(a, b)
    total = float(np.asarray(S[a, b], np.float64).sum())
    gap = max(0.0, (bound - total) / max(abs(bound), 1e-300))
    if bound - total <= 2 * N * tol + 1e-12 * abs(bound):
        gap = 0.0  # equal up to the check's tolerance and float rounding: proven optimal
    return PeerLarge(a, b, total, bound, gap, rounds, int(rows.size), len(pool), swaps)
