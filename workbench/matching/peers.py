"""Peer mentoring: pair people among themselves (``pair_up``)."""
from __future__ import annotations

import numpy as np
import pandas as pd

from .algorithms.blossom import max_weight_pairs
from .explain import unmatched_reasons
from .problem import to_problem
from .result import MatchResult


def symmetric_problem(scores, allowed=None, min_score=None):
    """Problem for a square symmetric people x people matrix; usable only if both ways."""
    p = to_problem(scores, allowed, min_score, square=True)
    S = p.scores
    both = ~np.isnan(S) & ~np.isnan(S.T)
    if (np.isnan(S) != np.isnan(S.T)).any() or not np.allclose(S[both], S.T[both], rtol=1e-9, atol=1e-12):
        bad = np.argwhere(both & ~np.isclose(S, S.T, rtol=1e-9, atol=1e-12))
        where = f"; e.g. scores[{bad[0][0]}, {bad[0][1]}] != scores[{bad[0][1]}, {bad[0][0]}]" if len(bad) else ""
        raise ValueError(f"scores must be symmetric for peer matching (shape {S.shape}){where}")
    for name in ("allowed", "usable"):
        M = getattr(p, name) & getattr(p, name).T
        np.fill_diagonal(M, False)
        setattr(p, name, M)
    p.all_usable = False
    return p


def pair_up(scores, allowed=None, min_score=None) -> MatchResult:
    """Peer mentoring: the most pairs, then the highest total score; exact (blossom method).

    ``scores`` is square (people x people) and symmetric; the diagonal is ignored; a pair is
    used only if allowed both ways. Returns ``a, b, score`` with ``a`` before ``b`` (by
    position), sorted by ``a``, as a :class:`MatchResult` (``unmatched``: ``person, reason``;
    ``matched``: number of pairs).

    >>> S = [[0, 5, 1, 0], [5, 0, 0, 1], [1, 0, 0, np.nan], [0, 1, np.nan, 0]]
    >>> pair_up(S)[["a", "b"]].values.tolist()   # 2 pairs beat the single best pair
    [[0, 2], [1, 3]]
    """
    p = symmetric_problem(scores, allowed, min_score)
    a, b = max_weight_pairs(p.scores, p.usable)
    order = np.argsort(a, kind="stable")
    a, b = a[order], b[order]
    vals = p.scores[a, b]
    out = pd.DataFrame({"a": p.rows[a], "b": p.rows[b], "score": vals})
    unmatched = unmatched_reasons(p.allowed, p.usable, p.rows, np.concatenate([a, b]), "person")
    return MatchResult.of(out, unmatched, "total", vals)
