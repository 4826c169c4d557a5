"""The workbench's canonical tables: their columns, types and the rules each value must follow.

A client's export is mapped onto these names by the ``tables`` section of ``program.yaml``
(see docs/program.md); :mod:`workbench.io` reads, maps and validates against this schema.

Kinds: ``id`` (text identifier), ``text``, ``category`` (one of ``choices`` if given),
``int``, ``float``, ``date``, ``bool`` (yes/no, true/false, 1/0), ``list`` (items separated by
the table's ``list_separator``, ``;`` by default).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional


@dataclass(frozen=True)
class Column:
    name: str
    kind: str
    required: bool = False          # the column must be present
    nullable: bool = True           # cells may be empty
    unique: bool = False
    choices: tuple[str, ...] = ()
    min: Optional[float] = None
    max: Optional[float] = None
    references: Optional[str] = None  # "table.column" the value must exist in
    help: str = ""


@dataclass(frozen=True)
class Table:
    name: str
    columns: tuple[Column, ...]
    required: bool = False          # the program must supply it
    needs_rows: bool = False        # a header with no rows is an error
    help: str = ""
    extra: dict = field(default_factory=dict)
    label: str = ""                 # what a client calls it, on client pages ("check-in records")

    def column(self, name: str) -> Column:
        return next(c for c in self.columns if c.name == name)


WORKFORCE = Table("workforce", label="HR records", columns=(
    Column("employee_id", "id", required=True, nullable=False, unique=True, help="employee number"),
    Column("department", "category", required=True, nullable=False),
    Column("level", "int", required=True, nullable=False, min=1, max=12,
           help="career level, 1 = entry; career stage is derived: 1-2 early, 3-4 mid, 5+ senior"),
    Column("hire_date", "date", required=True, nullable=False),
    Column("location", "category"),
    Column("timezone", "float", min=-12, max=14, help="UTC offset in hours, e.g. 5.5"),
    Column("manager_id", "id", references="workforce.employee_id"),
    Column("performance", "float", min=1, max=5, help="latest performance rating, 1-5"),
    Column("gender", "category"),
    Column("skills", "list"),
    Column("exit_date", "date", help="empty while employed"),
    Column("promotion_date", "date", help="date of the latest promotion, empty if none in the window"),
), required=True, needs_rows=True, help="HR snapshot of the whole workforce, participants and not")

PEOPLE = Table("people", label="participant list", columns=(
    Column("person_id", "id", required=True, nullable=False, unique=True,
           references="workforce.employee_id"),
    Column("role", "category", required=True, nullable=False, choices=("mentee", "mentor", "peer")),
    Column("joined", "date", help="date the person signed up"),
    Column("wants", "list", help="skills or topics a mentee wants to learn"),
    Column("offers", "list", help="skills or topics a mentor offers"),
    Column("capacity", "int", min=0, max=50, help="mentees a mentor can take; empty = program default"),
    Column("languages", "list"),
    Column("track", "category"),
    Column("preferences", "list", help="person ids the participant would like to be matched with"),
), required=True, needs_rows=True, help="program participants and what they bring or seek")

RELATIONSHIPS = Table("relationships", label="pair records", columns=(
    Column("relationship_id", "id", required=True, nullable=False, unique=True),
    Column("mentee_id", "id", required=True, nullable=False, references="people.person_id"),
    Column("mentor_id", "id", required=True, nullable=False, references="people.person_id"),
    Column("start_date", "date", required=True, nullable=False),
    Column("end_date", "date"),
    Column("status", "category", required=True, nullable=False,
           choices=("active", "completed", "ended_early")),
    Column("round", "int", min=1),
    Column("healthy", "bool", help="the program manager judges the pair healthy (kept on rematch)"),
    Column("match_score", "float", help="score of the pair when it was matched"),
), help="mentoring pairs, one row per mentee and mentor (for peers: the two people)")

CHECKINS = Table("checkins", label="check-in records", columns=(
    Column("relationship_id", "id", required=True, nullable=False,
           references="relationships.relationship_id"),
    Column("date", "date", required=True, nullable=False),
    Column("minutes", "int", min=0, max=600),
), help="one row per meeting a pair logged")

SURVEYS = Table("surveys", label="survey answers", columns=(
    Column("person_id", "id", required=True, nullable=False, references="people.person_id"),
    Column("relationship_id", "id", references="relationships.relationship_id"),
    Column("date", "date", required=True, nullable=False),
    Column("satisfaction", "int", min=1, max=5),
    Column("goal_progress", "float", min=0, max=100, help="percent of the mentee's goals reached"),
), help="check-in survey answers")

PREFERENCES = Table("preferences", label="ranked preferences", columns=(
    Column("person_id", "id", required=True, nullable=False, references="people.person_id",
           help="the participant who ranks (a mentee ranking mentors, or a mentor ranking mentees)"),
    Column("partner_id", "id", required=True, nullable=False, references="people.person_id",
           help="the partner they rank"),
    Column("rank", "int", required=True, nullable=False, min=1, max=1000, help="1 = their first choice"),
), help="ranked partner choices for matching.mode: hybrid, one row per choice, either side")

TABLES: dict[str, Table] = {t.name: t for t in (WORKFORCE, PEOPLE, RELATIONSHIPS, CHECKINS, SURVEYS, PREFERENCES)}


def table_label(name: str) -> str:
    """A table's name in the client's words (``checkins`` -> ``check-in records``); a name
    that is not one of ours comes back unchanged."""
    table = TABLES.get(name)
    return table.label if table is not None and table.label else name


def career_stage(level):
    """Career stage from level: 1-2 early, 3-4 mid, 5+ senior (works on scalars and Series)."""
    import pandas as pd
    bins = [0, 2, 4, 99]
    labels = ["early", "mid", "senior"]
    if isinstance(level, pd.Series):
        return pd.cut(level, bins=bins, labels=labels).astype(str)
    return labels[0] if level <= 2 else labels[1] if level <= 4 else labels[2]
