"""The trade-off frontier in the tuning panel: the points (each the exact optimum at one objective
and minimum score, under the panel's current weights, rules and capacity), their labels for a
picker, and the :class:`~.state.TuningState` of a picked point, which the panel's Save writes to
program.yaml like any other setting (``matching.objective`` and ``matching.min_score``).

>>> from workbench.io import load_program                          # doctest: +SKIP
>>> tuner = Tuner(load_program("data/programs/leadership-accelerator"))   # doctest: +SKIP
>>> pts = points(tuner); state = at_point(tuner.state, pts.iloc[3])      # doctest: +SKIP
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from ..scoring.modes import applies, program_frontier
from .state import TuningState

__all__ = ["points", "labels", "at_point", "frontier_html"]

AIMS = {"total": "most total score", "fair": "fairest weakest pair"}


def points(tuner) -> pd.DataFrame:
    """The frontier under the tuner's current outcome (empty for peers and circles)."""
    if not applies(tuner.outcome):
        return pd.DataFrame(columns=["objective", "min_score", "matched", "coverage", "mean_score",
                                     "lowest_score", "efficient"])
    return program_frontier(tuner.outcome)


def labels(pts: pd.DataFrame) -> list:
    """``(label, row position)`` per point for a dropdown (the analyst's view: counts in full)."""
    out = []
    for i, r in enumerate(pts.itertuples(index=False)):
        floor = "no minimum" if not np.isfinite(r.min_score) else f"minimum {r.min_score:g} pts"
        mean = f"{r.mean_score_share:.0%}" if np.isfinite(r.mean_score_share) else "–"
        low = f"{r.lowest_score_share:.0%}" if np.isfinite(r.lowest_score_share) else "–"
        mark = "" if r.efficient else " (beaten)"
        out.append((f"{AIMS[r.objective]}, {floor}: {r.matched} matched, mean {mean}, weakest {low}{mark}", i))
    return out


def at_point(state: TuningState, point) -> TuningState:
    """``state`` with the point's objective and minimum score (weights, rules, capacity kept)."""
    floor = point["min_score"]
    return state.with_objective(point["objective"]).with_min_score(None if not np.isfinite(floor) else float(floor))


def frontier_html(pts: pd.DataFrame) -> str:
    """The points as a small table for the panel (analyst only)."""
    if pts.empty:
        return "<small>No frontier: this format matches people among themselves.</small>"
    show = pd.DataFrame({"aim": pts["objective"].map(AIMS),
                         "minimum (pts)": pts["min_score"].map(lambda v: "none" if not np.isfinite(v) else f"{v:g}"),
                         "matched": pts["matched"], "coverage": pts["coverage"].map("{:.0%}".format),
                         "mean": pts["mean_score_share"].map(lambda v: "–" if not np.isfinite(v) else f"{v:.0%}"),
                         "weakest": pts["lowest_score_share"].map(lambda v: "–" if not np.isfinite(v) else f"{v:.0%}"),
                         "on the frontier": pts["efficient"].map({True: "yes", False: "no"})})
    return show.to_html(index=False, escape=True, classes="wb-frontier")
