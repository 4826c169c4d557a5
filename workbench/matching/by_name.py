"""Run any matching function by name: :func:`solve`, re-exported as ``workbench.matching.solve``.

It imports the solvers, so it sits above them; :mod:`.result`, which every solver imports,
stays at the bottom and imports none of them.
"""
from __future__ import annotations

from .bipartite import assign, stable, suggest
from .groups import circles
from .peers import pair_up
from .result import MatchResult

__all__ = ["solve"]


def solve(scores, kind: str = "assign", **kwargs) -> MatchResult:
    """Run ``assign`` / ``pair_up`` / ``stable`` / ``suggest`` / ``circles`` by name.

    >>> import numpy as np
    >>> r = solve(np.array([[1.0, np.nan], [np.nan, np.nan]]))
    >>> r.matched, r.total, r.unmatched["reason"].tolist()
    (1, 1.0, ['no allowed partner'])
    """
    funcs = {"assign": assign, "pair_up": pair_up, "stable": stable, "suggest": suggest,
             "circles": circles}
    if kind not in funcs:
        raise ValueError(f"kind must be one of {sorted(funcs)}; got {kind!r}")
    if kind == "stable":
        if "mentor_scores" not in kwargs:
            raise ValueError("kind='stable' needs mentor_scores=: the mentors' scores of the mentees "
                             "(same shape as scores), which rank the mentees for each mentor")
        return stable(scores, kwargs.pop("mentor_scores"), **kwargs)
    return funcs[kind](scores, **kwargs)
