"""Each KPI's trend: the same measure, with the same definition, taken at earlier dates.

:func:`kpi_trend` measures every KPI of the charter (:func:`workbench.metrics.measure`, one
definition throughout: retention is always the Kaplan–Meier share still employed
``horizon_months`` after joining, never a share at the snapshot) on :meth:`Program.as_of` at
quarter ends from the program start to the snapshot (the snapshot is always the last point). :func:`trend_words` turns a KPI's
points into the scorecard's ``trend`` column, e.g. ``"0.71 → 0.76 → 0.80 (improving)"``.

The direction that counts as *improving* is the metric's (registry), never guessed from baseline
and target. The last change is *improving* / *worsening* only when it exceeds its uncertainty
(1.96 × the standard error of the difference, each point's standard error read from its 95 %
interval); otherwise *steady (within the uncertainty)*. A KPI with fewer than two measurable
points has *too few points*.

Example
-------
>>> trend_words([0.70, 0.74, 0.80], [0.68, 0.72, 0.78], [0.72, 0.76, 0.82])
'0.70 → 0.74 → 0.80 (improving)'
>>> trend_words([4.0, 3.89], [3.76, 3.65], [4.24, 4.13])      # each mean ± 0.12: noise
'4.0 → 3.9 (steady, within the uncertainty)'
>>> trend_words([0.30, 0.25], direction=-1)                    # lower is the goal, no intervals
'0.30 → 0.25 (improving)'
"""
from __future__ import annotations

import math
from typing import Optional, Sequence

import pandas as pd

from ..program import Program
from ..evaluation.stats import Z
from ..metrics import METRICS, measure

POINTS = 4         # dates measured by default (the last ones, snapshot included)


def trend_dates(program: Program, points: int = POINTS) -> list[pd.Timestamp]:
    """Quarter ends after the program start and more than a month before the snapshot, then the
    snapshot itself; the last ``points`` of them."""
    start = pd.Timestamp(program.config.start_date)
    snap = pd.Timestamp(program.config.snapshot_date)
    if points < 1:
        raise ValueError(f"points must be at least 1; got {points}")
    ends = [d for d in pd.date_range(start, snap, freq="QE") if start < d and (snap - d).days > 31]
    return (ends + [snap])[-points:]


def kpi_trend(program: Program, points: int = POINTS) -> pd.DataFrame:
    """Every KPI measured at :func:`trend_dates`: one row per KPI and date with columns
    kpi, as_of, value, lower, upper (NaN when not measurable then), n, note."""
    rows = []
    for when in trend_dates(program, points):
        past = program.as_of(when)
        for kpi in program.config.kpis:
            m = measure(past, kpi)

            def f(v):
                return float("nan") if v is None or not m.measurable else round(float(v), 3)
            rows.append({"kpi": kpi.name, "as_of": when.date(), "value": f(m.value),
                         "lower": f(m.lower), "upper": f(m.upper), "n": m.n, "note": m.note})
    return pd.DataFrame(rows, columns=["kpi", "as_of", "value", "lower", "upper", "n", "note"])


def _ok(v) -> bool:
    return v is not None and not math.isnan(float(v))


def trend_words(values: Sequence[float], lowers: Optional[Sequence[float]] = None,
                uppers: Optional[Sequence[float]] = None, direction: int = 1) -> str:
    """The measurable points joined by arrows and the direction of the last change."""
    n = len(values)
    lowers = list(lowers) if lowers is not None else [float("nan")] * n
    uppers = list(uppers) if uppers is not None else [float("nan")] * n
    pts = [(float(v), lo, hi) for v, lo, hi in zip(values, lowers, uppers) if _ok(v)]
    if len(pts) < 2:
        return "too few points (not measurable at earlier dates)" if pts else "not measurable"
    (v1, l1, h1), (v2, l2, h2) = pts[-2], pts[-1]
    change = (v2 - v1) * direction
    if all(_ok(x) for x in (l1, h1, l2, h2)):
        se = math.hypot((h1 - l1) / (2 * Z), (h2 - l2) / (2 * Z))
        tol = Z * se
    else:
        tol = 0.01 * max(abs(v1), abs(v2), 1e-9)
    word = ("steady, within the uncertainty" if abs(change) <= tol
            else "improving" if change > 0 else "worsening")
    digits = 2 if max(abs(p[0]) for p in pts) <= 1.5 else 1
    return " → ".join(f"{p[0]:.{digits}f}" for p in pts) + f" ({word})"


def trend_column(card: pd.DataFrame, trend: pd.DataFrame) -> pd.Series:
    """The scorecard's ``trend`` column from :func:`kpi_trend`'s frame."""
    out = []
    for row in card.itertuples():
        pts = trend[trend["kpi"] == row.kpi].sort_values("as_of")
        out.append(trend_words(pts["value"].tolist(), pts["lower"].tolist(), pts["upper"].tolist(),
                               METRICS[row.metric].direction))
    return pd.Series(out, index=card.index, name="trend")
