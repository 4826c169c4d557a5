"""Each KPI's trend: the same measure taken at earlier dates, as the data stood then.

:func:`kpi_trend` measures every KPI of the charter (:func:`.scorecard.measure`) on
:meth:`Program.as_of` at quarter ends from the program start to the snapshot (the snapshot is
always the last point); :func:`trend_words` turns a KPI's points into the scorecard's
``trend`` column, e.g. ``"0.71 → 0.76 → 0.80 (improving)"``.

Direction is judged towards the target (downwards when the target is below the baseline,
else upwards, as the scorecard's status): *improving* / *worsening* when the last change moves towards / away
from the target by more than :data:`STEADY` of the target, *steady* otherwise; a KPI with fewer
than two measurable points has *too few points* (and says why). Small populations stay
unmeasured at every date, as in the scorecard.

Example
-------
>>> trend_words([0.70, 0.74, 0.80], target=0.9, baseline=0.7)
'0.70 → 0.74 → 0.80 (improving)'
>>> trend_words([0.30, 0.25], target=0.2, baseline=0.3)       # lower is the goal
'0.30 → 0.25 (improving)'
"""
from __future__ import annotations

import math
from typing import Optional, Sequence

import pandas as pd

from ..program import Program
from .scorecard import measure

STEADY = 0.01      # a change smaller than 1 % of the target is "steady"
POINTS = 4         # dates measured by default (the last ones, snapshot included)


def trend_dates(program: Program, points: int = POINTS) -> list[pd.Timestamp]:
    """Quarter ends after the program start and more than a month before the snapshot, then the
    snapshot itself; the last ``points`` of them."""
    start = pd.Timestamp(program.config.start_date)
    snap = pd.Timestamp(program.config.snapshot_date)
    if points < 1:
        raise ValueError(f"points must be at least 1; got {points}")
    # a quarter end within a month of the snapshot would only repeat it
    ends = [d for d in pd.date_range(start, snap, freq="QE") if start < d and (snap - d).days > 31]
    return (ends + [snap])[-points:]


def kpi_trend(program: Program, points: int = POINTS) -> pd.DataFrame:
    """Every KPI measured at :func:`trend_dates`: one row per KPI and date with columns
    kpi, as_of, value (NaN when not measurable then), n, note.

    >>> from workbench.io import load_program                            # doctest: +SKIP
    >>> kpi_trend(load_program("data/programs/onboarding-pilot")).head()  # doctest: +SKIP
    """
    rows = []
    for when in trend_dates(program, points):
        past = program.as_of(when)
        for kpi in program.config.kpis:
            value, note, n = measure(past, kpi)
            rows.append({"kpi": kpi.name, "as_of": when.date(),
                         "value": float("nan") if value is None else round(float(value), 3),
                         "n": n, "note": note})
    return pd.DataFrame(rows, columns=["kpi", "as_of", "value", "n", "note"])


def trend_words(values: Sequence[float], target: float, baseline: Optional[float] = None) -> str:
    """The measurable points joined by arrows and the direction towards the target."""
    vals = [float(v) for v in values if v is not None and not math.isnan(float(v))]
    if len(vals) < 2:
        return "too few points (not measurable at earlier dates)" if vals else "not measurable"
    up = 1 if baseline is None or target >= baseline else -1   # as the scorecard's status
    change = (vals[-1] - vals[-2]) * up
    tol = STEADY * max(abs(target), 1e-9)
    word = "steady" if abs(change) < tol else "improving" if change > 0 else "worsening"
    digits = 2 if max(abs(v) for v in vals) <= 1.5 else 1
    return " → ".join(f"{v:.{digits}f}" for v in vals) + f" ({word})"


def trend_column(card: pd.DataFrame, trend: pd.DataFrame) -> pd.Series:
    """The scorecard's ``trend`` column from :func:`kpi_trend`'s frame."""
    out = []
    for row in card.itertuples():
        pts = trend[trend["kpi"] == row.kpi].sort_values("as_of")
        base = None if row.baseline is None or pd.isna(row.baseline) else float(row.baseline)
        out.append(trend_words(pts["value"].tolist(), float(row.target), base))
    return pd.Series(out, index=card.index, name="trend")
