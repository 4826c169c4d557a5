"""Solver glue between scoring and :mod:`workbench.matching`.

Scoring works with mentees and mentors on both sides of a ``pair_up`` (the peer format); the
engine names an unmatched peer ``person``. These adapters return the engine's result with the
unmatched frame always present and always keyed ``mentee``.

Example
-------
>>> import pandas as pd
>>> S = pd.DataFrame([[1.0, 0.2], [0.9, 0.0]], index=["A1", "A2"], columns=["B1", "B2"])
>>> assign(S)[["mentee", "mentor"]].values.tolist()
[['A1', 'B2'], ['A2', 'B1']]
"""
from __future__ import annotations

import pandas as pd

from workbench import matching


def _unmatched(res: pd.DataFrame, key: str = "mentee") -> pd.DataFrame:
    un = res.attrs.get("unmatched")
    if un is None:
        return pd.DataFrame(columns=[key, "reason"])
    return un.rename(columns={"person": key})


def assign(scores, capacity=1, allowed=None, min_score=None, objective="total") -> pd.DataFrame:
    """:func:`workbench.matching.assign`, with ``attrs["unmatched"]`` (mentee, reason)."""
    res = matching.assign(scores, capacity=capacity, allowed=allowed, min_score=min_score,
                          objective=objective)
    res.attrs["unmatched"] = _unmatched(res)
    return res


def pair_up(scores, allowed=None, min_score=None) -> pd.DataFrame:
    """:func:`workbench.matching.pair_up`, with ``attrs["unmatched"]`` (mentee, reason)."""
    res = matching.pair_up(scores, allowed=allowed, min_score=min_score)
    res.attrs["unmatched"] = _unmatched(res)
    return res
