"""Mentoring circles: split people into groups of about ``size`` (``circles``)."""
from __future__ import annotations

import numpy as np
import pandas as pd

from .algorithms.circles import circle_sizes, improve, upper_bound, within
from .explain import unmatched_reasons
from .result import MatchResult
from .peers import symmetric_problem
from .problem import whole_number


def circles(scores, size, allowed=None, min_score=None, rounds: int = 50, seed: int = 0) -> MatchResult:
    """Split people into circles of ``size`` (size ± 1 where the count doesn't divide)
    maximizing the total within-circle score (sum over pairs in the same circle). A pair not
    allowed is kept apart wherever any split can (it weighs less than every split gains);
    ``forbidden`` counts those that had to share a circle.

    A heuristic (greedy seeding, then best single moves and swaps between circles until none
    helps), with a certificate: ``upper_bound`` is a bound no split can beat and
    ``gap = (upper_bound - total) / |upper_bound|`` (>= 0). Pairs not usable (not
    allowed, NaN, below ``min_score``) add nothing. Returns ``person, circle, score`` (score:
    the person's summed score with the rest of their circle), sorted by circle, as a
    :class:`MatchResult` with ``total``, ``upper_bound``, ``gap``, ``sizes``, ``unmatched``
    (``person, reason``: people with no usable partner inside their circle).

    >>> S = np.kron(np.eye(2), np.ones((3, 3)))          # two obvious groups of three
    >>> res = circles(S, 3)
    >>> sorted(res.pairs.groupby("circle")["person"].apply(list).tolist())
    [[0, 1, 2], [3, 4, 5]]
    >>> res.gap
    0.0
    """
    size = whole_number(size, "size", 2)
    p = symmetric_problem(scores, allowed, min_score)
    n = p.shape[0]
    W = np.where(p.usable, p.scores, 0.0)
    sizes = circle_sizes(n, size)
    search = W
    all_allowed = bool(p.allowed[~np.eye(n, dtype=bool)].all()) if n else True
    if not all_allowed:   # a pair not allowed costs more than any split can gain: avoided where possible
        off = ~p.allowed & ~np.eye(n, dtype=bool)
        search = np.where(off, -(1.0 + np.abs(W).sum()), W)
    groups = improve(search, sizes, rounds=rounds, seed=seed) if sizes else []
    label = np.empty(n, np.int64)
    for g_id, g in enumerate(groups):
        label[g] = g_id
    people = np.concatenate([np.asarray(g, np.int64) for g in groups]) if groups else np.zeros(0, np.int64)
    own = np.array([W[i, label == label[i]].sum() for i in people]) if n else np.zeros(0)
    out = pd.DataFrame({"person": p.rows[people], "circle": label[people], "score": own})
    total = within(W, groups)
    bound = upper_bound(W, sizes) if sizes else 0.0
    same = label[:, None] == label[None, :] if n else np.zeros((0, 0), bool)
    has = (p.usable & same).any(axis=1) if n else np.zeros(0, bool)
    forbidden = 0 if all_allowed else int(((~p.allowed) & same & ~np.eye(n, dtype=bool)).sum() // 2)
    return MatchResult(
        pairs=out, unmatched=unmatched_reasons(p.allowed, p.usable, p.rows, np.flatnonzero(has), "person"),
        objective="within", total=total, lowest=float(own.min()) if len(own) else float("nan"),
        matched=int(len(out)), upper_bound=bound, sizes=tuple(len(g) for g in groups),
        gap=max(0.0, (bound - total) / abs(bound)) if bound != 0 else 0.0, forbidden=forbidden)
