"""Maximum-cardinality, then maximum-weight matching in a general graph (peer mentoring).

Exact, in two steps:

1. **Reduced-cost fixing.** The bipartite relaxation (every person both a "row" and a
   "column", solved by :func:`.transport._solve`, which also returns its duals) gives
   symmetric duals ``y`` with ``y[i] + y[j] >= w[i, j]`` and the bound ``UB = sum(y)`` on any
   perfect matching; a perfect matching that uses edge ``(i, j)`` weighs at most
   ``UB - r[i, j]`` with ``r = y[i] + y[j] - w[i, j]``. Solve exactly on the few edges of
   smallest ``r``, get a perfect matching of weight ``L``; every edge with ``r > UB - L``
   then provably belongs to no better matching, so when all edges with ``r <= UB - L`` were
   in the small graph, its optimum is the optimum (else they are added and it is re-solved).
   An odd count gets one dummy person (equal weight to all) so "most pairs" is "perfect".
2. **Blossom engine** on that sparse graph (or on the whole graph when the graph has no
   perfect matching): rustworkx (Rust port of the Edmonds/Galil primal-dual method) when
   installed, else networkx (same method, pure Python). Weights are made integers *exactly*
   for rustworkx (every float is an integer times a power of two).
"""
from __future__ import annotations

import numpy as np

from .._jit import HAVE_NUMBA
from .transport import _solve


def _exact_int_weights(vals: np.ndarray) -> list[int]:
    """Integers proportional to ``vals - min + 1`` (exactly, via a common power of two; scores
    so large that their totals would pass 120 bits are scaled down by a power of two first)."""
    nz = vals[vals != 0]
    if len(nz):
        _, e = np.frexp(nz)
        k = int(max(0, 53 - int(e.min())))
        # keep totals inside 120 bits (rustworkx adds them in 128); only values more than
        # ~2^-60 below the largest are then rounded
        top = float(np.abs(vals).max())
        k = min(max(0, k), int(np.floor(120 - np.log2(top) - np.log2(len(vals)))))
    else:
        k = 0
    ints = [int(x) for x in np.rint(np.ldexp(vals, k))]
    lo = min(ints)
    one = 1 << k if k >= 0 else 1
    return [x - lo + one for x in ints]


def _fixing(S: np.ndarray, usable: np.ndarray, engine: str, per_vertex: int = 6):
    """Exact pairs by reduced-cost fixing, or None when the graph has no perfect matching."""
    n = S.shape[0]
    N = n + (n % 2)
    W = np.full((N, N), np.nan)
    W[:n, :n] = np.where(usable, S, np.nan)
    if N > n:
        W[n, :n] = W[:n, n] = 0.0
    np.fill_diagonal(W, np.nan)
    row_to, ua, ub, va, vb = _solve(W, np.ones(N, np.int64), True)
    if (row_to < 0).any() or (va != 0).any() or (ua != -1).any():
        return None  # no perfect bipartite relaxation: no perfect matching either
    y = -(ub + vb) / 2.0
    ub_total = float(y.sum())
    R = y[:, None] + y[None, :] - W          # NaN where unusable
    ok = ~np.isnan(R)
    tol = 1e-9 * max(1.0, float(np.nanmax(np.abs(W)))) * N
    k = min(per_vertex, N - 1)
    Rk = np.where(ok, R, np.inf)
    kth = np.partition(Rk, k - 1, axis=1)[:, k - 1]
    keep = ok & ((Rk <= kth[:, None]) | (Rk <= kth[None, :]))
    keep[np.arange(N), row_to] = keep[row_to, np.arange(N)] = True
    while True:
        a, b = _engine(W, keep, engine)
        if 2 * len(a) == N:
            L = float(W[a, b].sum())
            need = ok & (R <= ub_total - L + tol)
        elif keep.sum() == ok.sum():
            return None  # not perfect even on the whole graph
        else:  # the few edges kept admit no perfect matching: keep more
            k = min(2 * k, N - 1)
            kth = np.partition(Rk, k - 1, axis=1)[:, k - 1]
            need = ok & ((Rk <= kth[:, None]) | (Rk <= kth[None, :]))
        if not (need & ~keep).any() and 2 * len(a) == N:
            real = (a < n) & (b < n)
            return a[real], b[real]
        keep |= need | need.T


def max_weight_pairs(S: np.ndarray, usable: np.ndarray, engine: str = "auto"):
    """Pairs ``(a, b)`` with ``a < b``: the most pairs, then the highest total of ``S[a, b]``.

    ``usable`` must be symmetric with a False diagonal.

    >>> S = np.array([[0, 5, 1, 0], [5, 0, 0, 1], [1, 0, 0, 0], [0, 1, 0, 0.]])
    >>> ok = ~np.eye(4, dtype=bool); ok[2, 3] = ok[3, 2] = False
    >>> a, b = max_weight_pairs(S, ok)
    >>> sorted(zip(a.tolist(), b.tolist()))
    [(0, 2), (1, 3)]
    """
    if engine == "auto" and S.shape[0] >= 16 and (HAVE_NUMBA or S.shape[0] <= 200):
        out = _fixing(S, usable, engine)
        if out is not None:
            return out
    return _engine(S, usable, engine)


def _engine(S: np.ndarray, usable: np.ndarray, engine: str = "auto"):
    """The blossom engine on the usable (upper-triangle) edges of ``S``."""
    n = S.shape[0]
    iu, ju = np.nonzero(np.triu(usable & ~np.isnan(S), k=1))
    if len(iu) == 0:
        return np.zeros(0, np.int64), np.zeros(0, np.int64)
    vals = S[iu, ju].astype(float)
    pairs = None
    if engine in ("auto", "rustworkx"):
        try:
            import rustworkx as rx
        except ImportError:
            if engine == "rustworkx":
                raise
        else:
            G = rx.PyGraph(multigraph=False)
            G.add_nodes_from(range(n))
            G.add_edges_from(list(zip(iu.tolist(), ju.tolist(), _exact_int_weights(vals))))
            pairs = rx.max_weight_matching(G, max_cardinality=True, weight_fn=lambda w: w)
    if pairs is None:
        import networkx as nx
        G = nx.Graph()
        G.add_nodes_from(range(n))
        lo = vals.min()
        G.add_weighted_edges_from(zip(iu.tolist(), ju.tolist(), (vals - lo + 1.0).tolist()))
        pairs = nx.max_weight_matching(G, maxcardinality=True)
    a = np.array([min(x, y) for x, y in pairs], np.int64)
    b = np.array([max(x, y) for x, y in pairs], np.int64)
    return a, b


def sparse_pairs(n: int, ei: np.ndarray, ej: np.ndarray, w: np.ndarray):
    """Pairs ``(a, b)`` with ``a < b`` of the most pairs, then the highest total, on the graph
    of ``n`` nodes with edges ``(ei, ej)`` of weight ``w`` (finite; repeats allowed, the first
    kept), by the blossom engine (rustworkx, else networkx).

    >>> a, b = sparse_pairs(4, np.array([0, 0, 1, 2]), np.array([1, 2, 3, 3]), np.array([5., 1, 1, 0.5]))
    >>> sorted(zip(a.tolist(), b.tolist()))     # both are perfect: 5 + 0.5 beats 1 + 1
    [(0, 1), (2, 3)]
    """
    ei = np.asarray(ei, np.int64)
    ej = np.asarray(ej, np.int64)
    lo, hi = np.minimum(ei, ej), np.maximum(ei, ej)
    _, first = np.unique(lo * n + hi, return_index=True)
    first = first[lo[first] != hi[first]]
    lo, hi, vals = lo[first], hi[first], np.asarray(w, np.float64)[first]
    if lo.size == 0:
        return np.zeros(0, np.int64), np.zeros(0, np.int64)
    try:
        import rustworkx as rx
    except ImportError:  # pragma: no cover - rustworkx is a dev dependency (networkx: slow)
        import networkx as nx
        G = nx.Graph()
        G.add_nodes_from(range(n))
        G.add_weighted_edges_from(zip(lo.tolist(), hi.tolist(), (vals - vals.min() + 1.0).tolist()))
        pairs = nx.max_weight_matching(G, maxcardinality=True)
    else:
        G = rx.PyGraph(multigraph=False)
        G.add_nodes_from(range(n))
        G.add_edges_from(list(zip(lo.tolist(), hi.tolist(), _exact_int_weights(vals))))
        pairs = rx.max_weight_matching(G, max_cardinality=True, weight_fn=lambda x: x)
    a = np.array([min(x, y) for x, y in pairs], np.int64)
    b = np.array([max(x, y) for x, y in pairs], np.int64)
    return a, b
