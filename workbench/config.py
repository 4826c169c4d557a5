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

Registry names (``format``, ``kpis[].metric``, ``matching.criteria[].kind``, the keys of
``matching.rules``) are plain strings checked against the *live* registry each time a config is
validated (:data:`workbench.scoring.formats.FORMATS`, :data:`workbench.metrics.METRICS`,
:data:`workbench.scoring.criteria.CRITERIA`, :data:`workbench.scoring.rules.RULES`): no model
or enum is built from a registry, so an entry registered at run time is accepted at once and a
removed one is refused, with the closest name suggested.

Why one module (about 420 lines): it is the schema of one file; every model nests in
:class:`ProgramConfig`.
"""
from __future__ import annotations

import datetime as dt
import difflib
import re
from enum import Enum
from typing import Annotated, Literal, Optional

from pydantic import (BaseModel, ConfigDict, Field, TypeAdapter, ValidationError, field_validator, model_serializer,
                      model_validator)
from pydantic_core import InitErrorDetails

from .essentials import BY_KEY as ESSENTIALS_BY_KEY
from .metrics import METRICS
from .scoring.criteria import CRITERIA
from .scoring.formats import FORMATS
from .scoring.rules import RULES


def suggest(word: str, choices, cutoff: float = 0.6) -> Optional[str]:
    """The closest of ``choices`` to ``word`` (case-insensitive), or None."""
    choices = [str(c) for c in choices]
    if not choices or word is None:
        return None
    lower = {c.lower(): c for c in choices}
    hit = difflib.get_close_matches(str(word).lower(), list(lower), n=1, cutoff=cutoff)
    return lower[hit[0]] if hit else None


def known(value, registry, noun: str) -> str:
    """``value`` as a name of the live ``registry`` (a dict or list of names), else ``ValueError``
    ``'x' is not a known <noun> (did you mean 'y'?); use one of: ...`` (``file:row:column`` is
    added by :mod:`workbench.config_yaml`)."""
    value = str(getattr(value, "value", value))
    names = list(registry)
    if value in names:
        return value
    close = suggest(value, names)
    raise ValueError(f"{value!r} is not a known {noun}" + (f" (did you mean {close!r}?)" if close else "")
                     + f"; use one of: {', '.join(names)}")


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


# a purpose in the client's words, where its key is not already one ("diversity_inclusion")
PURPOSE_LABELS = {"high_potential": "high-potential talent", "diversity_inclusion": "diversity and inclusion",
                  "reverse_mentoring": "reverse mentoring", "knowledge_transfer": "knowledge transfer"}


def purpose_label(purpose) -> str:
    """A purpose key in words.

    >>> purpose_label("diversity_inclusion")
    'diversity and inclusion'
    """
    key = str(getattr(purpose, "value", purpose))
    return PURPOSE_LABELS.get(key, key.replace("_", " "))


class Population(str, Enum):
    mentees = "mentees"
    mentors = "mentors"
    participants = "participants"


CADENCES = {"weekly": 7, "biweekly": 14, "fortnightly": 14, "monthly": 30, "quarterly": 91}

TABLE_NAMES = ("workforce", "people", "relationships", "checkins", "surveys", "preferences")


class KPI(_Strict):
    """A measurable goal: metric (a key of :data:`workbench.metrics.METRICS`), population,
    baseline, target, due date."""
    name: str
    metric: str
    population: Population = Field(Population.mentees, validate_default=True)  # stored as 'mentees'
    horizon_months: int = Field(12, ge=1, le=60)
    baseline: Optional[float] = None   # None: measured from the HR snapshot where possible
    target: float
    due: dt.date
    compare_to_non_participants: bool = False
    source: Optional[str] = None
    definition: Optional[str] = None

    @field_validator("metric", mode="before")
    @classmethod
    def _metric(cls, v):
        return known(v, METRICS, "metric")


class EssentialAnswer(_Strict):
    """One readiness essential's answer, its status and note (keys in :data:`workbench.essentials.ESSENTIALS`)."""
    status: Literal["yes", "partly", "no", "unknown"] = "unknown"
    note: str = ""


class NextLevel(_Strict):
    """What "the next level" means for this program: how many participants, in what format, by when."""
    participants: int = Field(ge=1)
    format: Optional[str] = None           # a key of workbench.scoring.formats.FORMATS
    date: Optional[dt.date] = None

    @field_validator("format", mode="before")
    @classmethod
    def _format(cls, v):
        return None if v is None else known(v, FORMATS, "format")


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
    essentials: dict[str, EssentialAnswer] = {}
    next_level: Optional[NextLevel] = None

    @field_validator("essentials", mode="before")
    @classmethod
    def _essentials(cls, v):
        if not isinstance(v, dict):
            return v
        unknown = sorted(set(v) - set(ESSENTIALS_BY_KEY))
        if unknown:
            raise ValueError(f"unknown essential {unknown[0]!r}; essentials are {', '.join(ESSENTIALS_BY_KEY)}")
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
        return known(v, CRITERIA, "criterion kind")

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


def _rule_type(rule):
    """The type a rule's value is validated as: yes/no for a switch, else an optional number."""
    if rule.kind == "switch":
        return bool
    if rule.minimum is not None:
        return Annotated[Optional[rule.type], Field(ge=rule.minimum)]
    return Optional[rule.type]


class Rules(BaseModel):
    """Hard rules: pairs that may never be made; one key per entry of the live registry
    :data:`workbench.scoring.rules.RULES` (its text, default and mask are there). Keys are
    checked against the registry when the config is validated (an unknown key is refused with
    the closest one suggested); a key not given takes the rule's default. Read a value as an
    attribute (``rules.no_reporting_line``) or all of them with ``model_dump()``."""
    model_config = ConfigDict(extra="allow")

    @classmethod
    def known_keys(cls) -> list[str]:
        """The keys allowed, from the live registry (the error messages list them)."""
        return [r.key for r in RULES]

    @model_validator(mode="wrap")
    @classmethod
    def _registry(cls, data, handler):
        if isinstance(data, BaseModel):
            data = data.model_dump()
        if not isinstance(data, dict):
            return handler(data)        # pydantic reports 'not a section of keys'
        by_key = {r.key: r for r in RULES}
        errors, values = [], {}
        for key, value in data.items():
            rule = by_key.get(key)
            if rule is None:
                errors.append(InitErrorDetails(type="extra_forbidden", loc=(key,), input=value))
                continue
            try:
                values[key] = TypeAdapter(_rule_type(rule)).validate_python(value)
            except ValidationError as exc:
                errors += [InitErrorDetails(type=e["type"], loc=(key, *e["loc"]), input=e["input"],
                                            **({"ctx": e["ctx"]} if "ctx" in e else {}))
                           for e in exc.errors(include_url=False)]
        if errors:
            raise ValidationError.from_exception_data(cls.__name__, errors)
        return handler({r.key: values.get(r.key, r.default) for r in RULES})

    @model_serializer(mode="wrap")
    def _dump(self, handler, info):
        out = handler(self)
        if info.exclude_defaults:       # write_config keeps program.yaml short
            defaults = {r.key: r.default for r in RULES}
            out = {k: v for k, v in out.items() if k not in defaults or v != defaults[k]}
        return out


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
    rules: Rules = Field(default_factory=Rules)

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
    # how the weighting weights participants and others (workbench.evaluation.estimators.WEIGHT_SCHEMES):
    # "overlap" (1 - e and e, bounded) or "stabilised" (capped at the trim_weights quantile)
    weights: Literal["overlap", "stabilised"] = "overlap"
    trim_weights: float = Field(0.99, gt=0.5, le=1.0)   # stabilised weights capped at this quantile
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
    matching: MatchingConfig = Field(default_factory=MatchingConfig)
    report: ReportLook = ReportLook()
    previous: Optional[str] = None         # the earlier round: a sibling program folder, ../<slug>
    evaluation: EvaluationConfig = EvaluationConfig()
    roi: Optional[RoiConfig] = None        # the return in money; absent: not computed
    time_limits: TimeLimits = TimeLimits()
    tables: dict[str, TableSource]

    @field_validator("format")
    @classmethod
    def _format(cls, v):
        return known(v, FORMATS, "format")

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
        unknown = sorted(set(v) - set(TABLE_NAMES))
        if unknown:
            raise ValueError(f"unknown table {unknown[0]!r}; tables are {', '.join(TABLE_NAMES)}")
        missing = [t for t in ("workforce", "people") if t not in v]
        if missing:
            raise ValueError(f"table {missing[0]!r} is required")
        return v

    @property
    def cadence_days(self) -> int:
        return self.cadence if isinstance(self.cadence, int) else CADENCES[self.cadence]

