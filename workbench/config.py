"""Typed model of a program's ``program.yaml``: charter, KPIs, format, matching and table sources.

The model is validated at construction (pydantic, unknown keys refused so a typo is caught);
reading and writing YAML lives in :mod:`workbench.config_yaml`, apart from the model.

Example
-------
>>> cfg = ProgramConfig.model_validate({
...     "client": "Acme", "program": "Onboarding pilot", "purposes": ["onboarding"],
...     "format": "one_to_one", "start_date": "2025-01-06", "snapshot_date": "2026-06-30",
...     "tables": {"workforce": {"file": "hr.csv"}, "people": {"file": "people.csv"}},
... })
>>> cfg.cadence_days
30
"""
from __future__ import annotations

import datetime as dt
from enum import Enum
from pathlib import Path
from typing import Literal, Optional

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from .metrics import METRIC_NAMES


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=False, use_enum_values=True)


class Purpose(str, Enum):
    retention = "retention"
    onboarding = "onboarding"
    leadership = "leadership"
    high_potential = "high_potential"
    diversity_inclusion = "diversity_inclusion"
    upskilling = "upskilling"
    reverse_mentoring = "reverse_mentoring"
    knowledge_transfer = "knowledge_transfer"
    engagement = "engagement"


class Format(str, Enum):
    one_to_one = "one_to_one"
    group = "group"          # one mentor, several mentees (mentor capacity)
    peer = "peer"            # people pair up among themselves
    reverse = "reverse"      # junior mentors senior on a skill juniors hold
    circles = "circles"      # small groups of peers with a facilitator


# KPI metrics the workbench knows how to measure: built from the registry
# (workbench/metrics.py), where each metric's definition, scale and direction live.
Metric = Enum("Metric", {name: name for name in METRIC_NAMES}, type=str)
Metric.__doc__ = "KPI metrics (see workbench.metrics and docs/program.md)."


class Population(str, Enum):
    mentees = "mentees"
    mentors = "mentors"
    participants = "participants"


CADENCES = {"weekly": 7, "biweekly": 14, "fortnightly": 14, "monthly": 30, "quarterly": 91}

TABLES = ("workforce", "people", "relationships", "checkins", "surveys")


class KPI(_Strict):
    """A measurable goal: metric, population, baseline, target, due date."""
    name: str
    metric: Metric
    population: Population = Field(Population.mentees, validate_default=True)  # stored as 'mentees'
    horizon_months: int = Field(12, ge=1, le=60)
    baseline: Optional[float] = None   # None: measured from the HR snapshot where possible
    target: float
    due: dt.date
    compare_to_non_participants: bool = False
    source: Optional[str] = None
    definition: Optional[str] = None


class Charter(_Strict):
    """The strategy answers a consultant collects before designing a program."""
    long_term_goals: str = ""
    challenges: list[str] = []
    ideal_mentor: str = ""
    ideal_mentee: str = ""
    prior_experience: str = ""
    expected_outcomes: list[str] = []
    sponsor: str = ""
    program_manager: str = ""


CriterionKind = Literal["same", "different", "overlap", "level_gap", "timezone", "preference"]


class Criterion(_Strict):
    """One matching criterion scored in [0, 1] and weighted.

    - ``same`` / ``different``: 1 when mentee and mentor have the same (different) ``field``
      (a workforce or people column such as department, location, languages).
    - ``overlap``: share of what the mentee ``wants`` that the mentor ``offers``.
    - ``level_gap``: 1 when mentor level minus mentee level is within [min_gap, max_gap],
      falling off linearly outside.
    - ``timezone``: 1 at zero hours apart, 0 at ``max_hours`` or more.
    - ``preference``: 1 when the mentee named the mentor among their preferences.
    """
    kind: CriterionKind
    name: Optional[str] = None
    field: Optional[str] = None
    weight: float = Field(1.0, ge=0)
    min_gap: int = 1
    max_gap: int = 3
    max_hours: float = Field(6.0, gt=0)

    @model_validator(mode="after")
    def _check(self) -> "Criterion":
        if self.kind in ("same", "different") and not self.field:
            raise ValueError(f"a '{self.kind}' criterion needs a 'field' (e.g. department)")
        if self.min_gap > self.max_gap:
            raise ValueError("min_gap must not exceed max_gap")
        if self.name is None:
            self.name = self.field if self.kind in ("same", "different") else self.kind
        return self


class Rules(_Strict):
    """Hard rules: pairs that may never be made."""
    no_reporting_line: bool = True       # mentor is the mentee's manager or manager's manager
    no_shared_manager: bool = False      # mentor and mentee report to the same manager
    no_same_department: bool = False
    max_timezone_gap: Optional[float] = Field(None, ge=0)
    min_level_gap: Optional[int] = None
    no_repeat_pairs: bool = True         # never repeat a pair from an earlier round


class MatchingConfig(_Strict):
    objective: Literal["total", "fair"] = "total"
    min_score: Optional[float] = None
    keep_healthy: bool = True            # rematch keeps pairs marked healthy
    criteria: list[Criterion] = []
    rules: Rules = Rules()

    @property
    def weights(self) -> dict[str, float]:
        return {c.name: c.weight for c in self.criteria}


class TableSource(_Strict):
    """Where a table comes from and how the client's columns and labels map to ours."""
    file: str
    sheet: Optional[str] = None
    columns: dict[str, str] = {}           # client column name -> workbench column name
    values: dict[str, dict[str, str]] = {}  # workbench column -> {client label: workbench label}
    date_order: Literal["auto", "dayfirst", "monthfirst"] = "auto"
    list_separator: str = ";"


class EvaluationConfig(_Strict):
    """How the program's effect on outcomes is evaluated (notebook 04, the scorecard)."""
    # workforce columns to adjust for: canonical ones or a client column mapped with
    # tables.workforce.extra_columns; adjust only for what was measured before joining
    adjust_for: list[str] = ["level", "performance", "tenure_years", "department"]
    trim_weights: float = Field(0.99, gt=0.5, le=1.0)   # propensity weights capped at this quantile
    seed: int = 20261123                                # index dates of the comparison group


class ProgramConfig(_Strict):
    """A program's charter and settings, as written in ``program.yaml``."""
    client: str
    program: str
    purposes: list[Purpose] = Field(min_length=1)
    charter: Charter = Charter()
    format: Format
    mentor_capacity: int = Field(1, ge=1)
    circle_size: int = Field(5, ge=3)
    cadence: str | int = "monthly"
    start_date: dt.date
    end_date: Optional[dt.date] = None
    snapshot_date: dt.date
    min_group_size: int = Field(5, ge=1)
    kpis: list[KPI] = []
    matching: MatchingConfig = MatchingConfig()
    evaluation: EvaluationConfig = EvaluationConfig()
    tables: dict[str, TableSource]

    @field_validator("cadence")
    @classmethod
    def _cadence(cls, v):
        if isinstance(v, int):
            if v < 1:
                raise ValueError("cadence in days must be at least 1")
            return v
        if v not in CADENCES:
            raise ValueError(f"unknown cadence {v!r}; use one of {', '.join(CADENCES)} or a number of days")
        return v

    @field_validator("tables")
    @classmethod
    def _tables(cls, v):
        unknown = sorted(set(v) - set(TABLES))
        if unknown:
            raise ValueError(f"unknown table {unknown[0]!r}; tables are {', '.join(TABLES)}")
        missing = [t for t in ("workforce", "people") if t not in v]
        if missing:
            raise ValueError(f"table {missing[0]!r} is required")
        return v

    @property
    def cadence_days(self) -> int:
        return self.cadence if isinstance(self.cadence, int) else CADENCES[self.cadence]

    @classmethod
    def from_yaml(cls, path: str | Path) -> "ProgramConfig":
        """Read and validate ``program.yaml``; raises :class:`workbench.problems.InputError`."""
        from .config_yaml import read_config
        return read_config(path)
