"""Each KPI of the charter against its baseline and target; what match quality predicts.

Status: ``met`` (current reaches the target), ``on track`` (due date not passed and current has
moved from the baseline towards the target), ``off track``, or ``not measurable`` with the data
that is missing.
"""
from __future__ import annotations

import math

import numpy as np
import pandas as pd
from scipy import stats

from ..config import KPI
from ..program import Program
from .engagement import engagement_status, survey_summary


def participation_frame(program: Program, others=()) -> pd.DataFrame:
    """One row per employee: treated (in this program, or in any of ``others``), left, promoted,
    tenure_years (at the program start, capped at 10), performance, level, department."""
    wf = program.workforce.copy()
    people = set(program.people["person_id"])
    for other in others:
        people |= set(other.people["person_id"])
    start = pd.Timestamp(program.config.start_date)
    snap = pd.Timestamp(program.config.snapshot_date)
    # the comparison covers people employed when the program started
    employed = (wf["hire_date"] <= start) & (wf["exit_date"].isna() | (wf["exit_date"] > start))
    wf = wf[employed | wf["employee_id"].isin(people)]
    wf["treated"] = wf["employee_id"].isin(people).astype(int)
    wf["left"] = (wf["exit_date"].notna() & (wf["exit_date"] <= snap)).astype(int)
    wf["promoted"] = wf["promotion_date"].notna().astype(int)
    wf["entry"] = wf["hire_date"].where(wf["hire_date"] > start, start)
    wf["days_observed"] = ((wf["exit_date"].where(wf["left"] == 1, snap)) - wf["entry"]).dt.days.clip(lower=0)
    days = (start - wf["hire_date"]).dt.days.clip(lower=0)
    wf["tenure_years"] = (days / 365.25).clip(upper=10)
    return wf.reset_index(drop=True)


def _population(program: Program, population: str) -> pd.Index:
    role = {"mentees": ["mentee", "peer"], "mentors": ["mentor", "peer"],
            "participants": ["mentee", "mentor", "peer"]}[population]
    return pd.Index(program.people.loc[program.people["role"].isin(role), "person_id"])


def measure(program: Program, kpi: KPI) -> tuple[float | None, str]:
    """The KPI's current value on the program's data, or None and what data is missing."""
    ids = _population(program, kpi.population)
    snap = pd.Timestamp(program.config.snapshot_date)
    start = pd.Timestamp(program.config.start_date)
    end = min(start + pd.DateOffset(months=kpi.horizon_months), snap)
    wf = program.workforce.set_index("employee_id").reindex(ids)
    if kpi.metric == "retention":
        return float((wf["exit_date"].isna() | (wf["exit_date"] > end)).mean()), \
            f"still employed on {end:%d %b %Y}"
    if kpi.metric == "promotion":
        return float(((wf["promotion_date"] > start) & (wf["promotion_date"] <= end)).mean()), \
            f"promoted by {end:%d %b %Y}"
    if kpi.metric in ("satisfaction", "goal_progress"):
        srv = program.surveys[program.surveys["person_id"].isin(ids)][kpi.metric].dropna()
        if srv.empty:
            return None, f"needs surveys with {kpi.metric}"
        return float(srv.mean()), f"mean of {len(srv)} answers"
    if kpi.metric == "response_rate":
        if program.surveys.empty:
            return None, "needs surveys"
        return float(survey_summary(program).attrs["response_rate"]), "answers / expected surveys"
    if kpi.metric == "meeting_cadence":
        if program.relationships.empty:
            return None, "needs relationships and check-ins"
        st = engagement_status(program)
        running = st[st["status"].isin(["on track", "needs a check-in", "idle"])]
        return (float((running["status"] == "on track").mean()) if len(running) else None,
                f"{len(running)} running pairs")
    if kpi.metric == "match_rate":
        if program.relationships.empty:
            return None, "needs relationships"
        return float(pd.Index(ids).isin(program.relationships["mentee_id"]).mean()), "mentees with a mentor"
    if kpi.metric == "participation":
        return None, "needs the size of the eligible population"
    return None, "unknown metric"


def scorecard(program: Program) -> pd.DataFrame:
    """Each KPI: baseline, target, current value, due date, status and a note."""
    from ..goals import hr_baseline
    snap = pd.Timestamp(program.config.snapshot_date)
    rows = []
    for kpi in program.config.kpis:
        baseline = kpi.baseline if kpi.baseline is not None else hr_baseline(program, kpi)[0]
        current, note = measure(program, kpi)
        due = pd.Timestamp(kpi.due)
        if current is None or (isinstance(current, float) and math.isnan(current)):
            status = "not measurable"
        elif current >= kpi.target:
            status = "met"
        elif due > snap and (baseline is None or current > baseline):
            status = "on track"
        else:
            status = "off track"
        rows.append({"kpi": kpi.name, "metric": kpi.metric, "population": kpi.population,
                     "baseline": None if baseline is None else round(baseline, 3), "target": kpi.target,
                     "current": None if current is None else round(current, 3),
                     "due": due.date(), "status": status, "note": note})
    return pd.DataFrame(rows)


def spearman_ci(x, y) -> tuple[float, float, float, int]:
    """Spearman's rho with a 95 % Fisher-z interval; (rho, lo, hi, n)."""
    data = pd.DataFrame({"x": x, "y": y}).dropna()
    n = len(data)
    if n < 8:
        return float("nan"), float("nan"), float("nan"), n
    rho = stats.spearmanr(data["x"], data["y"]).statistic
    z, se = np.arctanh(np.clip(rho, -0.999999, 0.999999)), 1.06 / math.sqrt(n - 3)
    return float(rho), float(np.tanh(z - 1.96 * se)), float(np.tanh(z + 1.96 * se)), n


def match_outcomes(program: Program) -> pd.DataFrame:
    """Does match quality predict success? Spearman correlation of the recorded match score with
    meetings per month and with mean satisfaction, with 95 % intervals and a suggestion."""
    st = engagement_status(program)
    rel = program.relationships.set_index("relationship_id")
    st["match_score"] = st["relationship_id"].map(rel["match_score"])
    months = ((st["last_meeting"].fillna(st["start_date"]) - st["start_date"]).dt.days / 30).clip(lower=1)
    st["meetings_per_month"] = st["meetings"] / months
    sat = program.surveys.groupby("relationship_id")["satisfaction"].mean()
    st["satisfaction"] = st["relationship_id"].map(sat)
    rows = []
    for what in ("meetings_per_month", "satisfaction"):
        rho, lo, hi, n = spearman_ci(st["match_score"], st[what])
        rows.append({"match score against": what.replace("_", " "), "pairs": n,
                     "rank correlation": round(rho, 2), "95 % CI": f"{lo:.2f} to {hi:.2f}"})
    out = pd.DataFrame(rows)
    los = [float(r.split(" to ")[0]) for r in out["95 % CI"] if r != "nan to nan"]
    if los and min(los) > 0:
        out.attrs["suggestion"] = ("Better-matched pairs meet more and are more satisfied (both intervals "
                                   "above zero): keep weighting the criteria, and raise the weight of those "
                                   "that drive the match score most.")
    elif los:
        out.attrs["suggestion"] = ("The evidence that match score predicts engagement is not clear (an "
                                   "interval includes zero): keep the weights and collect another round.")
    else:
        out.attrs["suggestion"] = "Too few pairs with recorded match scores to judge."
    return out
