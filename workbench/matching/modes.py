"""Matching modes on arrays: self-directed shortlists, ranked preferences (stable with
capacities, either side proposing), blocking pairs, the trade-off frontier and "what it would take".

* :func:`shortlists`: ``k`` allowed mentors per mentee (the frame :func:`~.bipartite.suggest`
  returns: ``mentee, rank, mentor, score``), built so that mentees picking in any order still find
  room: each mentor is on at most ``ceil(spread x capacity)`` shortlists (``spread`` is the
  cohort's shortlist places per mentor seat, ``k x mentees / seats``, at least 1) and each
  mentee's first entry is a seat reserved for them (every mentor reserved at most its capacity,
  scarce mentees first), so a mentee who can be matched has a mentor whose seats were counted
  for them;
* :func:`simulate_picks`: mentees pick in random order, each the best-ranked mentor on their list
  with a seat left; the coverage over many orders (mean, spread);
* :func:`stable_ranked`: deferred acceptance with capacities, mentees or mentors proposing;
* :func:`blocking_pairs`: the pairs that would rather be together than as a matching has them;
* :func:`frontier`: coverage, mean and lowest pair score of the exact optimum across objectives
  and minimum scores (each point an exact :func:`~.bipartite.assign`);
* :func:`what_it_would_take`: for each mentee an optimum leaves out, the smallest change that
  matches them (one more seat on one mentor, a lower minimum score, one rule relaxed).

>>> import numpy as np
>>> S = np.array([[0.9, 0.8], [0.7, 0.6], [0.5, 0.4]])
>>> sl = shortlists(S, k=2, capacity=[2, 1])
>>> sl.pairs.groupby("mentor").size().tolist()     # each mentor on at most spread x capacity lists
[3, 2]
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from ._jit import njit
from .algorithms.deferred import propose
from .bipartite import assign, stable
from .explain import unmatched_reasons, pairs_frame
from .problem import as_matrix, to_problem, whole_number
from .result import MatchResult
from .bipartite import _mentor_matrix

__all__ = ["shortlists", "simulate_picks", "stable_ranked", "stable_best", "blocking_pairs", "frontier",
           "what_it_would_take", "PROPOSING"]

PROPOSING = ("mentees", "mentors")


def _plain(allowed, scores):
    """A boolean frame already aligned with ``scores`` as its array (the general path reindexes
    through objects, a third of a second at 2,500 x 500); anything else as given."""
    if isinstance(allowed, pd.DataFrame) and isinstance(scores, pd.DataFrame) \
            and allowed.index.equals(scores.index) and allowed.columns.equals(scores.columns) \
            and all(dt == bool for dt in allowed.dtypes):
        return allowed.to_numpy(bool)
    return allowed


# ------------------------------------------------------------------------------- shortlists
@njit
def _greedy_lists(S, usable, order, budget, reserve, k):
    """Round 1: each mentee (in ``order``) reserves the best mentor with a reserved seat left;
    rounds 2..k: the best mentor with list places (``budget``) left, not on the list yet."""
    n, m = S.shape
    out = np.full((n, k), -1, np.int64)
    for q in range(n):
        i = order[q]
        best, bv = -1, -np.inf
        for j in range(m):
            if usable[i, j] and reserve[j] > 0 and budget[j] > 0 and S[i, j] > bv:
                best, bv = j, S[i, j]
        if best >= 0:
            out[i, 0] = best
            reserve[best] -= 1
            budget[best] -= 1
    for r in range(1, k):
        for q in range(n):
            i = order[q]
            best, bv = -1, -np.inf
            for j in range(m):
                if usable[i, j] and budget[j] > 0 and S[i, j] > bv:
                    taken = False
                    for t in range(r):
                        if out[i, t] == j:
                            taken = True
                    if not taken:
                        best, bv = j, S[i, j]
            if best >= 0:
                slot = 0
                while out[i, slot] >= 0:
                    slot += 1
                out[i, slot] = best
                budget[best] -= 1
    return out


def list_budget(k: int, n_listed: int, capacity: np.ndarray) -> np.ndarray:
    """Shortlists a mentor may be on: ``ceil(spread x capacity)``, ``spread = k x n / seats`` (at
    least 1, at most ``k``): with fewer mentees than seats a mentor is on fewer lists.

    >>> list_budget(3, 10, np.array([1, 4])).tolist()    # 30 places over 5 seats: 6 per seat, at most k
    [3, 12]
    """
    seats = int(capacity.sum())
    spread = min(float(k), max(1.0, k * n_listed / seats)) if seats else 1.0
    return np.ceil(spread * capacity - 1e-9).astype(np.int64)


def shortlists(scores, k=3, capacity=1, allowed=None, min_score=None) -> MatchResult:
    """``k`` usable mentors per mentee (fewer when fewer exist) for self-directed matching.

    Same inputs and result frame as :func:`~.bipartite.suggest` (``mentee, rank, mentor, score``,
    rank 1 = the mentee's best-scoring entry); ``open`` holds each mentor's list budget (see
    :func:`list_budget`). Design: the first entry of each mentee is a *reserved* seat (mentees with
    the fewest usable mentors reserve first, each takes their best mentor with a reserved seat
    left; a mentor is reserved at most its capacity), the other entries are the best mentors
    with list places left, so no mentor is on more than ``ceil(spread x capacity)`` lists.
    """
    k = whole_number(k, "k", 1)
    p = to_problem(scores, _plain(allowed, scores), min_score, capacity)
    n, m = p.shape
    kk = min(k, m)
    usable = p.usable & (p.capacity > 0)[None, :]
    budget = list_budget(k, int(usable.any(axis=1).sum()), p.capacity)
    if n and kk:
        options = usable.sum(axis=1)
        best = np.where(usable, p.scores, -np.inf).max(axis=1)
        order = np.lexsort((-best, options)).astype(np.int64)   # scarce first, then strong
        S = np.where(usable, p.scores, -np.inf)
        lists = _greedy_lists(S, usable, order, budget.copy(), p.capacity.copy(), kk)
    else:
        lists = np.full((n, max(kk, 0)), -1, np.int64)
    ri, slot = np.nonzero(lists >= 0)
    ci = lists[ri, slot]
    out = pd.DataFrame({"mentee": ri, "mentor": ci, "score": p.scores[ri, ci]})
    out = out.sort_values(["mentee", "score", "mentor"], ascending=[True, False, True], kind="stable")
    out["rank"] = out.groupby("mentee").cumcount() + 1
    out = pd.DataFrame({"mentee": p.rows[out["mentee"].to_numpy()], "rank": out["rank"].to_numpy(np.int64),
                        "mentor": p.cols[out["mentor"].to_numpy()], "score": out["score"].to_numpy()})
    return MatchResult.of(out, unmatched_reasons(p.allowed, usable, p.rows, np.unique(ri)), "shortlists",
                          out["score"].to_numpy(), open=pd.Series(budget, index=p.cols, name="lists"))


@njit
def _simulate(lists, cap, perms):
    runs, n = perms.shape
    k = lists.shape[1]
    m = cap.shape[0]
    got = np.zeros(runs, np.int64)
    first = np.zeros(runs, np.int64)
    for r in range(runs):
        left = cap.copy()
        for q in range(n):
            i = perms[r, q]
            for t in range(k):
                j = lists[i, t]
                if j >= 0 and left[j] > 0:
                    left[j] -= 1
                    got[r] += 1
                    if t == 0:
                        first[r] += 1
                    break
    return got, first


def simulate_picks(lists: pd.DataFrame, capacity, mentees=None, runs: int = 200, seed: int = 0) -> dict:
    """Mentees pick in ``runs`` random orders, each the best-ranked mentor of their shortlist
    with a seat left (``lists``: ``mentee, rank, mentor``; ``capacity``: Series by mentor, or int).

    Returns ``matched`` (per run, an array), ``mean``, ``sd``, ``low`` / ``high`` (the 5th and
    95th percentiles), ``first_choice`` (mean share of the matched who got their rank 1), ``mentees``.
    """
    runs = whole_number(runs, "runs", 1)
    mentees = pd.Index(pd.unique(lists["mentee"]) if mentees is None else mentees)
    mentors = pd.Index(pd.unique(lists["mentor"])) if not isinstance(capacity, (pd.Series, dict)) \
        else pd.Index(pd.Series(capacity).index)
    cap = (pd.Series(capacity).reindex(mentors).fillna(0) if isinstance(capacity, (pd.Series, dict))
           else pd.Series(int(capacity), index=mentors)).to_numpy(np.int64)
    n = len(mentees)
    k = int(lists["rank"].max()) if len(lists) else 1
    L = np.full((n, max(k, 1)), -1, np.int64)
    if len(lists):
        ri, ci = mentees.get_indexer(lists["mentee"]), mentors.get_indexer(lists["mentor"])
        ok = (ri >= 0) & (ci >= 0)
        L[ri[ok], lists["rank"].to_numpy(np.int64)[ok] - 1] = ci[ok]
        # ranks may skip (a row removed): close the gaps, keeping the order
        L = np.take_along_axis(L, np.argsort(L < 0, axis=1, kind="stable"), axis=1)
    rng = np.random.default_rng(seed)
    perms = np.argsort(rng.random((runs, n)), axis=1).astype(np.int64) if n else np.zeros((runs, 0), np.int64)
    got, first = _simulate(L, cap, perms)
    got = got.astype(float)
    return {"mentees": n, "matched": got, "mean": float(got.mean()), "sd": float(got.std()),
            "low": float(np.percentile(got, 5)), "high": float(np.percentile(got, 95)),
            "first_choice": float(first.sum() / got.sum()) if got.sum() else float("nan")}


# ------------------------------------------------------------------------------- stable
def stable_ranked(mentee_scores, mentor_scores, capacity=1, allowed=None, proposing="mentees") -> MatchResult:
    """The stable matching with capacities that the ``proposing`` side likes best.

    ``proposing="mentees"`` is :func:`~.bipartite.stable` (mentee-optimal); ``"mentors"`` lets
    mentors propose (mentor-optimal: every mentor holds mentees it ranks at least as well as in
    any stable matching). Scores rank (higher first, ties to the lower position); a pair not
    allowed or NaN on either side is unacceptable. The result's ``score`` is the mentee's.

    >>> P = [[2.0, 1.0], [1.0, 2.0]]; Q = [[0.0, 1.0], [1.0, 0.0]]   # the sides disagree
    >>> stable_ranked(P, Q)["mentor"].tolist(), stable_ranked(P, Q, proposing="mentors")["mentor"].tolist()
    ([0, 1], [1, 0])
    """
    if proposing not in PROPOSING:
        raise ValueError(f"proposing must be one of {PROPOSING}; got {proposing!r}")
    allowed = _plain(allowed, mentee_scores)
    if proposing == "mentees":
        return stable(mentee_scores, mentor_scores, capacity=capacity, allowed=allowed)
    p = to_problem(mentee_scores, allowed, None, capacity, name="mentee_scores")
    Q = _mentor_matrix(mentor_scores, mentee_scores, p.shape)
    ok = p.usable & ~np.isnan(Q) & ~np.isneginf(Q)
    n, m = p.shape
    # mentors propose (rows of the transpose, quota = capacity), mentees hold one each
    c, r = propose(np.where(ok, Q, 0.0).T, np.where(ok, p.scores, 0.0).T, ok.T, p.capacity, np.ones(n, np.int64))
    p.usable = ok
    p.allowed = p.allowed & ~np.isnan(Q)
    return pairs_frame(p, r, c, "stable")


BEST_PAIRS = 20_000   # acceptable pairs up to which the best stable matching is solved exactly


def stable_best(mentee_scores, mentor_scores, weights, capacity=1, allowed=None) -> MatchResult:
    """The stable matching (with capacities) of the highest total ``weights`` (e.g. the pair
    scores), among all stable matchings for the rankings ``mentee_scores`` / ``mentor_scores``
    (ties to the lower position, as :func:`stable_ranked`): an integer program on Rothblum's
    stability constraints (for each acceptable pair ``(i, j)``:
    ``c_j * (x_ij + sum of x_ij' over the j' that i ranks above j) + sum of x_i'j over the i'
    that j ranks above i >= c_j``), solved by HiGHS. Up to :data:`BEST_PAIRS` acceptable pairs;
    ``ValueError`` beyond (then use ``proposing`` mentees or mentors). Result as
    :func:`stable_ranked`'s, with ``score`` the ``weights`` of the pairs.

    >>> P = [[2.0, 1.0], [1.0, 2.0]]; Q = [[0.0, 1.0], [1.0, 0.0]]; W = [[1.0, 0.0], [0.0, 5.0]]
    >>> stable_best(P, Q, W)["mentor"].tolist()     # both stable matchings; this one scores 6
    [0, 1]
    """
    from scipy.optimize import Bounds, LinearConstraint, milp
    from scipy.sparse import coo_matrix

    p = to_problem(mentee_scores, _plain(allowed, mentee_scores), None, capacity, name="mentee_scores")
    Q = _mentor_matrix(mentor_scores, mentee_scores, p.shape)
    W = as_matrix(weights, "weights")
    if W.shape != p.shape:
        raise ValueError(f"weights must have the shape of mentee_scores {p.shape}; got {W.shape}")
    ok = p.usable & ~np.isnan(Q) & ~np.isneginf(Q) & (p.capacity > 0)[None, :] & np.isfinite(W)
    n, m = p.shape
    pi, pj = np.nonzero(ok)
    K = len(pi)
    if K > BEST_PAIRS:
        raise ValueError(f"the best stable matching is solved exactly up to {BEST_PAIRS:,} acceptable pairs; "
                         f"got {K:,}: use proposing='mentees' or 'mentors' for a problem this large")
    if K == 0:
        r = c = np.zeros(0, np.int64)
    else:
        index = -np.ones((n, m), np.int64)
        index[pi, pj] = np.arange(K)
        cap = p.capacity.astype(float)
        rows, cols, vals = [], [], []
        for k in range(K):
            i, j = pi[k], pj[k]
            mine = np.flatnonzero(ok[i])                    # i's acceptable mentors
            better = mine[(p.scores[i, mine] > p.scores[i, j]) | ((p.scores[i, mine] == p.scores[i, j]) & (mine <= j))]
            theirs = np.flatnonzero(ok[:, j])               # j's acceptable mentees
            above = theirs[(Q[theirs, j] > Q[i, j]) | ((Q[theirs, j] == Q[i, j]) & (theirs < i))]
            rows += [k] * (len(better) + len(above))
            cols += list(index[i, better]) + list(index[above, j])
            vals += [cap[j]] * len(better) + [1.0] * len(above)
        A_st = coo_matrix((vals, (rows, cols)), shape=(K, K))
        A_i = coo_matrix((np.ones(K), (pi, np.arange(K))), shape=(n, K))
        A_j = coo_matrix((np.ones(K), (pj, np.arange(K))), shape=(m, K))
        cons = [LinearConstraint(A_st, lb=cap[pj], ub=np.inf), LinearConstraint(A_i, ub=1),
                LinearConstraint(A_j, ub=cap)]
        res = milp(-W[pi, pj], constraints=cons, integrality=np.ones(K), bounds=Bounds(0, 1))
        if res.x is None:   # cannot happen (a stable matching always exists): say so rather than guess
            raise RuntimeError(f"stable_best: the solver found no stable matching ({res.message})")
        x = np.round(res.x).astype(bool)
        r, c = pi[x], pj[x]
    p.usable = ok
    p.scores = np.where(np.isfinite(W), W, np.nan)
    return pairs_frame(p, r.astype(np.int64), c.astype(np.int64), "stable")


def blocking_pairs(pairs: pd.DataFrame, mentee_scores, mentor_scores, capacity=1, allowed=None) -> pd.DataFrame:
    """Pairs ``(mentee, mentor)`` not together in ``pairs`` (``mentee, mentor`` by label or
    position) that both would rather be: the mentee is unmatched or ranks the mentor above
    their own (strictly; ties to the lower position, as deferred acceptance breaks them), and the
    mentor has a free seat or ranks the mentee above one it holds. A stable matching has none.

    >>> P = [[2.0, 1.0], [2.0, 1.0]]; Q = [[1.0, 0.0], [0.0, 1.0]]
    >>> blocking_pairs(pd.DataFrame({"mentee": [0, 1], "mentor": [1, 0]}), P, Q)[["mentee", "mentor"]].values.tolist()
    [[0, 0]]
    """
    p = to_problem(mentee_scores, allowed, None, capacity, name="mentee_scores")
    Q = _mentor_matrix(mentor_scores, mentee_scores, p.shape)
    ok = p.usable & ~np.isnan(Q) & ~np.isneginf(Q)
    n, m = p.shape
    ri = p.rows.get_indexer(pairs["mentee"])
    ci = p.cols.get_indexer(pairs["mentor"])
    if (ri < 0).any() or (ci < 0).any():
        raise ValueError("blocking_pairs: every pair must name a mentee and a mentor of the scores "
                         f"({int((ri < 0).sum() + (ci < 0).sum())} do not)")
    P = np.where(ok, p.scores, -np.inf)
    Qm = np.where(ok, Q, -np.inf)
    # strict preference with ties to the lower position: compare (score, -position)
    own = np.full(n, -1, np.int64)
    own[ri] = ci
    cols = np.arange(m)
    own_score = np.where(own >= 0, P[np.arange(n), np.maximum(own, 0)], -np.inf)
    wants = ok & ((own < 0)[:, None] | (P > own_score[:, None])
                  | ((P == own_score[:, None]) & (cols[None, :] < own[:, None])))
    held = np.bincount(ci, minlength=m)
    room = held < p.capacity
    # each mentor's worst held mentee (lowest Q, then highest position)
    worst_q = np.full(m, np.inf)
    worst_i = np.full(m, -1, np.int64)
    for i, j in zip(ri, ci):
        q = Qm[i, j]
        if q < worst_q[j] or (q == worst_q[j] and i > worst_i[j]):
            worst_q[j], worst_i[j] = q, i
    rows = np.arange(n)
    prefers = (Qm > worst_q[None, :]) | ((Qm == worst_q[None, :]) & (rows[:, None] < worst_i[None, :]))
    block = wants & (p.capacity > 0)[None, :] & (room[None, :] | prefers)
    block[ri, ci] = False
    bi, bj = np.nonzero(block)
    return pd.DataFrame({"mentee": p.rows[bi], "mentor": p.cols[bj]})


# ------------------------------------------------------------------------------- frontier
def frontier(scores, capacity=1, allowed=None, min_scores=None, objectives=("total", "fair"),
             points: int = 5) -> pd.DataFrame:
    """The exact optimum at each objective x minimum score: ``objective, min_score, matched,
    coverage, mean_score, lowest_score, total`` (and ``efficient``: no other point has at least its
    coverage, mean and lowest with one of them higher).

    ``min_scores``: the floors to try; by default ``points`` floors from none up to the
    ``points``-quantiles of the usable scores (so 2 objectives x 5 floors = a 10-point frontier).
    """
    allowed = _plain(allowed, scores)
    p = to_problem(scores, allowed, None, capacity)
    if min_scores is None:
        vals = p.scores[p.usable]
        qs = np.quantile(vals, np.linspace(0, 0.8, whole_number(points, "points", 1))[1:]) if vals.size else []
        min_scores = [None] + [float(q) for q in qs]
    n = p.shape[0]
    rows = []
    for obj in objectives:
        for floor in min_scores:
            res = assign(scores, capacity=capacity, allowed=allowed, min_score=floor, objective=obj)
            rows.append({"objective": obj, "min_score": np.nan if floor is None else float(floor),
                         "matched": res.matched, "coverage": res.matched / n if n else 0.0,
                         "mean_score": res.total / res.matched if res.matched else np.nan,
                         "lowest_score": res.lowest, "total": res.total})
    out = pd.DataFrame(rows)
    M = out[["coverage", "mean_score", "lowest_score"]].fillna(-np.inf).to_numpy()
    ge = (M[None, :, :] >= M[:, None, :]).all(axis=2)
    gt = (M[None, :, :] > M[:, None, :]).any(axis=2)
    out["efficient"] = ~(ge & gt).any(axis=1)
    return out


# ------------------------------------------------------------------------------- what it would take
def what_it_would_take(scores, capacity=1, allowed=None, min_score=None, result=None, forbidden_by=None) -> pd.DataFrame:
    """For each mentee an optimum leaves out, the smallest change that would match them.

    ``change``: ``"seat"`` (one more seat on ``mentor``: the mentee's best usable mentor, all full;
    the optimum then matches one more mentee, since this mentee could take that seat),
    ``"min_score"`` (the mentee's pairs are all below ``min_score``: lowering it to ``value``, the
    best, opens ``mentor``; ``seat_too`` when that mentor is full as well), ``"rule"`` (no pair is
    allowed: relaxing the rule ``value`` that forbids their best-scoring pair opens ``mentor``;
    ``forbidden_by``: a matrix of rule names per pair, '' where allowed), or ``"none"`` (no score
    at all). ``result``: the optimum already solved (else :func:`~.bipartite.assign`).
    Columns ``mentee, change, mentor, value, score, seat_too``.
    """
    res = result if result is not None else assign(scores, capacity=capacity, allowed=allowed, min_score=min_score)
    p = to_problem(scores, allowed, min_score, capacity)
    held = pd.Series(res.pairs["mentor"]).value_counts().reindex(p.cols, fill_value=0).to_numpy()
    full = held >= p.capacity
    out = []
    S = p.scores
    for label in res.unmatched.iloc[:, 0]:
        i = p.rows.get_loc(label)
        row = {"mentee": label, "change": "none", "mentor": None, "value": None, "score": np.nan, "seat_too": False}
        if p.usable[i].any():
            j = int(np.argmax(np.where(p.usable[i], S[i], -np.inf)))
            row.update(change="seat", mentor=p.cols[j], score=float(S[i, j]))
        elif p.allowed[i].any():
            j = int(np.argmax(np.where(p.allowed[i], S[i], -np.inf)))
            row.update(change="min_score", mentor=p.cols[j], value=float(S[i, j]), score=float(S[i, j]),
                       seat_too=bool(full[j]))
        elif np.isfinite(S[i]).any() and forbidden_by is not None:
            F = np.asarray(forbidden_by, dtype=object)
            okj = np.isfinite(S[i]) & (F[i] != "")
            if okj.any():
                j = int(np.argmax(np.where(okj, S[i], -np.inf)))
                row.update(change="rule", mentor=p.cols[j], value=str(F[i, j]), score=float(S[i, j]),
                           seat_too=bool(full[j]))
        out.append(row)
    return pd.DataFrame(out, columns=["mentee", "change", "mentor", "value", "score", "seat_too"])
