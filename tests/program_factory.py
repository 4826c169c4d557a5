"""Hand-built programs small enough that the right answer is known (imported by tests)."""
from pathlib import Path

import pandas as pd

from workbench.config import ProgramConfig
from workbench.program import Program
from workbench.schema import TABLES

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "data" / "programs"


def _empty(name):
    return pd.DataFrame({c.name: pd.Series(dtype=object) for c in TABLES[name].columns})


def make_program(people_rows, workforce_rows, fmt="one_to_one", capacity=1, purposes=("retention",),
                 min_group_size=5, **cfg):
    """A Program from plain rows; missing workforce columns get neutral values."""
    config = ProgramConfig.model_validate({
        "client": "Test", "program": "Test program", "purposes": list(purposes), "format": fmt,
        "mentor_capacity": capacity, "start_date": "2025-01-01", "snapshot_date": "2026-01-01",
        "min_group_size": min_group_size,
        "tables": {"workforce": {"file": "w.csv"}, "people": {"file": "p.csv"}}, **cfg})
    wf = pd.DataFrame(workforce_rows)
    defaults = {"department": "Eng", "level": 2, "hire_date": pd.Timestamp("2020-01-01"),
                "location": "London", "timezone": 0.0, "manager_id": None, "performance": 3.0,
                "gender": "F", "skills": (), "exit_date": pd.NaT, "promotion_date": pd.NaT}
    for col, val in defaults.items():
        if col not in wf:
            wf[col] = [val] * len(wf)
    people = pd.DataFrame(people_rows)
    for col, val in {"joined": pd.NaT, "wants": (), "offers": (), "capacity": None,
                     "languages": (), "track": None, "preferences": ()}.items():
        if col not in people:
            people[col] = [val] * len(people)
    people["capacity"] = people["capacity"].astype("Int64")
    return Program("test", Path("."), config, wf, people, _empty("relationships"),
                   _empty("checkins"), _empty("surveys"))
