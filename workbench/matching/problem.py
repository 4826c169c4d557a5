"""Normalize the inputs of every matching function: scores, labels, the usable-pair mask.

A pair is usable when ``allowed`` is True, its score is not NaN, and it is not below
``min_score``. Bad arguments raise ``ValueError`` naming the argument and the shapes.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

import numpy as np
import pandas as pd


@dataclass
class Problem:
    scores: np.ndarray          # float, NaN where unknown
    rows: pd.Index              # labels of the rows (mentees / people)
    cols: pd.Index              # labels of the columns (mentors / people)
    allowed: np.ndarray         # bool: allowed by the caller and score not NaN
    usable: np.ndarray          # allowed and not below min_score
    capacity: np.ndarray        # int per column

    @property
    def shape(self):
        return self.scores.shape


def _labels(obj, n_rows, n_cols):
    if isinstance(obj, pd.DataFrame):
        return obj.index, obj.columns
    return pd.RangeIndex(n_rows), pd.RangeIndex(n_cols)


def to_problem(scores, allowed=None, min_score: Optional[float] = None, capacity=1,
               square: bool = False) -> Problem:
    S = np.asarray(scores.to_numpy() if isinstance(scores, pd.DataFrame) else scores, dtype=float)
    if S.ndim != 2:
        raise ValueError(f"scores must be 2-D (rows x columns); got shape {S.shape}")
    rows, cols = _labels(scores, *S.shape)
    if square and S.shape[0] != S.shape[1]:
        raise ValueError(f"scores must be square for peer matching; got shape {S.shape}")
    ok = ~np.isnan(S)
    if allowed is not None:
        if isinstance(allowed, pd.DataFrame) and isinstance(scores, pd.DataFrame):
            A = allowed.reindex(index=rows, columns=cols).fillna(False).to_numpy(dtype=bool)
        else:
            A = np.asarray(allowed, dtype=bool)
        if A.shape != S.shape:
            raise ValueError(f"allowed must have the shape of scores {S.shape}; got {A.shape}")
        ok &= A
    usable = ok.copy()
    if min_score is not None:
        with np.errstate(invalid="ignore"):
            usable &= ~(S < float(min_score))
    if isinstance(capacity, (pd.Series, dict)):
        cap = pd.Series(capacity).reindex(cols)
        if cap.isna().any():
            raise ValueError(f"capacity names no value for mentor(s) {list(cap[cap.isna()].index[:3])}")
        cap = cap.to_numpy()
    else:
        cap = np.broadcast_to(np.asarray(capacity), (S.shape[1],)) if np.ndim(capacity) == 0 \
            else np.asarray(capacity)
    if cap.shape != (S.shape[1],):
        raise ValueError(f"capacity must be one int or one per column ({S.shape[1]}); got shape {cap.shape}")
    if (cap < 0).any():
        raise ValueError(f"capacity must not be negative; got {cap.min()} (scores shape {S.shape})")
    return Problem(S, rows, cols, ok, usable, cap.astype(int))


def unmatched_reasons(p: Problem, matched_rows: np.ndarray, label: str = "mentee") -> pd.DataFrame:
    """Why each unmatched row has no partner: no allowed partner, below min_score, or every
    allowed partner full."""
    mask = np.ones(p.shape[0], bool)
    mask[matched_rows] = False
    idx = np.flatnonzero(mask)
    has_allowed = p.allowed[idx].any(axis=1)
    has_usable = p.usable[idx].any(axis=1)
    reason = np.where(~has_allowed, "no allowed partner",
                      np.where(~has_usable, "below min_score", "every allowed partner full"))
    return pd.DataFrame({label: p.rows[idx], "reason": reason})


def result(p: Problem, r: np.ndarray, c: np.ndarray, names=("mentee", "mentor")) -> pd.DataFrame:
    order = np.argsort(r, kind="stable")
    r, c = r[order], c[order]
    out = pd.DataFrame({names[0]: p.rows[r], names[1]: p.cols[c], "score": p.scores[r, c]})
    out.attrs["unmatched"] = unmatched_reasons(p, r, names[0] if names[0] != "a" else "person")
    out.attrs["total"] = float(out["score"].sum())
    out.attrs["lowest"] = float(out["score"].min()) if len(out) else float("nan")
    return out
