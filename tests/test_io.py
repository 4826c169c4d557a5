"""Loading a program folder: the broken-input corpus, parsing helpers, one-pass collection, speed."""
from __future__ import annotations

import datetime as dt
import importlib.util
import re
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from workbench.io import (MAX_PER_COLUMN, check_program, decode_bytes, detect_date_order, load_program, parse_bools,
                          parse_dates, sniff_delimiter)
from workbench.problems import InputError
from workbench.schema import TABLES

ROOT = Path(__file__).resolve().parent.parent
BROKEN = ROOT / "tests" / "broken"
GOOD = ROOT / "tests" / "good"
LINE = re.compile(r"^[^:]+:\d*:[^:]*: .+; .+$")

_spec = importlib.util.spec_from_file_location("make_corpus", BROKEN / "make_corpus.py")
corpus = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(corpus)


def write_program(folder: Path, **files) -> Path:
    """The corpus's minimal valid program in ``folder``; ``hr__csv="..."`` replaces hr.csv, None drops it."""
    data = corpus.base()
    for key, value in files.items():
        data[key.replace("__", ".")] = value
    folder.mkdir(parents=True, exist_ok=True)
    for name, content in data.items():
        if content is not None:
            (folder / name).write_bytes(content if isinstance(content, bytes) else content.encode())
    return folder


def problems(folder: Path) -> list[str]:
    with pytest.raises(InputError) as err:
        load_program(folder)
    return [str(p) for p in err.value.problems]


# ------------------------------------------------------------------------------ the corpus

BROKEN_CASES = sorted(p.name for p in BROKEN.iterdir() if p.is_dir())
GOOD_CASES = sorted(p.name for p in GOOD.iterdir() if p.is_dir())


def test_corpus_has_the_required_cases():
    required = {"missing_column", "duplicate_id", "unknown_category", "text_in_number", "empty_file",
                "header_only", "unknown_person_in_relationship", "negative_capacity",
                "unknown_yaml_key_typo", "kpi_unknown_metric", "ambiguous_dates", "bad_yaml_syntax",
                "missing_file", "person_not_in_workforce", "manager_not_in_workforce", "bad_bool",
                "empty_required_cell", "xlsx_text_in_number"}
    assert required <= set(BROKEN_CASES)
    assert {"latin1", "bom", "xlsx_mapped", "semicolon_dayfirst"} <= set(GOOD_CASES)
    # issue 15: one case per class of hostile or messy input
    assert {"file_outside_folder", "file_parent_folder", "file_link_to_device", "file_name_empty",
            "yaml_duplicate_key", "yaml_python_tag", "yaml_too_deep", "yaml_alias",
            "csv_unclosed_quote", "csv_stray_quote_pair", "csv_foreign_bytes",
            "xlsx_sheet_missing_hidden_named", "xlsx_merged_cells", "xlsx_error_cell",
            "xlsx_formula_without_value", "xlsx_empty_sheet_data_elsewhere", "self_pair",
            "exit_before_hire", "end_before_start", "checkin_before_pair_start", "snapshot_before_start",
            "kpi_target_off_scale", "preference_names_nobody", "id_leading_zeros_lost", "id_case_differs",
            "id_scientific_notation", "extra_column_missing", "extra_column_bad_value"} <= set(BROKEN_CASES)
    assert {"sep_line", "utf16_without_bom", "csv_title_rows", "header_row_override",
            "xlsx_hidden_stale_first_sheet", "xlsx_title_rows", "xlsx_percent_as_shown",
            "label_case_and_space", "missing_tokens", "missing_token_warning", "values_numbers_and_yes_no",
            "extra_columns", "not_matched_yet", "foreign_workbook"} <= set(GOOD_CASES)
    for case in BROKEN_CASES + GOOD_CASES:
        folder = (BROKEN if case in BROKEN_CASES else GOOD) / case
        assert (folder / "expected.txt").read_text().strip(), case


def _says_one_line_per_problem(folder, code: int, stderr: str) -> None:
    assert code == 2, stderr
    assert "Traceback" not in stderr
    lines = stderr.strip().splitlines()
    assert lines[-1].endswith(f"problem(s) in {folder}")
    body = lines[:-1]
    assert body
    for line in body:
        assert LINE.match(line), line
        assert "Input should" not in line and "https://" not in line, line
    for needle in (folder / "expected.txt").read_text().splitlines():
        if needle:
            assert needle in stderr, f"{needle!r} not in:\n{stderr}"


@pytest.mark.parametrize("case", BROKEN_CASES)
def test_broken_case_fails_with_one_line_per_problem(case, capsys):
    """``workbench validate`` in this process (the fast tier; the command line itself below)."""
    from workbench.cli import main
    folder = BROKEN / case
    code = main(["validate", str(folder)])
    _says_one_line_per_problem(folder, code, capsys.readouterr().err)


@pytest.mark.slow
@pytest.mark.parametrize("case", BROKEN_CASES)
def test_broken_case_fails_with_one_line_per_problem_on_the_command_line(case):
    folder = BROKEN / case
    run = subprocess.run([sys.executable, "-m", "workbench", "validate", str(folder)],
                         capture_output=True, text=True, cwd=ROOT, timeout=120)
    _says_one_line_per_problem(folder, run.returncode, run.stderr)


def test_broken_cases_have_exactly_one_defect():
    """One problem each (the corpus documents one defect per case)."""
    for case in BROKEN_CASES:
        found = problems(BROKEN / case)
        assert len(found) == 1, (case, found)


@pytest.mark.parametrize("case", GOOD_CASES)
def test_good_case_loads(case):
    """Each needle is in the loaded tables; one starting with 'note: ' or 'warning: ' is in the
    notes or warnings the check printed."""
    result = check_program(GOOD / case)
    assert result.program is not None, [str(p) for p in result.problems]
    text = "\n".join(result.program.table(t).astype(str).to_string() for t in TABLES)
    said = "\n".join([f"note: {n}" for n in result.notes] + [f"warning: {w}" for w in result.warnings])
    for needle in (GOOD / case / "expected.txt").read_text().splitlines():
        if needle.startswith(("note: ", "warning: ")):
            assert needle in said, (needle, said)
        elif needle:
            assert needle in text + said, needle


def test_validate_prints_ok_for_a_good_program():
    run = subprocess.run([sys.executable, "-m", "workbench", "validate", str(GOOD / "bom")],
                         capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert run.returncode == 0 and "bom: ok" in run.stdout, run.stderr


def test_mapped_xlsx_values_and_ignored_columns():
    prog = load_program(GOOD / "xlsx_mapped")
    wf = prog.workforce
    assert list(wf.columns) == [c.name for c in TABLES["workforce"].columns]   # Badge colour dropped
    assert wf["department"].tolist() == ["Sales", "Sales", "Engineering", "Engineering"]
    assert wf["hire_date"].tolist()[2] == pd.Timestamp("2015-06-01")
    assert wf["level"].tolist() == [1, 2, 5, 6]


def test_latin1_and_european_numbers():
    assert load_program(GOOD / "latin1").workforce["department"].iloc[0] == "Ingeniería"
    wf = load_program(GOOD / "semicolon_dayfirst").workforce
    assert wf["hire_date"].iloc[0] == pd.Timestamp("2024-03-14")
    assert wf["performance"].tolist() == [3.5, 4.0, 4.25, 5.0]


# ------------------------------------------------------------------------------ the contract

def test_dtypes_follow_program_contract(tmp_path):
    folder = write_program(
        tmp_path / "acme",
        hr__csv=corpus.HR.replace("manager_id\n", "manager_id,skills,timezone\n", 1)
        .replace("E3\nE2", "E3,python; sql ;,1\nE2").replace(",E3\nE3", ",E3,,5.5\nE3"),
    )
    prog = load_program(folder)
    assert prog.slug == "acme" and prog.path == folder.resolve()
    wf, rel = prog.workforce, prog.relationships
    assert str(wf["employee_id"].dtype) in ("str", "string", "object")
    assert wf["level"].dtype == "Int64"
    assert wf["timezone"].dtype == "float64"
    assert wf["hire_date"].dtype == "datetime64[ns]"
    assert wf["skills"].iloc[0] == ("python", "sql") and wf["skills"].iloc[3] == ()
    assert pd.isna(wf["manager_id"].iloc[3])
    assert rel["healthy"].dtype == "boolean" and rel["healthy"].tolist() == [True, False]
    assert prog.checkins.empty and list(prog.checkins.columns) == [c.name for c in TABLES["checkins"].columns]
    assert prog.checkins["date"].dtype == "datetime64[ns]"
    assert len(prog.mentees) == 2 and prog.people["capacity"].tolist()[2:] == [2, 1]
    assert prog.config.client == "Acme"


def test_headers_named_like_ours_are_accepted_in_any_case(tmp_path):
    folder = write_program(tmp_path / "p", hr__csv=corpus.HR.replace(
        "employee_id,department,level,hire_date,manager_id", "Employee ID, Department ,LEVEL,hire-date,Notes"))
    assert load_program(folder).workforce["level"].tolist() == [1, 2, 5, 6]


def test_value_mapping_applies_to_categories_and_list_items(tmp_path):
    yaml_text = corpus.YAML.replace("people: {file: people.csv}", """people:
    file: people.csv
    columns: {Rolle: role, Will lernen: wants}
    values:
      role: {Mentee: mentee, Mentor: mentor}
      wants: {PY: python}""")
    folder = write_program(tmp_path / "p", program__yaml=yaml_text, people__csv=(
        "person_id,Rolle,Will lernen\nE1,Mentee,PY;sql\nE2,mentee,\nE3,Mentor,\nE4,MENTOR,\n"))
    people = load_program(folder).people
    assert people["role"].tolist() == ["mentee", "mentee", "mentor", "mentor"]
    assert people["wants"].tolist()[0] == ("python", "sql")


# ------------------------------------------------------------------------------- one pass

def test_all_problems_across_files_in_one_pass(tmp_path):
    folder = write_program(
        tmp_path / "p",
        hr__csv=corpus.HR.replace("E2,Sales,2", "E2,Sales,two"),
        people__csv=corpus.PEOPLE.replace("E3,mentor,2", "E3,mentr,2").replace("E4,mentor,1", "E4,mentor,-4"),
    )
    found = problems(folder)
    assert len(found) == 3, found
    assert found[0].startswith("hr.csv:3:level: 'two'")
    assert any(p.startswith("people.csv:4:role:") for p in found)
    assert any(p.startswith("people.csv:5:capacity: -4") for p in found)


def test_config_and_table_problems_together(tmp_path):
    folder = write_program(tmp_path / "p", program__yaml=corpus.YAML.replace("metric: retention", "metric: nps"),
                           people__csv=corpus.PEOPLE.replace("E3,mentor,2", "E3,mentor,lots"))
    found = problems(folder)
    assert [p.split(":")[0] for p in found] == ["program.yaml", "people.csv"], found


def test_repeated_problem_is_capped_and_fast(tmp_path):
    n = 3000
    ids = [f"E{i}" for i in range(n)]
    wf = pd.DataFrame({"employee_id": ids, "department": "Sales", "level": "senior",
                       "hire_date": "2020-01-31", "manager_id": ""})
    folder = write_program(tmp_path / "p", hr__csv=wf.to_csv(index=False))
    t = time.perf_counter()
    found = problems(folder)
    assert time.perf_counter() - t < 2
    level = [p for p in found if ":level:" in p or ":level: " in p]
    assert len(level) == MAX_PER_COLUMN + 1, found[:3]
    assert level[-1].startswith("hr.csv::level: ... and 2980 more rows with the same problem")
    assert all(LINE.match(p) for p in found)


def test_ten_thousand_rows_load_well_under_a_second(tmp_path):
    n = 10_000
    rng = np.random.default_rng(1)
    wf = pd.DataFrame({
        "employee_id": [f"E{i}" for i in range(n)],
        "department": rng.choice(["Sales", "IT", "HR"], n),
        "level": rng.integers(1, 12, n),
        "hire_date": pd.Timestamp("2010-01-01") + pd.to_timedelta(rng.integers(0, 5000, n), unit="D"),
        "manager_id": ["" if i == 0 else f"E{i // 10}" for i in range(n)],
        "skills": rng.choice(["python;sql", "excel", ""], n),
        "timezone": rng.choice([0, 1, 5.5], n),
    })
    wf["hire_date"] = wf["hire_date"].dt.strftime("%d/%m/%Y")
    people = pd.DataFrame({"person_id": [f"E{i}" for i in range(0, n, 5)], "role": "mentee"})
    folder = write_program(tmp_path / "big", hr__csv=wf.to_csv(index=False),
                           people__csv=people.to_csv(index=False), pairs__csv=None,
                           program__yaml=corpus.YAML.replace("  relationships: {file: pairs.csv}\n", ""))
    load_program(folder)  # warm imports
    t = time.perf_counter()
    prog = load_program(folder)
    assert time.perf_counter() - t < 1.0
    assert len(prog.workforce) == n and prog.workforce["hire_date"].notna().all()


# ------------------------------------------------------------------------------- helpers

def test_date_order_detection():
    assert detect_date_order([14, 3], [3, 4]) == ("dayfirst", "")
    assert detect_date_order([3, 4], [14, 4]) == ("monthfirst", "")
    assert detect_date_order([14, 3], [3, 15]) == (None, "both")
    assert detect_date_order([3, 4], [4, 3]) == (None, "ambiguous")
    assert detect_date_order([5, 6], [5, 6]) == ("dayfirst", "")   # 05/05 reads the same both ways
    assert detect_date_order([], []) == ("dayfirst", "")


def _dates(values, order="auto"):
    return parse_dates(pd.Series(values, index=range(2, 2 + len(values))), order)


def test_parse_dates_formats():
    res = _dates(["2025-03-14", "14/03/2025", "1.2.2025", "", "45730", "14 Mar 2025", "2025-03-14T09:30:00"])
    assert res.column_problem is None and not res.bad.any()
    assert res.values.dtype == "datetime64[ns]"
    assert res.values.tolist() == [pd.Timestamp("2025-03-14"), pd.Timestamp("2025-03-14"),
                                   pd.Timestamp("2025-02-01"), pd.NaT, pd.Timestamp("2025-03-14"),
                                   pd.Timestamp("2025-03-14"), pd.Timestamp("2025-03-14")]
    assert _dates(["03/14/2025", "1-2-25"]).values.tolist() == [pd.Timestamp("2025-03-14"), pd.Timestamp("2025-01-02")]


def test_parse_dates_ambiguity_and_explicit_order():
    res = _dates(["03/04/2025", "05/06/2025"])
    assert res.column_problem is not None and "ambiguous" in res.column_problem[1]
    assert "date_order: dayfirst or monthfirst" in res.column_problem[2]
    assert not res.bad.any()                        # reported once for the column, not per row
    assert _dates(["03/04/2025"], "dayfirst").values[2] == pd.Timestamp("2025-04-03")
    assert _dates(["03/04/2025"], "monthfirst").values[2] == pd.Timestamp("2025-03-04")
    both = _dates(["13/01/2025", "01/13/2025"])
    assert both.column_problem is not None and "day-first" in both.column_problem[1]
    wrong = _dates(["03/14/2025"], "dayfirst")
    assert wrong.bad.tolist() == [True] and "not a real date" in wrong.reasons[2]


def test_parse_dates_rejects_junk():
    res = _dates(["next week", "2025-02-30", "2025-03-01", "13"])
    assert res.bad.tolist() == [True, True, False, True]


def test_decode_bytes_encodings():
    text = "name,dept\nJosé,Ingeniería €\n"
    assert decode_bytes(text.encode("utf-8")) == (text, "utf-8-sig")
    assert decode_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))[0] == text
    assert decode_bytes(text.encode("cp1252")) == (text, "cp1252")
    assert decode_bytes("Ingeniería\x81".encode("latin-1"))[0] == "Ingeniería\x81"
    assert decode_bytes(text.encode("utf-16"))[0] == text


def test_sniff_delimiter():
    assert sniff_delimiter("a,b,c\n1,2,3\n") == ","
    assert sniff_delimiter("a;b;c\n1,5;2;3\n") == ";"
    assert sniff_delimiter('"x, y";b;c\n') == ";"
    assert sniff_delimiter("a\tb\n") == "\t"
    assert sniff_delimiter("single\n") == ","


def test_parse_bools():
    values, bad = parse_bools(pd.Series(["Yes", "n", "TRUE", "0", "1", "", "maybe", "F"]))
    assert values.tolist()[:5] == [True, False, True, False, True]
    assert pd.isna(values[5])                 # "" is missing, not False
    assert values[7] == False and not pd.isna(values[7])  # noqa: E712  ("F" is False)
    assert bad.tolist() == [False] * 6 + [True, False]


def test_load_program_accepts_the_yaml_path_and_reports_missing_folder(tmp_path):
    folder = write_program(tmp_path / "p")
    assert load_program(folder / "program.yaml").slug == "p"
    found = problems(tmp_path / "nope")
    assert len(found) == 1 and "not found" in found[0]


def test_unknown_criterion_field_is_reported(tmp_path):
    yaml_text = corpus.YAML + "matching:\n  criteria:\n    - {kind: same, field: departmnt}\n"
    found = problems(write_program(tmp_path / "p", program__yaml=yaml_text))
    assert found == ["program.yaml:18:matching.criteria[0].field: unknown column 'departmnt'; "
                     "did you mean 'department'? " + found[0].split("did you mean 'department'? ")[1]]


def test_excel_dates_and_blank_rows(tmp_path):
    xlsx = corpus.xlsx_bytes("Sheet", [
        ["employee_id", "department", "level", "hire_date"],
        ["E1", "Sales", 1, dt.datetime(2024, 3, 1)],
        [None, None, None, None],
        ["E2", "Sales", 2.0, dt.date(2023, 1, 15)],
        ["E3", "IT", 5, "2015-06-01"],
        ["E4", "IT", "x", 42000],
    ])
    yaml_text = corpus.YAML.replace("workforce: {file: hr.csv}", "workforce: {file: hr.xlsx}")
    found = problems(write_program(tmp_path / "p", program__yaml=yaml_text, hr__xlsx=xlsx))
    assert found == ["hr.xlsx:6:level: 'x' is not a whole number; write a whole number such as 4"]


def test_loaded_program_is_reused_until_a_file_changes(tmp_path, monkeypatch):
    import shutil

    import workbench.io.loader as wio
    src = Path(__file__).resolve().parent.parent / "data" / "programs" / "onboarding-pilot"
    folder = tmp_path / "pilot"
    shutil.copytree(src, folder)
    reads = []
    real = wio.read_table_file
    monkeypatch.setattr(wio, "read_table_file", lambda *a, **k: reads.append(a[2]) or real(*a, **k))
    first = load_program(folder)
    n_tables = len(reads)
    second = load_program(folder)
    assert len(reads) == n_tables                          # no file read again
    assert second is not first and second.people is not first.people
    pd.testing.assert_frame_equal(first.people, second.people)
    second.people.loc[0, "role"] = "mentor"                # a copy: the next load is unaffected
    second.config.matching.criteria[0].weight = 99
    third = load_program(folder)
    assert third.people.loc[0, "role"] == first.people.loc[0, "role"]
    assert third.config.matching.criteria[0].weight == first.config.matching.criteria[0].weight
    # an edited file is read again
    yaml = folder / "program.yaml"
    yaml.write_text(yaml.read_text().replace(f"program: {first.config.program}", "program: Renamed"))
    fourth = load_program(folder)
    assert len(reads) == 2 * n_tables and fourth.config.program == "Renamed"
    # a broken program is never served from memory
    yaml.write_text(yaml.read_text() + "\nunknown_key: 1\n")
    for _ in range(2):
        with pytest.raises(InputError):
            load_program(folder)


def _trimmed(rows):
    rows = [list(r) for r in rows]
    for r in rows:
        while r and r[-1] == "":
            r.pop()
    while rows and not rows[-1]:
        rows.pop()
    return rows


def test_xlsx_readers_agree_on_every_bundled_workbook():
    """python-calamine (fast) and openpyxl (fallback) give the same text for every cell."""
    pytest.importorskip("python_calamine")
    import openpyxl

    from workbench.io.xlsx import _xlsx_rows_calamine, _xlsx_rows_openpyxl
    root = Path(__file__).resolve().parent.parent
    books = sorted(root.glob("data/programs/*/*.xlsx")) + sorted(root.glob("tests/**/*.xlsx"))
    assert books, "no workbook to compare"
    from workbench.io.limits import TooLarge
    from workbench.io.xlsx import scan_sheet
    for book in books:
        for sheet in openpyxl.load_workbook(book, read_only=True).sheetnames:
            try:   # the hostile corpus cases are refused before any reader sees them
                scan_sheet(book.read_bytes(), sheet)
            except TooLarge:
                continue
            fast, slow = _xlsx_rows_calamine(book, sheet), _xlsx_rows_openpyxl(book, sheet)
            assert _trimmed(fast) == _trimmed(slow), f"{book.name}:{sheet}"


# ------------------------------------------------------------------ issue 15: hostile and messy

def test_a_pipe_or_an_oversized_file_is_refused_without_reading(tmp_path, monkeypatch):
    import os

    import workbench.files as files
    folder = write_program(tmp_path / "p", hr__csv=None)
    os.mkfifo(folder / "hr.csv")                      # opening it for reading would hang
    found = problems(folder)
    assert len(found) == 1 and "not a regular file" in found[0], found
    (folder / "hr.csv").unlink()
    (folder / "hr.csv").write_text(corpus.HR)
    monkeypatch.setattr(files.read_inside, "__defaults__", (130,))
    found = problems(folder)
    assert len(found) == 1 and found[0].startswith("program.yaml:13:tables.workforce.file: the file is"), found
    assert "over the limit of" in found[0]


def test_a_link_inside_the_folder_is_followed(tmp_path):
    folder = write_program(tmp_path / "p", hr__csv=None)
    (folder / "exports").mkdir()
    (folder / "exports" / "hr-2026.csv").write_text(corpus.HR)
    (folder / "hr.csv").symlink_to(folder / "exports" / "hr-2026.csv")
    assert len(load_program(folder).workforce) == 4


def test_true_problem_count_beyond_the_shown_lines(tmp_path):
    n = 50
    # one known id, so the column is not wholly wrong (that is one line: test_draft_corpus)
    people = "person_id,role\nE1,mentee\n" + "".join(f"X{i},mentee\n" for i in range(n))
    result = check_program(write_program(tmp_path / "p", people__csv=people, pairs__csv=None,
                                         program__yaml=corpus.YAML.replace("  relationships: {file: pairs.csv}\n", "")))
    assert result.count == n and len(result.problems) == MAX_PER_COLUMN + 1
    run = subprocess.run([sys.executable, "-m", "workbench", "validate", str(tmp_path / "p")],
                         capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert run.stderr.strip().splitlines()[-1].startswith(f"{n} problem(s) in")


def test_warnings_load_unless_strict(tmp_path):
    folder = GOOD / "missing_token_warning"
    result = check_program(folder)
    assert result.program is not None and result.warning_count == 1
    assert result.program.workforce["location"].isna().sum() == 3      # NA read as empty, said so
    assert "2 cell(s) holding 'NA'" in str(result.warnings[0])
    strict = check_program(folder, strict=True)
    assert strict.program is None and any("'NA'" in str(p) for p in strict.problems)
    with pytest.raises(InputError):
        load_program(folder, strict=True)
    run = subprocess.run([sys.executable, "-m", "workbench", "validate", "--strict", str(folder)],
                         capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert run.returncode == 2 and "holding 'NA'" in run.stderr
    run = subprocess.run([sys.executable, "-m", "workbench", "validate", str(folder)],
                         capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert run.returncode == 0 and "warning: hr.csv:2:location:" in run.stderr


def test_configured_missing_tokens_keep_na_as_a_label():
    wf = load_program(GOOD / "missing_tokens").workforce
    assert wf["location"].tolist() == ["NA", "NA", "EU", "None"]


def test_labels_differing_in_case_or_space_are_one_group():
    wf = load_program(GOOD / "label_case_and_space").workforce
    assert sorted(set(wf["department"])) == ["IT", "Sales"]


def test_xlsx_cells_read_as_shown_and_visible_sheet():
    assert load_program(GOOD / "xlsx_percent_as_shown").surveys["goal_progress"].tolist() == [33.0, 87.5]
    assert set(load_program(GOOD / "xlsx_hidden_stale_first_sheet").workforce["department"]) == {"Marketing"}
    wf = load_program(GOOD / "xlsx_title_rows").workforce
    assert wf["employee_id"].tolist() == ["E1", "E2", "E3", "E4"]


def test_csv_shapes_real_exports_have():
    for case in ("sep_line", "utf16_without_bom", "csv_title_rows", "header_row_override"):
        wf = load_program(GOOD / case).workforce
        assert wf["employee_id"].tolist() == ["E1", "E2", "E3", "E4"], case
        assert wf["level"].tolist() == [1, 2, 5, 6], case


def test_values_maps_take_numbers_and_yes_no():
    prog = load_program(GOOD / "values_numbers_and_yes_no")
    assert prog.workforce["level"].tolist() == [1, 2, 5, 6]
    assert prog.relationships["healthy"].tolist() == [True, False]


def test_extra_columns_are_kept_typed_after_the_canonical_ones():
    wf = load_program(GOOD / "extra_columns").workforce
    canon = [c.name for c in TABLES["workforce"].columns]
    assert list(wf.columns) == canon + ["overtime", "engagement"]
    assert wf["overtime"].dtype == "boolean" and wf["overtime"].tolist()[:3] == [True, False, True]
    assert wf["engagement"].dtype == "float64" and wf["engagement"].tolist()[:3] == [3.5, 4.0, 2.0]
    assert pd.isna(wf["engagement"].iloc[3])
    from workbench.io import extra_columns
    assert extra_columns(load_program(GOOD / "extra_columns")) == {"workforce": {"overtime": "bool", "engagement": "float"}}


@pytest.mark.parametrize("values, kind", [
    (["yes", "No", ""], "bool"), (["1", "2", "3"], "int"), (["1,5", "2"], "float"),
    (["2025-01-03", "14/03/2025"], "date"), (["Remote", "Office"], "category"), (["1", "x"], "category")])
def test_extra_column_kind_inferred(values, kind):
    from workbench.io.converters import infer_kind
    from workbench.io.parsing import missing_mask
    s = pd.Series(values, index=range(2, 2 + len(values)))
    assert infer_kind(s, missing_mask(s)) == kind


def test_extra_columns_can_be_matching_fields(tmp_path):
    text = (GOOD / "extra_columns" / "program.yaml").read_text()
    folder = write_program(tmp_path / "p", hr__csv=(GOOD / "extra_columns" / "hr.csv").read_text(),
                           program__yaml=text + "matching:\n  criteria:\n    - {kind: same, field: overtime}\n")
    assert load_program(folder).config.matching.criteria[0].field == "overtime"
    folder = write_program(tmp_path / "q", hr__csv=(GOOD / "extra_columns" / "hr.csv").read_text(),
                           program__yaml=text + "matching:\n  criteria:\n    - {kind: same, field: overtme}\n")
    assert "did you mean 'overtime'?" in problems(folder)[0]


def test_foreign_workbook_loads_as_the_client_meant():
    prog = load_program(GOOD / "foreign_workbook")
    wf, people = prog.workforce, prog.people
    assert wf["level"].tolist() == [1, 2, 4, 5, 3]
    assert wf["hire_date"].tolist()[2] == pd.Timestamp("2015-06-25")
    assert wf["location"].tolist()[-1] == "Genève"
    assert people["role"].tolist() == ["mentee", "mentee", "mentee", "mentor", "mentor"]
    assert people["joined"].iloc[0] == pd.Timestamp("2025-01-13")


@pytest.mark.parametrize("bad, known, near", [
    ("42", ["0042", "E1"], "0042"), ("42.0", ["42"], "42"), ("e17", ["E17"], "E17"),
    ("1.23457E+11", ["123456789012"], "123456789012"), ("E10O2", ["E1002"], "E1002"), ("Z", ["E10"], None)])
def test_id_hints(bad, known, near):
    from workbench.io.checks import IdHints
    assert IdHints(known)(bad)[0] == near


def test_not_matched_program_validates_with_empty_pair_tables():
    prog = load_program(GOOD / "not_matched_yet")
    assert prog.relationships.empty and prog.checkins.empty and len(prog.people) == 4


def test_hostile_yaml_never_raises(tmp_path):
    from workbench.config_yaml import parse_config
    for text in ("a: " + "[" * 100000, "- " * 30000 + "x", "a: &x [1]\nb: *x\n", "!!python/name:os.system\n",
                 "a: 1\na: 2\n", "\x00\x01", "a: !!binary aGk=\n"):
        (tmp_path / "program.yaml").write_text(text)
        result = parse_config(tmp_path)
        assert result.config is None and result.problems, text[:20]


def test_a_quoted_multi_line_value_is_not_a_stray_quote(tmp_path):
    people = corpus.PEOPLE.replace("capacity\n", "capacity,track\n").replace("E1,mentee,", 'E1,mentee,,"Sales, north\nteam"')
    prog = load_program(write_program(tmp_path / "p", people__csv=people))
    assert prog.people["track"].iloc[0] == "Sales, north\nteam"


from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

_CELL = st.text(st.characters(min_codepoint=32, max_codepoint=0x2FF, blacklist_characters="\x7f"), min_size=1,
                max_size=12).map(str.strip).filter(bool)


@settings(max_examples=60, deadline=None)
@given(rows=st.lists(st.lists(_CELL, min_size=3, max_size=3), min_size=1, max_size=8),
       delim=st.sampled_from([",", ";", "\t"]), enc=st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "utf-16-le"]))
def test_csv_round_trip(tmp_path_factory, rows, delim, enc):
    """Whatever the cells (quotes, separators, accents), a CSV written by the csv module reads back
    cell for cell, in every encoding the reader detects."""
    import csv
    import io as _io

    from workbench.config import TableSource
    from workbench.io.collect import Collector
    from workbench.io.readers import read_table_file
    folder = tmp_path_factory.mktemp("rt")
    buf = _io.StringIO()
    csv.writer(buf, delimiter=delim, lineterminator="\n").writerows([["employee_id", "department", "level"]] + rows)
    (folder / "t.csv").write_bytes(buf.getvalue().encode(enc))
    out = Collector()
    raw = read_table_file(folder, TableSource(file="t.csv"), "workforce", out)
    assert not out.problems, [str(p) for p in out.problems]
    assert raw.frame.values.tolist() == rows
