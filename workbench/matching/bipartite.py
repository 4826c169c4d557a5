"""Mentees to mentors: ``assign`` (exact optimum), ``stable`` (deferred acceptance) and
``suggest`` (top-k open mentors for self-directed matching)."""
from __future__ import annotations

import logging

import numpy as np
import pandas as pd
from scipy.optimize import linear_sum_assignment

from .algorithms.cardinality import max_fair
from .algorithms.deferred import deferred_acceptance
from .algorithms.transport import max_total
from .explain import BELOW, FULL, NO_PARTNER, pairs_frame, unmatched_reasons
from .problem import allowed_matrix, as_matrix, capacity_array, score_floor, to_problem, whole_number
from .result import MatchResult
from .algorithms.pruned import assign_large

OBJECTIVES = ("total", "fair")
# from this many cells an objective="total" problem goes to the certified large path (top
# candidates per mentee by reduced score, proven optimal by a dual certificate on the full
# matrix), masks, NaN, min_score and DataFrames included: 50,000 x 10,000 at capacity 5 in
# seconds and about the input's memory, where the dense kernel needs a float64 copy (and the
# mask code an object copy) of the whole matrix first. Below it the dense kernels, as measured.
LARGE_CELLS = 25_000_000
# Problems where some pair is not usable (an allowed mask with a False, NaN / -inf, min_score
# excluding a pair) or the places are fewer than the mentees take the large path as well: the
# unusable pairs are absent edges, and the problem is solved balanced (one dummy mentee holding
# the spare places, however many, or a dummy mentor for mentees left over) from auction prices,
# proven by the same
# certificate (tests/matching/test_pruned.py). 10,000 x 2,000 with a mask and min_score: 5.6 s
# uniform, 4.8 s shared taste, where the dense path takes 6.7 s and 427 s (figures of
# benchmarks/bench_program_scale.py). False sends them to the dense path as before.
LARGE_UNUSABLE = True
log = logging.getLogger("workbench.matching")


def _values(scores):
    """The 2-D float array behind ``scores`` without a copy where it can be had (a float32 /
    float64 array, or a DataFrame of one float dtype: its F-ordered block), with its labels."""
    if isinstance(scores, pd.DataFrame):
        rows, cols = scores.index, scores.columns
        dtypes = set(scores.dtypes)
        S = scores.to_numpy() if len(dtypes) == 1 and dtypes <= {np.dtype(np.float32), np.dtype(np.float64)} \
            else as_matrix(scores, "scores")
    else:
        S = scores if scores.dtype in (np.float32, np.float64) else as_matrix(scores, "scores")
        rows, cols = pd.RangeIndex(S.shape[0]), pd.RangeIndex(S.shape[1])
    return S, rows, cols


def _mask(allowed, scores, rows, cols, shape):
    """``allowed`` as a bool array of ``shape`` (a DataFrame with the scores' labels and bool
    columns is used in place; anything else as the dense path reads it)."""
    if allowed is None:
        return None
    if isinstance(allowed, pd.DataFrame) and isinstance(scores, pd.DataFrame) \
            and allowed.index.equals(rows) and allowed.columns.equals(cols) \
            and all(d == np.bool_ for d in allowed.dtypes):
        return allowed.to_numpy()
    return allowed_matrix(allowed, scores, rows, cols, shape)


def _all_usable(S, A, floor, cap) -> bool:
    """Every pair usable and places for every mentee (one pass over min/max and the mask)."""
    lo, hi = S.min(), S.max()
    return bool(np.isfinite(lo) and np.isfinite(hi) and (A is None or A.all())
                and (floor is None or lo >= floor) and cap.sum() >= S.shape[0])


def _progress(after: float = 10.0):
    """A progress callback that logs one line per round at INFO (logger ``workbench.matching``)
    once the solve has run ``after`` seconds: quiet on the usual seconds-long solves and in tests,
    a line a round on a long one."""
    def report(d):
        if d["seconds"] >= after:
            bound = "re-pricing" if d["count_bound"] < 0 else f"of at most {d['count_bound']}, gap {d['gap']:.3g}"
            log.info("assign: round %d, %d candidate pairs (+%d), %d matched %s, %.0f s", d["round"],
                     d["edges"], d["added"], d["matched"], bound, d["seconds"])
    return report


def _large(scores, capacity, allowed, min_score, objective) -> "MatchResult | None":
    """:func:`assign` through :func:`~.algorithms.pruned.assign_large` where it applies (objective
    ``"total"``, at least :data:`LARGE_CELLS` cells, some mentor with room for more than one)
    and its certificate proves the optimum;
    ``None`` otherwise (the dense path then solves it)."""
    if not (objective == "total" and isinstance(scores, (np.ndarray, pd.DataFrame)) and scores.ndim == 2
            and scores.shape[0] * scores.shape[1] >= LARGE_CELLS):
        return None
    S, rows, cols = _values(scores)
    floor = score_floor(min_score)
    A = _mask(allowed, scores, rows, cols, S.shape)
    cap = capacity_array(capacity, cols)
    if (cap == 1).all():
        return None      # one mentee per mentor: the dense kernels (scipy's LSA when all usable), as before
    if not LARGE_UNUSABLE and not _all_usable(S, A, floor, cap):
        return None      # see LARGE_UNUSABLE
    res = assign_large(S, cap, allowed=A, min_score=floor, progress=_progress())
    if not res.gap <= 1e-9 * max(1.0, abs(res.value)):
        log.warning("assign: the large path stopped unproven (gap %.3g); solving densely", res.gap)
        return None                      # not proven: the dense exact path decides
    r = np.flatnonzero(res.mentor >= 0)
    c = res.mentor[r]
    vals = S[r, c].astype(float)
    pairs = pd.DataFrame({"mentee": rows[r], "mentor": cols[c], "score": vals})
    left = res.mentor < 0
    reason = np.where(res.allowed_rows[left] == 0, NO_PARTNER, np.where(res.usable_rows[left] == 0, BELOW, FULL))
    unmatched = pd.DataFrame({"mentee": rows[left], "reason": reason})
    return MatchResult.of(pairs, unmatched, "total", vals, gap=float(res.gap))


def assign(scores, capacity=1, allowed=None, min_score=None, objective="total") -> MatchResult:
    """Each mentee at most one mentor, mentor ``j`` at most ``capacity[j]`` mentees; exact.

    ``objective="total"``: the most mentees matched, then the highest total score.
    ``objective="fair"``: the most matched, then the highest lowest score, then the highest total.
    Returns a :class:`MatchResult`: rows ``mentee, mentor, score`` (one per matched mentee,
    sorted by mentee), ``unmatched`` (``mentee, reason``), ``objective``, ``total``, ``lowest``,
    ``matched``.

    >>> res = assign([[3.0, 1.0], [2.0, 1.0], [0.0, 5.0]], capacity=[2, 1])
    >>> res[["mentee", "mentor"]].values.tolist()
    [[0, 0], [1, 0], [2, 1]]
    >>> assign([[1.0, 0.0], [0.9, 0.0]], objective="fair")["mentor"].tolist()
    [0, 1]
    """
    if objective not in OBJECTIVES:
        raise ValueError(f"objective must be one of {OBJECTIVES}; got {objective!r}")
    large = _large(scores, capacity, allowed, min_score, objective)
    if large is not None:
        return large
    p = to_problem(scores, allowed, min_score, capacity)
    n, m = p.shape
    if objective == "total" and p.all_usable and (p.capacity == 1).all() and n and m:
        # everything allowed, one mentee per mentor: the plain assignment problem
        r, c = linear_sum_assignment(p.scores, maximize=True)
    elif objective == "total":
        r, c = max_total(p.masked(), p.capacity)
    else:
        r, c = max_fair(p.masked(), p.capacity)
    return pairs_frame(p, np.asarray(r, np.int64), np.asarray(c, np.int64), objective)


def _mentor_matrix(mentor_scores, mentee_scores, shape) -> np.ndarray:
    if isinstance(mentor_scores, pd.DataFrame) and isinstance(mentee_scores, pd.DataFrame) \
            and set(mentor_scores.index) == set(mentee_scores.index) \
            and set(mentor_scores.columns) == set(mentee_scores.columns):
        mentor_scores = mentor_scores.reindex(index=mentee_scores.index, columns=mentee_scores.columns)
    Q = as_matrix(mentor_scores, "mentor_scores")
    if np.isposinf(Q).any():   # as mentee_scores: +inf ranks nothing, -inf and NaN mean "never"
        raise ValueError(f"mentor_scores must be finite numbers, NaN or -inf; got +inf (shape {Q.shape})")
    if Q.shape != shape:
        raise ValueError(f"mentor_scores must have the shape of mentee_scores {shape}; got {Q.shape}")
    return Q


def stable(mentee_scores, mentor_scores, capacity=1, allowed=None) -> MatchResult:
    """The mentee-optimal stable matching (mentees propose; deferred acceptance).

    Mentee ``i`` ranks mentors by ``mentee_scores[i]`` descending; mentor ``j`` ranks mentees by
    ``mentor_scores[:, j]`` descending; ties go to the lower position. A pair not allowed, or
    NaN on either side, is unacceptable to both. Returns ``mentee, mentor, score`` (the
    mentee's score) as a :class:`MatchResult` like :func:`assign`'s (objective ``"stable"``).

    >>> P = [[2.0, 1.0], [2.0, 1.0]]   # both mentees prefer mentor 0
    >>> Q = [[0.0, 0.0], [1.0, 0.0]]   # mentor 0 prefers mentee 1
    >>> stable(P, Q)[["mentee", "mentor"]].values.tolist()
    [[0, 1], [1, 0]]
    """
    p = to_problem(mentee_scores, allowed, None, capacity, name="mentee_scores")
    Q = _mentor_matrix(mentor_scores, mentee_scores, p.shape)
    ok = p.usable & ~np.isnan(Q) & ~np.isneginf(Q)
    r, c = deferred_acceptance(p.scores, Q, ok, p.capacity)
    p.usable = ok
    p.allowed = p.allowed & ~np.isnan(Q)
    return pairs_frame(p, r, c, "stable")


def _load(taken, p) -> tuple[np.ndarray, np.ndarray]:
    """Current load per mentor, and a mask of existing (mentee, mentor) pairs."""
    n, m = p.shape
    existing = np.zeros((n, m), bool)
    if taken is None:
        return np.zeros(m, np.int64), existing
    if isinstance(taken, pd.DataFrame):
        if "mentor" not in taken.columns:
            raise ValueError(f"taken as a DataFrame of existing pairs needs a 'mentor' column; "
                             f"got columns {list(taken.columns)} (shape {taken.shape})")
        load = taken["mentor"].value_counts().reindex(p.cols, fill_value=0).to_numpy(np.int64)
        if "mentee" in taken.columns:
            ri = p.rows.get_indexer(taken["mentee"])
            ci = p.cols.get_indexer(taken["mentor"])
            keep = (ri >= 0) & (ci >= 0)
            existing[ri[keep], ci[keep]] = True
        return load, existing
    return capacity_array(taken, p.cols, name="taken", missing=0), existing


def suggest(scores, k=3, capacity=1, taken=None, allowed=None, min_score=None) -> MatchResult:
    """Top-``k`` mentors per mentee for self-directed matching, never a mentor already full.

    ``capacity``: places per mentor (int, one per mentor, or Series/dict by label).
    ``taken``: the current load, as ``None`` (nobody placed yet), one count per mentor
    (sequence, or Series/dict by mentor label), or a DataFrame of existing pairs with a
    ``mentor`` column (and optionally ``mentee``: an existing pair is not suggested again).
    A mentor whose load reaches its capacity is never suggested.
    Returns a long frame ``mentee, rank, mentor, score`` (rank 1 = best; fewer than ``k`` rows
    when fewer open usable mentors exist) in a :class:`MatchResult` whose ``unmatched`` are
    mentees with no suggestion and why, and ``open`` the places left per mentor.

    >>> res = suggest([[0.9, 0.8, 0.1], [0.7, 0.95, 0.2]], k=2, taken=[1, 0, 0])
    >>> res[res["mentee"] == 0]["mentor"].tolist()
    [1, 2]
    """
    k = whole_number(k, "k", 1)
    p = to_problem(scores, allowed, min_score, capacity)
    n, m = p.shape
    load, existing = _load(taken, p)
    open_ = p.capacity - load
    usable = p.usable & (open_ > 0)[None, :] & ~existing
    kk = min(k, m)
    if n and kk:
        masked = np.where(usable, p.scores, -np.inf)
        top = np.argpartition(-masked, kk - 1, axis=1)[:, :kk] if kk < m else np.tile(np.arange(m), (n, 1))
        top = np.take_along_axis(top, np.argsort(top, axis=1, kind="stable"), axis=1)
        vals = np.take_along_axis(masked, top, axis=1)
        top = np.take_along_axis(top, np.argsort(-vals, axis=1, kind="stable"), axis=1)
        keep = np.take_along_axis(usable, top, axis=1)   # usable ones come first in each row
        ranks = np.cumsum(keep, axis=1)
        ri = np.repeat(np.arange(n), kk).reshape(n, kk)[keep]
        ci, rk = top[keep], ranks[keep]
    else:
        ri = ci = rk = np.zeros(0, np.int64)
    out = pd.DataFrame({"mentee": p.rows[ri], "rank": rk.astype(np.int64),
                        "mentor": p.cols[ci], "score": p.scores[ri, ci]})
    return MatchResult.of(out, unmatched_reasons(p.allowed, p.usable, p.rows, np.unique(ri)), "suggest",
                          out["score"].to_numpy(),
                          open=pd.Series(np.maximum(open_, 0), index=p.cols, name="open"))
