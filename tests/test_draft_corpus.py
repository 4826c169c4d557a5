"""``init`` on the files clients really send (issue 31): folders of benchmarks/init_corpus end to
end (init -> fill the TODOs only the client can answer -> validate --strict ok), names and
e-mail addresses never drafted as ids, role answers in any phrasing, every sheet a candidate,
partial drafts that say what is missing, unused files that say why."""
from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from workbench.draft import _label_map, draft_program, role_of
from workbench.draft.names import ID_WORDS, name_score, words
from workbench.io import check_program

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "benchmarks" / "init_corpus"

TOP = {"client": "Client", "program": "Pilot", "purposes": ["retention"], "format": "one_to_one",
       "start_date": "2026-01-05"}
US_LEVELS = {"Production Technician I": 1, "Production Technician II": 2, "Area Sales Manager": 4,
             "Software Engineer": 3, "IT Support": 2, "Data Analyst": 3, "Accountant I": 2,
             "Production Manager": 5, "Sr. Network Engineer": 4, "Director of Sales": 6}


def _client(tmp_path: Path, name: str) -> Path:
    folder = tmp_path / name
    shutil.copytree(CORPUS / name, folder, ignore=shutil.ignore_patterns("truth.json"))
    return folder


def _fill(folder: Path, **tables) -> dict:
    """The consultant's part: the top-level keys and the TODOs the client answered."""
    path = folder / "program.yaml"
    draft = yaml.safe_load(path.read_text(encoding="utf-8"))
    draft.update(TOP)
    draft.setdefault("snapshot_date", "2026-11-30")
    for table, edit in tables.items():
        edit(draft["tables"][table])
    path.write_text(yaml.safe_dump(draft, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return draft


def _level_from_position(spec):
    spec.setdefault("columns", {})["Position"] = "level"
    spec.setdefault("values", {})["level"] = US_LEVELS


def _e13(spec):
    spec["values"]["level"]["E13"] = 12


@pytest.mark.parametrize("name, fills", [
    ("us-hris-forms-tracker", {"workforce": _level_from_position}),
    ("de-personalstamm-tandems", {"workforce": _e13}),
    pytest.param("uk-one-workbook", {}, marks=pytest.mark.slow),   # three more with `make test-all`
    pytest.param("platform-exports", {}, marks=pytest.mark.slow),
    pytest.param("es-plantilla-parejas", {}, marks=pytest.mark.slow),
    ("nl-personeel-aanmeldingen", {}),
], ids=lambda v: v if isinstance(v, str) else "")
def test_a_client_folder_validates_after_the_clients_todos(tmp_path, name, fills):
    folder = _client(tmp_path, name)
    run = subprocess.run([sys.executable, "-m", "workbench", "init", str(folder)], capture_output=True, text=True,
                         cwd=ROOT, timeout=300)
    assert run.returncode == 0, run.stderr
    draft = _fill(folder, **fills)
    truth = json.loads((CORPUS / name / "truth.json").read_text(encoding="utf-8"))
    assert set(draft["tables"]) == set(truth["tables"])
    result = check_program(folder, strict=True)
    assert result.program is not None, [str(p) for p in result.problems + result.warnings][:5]


def test_the_us_client_of_issue_31(tmp_path):
    """HRIS export (BOM, US dates, no level), Microsoft Forms sign-up, tracker with a title row."""
    text = draft_program(_client(tmp_path, "us-hris-forms-tracker"))
    draft = yaml.safe_load(text)
    wf, people = draft["tables"]["workforce"], draft["tables"]["people"]
    assert wf["file"].startswith("HRDataset_v14") and wf["date_order"] == "monthfirst"
    assert wf["columns"]["EmpID"] == "employee_id" and wf["columns"]["DateofHire"] == "hire_date"
    assert wf["columns"]["DateofTermination"] == "exit_date"
    assert "Employee_Name" not in wf["columns"] and "ManagerID" not in wf["columns"]
    assert "'ManagerID' is not mapped to manager_id" in text          # manager numbers, not employee ids
    assert "TODO level (required)" in text and "'Position: level' under columns" in text
    skeleton = [line for line in text.splitlines() if line.endswith((" rows", " row")) and line.startswith("    #     ")]
    counts = [int(line.split("# ")[-1].split()[0]) for line in skeleton]
    assert len(skeleton) == 10 and counts == sorted(counts, reverse=True)    # most frequent first
    assert people["values"]["role"] == {"I would like a mentor": "mentee",
                                        "I would like to mentor someone": "mentor"}
    assert people["columns"]["What is your employee number?"] == "person_id"
    assert draft["tables"]["relationships"]["sheet"] == "Pairs"
    assert draft["tables"]["checkins"]["sheet"] == "Check-ins"
    assert draft["tables"]["relationships"]["header_row"] == 3
    assert draft["snapshot_date"] == "2026-11-30" and "the date in the file name" in text


def test_a_partial_draft_and_unused_files_say_why(tmp_path):
    text = draft_program(_client(tmp_path, "ibm-attrition-google-forms"))
    assert "TODO hire_date (required): no hire date; 'YearsAtCompany' gives years of service only" in text
    assert "# notes from HR.txt: not used: " in text
    text = draft_program(_client(tmp_path, "uk-one-workbook"))
    assert "# Mentoring programme 2026.xlsx (sheet 'Read me'): not used: " in text
    assert yaml.safe_load(text)["tables"]["surveys"]["sheet"] == "Feedback"


def test_no_tables_at_all_says_what_is_missing(tmp_path):
    (tmp_path / "budget.csv").write_text("Item,Amount\nVenue,1200\nCatering,800\n")
    text = draft_program(tmp_path)
    assert "# TODO workforce (required): no file or sheet looks like the workforce table" in text
    assert "# budget.csv: not used: its columns ('Item', 'Amount') do not make one of our tables" in text


_FIRST = ["Ana", "Ben", "Chloé", "Dev", "Eun-ji", "Femi", "Gus", "Hana", "Ivo", "Jo"]
_LAST = ["Smith", "O'Neil", "García", "Nguyen", "Müller", "Ait Sidi", "Okafor", "Lee", "Rossi", "Kowalski"]


@settings(max_examples=25, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(_FIRST), st.sampled_from(_LAST)), min_size=6, max_size=30),
       st.sampled_from(["Employee_Name", "Employee", "Full Name", "Participant", "Mentee", "Email", "Staff"]),
       st.booleans(), st.booleans())
def test_a_name_column_is_never_drafted_as_an_id(tmp_path_factory, people, header, comma, with_id):
    """Whatever its header says (Employee, Participant, Mentee...), a column of people's names or
    e-mail addresses never becomes an id, even when no other column could be; the real id column
    does."""
    folder = tmp_path_factory.mktemp("names")
    cells = [(f"{last}, {first}" if comma else f"{first} {last}") for first, last in people]
    if header == "Email":
        cells = [f"{first}.{last}@example.com".lower().replace(" ", "").replace("'", "") for first, last in people]
    cells = [f"{c} {chr(65 + i // 26)}{chr(97 + i % 26)}." if header != "Email" and cells.count(c) > 1 else c
             for i, c in enumerate(cells)]
    frame = pd.DataFrame({header: cells, "EmpID": [str(10001 + i) for i in range(len(cells))],
                          "Department": ["Sales", "Ops"] * (len(cells) // 2) + ["Sales"] * (len(cells) % 2),
                          "DateofHire": ["3/14/2019"] * len(cells),
                          "Role": (["Mentor", "Mentee"] * len(cells))[:len(cells)]})
    if not with_id:
        frame = frame.drop(columns="EmpID")
    frame.to_csv(folder / "export.csv", index=False)
    draft = yaml.safe_load(draft_program(folder))
    for spec in (draft.get("tables") or {}).values():
        cols = spec.get("columns") or {}
        assert cols.get(header) is None or not cols[header].endswith("_id"), (header, cols)
        if "person_id" in cols.values() or "employee_id" in cols.values():
            assert next(k for k, v in cols.items() if v.endswith("_id")) == "EmpID"


@pytest.mark.parametrize("answer, role", [
    ("I would like a mentor", "mentee"), ("I would like to mentor someone", "mentor"), ("Mentor*in", "mentor"),
    ("Mentee", "mentee"), ("Mentee (I want to be mentored)", "mentee"), ("Mentor (I want to mentor others)", "mentor"),
    ("I want to be a mentor", "mentor"), ("Find a mentor", "mentee"), ("Als Mentor:in", "mentor"),
    ("a mentor", "mentor"), ("As a Mentee", "mentee"), ("une mentorée", "mentee"),
    ("Both", None), ("Not sure yet", None)])
def test_role_answers_in_any_phrasing(answer, role):
    if answer[0].isupper() or " " in answer and not answer.startswith(("a ", "une ")):
        assert role_of(answer) == role
    found, unknown = _label_map("role", pd.Series([answer]))
    assert found.get(answer) == role or (role is None and unknown == [answer]) or answer.lower() == role


@pytest.mark.parametrize("header, table, column", [
    ("EmpID", "workforce", "employee_id"), ("DateofHire", "workforce", "hire_date"),
    ("DateofTermination", "workforce", "exit_date"), ("ManagerID", "workforce", "manager_id"),
    ("JobLevel", "workforce", "level"), ("Personalnummer", "workforce", "employee_id")])
def test_names_split_at_capitals_and_underscores(header, table, column):
    assert name_score(header, table, column)[0] >= 2
    assert words("Employee_Name") == ("employee", "name")
    assert words("LastPerformanceReview_Date") == ("last", "performance", "review", "date")


def test_validate_says_once_when_a_whole_id_column_is_wrong(tmp_path):
    """ManagerID holds manager numbers (1-21), not EmpIDs: one line saying so, not one per row."""
    folder = _client(tmp_path, "us-hris-forms-tracker")
    (folder / "program.yaml").write_text(draft_program(folder), encoding="utf-8")

    def manager_numbers(spec):
        _level_from_position(spec)
        spec["columns"]["ManagerID"] = "manager_id"
    _fill(folder, workforce=manager_numbers)
    result = check_program(folder, strict=True)
    lines = [str(p) for p in result.problems]
    assert result.count == 1 and len(lines) == 1, lines
    assert lines[0].startswith("HRDataset_v14_export_2026-11-30.csv:2:ManagerID: none of the 120 values of "
                               "'ManagerID'")
    assert "map the column that holds the workforce table's employee_ids under tables.workforce.columns" in lines[0]


def test_a_whole_column_with_its_leading_zeros_lost_says_why_once(tmp_path):
    from workbench.io.checks import IdHints
    from workbench.io.validate import whole_column_unmatched
    known = {"0004", "0005", "0017"}
    line = whole_column_unmatched("pairs.csv", "Mentor", "mentor_id", pd.Series(["4", "5", "17"], index=[2, 3, 4]),
                                  known, "people.csv", "people.person_id", "tables.relationships.columns",
                                  IdHints(known))
    assert str(line).startswith("pairs.csv:2:Mentor: none of the 3 values of 'Mentor' is one of the person_ids in "
                                "people.csv as written: '4' is probably '0004' (the leading zeros")
    one_known = pd.Series(["4", "0005", "17"], index=[2, 3, 4])
    assert whole_column_unmatched("pairs.csv", "Mentor", "mentor_id", one_known, known, "people.csv",
                                  "people.person_id", "tables.relationships.columns") is None


def test_a_sign_up_with_names_only_asks_for_employee_ids(tmp_path):
    (tmp_path / "hr.csv").write_text("Staff ID,Full Name,Department Name,Grade,Start Date,Last Rating\n" + "".join(
        f"S{i},{n},{d},{i % 5 + 1},2020-01-0{i},{r}\n" for i, (n, d, r) in enumerate(
            [("Ann Lee", "Customer Support", "Exceeds"), ("Bob Stone", "Customer Support", "Meets"),
             ("Cleo Hart", "Finance", "Meets"), ("Dirk Bos", "Finance", "Below"), ("Eva Smit", "Finance", "Meets")],
            start=1)))
    (tmp_path / "signup.csv").write_text("Timestamp,Email Address,Your name,I want to be\n"
                                         "2026-01-05 10:00:00,ann.lee@x.com,Ann Lee,a mentee\n"
                                         "2026-01-05 11:00:00,bob.stone@x.com,Bob Stone,a mentor\n"
                                         "2026-01-06 09:00:00,cleo.hart@x.com,Cleo Hart,a mentee\n")
    text = draft_program(tmp_path)
    draft = yaml.safe_load(text)
    assert draft["tables"]["workforce"]["columns"]["Department Name"] == "department"
    assert "'Last Rating' is named like performance but not mapped: its content is not numbers (text)" in text
    people = draft["tables"]["people"]
    assert people["columns"] == {"I want to be": "role", "Timestamp": "joined"}
    assert people["values"]["role"] == {"a mentee": "mentee", "a mentor": "mentor"}
    assert ("TODO person_id (required): no column holds employee ids: signup.csv names people by "
            "'Email Address', 'Your name' only") in text


def test_an_older_export_of_the_same_table_is_named_not_used(tmp_path):
    """Two HR exports with the same columns: the newer one is the workforce, the other is named
    (never drafted as surveys because it has a satisfaction column)."""
    folder = _client(tmp_path, "us-hris-forms-tracker")
    new = folder / "HRDataset_v14_export_2026-11-30.csv"
    (folder / "HRDataset_v14_export_2025-11-30.csv").write_bytes(new.read_bytes())
    text = draft_program(folder)
    draft = yaml.safe_load(text)
    assert draft["tables"]["workforce"]["file"] == new.name and "surveys" not in draft["tables"]
    assert ("# HRDataset_v14_export_2025-11-30.csv: not used: the same columns as "
            "HRDataset_v14_export_2026-11-30.csv, which looks newer") in text


_HEADER = st.text(st.characters(blacklist_categories=("Cs", "Cc", "Zl", "Zp")), min_size=1, max_size=20).filter(
    lambda h: h.strip() and '"' not in h and "," not in h and h.strip() == h and not set(words(h)) & ID_WORDS
    and name_score(h, "workforce", "employee_id")[0] == 0)     # no other header says "id"


@pytest.mark.slow
@settings(max_examples=40, deadline=None)
@given(st.lists(_HEADER, min_size=2, max_size=4, unique_by=lambda h: h.lower()),
       st.sampled_from(["Employee ID", "2024", "yes", "Date: hire", "#id", "Nr. [intern]", "  Dept  ", "null"]))
def test_the_draft_is_valid_yaml_whatever_the_headers(tmp_path_factory, headers, odd):
    """Any header text (colons, #, numbers, yes/no, unicode) is written so the draft parses and
    the mapping keys are the headers exactly."""
    folder = tmp_path_factory.mktemp("headers")
    known = {"department", "hire date"}
    cols = [odd.strip(), "Department", "Hire date"] + [h for h in headers
                                                         if h.lower() not in known | {odd.strip().lower()}]
    rows = [[f"E{i}", ["Sales", "Ops"][i % 2], f"2020-01-0{i + 1}"] + [f"v{i}{j}" for j in range(len(cols) - 3)]
            for i in range(6)]
    pd.DataFrame(rows, columns=cols).to_csv(folder / "hr.csv", index=False)
    text = draft_program(folder)
    draft = yaml.safe_load(text)
    spec = draft["tables"]["workforce"]
    mapped = spec.get("columns") or {}
    assert set(map(type, mapped)) <= {str} and set(mapped) <= set(cols)
    named_like_ours = re.sub(r"[\s\-]+", "_", odd.strip().lower()) == "employee_id"
    assert mapped.get(odd.strip()) == "employee_id" or named_like_ours and "employee_id" not in mapped.values()
