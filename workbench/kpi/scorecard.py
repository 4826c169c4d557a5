"""Each KPI of the charter measured on a Program, against its baseline and target.

How each metric is measured, its scale, its direction (which way is good) and where its baseline
comes from live in the registry, :mod:`.metrics`. Every current value comes with a 95 % interval.

Baseline: the charter's, or measured on the comparison group (retention and promotion:
:func:`workbench.goals.hr_baseline`). Status, with "good" the metric's direction and the
interval [lower, upper] of the current value:

* ``met``: the whole interval is on the good side of the target;
* ``off track``: the due date has passed and the whole interval is short of the target, or the
  whole interval is on the bad side of the baseline;
* ``on track``: before the due date, the whole interval is beyond the baseline on the good side;
* ``too early to tell``: the interval includes the target (or the baseline), there is no baseline
  to judge progress by, or a horizon has not been reached yet (the note says which);
* ``not measurable``: data is missing (the note says which, e.g. "needs surveys with satisfaction").

A target on the wrong side of the baseline (a retention target below the baseline) is flagged in
the note; the direction never comes from baseline versus target. With
``compare_to_non_participants`` the KPI's individual outcome is evaluated against the comparison
group (:mod:`.effects`) and its one conclusion goes in the ``comparison`` column.

The current value is :func:`workbench.metrics.measure`; this module imports
:mod:`.trend` for the ``trend`` column and the trend never imports the scorecard.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional

import pandas as pd

from ..config import KPI
from ..program import Program
from ..metrics import METRICS, Measurement, measure
from ..metrics import _share
from ..goals import hr_baseline
from ..results import Shown
from .effects import evaluation_of
from .trend import kpi_trend, trend_column

ADJUST = ("performance", "level", "tenure_years", "department")
SCORECARD_COLUMNS = ["kpi", "metric", "population", "baseline", "target", "current", "lower", "upper", "due",
           "status", "trend", "note", "n", "comparison"]
KPI_STATUSES = ("met", "on track", "off track", "too early to tell", "not measurable")
HIDDEN_STATUS = "hidden (small group)"   # the status itself would narrow a hidden count
GOOD = ("met", "on track")


@dataclass(frozen=True)
class Tally:
    """The KPIs counted by status, once, for every page that says how many: ``good`` (met or
    on track), ``measurable`` (all but the hidden), ``hidden`` (status hidden for privacy,
    counted apart, never as missed), ``early`` (too early to tell), ``off`` (off track),
    ``words`` (the summary's wording) and ``headline`` (page 4's key figure)."""
    good: int
    measurable: int
    hidden: int
    early: int
    off: int
    words: str

    @property
    def headline(self) -> str:
        """``2 of 3``, ``0 of 2 measurable (2 too early to tell), 1 hidden``: a bare ``0 of 3``
        would read as three missed targets.

        >>> kpi_tally(["too early to tell", "too early to tell", "hidden (small group)"]).headline
        '0 of 2 measurable (2 too early to tell), 1 hidden'
        >>> kpi_tally(["met", "off track"]).headline
        '1 of 2'
        """
        early = f" ({self.early} too early to tell)" if self.early else ""
        if not self.hidden:
            return f"{self.good} of {self.measurable}{early}"
        return f"{self.good} of {self.measurable} measurable{early}, {self.hidden} hidden"


def kpi_tally(statuses) -> Tally:
    """:class:`Tally` of KPI statuses.

    >>> t = kpi_tally(["met", "on track", "off track", "too early to tell"])
    >>> (t.good, t.measurable, t.hidden, t.early, t.off), t.words
    ((2, 4, 0, 1, 1), '2 of 4 met or on track')
    >>> kpi_tally(["met", "hidden (small group)", "hidden (small group)"]).words
    '1 of 1 measurable met or on track, 2 hidden (small group)'
    >>> kpi_tally([]).words
    'no KPI'
    """
    statuses = [str(s) for s in statuses]
    hidden = sum(s == HIDDEN_STATUS for s in statuses)
    measurable = len(statuses) - hidden
    good = sum(s in GOOD for s in statuses)
    early = sum(s == "too early to tell" for s in statuses)
    off = sum(s == "off track" for s in statuses)
    if not statuses:
        words = "no KPI"
    elif not hidden:
        words = f"{good} of {measurable} met or on track"
    else:
        words = f"{good} of {measurable} measurable met or on track, {hidden} hidden (small group)"
    return Tally(good, measurable, hidden, early, off, words)


def tally(statuses) -> tuple[int, int, int, str]:
    """(good, measurable, hidden, words) of :func:`kpi_tally`.

    >>> tally(["met", "on track", "off track"])[3]
    '2 of 3 met or on track'
    """
    t = kpi_tally(statuses)
    return t.good, t.measurable, t.hidden, t.words


def status_of(current: Measurement, baseline: Optional[float], target: float, due, snapshot,
              direction: int = 1) -> tuple[str, str]:
    """(status, note) from the interval and the metric's direction (see the module docstring).

    >>> import datetime as dt
    >>> later, snap = dt.date(2027, 1, 1), dt.date(2026, 6, 30)
    >>> status_of(Measurement(0.922, 0.895, 0.942), 0.92, 0.92, later, snap)[0]
    'too early to tell'
    >>> status_of(Measurement(0.95, 0.93, 0.97), 0.92, 0.90, later, snap)
    ('met', 'the target is on the wrong side of the baseline (higher is better here): check it')
    """
    if not current.measurable:
        return ("too early to tell" if current.too_early else "not measurable"), ""
    d = direction
    lo, hi = sorted((d * current.lower, d * current.upper))
    t = d * target
    b = None if baseline is None else d * baseline
    flag = ""
    if b is not None and t <= b:
        flag = ("the target is on the wrong side of the baseline "
                f"({'higher' if d > 0 else 'lower'} is better here): check it")
    if lo >= t:
        return "met", flag
    passed = pd.Timestamp(due) <= pd.Timestamp(snapshot)
    if passed:
        if hi < t:
            return "off track", "; ".join(x for x in ("due date passed", flag) if x)
        return "too early to tell", "; ".join(x for x in ("the interval includes the target", flag) if x)
    if b is None:
        return "too early to tell", "no baseline to judge progress by"
    if hi < b:
        return "off track", "; ".join(x for x in ("worse than the baseline", flag) if x)
    if lo > b:
        return "on track", flag
    return "too early to tell", "; ".join(x for x in ("the interval includes the baseline", flag) if x)


def status_safe(status: str, events: int, n: int, baseline: Optional[float], target: float, due,
                snapshot, direction: int, k: int, known: Optional[range] = None) -> bool:
    """Whether publishing a share KPI's ``status`` narrows no hidden count below ``k``, when its
    count (``events`` of ``n``, ``n`` published) is hidden. Like the disclosure audit
    (``tests/test_attacker.py``), the reader knows the count lies in ``known`` (default 0 to
    ``n``); the status keeps the counts that give the same status, and is safe when those span
    at least ``k`` (the audit's test for a hidden figure: its feasible range at least ``k`` wide).

    >>> import datetime as dt
    >>> due, snap = dt.date(2027, 1, 1), dt.date(2026, 6, 30)
    >>> status_safe("met", 98, 100, 0.80, 0.85, due, snap, 1, 5)     # 91 to 100 all meet 0.85
    True
    >>> status_safe("met", 99, 100, 0.80, 0.97, due, snap, 1, 5)     # only 99 and 100 meet 0.97
    False
    """
    if n <= 0:
        return False
    known = known if known is not None else range(n + 1)
    same = [e for e in known
            if status_of(_share(e, n, ""), baseline, target, due, snapshot, direction)[0] == status]
    return events in same and max(same) - min(same) >= k


def kpi_baseline(program: Program, kpi: KPI) -> tuple[Optional[float], str]:
    """(baseline, where it comes from): the charter's, else measured (see the registry)."""
    if kpi.baseline is not None:
        return kpi.baseline, "baseline from the charter"
    value, note = hr_baseline(program, kpi)
    return value, (f"baseline {note}" if value is not None else f"no baseline: {note}")


@dataclass(frozen=True)
class Scorecard(Shown):
    """The scorecard table, each compared KPI's evaluation, and the KPIs at earlier dates."""
    table: pd.DataFrame
    comparisons: dict = field(default_factory=dict)
    trend: Optional[pd.DataFrame] = None

    # shown in a notebook (workbench.results)
    def to_frame(self) -> pd.DataFrame:
        return self.table.copy()


def scorecard(program: Program, trend: bool = True, baselines: Optional[dict] = None) -> Scorecard:
    """Each KPI of the charter: :data:`SCORECARD_COLUMNS` (current with its 95 % interval ``lower`` to
    ``upper``), the comparisons (KPI name → :class:`workbench.evaluation.OutcomeEvaluation`) and
    the trend points (:func:`.trend.kpi_trend`, summarised in the ``trend`` column).

    ``baselines`` (KPI name -> ``(value, note)``) replaces a KPI's baseline as the report shows
    it (:mod:`workbench.views.baselines`: a hidden one is ``(None, why)``), so the status and the
    note never compare with a figure the page does not show."""
    snap = program.config.snapshot_date
    k = program.config.min_group_size
    rows, comparisons = [], {}
    for kpi in program.config.kpis:
        spec = METRICS[kpi.metric]
        baseline, bnote = kpi_baseline(program, kpi)
        if baselines is not None and kpi.name in baselines:
            baseline, bnote = baselines[kpi.name]
        current = measure(program, kpi)
        status, extra = status_of(current, baseline, kpi.target, kpi.due, snap, spec.direction)
        sentence = ""
        if kpi.compare_to_non_participants:
            if spec.outcome:
                ev = evaluation_of(program, kpi.population, spec.outcome)
                comparisons[kpi.name] = ev
                sentence = ev.sentence(min_group=k)
            else:
                sentence = f"no comparison with non-participants for {kpi.metric} (no individual outcome)"

        def r(v):
            return None if v is None else round(float(v), 3)
        rows.append({"kpi": kpi.name, "metric": kpi.metric, "population": kpi.population,
                     "baseline": r(baseline), "target": kpi.target, "current": r(current.value),
                     "lower": r(current.lower), "upper": r(current.upper),
                     "due": pd.Timestamp(kpi.due).date(), "status": status, "trend": "",
                     "note": "; ".join(x for x in (current.note, extra, bnote) if x), "n": current.n,
                     "comparison": sentence})
    table = pd.DataFrame(rows, columns=SCORECARD_COLUMNS)
    points = None
    if trend and len(table):
        points = kpi_trend(program)
        table["trend"] = trend_column(table, points)
    return Scorecard(table, comparisons, points)
