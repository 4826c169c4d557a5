"""A validated program: its configuration and its tables in the workbench's own column names.

Tables follow :mod:`workbench.schema`; dtypes: ``id``/``text``/``category`` as ``str`` (missing:
NaN), ``int`` as pandas ``Int64``, ``float`` as ``float64``, ``date`` as ``datetime64[ns]``,
``bool`` as pandas ``boolean``, ``list`` as tuples of str (empty tuple when missing). A table the
program does not supply is an empty frame with the canonical columns.

Example
-------
>>> from workbench.io import load_program                    # doctest: +SKIP
>>> prog = load_program("data/programs/onboarding-pilot")   # doctest: +SKIP
>>> prog.mentees.shape                                      # doctest: +SKIP
(25, 9)
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Optional

import pandas as pd

from .config import ProgramConfig


@dataclass
class Program:
    slug: str
    path: Path
    config: ProgramConfig
    workforce: pd.DataFrame
    people: pd.DataFrame
    relationships: pd.DataFrame
    checkins: pd.DataFrame
    surveys: pd.DataFrame
    preferences: Optional[pd.DataFrame] = None   # ranked choices (matching.mode: hybrid); optional

    def table(self, name: str) -> pd.DataFrame:
        return getattr(self, name)

    def has(self, name: str) -> bool:
        """The program supplies table ``name`` and it has rows (an unmatched program has no
        relationships, check-ins or surveys yet)."""
        return name in self.config.tables and len(self.table(name)) > 0

    @property
    def mentees(self) -> pd.DataFrame:
        """Participants who seek mentoring (peers count on both sides)."""
        return self.people[self.people["role"].isin(["mentee", "peer"])]

    @property
    def mentors(self) -> pd.DataFrame:
        return self.people[self.people["role"].isin(["mentor", "peer"])]

    def profiles(self) -> pd.DataFrame:
        """Participants joined with their workforce record, indexed by person_id."""
        wf = self.workforce.set_index("employee_id")
        return self.people.join(wf, on="person_id").set_index("person_id", drop=False)

    def as_of(self, date) -> "Program":
        """The program as its data stood on ``date``: what happened later is not known yet.

        Used to measure a KPI at earlier dates (its trend). The snapshot date becomes ``date``;
        exits and promotions after it are blanked; people who joined, relationships that
        started, check-ins and surveys after it are dropped; a relationship that ended after it
        is still active. ``date`` after the snapshot raises ``ValueError``.

        >>> from workbench.io import load_program                                # doctest: +SKIP
        >>> load_program("data/programs/onboarding-pilot").as_of("2026-01-31")   # doctest: +SKIP
        """
        when = pd.Timestamp(date).normalize()
        snap = pd.Timestamp(self.config.snapshot_date)
        if when > snap:
            raise ValueError(f"as_of: {when:%Y-%m-%d} is after the snapshot date {snap:%Y-%m-%d}; "
                             "the data says nothing about later dates")
        wf = self.workforce.copy()
        for col in ("exit_date", "promotion_date"):
            if col in wf:
                wf.loc[wf[col] > when, col] = pd.NaT
        people = self.people
        if "joined" in people:
            people = people[~(people["joined"] > when)]
        rel = self.relationships
        rel = rel[~(rel["start_date"] > when)].copy()
        later_end = rel["end_date"] > when
        rel.loc[later_end, "status"] = "active"
        rel.loc[later_end, "end_date"] = pd.NaT
        ids = set(rel["relationship_id"])
        chk = self.checkins[(self.checkins["date"] <= when) & self.checkins["relationship_id"].isin(ids)]
        srv = self.surveys[self.surveys["date"] <= when]
        srv = srv[srv["relationship_id"].isna() | srv["relationship_id"].isin(ids)]
        config = self.config.model_copy(update={"snapshot_date": when.date()})
        return Program(self.slug, self.path, config, wf, people.copy(), rel, chk.copy(), srv.copy(),
                       None if self.preferences is None else self.preferences.copy())
