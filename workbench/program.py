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

    def table(self, name: str) -> pd.DataFrame:
        return getattr(self, name)

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
