"""The KPI metric registry: one entry is the whole truth about one metric.

Each :class:`MetricSpec` holds the metric's name, its one definition text (used by notebook 01's
KPI table, the scorecard and ``docs/program.md``), its source table, scale and direction (which
way is good), how it is measured, where its baseline comes from, its individual 0/1 outcome
(evaluated against the comparison group) if any, and the function that measures it with a 95 %
interval. ``kpis[].metric`` in ``program.yaml`` is checked against the live :data:`METRICS` when a
config is validated (add a metric for a while with :func:`registered_metric`); a test checks that
the docs' metric table is :func:`docs_table`; a common battery of tests runs every entry.

Retention and promotion use the one design of :mod:`workbench.evaluation.design`: each person
followed from the day they joined, the share still employed (promoted) ``horizon_months`` later
read from a Kaplan–Meier curve with its 95 % interval. Before anyone has been followed that long
the KPI is not yet measurable (never silently replaced by a share at the snapshot). Their
baseline is the same measure on the comparison group, followed from their index dates.

This module imports nothing of the workbench at load time (``config`` builds its enum from it).

Example
-------
>>> METRICS["retention"].direction, METRICS["retention"].outcome
(1, 'left')
>>> METRICS["retention"].text(12)
'share of the population still employed 12 months after joining'
"""
from __future__ import annotations

import math
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Callable, Optional

from .evaluation.stats import wilson
from .evaluation.design import population_ids, comparison_group
from .kpi.survival import DAYS_PER_MONTH, kaplan_meier, survival_at
from .kpi.engagement import engagement_status, expected_surveys
from .present import is_missing
from .schema import table_label



@dataclass(frozen=True)
class Measurement:
    """A KPI's value with its 95 % interval; ``value`` None when not measurable (``note`` says why).
    ``n``: the people (or pairs) measured."""
    value: Optional[float]
    lower: Optional[float] = None
    upper: Optional[float] = None
    n: int = 0
    note: str = ""
    too_early: bool = False      # not measurable *yet* (a horizon not reached), not missing data

    @property
    def measurable(self) -> bool:
        return self.value is not None and not (isinstance(self.value, float) and math.isnan(self.value))


@dataclass(frozen=True)
class MetricSpec:
    name: str
    definition: str                  # one wording everywhere; ``{h}`` is the horizon in months
    source: str                      # the table it is measured from
    scale: str                       # as the docs print it
    low: float
    high: float
    higher_is_better: bool
    how: str                         # how it is measured (docs, scorecard note)
    baseline: str                    # where its baseline comes from
    outcome: Optional[str]           # individual 0/1 outcome for the comparison, if any
    measure: Callable                # (program, kpi, ids=None) -> Measurement
    baseline_of: Optional[Callable] = None   # (program, kpi) -> Measurement
    peer_definition: str = ""        # the wording on a peer program, where it reads otherwise

    @property
    def is_share(self) -> bool:
        """A share of people or pairs (a 0–1 scale): the count behind it is value × n, protected
        like every count of people, and its evidence plan is a comparison of proportions."""
        return (self.low, self.high) == (0, 1)

    def value_text(self, x) -> str:
        """A baseline or target as the client reads it, the same on every page: a share in
        percent (``0.7`` -> ``70 %``, ``0.925`` -> ``92.5 %``), any other scale as a number with
        one decimal on a scale wider than 0–1 unless it needs two (satisfaction ``4.0``, ``4.25``),
        two decimals otherwise; missing as ``–``. A measured baseline is rounded to a tenth of a
        percent first, so every page prints it alike (``0.16996`` -> ``17 %``).

        >>> METRICS["retention"].value_text(0.7), METRICS["retention"].value_text(0.925)
        ('70 %', '92.5 %')
        >>> METRICS["satisfaction"].value_text(4), METRICS["satisfaction"].value_text(4.25)
        ('4.0', '4.25')
        >>> METRICS["promotion"].value_text(0.16996), METRICS["promotion"].value_text(None)
        ('17 %', '–')
        """
        if is_missing(x):
            return "–"
        if self.is_share:
            return f"{_percent(float(x) * 100)} %"
        d = 1 if self.high > 1.5 and round(float(x), 1) == round(float(x), 6) else 2
        return f"{float(x):,.{d}f}"

    def interval_text(self, x, lower, upper) -> str:
        """A current value with its 95 % interval: a share in whole percent (``58 % (41–84 %)``),
        a scale up to 1.5 with two decimals, a wider one with one decimal (``4.1 (3.9–4.3)``);
        the value alone when the interval is missing.

        >>> METRICS["retention"].interval_text(0.58, 0.412, 0.838)
        '58 % (41–84 %)'
        >>> METRICS["satisfaction"].interval_text(4.12, 3.91, 4.33), METRICS["retention"].interval_text(0.5, None, None)
        ('4.1 (3.9–4.3)', '50 %')
        """
        if is_missing(x):
            return "–"
        if self.is_share:
            def p(v):
                return f"{float(v) * 100:.0f}"
            return f"{p(x)} %" if is_missing(lower) or is_missing(upper) else f"{p(x)} % ({p(lower)}–{p(upper)} %)"
        d = 2 if self.high <= 1.5 else 1
        return (f"{float(x):.{d}f}" if is_missing(lower) or is_missing(upper)
                else f"{float(x):.{d}f} ({float(lower):.{d}f}–{float(upper):.{d}f})")

    def percent_printed(self, x) -> Optional[float]:
        """The percentage :meth:`value_text` prints for ``x`` (a share), None for any other scale
        or a missing value: what a page registers for the audit's scan of percentages."""
        if is_missing(x) or not self.is_share:
            return None
        return float(_percent(float(x) * 100))

    @property
    def direction(self) -> int:
        return 1 if self.higher_is_better else -1

    def text(self, horizon: int = 12, peer: bool = False) -> str:
        """The definition in words (``peer``: on a peer program, where peers have partners).

        >>> METRICS["match_rate"].text(), METRICS["match_rate"].text(peer=True)
        ('share of mentees who have a mentor', 'share of peers who have a partner')
        """
        return (self.peer_definition if peer and self.peer_definition else self.definition).format(h=horizon)

    def range_text(self, lower, upper) -> str:
        """An interval's two ends as :meth:`interval_text` prints them (``75–81 %``, ``3.9–4.3``).

        >>> METRICS["retention"].range_text(0.751, 0.809), METRICS["satisfaction"].range_text(3.91, 4.33)
        ('75–81 %', '3.9–4.3')
        """
        if self.is_share:
            return f"{float(lower) * 100:.0f}–{float(upper) * 100:.0f} %"
        d = 2 if self.high <= 1.5 else 1
        return f"{float(lower):.{d}f}–{float(upper):.{d}f}"


def _percent(p: float) -> str:
    """A percentage to a tenth, whole when that is (``70``, ``92.5``, ``16.996`` -> ``17``)."""
    p = round(p, 1)
    return f"{p:.0f}" if p == round(p) else f"{p:.1f}"


# --- measuring ---------------------------------------------------------------------------------

def _wilson(x: float, n: float):
    return wilson(x, n)


def _share(x: int, n: int, note: str) -> Measurement:
    lo, hi = _wilson(x, n)
    return Measurement(x / n, lo, hi, n, note)


def _population(program, kpi):
    return population_ids(program, kpi.population)


def _small(program, kpi, ids) -> Optional[Measurement]:
    k = program.config.min_group_size
    if len(ids) == 0:
        return Measurement(None, note=f"no {kpi.population} in the people table")
    if len(ids) < k:
        return Measurement(None, note=f"fewer than {k} {kpi.population}: not measured (small group)")
    return None


def _checked(program, kpi):
    """(population ids, a refusal Measurement when the population is empty or small, else None)."""
    ids = _population(program, kpi)
    return ids, _small(program, kpi, ids)


def _km_at(frame, duration: str, event: str, horizon: int, who: str, k: int, invert: bool,
           what: str) -> Measurement:
    """Kaplan–Meier share (or 1 − share) at ``horizon`` months of ``frame``'s people."""
    if len(frame) < k:
        return Measurement(None, n=len(frame), note=f"fewer than {k} {who} in the HR data: not measured")
    days = horizon * DAYS_PER_MONTH
    followed = float(frame[duration].max())
    reached = int((frame[duration] >= days).sum())
    if followed < days or reached < k:
        why = (f"the longest follow-up is {followed / DAYS_PER_MONTH:.0f} months" if followed < days
               else f"fewer than {k} have reached {horizon} months")
        return Measurement(None, n=len(frame), too_early=True,
                           note=f"not yet measurable: too few {who} have been followed {horizon} months ({why})")
    km = kaplan_meier(frame[duration], frame[event])
    s, lo, hi = survival_at(km, days, follow_up=followed)
    if invert:
        s, lo, hi = 1 - s, 1 - hi, 1 - lo
    return Measurement(s, lo, hi, len(frame),
                       f"{what} {horizon} months after joining, Kaplan–Meier estimate over {len(frame):,} "
                       f"{who} (people not followed that long yet count until the snapshot)")


def _km_metric(outcome: str, invert: bool, what: str):
    duration = "days_observed" if outcome == "left" else "days_to_promotion"

    def measure(program, kpi) -> Measurement:
        ids, small = _checked(program, kpi)
        if small:
            return small
        if outcome == "promoted" and not program.workforce["promotion_date"].notna().any():
            return Measurement(None, note="needs promotion_date in the workforce table")
        g = comparison_group(program, kpi.population)
        return _km_at(g.treated, duration, outcome, kpi.horizon_months, kpi.population,
                      program.config.min_group_size, invert, what)

    def baseline(program, kpi) -> Measurement:
        if outcome == "promoted" and not program.workforce["promotion_date"].notna().any():
            return Measurement(None, note="needs promotion_date in the workforce table")
        g = comparison_group(program, kpi.population)
        m = _km_at(g.control, duration, outcome, kpi.horizon_months, "comparable non-participants",
                   program.config.min_group_size, invert, what)
        return m
    return measure, baseline


def _survey(metric: str):
    def measure(program, kpi) -> Measurement:
        import numpy as np
        from scipy import stats
        ids, small = _checked(program, kpi)
        if small:
            return small
        k = program.config.min_group_size
        if not program.has("surveys"):
            return Measurement(None, note=f"needs surveys with {metric}")
        srv = program.surveys[program.surveys["person_id"].isin(ids)].dropna(subset=[metric])
        if srv.empty:
            return Measurement(None, note=f"needs surveys with {metric} from {kpi.population}")
        per = srv.groupby("person_id")[metric].mean()
        if len(per) < k:
            return Measurement(None, n=len(per), note=f"fewer than {k} {kpi.population} answered: not measured")
        m, se = float(per.mean()), float(per.std(ddof=1) / np.sqrt(len(per)))
        t = float(stats.t.ppf(0.975, len(per) - 1))
        return Measurement(m, m - t * se, m + t * se, len(per),
                           f"mean over {len(per)} {kpi.population}, each counted once ({len(srv)} answers)")
    return measure


def _meeting_cadence(program, kpi) -> Measurement:
    k = program.config.min_group_size
    if not program.has("relationships"):
        return Measurement(None, note="needs relationships and check-ins")
    if not program.has("checkins"):
        return Measurement(None, note="needs check-ins (logged meetings)")
    ids = set(_population(program, kpi))
    st = engagement_status(program)
    st = st[st["mentee_id"].isin(ids) | st["mentor_id"].isin(ids)]
    running = st[st["status"].isin(["on track", "needs a check-in", "idle"])]
    if len(running) < k:
        return Measurement(None, n=len(running), note=f"fewer than {k} running pairs: not measured")
    return _share(int((running["status"] == "on track").sum()), len(running),
                  f"share of {len(running)} running pairs meeting at the planned cadence "
                  f"(every {program.config.cadence_days} days)")


def _match_rate(program, kpi) -> Measurement:
    import pandas as pd
    ids, small = _checked(program, kpi)
    if small:
        return small
    if not program.has("relationships"):
        return Measurement(None, note="needs relationships (no one is matched yet)")
    rel = program.relationships
    matched = pd.Index(ids).isin(set(rel["mentee_id"]) | set(rel["mentor_id"]))
    return _share(int(matched.sum()), len(ids), f"{kpi.population} in a pair, of {len(ids)}")


def _response_rate(program, kpi) -> Measurement:
    if not program.has("relationships"):
        return Measurement(None, note="needs relationships (to know how many surveys were expected) and surveys")
    ids = _population(program, kpi)
    expected = expected_surveys(program).reindex(ids).fillna(0)
    if expected.sum() == 0:
        return Measurement(None, too_early=True, note="not yet measurable: no survey was due yet")
    answers = program.surveys[program.surveys["person_id"].isin(ids)] if program.has("surveys") else []
    n = int(expected.sum())
    return _share(min(len(answers), n), n,
                  f"share of the {n:,} surveys expected (one per participant per quarter) that were answered")


def _participation(program, kpi) -> Measurement:
    import pandas as pd
    ids, small = _checked(program, kpi)
    if small:
        return small
    wf = program.workforce
    snap, start = pd.Timestamp(program.config.snapshot_date), pd.Timestamp(program.config.start_date)
    eligible = int(((wf["hire_date"] <= snap) & (wf["exit_date"].isna() | (wf["exit_date"] > start))).sum())
    return _share(len(ids), eligible, f"{kpi.population} of {eligible:,} employed during the program "
                  "(no eligibility list given: everyone counts as eligible)")


def _no_baseline(source: str):
    def baseline(program, kpi) -> Measurement:
        return Measurement(None, note=f"needs {table_label(source)} from before the program")
    return baseline


_ret_measure, _ret_base = _km_metric("left", False, "share still employed")
_pro_measure, _pro_base = _km_metric("promoted", True, "share promoted")
_HR_BASELINE = "the same measure on the comparison group, from their index dates"

METRICS: dict[str, MetricSpec] = {m.name: m for m in (
    MetricSpec("retention", "share of the population still employed {h} months after joining",
               "workforce", "0–1", 0, 1, True,
               "Kaplan–Meier share still employed `horizon_months` after joining (`exit_date`)",
               _HR_BASELINE, "left", _ret_measure, _ret_base),
    MetricSpec("promotion", "share of the population promoted within {h} months of joining",
               "workforce", "0–1", 0, 1, True,
               "Kaplan–Meier share promoted (`promotion_date`) within `horizon_months` of joining",
               _HR_BASELINE, "promoted", _pro_measure, _pro_base),
    MetricSpec("satisfaction", "mean satisfaction in check-in surveys (1-5)", "surveys", "1–5", 1, 5, True,
               "mean over people of each one's mean `satisfaction` answer", "none (give it in the charter)",
               None, _survey("satisfaction")),
    MetricSpec("goal_progress", "mean self-reported progress towards the mentee's goals (0-100 %)",
               "surveys", "0–100 %", 0, 100, True,
               "mean over people of each one's mean `goal_progress` answer", "none (give it in the charter)",
               None, _survey("goal_progress")),
    MetricSpec("meeting_cadence", "share of pairs meeting at the planned cadence", "checkins", "0–1", 0, 1,
               True, "share of running pairs whose check-ins keep the planned `cadence`",
               "none (give it in the charter)", None, _meeting_cadence),
    MetricSpec("match_rate", "share of mentees who have a mentor", "relationships", "0–1", 0, 1, True,
               "share of the population in at least one relationship", "none (give it in the charter)",
               None, _match_rate, peer_definition="share of peers who have a partner"),
    MetricSpec("response_rate", "share of expected check-in surveys answered", "surveys", "0–1", 0, 1, True,
               "survey answers against one expected per person per quarter of each relationship",
               "none (give it in the charter)", None, _response_rate),
    MetricSpec("participation", "participants as a share of the eligible population", "people", "0–1", 0, 1,
               True, "the population against everyone employed during the program",
               "none (give it in the charter)", None, _participation),
)}


@contextmanager
def registered_metric(spec: MetricSpec):
    """Add ``spec`` to :data:`METRICS` for the duration (a test, a trial) and take it out again;
    while it is in, ``kpis[].metric`` accepts its name and the scorecard measures it (all read the
    live registry). A permanent metric is an entry of :data:`METRICS` instead.

    >>> spec = MetricSpec("trial", "a trial", "people", "0–1", 0, 1, True, "how", "none", None,
    ...                   lambda program, kpi: Measurement(None, note="trial"))
    >>> with registered_metric(spec):
    ...     from workbench.config import KPI
    ...     KPI(name="t", metric="trial", target=0.5, due="2026-01-01").metric
    'trial'
    >>> "trial" in METRICS
    False
    """
    if spec.name in METRICS:
        raise ValueError(f"metric {spec.name!r} is already registered")
    METRICS[spec.name] = spec
    try:
        yield spec
    finally:
        METRICS.pop(spec.name, None)


def measure(program, kpi) -> Measurement:
    """The KPI's current value with its 95 % interval (the registry entry's ``measure``): the one
    definition the scorecard and the trend both use."""
    return METRICS[kpi.metric].measure(program, kpi)


def baseline_of(program, kpi) -> Measurement:
    """The KPI's baseline measured from the data (the charter's wins where given; see the scorecard)."""
    spec = METRICS[kpi.metric]
    return (spec.baseline_of or _no_baseline(spec.source))(program, kpi)


def docs_table() -> str:
    """The metric table of ``docs/program.md`` (a test checks the docs hold exactly this)."""
    lines = ["| metric | measures | scale | good | baseline |", "|---|---|---|---|---|"]
    for m in METRICS.values():
        lines.append(f"| `{m.name}` | {m.text(12).replace('12 months', '`horizon_months`')}: {m.how} | "
                     f"{m.scale} | {'higher' if m.higher_is_better else 'lower'} | {m.baseline} |")
    return "\n".join(lines)
