"""Regenerate the input corpus: ``tests/broken/<case>/`` (one defect each) and ``tests/good/<case>/``.

Each case is the small valid program below with exactly one change; ``expected.txt`` lists the
substrings (one a line) the ``validate`` output must contain. Run it from the repository root::

    .venv/bin/python tests/broken/make_corpus.py
"""
from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

HERE = Path(__file__).resolve().parent
GOOD = HERE.parent / "good"

YAML = """\
client: Acme
program: Onboarding pilot
purposes: [onboarding]
format: one_to_one
start_date: 2025-01-06
snapshot_date: 2026-06-30
kpis:
  - name: Mentees still employed after a year
    metric: retention
    target: 0.9
    due: 2026-06-30
tables:
  workforce: {file: hr.csv}
  people: {file: people.csv}
  relationships: {file: pairs.csv}
"""

HR = """\
employee_id,department,level,hire_date,manager_id
E1,Sales,1,2024-03-01,E3
E2,Sales,2,2023-01-15,E3
E3,IT,5,2015-06-01,E4
E4,IT,6,2012-09-01,
"""

PEOPLE = """\
person_id,role,capacity
E1,mentee,
E2,mentee,
E3,mentor,2
E4,mentor,1
"""

PAIRS = """\
relationship_id,mentee_id,mentor_id,start_date,status,healthy
R1,E1,E3,2025-02-01,active,yes
R2,E2,E4,2025-02-01,active,no
"""


def base() -> dict[str, str | bytes]:
    return {"program.yaml": YAML, "hr.csv": HR, "people.csv": PEOPLE, "pairs.csv": PAIRS}


def write(folder: Path, files: dict, expected: list[str]) -> None:
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    for name, content in files.items():
        if content is None:
            continue
        data = content if isinstance(content, bytes) else content.encode("utf-8")
        (folder / name).write_bytes(data)
    (folder / "expected.txt").write_text("\n".join(expected) + "\n")


def case(name: str, expected: list[str], **changes) -> None:
    files = base()
    for k, v in changes.items():
        files[k.replace("__", ".")] = v
    write(HERE / name, files, expected)


def xlsx_bytes(sheet: str, rows: list[list]) -> bytes:
    import io
    import openpyxl
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = sheet
    for r in rows:
        ws.append(r)
    buf = io.BytesIO()
    wb.save(buf)
    return _fixed_zip(buf.getvalue())


def _fixed_zip(data: bytes) -> bytes:
    """Rewrite the xlsx zip with fixed timestamps so regenerating gives identical bytes."""
    import io
    import re
    import zipfile
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            body = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                body = re.sub(rb"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", b"2025-01-01T00:00:00Z", body)
            zi = zipfile.ZipInfo(info.filename, date_time=(2025, 1, 1, 0, 0, 0))
            zi.compress_type = zipfile.ZIP_DEFLATED
            dst.writestr(zi, body)
    return out.getvalue()


def main() -> None:
    for d in list(HERE.iterdir()) + (list(GOOD.iterdir()) if GOOD.exists() else []):
        if d.is_dir():
            shutil.rmtree(d)

    # --- config (program.yaml)
    case("unknown_yaml_key_typo", ["program.yaml:3:purpse:", "unknown key 'purpse'; did you mean 'purposes'?"],
         program__yaml=YAML.replace("purposes:", "purpse:"))
    case("kpi_unknown_metric", ["program.yaml:9:kpis[0].metric:", "'retension'", "retention, promotion"],
         program__yaml=YAML.replace("metric: retention", "metric: retension"))
    case("unknown_format", ["program.yaml:4:format:", "'one_on_one'", "one_to_one"],
         program__yaml=YAML.replace("format: one_to_one", "format: one_on_one"))
    case("bad_yaml_syntax", ["program.yaml:4::", "invalid YAML"],
         program__yaml=YAML.replace("format: one_to_one", "format one_to_one\n  bad: [x"))
    case("missing_program_yaml", ["program.yaml::", "no program.yaml"], program__yaml=None)
    case("unknown_table_column_mapping", ["program.yaml:15:tables.workforce.columns.Dept:", "'departmnt'",
                                          "did you mean 'department'?"],
         program__yaml=YAML.replace("workforce: {file: hr.csv}",
                                    "workforce:\n    file: hr.csv\n    columns: {Dept: departmnt}"))

    # --- files
    case("missing_file", ["hr.csv::", "file not found"], hr__csv=None)
    case("empty_file", ["people.csv:1:", "empty"], people__csv="")
    case("header_only", ["people.csv:2:", "no rows"], people__csv="person_id,role,capacity\n")
    case("ragged_row", ["pairs.csv:3:", "7 values but the header has 6"],
         pairs__csv=PAIRS.replace("R2,E2,E4,2025-02-01,active,no", "R2,E2,E4,2025-02-01,active,no,extra"))

    # --- columns and cells
    case("missing_column", ["hr.csv:1:level:", "required column 'level' is missing", "Lvl",
                            "columns found: employee_id, department, Lvl", "tables.workforce.columns"],
         hr__csv=HR.replace("employee_id,department,level", "employee_id,department,Lvl"))
    case("duplicate_id", ["hr.csv:6:employee_id:", "duplicate employee_id 'E2'", "also on row 3"],
         hr__csv=HR + "E2,Sales,3,2020-01-01,E3\n")
    case("unknown_category", ["people.csv:4:role:", "'mentr'", "mentee, mentor, peer", "did you mean 'mentor'?",
                              "tables.people.values.role"],
         people__csv=PEOPLE.replace("E3,mentor,2", "E3,mentr,2"))
    case("text_in_number", ["people.csv:4:Capacity:", "'three' is not a whole number", "such as 3"],
         program__yaml=YAML.replace("people: {file: people.csv}",
                                    "people:\n    file: people.csv\n    columns: {Capacity: capacity}"),
         people__csv=PEOPLE.replace("person_id,role,capacity", "person_id,role,Capacity")
         .replace("E3,mentor,2", "E3,mentor,three"))
    case("negative_capacity", ["people.csv:5:capacity:", "-1", "between 0 and 50"],
         people__csv=PEOPLE.replace("E4,mentor,1", "E4,mentor,-1"))
    case("level_out_of_range", ["hr.csv:5:level:", "15", "between 1 and 12"],
         hr__csv=HR.replace("E4,IT,6", "E4,IT,15"))
    case("empty_required_cell", ["hr.csv:3:department:", "empty cell"],
         hr__csv=HR.replace("E2,Sales,2", "E2,,2"))
    case("unknown_person_in_relationship", ["pairs.csv:3:mentor_id:", "'E9'", "people.csv"],
         pairs__csv=PAIRS.replace("R2,E2,E4", "R2,E2,E9"))
    case("person_not_in_workforce", ["people.csv:6:person_id:", "'E5' is not in the workforce", "hr.csv"],
         people__csv=PEOPLE + "E5,mentee,\n")
    case("manager_not_in_workforce", ["hr.csv:5:manager_id:", "'E7'"],
         hr__csv=HR.replace("E4,IT,6,2012-09-01,", "E4,IT,6,2012-09-01,E7"))
    case("bad_bool", ["pairs.csv:2:healthy:", "'maybe' is not yes or no"],
         pairs__csv=PAIRS.replace("active,yes", "active,maybe"))
    case("ambiguous_dates", ["hr.csv:2:hire_date:", "ambiguous dates",
                             "set date_order: dayfirst or monthfirst for this table in program.yaml"],
         hr__csv=HR.replace("2024-03-01", "03/01/2024").replace("2023-01-15", "01/05/2023")
         .replace("2015-06-01", "06/01/2015").replace("2012-09-01", "09/01/2012"))
    case("mixed_date_orders", ["hr.csv:3:hire_date:", "day-first", "month-first"],
         hr__csv=HR.replace("2024-03-01", "13/03/2024").replace("2023-01-15", "01/15/2023"))
    case("unparseable_date", ["pairs.csv:3:start_date:", "'next week' is not a date", "2025-03-14"],
         pairs__csv=PAIRS.replace("R2,E2,E4,2025-02-01", "R2,E2,E4,next week"))
    case("xlsx_text_in_number", ["hr.xlsx:4:Grade:", "'senior' is not a whole number"],
         program__yaml=YAML.replace("workforce: {file: hr.csv}",
                                    "workforce:\n    file: hr.xlsx\n    sheet: Staff\n    columns: {Grade: level}"),
         hr__csv=None,
         hr__xlsx=xlsx_bytes("Staff", [["employee_id", "department", "Grade", "hire_date", "manager_id"],
                                       ["E1", "Sales", 1, dt.datetime(2024, 3, 1), "E3"],
                                       ["E2", "Sales", 2, dt.datetime(2023, 1, 15), "E3"],
                                       ["E3", "IT", "senior", dt.datetime(2015, 6, 1), "E4"],
                                       ["E4", "IT", 6, dt.datetime(2012, 9, 1), None]]))

    # --- inputs that must load fine
    latin = (HR.replace("Sales", "Ingeniería").replace("IT", "Dirección")).encode("latin-1")
    write(GOOD / "latin1", {**base(), "hr.csv": latin}, ["Ingeniería", "Dirección"])
    write(GOOD / "bom", {**base(), "people.csv": b"\xef\xbb\xbf" + PEOPLE.encode()}, ["person_id"])
    write(GOOD / "semicolon_dayfirst",
          {**base(), "hr.csv": "employee_id;department;level;hire_date;manager_id;performance\n"
                               "E1;Sales;1;14.03.2024;E3;3,5\nE2;Sales;2;01.02.2023;E3;4\n"
                               "E3;IT;5;01.06.2015;E4;4,25\nE4;IT;6;01.09.2012;;5\n"},
          ["2024-03-14", "3.5"])
    mapped = YAML.replace("workforce: {file: hr.csv}", """workforce:
    file: hr_export.xlsx
    sheet: HR export
    columns: {Emp No: employee_id, Dept: department, Grade: level, Start date: hire_date, Manager: manager_id}
    values:
      department: {Eng: Engineering, Sls: Sales}""")
    write(GOOD / "xlsx_mapped",
          {**base(), "hr.csv": None, "program.yaml": mapped,
           "hr_export.xlsx": xlsx_bytes("HR export", [
               ["Emp No", "Dept", "Grade", "Start date", "Manager", "Badge colour"],
               ["E1", "Sls", 1, dt.datetime(2024, 3, 1), "E3", "red"],
               ["E2", "Sls", 2, dt.datetime(2023, 1, 15), "E3", "blue"],
               ["E3", "Eng", 5, dt.datetime(2015, 6, 1), "E4", None],
               ["E4", "Eng", 6, dt.datetime(2012, 9, 1), None, "red"]])},
          ["Engineering", "2015-06-01"])


if __name__ == "__main__":
    main()
