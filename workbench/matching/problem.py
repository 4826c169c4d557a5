"""Normalize the inputs of every matching function into plain arrays, labels and masks.

A pair is *allowed* when ``allowed`` is True and its score is a number (not NaN / -inf); it is
*usable* when it is also not below ``min_score``. Bad arguments raise ``ValueError`` naming the
argument and the shapes.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

import numpy as np
import pandas as pd


@dataclass
class MatchProblem:
    scores: np.ndarray          # float64, NaN where unknown or -inf
    rows: pd.Index              # labels of the rows (mentees / people)
    cols: pd.Index              # labels of the columns (mentors / people)
    allowed: np.ndarray         # bool: allowed by the caller and score a number
    usable: np.ndarray          # allowed and not below min_score
    capacity: np.ndarray        # int64 per column
    all_usable: bool = False    # every pair usable (fast paths skip masking)

    @property
    def shape(self):
        return self.scores.shape

    def masked(self) -> np.ndarray:
        """Scores with NaN wherever the pair is not usable (no copy when all are usable)."""
        return self.scores if self.all_usable else np.where(self.usable, self.scores, np.nan)


def as_matrix(obj, name: str) -> np.ndarray:
    """A 2-D float64 array from an array-like or DataFrame, or ``ValueError`` naming ``name``."""
    try:
        A = obj.to_numpy(dtype=float) if isinstance(obj, pd.DataFrame) else np.asarray(obj, dtype=float)
    except (TypeError, ValueError) as exc:
        raise ValueError(f"{name} must be numeric: {exc}") from None
    if A.ndim != 2:
        raise ValueError(f"{name} must be 2-D (rows x columns); got shape {A.shape}")
    return A


def _labels(obj, n_rows, n_cols):
    if isinstance(obj, pd.DataFrame):
        return obj.index, obj.columns
    return pd.RangeIndex(n_rows), pd.RangeIndex(n_cols)


def allowed_matrix(allowed, scores, rows, cols, shape) -> np.ndarray:
    """``allowed`` as a bool array of ``shape``; a DataFrame is aligned to the scores' labels
    (a pair it doesn't name: not allowed)."""
    if isinstance(allowed, pd.DataFrame) and isinstance(scores, pd.DataFrame):
        R = allowed.reindex(index=rows, columns=cols).to_numpy(dtype=object)
        A = np.where(pd.isna(R), False, R).astype(bool)  # a pair the frame doesn't name: not allowed
    else:
        A = np.asarray(allowed)
        if A.dtype != bool:
            A = A.astype(bool)
    if A.shape != shape:
        raise ValueError(f"allowed must have the shape of scores {shape}; got {A.shape}")
    return A


_allowed = allowed_matrix      # the former private name, for callers that still use it


def capacity_array(capacity, cols: pd.Index, name: str = "capacity", missing=None) -> np.ndarray:
    """One non-negative int per column from an int, a sequence, or a Series/dict by label
    (a label the Series doesn't name gets ``missing``, or is an error when that is None)."""
    m = len(cols)
    if isinstance(capacity, (pd.Series, dict)):
        cap = pd.Series(capacity, dtype=float).reindex(cols)
        if missing is not None:
            cap = cap.fillna(missing)
        if cap.isna().any():
            raise ValueError(f"{name} names no value for mentor(s) {list(cap[cap.isna()].index[:3])}")
        cap = cap.to_numpy()
    else:
        cap = np.asarray(capacity)
        if cap.ndim == 0:
            cap = np.full(m, cap.item())
    if cap.shape != (m,):
        raise ValueError(f"{name} must be one int or one per mentor (column) ({m},); got shape {cap.shape}")
    if cap.size and not np.all(np.equal(np.mod(cap.astype(float), 1), 0)):
        raise ValueError(f"{name} must be whole numbers; got {cap[:5]} (shape {cap.shape})")
    cap = cap.astype(np.int64)
    if (cap < 0).any():
        raise ValueError(f"{name} must not be negative; got {cap.min()} (shape {cap.shape}, "
                         f"scores have {m} columns)")
    return cap


def score_floor(min_score) -> Optional[float]:
    """``min_score`` as a float, or None; ``ValueError`` for anything else, NaN included (no
    score is ever at least NaN, so it would silently match nobody).

    >>> score_floor(None), score_floor("0.5")
    (None, 0.5)
    >>> score_floor(float("nan"))
    Traceback (most recent call last):
    ...
    ValueError: min_score must be a number or None; got nan, under which no pair would qualify
    """
    if min_score is None:
        return None
    try:
        floor = float(min_score)
    except (TypeError, ValueError):
        raise ValueError(f"min_score must be a number or None; got {min_score!r}") from None
    if np.isnan(floor):
        raise ValueError(f"min_score must be a number or None; got {min_score!r}, under which no "
                         f"pair would qualify")
    return floor


def whole_number(value, name: str, minimum: int) -> int:
    """``value`` as an int of at least ``minimum``; ``ValueError`` for a fraction (never
    truncated: ``k=2.7`` is an error, as a fractional capacity is), a non-number or a smaller one.

    >>> whole_number(3.0, "k", 1)
    3
    >>> whole_number(2.5, "size", 2)
    Traceback (most recent call last):
    ...
    ValueError: size must be a whole number >= 2; got 2.5
    """
    try:
        number = float(value)
    except (TypeError, ValueError, OverflowError):
        raise ValueError(f"{name} must be a whole number >= {minimum}; got {value!r}") from None
    if isinstance(value, bool) or not np.isfinite(number) or number != int(number):
        raise ValueError(f"{name} must be a whole number >= {minimum}; got {value!r}")
    if int(number) < minimum:
        raise ValueError(f"{name} must be at least {minimum}; got {int(number)}")
    return int(number)


def to_problem(scores, allowed=None, min_score: Optional[float] = None, capacity=1,
               square: bool = False, name: str = "scores") -> MatchProblem:
    """Arrays, labels and masks for ``scores`` (2-D array or DataFrame)."""
    S = as_matrix(scores, name)
    rows, cols = _labels(scores, *S.shape)
    if square and S.shape[0] != S.shape[1]:
        raise ValueError(f"{name} must be square (people x people) for peer matching; got shape {S.shape}")
    ok = np.isfinite(S)
    if not ok.all():  # one pass in the common all-finite case
        if np.isposinf(S).any():
            raise ValueError(f"{name} must be finite numbers, NaN or -inf; got +inf (shape {S.shape})")
        S = np.where(ok, S, np.nan)  # -inf means "never", like NaN
    if allowed is not None:
        ok &= allowed_matrix(allowed, scores, rows, cols, S.shape)
    usable = ok
    floor = score_floor(min_score)
    if floor is not None:
        with np.errstate(invalid="ignore"):
            usable = ok & (S >= floor)
    cap = capacity_array(capacity, cols)
    return MatchProblem(S, rows, cols, ok, usable, cap, all_usable=bool(usable.all()))
