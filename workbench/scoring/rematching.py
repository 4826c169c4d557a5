"""Re-solve a matching with other weights (a slider move): :func:`rematch`, pairs or circles.

It sits above :mod:`.match` (pairs) and :mod:`.circles` (which builds on ``match``), so neither
imports the other's re-solve; ``workbench.scoring.rematch`` is this function.
"""
from __future__ import annotations

from typing import Mapping, Optional

from .circles import resolve_circles
from .match import MatchOutcome, rematch_pairs

__all__ = ["rematch"]


def rematch(outcome: MatchOutcome, weights: Optional[Mapping[str, float]] = None, objective: Optional[str] = None,
            min_score: Optional[float] = None) -> MatchOutcome:
    """Re-solve with other weights (slider move), reusing the cached score matrices and rules."""
    if outcome.circles is not None:
        return resolve_circles(outcome, weights, objective, min_score)
    return rematch_pairs(outcome, weights, objective, min_score)
