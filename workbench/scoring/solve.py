"""Solver glue between scoring and :mod:`workbench.matching`.

Scoring works with mentees and mentors on both sides of a ``pair_up`` (the peer format); the
engine names an unmatched peer ``person``. These adapters return the engine's
:class:`~workbench.matching.MatchResult` with ``unmatched`` always keyed ``mentee``.

Example
-------
>>> import pandas as pd
>>> S = pd.DataFrame([[1.0, 0.2], [0.9, 0.0]], index=["A1", "A2"], columns=["B1", "B2"])
>>> assign(S)[["mentee", "mentor"]].values.tolist()
[['A1', 'B2'], ['A2', 'B1']]
"""
from __future__ import annotations

import dataclasses

from workbench import matching
from workbench.matching import MatchResult


def _keyed(res: MatchResult, key: str = "mentee") -> MatchResult:
    return dataclasses.replace(res, unmatched=res.unmatched.rename(columns={"person": key}))


def assign(scores, capacity=1, allowed=None, min_score=None, objective="total") -> MatchResult:
    """:func:`workbench.matching.assign` (``unmatched``: mentee, reason)."""
    return _keyed(matching.assign(scores, capacity=capacity, allowed=allowed, min_score=min_score,
                                  objective=objective))


def pair_up(scores, allowed=None, min_score=None) -> MatchResult:
    """:func:`workbench.matching.pair_up` (``unmatched``: mentee, reason)."""
    return _keyed(matching.pair_up(scores, allowed=allowed, min_score=min_score))
