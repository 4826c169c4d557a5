"""The sample company's workforce: ~3,000 employees, a manager tree, skills, performance.

Outcomes (exit, promotion) are drawn later, once participation in the programs is known
(:func:`draw_outcomes`), from the models in :mod:`workbench.sample.truth`.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from . import truth

DEPARTMENTS = {  # name: (share of staff, skills vocabulary)
    "Engineering": (0.27, ["python", "cloud", "architecture", "testing", "data engineering", "security"]),
    "Sales": (0.16, ["negotiation", "account planning", "CRM", "forecasting", "public speaking"]),
    "Customer Support": (0.14, ["customer empathy", "troubleshooting", "CRM", "writing"]),
    "Operations": (0.12, ["process improvement", "logistics", "lean", "vendor management"]),
    "Product": (0.09, ["roadmapping", "user research", "data analysis", "prioritization"]),
    "Marketing": (0.09, ["social media", "digital marketing", "brand", "writing", "data analysis"]),
    "Finance": (0.08, ["financial modelling", "budgeting", "excel", "compliance"]),
    "HR": (0.05, ["recruiting", "employment law", "coaching", "onboarding"]),
}
LOCATIONS = {  # name: (share, UTC offset, languages)
    "London": (0.26, 0.0, ["English"]),
    "Berlin": (0.16, 1.0, ["German", "English"]),
    "New York": (0.22, -5.0, ["English"]),
    "Austin": (0.12, -6.0, ["English", "Spanish"]),
    "Bangalore": (0.16, 5.5, ["English", "Hindi"]),
    "Singapore": (0.08, 8.0, ["English", "Mandarin"]),
}
LEVEL_SHARE = np.array([0.27, 0.25, 0.19, 0.13, 0.09, 0.05, 0.02])
N_EMPLOYEES = 3000


def _choice(rng, options: dict, n: int) -> np.ndarray:
    names = list(options)
    share = np.array([options[k][0] for k in names])
    return np.array(names, dtype=object)[rng.choice(len(names), size=n, p=share / share.sum())]


def make_workforce(rng: np.random.Generator, n: int = N_EMPLOYEES) -> pd.DataFrame:
    """One row per employee, outcomes not yet drawn (exit_date / promotion_date empty)."""
    ids = np.array([f"E{i:05d}" for i in range(1, n + 1)], dtype=object)
    dept = _choice(rng, DEPARTMENTS, n)
    level = rng.choice(np.arange(1, 8), size=n, p=LEVEL_SHARE)
    level[0] = 7  # the chief executive
    # tenure grows with level; ~9 % were hired during the window (new hires for onboarding)
    tenure_years = np.clip(rng.gamma(2.0, 0.9 + 0.55 * level), 0.6, 30)
    hire = pd.Series(pd.Timestamp(truth.WINDOW_START)
                     - pd.to_timedelta((tenure_years * 365.25).round(), unit="D"))
    new = (rng.random(n) < 0.09) & (level <= 2)
    new_days = rng.integers(0, 300, size=n)
    hire = hire.where(~new, pd.Series(pd.Timestamp(truth.WINDOW_START)
                                      + pd.to_timedelta(new_days, unit="D")))
    loc = _choice(rng, LOCATIONS, n)
    tz = np.array([LOCATIONS[x][1] for x in loc])
    perf = np.clip(np.round(rng.normal(3.3, 0.65, n), 1), 1.0, 5.0)
    # the client's own engagement-survey score (last survey before the window, 1-5): not a
    # canonical column; it drives who joins and who leaves (see truth)
    engagement = np.clip(np.round(rng.normal(truth.ENGAGEMENT_MEAN, 0.75, n), 1), 1.0, 5.0)
    gender = rng.choice(np.array(["F", "M", "X"], dtype=object), size=n, p=[0.47, 0.51, 0.02])
    skills = []
    for d in dept:
        vocab = DEPARTMENTS[d][1] + ["project management", "presentation", "AI tools"]
        k = rng.integers(2, 6)
        skills.append(tuple(sorted(rng.choice(vocab, size=min(k, len(vocab)), replace=False))))
    wf = pd.DataFrame({
        "employee_id": ids, "department": dept, "level": level,
        "hire_date": hire.dt.date,
        "location": loc, "timezone": tz, "manager_id": None, "performance": perf,
        "gender": gender, "skills": skills, "exit_date": None, "promotion_date": None,
        "engagement": engagement,
    })
    wf["manager_id"] = _managers(rng, wf)
    return wf


def _managers(rng, wf: pd.DataFrame) -> list:
    """A manager one or two levels up, in the same department where there is one; the top has none."""
    out = [None] * len(wf)
    by_key = {}
    for i, (d, lv) in enumerate(zip(wf["department"], wf["level"])):
        by_key.setdefault((d, lv), []).append(i)
    ceo = 0
    for i, (d, lv) in enumerate(zip(wf["department"], wf["level"])):
        if i == ceo:
            continue
        for up in (lv + 1, lv + 2, lv + 3):
            cands = by_key.get((d, up))
            if cands:
                out[i] = wf["employee_id"].iat[cands[rng.integers(len(cands))]]
                break
        else:
            out[i] = wf["employee_id"].iat[ceo]
    return out


def tenure_years(wf: pd.DataFrame) -> pd.Series:
    """Tenure in years at the start of the observation window (0 for people hired during it)."""
    days = (pd.Timestamp(truth.WINDOW_START) - pd.to_datetime(wf["hire_date"])).dt.days
    return (days.clip(lower=0) / 365.25).rename("tenure_years")


def _linear(wf: pd.DataFrame, coef: dict, dept_shift: dict) -> np.ndarray:
    perf_c = wf["performance"].to_numpy() - 3.3
    level_c = wf["level"].to_numpy() - 3
    tenure_c = np.minimum(tenure_years(wf).to_numpy(), 10) - 4
    engagement_c = wf["engagement"].to_numpy() - truth.ENGAGEMENT_MEAN
    shift = wf["department"].map(dept_shift).fillna(0).to_numpy()
    return (coef["intercept"] + coef["perf_c"] * perf_c + coef["level_c"] * level_c
            + coef["tenure_c"] * tenure_c + coef["engagement_c"] * engagement_c + shift)


def _event_days(rng, rate: np.ndarray, participant: np.ndarray, log_hr: float,
                earliest: pd.Series, joined: pd.Series) -> np.ndarray:
    """Days from ``earliest`` to the event: hazard ``rate`` per year, times exp(``log_hr``) from
    the day a participant joins. A participant is still employed on joining (they joined), so
    their clock runs from the joining day at the participant hazard (memoryless)."""
    daily = rate / 365.25
    start = earliest.copy()
    is_p = participant == 1
    start[is_p] = pd.concat([earliest[is_p], pd.to_datetime(joined[is_p])], axis=1).max(axis=1)
    draw = rng.exponential(1.0, len(rate))
    days = draw / np.where(is_p, daily * np.exp(log_hr), daily)
    return (start - earliest).dt.days.to_numpy() + days


def draw_outcomes(rng, wf: pd.DataFrame, participant: np.ndarray, joined: pd.Series) -> pd.DataFrame:
    """Fill exit_date and promotion_date from the true hazard models (see truth)."""
    wf = wf.copy()
    start = pd.Timestamp(truth.WINDOW_START)
    end = pd.Timestamp(truth.SNAPSHOT)
    earliest = pd.to_datetime(wf["hire_date"]).clip(lower=start).reset_index(drop=True)
    joined = pd.Series(pd.to_datetime(joined).to_numpy(), index=earliest.index)
    exit_rate = np.exp(_linear(wf, truth.EXIT, truth.DEPARTMENT_EXIT))
    promo_rate = np.exp(_linear(wf, truth.PROMOTION, {}))
    exit_days = _event_days(rng, exit_rate, participant, truth.EXIT["participant"], earliest, joined)
    promo_days = _event_days(rng, promo_rate, participant, truth.PROMOTION["participant"], earliest, joined)
    exit_day = earliest + pd.to_timedelta(np.ceil(exit_days), unit="D")
    promo_day = earliest + pd.to_timedelta(np.ceil(promo_days), unit="D")
    exits = (exit_day <= end).to_numpy().copy()
    exits[0] = False  # the chief executive stays
    promos = (promo_day <= end).to_numpy() & ~(exits & (promo_day >= exit_day).to_numpy())
    wf["exit_date"] = np.where(exits, exit_day.dt.date, None)
    wf["promotion_date"] = np.where(promos, promo_day.dt.date, None)
    return wf
