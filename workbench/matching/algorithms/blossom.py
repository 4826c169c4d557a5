"""Maximum-cardinality, then maximum-weight matching in a general graph (peer mentoring).

Engines, best first: rustworkx (Rust port of the Edmonds/Galil primal-dual blossom method)
when installed, else networkx (same method, pure Python: fine for small groups).
Weights are made integers *exactly* for rustworkx (every float is an integer times a power
of two), so the optimum is exact for any real scores.
"""
from __future__ import annotations

import numpy as np


def _exact_int_weights(vals: np.ndarray) -> list[int]:
    """Integers proportional to ``vals - min + 1`` (exactly, via a common power of two)."""
    nz = vals[vals != 0]
    if len(nz):
        _, e = np.frexp(nz)
        k = int(max(0, 53 - int(e.min())))
        # keep totals inside 128 bits (rustworkx); beyond that rounding of far tiny values
        top = float(np.abs(vals).max())
        while k > 0 and top * 2.0 ** k * len(vals) > 2.0 ** 120:
            k -= 1
    else:
        k = 0
    ints = [int(x) for x in np.ldexp(vals, k)] if k < 1000 else [int(round(x)) for x in vals]
    lo = min(ints)
    one = 1 << k
    return [x - lo + one for x in ints]


def max_weight_pairs(S: np.ndarray, usable: np.ndarray, engine: str = "auto"):
    """Pairs ``(a, b)`` with ``a < b``: the most pairs, then the highest total of ``S[a, b]``.

    ``usable`` must be symmetric with a False diagonal.

    >>> S = np.array([[0, 5, 1, 0], [5, 0, 0, 1], [1, 0, 0, 0], [0, 1, 0, 0.]])
    >>> ok = ~np.eye(4, dtype=bool); ok[2, 3] = ok[3, 2] = False
    >>> a, b = max_weight_pairs(S, ok)
    >>> sorted(zip(a.tolist(), b.tolist()))
    [(0, 2), (1, 3)]
    """
    n = S.shape[0]
    iu, ju = np.nonzero(np.triu(usable, k=1))
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
