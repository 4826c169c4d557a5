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


def kpi_program(min_group_size=5, leavers=3, idle=2, ended=2, pairs=30, kpis=None):
    """A matched one-to-one program with known page-4 answers: ``pairs`` pairs (mentee Ei with
    mentor Mi, started 2025-02-01), of which ``idle`` have not met since March 2025 and
    ``ended`` ended early, the rest meeting every two weeks; ``leavers`` mentees left in
    July 2025; 200 comparable non-participants (20 left); one survey answer per mentee
    (satisfaction 4) in June 2025; snapshot 2026-01-01."""
    import dataclasses
    wf = [{"employee_id": f"E{i}", "level": 1, "hire_date": pd.Timestamp("2024-10-01"),
           "exit_date": pd.Timestamp("2025-07-15") if i < leavers else pd.NaT} for i in range(pairs)]
    wf += [{"employee_id": f"M{i}", "level": 4} for i in range(pairs)]
    wf += [{"employee_id": f"C{i}", "level": 1, "hire_date": pd.Timestamp("2024-10-01"),
            "exit_date": pd.Timestamp("2025-06-01") + pd.Timedelta(days=7 * (i % 20)) if i < 20 else pd.NaT}
           for i in range(200)]
    people = [{"person_id": f"E{i}", "role": "mentee", "joined": pd.Timestamp("2025-02-01")}
              for i in range(pairs)]
    people += [{"person_id": f"M{i}", "role": "mentor", "capacity": 1, "joined": pd.Timestamp("2025-02-01")}
               for i in range(pairs)]
    base = make_program(people, wf, min_group_size=min_group_size, cadence="biweekly")
    start = pd.Timestamp("2025-02-01")
    rel = pd.DataFrame({"relationship_id": [f"R{i}" for i in range(pairs)],
                        "mentee_id": [f"E{i}" for i in range(pairs)],
                        "mentor_id": [f"M{i}" for i in range(pairs)],
                        "start_date": [start] * pairs,
                        "end_date": [pd.Timestamp("2025-06-01") if i >= pairs - ended else pd.NaT
                                     for i in range(pairs)],
                        "status": ["ended_early" if i >= pairs - ended else "active" for i in range(pairs)],
                        "round": pd.array([1] * pairs, dtype="Int64"),
                        "healthy": pd.array([pd.NA] * pairs, dtype="boolean"),
                        "match_score": [0.5 + 0.01 * i for i in range(pairs)]})
    rows = []
    for i in range(pairs):
        last = (pd.Timestamp("2025-03-01") if i < idle else pd.Timestamp("2025-06-01") if i >= pairs - ended
                else pd.Timestamp("2026-01-01"))
        rows += [{"relationship_id": f"R{i}", "date": d} for d in pd.date_range(start, last, freq="14D")]
    chk = pd.DataFrame(rows)
    chk["minutes"] = 45
    srv = pd.DataFrame({"person_id": [f"E{i}" for i in range(pairs)],
                        "relationship_id": [f"R{i}" for i in range(pairs)],
                        "date": [pd.Timestamp("2025-06-15")] * pairs,
                        "satisfaction": [4] * pairs, "goal_progress": [50.0] * pairs})
    cfg = base.config.model_dump()
    cfg["tables"] = {**{k: v for k, v in cfg["tables"].items() if v}, "relationships": {"file": "r.csv"},
                     "checkins": {"file": "c.csv"}, "surveys": {"file": "s.csv"}}
    if kpis is not None:
        cfg["kpis"] = kpis
    config = ProgramConfig.model_validate(cfg)
    return dataclasses.replace(base, config=config, relationships=rel, checkins=chk, surveys=srv)


def with_min_group_size(program_dir, k, tmp_path):
    """A copy of a bundled program folder with ``min_group_size: k``, loaded."""
    import re
    import shutil

    from workbench.io import load_program
    copy = tmp_path / f"{Path(program_dir).name}-k{k}"
    shutil.copytree(program_dir, copy)
    yaml = copy / "program.yaml"
    text = yaml.read_text(encoding="utf-8")
    text = re.sub(r"(?m)^min_group_size:.*$", f"min_group_size: {k}", text) \
        if re.search(r"(?m)^min_group_size:", text) else text + f"\nmin_group_size: {k}\n"
    yaml.write_text(text, encoding="utf-8")
    return load_program(copy)
