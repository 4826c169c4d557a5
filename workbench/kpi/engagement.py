"""Are pairs meeting? Each relationship against the planned cadence, meetings per month, surveys.

Status on the snapshot date, with ``c`` the program's ``cadence_days`` and ``d`` the days since
the last meeting (or since the start when the pair never met), checked in this order:

- ``ended early`` / ``completed``: from the relationship's recorded status;
- ``too early``: started less than one cadence ago (age < c);
- ``idle``: d > :data:`IDLE` × c (3 × cadence);
- ``needs a check-in``: d > :data:`CHECK_IN` × c (1.5 × cadence);
- ``on track`` otherwise.

Expected meetings of a pair: days it ran up to the snapshot (or its end) divided by ``c``.

Surveys: one survey is expected per participant per :data:`SURVEY_EVERY_DAYS` (91 days, a
quarter, the rhythm of the sample programs' pulse survey) of each relationship's life up to the
snapshot or its end (a pair that ran 200 days expects 2 answers from each side). A response rate
under :data:`LOW_RESPONSE` is flagged in words on the page
(:mod:`workbench.views.stage4`).

Example
-------
>>> classify(age_days=200, days_since=50, cadence_days=30)
'needs a check-in'
>>> classify(age_days=200, days_since=100, cadence_days=30)
'idle'
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Optional

import numpy as np
import pandas as pd

from ..results import Shown


if TYPE_CHECKING:   # annotations only: the metrics registry, below the config, imports this module
    from ..program import Program

IDLE, CHECK_IN = 3.0, 1.5
SURVEY_EVERY_DAYS = 91
LOW_RESPONSE = 0.5
PAIR_STATUSES = ("too early", "on track", "needs a check-in", "idle", "ended early", "completed")


def classify(age_days: float, days_since: float, cadence_days: int, recorded: str = "active") -> str:
    """The engagement status of one relationship (see the module docstring).

    >>> classify(age_days=20, days_since=20, cadence_days=30)
    'too early'
    """
    if recorded == "ended_early":
        return "ended early"
    if recorded == "completed":
        return "completed"
    if age_days < cadence_days:
        return "too early"
    if days_since > IDLE * cadence_days:
        return "idle"
    if days_since > CHECK_IN * cadence_days:
        return "needs a check-in"
    return "on track"


def engagement_status(program: Program) -> pd.DataFrame:
    """One row per relationship as of the snapshot date.

    Columns: relationship_id, mentee_id, mentor_id, start_date, end_date, recorded_status,
    meetings, last_meeting, meetings_expected, meetings_per_month, cadence_ratio (meetings /
    expected), days_since (last meeting, or start if never met), status (see module docstring).
    Meetings logged after the snapshot are ignored.

    >>> from workbench.io import load_program                                  # doctest: +SKIP
    >>> engagement_status(load_program("data/programs/onboarding-pilot"))["status"].iloc[0]  # doctest: +SKIP
    'on track'
    """
    rel = program.relationships
    snap = pd.Timestamp(program.config.snapshot_date)
    c = program.config.cadence_days
    chk = program.checkins[program.checkins["date"] <= snap]
    agg = chk.groupby("relationship_id")["date"].agg(["count", "max"])
    out = rel[["relationship_id", "mentee_id", "mentor_id", "start_date", "end_date", "status"]].copy()
    out = out.rename(columns={"status": "recorded_status"})
    # reindex, not Series.map: mapping by an empty datetime Series (no check-ins, the table is
    # optional) raises a TypeError in pandas 3.1 (the empty mapper is cast to float64)
    per_pair = agg.reindex(out["relationship_id"].to_numpy())
    out["meetings"] = per_pair["count"].fillna(0).astype(int).to_numpy()
    out["last_meeting"] = pd.to_datetime(per_pair["max"].to_numpy())
    until = out["end_date"].where(out["end_date"].notna() & (out["end_date"] < snap), snap)
    ran = (until - out["start_date"]).dt.days.clip(lower=0)
    out["meetings_expected"] = (ran / c).round(1)
    out["meetings_per_month"] = (out["meetings"] / (ran / 30.44).clip(lower=1)).round(2)
    out["cadence_ratio"] = (out["meetings"] / (ran / c).where(ran >= c)).round(2)
    out["days_since"] = (snap - out["last_meeting"].fillna(out["start_date"])).dt.days
    age = (snap - out["start_date"]).dt.days
    out["status"] = [classify(a, d, c, r) for a, d, r in
                     zip(age, out["days_since"], out["recorded_status"])]
    return out.reset_index(drop=True)


def status_counts(program: Program) -> pd.DataFrame:
    """Pairs per status, in a fixed order (counts; suppress before showing a client)."""
    st = engagement_status(program)
    return st["status"].value_counts().reindex(PAIR_STATUSES, fill_value=0).rename("pairs").to_frame()


def at_risk(program: Program) -> pd.DataFrame:
    """The program manager's list: pairs needing a check-in or idle, longest silence first.

    Columns: relationship_id, mentee_id, mentor_id, status, days_since, meetings, reason.

    >>> from workbench.io import load_program                       # doctest: +SKIP
    >>> at_risk(load_program("data/programs/reverse-digital")).columns[:3].tolist()  # doctest: +SKIP
    ['relationship_id', 'mentee_id', 'mentor_id']
    """
    st = engagement_status(program)
    risk = st[st["status"].isin(["needs a check-in", "idle"])].copy()
    c = program.config.cadence_days
    reasons = []
    for d, last, status in zip(risk["days_since"], risk["last_meeting"], risk["status"]):
        limit = IDLE if status == "idle" else CHECK_IN
        when = "never met since the start" if pd.isna(last) else f"last met on {last:%d %b %Y}"
        reasons.append(f"no meeting for {d} days, more than {limit:g} x the planned {c} days; {when}")
    risk["reason"] = reasons
    cols = ["relationship_id", "mentee_id", "mentor_id", "status", "days_since", "meetings", "reason"]
    return risk.sort_values("days_since", ascending=False)[cols].reset_index(drop=True)


def meetings_over_time(program: Program, per_pair: bool = False) -> pd.DataFrame:
    """Meetings per calendar month against the plan, from the first meeting to the snapshot.

    ``planned`` = pairs running that month × 30 / cadence. With ``per_pair=True`` both are
    divided by the pairs running that month (meetings per pair against the planned rate).
    Index: first day of each month. Columns: meetings, planned (and ``pairs`` in attrs).

    >>> from workbench.io import load_program                      # doctest: +SKIP
    >>> meetings_over_time(load_program("data/programs/onboarding-pilot")).columns.tolist()  # doctest: +SKIP
    ['meetings', 'planned']
    """
    chk = program.checkins
    snap = pd.Timestamp(program.config.snapshot_date)
    chk = chk[chk["date"] <= snap]
    if chk.empty:
        return pd.DataFrame(columns=["meetings", "planned"])
    months = pd.period_range(min(chk["date"].min(), program.relationships["start_date"].min()), snap, freq="M")
    actual = chk.groupby(chk["date"].dt.to_period("M")).size().reindex(months, fill_value=0)
    rel = program.relationships
    end = rel["end_date"].fillna(snap)
    pairs = np.array([int(((rel["start_date"] <= m.end_time) & (end >= m.start_time)).sum())
                      for m in months])
    planned = pairs * 30 / program.config.cadence_days
    meetings = actual.to_numpy().astype(float)
    if per_pair:
        with np.errstate(divide="ignore", invalid="ignore"):
            meetings, planned = meetings / pairs, planned / pairs
    out = pd.DataFrame({"meetings": np.round(meetings, 2), "planned": np.round(planned, 2)},
                       index=months.to_timestamp())
    out.attrs["pairs"] = pd.Series(pairs, index=out.index)
    return out


def expected_surveys(program: Program, every_days: int = SURVEY_EVERY_DAYS) -> pd.Series:
    """Surveys expected per participant: whole ``every_days`` periods each relationship ran
    (to its end or the snapshot), counted for the mentee and the mentor."""
    rel = program.relationships
    snap = pd.Timestamp(program.config.snapshot_date)
    end = rel["end_date"].where(rel["end_date"].notna() & (rel["end_date"] < snap), snap)
    periods = ((end - rel["start_date"]).dt.days // every_days).clip(lower=0).to_numpy()
    both = pd.concat([pd.Series(periods, index=rel["mentee_id"].to_numpy()),
                      pd.Series(periods, index=rel["mentor_id"].to_numpy())])
    return both.groupby(level=0).sum().astype(int)


@dataclass(frozen=True)
class SurveyResults(Shown):
    """Survey figures per segment *before* any small-group rule (protect them before showing):
    ``table`` (people, answers, expected, response_rate, satisfaction, goal_progress per
    segment), the overall figures, and ``note`` (the overall rate in words, analyst-level)."""
    table: pd.DataFrame
    answers: int
    expected: int
    response_rate: Optional[float]
    satisfaction: Optional[float]
    goal_progress: Optional[float]
    every_days: int
    note: str

    # shown in a notebook (workbench.results)
    def to_frame(self) -> pd.DataFrame:
        return self.table.copy()

    def _headline(self) -> str:
        return self.note


def survey_results(program: Program, by: str = "role", every_days: int = SURVEY_EVERY_DAYS) -> SurveyResults:
    """Typed survey figures per segment of ``by``: a people column (role, track) or a workforce
    column (department, gender, ...). Table columns: people (who answered), answers, expected,
    response_rate (answers / expected, capped at 1), satisfaction, goal_progress."""
    srv = program.surveys[program.surveys["date"] <= pd.Timestamp(program.config.snapshot_date)]
    expected = expected_surveys(program, every_days)
    cols = ["people", "answers", "expected", "response_rate", "satisfaction", "goal_progress"]
    if srv.empty:
        return SurveyResults(pd.DataFrame(columns=cols), 0, int(expected.sum()),
                             0.0 if expected.sum() else None, None, None, every_days,
                             "No survey answers: satisfaction and goal progress cannot be measured.")
    people = program.people.set_index("person_id")
    seg = people[by] if by in people else program.profiles()[by]
    table = srv.assign(segment=srv["person_id"].map(seg)).groupby("segment").agg(
        people=("person_id", "nunique"), answers=("person_id", "size"),
        satisfaction=("satisfaction", "mean"), goal_progress=("goal_progress", "mean"))
    exp = expected.groupby(expected.index.map(seg)).sum()
    table["expected"] = exp.reindex(table.index).fillna(0).astype(int)
    table["response_rate"] = (table["answers"] / table["expected"].replace(0, np.nan)).clip(upper=1)
    overall = min(1.0, len(srv) / expected.sum()) if expected.sum() else None

    def mean(c):
        v = srv[c].mean() if c in srv else float("nan")
        return None if pd.isna(v) else float(v)
    note = ("" if overall is None else
            f"Overall response rate {overall:.0%} ({len(srv)} answers of {int(expected.sum())} expected, "
            f"one per participant every {every_days} days).")
    return SurveyResults(table[cols], int(len(srv)), int(expected.sum()), overall, mean("satisfaction"),
                         mean("goal_progress"), every_days, note)
