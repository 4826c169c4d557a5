"""Kaplan–Meier time to exit, participants against others, with Greenwood (log-log) 95 % bands.

Own small implementation (no lifelines): tested against a hand-computed example and against
statsmodels' ``SurvfuncRight`` / ``survdiff``.

* :func:`kaplan_meier`: the product-limit curve at each event time, with pointwise 95 %
  bands from Greenwood's variance on the log(-log S) scale (they stay inside [0, 1]).
  A person censored at the same time as an event is still at risk at that time.
* :func:`survival_at`, :func:`median_survival`: read the curve (``None`` when the time lies
  beyond the follow-up, or the median is not reached).
* :func:`logrank_test`: two-group log-rank chi-square (1 df) and p-value.
* :func:`exit_frame` / :func:`exit_curves`: from a Program's workforce, one row per employee
  who was employed at some point between the program start and the snapshot:
  entry = program start, or the hire date if later; event = exit_date on or before the
  snapshot; otherwise censored at the snapshot date. Participants of the program (and of any
  ``others`` programs) against everyone else.

This module computes and never draws: :mod:`workbench.charts` draws the curves.

Example
-------
>>> import pandas as pd
>>> km = kaplan_meier(pd.Series([2, 3, 3, 5]), pd.Series([1, 1, 0, 1]))
>>> km["survival"].round(3).tolist()
[1.0, 0.75, 0.5, 0.0]
"""
from __future__ import annotations

import warnings
from dataclasses import dataclass
from typing import TYPE_CHECKING, Optional

import numpy as np
import pandas as pd
from scipy import stats
from statsmodels.duration.survfunc import SurvfuncRight, survdiff

from ..evaluation.stats import Z, format_p
from ..results import Shown

if TYPE_CHECKING:   # annotations only: the metrics registry, below the config, imports this module
    from ..program import Program

DAYS_PER_MONTH = 365.25 / 12
MIN_CURVE = 10      # fewer people than this in a group: no curve summary (cannot conclude)


COLUMNS_KM = ["time", "at_risk", "events", "censored", "survival", "se", "lower", "upper"]


def kaplan_meier(durations, events, z: float = Z) -> pd.DataFrame:
    """Survival at time 0 and each event time (statsmodels' ``SurvfuncRight``), with pointwise
    log-log Greenwood bands.

    Columns: ``time``, ``at_risk``, ``events``, ``censored`` (censored in (previous time,
    time]), ``survival``, ``se`` (Greenwood standard error of S), ``lower``, ``upper``.
    Where S is 0 or 1 the band collapses onto S (the log-log transform is undefined there).

    >>> km = kaplan_meier([1, 2, 2, 4, 5], [1, 1, 0, 1, 0])
    >>> km[["time", "at_risk", "survival"]].values.tolist()
    [[0.0, 5.0, 1.0], [1.0, 5.0, 0.8], [2.0, 4.0, 0.6000000000000001], [4.0, 2.0, 0.30000000000000004]]
    """
    t = np.asarray(durations, dtype=float)
    e_raw = np.asarray(events, dtype=float)
    if np.isnan(e_raw).any():
        raise ValueError("kaplan_meier: events must be 0 or 1 (drop rows without an outcome first)")
    e = e_raw.astype(int)
    if len(t) != len(e):
        raise ValueError("kaplan_meier: durations and events differ in length")
    if np.isnan(t).any() or (t < 0).any():
        raise ValueError("kaplan_meier: durations must be non-negative numbers")
    rows = [(0.0, len(t), 0, 0, 1.0, 0.0, 1.0, 1.0)]
    if not (e == 1).any():
        return pd.DataFrame(rows, columns=COLUMNS_KM)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        sf = SurvfuncRight(t, e)
    prev = 0.0
    for ti, at_risk, dead, s, se in zip(sf.surv_times, sf.n_risk, sf.n_events, sf.surv_prob, sf.surv_prob_se):
        censored = int(((t > prev) & (t <= ti) & (e == 0)).sum())
        if 0 < s < 1 and np.isfinite(se):
            se_ll = (se / s) / abs(np.log(s))     # Greenwood: se / S = sqrt(sum d / (n (n - d)))
            lo, hi = s ** np.exp(z * se_ll), s ** np.exp(-z * se_ll)
        else:
            lo = hi = s
        rows.append((float(ti), int(at_risk), int(dead), censored, float(s),
                     float(se) if s > 0 and np.isfinite(se) else np.nan, lo, hi))
        prev = ti
    return pd.DataFrame(rows, columns=COLUMNS_KM)


def survival_at(km: pd.DataFrame, time: float, follow_up: Optional[float] = None):
    """(S, lower, upper) at ``time`` from a :func:`kaplan_meier` table, or ``None`` when
    ``time`` lies beyond the longest follow-up (``follow_up``, default the last event time).

    >>> survival_at(kaplan_meier([1, 2, 2, 4, 5], [1, 1, 0, 1, 0]), 3)[0]
    0.6000000000000001
    """
    limit = km["time"].max() if follow_up is None else follow_up
    if time > limit:
        return None
    row = km[km["time"] <= time].iloc[-1]
    return float(row["survival"]), float(row["lower"]), float(row["upper"])


def survival_at_times(durations, events, times) -> list[float]:
    """The Kaplan–Meier share still in at each of ``times`` (the unit of ``durations``): the
    product over every event time **up to and including** t, so a point labelled t shows the
    exits up to t and none after (a chart labelled "3 months" reads S(3 months), not the share at
    the end of the quarter that starts there).

    >>> survival_at_times([1, 2, 2, 4, 5], [1, 1, 0, 1, 0], [0, 1.5, 3, 4])
    [1.0, 0.8, 0.6, 0.3]
    """
    km = kaplan_meier(durations, events)
    t = km["time"].to_numpy(float)
    s = km["survival"].to_numpy(float)
    out = []
    for x in times:
        i = int(np.searchsorted(t, float(x), side="right")) - 1
        out.append(float(s[max(i, 0)]))
    return [round(v, 12) for v in out]


def median_survival(km: pd.DataFrame):
    """(median, lower, upper): the first time S drops to 0.5 or below, and the 95 % interval
    read from the log-log bands (first time the upper band, resp. lower band, reaches 0.5).
    ``None`` for what is not reached within follow-up.

    >>> median_survival(kaplan_meier([1, 2, 2, 4, 5], [1, 1, 0, 1, 0]))[0]
    4.0
    """
    def first(col):
        hit = km.loc[km[col] <= 0.5, "time"]
        return float(hit.iloc[0]) if len(hit) else None
    return first("survival"), first("lower"), first("upper")


def logrank_test(durations, events, groups) -> tuple[float, float]:
    """Two-group log-rank test (statsmodels' ``survdiff``): (chi-square with 1 df, p-value); NaN
    when undefined (not two groups, no event, no variance).

    >>> chi2, p = logrank_test([1, 2, 3, 4, 5, 6], [1, 1, 1, 1, 1, 1], [0, 0, 0, 1, 1, 1])
    >>> round(p, 3)
    0.025
    """
    t = np.asarray(durations, float)
    e = np.asarray(events, int)
    g = np.asarray(groups)
    if len(pd.unique(g)) != 2 or not (e == 1).any():
        return float("nan"), float("nan")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)
            chi2 = float(survdiff(t, e, g)[0])
    except np.linalg.LinAlgError:   # no variance (e.g. every event at a time only one group reaches)
        return float("nan"), float("nan")
    if not np.isfinite(chi2):
        return float("nan"), float("nan")
    # the p-value from the upper tail directly (survdiff's 1 - cdf rounds a tiny p to 0)
    return chi2, float(stats.chi2.sf(chi2, 1))


def logrank_p(durations, events, groups) -> float:
    """Two-group log-rank test p-value (see :func:`logrank_test`)."""
    return logrank_test(durations, events, groups)[1]


def exit_frame(program: Program, others=()) -> pd.DataFrame:
    """One row per employee at risk of leaving between the program start and the snapshot.

    Columns: ``employee_id``, ``treated`` (1: a participant of the program or of ``others``),
    ``entry`` (program start, or hire date if later), ``exit_date``, ``left`` (1 if the exit is on
    or before the snapshot), ``days_observed`` (entry to exit, or to the snapshot when censored).
    """
    wf = program.workforce
    start = pd.Timestamp(program.config.start_date)
    snap = pd.Timestamp(program.config.snapshot_date)
    people = set(program.people["person_id"])
    for other in others:
        people |= set(other.people["person_id"])
    entry = wf["hire_date"].where(wf["hire_date"] > start, start)
    keep = (wf["hire_date"] <= snap) & (wf["exit_date"].isna() | (wf["exit_date"] > entry))
    out = pd.DataFrame({"employee_id": wf["employee_id"], "treated": wf["employee_id"].isin(people).astype(int),
                        "entry": entry, "exit_date": wf["exit_date"]})[keep]
    out["left"] = (out["exit_date"].notna() & (out["exit_date"] <= snap)).astype(int)
    end = out["exit_date"].where(out["left"] == 1, snap)
    out["days_observed"] = (end - out["entry"]).dt.days.clip(lower=0)
    return out.reset_index(drop=True)


@dataclass(frozen=True)
class ExitCurves(Shown):
    """Kaplan–Meier curves of staying employed (time in days), a per-group table, the log-rank
    p-value and a one-sentence reading."""
    curves: dict            # group label -> kaplan_meier table
    table: pd.DataFrame     # group, people, exits, median_months (+ci), survival_at_horizon (+ci)
    logrank_p: float
    horizon_months: int
    sentence: str

    # shown in a notebook (workbench.results)
    def to_frame(self) -> pd.DataFrame:
        return self.table.copy()


def exit_curves(program: Program, others=(), horizon_months: int = 12,
                frame: Optional[pd.DataFrame] = None) -> ExitCurves:
    """Time to exit of participants against everyone else (see :func:`exit_frame`).

    ``frame``: an :func:`exit_frame`-like table to use instead (columns ``treated``,
    ``days_observed``, ``left``). Groups smaller than :data:`MIN_CURVE` get no figures.

    >>> from workbench.io import load_program                        # doctest: +SKIP
    >>> ec = exit_curves(load_program("data/programs/onboarding-pilot"))  # doctest: +SKIP
    >>> ec.table.columns[:3].tolist()                                # doctest: +SKIP
    ['group', 'people', 'exits']
    """
    frame = exit_frame(program, others) if frame is None else frame
    horizon = horizon_months * DAYS_PER_MONTH
    curves, rows = {}, []
    for label, g in (("participants", 1), ("others", 0)):
        sub = frame[frame["treated"] == g]
        row = {"group": label, "people": len(sub), "exits": int(sub["left"].sum())}
        if len(sub) >= MIN_CURVE:
            km = kaplan_meier(sub["days_observed"], sub["left"])
            curves[label] = km
            med = median_survival(km)
            at = survival_at(km, horizon, follow_up=float(sub["days_observed"].max()))
            row.update({
                "median_months": None if med[0] is None else round(med[0] / DAYS_PER_MONTH, 1),
                "median_lower": None if med[1] is None else round(med[1] / DAYS_PER_MONTH, 1),
                "median_upper": None if med[2] is None else round(med[2] / DAYS_PER_MONTH, 1),
                f"still_employed_{horizon_months}m": None if at is None else at[0],
                "lower": None if at is None else at[1], "upper": None if at is None else at[2]})
        rows.append(row)
    table = pd.DataFrame(rows)
    p = logrank_p(frame["days_observed"], frame["left"], frame["treated"]) \
        if len(curves) == 2 else float("nan")
    col = f"still_employed_{horizon_months}m"
    if len(curves) < 2:
        sentence = (f"Cannot conclude on time to exit: a group has fewer than {MIN_CURVE} people "
                    f"({table['people'].tolist()[0]} participants, {table['people'].tolist()[1]} others).")
    elif table[col].isna().any():
        sentence = (f"Follow-up is shorter than {horizon_months} months for a group, so the "
                    f"{horizon_months}-month retention cannot be read yet; log-rank {format_p(p)}.")
    else:
        a, b = table.loc[0], table.loc[1]
        verdict = "a clear difference" if p < 0.05 else "no clear difference (it could be chance)"
        sentence = (f"{a[col]:.0%} of participants (95 % CI {a['lower']:.0%}-{a['upper']:.0%}) against "
                    f"{b[col]:.0%} of others ({b['lower']:.0%}-{b['upper']:.0%}) were still employed "
                    f"{horizon_months} months after entry; log-rank {format_p(p)}: {verdict}. Raw "
                    "curves: participants may differ from others before joining.")
    return ExitCurves(curves, table, p, horizon_months, sentence)


def km_curves(frame: pd.DataFrame, duration: str = "days_observed", event: str = "left",
              group: str = "treated", horizon_months: int = 12) -> ExitCurves:
    """Kaplan–Meier time to exit, ``group`` = 1 (participants) against 0 (others), from any
    one-row-per-person frame.

    ``duration`` in days, ``event`` 1 = left (0 = censored). Returns :class:`ExitCurves`:
    ``curves`` (label -> :func:`kaplan_meier` table with Greenwood log-log 95 % bands),
    ``table`` (people, exits, median and survival at ``horizon_months`` with 95 % CI; groups
    under :data:`MIN_CURVE` get no figures), ``logrank_p`` and a ``sentence``. Rows missing
    any of the three columns are left out (e.g. people gone before the program start, whose
    outcome is NaN).

    >>> import pandas as pd
    >>> f = pd.DataFrame({"days_observed": list(range(10, 410, 20)) * 2,
    ...                   "left": [1, 0] * 20, "treated": [1] * 20 + [0] * 20})
    >>> km_curves(f).table["people"].tolist()
    [20, 20]
    """
    data = pd.DataFrame({"days_observed": frame[duration], "left": frame[event],
                         "treated": frame[group]}).dropna().astype({"left": int, "treated": int})
    return exit_curves(None, horizon_months=horizon_months, frame=data)
