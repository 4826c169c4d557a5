"""Typed model of a program's ``program.yaml``: charter, KPIs, format, matching and table sources.

The model is validated at construction (pydantic, unknown keys refused so a typo is caught);
reading and writing YAML lives in :mod:`workbench.config_yaml`, apart from the model
(``config_yaml`` imports this module, never the other way: read with
:func:`workbench.config_yaml.read_config`).

Example
-------
>>> cfg = ProgramConfig.model_validate({
...     "client": "Acme", "program": "Onboarding pilot", "purposes": ["onboarding"],
...     "format": "one_to_one", "start_date": "2025-01-06", "snapshot_date": "2026-06-30",
...     "tables": {"workforce": {"file": "hr.csv"}, "people": {"file": "people.csv"}},
... })
>>> cfg.cadence_days
30

Why one module (about 420 lines): it is the schema of one file. Every model nests in
:class:`ProgramConfig` and the run-time rebuilds (``registered_metric``, ``registered_rule``)
must reach all models holding a rebuilt enum or rules model at once; split by section, each
rebuild would import back up into the module holding ``ProgramConfig``.
"""
from __future__ import annotations

import datetime as dt
from contextlib import contextmanager
from enum import Enum
from typing import Literal, Optional

from pydantic import BaseModel, ConfigDict, Field, create_model, field_validator, model_validator

from .scoring.criteria import CRITERIA
from .scoring.formats import FORMATS
from .scoring.rules import RULES

from .metrics import METRIC_NAMES, METRICS


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


# Program formats: one per entry of workbench.scoring.formats.FORMATS (docs there).
Format = Enum("Format", {k: k for k in FORMATS}, type=str)


# KPI metrics the workbench knows how to measure: built from the registry
# (workbench/metrics.py), where each metric's definition, scale and direction live.
Metric = Enum("Metric", {name: name for name in METRIC_NAMES}, type=str)
Metric.__doc__ = "KPI metrics (see workbench.metrics and docs/program.md)."


class Population(str, Enum):
    mentees = "mentees"
    mentors = "mentors"
    participants = "participants"


CADENCES = {"weekly": 7, "biweekly": 14, "fortnightly": 14, "monthly": 30, "quarterly": 91}

TABLES = ("workforce", "people", "relationships", "checkins", "surveys", "preferences")


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


class Essential(_Strict):
    """One readiness essential (keys in :data:`workbench.essentials.ESSENTIALS`)."""
    status: Literal["yes", "partly", "no", "unknown"] = "unknown"
    note: str = ""


class NextLevel(_Strict):
    """What "the next level" means for this program: how many participants, in what format, by when."""
    participants: int = Field(ge=1)
    format: Optional[Format] = None
    date: Optional[dt.date] = None


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
    essentials: dict[str, Essential] = {}
    next_level: Optional[NextLevel] = None

    @field_validator("essentials", mode="before")
    @classmethod
    def _essentials(cls, v):
        from .essentials import BY_KEY
        if not isinstance(v, dict):
            return v
        unknown = sorted(set(v) - set(BY_KEY))
        if unknown:
            raise ValueError(f"unknown essential {unknown[0]!r}; essentials are {', '.join(BY_KEY)}")
        # the short form `training: partly` (YAML reads yes/no as booleans)
        return {k: ({"status": {True: "yes", False: "no"}.get(x, x)} if isinstance(x, (str, bool)) else x)
                for k, x in v.items()}


class Criterion(_Strict):
    """One matching criterion scored in [0, 1] and weighted. ``kind`` is a key of
    :data:`workbench.scoring.criteria.CRITERIA` (its meaning and parameters are there)."""
    kind: str
    name: Optional[str] = None
    field: Optional[str] = None
    weight: float = Field(1.0, ge=0)
    min_gap: int = 1
    max_gap: int = 3
    max_hours: float = Field(6.0, gt=0)

    @field_validator("kind")
    @classmethod
    def _kind(cls, v):
        if v not in CRITERIA:
            raise ValueError(f"{v!r} is not a known criterion kind; use one of: {', '.join(CRITERIA)}")
        return v

    @model_validator(mode="after")
    def _check(self) -> "Criterion":
        kind = CRITERIA[self.kind]
        for key in kind.needs:
            if not getattr(self, key):
                raise ValueError(f"a '{self.kind}' criterion needs a '{key}' (e.g. department)")
        if self.min_gap > self.max_gap:
            raise ValueError("min_gap must not exceed max_gap")
        if self.name is None:
            self.name = self.field if kind.named_by == "field" else self.kind
        return self


def _rule_field(rule):
    if rule.kind == "switch":
        return (bool, rule.default)
    return (Optional[rule.type], Field(rule.default, ge=rule.minimum) if rule.minimum is not None else rule.default)


def _rules_model():
    """Hard rules: pairs that may never be made; one key per entry of
    :data:`workbench.scoring.rules.RULES` (its text, default and mask are there)."""
    return create_model("Rules", __base__=_Strict, __doc__=_rules_model.__doc__, __module__=__name__,
                        **{r.key: _rule_field(r) for r in RULES})


Rules = _rules_model()


MODES = ("assigned", "self_directed", "hybrid")


class MatchingConfig(_Strict):
    # assigned: the program team assigns the optimum; self_directed: mentees pick from shortlists;
    # hybrid: participants rank partners (tables.preferences) and the matching is stable
    mode: Literal["assigned", "self_directed", "hybrid"] = "assigned"
    shortlist_size: int = Field(3, ge=1, le=20)      # self_directed: mentors per mentee's shortlist
    # hybrid: the stable matching the mentees or the mentors prefer, or the highest-scoring one
    proposing: Literal["mentees", "mentors", "highest_score"] = "mentees"
    objective: Literal["total", "fair"] = "total"
    min_score: Optional[float] = None
    keep_healthy: bool = True            # rematch keeps pairs marked healthy
    capacity_override: Optional[int] = Field(None, ge=1)  # every mentor's capacity, whatever their own
    criteria: list[Criterion] = []
    rules: Rules = Rules()

    @model_validator(mode="after")
    def _some_weight(self) -> "MatchingConfig":
        if self.criteria and not any(c.weight > 0 for c in self.criteria):
            raise ValueError("every matching criterion has weight 0, so every pair would score 0 and "
                             "the matching would be arbitrary; give at least one criterion a weight "
                             "above 0 under matching.criteria")
        return self

    @property
    def weights(self) -> dict[str, float]:
        return {c.name: c.weight for c in self.criteria}


@contextmanager
def registered_rule(new):
    """Add the :class:`workbench.scoring.rules.Rule` ``new`` to :data:`RULES` for the duration (a
    test, a trial) and rebuild :class:`Rules` so ``matching.rules`` accepts its key; both are
    restored afterwards. A permanent rule is an entry of the registry instead. (Here, not in the
    rules module: the registry sits below the config and never imports it.)"""
    RULES.append(new)
    try:
        rebuild_rules()
        yield new
    finally:
        RULES.remove(new)
        rebuild_rules()


@contextmanager
def registered_metric(spec):
    """Add ``spec`` to :data:`METRICS` for the duration (a test, a trial) and rebuild the config's
    ``Metric`` so ``kpis[].metric`` accepts its name; both are restored afterwards. A permanent
    metric is an entry of ``workbench.metrics.METRICS`` instead. (Here, not in the metrics module:
    the registry sits below the config and never imports it.)

    >>> from workbench.metrics import MetricSpec, Measurement
    >>> spec = MetricSpec("trial", "a trial", "people", "0–1", 0, 1, True, "how", "none", None,
    ...                   lambda program, kpi: Measurement(None, note="trial"))
    >>> with registered_metric(spec):
    ...     from workbench import config
    ...     config.KPI(name="t", metric="trial", target=0.5, due="2026-01-01").metric
    'trial'
    >>> from workbench.metrics import METRICS
    >>> "trial" in METRICS
    False
    """
    from . import metrics
    if spec.name in METRICS:
        raise ValueError(f"metric {spec.name!r} is already registered")
    METRICS[spec.name] = spec
    try:
        metrics.METRIC_NAMES = tuple(METRICS)
        rebuild_metrics()
        yield spec
    finally:
        METRICS.pop(spec.name, None)
        metrics.METRIC_NAMES = tuple(METRICS)
        rebuild_metrics()


def rebuild_metrics() -> None:
    """Rebuild :class:`Metric` and the models holding it from the metric registry (see
    :func:`registered_metric`)."""
    from pydantic.fields import FieldInfo

    global Metric
    doc = Metric.__doc__
    Metric = Enum("Metric", {name: name for name in METRICS}, type=str)
    Metric.__doc__ = doc
    KPI.model_fields["metric"] = FieldInfo(annotation=Metric)
    KPI.model_rebuild(force=True)
    ProgramConfig.model_rebuild(force=True)


def rebuild_rules() -> None:
    """Rebuild :class:`Rules` (and the models holding it) from the rules registry, after an entry
    was added at run time (see :func:`registered_rule`)."""
    global Rules
    from pydantic.fields import FieldInfo
    Rules = _rules_model()
    MatchingConfig.model_fields["rules"] = FieldInfo(annotation=Rules, default=Rules())
    MatchingConfig.model_rebuild(force=True)
    ProgramConfig.model_rebuild(force=True)


def _label(v):
    """A label in a ``values`` map as text: numbers as written (1, 2.5), yes/no as yes/no."""
    if isinstance(v, bool):
        return "yes" if v else "no"
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return v if isinstance(v, str) else str(v) if isinstance(v, (int, float)) else v


def _labels(v):
    if isinstance(v, dict):
        return {col: ({_label(k): _label(x) for k, x in m.items()} if isinstance(m, dict) else m)
                for col, m in v.items()}
    return v


ColumnKind = Literal["id", "text", "category", "int", "float", "date", "bool"]


class ExtraColumn(_Strict):
    """A client column kept under a workbench name of the analyst's choosing (kind inferred if
    not given: numbers, yes/no, dates, else a category)."""
    name: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    kind: Optional[ColumnKind] = None


class TableSource(_Strict):
    """Where a table comes from and how the client's columns and labels map to ours."""
    file: str
    sheet: Optional[str] = None
    header_row: Optional[int] = Field(None, ge=1)   # None: found (title rows above it skipped)
    columns: dict[str, str] = {}           # client column name -> workbench column name
    extra_columns: dict[str, ExtraColumn] = {}  # client column -> {name, kind} (or just the name)
    values: dict[str, dict[str, str]] = {}  # workbench column -> {client label: workbench label}
    missing_values: Optional[list[str]] = None  # cell texts read as empty; None: the defaults
    date_order: Literal["auto", "dayfirst", "monthfirst"] = "auto"
    list_separator: str = ";"

    @field_validator("values", mode="before")
    @classmethod
    def _values_as_text(cls, v):
        return _labels(v)

    @field_validator("extra_columns", mode="before")
    @classmethod
    def _extra_names(cls, v):
        if isinstance(v, dict):
            return {str(k): ({"name": x} if isinstance(x, str) else x) for k, x in v.items()}
        return v

    @field_validator("missing_values", mode="before")
    @classmethod
    def _missing_as_text(cls, v):
        return [_label(x) if x is not None else "" for x in v] if isinstance(v, list) else v


class ReportLook(_Strict):
    """How the client's report looks: the name on the cover, an optional logo, an accent colour,
    the paper size the PDF is printed on."""
    display_name: Optional[str] = None     # default: the client's name
    logo: Optional[str] = None             # an image file inside the program folder (PNG, JPEG, SVG)
    accent: str = "#2F5D8A"
    paper: str = "A4"                      # "A4" or "Letter" (report.pdf's page size)

    @field_validator("paper")
    @classmethod
    def _paper(cls, v):
        sizes = {"a4": "A4", "letter": "Letter"}
        if str(v).strip().lower() not in sizes:
            raise ValueError(f"paper {v!r} is not a paper size; write A4 or Letter")
        return sizes[str(v).strip().lower()]

    @field_validator("accent")
    @classmethod
    def _accent(cls, v):
        import re
        if not re.fullmatch(r"#[0-9a-fA-F]{6}", v):
            raise ValueError(f"accent {v!r} is not a colour; write it as #RRGGBB, e.g. #2F5D8A")
        return v

    @field_validator("logo")
    @classmethod
    def _logo(cls, v):
        if v is not None and not v.lower().endswith((".png", ".jpg", ".jpeg", ".svg")):
            raise ValueError(f"logo {v!r} is not a PNG, JPEG or SVG file")
        return v


class EvaluationConfig(_Strict):
    """How the program's effect on outcomes is evaluated (notebook 04, the scorecard)."""
    # workforce columns to adjust for: canonical ones or a client column mapped with
    # tables.workforce.extra_columns; adjust only for what was measured before joining
    adjust_for: list[str] = ["level", "performance", "tenure_years", "department"]
    trim_weights: float = Field(0.99, gt=0.5, le=1.0)   # propensity weights capped at this quantile
    seed: int = 20261123                                # index dates of the comparison group


class RoiConfig(_Strict):
    """The program's return in money (page 4, the summary, ``exports/roi.csv``): what the program
    cost over the period and what one leaver costs, as an amount or a share of the mean salary of
    the participants (``salary_column``: a workforce column, canonical or mapped with
    ``tables.workforce.extra_columns``)."""
    currency: str = Field(min_length=1, max_length=12)
    program_cost: float = Field(ge=0)                       # the total for the period
    cost_per_leaver: Optional[float] = Field(None, gt=0)    # an amount
    cost_per_leaver_salary_share: Optional[float] = Field(None, gt=0, le=10)   # 0.5: half a salary
    salary_column: str = "salary"

    @model_validator(mode="after")
    def _one_cost(self) -> "RoiConfig":
        if (self.cost_per_leaver is None) == (self.cost_per_leaver_salary_share is None):
            raise ValueError("give either cost_per_leaver (an amount) or cost_per_leaver_salary_share "
                             "(a share of a salary, e.g. 0.5), not both and not neither")
        return self


class TimeLimits(_Strict):
    """How long a batch lets this program run before stopping it (seconds); unset: the batch's
    ``--notebook-timeout`` / ``--program-timeout``, else 20 minutes a notebook, an hour in all."""
    notebook_seconds: Optional[int] = Field(None, ge=1)
    program_seconds: Optional[int] = Field(None, ge=1)


class ProgramConfig(_Strict):
    """A program's charter and settings, as written in ``program.yaml``."""
    client: str
    program: str
    purposes: list[Purpose] = Field(min_length=1)
    charter: Charter = Charter()
    format: str
    mentor_capacity: int = Field(1, ge=1)
    circle_size: int = Field(5, ge=3)
    cadence: str | int = "monthly"
    start_date: dt.date
    end_date: Optional[dt.date] = None
    snapshot_date: dt.date
    min_group_size: int = Field(5, ge=1)
    kpis: list[KPI] = []
    matching: MatchingConfig = MatchingConfig()
    report: ReportLook = ReportLook()
    previous: Optional[str] = None         # the earlier round: a sibling program folder, ../<slug>
    evaluation: EvaluationConfig = EvaluationConfig()
    roi: Optional[RoiConfig] = None        # the return in money; absent: not computed
    time_limits: TimeLimits = TimeLimits()
    tables: dict[str, TableSource]

    @field_validator("format")
    @classmethod
    def _format(cls, v):
        v = str(getattr(v, "value", v))
        if v not in FORMATS:
            raise ValueError(f"{v!r} is not a known format; use one of: {', '.join(FORMATS)}")
        return v

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

