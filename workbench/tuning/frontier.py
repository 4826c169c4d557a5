"""The trade-off frontier in the tuning panel: the points (each the exact optimum at one objective
and minimum score, under the panel's current weights, rules and capacity), their labels for a
picker, and the :class:`~.state.TuningState` of a picked point, which the panel's Save writes to
program.yaml like any other setting (``matching.objective`` and ``matching.min_score``).

>>> from workbench.io import load_program                          # doctest: +SKIP
>>> tuner = Tuner(load_program("data/programs/leadership-accelerator"))   # doctest: +SKIP
>>> pts = points(tuner); state = at_point(tuner.state, pts.iloc[3])      # doctest: +SKIP
"""
from __future__ import annotations

from html import escape

import numpy as np
import pandas as pd

from ..scoring.modes import applies, program_frontier
from .state import TuningState

__all__ = ["points", "labels", "at_point", "pick", "frontier_svg", "frontier_html"]

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


def _xy(pts: pd.DataFrame):
    """Coverage and mean score share per point (NaN mean: nobody matched, drawn at 0)."""
    x = pts["coverage"].to_numpy(float)
    y = np.nan_to_num(pts["mean_score_share"].to_numpy(float), nan=0.0)
    return x, y


def pick(pts: pd.DataFrame, coverage: float, mean_share: float) -> int:
    """The row position of the point nearest to ``(coverage, mean_share)`` on the chart (each
    axis scaled to the points' range): what the analyst picks by pointing at the chart.

    >>> pts = pd.DataFrame({"coverage": [1.0, 0.9, 0.5], "mean_score_share": [0.6, 0.7, 0.9]})
    >>> pick(pts, 0.92, 0.66), pick(pts, 0.0, 1.0)
    (1, 2)
    """
    if pts.empty:
        raise ValueError("no frontier points to pick from")
    x, y = _xy(pts)
    sx = float(np.ptp(x)) or 1.0
    sy = float(np.ptp(y)) or 1.0
    return int(np.argmin(((x - coverage) / sx) ** 2 + ((y - mean_share) / sy) ** 2))


def frontier_svg(pts: pd.DataFrame, chosen=None, width: int = 380, height: int = 230) -> str:
    """The points as a small scatter (coverage across, mean pair score up; on the frontier
    filled, beaten hollow), the ``chosen`` row position ringed and labelled."""
    if pts.empty:
        return ""
    x, y = _xy(pts)
    left, right, top, bottom = 48, 12, 12, 36
    x0, x1 = min(float(x.min()), 1.0) - 0.02, 1.0 + 0.02
    y0, y1 = max(0.0, float(y.min()) - 0.05), min(1.0, float(y.max()) + 0.05)
    if y1 <= y0:
        y0, y1 = max(0.0, y0 - 0.1), y1 + 0.1
    px = left + (x - x0) / (x1 - x0) * (width - left - right)
    py = height - bottom - (y - y0) / (y1 - y0) * (height - top - bottom)
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" class="wb-frontier-chart" '
           f'role="img"><title>Trade-off frontier: share of mentees matched against mean pair score</title>',
           f'<line x1="{left}" y1="{height - bottom}" x2="{width - right}" y2="{height - bottom}" stroke="#888"/>',
           f'<line x1="{left}" y1="{top}" x2="{left}" y2="{height - bottom}" stroke="#888"/>']
    for v in np.linspace(x0 + 0.02, 1.0, 3):
        gx = left + (v - x0) / (x1 - x0) * (width - left - right)
        out.append(f'<text x="{gx:.1f}" y="{height - bottom + 14}" font-size="10" text-anchor="middle">{v:.0%}</text>')
    for v in np.linspace(y0, y1, 3):
        gy = height - bottom - (v - y0) / (y1 - y0) * (height - top - bottom)
        out.append(f'<text x="{left - 4}" y="{gy + 3:.1f}" font-size="10" text-anchor="end">{v:.0%}</text>')
    out.append(f'<text x="{(left + width - right) / 2:.0f}" y="{height - 4}" font-size="11" text-anchor="middle">'
               f'mentees matched</text>')
    out.append(f'<text x="12" y="{(top + height - bottom) / 2:.0f}" font-size="11" text-anchor="middle" '
               f'transform="rotate(-90 12 {(top + height - bottom) / 2:.0f})">mean pair score</text>')
    eff = pts["efficient"].to_numpy(bool) if "efficient" in pts else np.ones(len(pts), bool)
    for i in range(len(pts)):
        fill = "#2b6cb0" if eff[i] else "white"
        out.append(f'<circle cx="{px[i]:.1f}" cy="{py[i]:.1f}" r="4" fill="{fill}" stroke="#2b6cb0"/>')
    if chosen is not None and 0 <= int(chosen) < len(pts):
        c = int(chosen)
        out.append(f'<circle cx="{px[c]:.1f}" cy="{py[c]:.1f}" r="8" fill="none" stroke="#c05621" '
                   f'stroke-width="2" class="chosen"/>')
        out.append(f'<text x="{px[c]:.1f}" y="{py[c] - 11:.1f}" font-size="10" text-anchor="middle" '
                   f'fill="#c05621">{escape("chosen")}</text>')
    out.append("</svg>")
    return "".join(out)


def frontier_html(pts: pd.DataFrame, chosen=None) -> str:
    """The points as a chart (the ``chosen`` row position marked) and a small table for the
    panel (analyst only)."""
    if pts.empty:
        return "<small>No frontier: this format matches people among themselves.</small>"
    show = pd.DataFrame({"aim": pts["objective"].map(AIMS),
                         "minimum (pts)": pts["min_score"].map(lambda v: "none" if not np.isfinite(v) else f"{v:g}"),
                         "matched": pts["matched"], "coverage": pts["coverage"].map("{:.0%}".format),
                         "mean": pts["mean_score_share"].map(lambda v: "–" if not np.isfinite(v) else f"{v:.0%}"),
                         "weakest": pts["lowest_score_share"].map(lambda v: "–" if not np.isfinite(v) else f"{v:.0%}"),
                         "on the frontier": pts["efficient"].map({True: "yes", False: "no"})})
    return frontier_svg(pts, chosen) + show.to_html(index=False, escape=True, classes="wb-frontier")
