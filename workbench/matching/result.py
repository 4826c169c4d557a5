"""The one typed result of every matching function: :class:`MatchResult`.

Every solver (``assign``, ``stable``, ``suggest``, ``pair_up``, ``circles``) returns a
``MatchResult``: the rows it made (``pairs``), who is unmatched and why (``unmatched``), and the
figures of its objective. Nothing travels in ``DataFrame.attrs``. Indexing a result indexes its
rows (``res["mentor"]`` is ``res.pairs["mentor"]``, ``len(res)`` the number of rows), so a
result reads like the table it holds.

This module is the bottom of :mod:`workbench.matching`: every solver imports it, it imports none
of them (running a solver by name is :func:`workbench.matching.by_name.solve`).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional

import numpy as np
import pandas as pd

from ..results import Shown

__all__ = ["MatchResult"]


@dataclass(frozen=True)
class MatchResult(Shown):
    """Rows made (pairs, suggestions or circle members), who is unmatched and why, the objective.

    ``pairs``: ``mentee, mentor, score`` (assign / stable), ``mentee, rank, mentor, score``
    (suggest), ``a, b, score`` (pair_up) or ``person, circle, score`` (circles).
    ``unmatched``: ``mentee|person, reason``. ``total`` / ``lowest``: sum and minimum of the
    scores made (circles: the within-circle total). ``matched``: rows made (pairs for pair_up).
    Circles only: ``upper_bound`` (no split can score more), ``gap`` ((bound - total) / |bound|,
    >= 0; pair_up from ``peers.LARGE_N`` people too, where 0 means proven optimal), ``sizes`` and
    ``forbidden`` (pairs not allowed that had to share a circle). Suggest only: ``open`` (places left per mentor).
    """
    pairs: pd.DataFrame
    unmatched: pd.DataFrame
    objective: str
    total: float
    lowest: float
    matched: int
    upper_bound: Optional[float] = None
    gap: Optional[float] = None
    sizes: tuple = ()
    forbidden: Optional[int] = None
    open: Optional[pd.Series] = field(default=None, repr=False)

    @classmethod
    def of(cls, pairs: pd.DataFrame, unmatched: pd.DataFrame, objective: str, vals, **extra) -> "MatchResult":
        """A result whose ``total`` / ``lowest`` / ``matched`` are those of the scores ``vals``."""
        vals = np.asarray(vals, dtype=float)
        return cls(pairs=pairs, unmatched=unmatched, objective=objective, total=float(np.sum(vals)),
                   lowest=float(np.min(vals)) if len(vals) else float("nan"), matched=int(len(vals)),
                   **extra)

    # the result reads like its rows
    def __getitem__(self, key):
        return self.pairs[key]

    def __len__(self) -> int:
        return len(self.pairs)

    @property
    def empty(self) -> bool:
        return self.pairs.empty

    @property
    def columns(self) -> pd.Index:
        return self.pairs.columns

    # shown in a notebook (workbench.results)
    def to_frame(self) -> pd.DataFrame:
        """The rows made (a copy of ``pairs``)."""
        return self.pairs.copy()

    def _headline(self) -> str:
        return (f"{self.matched} made, {len(self.unmatched)} unmatched; total {self.total:.3g}, "
                f"lowest {self.lowest:.3g} ({self.objective})")

