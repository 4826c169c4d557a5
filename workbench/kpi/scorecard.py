"""Each KPI of the charter measured on a Program, against its baseline and target.

How each metric is measured (:func:`measure`), on the KPI's population (mentees, mentors or all
participants; peers count on both sides):

* ``retention``: share still employed ``horizon_months`` after joining (``people.joined``, else
  the first relationship start, else the program start), among those whose horizon has elapsed
  by the snapshot. When fewer than ``min_group_size`` have reached it: share still employed at
  the snapshot, and the note says so.
* ``promotion``: share promoted (``promotion_date``) after joining and within the horizon, same
  rule; otherwise promoted by the snapshot.
* ``satisfaction`` / ``goal_progress``: mean of the population's survey answers.
* ``meeting_cadence``: share of running pairs (not too early, not ended) that are on track
  (see :mod:`.engagement`).
* ``match_rate``: share of the population in at least one relationship.
* ``response_rate``: survey answers / expected surveys (:func:`.engagement.expected_surveys`).
* ``participation``: the population as a share of everyone employed during the program (no
  eligibility list exists in the data; the note says so).

Baseline: the charter's, or measured from the HR snapshot on comparable non-participants
(:func:`workbench.goals.hr_baseline`; retention and promotion only).

Status: ``met`` (current reaches the target, in the direction from baseline to target),
``on track`` (due date not passed and current has moved from the baseline towards the target),
``off track`` (otherwise; also when there is no baseline to judge progress by, the note says so),
``not measurable`` (the note says which data is missing, e.g. "needs surveys with satisfaction").
A population smaller than ``min_group_size`` is not measured (small-cell rule).

With ``compare_to_non_participants`` (retention, promotion), the population is compared with
non-participants (employed at the program start and hired within the population's range of
hire dates, :func:`comparison_frame`), raw and adjusted for :data:`ADJUST`
(:func:`.outcomes.outcome_comparison`); the sentence goes in the ``comparison`` column and the
result objects in ``attrs["comparisons"]``.
"""
from __future__ import annotations

import dataclasses
import math
from typing import Optional

import pandas as pd

from ..config import KPI
from ..program import Program
from .engagement import engagement_status, expected_surveys
from .outcomes import OutcomeComparison, outcome_comparison

ADJUST = ("performance", "level", "tenure_years", "department")
ROLES = {"mentees": ["mentee", "peer"], "mentors": ["mentor", "peer"],
         "participants": ["mentee", "mentor", "peer"]}
COLUMNS = ["kpi", "metric", "population", "baseline", "target", "current", "due", "status", "trend",
           "note", "n", "comparison"]


def participation_frame(program: Program, programs=None, others=()) -> pd.DataFrame:
    """One row per workforce employee: the frame to pass to :func:`.outcomes.outcome_comparison`.

    Columns added to the workforce columns (performance, level, department, ...):

    * ``treated``: 1 for a participant (any role) of ``program``, or, when ``programs`` (a list
      of Programs) is given, of any of them (``program`` included); ``others`` is the older
      spelling of ``programs`` minus ``program`` and is still accepted;
    * ``left``: 1 if ``exit_date`` is filled and on or before the snapshot;
    * ``promoted``: 1 if ``promotion_date`` falls after the reference start and by the snapshot;
    * ``in_window``: 1 if employed at some point between the reference start and the snapshot.
      For the others (gone before the start: they could not have joined) ``left`` and
      ``promoted`` are NaN, so :func:`.outcomes.outcome_comparison` leaves them out and notes
      how many; counting them as non-participants who left would flatter the program;
    * ``tenure_years``: years from hire to the reference start (the earliest ``start_date`` of
      the programs), 0 for later hires, capped at 10;
    * ``employed_at_start``: 1 if hired on or before the reference start and not gone by then
      (filter on it to compare only people who could have joined at the start);
    * ``entry`` and ``days_observed`` (entry = reference start or later hire date, to exit or
      snapshot) for time-to-exit curves.

    >>> from workbench.io import load_program                                     # doctest: +SKIP
    >>> progs = [load_program(p) for p in ("data/programs/onboarding-pilot",
    ...                                    "data/programs/reverse-digital")]       # doctest: +SKIP
    >>> f = participation_frame(progs[0], programs=progs)                          # doctest: +SKIP
    >>> outcome_comparison(f, "left", "treated", adjust=["performance", "level",
    ...                    "tenure_years", "department"]).sentence()                # doctest: +SKIP
    """
    group = [program] + [p for p in (programs or []) if p is not program] + list(others)
    wf = program.workforce.copy()
    people = set().union(*(set(p.people["person_id"]) for p in group))
    start = min(pd.Timestamp(p.config.start_date) for p in group)
    snap = pd.Timestamp(program.config.snapshot_date)
    wf["treated"] = wf["employee_id"].isin(people).astype(int)
    wf["left"] = (wf["exit_date"].notna() & (wf["exit_date"] <= snap)).astype(float)
    wf["promoted"] = ((wf["promotion_date"] > start) & (wf["promotion_date"] <= snap)).astype(float)
    # gone before the start (or hired after the snapshot): could not have joined, no outcome
    # in the window; NaN so that outcome_comparison leaves them out (and notes how many)
    wf["in_window"] = (wf["hire_date"] <= snap) & (wf["exit_date"].isna() | (wf["exit_date"] > start))
    wf.loc[~wf["in_window"], ["left", "promoted"]] = float("nan")
    wf["in_window"] = wf["in_window"].astype(int)
    wf["employed_at_start"] = ((wf["hire_date"] <= start)
                               & (wf["exit_date"].isna() | (wf["exit_date"] > start))).astype(int)
    wf["entry"] = wf["hire_date"].where(wf["hire_date"] > start, start)
    end = wf["exit_date"].where(wf["left"] == 1, snap)
    wf["days_observed"] = (end - wf["entry"]).dt.days.clip(lower=0)
    days = (start - wf["hire_date"]).dt.days.clip(lower=0)
    wf["tenure_years"] = (days / 365.25).clip(upper=10)
    return wf.reset_index(drop=True)


def population_ids(program: Program, population: str) -> pd.Index:
    """Person ids of the KPI population (mentees, mentors or participants)."""
    return pd.Index(program.people.loc[program.people["role"].isin(ROLES[population]), "person_id"])


def join_dates(program: Program, ids) -> pd.Series:
    """Date each person joined: people.joined, else their first relationship start, else the
    program start."""
    people = program.people.set_index("person_id")
    joined = people["joined"].reindex(ids) if "joined" in people else pd.Series(pd.NaT, index=ids)
    rel = program.relationships
    first = pd.concat([rel[["mentee_id", "start_date"]].set_axis(["id", "d"], axis=1),
                       rel[["mentor_id", "start_date"]].set_axis(["id", "d"], axis=1)]).groupby("id")["d"].min()
    out = pd.to_datetime(joined).fillna(first.reindex(ids)).fillna(pd.Timestamp(program.config.start_date))
    return out


def _has(program: Program, table: str) -> bool:
    return table in program.config.tables and len(program.table(table)) > 0


def measure(program: Program, kpi: KPI) -> tuple[Optional[float], str, int]:
    """The KPI's current value on the program's data: (value, note, n). ``None`` value with a
    note saying what data is missing when it cannot be measured."""
    ids = population_ids(program, kpi.population)
    k = program.config.min_group_size
    snap = pd.Timestamp(program.config.snapshot_date)
    if len(ids) == 0:
        return None, f"no {kpi.population} in the people table", 0
    if len(ids) < k:
        return None, f"only {len(ids)} {kpi.population}, fewer than the minimum group of {k}", len(ids)
    metric = kpi.metric
    if metric in ("retention", "promotion"):
        wf = program.workforce.set_index("employee_id").reindex(ids)
        join = join_dates(program, ids)
        horizon_end = join + pd.DateOffset(months=kpi.horizon_months)
        done = horizon_end <= snap
        col = "exit_date" if metric == "retention" else "promotion_date"
        if metric == "promotion" and wf[col].isna().all() and not program.workforce[col].notna().any():
            return None, "needs promotion_date in the workforce table", len(ids)
        if done.sum() >= k:
            w, end, j = wf[done], horizon_end[done], join[done]
            how = f"{kpi.horizon_months} months after joining, {int(done.sum())} of {len(ids)} who joined " \
                  f"at least {kpi.horizon_months} months before the snapshot"
        else:
            w, end, j = wf, pd.Series(snap, index=ids), join
            how = (f"at the snapshot {snap:%d %b %Y}: the {kpi.horizon_months}-month horizon has not "
                   f"elapsed for enough {kpi.population} yet")
        if metric == "retention":
            value = (w["exit_date"].isna() | (w["exit_date"] > end)).mean()
            return float(value), f"share still employed {how}", len(w)
        value = ((w["promotion_date"] > j) & (w["promotion_date"] <= end)).mean()
        return float(value), f"share promoted {how}", len(w)
    if metric in ("satisfaction", "goal_progress"):
        if not _has(program, "surveys"):
            return None, f"needs surveys with {metric}", 0
        srv = program.surveys[program.surveys["person_id"].isin(ids)][metric].dropna()
        if srv.empty:
            return None, f"needs surveys with {metric} from {kpi.population}", 0
        people = program.surveys.loc[srv.index, "person_id"].nunique()
        if people < k:
            return None, f"only {people} {kpi.population} answered, fewer than {k}", people
        return float(srv.mean()), f"mean of {len(srv)} answers from {people} {kpi.population}", people
    if metric == "response_rate":
        if not _has(program, "relationships"):
            return None, "needs relationships (to know how many surveys were expected) and surveys", 0
        expected = expected_surveys(program).reindex(ids).fillna(0)
        if expected.sum() == 0:
            return None, "no survey was due yet", 0
        answers = program.surveys[program.surveys["person_id"].isin(ids)] if _has(program, "surveys") else []
        return float(min(1.0, len(answers) / expected.sum())), \
            f"{len(answers)} answers of {int(expected.sum())} expected (one per participant per quarter)", \
            int((expected > 0).sum())
    if metric == "meeting_cadence":
        if not _has(program, "relationships"):
            return None, "needs relationships and check-ins", 0
        if not _has(program, "checkins"):
            return None, "needs check-ins (logged meetings)", 0
        st = engagement_status(program)
        pop = set(ids)
        st = st[st["mentee_id"].isin(pop) | st["mentor_id"].isin(pop)]
        running = st[st["status"].isin(["on track", "needs a check-in", "idle"])]
        if len(running) < k:
            return None, f"only {len(running)} running pairs, fewer than {k}", len(running)
        return float((running["status"] == "on track").mean()), \
            f"share of {len(running)} running pairs meeting at the planned cadence " \
            f"(every {program.config.cadence_days} days)", len(running)
    if metric == "match_rate":
        if not _has(program, "relationships"):
            return None, "needs relationships", 0
        rel = program.relationships
        matched = pd.Index(ids).isin(set(rel["mentee_id"]) | set(rel["mentor_id"]))
        return float(matched.mean()), f"{int(matched.sum())} of {len(ids)} {kpi.population} in a pair", len(ids)
    if metric == "participation":
        wf = program.workforce
        start = pd.Timestamp(program.config.start_date)
        eligible = (wf["hire_date"] <= snap) & (wf["exit_date"].isna() | (wf["exit_date"] > start))
        return float(len(ids) / eligible.sum()), \
            (f"{len(ids)} {kpi.population} of {int(eligible.sum())} employed during the program "
             "(no eligibility list given: everyone counts as eligible)"), len(ids)
    return None, f"unknown metric {metric}", 0


def comparison_frame(program: Program, population: str = "mentees") -> pd.DataFrame:
    """The population (treated = 1) and comparable non-participants (treated = 0).

    Comparable: employed at the program start (people gone before it could not have joined)
    and hired within the population's range of hire dates (common support: a pilot of recent
    hires is compared with other recent hires, not with staff of twenty years, whose exit rate
    says nothing about new hires). Participants of the program outside the population (e.g.
    mentors when comparing mentees) are left out. ``attrs["note"]`` says who the others are.
    """
    frame = participation_frame(program)
    ids = set(population_ids(program, population))
    pop = frame["employee_id"].isin(ids)
    lo, hi = frame.loc[pop, "hire_date"].min(), frame.loc[pop, "hire_date"].max()
    others = ((frame["treated"] == 0) & (frame["employed_at_start"] == 1)
              & frame["hire_date"].between(lo, hi))
    out = frame[pop | others].copy()
    out["treated"] = out["employee_id"].isin(ids).astype(int)
    if pop.any():
        out.attrs["note"] = (f"Others: {int(others.sum()):,} non-participants employed at the program "
                             f"start and hired between {lo:%b %Y} and {hi:%b %Y}, like the {population}")
    return out


def compare(program: Program, kpi: KPI) -> Optional[OutcomeComparison]:
    """The KPI population against comparable non-participants (:func:`comparison_frame`), raw
    and adjusted for :data:`ADJUST`; ``None`` for metrics without an individual 0/1 outcome."""
    if kpi.metric not in ("retention", "promotion"):
        return None
    frame = comparison_frame(program, kpi.population)
    outcome = "left" if kpi.metric == "retention" else "promoted"
    adjust = [c for c in ADJUST if c in frame and frame[c].notna().any()]
    res = outcome_comparison(frame, outcome, "treated", adjust=adjust)
    if frame.attrs.get("note"):
        res = dataclasses.replace(res, notes=res.notes + (frame.attrs["note"] + ".",))
    return res


def status_of(current, baseline, target, due, snapshot) -> tuple[str, str]:
    """(status, extra note) from the numbers (see the module docstring).

    >>> import datetime as dt
    >>> status_of(0.85, 0.80, 0.90, dt.date(2027, 1, 1), dt.date(2026, 6, 30))
    ('on track', '')
    >>> status_of(0.18, 0.30, 0.20, dt.date(2027, 1, 1), dt.date(2026, 6, 30))  # lower is the goal
    ('met', '')
    """
    if current is None or (isinstance(current, float) and math.isnan(current)):
        return "not measurable", ""
    direction = 1 if baseline is None or target >= baseline else -1
    if (current - target) * direction >= 0:
        return "met", ""
    if pd.Timestamp(due) <= pd.Timestamp(snapshot):
        return "off track", "due date passed"
    if baseline is None:
        return "off track", "no baseline to judge progress by"
    if (current - baseline) * direction > 0:
        return "on track", ""
    return "off track", "not moving from the baseline towards the target"


def scorecard(program: Program, trend: bool = True) -> pd.DataFrame:
    """Each KPI of the charter: kpi, metric, population, baseline, target, current, due, status,
    trend, note, plus n (people or pairs measured) and comparison (a sentence, when
    ``compare_to_non_participants`` is set). ``attrs["comparisons"]`` maps KPI names to
    :class:`OutcomeComparison` results; ``attrs["trend"]`` holds the KPIs measured at earlier
    dates (:func:`.trend.kpi_trend`), summarized in the ``trend`` column (empty with
    ``trend=False``).

    >>> from workbench.io import load_program                           # doctest: +SKIP
    >>> scorecard(load_program("data/programs/onboarding-pilot"))["status"].tolist()  # doctest: +SKIP
    ['on track', 'met', 'off track']
    """
    from ..goals import hr_baseline
    snap = program.config.snapshot_date
    rows, comparisons = [], {}
    for kpi in program.config.kpis:
        if kpi.baseline is not None:
            baseline, bnote = kpi.baseline, "baseline from the charter"
        else:
            baseline, bnote = hr_baseline(program, kpi)
            bnote = f"baseline {bnote}" if baseline is not None else f"no baseline: {bnote}"
        current, note, n = measure(program, kpi)
        status, extra = status_of(current, baseline, kpi.target, kpi.due, snap)
        sentence = ""
        if kpi.compare_to_non_participants:
            res = compare(program, kpi)
            if res is not None:
                comparisons[kpi.name] = res
                verb = "left" if kpi.metric == "retention" else "were promoted"
                sentence = res.sentence(who=kpi.population.capitalize(), others="comparable non-participants",
                                        label=verb, min_group=program.config.min_group_size)
                sentence += " " + " ".join(res.notes)
            else:
                sentence = f"no comparison with non-participants for {kpi.metric} (no individual outcome in the HR data)"
        rows.append({"kpi": kpi.name, "metric": kpi.metric, "population": kpi.population,
                     "baseline": None if baseline is None else round(baseline, 3), "target": kpi.target,
                     "current": None if current is None else round(current, 3),
                     "due": pd.Timestamp(kpi.due).date(), "status": status, "trend": "",
                     "note": "; ".join(x for x in (note, extra, bnote) if x), "n": n,
                     "comparison": sentence})
    out = pd.DataFrame(rows, columns=COLUMNS)
    if trend and len(out):
        from .trend import kpi_trend, trend_column
        points = kpi_trend(program)
        out["trend"] = trend_column(out, points)
        out.attrs["trend"] = points
    out.attrs["comparisons"] = comparisons
    return out
