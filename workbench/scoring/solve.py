"""Solver glue: ``workbench.matching`` when available, else a private scipy fallback.

The fallback mirrors ``workbench.matching.assign`` / ``pair_up``: it returns a DataFrame
(mentee, mentor, score) with ``attrs["unmatched"]`` (mentee, reason).
"""
from __future__ import annotations

import warnings
from typing import Optional

import numpy as np
import pandas as pd
from scipy.optimize import linear_sum_assignment

_BIG = 1e9


def _capacity_array(capacity, mentors: pd.Index) -> np.ndarray:
    if isinstance(capacity, (pd.Series, dict)):
        cap = pd.Series(capacity).reindex(mentors).fillna(0)
        return cap.astype(int).clip(lower=0).to_numpy()
    return np.full(len(mentors), int(capacity), dtype=int)


def _eligible(scores: pd.DataFrame, allowed, min_score) -> np.ndarray:
    ok = np.ones(scores.shape, dtype=bool)
    if allowed is not None:
        ok &= np.asarray(pd.DataFrame(allowed).reindex(index=scores.index, columns=scores.columns)
                         .fillna(False).to_numpy(), dtype=bool)
    if min_score is not None:
        ok &= scores.to_numpy() >= min_score
    return ok


def _lsa(S: np.ndarray, ok: np.ndarray, cap: np.ndarray, floor: Optional[float] = None):
    """Max-total assignment of rows to columns repeated cap times; returns (rows, cols)."""
    slots = np.repeat(np.arange(S.shape[1]), cap)
    if len(slots) == 0 or S.shape[0] == 0:
        return np.array([], int), np.array([], int)
    okx = ok[:, slots]
    if floor is not None:
        okx = okx & (S[:, slots] >= floor)
    # maximise matched count first, then score: each real match is worth a large bonus
    cost = np.where(okx, -(S[:, slots] + 1e3), _BIG)
    r, c = linear_sum_assignment(cost)
    keep = okx[r, c]
    return r[keep], slots[c[keep]]


def _fallback_assign(scores: pd.DataFrame, capacity=1, allowed=None, min_score=None,
                     objective: str = "total") -> pd.DataFrame:
    S = scores.to_numpy(dtype=float)
    ok = _eligible(scores, allowed, min_score)
    cap = _capacity_array(capacity, scores.columns)
    r, c = _lsa(S, ok, cap)
    if objective == "fair" and len(r):
        # largest floor that keeps the number of matches, then best total above it
        target = len(r)
        vals = np.unique(S[ok])
        lo, hi = 0, len(vals) - 1
        best = (r, c)
        while lo <= hi:
            mid = (lo + hi) // 2
            rr, cc = _lsa(S, ok, cap, floor=vals[mid])
            if len(rr) == target:
                best, lo = (rr, cc), mid + 1
            else:
                hi = mid - 1
        r, c = best
    out = pd.DataFrame({"mentee": scores.index[r], "mentor": scores.columns[c], "score": S[r, c]})
    out = out.sort_values("mentee", kind="stable").reset_index(drop=True)
    matched = set(out["mentee"])
    unmatched = []
    allowed_only = _eligible(scores, allowed, None)
    for i, mid in enumerate(scores.index):
        if mid in matched:
            continue
        if not allowed_only[i].any():
            reason = "no allowed mentor"
        elif not ok[i].any():
            reason = "all allowed mentors below min_score"
        else:
            reason = "mentors full"
        unmatched.append((mid, reason))
    out.attrs["unmatched"] = pd.DataFrame(unmatched, columns=["mentee", "reason"])
    return out


def _fallback_pair_up(scores: pd.DataFrame, allowed=None, min_score=None) -> pd.DataFrame:
    """Pair people among themselves (symmetric scores); max-weight matching when networkx exists."""
    S = scores.to_numpy(dtype=float)
    S = (S + S.T) / 2
    ok = _eligible(scores, allowed, min_score)
    ok = ok & ok.T
    np.fill_diagonal(ok, False)
    ids = scores.index
    pairs = []
    try:
        import networkx as nx
        g = nx.Graph()
        iu, ju = np.nonzero(np.triu(ok, 1))
        g.add_weighted_edges_from((int(i), int(j), float(S[i, j]) + 1e3) for i, j in zip(iu, ju))
        for i, j in nx.max_weight_matching(g, maxcardinality=True):
            pairs.append((min(i, j), max(i, j)))
    except ImportError:  # greedy
        used = set()
        iu, ju = np.nonzero(np.triu(ok, 1))
        for k in np.argsort(-S[iu, ju], kind="stable"):
            i, j = int(iu[k]), int(ju[k])
            if i not in used and j not in used:
                used |= {i, j}
                pairs.append((i, j))
    pairs.sort()
    out = pd.DataFrame({"a": [ids[i] for i, _ in pairs], "b": [ids[j] for _, j in pairs],
                        "score": [S[i, j] for i, j in pairs]})
    done = {p for ij in pairs for p in ij}
    un = [(ids[i], "no allowed partner" if not ok[i].any() else "no partner left")
          for i in range(len(ids)) if i not in done]
    out.attrs["unmatched"] = pd.DataFrame(un, columns=["mentee", "reason"])
    return out


def _valid(res: pd.DataFrame, scores, capacity, allowed) -> bool:
    if not {"mentee", "mentor", "score"} <= set(res.columns) or res["mentee"].duplicated().any():
        return False
    cap = pd.Series(_capacity_array(capacity, scores.columns), index=scores.columns)
    used = res["mentor"].value_counts()
    if (used > cap.reindex(used.index).fillna(0)).any():
        return False
    if allowed is not None and len(res):
        a = pd.DataFrame(allowed)
        if not all(bool(a.at[x, y]) for x, y in zip(res["mentee"], res["mentor"])):
            return False
    return True


def assign(scores, capacity=1, allowed=None, min_score=None, objective="total") -> pd.DataFrame:
    """``workbench.matching.assign`` when importable and well-behaved, else the fallback."""
    try:
        from workbench.matching import assign as real
    except ImportError:
        real = None
    if real is not None:
        try:
            res = real(scores, capacity=capacity, allowed=allowed, min_score=min_score, objective=objective)
            if _valid(res, scores, capacity, allowed):
                if "unmatched" not in res.attrs:
                    res.attrs["unmatched"] = pd.DataFrame(
                        {"mentee": [m for m in scores.index if m not in set(res["mentee"])], "reason": "not matched"})
                return res
            warnings.warn("workbench.matching.assign broke capacity or rules; using the scoring fallback")
        except Exception as exc:  # noqa: BLE001 - never let a notebook die on a solver in progress
            warnings.warn(f"workbench.matching.assign failed ({exc!r}); using the scoring fallback")
    return _fallback_assign(scores, capacity, allowed, min_score, objective)


def pair_up(scores, allowed=None, min_score=None) -> pd.DataFrame:
    try:
        from workbench.matching import pair_up as real
    except ImportError:
        real = None
    if real is not None:
        try:
            res = real(scores, allowed=allowed, min_score=min_score)
            if "unmatched" in res.attrs:  # workbench.matching names peers "person"
                res.attrs["unmatched"] = res.attrs["unmatched"].rename(columns={"person": "mentee"})
            if {"a", "b", "score"} <= set(res.columns):
                if "unmatched" not in res.attrs:
                    done = set(res["a"]) | set(res["b"])
                    res.attrs["unmatched"] = pd.DataFrame(
                        {"mentee": [m for m in scores.index if m not in done], "reason": "not matched"})
                return res
        except Exception as exc:  # noqa: BLE001
            warnings.warn(f"workbench.matching.pair_up failed ({exc!r}); using the scoring fallback")
    return _fallback_pair_up(scores, allowed, min_score)
