"""Peer mentoring: pair people among themselves (``pair_up``)."""
from __future__ import annotations

import numpy as np
import pandas as pd

import warnings

from .algorithms.blossom import max_weight_pairs
from .algorithms.peer_large import check_symmetric, pair_large
from .explain import BELOW, FULL, NO_PARTNER, unmatched_reasons
from .problem import score_floor, to_problem
from .result import MatchResult


def symmetric_problem(scores, allowed=None, min_score=None):
    """A MatchProblem for a square symmetric people x people matrix; usable only if both ways."""
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

    From ``LARGE_N`` (1,000) people, a float32/float64 array (or a DataFrame of one float
    dtype) goes to :mod:`.algorithms.peer_large` instead: no float64 copy, the most pairs
    (proven by a perfect matching of everyone with a partner) and a total with a proven
    ``upper_bound`` (Edmonds' method on candidate pairs, its dual checked on every pair);
    ``gap`` is ``(upper_bound - total) / |upper_bound|``, 0 = proven optimal, which it is on
    every benchmark case (0.3 s at 2,000 people where the exact path takes 2 minutes on
    structured scores, 37 s at 20,000). ``allowed`` / ``min_score`` cost one
    masked copy in the input's dtype there. The exact path leaves ``upper_bound``/``gap`` None.

    >>> S = [[0, 5, 1, 0], [5, 0, 0, 1], [1, 0, 0, np.nan], [0, 1, np.nan, 0]]
    >>> pair_up(S)[["a", "b"]].values.tolist()   # 2 pairs beat the single best pair
    [[0, 2], [1, 3]]
    """
    large = _pair_up_large(scores, allowed, min_score)
    if large is not None:
        return large
    p = symmetric_problem(scores, allowed, min_score)
    a, b = max_weight_pairs(p.scores, p.usable)
    order = np.argsort(a, kind="stable")
    a, b = a[order], b[order]
    vals = p.scores[a, b]
    out = pd.DataFrame({"a": p.rows[a], "b": p.rows[b], "score": vals})
    unmatched = unmatched_reasons(p.allowed, p.usable, p.rows, np.concatenate([a, b]), "person")
    return MatchResult.of(out, unmatched, "total", vals)


# From LARGE_N people pair_up uses peer_large: the exact blossom path grows fast with structure
# in the scores (structured, bench_peer_large: 1.7 s at 500, 15 s at 1,000, 123 s at 2,000;
# uniform: 0.2 s at 1,000, 8 s at 5,000); peer_large is proven optimal there in under a second.
LARGE_N = 1000
MAX_GAP = 1e-3   # a proven gap above this warns (peer_large's certificate is normally 0)
EXACT_MAX = 8000  # up to here a gap above MAX_GAP falls back to the exact path (slow but exact)


def _dense(scores):
    """``(array, labels)`` without copying, or None when not a float32/float64 square matrix."""
    if isinstance(scores, pd.DataFrame):
        if len(set(scores.dtypes)) != 1 or scores.dtypes.iloc[0] not in (np.float32, np.float64):
            return None
        S, labels = scores.to_numpy(), scores.index
    elif isinstance(scores, np.ndarray):
        S, labels = scores, pd.RangeIndex(scores.shape[0]) if scores.ndim == 2 else None
    else:
        return None
    if S.ndim != 2 or S.dtype not in (np.float32, np.float64) or S.shape[0] != S.shape[1]:
        return None
    return S, labels


def _masked(S, allowed, min_score):
    """A copy of ``S`` (same dtype) with NaN where not allowed both ways or below ``min_score``."""
    n = S.shape[0]
    A = None
    if allowed is not None:
        A = allowed.to_numpy(dtype=bool) if isinstance(allowed, pd.DataFrame) else np.asarray(allowed, bool)
        if A.shape != S.shape:
            raise ValueError(f"allowed must have the shape of scores {S.shape}; got {A.shape}")
    floor = score_floor(min_score)
    M = np.empty_like(S)
    step = max(1, 2 ** 24 // max(n, 1))
    for i in range(0, n, step):
        blk = np.array(S[i:i + step])
        if A is not None:
            blk[~(A[i:i + step] & A[:, i:i + step].T)] = np.nan
        if floor is not None:
            with np.errstate(invalid="ignore"):
                blk[blk < floor] = np.nan
        M[i:i + step] = blk
    return M, A, floor


def _reason(S, A, floor, i):
    row = np.asarray(S[i], np.float64).copy()
    row[i] = np.nan
    ok = np.isfinite(row) & (row != np.inf)
    if A is not None:
        ok &= A[i] & A[:, i]
        ok[i] = False
    if not ok.any():
        return NO_PARTNER
    if floor is not None and not (row[ok] >= floor).any():
        return BELOW
    return FULL


def _pair_up_large(scores, allowed, min_score):
    """pair_up through :func:`.algorithms.peer_large.pair_large`, or None (use the exact path)."""
    dense = _dense(scores)
    if dense is None or dense[0].shape[0] < LARGE_N:
        return None
    S, labels = dense
    S = np.ascontiguousarray(S)
    check_symmetric(S)
    M, A, floor = (S, None, None) if allowed is None and min_score is None else _masked(S, allowed, min_score)
    res = pair_large(M)
    if res is None:
        return None
    if res.gap > MAX_GAP and S.shape[0] <= EXACT_MAX:
        return None      # scores with structure: the exact path is still affordable here
    if res.gap > MAX_GAP:
        warnings.warn(f"pair_up: proven gap {res.gap:.3%} above {MAX_GAP:.1%} at {S.shape[0]} people",
                      RuntimeWarning, stacklevel=3)
    order = np.argsort(res.a, kind="stable")
    a, b = res.a[order], res.b[order]
    vals = np.asarray(S[a, b], np.float64)
    out = pd.DataFrame({"a": labels[a], "b": labels[b], "score": vals})
    hit = np.zeros(S.shape[0], bool)
    hit[a] = hit[b] = True
    left = np.flatnonzero(~hit)
    unmatched = pd.DataFrame({"person": labels[left],
                              "reason": [_reason(S, A, floor, int(i)) for i in left]})
    return MatchResult.of(out, unmatched, "total", vals, upper_bound=res.upper_bound, gap=res.gap)
