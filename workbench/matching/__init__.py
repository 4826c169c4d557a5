"""Exact, explainable, constraint-aware matching of a whole cohort.

Problem (:mod:`.problem`: scores, labels, usable pairs), algorithms (:mod:`.algorithms`,
:mod:`.circles`: plain numpy) and this public API are kept apart. Every function takes scores
as a 2-D array or a DataFrame (rows: mentees or people, columns: mentors); labels in the result
are the DataFrame's labels, else 0-based positions. A pair whose ``allowed`` is False, whose
score is NaN, or whose score is below ``min_score`` is never used. Who is left unmatched and why
is in ``result.attrs["unmatched"]``; ``attrs["total"]`` and ``attrs["lowest"]`` give the totals.

Example
-------
>>> import numpy as np
>>> assign(np.array([[3.0, 1.0], [2.0, 1.0], [0.0, 5.0]]), capacity=[2, 1])[["mentee", "mentor"]].values.tolist()
[[0, 0], [1, 0], [2, 1]]
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from . import algorithms
from .circles import circle_sizes, greedy_then_swaps, upper_bound, within
from .problem import result, to_problem, unmatched_reasons

__all__ = ["assign", "pair_up", "stable", "suggest", "circles"]


def assign(scores, capacity=1, allowed=None, min_score=None, objective="total") -> pd.DataFrame:
    """Each mentee at most one mentor, mentor j at most ``capacity[j]`` mentees; exact.

    ``objective="total"``: the most mentees matched, then the highest total score.
    ``objective="fair"``: the most matched, then the highest lowest score, then the highest total.

    >>> assign([[1.0, 0.0], [0.9, 0.0]], objective="fair")["mentor"].tolist()
    [0, 1]
    """
    if objective not in ("total", "fair"):
        raise ValueError(f"objective must be 'total' or 'fair'; got {objective!r}")
    p = to_problem(scores, allowed, min_score, capacity)
    solve = algorithms.max_total if objective == "total" else algorithms.max_fair
    r, c = solve(p.scores, p.usable, p.capacity)
    out = result(p, r, c)
    out.attrs["objective"] = objective
    return out


def pair_up(scores, allowed=None, min_score=None) -> pd.DataFrame:
    """Peer mentoring: pairs of people, the most pairs then the highest total; exact (blossom).

    ``scores`` must be square and symmetric; ``a`` comes before ``b`` in each row.
    """
    p = to_problem(scores, allowed, min_score, square=True)
    S = p.scores
    both = ~np.isnan(S) & ~np.isnan(S.T)
    if not np.allclose(np.where(both, S, 0), np.where(both, S.T, 0)):
        raise ValueError(f"scores must be symmetric for peer matching (shape {S.shape})")
    usable = p.usable & p.usable.T
    np.fill_diagonal(usable, False)
    a, b = algorithms.max_weight_pairs(S, usable)
    order = np.argsort(a, kind="stable")
    a, b = a[order], b[order]
    out = pd.DataFrame({"a": p.rows[a], "b": p.rows[b], "score": S[a, b]})
    p.allowed = p.allowed & p.allowed.T
    np.fill_diagonal(p.allowed, False)
    p.usable = usable
    out.attrs["unmatched"] = unmatched_reasons(p, np.concatenate([a, b]), "person")
    out.attrs["total"] = float(out["score"].sum())
    out.attrs["lowest"] = float(out["score"].min()) if len(out) else float("nan")
    return out


def stable(mentee_scores, mentor_scores, capacity=1, allowed=None) -> pd.DataFrame:
    """Mentee-optimal stable matching (mentees propose). Mentee i ranks mentors by
    ``mentee_scores[i]`` descending, mentor j ranks mentees by ``mentor_scores[:, j]`` descending;
    ties go to the lower position."""
    p = to_problem(mentee_scores, allowed, None, capacity)
    M = np.asarray(mentor_scores.to_numpy() if isinstance(mentor_scores, pd.DataFrame) else mentor_scores,
                   dtype=float)
    if M.shape != p.shape:
        raise ValueError(f"mentor_scores must have the shape of mentee_scores {p.shape}; got {M.shape}")
    ok = p.usable & ~np.isnan(M)
    r, c = algorithms.deferred_acceptance(p.scores, M, ok, p.capacity)
    p.usable = ok
    return result(p, r, c)


def suggest(scores, k=3, capacity=1, taken=None, allowed=None, min_score=None) -> pd.DataFrame:
    """Top-k mentors per mentee for self-directed matching, never a mentor already full.

    ``taken``: mentees each mentor already has (one int per mentor, a Series by mentor label, or
    None for none). Returns ``mentee, rank, mentor, score`` (rank 1 = best).
    """
    if int(k) < 1:
        raise ValueError(f"k must be at least 1; got {k}")
    p = to_problem(scores, allowed, min_score, capacity)
    if taken is None:
        load = np.zeros(p.shape[1], int)
    elif isinstance(taken, (pd.Series, dict)):
        load = pd.Series(taken).reindex(p.cols).fillna(0).to_numpy(int)
    else:
        load = np.asarray(taken, int)
        if load.shape != (p.shape[1],):
            raise ValueError(f"taken must have one value per mentor ({p.shape[1]}); got shape {load.shape}")
    open_ = load < p.capacity
    usable = p.usable & open_[None, :]
    masked = np.where(usable, p.scores, -np.inf)
    order = np.argsort(-masked, axis=1, kind="stable")[:, :int(k)]
    rows = []
    for i in range(p.shape[0]):
        for rank, j in enumerate(order[i], start=1):
            if usable[i, j]:
                rows.append((p.rows[i], rank, p.cols[j], p.scores[i, j]))
    out = pd.DataFrame(rows, columns=["mentee", "rank", "mentor", "score"])
    p.usable = usable
    out.attrs["unmatched"] = unmatched_reasons(p, np.flatnonzero(usable.any(axis=1)))
    return out


def circles(scores, size, allowed=None, min_score=None, rounds: int = 20) -> pd.DataFrame:
    """Split people into circles of ``size`` (size ± 1 where the count doesn't divide)
    maximizing the within-circle score: a greedy start improved by swaps (a heuristic). Reports
    ``attrs["total"]``, ``attrs["upper_bound"]`` and ``attrs["gap"]`` (share below the bound).
    Returns ``person, circle, score`` (score: the person's summed score with their circle).
    """
    if int(size) < 2:
        raise ValueError(f"size must be at least 2; got {size}")
    p = to_problem(scores, allowed, min_score, square=True)
    W = np.where(p.usable & p.usable.T, np.nan_to_num(p.scores), 0.0)
    W = (W + W.T) / 2
    np.fill_diagonal(W, 0.0)
    sizes = circle_sizes(p.shape[0], int(size))
    groups = greedy_then_swaps(W, sizes, rounds) if sizes else []
    rows = [(p.rows[i], g_id, float(W[i, g].sum())) for g_id, g in enumerate(groups) for i in g]
    out = pd.DataFrame(rows, columns=["person", "circle", "score"])
    total, bound = within(W, groups), upper_bound(W, sizes) if sizes else 0.0
    out.attrs.update(total=total, upper_bound=bound,
                     gap=max(0.0, (bound - total) / bound) if bound > 0 else 0.0,
                     unmatched=pd.DataFrame(columns=["person", "reason"]))
    return out
