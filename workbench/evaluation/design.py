"""The ONE comparison group: who the comparable non-participants are, for a population and a date.

A landmark design with matched index dates, so that no one gets immortal time:

* each person of the population (mentees, mentors or all participants) is followed from the day
  they **joined** (``people.joined``, else their first relationship's start, else the program
  start; a new hire enrolled before their hire date is followed from hiring): time before
  joining is not credited to the program;
* every employee outside the program gets an **index date drawn at random from the population's
  joining dates** (a fixed seed, so the report is reproducible), and counts as a comparable
  non-participant when, on that date, they were employed, are at a career stage present in the
  population and have a tenure within the population's range (common support: recent hires are
  compared with recent hires). People who join **later** are among the others too, from their
  drawn date (a sequential trial: on each date, those who join against those who have not joined
  yet). Leaving them out would enrich the others with early leavers (who stay has more chance to
  join): with half the staff joining and no effect, 12 of 100 simulated companies were called
  "clear" (``benchmarks/bench_uptake.py``). A person can then be in both groups: the odds
  ratios censor their row as an other on joining (weighted, :func:`.estimators.until_joining`),
  their variances are cluster-robust by person, the Cox model splits their time at joining and
  :attr:`ComparisonGroup.control_until_joining` stops their survival curve there
  (``later_joiners=False`` gives the old design, for comparison);
* participants of the program outside the population (mentors, when mentees are evaluated) are
  left out;
* everyone is then followed from their index date to their exit or the snapshot: ``left`` and
  ``promoted`` are what happened after the index date, ``days_observed`` the time followed,
  ``tenure_years`` the tenure **on the index date** (capped at 10), ``followup_years`` the time
  from the index date to the snapshot (the same distribution in both groups by design).

The outcome table, the survival curves, the KPI baselines, the scorecard and the trend all use
:func:`comparison_group`; its :attr:`ComparisonGroup.definition` is the one sentence a report
prints about it.

Example
-------
>>> import pandas as pd
>>> wf = pd.DataFrame({"employee_id": ["A", "B", "C", "D"], "level": [2, 2, 2, 2],
...                    "hire_date": pd.to_datetime(["2020-01-01"] * 4),
...                    "exit_date": pd.to_datetime([None, "2025-03-01", None, None]),
...                    "promotion_date": pd.NaT})
>>> joined = pd.Series(pd.to_datetime(["2025-02-01"]), index=["A"])
>>> f = landmark_design(wf, joined, start="2025-01-01", snapshot="2026-01-01")
>>> f[["employee_id", "treated"]].values.tolist()
[['A', 1], ['B', 0], ['C', 0], ['D', 0]]
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Sequence

import numpy as np
import pandas as pd

from ..schema import career_stage

SEED = 20261123
DAYS_PER_YEAR = 365.25
TENURE_CAP = 10.0
ROLES = {"mentees": ("mentee", "peer"), "mentors": ("mentor", "peer"),
         "participants": ("mentee", "mentor", "peer")}
# computed by the design, always available to adjust for
DESIGN_COLUMNS = ("tenure_years", "followup_years")


@dataclass(frozen=True)
class ComparisonGroup:
    """The population (``treated`` = 1) and its comparable non-participants (``treated`` = 0),
    one row per person and index date (see the module docstring)."""
    population: str
    frame: pd.DataFrame
    definition: str
    start: pd.Timestamp
    snapshot: pd.Timestamp
    notes: tuple[str, ...] = field(default_factory=tuple)

    @property
    def n_treated(self) -> int:
        return int((self.frame["treated"] == 1).sum())

    @property
    def n_control(self) -> int:
        return int((self.frame["treated"] == 0).sum())

    @property
    def treated(self) -> pd.DataFrame:
        return self.frame[self.frame["treated"] == 1]

    @property
    def control(self) -> pd.DataFrame:
        return self.frame[self.frame["treated"] == 0]

    @property
    def control_until_joining(self) -> pd.DataFrame:
        """The others with a later joiner's time censored on the day they joined (no exit after
        it counts as an other's): the others' survival curve. The odds ratios censor them there too,
        weighting the others who had not joined (:func:`.estimators.until_joining`)."""
        c = self.control.copy()
        if "joined" not in c or c.empty:
            return c
        joined = pd.to_datetime(c["joined"])
        until = (joined - c["index_date"]).dt.days
        cut = joined.notna() & (until < c["days_observed"])
        c.loc[cut, "days_observed"] = until[cut]
        c.loc[cut, "left"] = 0
        return c


def population_ids(program, population: str) -> pd.Index:
    """Person ids of the population (mentees, mentors or participants; peers count on both sides)."""
    if population not in ROLES:
        raise ValueError(f"unknown population {population!r}; use one of {', '.join(ROLES)}")
    people = program.people
    return pd.Index(people.loc[people["role"].isin(ROLES[population]), "person_id"].unique())


def join_dates(program, ids) -> pd.Series:
    """Date each person joined: ``people.joined``, else their first relationship start, else the
    program start."""
    ids = pd.Index(ids)
    people = program.people.drop_duplicates("person_id").set_index("person_id")
    joined = (pd.to_datetime(people["joined"]).reindex(ids) if "joined" in people
              else pd.Series(pd.NaT, index=ids, dtype="datetime64[ns]"))
    rel = program.relationships
    first = pd.concat([rel[["mentee_id", "start_date"]].set_axis(["id", "d"], axis=1),
                       rel[["mentor_id", "start_date"]].set_axis(["id", "d"], axis=1)])
    first = pd.to_datetime(first["d"]).groupby(first["id"]).min() if len(first) else pd.Series(dtype="datetime64[ns]")
    out = joined.fillna(first.reindex(ids)).fillna(pd.Timestamp(program.config.start_date))
    return pd.to_datetime(out)


def landmark_design(workforce: pd.DataFrame, joined: pd.Series, *, start, snapshot,
                    exclude: Sequence[str] = (), seed: int = SEED, restrict: bool = True,
                    later_joiners: bool = True) -> pd.DataFrame:
    """The design frame from plain tables (see the module docstring).

    ``workforce``: one row per employee (``employee_id``, ``hire_date``, ``exit_date``, optional
    ``promotion_date`` and ``level``, any other columns kept); ``joined``: the population's
    joining dates indexed by employee id; ``exclude``: ids that are never comparable (other
    participants of the program). ``restrict=False`` skips the career-stage and tenure common
    support (used by simulations without levels).
    """
    start, snap = pd.Timestamp(start), pd.Timestamp(snapshot)
    wf = workforce.drop_duplicates("employee_id").sort_values("employee_id").reset_index(drop=True)
    hire = pd.to_datetime(wf["hire_date"])
    exit_ = pd.to_datetime(wf["exit_date"])
    join = pd.to_datetime(pd.Series(joined)).reindex(wf["employee_id"]).to_numpy()
    join = pd.Series(join, index=wf.index, dtype="datetime64[ns]")
    # signed up before the HR start date (a new hire enrolled before day one): followed from hiring
    join = join.where(~(join < hire), hire)

    def employed(on):
        return (hire <= on) & (exit_.isna() | (exit_ > on))

    is_treated = join.notna() & (join <= snap) & employed(join)
    pool = np.sort(join[is_treated].to_numpy())
    if len(pool) == 0:
        pool = np.array([start.to_datetime64()])
    rng = np.random.default_rng(seed)
    draw = pd.Series(pool[rng.integers(0, len(pool), size=len(wf))], index=wf.index)
    excluded = wf["employee_id"].isin(set(exclude))
    not_joined = (join.isna() | (join > draw)) if later_joiners else join.isna()
    is_control = ~excluded & employed(draw) & not_joined & (draw <= snap)

    rows = []
    for flag, mask, index in ((1, is_treated, join), (0, is_control, draw)):
        part = wf[mask].copy()
        part.insert(1, "treated", flag)
        part.insert(2, "index_date", index[mask].to_numpy())
        part["joined"] = join[mask].to_numpy()
        rows.append(part)
    f = pd.concat(rows, ignore_index=True)
    h, e = pd.to_datetime(f["hire_date"]), pd.to_datetime(f["exit_date"])
    p = pd.to_datetime(f["promotion_date"]) if "promotion_date" in f else pd.Series(pd.NaT, index=f.index)
    idx = f["index_date"]
    f["tenure_years"] = ((idx - h).dt.days / DAYS_PER_YEAR).clip(lower=0, upper=TENURE_CAP)
    f["followup_years"] = (snap - idx).dt.days / DAYS_PER_YEAR
    f["left"] = (e.notna() & (e > idx) & (e <= snap)).astype(int)
    f["promoted"] = (p.notna() & (p > idx) & (p <= snap)).astype(int)
    end = e.where(f["left"] == 1, snap)
    f["days_observed"] = (end - idx).dt.days.clip(lower=0)
    pend = p.where(f["promoted"] == 1, end)
    f["days_to_promotion"] = (pend - idx).dt.days.clip(lower=0)
    f["entry"] = h.where(h > start, start)
    if restrict and f["treated"].any():
        t = f[f["treated"] == 1]
        keep = f["treated"] == 1
        ctrl = f["treated"] == 0
        if "level" in f and t["level"].notna().any():
            stages = set(career_stage(t["level"].astype(float)))
            ctrl &= career_stage(f["level"].astype(float)).isin(stages)
        lo, hi = t["tenure_years"].min(), t["tenure_years"].max()
        ctrl &= f["tenure_years"].between(lo, hi)
        f = f[keep | ctrl].reset_index(drop=True)
    return f


def _describe(f: pd.DataFrame, population: str) -> str:
    t, c = f[f["treated"] == 1], f[f["treated"] == 0]
    if t.empty:
        return (f"No comparison group yet: no {population} have joined by the snapshot, so there is "
                "no joining date to compare from.")
    d0, d1 = t["index_date"].min(), t["index_date"].max()
    when = f"on {d0:%d %b %Y}" if d0 == d1 else f"between {d0:%b %Y} and {d1:%b %Y}"
    stages = ""
    if "level" in t and t["level"].notna().any():
        stages = " at the same career stages (" + ", ".join(
            sorted(set(career_stage(t["level"].astype(float))))) + "),"
    lo, hi = t["tenure_years"].min(), t["tenure_years"].max()
    later = int(c["joined"].notna().sum()) if "joined" in c else 0
    also = (f" Some of the {population} joined after the date drawn for them: they count among the "
            "others from that date and among the "
            f"{population} from the day they joined." if later else "")
    return (f"Comparable non-participants: {len(c):,} employees who had not joined the program on a "
            f"date drawn from the joining dates of the {population} ({when}), were employed then{stages} "
            f"with {lo:.1f} to {hi:.1f} years of tenure like the {population}; everyone is followed "
            f"from that date (the {population} from joining) to leaving or the snapshot.{also}")


def comparison_group(program, population: str = "mentees", seed: int = SEED) -> ComparisonGroup:
    """The comparison group of ``population`` in ``program`` on its snapshot date (for an
    earlier date pass ``program.as_of(date)``). Cached on the program: every page gets the same."""
    key = (population, seed, pd.Timestamp(program.config.snapshot_date), id(program.workforce),
           id(program.people), id(program.relationships), len(program.people))
    cache = program.__dict__.setdefault("_comparison_groups", {})
    if key in cache:
        return cache[key]
    ids = population_ids(program, population)
    snap = pd.Timestamp(program.config.snapshot_date)
    start = pd.Timestamp(program.config.start_date)
    joined = join_dates(program, ids)
    notes = []
    late = joined > snap
    if late.any():
        notes.append(f"{int(late.sum())} of the {population} joined after the snapshot and are "
                     "not evaluated yet.")
    others = set(program.people["person_id"]) - set(ids)
    frame = landmark_design(program.workforce, joined[~late], start=start, snapshot=snap,
                            exclude=others, seed=seed)
    gone = len(ids) - int(late.sum()) - int((frame["treated"] == 1).sum())
    if gone > 0:
        notes.append(f"Some of the {population} were not employed on their joining date in the HR "
                     "data (left before, or hired after) and are left out.")
    group = ComparisonGroup(population, frame, _describe(frame, population), start, snap, tuple(notes))
    cache[key] = group
    return group
