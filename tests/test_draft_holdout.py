"""``init`` on client files it was not written on (benchmarks/init_holdout): role answers in
other languages, the people table in parts (a sheet or file of mentors, another of mentees) with
what to do, a form's response number never drafted as a person id, and a held-out folder end to
end (init -> do what the draft says -> validate --strict ok)."""
from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
import yaml

from workbench.draft import draft_program, role_of
from workbench.draft.labels import _label_map, part_role
from workbench.draft.names import fold
from workbench.io import check_program

ROOT = Path(__file__).resolve().parent.parent
HOLDOUT = ROOT / "benchmarks" / "init_holdout"
TOP = {"client": "Client", "program": "Pilot", "purposes": ["retention"], "format": "one_to_one",
       "start_date": "2026-01-05", "snapshot_date": "2026-11-30"}


def _client(tmp_path: Path, name: str) -> Path:
    folder = tmp_path / name
    shutil.copytree(HOLDOUT / name, folder, ignore=shutil.ignore_patterns("truth.json"))
    return folder


@pytest.mark.parametrize("answer, role", [
    ("Ik wil graag mentor zijn", "mentor"), ("Ik zoek een mentor", "mentee"),
    ("Voglio fare da mentor a un collega", "mentor"), ("Vorrei essere seguito da un mentor", "mentee"),
    ("Quero ser mentor", "mentor"), ("Quero ter um mentor", "mentee"),
    ("Chcę zostać mentorem", "mentor"), ("Chcę mieć mentora", "mentee"),
    ("Jag vill vara mentor för någon", "mentor"), ("Jag vill ha en mentor", "mentee"),
    ("I would like a mentor", "mentee"), ("Both", None),
    ("Quero ser mentor(a)", "mentor"), ("Procuro um(a) mentor(a)", "mentee"), ("Mentor(in)", "mentor"),
])
def test_role_answers_in_other_languages(answer, role):
    assert role_of(answer) == role
    found, _ = _label_map("role", pd.Series([answer]))
    assert found.get(answer) == role


@pytest.mark.parametrize("name, role", [("Mentees", "mentee"), ("mentors", "mentor"), ("Mentores", "mentor"),
                                        ("Mentorados", "mentee"), ("Pairs", None), ("Mentors and mentees", None)])
def test_a_sheet_or_file_name_gives_its_rows_role(name, role):
    assert part_role(name) == role


def test_role_labels_with_a_gender_ending():
    found, unknown = _label_map("role", pd.Series(["Mentor(a)", "Mentorado(a)", "Adept"]))
    assert found == {"Mentor(a)": "mentor", "Mentorado(a)": "mentee", "Adept": "mentee"} and not unknown


def test_status_labels_by_a_near_spelling_and_letters_nfkd_keeps():
    found, unknown = _label_map("status", pd.Series(["Ativo", "Concluído", "Avslutad", "Chiusa"]))
    assert found == {"Ativo": "active", "Concluído": "completed", "Avslutad": "completed", "Chiusa": "completed"}
    assert not unknown
    assert fold("Dział Łódź Ørsted Straße") == "Dzial Lodz Orsted Strasse"


def test_the_people_table_in_parts_says_what_to_do(tmp_path):
    text = draft_program(_client(tmp_path, "pt-personio-acompanhamento"))
    draft = yaml.safe_load(text)
    people = draft["tables"]["people"]
    other = "Mentores" if people["sheet"] == "Mentorados" else "Mentorados"
    assert "TODO people in parts" in text and "add a column 'Role'" in text
    assert f"# Acompanhamento mentoria.xlsx (sheet {other!r}): not used: more rows of the people table" in text
    pairs = draft["tables"]["relationships"]       # pairs refer to mentors and mentees alike
    assert pairs["sheet"] == "Pares" and pairs["columns"]["Mentor"] == "mentor_id"
    assert pairs["columns"]["Mentorado"] == "mentee_id" and pairs["values"]["status"]["Ativo"] == "active"


def test_a_forms_response_number_is_not_a_person_id(tmp_path):
    draft = yaml.safe_load(draft_program(_client(tmp_path, "b2-nl-afas-msforms")))
    cols = draft["tables"]["people"]["columns"]
    assert cols["Personeelsnummer"] == "person_id" and "Id" not in cols


def test_a_held_out_folder_validates_after_doing_what_the_draft_says(tmp_path):
    """mentors.csv and mentees.csv: init, put the two parts together as the draft says, validate."""
    folder = _client(tmp_path, "us-adp-mentors-mentees")
    run = subprocess.run([sys.executable, "-m", "workbench", "init", str(folder)], capture_output=True, text=True,
                         cwd=ROOT, timeout=300)
    assert run.returncode == 0, run.stderr
    text = (folder / "program.yaml").read_text(encoding="utf-8")
    assert "TODO people in parts" in text
    draft = yaml.safe_load(text)
    people = draft["tables"]["people"]
    main = pd.read_csv(folder / people["file"], dtype=str, keep_default_na=False)
    other = pd.read_csv(folder / ({"mentors.csv", "mentees.csv"} - {people["file"]}).pop(), dtype=str,
                        keep_default_na=False)
    main["Role"] = "mentor" if people["file"] == "mentors.csv" else "mentee"
    other["Role"] = "mentee" if people["file"] == "mentors.csv" else "mentor"
    pd.concat([main, other], ignore_index=True).to_csv(folder / people["file"], index=False)
    people["columns"]["Role"] = "role"
    for line in text.splitlines():                  # "map 'X: y' too": the columns only the other part has
        if "come along: map" in line:
            for pair in line.split("come along: map ")[1].split(" too")[0].split(", "):
                k, v = pair.strip("'").split(": ")
                people["columns"][k] = v
    draft.update(TOP)
    (folder / "program.yaml").write_text(yaml.safe_dump(draft, allow_unicode=True, sort_keys=False), encoding="utf-8")
    result = check_program(folder, strict=True)
    assert result.program is not None, [str(p) for p in result.problems + result.warnings][:5]
    truth = json.loads((HOLDOUT / "us-adp-mentors-mentees" / "truth.json").read_text(encoding="utf-8"))
    assert set(draft["tables"]) == set(truth["tables"])


def test_grade_labels_are_a_level_but_unique_codes_are_not(tmp_path):
    """'K5', 'K7' repeating: the level by content; 'E0'..'E5' once each (ids) or 'v00'..'v50' (0 and
    50 are no levels): never the level."""
    rows = [[f"E{i}", ["Sales", "Ops"][i % 2], f"2020-01-0{i + 1}", f"v{i}0", f"K{3 + i % 3}"] for i in range(6)]
    pd.DataFrame(rows, columns=["2024", "Department", "Hire date", "0", "Kategoria"]).to_csv(tmp_path / "hr.csv",
                                                                                            index=False)
    draft = yaml.safe_load(draft_program(tmp_path))
    cols = draft["tables"]["workforce"]["columns"]
    assert cols["2024"] == "employee_id" and cols["Kategoria"] == "level" and "0" not in cols
    assert draft["tables"]["workforce"]["values"]["level"] == {"K3": 3, "K4": 4, "K5": 5}
