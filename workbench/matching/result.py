"""A richer view of any result frame: ``MatchResult`` and ``solve``."""
from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd


@dataclass
class MatchResult:
    """Pairs (or circle members), who is unmatched and why, and the figures of the objective."""
    pairs: pd.DataFrame
    unmatched: pd.DataFrame
    objective: str
    total: float
    lowest: float
    matched: int
    extra: dict = field(default_factory=dict)

    @classmethod
    def from_frame(cls, df: pd.DataFrame) -> "MatchResult":
        a = dict(df.attrs)
        known = {"unmatched", "objective", "total", "lowest", "matched"}
        return cls(pairs=df, unmatched=a.get("unmatched", pd.DataFrame()),
                   objective=a.get("objective", ""), total=a.get("total", float("nan")),
                   lowest=a.get("lowest", float("nan")), matched=a.get("matched", len(df)),
                   extra={k: v for k, v in a.items() if k not in known})


def solve(scores, kind: str = "assign", **kwargs) -> MatchResult:
    """Run ``assign`` / ``pair_up`` / ``stable`` / ``suggest`` / ``circles`` and wrap the result.

    >>> import numpy as np
    >>> r = solve(np.array([[1.0, np.nan], [np.nan, np.nan]]))
    >>> r.matched, r.total, r.unmatched["reason"].tolist()
    (1, 1.0, ['no allowed partner'])
    """
    from . import assign, circles, pair_up, stable, suggest
    funcs = {"assign": assign, "pair_up": pair_up, "stable": stable, "suggest": suggest,
             "circles": circles}
    if kind not in funcs:
        raise ValueError(f"kind must be one of {sorted(funcs)}; got {kind!r}")
    if kind == "stable":
        return MatchResult.from_frame(stable(scores, kwargs.pop("mentor_scores"), **kwargs))
    return MatchResult.from_frame(funcs[kind](scores, **kwargs))
