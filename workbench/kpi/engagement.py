"""Are pairs meeting? Status of each relationship against the planned cadence, surveys.

Status on the snapshot date, with ``c`` the cadence in days and ``d`` the days since the last
meeting (or since the start when the pair never met):

- ``ended early`` / ``completed``: from the relationship's status;
- ``too early``: started less than one cadence ago;
- ``idle``: d > 3c;  ``needs a check-in``: d > 1.5c;  otherwise ``on track``.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from ..program import Program

IDLE, CHECK_IN = 3.0, 1.5
SURVEY_EVERY_DAYS = 91        # one check-in survey per participant per quarter while the pair runs
LOW_RESPONSE = 0.5


def engagement_status(program: Program) -> pd.DataFrame:
    """One row per relationship: meetings, expected meetings, last meeting, days since, status."""
    rel = program.relationships
    snap = pd.Timestamp(program.config.snapshot_date)
    c = program.config.cadence_days
    chk = program.checkins.groupby("relationship_id")["date"].agg(["count", "max"])
    out = rel[["relationship_id", "mentee_id", "mentor_id", "start_date", "end_date", "status"]].copy()
    out["meetings"] = out["relationship_id"].map(chk["count"]).fillna(0).astype(int)
    out["last_meeting"] = out["relationship_id"].map(chk["max"])
    until = out["end_date"].where(out["end_date"].notna() & (out["end_date"] < snap), snap)
    out["meetings_expected"] = ((until - out["start_date"]).dt.days / c).clip(lower=0).round(1)
    ref = out["last_meeting"].fillna(out["start_date"])
    out["days_since"] = (snap - ref).dt.days
    age = (snap - out["start_date"]).dt.days
    status = np.select(
        [out["status"] == "ended_early", out["status"] == "completed", age < c,
         out["days_since"] > IDLE * c, out["days_since"] > CHECK_IN * c],
        ["ended early", "completed", "too early", "idle", "needs a check-in"], default="on track")
    out["engagement"] = status
    return out.rename(columns={"status": "recorded_status"}).rename(columns={"engagement": "status"})


def at_risk(program: Program) -> pd.DataFrame:
    """The program manager's list: pairs needing a check-in or idle, with the reason."""
    st = engagement_status(program)
    risk = st[st["status"].isin(["needs a check-in", "idle"])].copy()
    c = program.config.cadence_days
    risk["reason"] = [
        f"no meeting for {d} days (planned every {c}); {'never met' if pd.isna(last) else 'last on ' + f'{last:%d %b %Y}'}"
        for d, last in zip(risk["days_since"], risk["last_meeting"])]
    cols = ["relationship_id", "mentee_id", "mentor_id", "status", "days_since", "meetings", "reason"]
    return risk.sort_values("days_since", ascending=False)[cols].reset_index(drop=True)


def meetings_over_time(program: Program) -> pd.DataFrame:
    """Meetings per month against the plan (active pairs that month × 30 / cadence)."""
    chk = program.checkins
    if chk.empty:
        return pd.DataFrame(columns=["meetings", "planned"])
    snap = pd.Timestamp(program.config.snapshot_date)
    months = pd.period_range(chk["date"].min(), snap, freq="M")
    actual = chk.groupby(chk["date"].dt.to_period("M")).size().reindex(months, fill_value=0)
    rel = program.relationships
    end = rel["end_date"].fillna(snap)
    planned = [float(((rel["start_date"] <= m.end_time) & (end >= m.start_time)).sum()
                     * 30 / program.config.cadence_days) for m in months]
    out = pd.DataFrame({"meetings": actual.to_numpy(), "planned": np.round(planned)},
                       index=months.to_timestamp())
    return out


def survey_summary(program: Program, by: str = "role") -> pd.DataFrame:
    """Mean satisfaction and goal progress per segment, with response rates; a low rate is said.

    Expected surveys: one per participant per quarter (91 days) of each relationship's life.
    Segments smaller than the program's minimum group size are not shown.
    """
    k = program.config.min_group_size
    rel = program.relationships
    snap = pd.Timestamp(program.config.snapshot_date)
    end = rel["end_date"].where(rel["end_date"].notna() & (rel["end_date"] < snap), snap)
    quarters = ((end - rel["start_date"]).dt.days // SURVEY_EVERY_DAYS).clip(lower=0)
    expected = pd.concat([pd.Series(quarters.to_numpy(), index=rel["mentee_id"]),
                          pd.Series(quarters.to_numpy(), index=rel["mentor_id"])]).groupby(level=0).sum()
    people = program.people.set_index("person_id")
    seg = people[by] if by in people else program.profiles()[by]
    srv = program.surveys.assign(segment=lambda d: d["person_id"].map(seg))
    exp = expected.groupby(expected.index.map(seg)).sum()
    table = srv.groupby("segment").agg(people=("person_id", "nunique"), answers=("person_id", "size"),
                                      satisfaction=("satisfaction", "mean"),
                                      goal_progress=("goal_progress", "mean"))
    table["response_rate"] = (table["answers"] / exp.reindex(table.index)).clip(upper=1)
    table = table[table["people"] >= k].round({"satisfaction": 2, "goal_progress": 1, "response_rate": 2})
    low = table[table["response_rate"] < LOW_RESPONSE]
    overall = len(srv) / expected.sum() if expected.sum() else float("nan")
    note = f"Overall response rate {overall:.0%}."
    if len(low):
        note += (f" Low response among {', '.join(map(str, low.index))} (under {LOW_RESPONSE:.0%}): "
                 "their figures speak for fewer than half of them.")
    table.attrs["note"] = note
    table.attrs["response_rate"] = overall
    return table
