"""The next level, planned (issue 18 item 2, issue 30 item 4): page 1's one scale plan, from
today's program to ``charter.next_level`` or, without one, to the most mentees the client's
workforce allows; never more mentees than the eligible employees can give (:func:`ceiling`).

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
from .present import date as day
from .scoring.formats import FORMATS

from .results import Shown

PAIRS_PER_COORDINATOR = 60   # program staff load assumption: one coordinator per ~60 active pairs
OTHER = "Other departments"


def waves(today: int, target: int, step: float = 10.0) -> list[int]:
    """Participants per wave from ``today`` to ``target``, each at most ``step`` times the last."""
    today = max(1, int(today))
    if target <= today:
        return [today]
    n = max(1, math.ceil(math.log(target / today) / math.log(step) - 1e-9))
    return [round(today * (target / today) ** (i / n)) for i in range(n + 1)]


@dataclass(frozen=True)
class NextLevelPlan(Shown):
    target: int
    format: str
    date: Optional[str]
    waves: pd.DataFrame          # one row per wave
    recruit_by_department: pd.DataFrame   # mentors to recruit per department and wave
    model_change: str            # when to move from group to one-to-one (or why not)
    sentence: str

    # shown in a notebook (workbench.results)
    def to_frame(self) -> pd.DataFrame:
        """One row per wave."""
        return self.waves.copy()


def _rounds_growth(program) -> Optional[float]:
    """Average new mentors per round, where relationships carry at least two rounds."""
    rel = program.relationships
    if "round" not in rel or rel["round"].dropna().nunique() < 2:
        return None
    per_round = rel.dropna(subset=["round"]).groupby("round")["mentor_id"].nunique().sort_index()
    return float((per_round.iloc[-1] - per_round.iloc[0]) / (len(per_round) - 1))


def eligible(program) -> int:
    """The client's eligible workforce: employees at the snapshot date (hired by then, not left)."""
    wf = program.workforce
    snap = pd.Timestamp(program.config.snapshot_date)
    ok = pd.Series(True, index=wf.index)
    if "hire_date" in wf:
        ok &= ~(pd.to_datetime(wf["hire_date"]) > snap)
    if "exit_date" in wf:
        ok &= ~(pd.to_datetime(wf["exit_date"]) <= snap)
    return int(ok.sum())


def seats_per_mentor(program, fmt: str) -> float:
    """Mentees per mentor in format ``fmt``: 1 for one-to-one, reverse and peer, the circle size
    for circles, else today's mean capacity (the configured one where no mentor says)."""
    if fmt in ("one_to_one", "reverse", "peer"):
        return 1.0
    if fmt == "circles":
        return float(program.config.circle_size)
    mentors = program.people[program.people["role"] == "mentor"]
    capacity = mentors["capacity"].fillna(program.config.mentor_capacity) if "capacity" in mentors \
        else pd.Series(program.config.mentor_capacity, index=mentors.index)
    return max(1.0, float(capacity.mean()) if len(capacity) else float(program.config.mentor_capacity))


def ceiling(program, fmt: str) -> int:
    """The most mentees the workforce allows: mentees and the mentors they need are employees
    (``n + n / seats <= eligible``); peers and circles draw everyone from one pool. Never below
    today's mentees.

    >>> import math
    >>> math.floor(311 * 1 / 2), math.floor(311 * 4 / 5)     # one-to-one, groups of 4
    (155, 248)
    """
    n_eligible = eligible(program)
    s = seats_per_mentor(program, fmt)
    most = n_eligible if fmt in ("peer", "circles") else math.floor(n_eligible * s / (s + 1))
    return max(len(program.mentees), most)


def pairs(participants: int, fmt: str) -> float:
    """Pairs of ``participants``: a mentee with a mentor (a seat in a group counts as a pair, as
    the relationships table records it), or two peers."""
    return participants / 2 if fmt == "peer" else float(participants)


def checkins_per_month(program, participants: int, fmt: str) -> int:
    """The one way the report counts check-ins: one per pair (:func:`pairs`) per cadence period,
    a month being 30 days."""
    return round(pairs(participants, fmt) * 30 / program.config.cadence_days)


def apportion(weights: pd.Series, total: int) -> pd.Series:
    """``total`` split in proportion to ``weights`` in whole numbers that add up to it (largest
    remainders first, ties to the larger weight, then the label).

    >>> apportion(pd.Series({"a": 0.5, "b": 0.3, "c": 0.2}), 7).to_dict()
    {'a': 4, 'b': 2, 'c': 1}
    """
    if total <= 0 or weights.empty or weights.sum() <= 0:
        return pd.Series(0, index=weights.index, dtype=int)
    exact = weights / weights.sum() * total
    whole = exact.apply(math.floor).astype(int)
    rest = total - int(whole.sum())
    order = sorted(weights.index, key=lambda d: (-(exact[d] - whole[d]), -weights[d], str(d)))
    for d in order[:rest]:
        whole[d] += 1
    return whole


def wave_rows(program, stages, fmt: str, per_mentor: float, mentors_today: int) -> list[dict]:
    """One row per stage (participants): mentors needed and to recruit, program staff, check-ins
    per month (:func:`checkins_per_month`) and the size of the matching problem."""
    rows = []
    for n in stages:
        needed = math.ceil(n / per_mentor) if fmt != "peer" else 0
        rows.append({"participants": n, "mentors needed": needed,
                     "mentors to recruit": max(0, needed - mentors_today),
                     "program staff": max(1, math.ceil(pairs(n, fmt) / PAIRS_PER_COORDINATOR)),
                     "check-ins per month": checkins_per_month(program, n, fmt),
                     "matching size": f"{n:,} x {needed:,}" if needed else f"{n:,} people"})
    return rows


def plan(program, visible: Optional[set] = None, per_mentor: Optional[float] = None) -> NextLevelPlan:
    """The one scale plan of page 1: from today's mentees to the charter's next level
    (``charter.next_level``), or, without one, to the most mentees the client's workforce allows;
    never more mentees than :func:`ceiling` (the eligible employees, less the mentors they need).

    ``visible``: departments whose mentee and mentor counts the report publishes; any other is
    planned within "Other departments" (its own figure would undo the report's suppression).
    ``per_mentor``: mentees per mentor to plan with (default :func:`seats_per_mentor`; a page
    whose mentor count is hidden passes the configured capacity)."""
    goal = program.config.charter.next_level
    k = program.config.min_group_size
    mentees, mentors = program.mentees, program.people[program.people["role"] == "mentor"]
    fmt = (goal.format if goal is not None and goal.format else None) or program.config.format
    fmt = getattr(fmt, "value", fmt)
    per_mentor = per_mentor or seats_per_mentor(program, fmt)
    most = ceiling(program, fmt)
    wanted = goal.participants if goal is not None else most
    target = min(wanted, most)
    rows = wave_rows(program, waves(len(mentees), target), fmt, per_mentor, len(mentors))
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
    recruit = {}
    for _, w in table.iloc[1:].iterrows():      # the waves after today
        # each department needs its share of the wave's mentors; the wave's mentors to recruit
        # go where a department is short, in proportion, so the rows add up to the wave's total
        short = (apportion(share, int(w["mentors needed"])) - depts["mentors"]).clip(lower=0)
        recruit[f"wave of {w['participants']:,}"] = (
            apportion(short / short.sum(), int(w["mentors to recruit"])) if short.sum() else short)
    by_dept = pd.DataFrame(recruit, index=depts.index)
    if OTHER in depts.index and (depts.loc[OTHER, "mentees"] < k or 0 < depts.loc[OTHER, "mentors"] < k):
        by_dept = by_dept.drop(index=OTHER)     # still small: not shown
    # the most to recruit first, the departments planned together last
    first = by_dept.iloc[:, -1].sort_values(ascending=False, kind="stable").index if len(by_dept.columns) else by_dept.index
    by_dept = by_dept.loc[[d for d in first if d != OTHER] + [d for d in first if d == OTHER]]
    by_dept.index.name = "department"

    demand = len(mentees)
    growth = _rounds_growth(program)
    if fmt in ("one_to_one", "reverse", "peer"):
        change = f"The plan keeps the {_label(fmt)} model."
    elif len(mentors) >= demand:
        change = "Mentor sign-ups already cover every mentee: one-to-one is possible now."
    elif growth and growth > 0:
        rounds = math.ceil((demand - len(mentors)) / growth)
        change = (f"Mentor sign-ups grew by {growth:.0f} per round; at that pace they reach today's "
                  f"mentee demand ({demand:,}) in about {rounds} more {'round' if rounds == 1 else 'rounds'}: "
                  f"move to one-to-one then.")
    else:
        change = (f"Stay with {_label(fmt)} mentoring until mentor sign-ups reach mentee "
                  f"demand ({demand:,} mentees, {len(mentors):,} mentors today); no growth across "
                  f"rounds can be projected yet.")
    last = table.iloc[-1]
    when = f" by {day(goal.date)}" if goal is not None and goal.date else ""
    staff = int(last["program staff"])
    workforce = (f"The company has {eligible(program):,} employees today; with the mentors they "
                 f"need, at most {most:,} of them can be mentees.")
    if goal is None:
        head = f"The charter sets no next level yet: the plan grows to the most the workforce allows. {workforce}"
    elif wanted > most:
        head = (f"The charter's next level of {wanted:,} participants is more than the workforce "
                f"allows. {workforce} The plan stops there.")
    else:
        head = ""
    if len(table) == 1:
        sentence = (f"{head} The program already holds as many mentees as the plan allows: "
                    f"{int(last['participants']):,}.").strip()
    else:
        waves_said = len(table) - 1
        sentence = (f"{head} Reaching {target:,} {'people' if fmt == 'peer' else 'mentees'}{when} in "
                    f"{_label(fmt)} format takes {waves_said} {'wave' if waves_said == 1 else 'waves'} "
                    f"after today, " + ("" if fmt == "peer" else
                                        f"{int(last['mentors to recruit']):,} more "
                                        f"{'mentor' if int(last['mentors to recruit']) == 1 else 'mentors'} and ")
                    + f"{staff} program {'coordinator' if staff == 1 else 'coordinators'}.").strip()
    return NextLevelPlan(target, fmt, goal.date.isoformat() if goal is not None and goal.date else None,
                         table, by_dept, change, sentence)


def _label(fmt: str) -> str:
    entry = FORMATS.get(fmt)
    return entry.label if entry is not None else str(fmt).replace("_", "-")
