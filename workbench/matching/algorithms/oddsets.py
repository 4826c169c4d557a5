"""Odd-set (blossom) duals that tighten the double-cover LP bound of :mod:`.peer_large`.

The perfect-matching polytope is the fractional one plus, for every odd set ``B``, the blossom
inequality ``x(E(B)) <= (|B| - 1) / 2``. Its dual: ``y`` free per person, ``z[B] >= 0`` per odd
set, ``y[i] + y[j] + sum(z[B] : i, j in B) >= w[i, j]`` on every usable pair, and the bound
``sum(y) + sum(z[B] (|B| - 1) / 2)`` on the total of any perfect matching (weak duality). The
double-cover LP gives a feasible ``y`` with ``z = 0``; this module finds ``z`` on a laminar
family of odd sets and lowers ``y`` with it, keeping feasibility, by *dual growth* (as in
Edmonds' method, without the primal side):

* ``r[i, j] = y[i] + y[j] - w[i, j] >= 0`` is the slack; every person starts as an odd
  component of one. In continuous time every odd component ``B`` grows its ``z[B]`` at rate 1
  and lowers each of its people's ``y`` at rate 1/2 (the slack of pairs inside ``B`` is
  unchanged, that of a pair leaving it falls at rate 1/2; the bound falls at rate 1/2).
* When a pair leaving a component becomes tight the two components merge (a node of the merge
  tree); the union grows on while odd and stops when even.
* It runs on a *listed* set of pairs (the smallest slacks per person). The result is then
  checked against every pair of the full matrix (:func:`check`, one pass: along a person's
  ancestors in the merge tree the pairs sharing a given lowest common set ``B`` are two ranges
  of the tree's leaf order); a pair that would be violated is listed and the growth run again.

Everything here is in compact ids ``0..N-1`` (``act`` maps them to rows of ``S``; ``dummy`` is
the id of a dummy person joined to everyone at weight 0, or -1).
"""
from __future__ import annotations

import numpy as np

from .._jit import njit
from .pruned import pjit, prange


@njit
def _hpush(hk, he, size, key, e):
    if size == hk.shape[0]:
        nk = np.empty(2 * size, np.float64)
        ne = np.empty(2 * size, np.int64)
        nk[:size] = hk
        ne[:size] = he
        hk, he = nk, ne
    p = size
    while p > 0:
        q = (p - 1) >> 1
        if hk[q] <= key:
            break
        hk[p] = hk[q]
        he[p] = he[q]
        p = q
    hk[p] = key
    he[p] = e
    return hk, he, size + 1


@njit
def _hpop(hk, he, size):
    """Remove the root (read it first); returns the new size."""
    size -= 1
    if size == 0:
        return 0
    key, e = hk[size], he[size]
    p = 0
    while True:
        q = 2 * p + 1
        if q >= size:
            break
        if q + 1 < size and hk[q + 1] < hk[q]:
            q += 1
        if hk[q] >= key:
            break
        hk[p] = hk[q]
        he[p] = he[q]
        p = q
    hk[p] = key
    he[p] = e
    return size


@njit
def _find(uf, w, v):
    """Root of ``v``; afterwards ``uf[v]`` is the root and ``w[v]`` the offset from ``v`` to it
    (the root's own ``w`` excluded)."""
    r = v
    while uf[r] != r:
        r = uf[r]
    # path compression with offsets: collect the path, then accumulate from the top
    path = []
    x = v
    while uf[x] != r and x != r:
        path.append(x)
        x = uf[x]
    acc = w[x] if x != r else 0.0      # x: the last node below the root (already direct)
    for q in range(len(path) - 1, -1, -1):
        x = path[q]
        acc += w[x]
        w[x] = acc
        uf[x] = r
    return r


@njit
def _grow(N, ei, ej, er, tmax):
    """Dual growth on the listed pairs ``(ei, ej)`` with slacks ``er >= 0`` up to time
    ``tmax``. Returns ``(parent, z, size, nodes)``: the merge forest (leaves ``0..N-1`` are the
    people, ``parent`` -1 at a root), ``z[node]`` (0 for even sets) and ``|node|``."""
    E = ei.shape[0]
    M = 2 * N
    parent = np.full(M, -1, np.int64)
    z = np.zeros(M)
    nsize = np.zeros(M, np.int64)
    nsize[:N] = 1
    uf = np.arange(N)
    w = np.zeros(N)
    size = np.ones(N, np.int64)
    node = np.arange(N)
    t0 = np.zeros(N)
    g0 = np.zeros(N)
    rate = np.ones(N, np.int64)
    nxt = np.full(N, -1, np.int64)
    tail = np.arange(N)
    # adjacency (CSR) of the listed pairs, for re-keying when a component starts to grow
    deg = np.zeros(N + 1, np.int64)
    for e in range(E):
        deg[ei[e] + 1] += 1
        deg[ej[e] + 1] += 1
    for v in range(N):
        deg[v + 1] += deg[v]
    fill = deg[:N].copy()
    inc = np.empty(2 * E, np.int64)
    for e in range(E):
        inc[fill[ei[e]]] = e
        fill[ei[e]] += 1
        inc[fill[ej[e]]] = e
        fill[ej[e]] += 1
    hk = np.empty(max(E, 16), np.float64)
    he = np.empty(max(E, 16), np.int64)
    hs = 0
    for e in range(E):
        hk, he, hs = _hpush(hk, he, hs, er[e], e)     # both ends grow at rate 1: tight at r
    nnode = N
    while hs > 0:
        now = hk[0]
        e = he[0]
        hs = _hpop(hk, he, hs)
        if now > tmax:
            break
        i, j = ei[e], ej[e]
        a = _find(uf, w, i)
        b = _find(uf, w, j)
        if a == b:
            continue
        zi = (w[i] if i != a else 0.0) + w[a] + g0[a] + rate[a] * (now - t0[a])
        zj = (w[j] if j != b else 0.0) + w[b] + g0[b] + rate[b] * (now - t0[b])
        rs = rate[a] + rate[b]
        s = 2.0 * er[e] - zi - zj
        if rs == 0:
            continue
        key = now + max(s, 0.0) / rs
        if key > now + 1e-12 * (1.0 + abs(now)):
            hk, he, hs = _hpush(hk, he, hs, key, e)
            continue
        # merge a and b at time now
        if size[a] < size[b]:
            a, b = b, a
        ga = g0[a] + rate[a] * (now - t0[a])
        gb = g0[b] + rate[b] * (now - t0[b])
        z[node[a]] = ga
        z[node[b]] = gb
        c = nnode
        nnode += 1
        parent[node[a]] = c
        parent[node[b]] = c
        nsize[c] = size[a] + size[b]
        w[a] += ga
        w[b] = w[b] + gb - w[a]
        uf[b] = a
        was_a, was_b = rate[a], rate[b]
        size[a] += size[b]
        node[a] = c
        t0[a] = now
        g0[a] = 0.0
        rate[a] = size[a] % 2
        nxt[tail[a]] = b
        tail[a] = tail[b]
        if rate[a] == 1:  # the even part starts to grow: its pairs' times come earlier
            start = b if was_b == 0 else (a if was_a == 0 else -1)
            if start == a:  # a's old members are those before b in the list
                x = a
                while x != b and x != -1:
                    for q in range(deg[x], deg[x + 1]):
                        f = inc[q]
                        hk, he, hs = _hpush(hk, he, hs, now, f)
                    x = nxt[x]
            elif start == b:
                x = b
                while x != -1:
                    for q in range(deg[x], deg[x + 1]):
                        f = inc[q]
                        hk, he, hs = _hpush(hk, he, hs, now, f)
                    x = nxt[x]
    for v in range(N):  # close the growth of the components still alive
        if uf[v] == v:
            z[node[v]] = g0[v] + rate[v] * (max(tmax, 0.0) - t0[v]) if rate[v] else g0[v]
    return parent[:nnode], z[:nnode], nsize[:nnode], nnode


def tree(parent, z, N):
    """``(parent, A, lo, hi, order)`` of the merge forest with one virtual root on top:
    ``A[node]`` = sum of ``z`` from ``node`` up to the root, ``order`` the leaves in depth-first
    order, ``[lo, hi)`` each node's range in it."""
    M = parent.size
    par = np.append(parent, -1).astype(np.int64)
    par[:M][parent < 0] = M
    z = np.append(z, 0.0)
    return _tree(par, z, N)


@njit
def _tree(par, z, N):
    M = par.shape[0]
    root = M - 1
    nch = np.zeros(M + 1, np.int64)
    for v in range(root):
        nch[par[v] + 1] += 1
    for v in range(M):
        nch[v + 1] += nch[v]
    fill = nch[:M].copy()
    ch = np.empty(max(M - 1, 1), np.int64)
    for v in range(root):
        ch[fill[par[v]]] = v
        fill[par[v]] += 1
    A = np.zeros(M)
    lo = np.zeros(M, np.int64)
    hi = np.zeros(M, np.int64)
    order = np.empty(N, np.int64)
    stack = np.empty(M, np.int64)
    state = np.zeros(M, np.int64)
    sp = 0
    stack[0] = root
    sp = 1
    A[root] = z[root]
    pos = 0
    while sp > 0:
        v = stack[sp - 1]
        if state[v] == 0:
            state[v] = 1
            lo[v] = pos
            if v < N:
                order[pos] = v
                pos += 1
            for q in range(nch[v], nch[v + 1]):
                c = ch[q]
                A[c] = A[v] + z[c]
                stack[sp] = c
                sp += 1
        else:
            hi[v] = pos
            sp -= 1
    return par, A, lo, hi, order


@njit
def _check_row(i, S, act, dummy, yp, par, A, lo, hi, order, tol, k, hj, hv):
    c = 0
    cur = np.int64(i)
    while par[cur] >= 0:
        p = par[cur]
        base = yp[i] + A[p] + tol
        for side in range(2):
            q0 = lo[p] if side == 0 else hi[cur]
            q1 = lo[cur] if side == 0 else hi[p]
            for q in range(q0, q1):
                j = order[q]
                if i == dummy or j == dummy:
                    x = 0.0
                else:
                    x = np.float64(S[act[i], act[j]])
                    if not (abs(x) < np.inf):
                        continue
                x -= base + yp[j]
                if x <= 0.0:
                    continue
                if c < k:
                    h = c
                    while h > 0:
                        g = (h - 1) >> 1
                        if hv[g] <= x:
                            break
                        hv[h] = hv[g]
                        hj[h] = hj[g]
                        h = g
                    hv[h] = x
                    hj[h] = j
                    c += 1
                elif x > hv[0]:
                    h = 0
                    while True:
                        g = 2 * h + 1
                        if g >= k:
                            break
                        if g + 1 < k and hv[g + 1] < hv[g]:
                            g += 1
                        if hv[g] >= x:
                            break
                        hv[h] = hv[g]
                        hj[h] = hj[g]
                        h = g
                    hv[h] = x
                    hj[h] = j
        cur = p
    return c


@pjit
def _check(S, act, dummy, yp, par, A, lo, hi, order, tol, k, out_i, out_v, out_c):
    """Per person ``i``: up to ``k`` partners ``j`` with the largest excess
    ``w[i, j] - (yp[i] + yp[j] + A[lca(i, j)]) > tol`` (NaN = no pair)."""
    N = yp.shape[0]
    for i in prange(N):
        out_c[i] = _check_row(np.int64(i), S, act, dummy, yp, par, A, lo, hi, order, tol, k, out_i[i],
                              out_v[i])


def check(S, act, dummy, yp, par, A, lo, hi, order, tol, k=16):
    """``(i, j)`` arrays of pairs violating the tightened dual by more than ``tol`` (at most
    ``k`` per person, the worst)."""
    N = yp.shape[0]
    out_i = np.empty((N, k), np.int64)
    out_v = np.empty((N, k))
    out_c = np.empty(N, np.int64)
    _check(S, act, dummy, yp, par, A, lo, hi, order, tol, k, out_i, out_v, out_c)
    mask = np.arange(k)[None, :] < out_c[:, None]
    return np.repeat(np.arange(N), out_c), out_i[mask]


def tighten(S, act, dummy, y, ei, ej, tol, max_rounds=8, tmax=None):
    """Odd-set duals for the LP duals ``y`` (feasible within ``tol`` on every pair of ``S``).
    ``ei, ej``: listed pairs (compact ids, ``i != j``), e.g. each person's smallest slacks.
    Returns ``(bound, yp, par, A, lo, hi, order, size, rounds)``, ``bound`` =
    ``sum(yp) + sum(z (|B| - 1) / 2) + N tol / 2`` proven, or None when no round verified
    (then keep the LP bound)."""
    N = y.size
    ei = np.asarray(ei, np.int64)
    ej = np.asarray(ej, np.int64)
    for rounds in range(1, max_rounds + 1):
        lo_, hi_ = np.minimum(ei, ej), np.maximum(ei, ej)
        key = np.unique(lo_ * N + hi_)
        ei, ej = key // N, key % N
        wv = np.zeros(ei.size)
        real = (ei != dummy) & (ej != dummy)
        wv[real] = S[act[ei[real]], act[ej[real]]]
        er = np.maximum(y[ei] + y[ej] - wv, 0.0)
        tm = float(2.0 * er.max() + 1.0) if tmax is None else tmax
        parent, z, size, _ = _grow(N, ei, ej, er, tm)
        par, A, lo, hi, order = tree(parent, z, N)
        yp = y - A[:N] / 2.0
        vi, vj = check(S, act, dummy, yp, par, A, lo, hi, order, tol)
        if vi.size == 0:
            zz = np.append(z, 0.0)
            sz = np.append(size, N + 1)
            odd = (sz % 2 == 1) & (sz > 1)
            bound = float(yp.sum() + (zz[odd] * (sz[odd] - 1) / 2.0).sum()) + N * tol / 2.0
            return bound, yp, par, A, lo, hi, order, sz, rounds
        ei = np.concatenate([ei, vi])
        ej = np.concatenate([ej, vj])
    return None
