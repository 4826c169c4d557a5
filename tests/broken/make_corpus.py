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


class Link(str):
    """A file of a case that is a symbolic link to this target."""


def write(folder: Path, files: dict, expected: list[str]) -> None:
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    for name, content in files.items():
        if content is None:
            continue
        if isinstance(content, Link):
            (folder / name).symlink_to(str(content))
            continue
        data = content if isinstance(content, bytes) else content.encode("utf-8")
        (folder / name).write_bytes(data)
    (folder / "expected.txt").write_text("\n".join(expected) + "\n")


def case(name: str, expected: list[str], **changes) -> None:
    files = base()
    for k, v in changes.items():
        files[k.replace("__", ".")] = v
    write(HERE / name, files, expected)


def xlsx_bytes(sheet: str, rows: list[list], hidden: dict | None = None, merge: tuple = (),
               formats: dict | None = None) -> bytes:
    """A workbook whose visible sheet ``sheet`` holds ``rows``; ``hidden``: sheets before it,
    hidden, name -> rows; ``merge``: ranges such as 'B2:B4'; ``formats``: cell -> number format."""
    import io
    import openpyxl
    wb = openpyxl.Workbook()
    ws = wb.active
    for name, hrows in (hidden or {}).items():
        ws.title = name
        ws.sheet_state = "hidden"
        for r in hrows:
            ws.append(r)
        ws = wb.create_sheet()
    ws.title = sheet
    for r in rows:
        ws.append(r)
    for rng in merge:
        ws.merge_cells(rng)
    for cell, fmt in (formats or {}).items():
        ws[cell].number_format = fmt
    wb.active = len(wb.worksheets) - 1
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
    hostile_and_messy_cases()
    good_real_exports()


CHECKINS = """\
relationship_id,date,minutes
R1,2025-02-10,30
R2,2025-03-01,45
"""
WITH_CHECKINS = YAML + "  checkins: {file: checkins.csv}\n"
HR_XLSX = [["employee_id", "department", "level", "hire_date", "manager_id"],
           ["E1", "Sales", 1, dt.datetime(2024, 3, 1), "E3"],
           ["E2", "Sales", 2, dt.datetime(2023, 1, 15), "E3"],
           ["E3", "IT", 5, dt.datetime(2015, 6, 1), "E4"],
           ["E4", "IT", 6, dt.datetime(2012, 9, 1), None]]
XLSX_YAML = YAML.replace("workforce: {file: hr.csv}", "workforce: {file: hr.xlsx}")


def _far_cell() -> bytes:
    """The HR workbook with one more cell, at the sheet's last position (XFD1048576)."""
    import io
    import openpyxl
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "HR"
    for r in HR_XLSX:
        ws.append(r)
    ws.cell(row=1_048_576, column=16_384, value="x")
    buf = io.BytesIO()
    wb.save(buf)
    return _fixed_zip(buf.getvalue())


def hostile_and_messy_cases() -> None:
    """Issue 15: files outside the folder, YAML tricks, CSV and XLSX damage, contradictions."""
    # --- files stay inside the program folder
    case("file_outside_folder", ["program.yaml:13:tables.workforce.file:", "outside the program folder",
                                 "was not read"],
         program__yaml=YAML.replace("{file: hr.csv}", "{file: /etc/passwd}"))
    case("file_parent_folder", ["program.yaml:13:tables.workforce.file:", "'../hr.csv' is outside"],
         program__yaml=YAML.replace("{file: hr.csv}", "{file: ../hr.csv}"))
    case("file_link_to_device", ["program.yaml:13:tables.workforce.file:", "outside the program folder (it is a link)"],
         hr__csv=Link("/dev/zero"))
    case("file_name_empty", ["program.yaml:13:tables.workforce.file:", "the file name is empty"],
         program__yaml=YAML.replace("{file: hr.csv}", "{file: ''}"))
    # --- YAML
    case("yaml_duplicate_key", ["program.yaml:17::", "'min_group_size' is given twice (lines 16 and 17)"],
         program__yaml=YAML + "min_group_size: 5\nmin_group_size: 1\n")
    case("yaml_python_tag", ["program.yaml:1::", "tag '!!python/object/apply:os.system'", "plain values only"],
         program__yaml=YAML.replace("client: Acme", "client: !!python/object/apply:os.system [ls]"))
    case("yaml_too_deep", ["program.yaml:16::", "nests more than 40 levels"],
         program__yaml=YAML + "charter: {long_term_goals: " + "[" * 5000 + "]" * 5000 + "}\n")
    case("yaml_alias", ["program.yaml:18::", "alias *who", "anchors (&) and aliases (*)"],
         program__yaml=YAML + "charter:\n  sponsor: &who Ann\n  program_manager: *who\n")
    # --- CSV
    case("csv_unclosed_quote", ["people.csv:3:", "opened on this row is never closed", "3 line(s)"],
         people__csv=PEOPLE.replace("E2,mentee,", 'E2,"mentee,'))
    case("csv_stray_quote_pair", ["people.csv:3:", "closes 2 line(s) further down"],
         people__csv=PEOPLE.replace("E2,mentee,", 'E2,"mentee,').replace("E4,mentor,1", 'E4,mentor",1'))
    case("csv_foreign_bytes", ["hr.csv:4:", "not UTF-8 while the rest of the file is", "Z<0xFC>rich"],
         hr__csv=(HR.replace("Sales,1", "München,1").replace("IT,6", "Köln,6").encode()
                  .replace(b"E3,IT", "E3,Zürich".encode("cp1252"))))
    # --- XLSX
    case("xlsx_sheet_missing_hidden_named", ["hr.xlsx::", "no sheet named 'Staff'", "hidden: Old"],
         program__yaml=XLSX_YAML.replace("{file: hr.xlsx}", "{file: hr.xlsx, sheet: Staff}"), hr__csv=None,
         hr__xlsx=xlsx_bytes("HR", HR_XLSX, hidden={"Old": [["x"]]}))
    case("xlsx_merged_cells", ["hr.xlsx:3:department:", "cells B3:B5 are merged", "Fill Down"],
         program__yaml=XLSX_YAML, hr__csv=None,
         hr__xlsx=xlsx_bytes("HR", [r[:1] + ["Sales" if i == 2 else (None if i > 2 else r[1])] + r[2:]
                                    for i, r in enumerate(HR_XLSX)], merge=("B3:B5",)))
    case("xlsx_error_cell", ["hr.xlsx:4:level:", "cell C4 holds the Excel error #REF!"],
         program__yaml=XLSX_YAML, hr__csv=None,
         hr__xlsx=xlsx_bytes("HR", [r[:2] + ["#REF!" if i == 3 else r[2]] + r[3:] for i, r in enumerate(HR_XLSX)]))
    case("xlsx_formula_without_value", ["hr.xlsx:3:level:", "cell C3 has a formula but no saved value"],
         program__yaml=XLSX_YAML, hr__csv=None,
         hr__xlsx=xlsx_bytes("HR", [r[:2] + ["=C2+1" if i == 2 else r[2]] + r[3:] for i, r in enumerate(HR_XLSX)]))
    case("xlsx_empty_sheet_data_elsewhere", ["hr.xlsx:1:", "the sheet 'Summary' is empty; the data is on sheet 'HR'"],
         program__yaml=XLSX_YAML, hr__csv=None, hr__xlsx=_two_sheets())
    # --- small files that ask for a lot (issue 32.5): refused before anything is built
    case("xlsx_cell_far_away", ["hr.xlsx:", "declares cells up to XFD1048576",
                                "over the limit of 500,000 rows and 1,000 columns"],
         program__yaml=XLSX_YAML, hr__csv=None, hr__xlsx=_far_cell())
    case("csv_header_too_wide", ["hr.csv:1:", "this row has 1,205 columns, over the limit of 1,000"],
         hr__csv=HR.replace("manager_id\n", "manager_id," + ",".join(f"c{i}" for i in range(1200)) + "\n"))
    case("xlsx_too_many_merged_ranges", ["hr.xlsx:", "more than 1,000 merged ranges (the limit)", "Unmerge Cells"],
         program__yaml=XLSX_YAML, hr__csv=None,
         hr__xlsx=xlsx_bytes("HR", HR_XLSX, merge=tuple(f"G{r}:H{r}" for r in range(1, 1002))))
    # --- consistency
    case("self_pair", ["pairs.csv:3:mentor_id:", "'E2' is paired with themself"],
         pairs__csv=PAIRS.replace("R2,E2,E4", "R2,E2,E2"))
    case("exit_before_hire", ["hr.csv:3:exit_date:", "exit_date 2022-12-31 is before hire_date 2023-01-15"],
         hr__csv=HR.replace("manager_id\n", "manager_id,exit_date\n").replace("2023-01-15,E3", "2023-01-15,E3,2022-12-31"))
    case("end_before_start", ["pairs.csv:2:end_date:", "is before start_date 2025-02-01"],
         pairs__csv=PAIRS.replace("healthy\n", "healthy,end_date\n").replace("active,yes", "completed,yes,2025-01-15"))
    case("checkin_before_pair_start", ["checkins.csv:3:date:", "before its pair started", "R2 started 2025-02-01"],
         program__yaml=WITH_CHECKINS, checkins__csv=CHECKINS.replace("R2,2025-03-01", "R2,2025-01-20"))
    case("snapshot_before_start", ["program.yaml:6:snapshot_date:", "is before start_date 2025-01-06"],
         program__yaml=YAML.replace("snapshot_date: 2026-06-30", "snapshot_date: 2024-06-30"))
    case("kpi_target_off_scale", ["program.yaml:10:kpis[0].target:", "90 is not on the scale of retention",
                                  "write 0.9 for 90 %"],
         program__yaml=YAML.replace("target: 0.9", "target: 90"))
    case("preference_names_nobody", ["people.csv:2:preferences:", "'E7' is not a participant"],
         people__csv=PEOPLE.replace("capacity\n", "capacity,preferences\n").replace("E1,mentee,", "E1,mentee,,E3;E7"))
    # --- did you mean
    zeros = YAML
    case("id_leading_zeros_lost", ["pairs.csv:3:mentor_id:", "did you mean '0004'?", "leading zeros"],
         program__yaml=zeros,
         hr__csv=HR.replace("E", "000"), people__csv=PEOPLE.replace("E", "000"),
         pairs__csv=PAIRS.replace("E", "000").replace("R2,0002,0004", "R2,0002,4"))
    case("id_case_differs", ["people.csv:4:person_id:", "did you mean 'E3'?", "upper and lower case"],
         people__csv=PEOPLE.replace("E3,mentor,2", "e3,mentor,2"),
         pairs__csv=PAIRS.replace("R1,E1,E3", "R1,E1,E4"))
    case("id_scientific_notation", ["hr.csv:3:manager_id:", "did you mean '123456789012'?", "scientific notation"],
         hr__csv=HR.replace("E3", "123456789012").replace("2023-01-15,123456789012", "2023-01-15,1.23457E+11"),
         people__csv=PEOPLE.replace("E3", "123456789012"), pairs__csv=PAIRS.replace("E3", "123456789012"))
    # --- extra columns
    extra = YAML.replace("workforce: {file: hr.csv}", "workforce:\n    file: hr.csv\n    extra_columns:\n"
                         "      Overtime: {name: overtime, kind: bool}\n      Engagement: engagement")
    case("extra_column_missing", ["hr.csv:1:Engagement:", "keeps column 'Engagement' as engagement",
                                  "did you mean 'Engagment'?"],
         program__yaml=extra, hr__csv=HR.replace("manager_id\n", "manager_id,Overtime,Engagment\n")
         .replace("E3\n", "E3,yes,3\n").replace("-01,\n", "-01,,no,4\n"))
    case("extra_column_bad_value", ["hr.csv:3:Overtime:", "'sometimes' is not yes or no"],
         program__yaml=extra, hr__csv=_extra_hr().replace("2023-01-15,E3,no", "2023-01-15,E3,sometimes"))


def _extra_hr() -> str:
    return (HR.replace("manager_id\n", "manager_id,Overtime,Engagement\n")
            .replace("2024-03-01,E3\n", "2024-03-01,E3,yes,3.5\n").replace("2023-01-15,E3\n", "2023-01-15,E3,no,4\n")
            .replace("2015-06-01,E4\n", "2015-06-01,E4,Yes,2\n").replace("2012-09-01,\n", "2012-09-01,,no,\n"))


def _two_sheets() -> bytes:
    import io
    import openpyxl
    wb = openpyxl.Workbook()
    wb.active.title = "Summary"
    ws = wb.create_sheet("HR")
    for r in HR_XLSX:
        ws.append(r)
    buf = io.BytesIO()
    wb.save(buf)
    return _fixed_zip(buf.getvalue())


def good_real_exports() -> None:
    """Issue 15: real export shapes that must load with no edit to the files."""
    write(GOOD / "sep_line", {**base(), "hr.csv": "sep=;\n" + HR.replace(",", ";")}, ["Sales", "2015-06-01"])
    write(GOOD / "utf16_without_bom", {**base(), "hr.csv": HR.replace("Sales", "Vertrieb Süd").encode("utf-16-le")},
          ["Vertrieb Süd"])
    write(GOOD / "csv_title_rows", {**base(), "hr.csv": "Staff list,,,,\nExported 2026-06-30,,,,\n" + HR},
          ["2015-06-01", "note: hr.csv:3::", "the header is on row 3"])
    write(GOOD / "header_row_override",
          {**base(), "hr.csv": "employee_id,department\nx,y\n" + HR,
           "program.yaml": YAML.replace("workforce: {file: hr.csv}", "workforce: {file: hr.csv, header_row: 3}")},
          ["2015-06-01"])
    write(GOOD / "xlsx_hidden_stale_first_sheet",
          {**base(), "hr.csv": None, "program.yaml": XLSX_YAML,
           "hr.xlsx": xlsx_bytes("HR", [r[:1] + (["Marketing"] if i else ["department"]) + r[2:]
                                        for i, r in enumerate(HR_XLSX)],
                                 hidden={"Old export": [["employee_id", "department"], ["E1", "Stale"]]})},
          ["Marketing"])
    write(GOOD / "xlsx_title_rows",
          {**base(), "hr.csv": None, "program.yaml": XLSX_YAML,
           "hr.xlsx": xlsx_bytes("HR", [["Acme HR report"], ["As of 30 June 2026"]]
                                 + [r + (["performance"] if i == 0 else [None]) for i, r in enumerate(HR_XLSX)],
                                 merge=("A1:F1",))},
          ["2015-06-01", "note: hr.xlsx:3::"])
    write(GOOD / "xlsx_percent_as_shown",
          {**base(), "surveys.xlsx": xlsx_bytes("Survey", [["person_id", "date", "goal_progress"],
                                                           ["E1", dt.datetime(2025, 3, 1), 0.33],
                                                           ["E2", dt.datetime(2025, 3, 1), 0.875]],
                                                formats={"C2": "0%", "C3": "0.0%"}),
           "program.yaml": YAML + "  surveys: {file: surveys.xlsx}\n"},
          ["33.0", "87.5"])
    write(GOOD / "label_case_and_space",
          {**base(), "hr.csv": HR.replace("E2,Sales", "E2,sales").replace("E4,IT", "E4,it ")},
          ["Sales", "note: hr.csv:3:department:", "'sales' (1 row) read as 'Sales'"])
    write(GOOD / "missing_tokens",
          {**base(), "hr.csv": HR.replace("manager_id\n", "manager_id,location\n").replace("E3\n", "E3,NA\n")
           .replace("E4\n", "E4,EU\n").replace("-01,\n", "-01,,None\n"),
           "program.yaml": YAML.replace("workforce: {file: hr.csv}",
                                        "workforce: {file: hr.csv, missing_values: ['']}")},
          ["NA", "None"])
    write(GOOD / "missing_token_warning",
          {**base(), "hr.csv": HR.replace("manager_id\n", "manager_id,location\n").replace("E3\n", "E3,NA\n")
           .replace("E4\n", "E4,EU\n")},
          ["EU", "warning: hr.csv:2:location:", "holding 'NA' were read as empty", "missing_values"])
    write(GOOD / "values_numbers_and_yes_no",
          {**base(), "hr.csv": HR.replace(",1,", ",G1,").replace(",2,", ",G2,").replace(",5,", ",G5,").replace(",6,", ",G6,"),
           "pairs.csv": PAIRS.replace("active,yes", "active,Oui").replace("active,no", "active,Non"),
           "program.yaml": YAML.replace("workforce: {file: hr.csv}",
                                        "workforce:\n    file: hr.csv\n    values: {level: {G1: 1, G2: 2, G5: 5, G6: 6}}")
           .replace("relationships: {file: pairs.csv}",
                    "relationships:\n    file: pairs.csv\n    values: {healthy: {Oui: yes, Non: no}}")},
          ["True", "False", " 6 "])
    write(GOOD / "extra_columns",
          {**base(), "hr.csv": _extra_hr(),
           "program.yaml": YAML.replace("workforce: {file: hr.csv}", "workforce:\n    file: hr.csv\n"
                                        "    extra_columns:\n      Overtime: {name: overtime, kind: bool}\n"
                                        "      Engagement: engagement")},
          ["overtime", "engagement", "3.5"])
    unmatched = YAML.replace("  relationships: {file: pairs.csv}\n", "")
    write(GOOD / "not_matched_yet", {**base(), "pairs.csv": None, "program.yaml": unmatched}, ["mentor"])
    foreign_workbook()


def foreign_workbook() -> None:
    """The 'Done when' case: an HR workbook with two title rows, grades G1-G5, day-first text
    dates; a Windows-1252 ';'-separated enrolment file with French role labels."""
    hr = [["Rapport du personnel"], ["Extraction du 30/06/2026", None, None, None, "Confidentiel"],
          ["Matricule", "Service", "Grade", "Date d'entrée", "Responsable", "Site"],
          ["1001", "Ventes", "G1", "14/03/2024", "1003", "Lyon"],
          ["1002", "Ventes", "G2", "01/02/2023", "1003", "Lyon"],
          ["1003", "Informatique", "G4", "25/06/2015", "1004", "Paris"],
          ["1004", "Informatique", "G5", "01/09/2012", None, "Paris"],
          ["1005", "Finance", "G3", "30/11/2019", "1004", "Genève"]]
    enrol = ("Matricule;Rôle;Capacité;Inscrit le\n1001;Mentoré;;13/01/2025\n1002;Mentorée;;14/01/2025\n"
             "1005;Mentoré;;15/01/2025\n1003;Mentor;2;10/01/2025\n1004;Mentore;1;10/01/2025\n").encode("cp1252")
    yaml_text = """\
client: Société Exemple
program: Programme de mentorat
purposes: [onboarding]
format: one_to_one
start_date: 2025-01-06
snapshot_date: 2026-06-30
tables:
  workforce:
    file: personnel.xlsx
    date_order: dayfirst
    columns: {Matricule: employee_id, Service: department, Grade: level, "Date d'entrée": hire_date,
              Responsable: manager_id, Site: location}
    values:
      level: {G1: 1, G2: 2, G3: 3, G4: 4, G5: 5}
  people:
    file: inscriptions.csv
    date_order: dayfirst
    columns: {Matricule: person_id, Rôle: role, Capacité: capacity, Inscrit le: joined}
    values:
      role: {Mentoré: mentee, Mentorée: mentee, Mentor: mentor, Mentore: mentor}
"""
    write(GOOD / "foreign_workbook", {"program.yaml": yaml_text, "personnel.xlsx": xlsx_bytes("Personnel", hr),
                                      "inscriptions.csv": enrol},
          ["Genève", "2015-06-25", "mentee", "note: personnel.xlsx:3::"])


if __name__ == "__main__":
    main()
