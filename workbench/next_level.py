"""The next level, planned (issue 18 item 2): from today's program to ``charter.next_level``.

Staged waves (at most ten times larger each, as a 25-pair pilot grows to 250 and then 2,500), each
with the mentors needed and to recruit (in total and per department, departments growing in
proportion to today's demand), program staff, check-ins per month and the size of the matching
problem; and when to change model: a group format while mentees outnumber mentors, one-to-one
once mentor sign-ups reach mentee demand, projected from the growth of mentor sign-ups across
rounds where the relationships carry rounds.

Departments with fewer than ``min_group_size`` mentees or mentors today are planned together as
"Other departments": their own recruiting figure would give today's small count back (and
"Other departments" is left out when even together they are fewer).

Example
-------
>>> waves(25, 2500)
[25, 250, 2500]
>>> waves(40, 100)
[40, 100]
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Optional

import pandas as pd

PAIRS_PER_COORDINATOR = 60   # as goals.scale_plan: one coordinator per ~60 active pairs
OTHER = "Other departments"


def waves(today: int, target: int, step: float = 10.0) -> list[int]:
    """Participants per wave from ``today`` to ``target``, each at most ``step`` times the last."""
    today = max(1, int(today))
    if target <= today:
        return [today]
    n = max(1, math.ceil(math.log(target / today) / math.log(step) - 1e-9))
    return [round(today * (target / today) ** (i / n)) for i in range(n + 1)]


@dataclass(frozen=True)
class NextLevelPlan:
    target: int
    format: str
    date: Optional[str]
    waves: pd.DataFrame          # one row per wave
    recruit_by_department: pd.DataFrame   # mentors to recruit per department and wave
    model_change: str            # when to move from group to one-to-one (or why not)
    sentence: str


def _rounds_growth(program) -> Optional[float]:
    """Average new mentors per round, where relationships carry at least two rounds."""
    rel = program.relationships
    if "round" not in rel or rel["round"].dropna().nunique() < 2:
        return None
    per_round = rel.dropna(subset=["round"]).groupby("round")["mentor_id"].nunique().sort_index()
    return float((per_round.iloc[-1] - per_round.iloc[0]) / (len(per_round) - 1))


def plan(program, visible: Optional[set] = None) -> Optional[NextLevelPlan]:
    """The plan for ``program.config.charter.next_level``; ``None`` when none is set.

    ``visible``: departments whose mentee and mentor counts the report publishes; any other is
    planned within "Other departments" (its own figure would undo the report's suppression)."""
    goal = program.config.charter.next_level
    if goal is None:
        return None
    k = program.config.min_group_size
    mentees, mentors = program.mentees, program.people[program.people["role"] == "mentor"]
    fmt = goal.format or program.config.format
    capacity = mentors["capacity"].fillna(program.config.mentor_capacity) if "capacity" in mentors \
        else pd.Series(program.config.mentor_capacity, index=mentors.index)
    seats_per_mentor = 1.0 if fmt in ("one_to_one", "reverse", "peer") else \
        max(1.0, float(capacity.mean()) if len(capacity) else float(program.config.mentor_capacity))
    if fmt == "circles":
        seats_per_mentor = float(program.config.circle_size)
    rows = []
    for n in waves(len(mentees), goal.participants):
        needed = math.ceil(n / seats_per_mentor) if fmt != "peer" else 0
        rows.append({"participants": n, "mentors needed": needed,
                     "mentors to recruit": max(0, needed - len(mentors)),
                     "program staff": max(1, math.ceil(n / PAIRS_PER_COORDINATOR)),
                     "check-ins per month": round(min(n, needed or n) * 30 / program.config.cadence_days),
                     "matching size": f"{n:,} x {needed:,}" if needed else f"{n:,} people"})
    table = pd.DataFrame(rows)

    wf = program.workforce.set_index("employee_id")["department"] if "department" in program.workforce \
        else pd.Series(dtype=object)
    dept_mentees = mentees["person_id"].map(wf).fillna(OTHER).value_counts()
    dept_mentors = mentors["person_id"].map(wf).fillna(OTHER).value_counts()
    depts = pd.DataFrame({"mentees": dept_mentees, "mentors": dept_mentors}).fillna(0).astype(int)
    small = (depts["mentees"] < k) | ((depts["mentors"] > 0) & (depts["mentors"] < k))
    if visible is not None:
        small |= ~depts.index.isin(list(visible))
    depts = depts.rename(index=lambda d: OTHER if small.get(d, False) else d).groupby(level=0).sum()
    share = depts["mentees"] / max(1, depts["mentees"].sum())
    if OTHER in depts.index and (depts.loc[OTHER, "mentees"] < k or 0 < depts.loc[OTHER, "mentors"] < k):
        depts, share = depts.drop(index=OTHER), share.drop(index=OTHER)   # still small: not shown
    recruit = {}
    for _, w in table.iloc[1:].iterrows():      # the waves after today
        recruit[f"wave of {w['participants']:,}"] = (
            (share * w["mentors needed"]).apply(math.ceil) - depts["mentors"]).clip(lower=0)
    by_dept = pd.DataFrame(recruit)
    by_dept.index.name = "department"

    demand = len(mentees)
    growth = _rounds_growth(program)
    if fmt in ("one_to_one", "reverse", "peer"):
        change = f"The next level keeps the {fmt.replace('_', '-')} model."
    elif len(mentors) >= demand:
        change = "Mentor sign-ups already cover every mentee: one-to-one is possible now."
    elif growth and growth > 0:
        rounds = math.ceil((demand - len(mentors)) / growth)
        change = (f"Mentor sign-ups grew by {growth:.0f} per round; at that pace they reach today's "
                  f"mentee demand ({demand:,}) in about {rounds} more round(s): move to one-to-one then.")
    else:
        change = (f"Stay with {fmt.replace('_', '-')} mentoring until mentor sign-ups reach mentee "
                  f"demand ({demand:,} mentees, {len(mentors):,} mentors today); no growth across "
                  f"rounds can be projected yet.")
    last = table.iloc[-1]
    when = f" by {goal.date:%d %b %Y}" if goal.date else ""
    sentence = (f"Reaching {goal.participants:,} participants{when} in {fmt.replace('_', '-')} format takes "
                f"{len(table) - 1} wave(s) after today, {int(last['mentors to recruit']):,} more mentors and "
                f"{int(last['program staff'])} program staff.")
    return NextLevelPlan(goal.participants, fmt, goal.date.isoformat() if goal.date else None,
                         table, by_dept, change, sentence)
