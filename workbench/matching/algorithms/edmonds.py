"""Edmonds' primal-dual blossom method, warm-started: an optimal perfect matching of a sparse
graph *with the dual that proves it*.

:mod:`.peer_large` has, from the fractional (double-cover) LP, a dual ``y`` feasible on every
pair and a matching of tight pairs that leaves one person of each odd cycle single. From there
Edmonds' method (as presented by Galil, "Efficient algorithms for finding maximum matching in
graphs", ACM Computing Surveys 1986) needs only one *stage* per two single people instead of
one per pair, which is why it is fast here although the method is O(n^3) from scratch.

The dual it keeps is that of the perfect-matching polytope: ``y`` per person, ``z[B] >= 0`` per
odd set ``B`` (a laminar family, the blossoms), every listed pair ``(i, j)`` with
``y[i] + y[j] + sum(z[B] : i, j in B) >= w[i, j]``, and at the end every matched pair tight and
every blossom with ``z > 0`` holding ``(|B| - 1) / 2`` matched pairs. Then
``sum(y) + sum(z[B] (|B| - 1) / 2)`` equals the matching's total: proven optimal on the listed
pairs (the caller checks the dual against every pair of the full matrix).

Differences from the textbook presentation: perfect matching only (no dual of a single person
reaching 0 ends the search; the search ends when everyone is matched, or when no augmenting
path exists on the listed pairs), any feasible start, floats with a tightness tolerance
``eps``, arrays only (a blossom's children are a cyclic linked list, so rotating it after an
augmentation is O(1); recursion is replaced by explicit stacks), and a new blossom's least-slack
edge to other outer blossoms is found by scanning its people's edges.

Ids: people ``0..n-1``, blossoms ``n..2n-1``; pair ``k`` has endpoints ``2k`` (at ``eu[k]``)
and ``2k + 1`` (at ``ev[k]``); ``mate[v]`` is the endpoint *across* v's matched pair.
Labels: 0 free, 1 outer (S), 2 inner (T); 5 marks a breadcrumb while tracing.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .._jit import njit


@dataclass(frozen=True)
class Certified:
    """``mate`` (person -> person, all matched), the final ``y`` (per person) and ``z`` (per
    node ``0..2n-1``, 0 for people and unused blossoms), ``parent`` (node -> enclosing blossom
    or -1) of the blossom family, the number of ``stages`` (augmentations) and ``steps``
    (dual changes)."""
    mate: np.ndarray
    y: np.ndarray
    z: np.ndarray
    parent: np.ndarray
    stages: int
    steps: int


@njit
def _push_children(b, first, nxt, nch, stack, sp):
    """Push blossom ``b``'s children onto ``stack`` from ``sp``; returns the new top."""
    c = first[b]
    for _ in range(nch[b]):
        stack[sp] = c
        sp += 1
        c = nxt[c]
    return sp


@njit
def _leaves_into(b, n, first, nxt, nch, out, pos, stack):
    """Append the people inside node ``b`` to ``out`` from ``pos``; returns the new end."""
    if b < n:
        out[pos] = b
        return pos + 1
    sp = 1
    stack[0] = b
    while sp > 0:
        sp -= 1
        x = stack[sp]
        if x < n:
            out[pos] = x
            pos += 1
            continue
        sp = _push_children(x, first, nxt, nch, stack, sp)
    return pos


@njit
def _step(c, fwd, nxt, prv):
    return nxt[c] if fwd else prv[c]


@njit
def _ep_at(c, fwd, endp, prv):
    """The endpoint at child ``c`` of the pair joining it to a neighbour in its blossom's
    cycle: walking forward, the next child; walking backward, the previous one."""
    return endp[c] if fwd else endp[prv[c]] ^ 1


@njit
def _index(b, t, first, nxt):
    c = first[b]
    i = 0
    while c != t:
        c = nxt[c]
        i += 1
    return i


@njit
def _slack(k, eu, ev, w, y):
    return y[eu[k]] + y[ev[k]] - w[k]


@njit
def _scan_blossom(v, wv, endpoint, label, labelend, inb, bbase, path):
    """Trace back from the outer people ``v`` and ``wv``: the base of the new blossom they
    close, or -1 when the two paths end at different single people (an augmenting path)."""
    plen = 0
    base = -1
    while v != -1:
        b = inb[v]
        if label[b] & 4:
            base = bbase[b]
            break
        path[plen] = b
        plen += 1
        label[b] = 5
        if labelend[b] == -1:
            v = -1
        else:
            v = endpoint[labelend[b]]
            b = inb[v]
            v = endpoint[labelend[b]]
        if wv != -1:
            v, wv = wv, v
    for q in range(plen):
        label[path[q]] = 1
    return base


@njit
def _augment_blossom(b0, v0, n, endpoint, mate, bpar, bbase, first, nxt, prv, endp, tasks):
    """Re-match the inside of blossom ``b0`` so that ``v0`` becomes its base (and the same,
    recursively, inside every sub-blossom on the way)."""
    sp = 1
    tasks[0, 0] = b0
    tasks[0, 1] = v0
    while sp > 0:
        sp -= 1
        b = tasks[sp, 0]
        v = tasks[sp, 1]
        t = v
        while bpar[t] != b:
            t = bpar[t]
        if t >= n:
            tasks[sp, 0] = t
            tasks[sp, 1] = v
            sp += 1
        i = _index(b, t, first, nxt)
        fwd = (i & 1) == 1
        c = t
        base = first[b]
        while c != base:
            c = _step(c, fwd, nxt, prv)
            p = _ep_at(c, fwd, endp, prv)
            if c >= n:
                tasks[sp, 0] = c
                tasks[sp, 1] = endpoint[p]
                sp += 1
            c = _step(c, fwd, nxt, prv)
            if c >= n:
                tasks[sp, 0] = c
                tasks[sp, 1] = endpoint[p ^ 1]
                sp += 1
            mate[endpoint[p]] = p ^ 1
            mate[endpoint[p ^ 1]] = p
        first[b] = t
        bbase[b] = v


# ---- the state, bundled in two tuples of arrays (numba passes them by reference)
# B: 0 label, 1 labelend, 2 inb, 3 bpar, 4 bbase, 5 first, 6 nxt, 7 prv, 8 nch, 9 endp,
#    10 bestedge, 11 z, 12 y, 13 mate, 14 allow, 15 treeof
# W: 0 queue, 1 stack, 2 buf, 3 chain, 4 tasks, 5 unused, 6 lnode, 7 lnext, 8 thead, 9 lfree,
#    10 fbuf, 11 cnt, 12 inq (queued, so the queue holds each person at most once)
Q, NU, LF = 0, 1, 2     # slots of cnt: queue length, unused blossom ids, free log entries


@njit
def _qpush(v, W):
    queue, cnt, inq = W[0], W[11], W[12]
    if not inq[v]:
        inq[v] = True
        queue[cnt[Q]] = v
        cnt[Q] += 1


@njit
def _qpush_leaves(b, n, B, W):
    first, nxt, nch = B[5], B[6], B[8]
    stack = W[1]
    if b < n:
        _qpush(b, W)
        return
    sp = 1
    stack[0] = b
    while sp > 0:
        sp -= 1
        x = stack[sp]
        if x < n:
            _qpush(x, W)
            continue
        sp = _push_children(x, first, nxt, nch, stack, sp)


@njit
def _log(x, tree, B, W):
    """Note node ``x`` as labelled in ``tree`` (each tree keeps a list, to dissolve it after
    it augments)."""
    treeof = B[15]
    lnode, lnext, thead, lfree, cnt = W[6], W[7], W[8], W[9], W[11]
    treeof[x] = tree
    if cnt[LF] == 0:
        raise RuntimeError("edmonds: label log exhausted")
    cnt[LF] -= 1
    e = lfree[cnt[LF]]
    lnode[e] = x
    lnext[e] = thead[tree]
    thead[tree] = e


@njit
def _assign(wv, t, p, tree, n, endpoint, B, W):
    """Label the top-level blossom of ``wv`` ``t`` (reached through remote endpoint ``p``) in
    ``tree``; an inner blossom's mate becomes outer. Outer people go on the queue."""
    label, labelend, inb, bbase, bestedge, mate = B[0], B[1], B[2], B[4], B[10], B[13]
    while True:
        b = inb[wv]
        label[wv] = t
        label[b] = t
        labelend[wv] = p
        labelend[b] = p
        bestedge[wv] = -1
        bestedge[b] = -1
        _log(b, tree, B, W)
        if t == 1:
            _qpush_leaves(b, n, B, W)
            return
        base = bbase[b]
        pm = mate[base]
        wv = endpoint[pm]
        t = 1
        p = pm ^ 1


@njit
def _best_to_outer(v, skip, eu, ev, w, endpoint, adj_ptr, adj, B):
    """``(pair, slack)`` of ``v``'s least-slack pair to an outer blossom other than ``skip``
    (-1 when none)."""
    label, inb, y = B[0], B[2], B[12]
    best = -1
    bs = 0.0
    for e in range(adj_ptr[v], adj_ptr[v + 1]):
        p = adj[e]
        bj = inb[endpoint[p]]
        if bj != skip and label[bj] == 1:
            s = _slack(p >> 1, eu, ev, w, y)
            if best == -1 or s < bs:
                best = p >> 1
                bs = s
    return best, bs


@njit
def _blossom_best(b, n, eu, ev, w, endpoint, adj_ptr, adj, B, W):
    """The least-slack pair from blossom ``b``'s people to another outer blossom, or -1."""
    first, nxt, nch = B[5], B[6], B[8]
    buf, stack = W[2], W[1]
    nl = _leaves_into(b, n, first, nxt, nch, buf, 0, stack)
    best = -1
    bs = 0.0
    for q in range(nl):
        k, s = _best_to_outer(buf[q], b, eu, ev, w, endpoint, adj_ptr, adj, B)
        if k != -1 and (best == -1 or s < bs):
            best = k
            bs = s
    return best


@njit
def _add_blossom(base, k, n, eu, ev, w, endpoint, adj_ptr, adj, B, W):
    """A new outer blossom closed by pair ``k`` between two outer people of one tree."""
    (label, labelend, inb, bpar, bbase, first, nxt, prv, nch, endp, bestedge, z) = B[:12]
    treeof = B[15]
    queue, buf, chain, unused, cnt, stack = W[0], W[2], W[3], W[5], W[11], W[1]
    bb = inb[base]
    bv = inb[eu[k]]
    bw = inb[ev[k]]
    cnt[NU] -= 1
    b = unused[cnt[NU]]
    bbase[b] = base
    bpar[b] = -1
    bpar[bb] = b
    cv = 0
    while bv != bb:
        bpar[bv] = b
        chain[cv] = bv
        cv += 1
        bv = inb[endpoint[labelend[bv]]]
    prev = bb
    first[b] = bb
    count = 1
    for q in range(cv - 1, -1, -1):
        c = chain[q]
        endp[prev] = labelend[c]
        nxt[prev] = c
        prv[c] = prev
        prev = c
        count += 1
    endp[prev] = 2 * k
    while bw != bb:
        bpar[bw] = b
        nxt[prev] = bw
        prv[bw] = prev
        endp[bw] = labelend[bw] ^ 1
        prev = bw
        count += 1
        bw = inb[endpoint[labelend[bw]]]
    nxt[prev] = bb
    prv[bb] = prev
    nch[b] = count
    label[b] = 1
    labelend[b] = labelend[bb]
    z[b] = 0.0
    _log(b, treeof[bb], B, W)
    nl = _leaves_into(b, n, first, nxt, nch, buf, 0, stack)
    for q in range(nl):
        x = buf[q]
        if label[inb[x]] == 2:
            _qpush(x, W)
        inb[x] = b
    c = first[b]
    for _ in range(count):
        bestedge[c] = -1
        c = nxt[c]
    bestedge[b] = _blossom_best(b, n, eu, ev, w, endpoint, adj_ptr, adj, B, W)


@njit
def _expand(b0, endstage, n, endpoint, B, W):
    """Dissolve top-level blossom ``b0`` into its children (``endstage``: also those children
    with z = 0, recursively). Else ``b0`` is inner: its children on the even path from where it
    was entered to its base become inner/outer, the rest free unless reached."""
    (label, labelend, inb, bpar, bbase, first, nxt, prv, nch, endp, bestedge, z) = B[:12]
    allow, treeof = B[14], B[15]
    stack, buf, todo, unused, cnt = W[1], W[2], W[3], W[5], W[11]
    nt = 1
    todo[0] = b0
    while nt > 0:
        nt -= 1
        b = todo[nt]
        tree = treeof[b]
        c = first[b]
        for _ in range(nch[b]):
            bpar[c] = -1
            if c < n:
                inb[c] = c
            elif endstage and z[c] == 0.0:
                todo[nt] = c
                nt += 1
            else:
                nl = _leaves_into(c, n, first, nxt, nch, buf, 0, stack)
                for q in range(nl):
                    inb[buf[q]] = c
            c = nxt[c]
        if (not endstage) and label[b] == 2:
            entry = inb[endpoint[labelend[b] ^ 1]]
            j = _index(b, entry, first, nxt)
            fwd = (j & 1) == 1
            c = entry
            p = labelend[b]
            base = first[b]
            while c != base:
                label[endpoint[p ^ 1]] = 0
                q = _ep_at(c, fwd, endp, prv)
                label[endpoint[q ^ 1]] = 0
                _assign(endpoint[p ^ 1], 2, p, tree, n, endpoint, B, W)
                allow[q >> 1] = True
                c = _step(c, fwd, nxt, prv)
                p = _ep_at(c, fwd, endp, prv)
                allow[p >> 1] = True
                c = _step(c, fwd, nxt, prv)
            label[endpoint[p ^ 1]] = 2
            label[c] = 2
            labelend[endpoint[p ^ 1]] = p
            labelend[c] = p
            bestedge[c] = -1
            _log(c, tree, B, W)
            c = _step(c, fwd, nxt, prv)
            while c != entry:
                if label[c] == 1:
                    c = _step(c, fwd, nxt, prv)
                    continue
                nl = _leaves_into(c, n, first, nxt, nch, buf, 0, stack)
                hit = -1
                for q in range(nl):
                    if label[buf[q]] != 0:
                        hit = buf[q]
                        break
                if hit >= 0:
                    label[hit] = 0
                    label[endpoint[B[13][bbase[c]]]] = 0
                    # reached from an outer person of any tree: it joins that tree
                    _assign(hit, 2, labelend[hit], treeof[inb[endpoint[labelend[hit]]]], n,
                            endpoint, B, W)
                c = _step(c, fwd, nxt, prv)
        label[b] = -1
        labelend[b] = -1
        first[b] = -1
        nch[b] = 0
        bbase[b] = -1
        bestedge[b] = -1
        treeof[b] = -1
        unused[cnt[NU]] = b
        cnt[NU] += 1


@njit
def _dissolve(tree, n, eu, ev, w, endpoint, adj_ptr, adj, eps, B, W):
    """After ``tree`` augmented: unlabel all it holds (its outer blossoms with z = 0 dissolve),
    forget what other trees learnt through it, and let them grow into its people."""
    (label, labelend, inb, bpar, bbase, first, nxt, prv, nch, endp, bestedge, z, y, mate, allow,
     treeof) = B
    stack, lnode, lnext, thead, lfree, fbuf, cnt = W[1], W[6], W[7], W[8], W[9], W[10], W[11]
    nf = 0
    e = thead[tree]
    while e != -1:
        x = lnode[e]
        lfree[cnt[LF]] = e
        cnt[LF] += 1
        e = lnext[e]
        if treeof[x] != tree:
            continue
        treeof[x] = -1
        if bpar[x] != -1 or label[x] <= 0:
            continue
        was = label[x]
        # clear x and everything inside it
        sp = 1
        stack[0] = x
        while sp > 0:
            sp -= 1
            u = stack[sp]
            label[u] = 0
            labelend[u] = -1
            bestedge[u] = -1
            if u < n:
                fbuf[nf] = u
                nf += 1
                continue
            sp = _push_children(u, first, nxt, nch, stack, sp)
        if was == 1 and x >= n and z[x] == 0.0:
            _expand(x, True, n, endpoint, B, W)
    thead[tree] = -1
    # its people are free now: other trees' outer people next to them by a tight pair grow
    # into them (rescanned); else the least slack is kept for the next dual change. People
    # inside other trees' inner blossoms reached through them are reached again or not.
    for q in range(nf):
        v = fbuf[q]
        for e2 in range(adj_ptr[v], adj_ptr[v + 1]):
            p = adj[e2]
            k = p >> 1
            allow[k] = False
            s = endpoint[p]
            bs = inb[s]
            if label[bs] == 1 and bs != inb[v]:
                sl = _slack(k, eu, ev, w, y)
                if sl <= eps:
                    _qpush(s, W)
                elif bestedge[v] == -1 or sl < _slack(bestedge[v], eu, ev, w, y):
                    bestedge[v] = k
            elif label[bs] == 2 and s != bs and label[s] == 2 and (labelend[s] >> 1) == k:
                label[s] = 0
                labelend[s] = -1
                k3, sl = _best_to_outer(s, bs, eu, ev, w, endpoint, adj_ptr, adj, B)
                bestedge[s] = k3
                if k3 != -1 and sl <= eps:     # reached again through another tree
                    label[s] = 2
                    labelend[s] = 2 * k3 + 1 if eu[k3] == s else 2 * k3
                    allow[k3] = True
                    bestedge[s] = -1


@njit
def _other(k, v, eu, ev):
    return ev[k] if eu[k] == v else eu[k]


@njit
def _solve(n, eu, ev, w, endpoint, adj_ptr, adj, y, mate, eps, max_steps):
    """The primal-dual loop from ``y`` and ``mate`` (both updated in place), with every
    single person the root of its own tree; trees that do not augment live on.
    Returns ``(z, bpar, bbase, augmentations, steps, status)``: status 0 perfect, 1 no
    augmenting path left (no perfect matching on these pairs), 2 ``max_steps`` reached."""
    m = eu.shape[0]
    nb = 2 * n
    B = (np.zeros(nb, np.int64), np.full(nb, -1, np.int64), np.arange(n), np.full(nb, -1, np.int64),
         np.concatenate((np.arange(n), np.full(n, -1, np.int64))), np.full(nb, -1, np.int64),
         np.full(nb, -1, np.int64), np.full(nb, -1, np.int64), np.zeros(nb, np.int64),
         np.full(nb, -1, np.int64), np.full(nb, -1, np.int64), np.zeros(nb), y, mate,
         np.zeros(m, np.bool_), np.full(nb, -1, np.int64))
    L = 16 * n + 64
    W = (np.empty(2 * n + 2, np.int64), np.empty(nb + 1, np.int64), np.empty(n + 1, np.int64),
         np.empty(nb + 1, np.int64), np.empty((nb + 1, 2), np.int64),
         np.arange(nb - 1, n - 1, -1), np.empty(L, np.int64), np.empty(L, np.int64),
         np.full(n, -1, np.int64), np.arange(L - 1, -1, -1), np.empty(n + 1, np.int64),
         np.array([0, n, L]), np.zeros(n, np.bool_))
    (label, labelend, inb, bpar, bbase, first, nxt, prv, nch, endp, bestedge, z, y, mate, allow,
     treeof) = B
    queue, cnt = W[0], W[11]
    nfree = 0
    for v in range(n):
        if mate[v] == -1:
            nfree += 1
            _assign(v, 1, -1, v, n, endpoint, B, W)
    aug = 0
    steps = 0
    status = 0
    while nfree > 0:
        while cnt[Q] > 0:
            cnt[Q] -= 1
            v = queue[cnt[Q]]
            W[12][v] = False
            if label[inb[v]] != 1:
                continue                  # its tree augmented meanwhile
            for e in range(adj_ptr[v], adj_ptr[v + 1]):
                p = adj[e]
                k = p >> 1
                wv = endpoint[p]
                if inb[v] == inb[wv]:
                    continue
                ks = 0.0
                if not allow[k]:
                    ks = _slack(k, eu, ev, w, y)
                    if ks <= eps:
                        allow[k] = True
                if allow[k]:
                    lw = label[inb[wv]]
                    if lw == 0:
                        _assign(wv, 2, p ^ 1, treeof[inb[v]], n, endpoint, B, W)
                    elif lw == 1:
                        base = _scan_blossom(v, wv, endpoint, label, labelend, inb, bbase, W[3])
                        if base >= 0:
                            _add_blossom(base, k, n, eu, ev, w, endpoint, adj_ptr, adj, B, W)
                        else:
                            ta, tb = treeof[inb[eu[k]]], treeof[inb[ev[k]]]
                            _augment(k, n, endpoint, eu, ev, B, W)
                            aug += 1
                            nfree -= 2
                            _dissolve(ta, n, eu, ev, w, endpoint, adj_ptr, adj, eps, B, W)
                            _dissolve(tb, n, eu, ev, w, endpoint, adj_ptr, adj, eps, B, W)
                            break
                    elif label[wv] == 0:
                        label[wv] = 2
                        labelend[wv] = p ^ 1
                elif label[inb[wv]] == 1:
                    b = inb[v]
                    if bestedge[b] == -1 or ks < _slack(bestedge[b], eu, ev, w, y):
                        bestedge[b] = k
                elif label[wv] == 0:
                    if bestedge[wv] == -1 or ks < _slack(bestedge[wv], eu, ev, w, y):
                        bestedge[wv] = k
        if nfree == 0:
            break
        # ---- no augmenting path on tight pairs: change the dual
        if steps >= max_steps:
            status = 2
            break
        steps += 1
        dtype = -1
        delta = 0.0
        dedge = -1
        dblossom = -1
        for v in range(n):          # free (or unreached inside an inner blossom) to outer
            if label[inb[v]] == 0:
                k = bestedge[v]
                if k != -1 and label[inb[_other(k, v, eu, ev)]] != 1:
                    k, _ = _best_to_outer(v, inb[v], eu, ev, w, endpoint, adj_ptr, adj, B)
                    bestedge[v] = k
                if k != -1:
                    d = _slack(k, eu, ev, w, y)
                    if dtype == -1 or d < delta:
                        delta = d
                        dtype = 2
                        dedge = k
        for b in range(nb):         # outer to outer: half the slack
            if bpar[b] == -1 and label[b] == 1 and bestedge[b] != -1:
                k = bestedge[b]
                i, j = inb[eu[k]], inb[ev[k]]
                if not ((i == b) != (j == b) and label[i] == 1 and label[j] == 1):
                    k = _blossom_best(b, n, eu, ev, w, endpoint, adj_ptr, adj, B, W) if b >= n \
                        else _best_to_outer(b, b, eu, ev, w, endpoint, adj_ptr, adj, B)[0]
                    bestedge[b] = k
                if k != -1:
                    d = _slack(k, eu, ev, w, y) / 2.0
                    if dtype == -1 or d < delta:
                        delta = d
                        dtype = 3
                        dedge = k
        for b in range(n, nb):      # inner blossom's z reaching 0
            if bbase[b] >= 0 and bpar[b] == -1 and label[b] == 2:
                d = z[b] / 2.0
                if dtype == -1 or d < delta:
                    delta = d
                    dtype = 4
                    dblossom = b
        if dtype == -1:
            status = 1
            break                   # no augmenting path at all on these pairs
        if delta < 0.0:
            delta = 0.0
        for v in range(n):
            lb = label[inb[v]]
            if lb == 1:
                y[v] -= delta
            elif lb == 2:
                y[v] += delta
        for b in range(n, nb):
            if bbase[b] >= 0 and bpar[b] == -1:
                if label[b] == 1:
                    z[b] += 2.0 * delta
                elif label[b] == 2:
                    z[b] -= 2.0 * delta
        if dtype == 2:
            allow[dedge] = True
            i = eu[dedge]
            if label[inb[i]] != 1:
                i = ev[dedge]
            _qpush(i, W)
        elif dtype == 3:
            allow[dedge] = True
            _qpush(eu[dedge], W)
        else:
            z[dblossom] = 0.0
            _expand(dblossom, False, n, endpoint, B, W)
    return z, bpar, bbase, aug, steps, status


@njit
def _augment(k, n, endpoint, eu, ev, B, W):
    """Swap matched and unmatched pairs along the augmenting path through pair ``k``."""
    labelend, inb, bpar, bbase, first, nxt, prv, endp, mate = (B[1], B[2], B[3], B[4], B[5], B[6],
                                                               B[7], B[9], B[13])
    tasks = W[4]
    for side in range(2):
        s = eu[k] if side == 0 else ev[k]
        pp = 2 * k + 1 if side == 0 else 2 * k
        while True:
            bs_ = inb[s]
            if bs_ >= n:
                _augment_blossom(bs_, s, n, endpoint, mate, bpar, bbase, first, nxt, prv, endp,
                                 tasks)
            mate[s] = pp
            if labelend[bs_] == -1:
                break
            t = endpoint[labelend[bs_]]
            bt = inb[t]
            s = endpoint[labelend[bt]]
            j = endpoint[labelend[bt] ^ 1]
            if bt >= n:
                _augment_blossom(bt, j, n, endpoint, mate, bpar, bbase, first, nxt, prv, endp,
                                 tasks)
            mate[j] = labelend[bt]
            pp = labelend[bt] ^ 1


def perfect(n: int, eu: np.ndarray, ev: np.ndarray, w: np.ndarray, y: np.ndarray,
            mate: np.ndarray, eps: float = 0.0, max_steps: int = 10 ** 7) -> Certified | None:
    """The maximum-weight perfect matching of the ``n`` people on the pairs ``(eu[k], ev[k])``
    of weight ``w[k]`` (each pair once, ``eu != ev``), started from the dual ``y`` (feasible:
    ``y[i] + y[j] >= w`` on every pair) and the matching ``mate`` (person -> person or -1; its
    pairs must be listed and tight). :class:`Certified`, or None when these pairs hold no
    perfect matching (or ``max_steps`` dual changes did not reach one).

    >>> eu, ev = np.array([0, 1, 2, 0, 3]), np.array([1, 2, 0, 3, 4])
    >>> w = np.array([4., 4., 4., 1., 0.])     # a triangle; 3 hangs off 0, 4 off 3
    >>> y = np.array([2., 2., 2., 0., 0.])     # the fractional optimum: half of each side
    >>> r = perfect(5, eu, ev, w, y, np.array([1, 0, -1, 4, 3]))
    >>> r is None      # 5 people: no perfect matching
    True
    """
    eu = np.ascontiguousarray(eu, np.int64)
    ev = np.ascontiguousarray(ev, np.int64)
    w = np.ascontiguousarray(w, np.float64)
    y = np.array(y, np.float64)
    m = eu.size
    endpoint = np.empty(2 * m, np.int64)
    endpoint[0::2] = eu
    endpoint[1::2] = ev
    owner = np.concatenate([eu, ev])
    remote = np.concatenate([2 * np.arange(m) + 1, 2 * np.arange(m)])
    order = np.argsort(owner, kind="stable")
    adj = remote[order].astype(np.int64)
    adj_ptr = np.zeros(n + 1, np.int64)
    np.cumsum(np.bincount(owner, minlength=n), out=adj_ptr[1:])
    mate_ep = np.full(n, -1, np.int64)
    mate = np.asarray(mate, np.int64)
    if (mate >= 0).any():  # endpoints of the starting pairs
        lo, hi = np.minimum(eu, ev), np.maximum(eu, ev)
        key = lo * n + hi
        srt = np.argsort(key)
        v = np.flatnonzero(mate > np.arange(n))
        pos = np.searchsorted(key[srt], v * n + mate[v])
        pos = np.minimum(pos, m - 1)
        k = srt[pos]
        if not (key[k] == v * n + mate[v]).all():
            raise ValueError("every starting pair must be one of the listed pairs")
        at_v = np.where(eu[k] == v, 2 * k, 2 * k + 1)   # endpoint at v
        mate_ep[v] = at_v ^ 1
        mate_ep[mate[v]] = at_v
    z, bpar, bbase, stages, steps, status = _solve(n, eu, ev, w, endpoint, adj_ptr, adj, y,
                                                   mate_ep, float(eps), int(max_steps))
    if status != 0:
        return None
    mv = endpoint[mate_ep]
    z = np.where(bbase >= 0, z, 0.0)
    z[:n] = 0.0
    parent = np.where(bbase >= 0, bpar, -1)
    return Certified(mv, y, z, parent, int(stages), int(steps))


def bound(c: Certified) -> float:
    """``sum(y) + sum(z[B] (|B| - 1) / 2)``: the dual's value (the total of the perfect matching
    it certifies, and an upper bound on every perfect matching where it is feasible)."""
    n = c.y.size
    size = np.zeros(c.parent.size, np.int64)
    size[:n] = 1
    # children before parents: a blossom's id is not ordered, so propagate by depth
    node = np.arange(n)
    while node.size:
        up = c.parent[node]
        node = up[up >= 0]
        np.add.at(size, node, 1)
    return float(c.y.sum() + (c.z * np.maximum(size - 1, 0) / 2.0).sum())
