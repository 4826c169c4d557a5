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


SALARY_YAML = """client: Salary Test
program: Salary test program
purposes: [retention]
format: one_to_one
mentor_capacity: 1
start_date: '2025-01-01'
snapshot_date: '2026-01-01'
min_group_size: 5
tables:
  workforce:
    file: workforce.csv
{extra}  people:
    file: people.csv
roi:
  currency: EUR
  program_cost: {cost}
  cost_per_leaver_salary_share: 0.5
"""


def salary_program_dir(folder, *, map_salary=True, bad_cell=None, mentees=60, mentee_leavers=12,
                       others=600, other_leavers=150, program_cost=10000):
    """A program folder (CSV files and program.yaml) whose workforce table keeps the client's
    ``Annual pay`` column as ``salary`` through ``tables.workforce.extra_columns`` and whose
    ``roi:`` section sets ``cost_per_leaver_salary_share: 0.5``. The known answer: the mentees
    (E0..) earn 40,000 and 60,000 in turn (mean 50,000, so a leaver costs 25,000); the others
    (C0..) earn 90,000 and the mentors (M0..) 200,000, so any other mean gives another cost.
    ``mentee_leavers`` of the mentees (joined 2025-02-01) and ``other_leavers`` of the others left
    in 2025. ``map_salary=False`` leaves the mapping out (the column is then unknown);
    ``bad_cell=(i, text)`` writes ``text`` as the i-th mentee's pay (spreadsheet row i + 2)."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    rows = []
    for i in range(mentees):
        rows.append((f"E{i}", "Sales" if i % 2 else "Ops", 2, "2022-01-01",
                     f"2025-{3 + i % 9:02d}-15" if i < mentee_leavers else "",
                     "40000" if i % 2 == 0 else "60000", 3.0 + 0.5 * (i % 3 - 1)))
    for i in range(others):
        rows.append((f"C{i}", "Sales" if i % 2 else "Ops", 2, "2022-01-01",
                     f"2025-{2 + i % 11:02d}-{1 + i % 27:02d}" if i < other_leavers else "", "90000",
                     3.0 + 0.5 * (i % 3 - 1)))
    for i in range(6):
        rows.append((f"M{i}", "Ops", 4, "2015-01-01", "", "200000", 4.0))
    wf = pd.DataFrame(rows, columns=["Employee ID", "Department", "Level", "Hire date", "Exit date", "Annual pay",
                                    "Performance"])
    if bad_cell is not None:
        wf.loc[bad_cell[0], "Annual pay"] = bad_cell[1]
    wf.to_csv(folder / "workforce.csv", index=False)
    people = [(f"E{i}", "mentee", "2025-02-01") for i in range(mentees)]
    people += [(f"M{i}", "mentor", "2025-02-01") for i in range(6)]
    pd.DataFrame(people, columns=["Person", "Role", "Joined"]).to_csv(folder / "people.csv", index=False)
    extra = "    extra_columns:\n      Annual pay: salary\n" if map_salary else ""
    cols = ("    columns:\n      Employee ID: employee_id\n      Department: department\n      Level: level\n"
            "      Hire date: hire_date\n      Exit date: exit_date\n      Performance: performance\n")
    text = SALARY_YAML.format(extra=cols + extra, cost=program_cost)
    text = text.replace("    file: people.csv\n", "    file: people.csv\n    columns:\n      Person: person_id\n"
                        "      Role: role\n      Joined: joined\n")
    (folder / "program.yaml").write_text(text, encoding="utf-8")
    return folder
