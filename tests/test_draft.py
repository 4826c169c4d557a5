"""``python -m workbench init``: a draft program.yaml from a client's raw files (issue 15 item 11)."""
from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from workbench.config import TableSource
from workbench.draft import _label_map, draft_program
from workbench.io import check_program
from workbench.io.collect import Collector
from workbench.io.readers import read_table_file
from workbench.io.validate import _map_columns
from workbench.schema import TABLES

ROOT = Path(__file__).resolve().parent.parent
FOLDERS = sorted(ROOT.glob("data/programs/*/program.yaml")) + [ROOT / "tests/good/foreign_workbook/program.yaml"]


def _mapping(folder: Path, table: str, spec: dict) -> tuple[str, dict]:
    src = TableSource.model_validate(spec)
    out = Collector()
    raw = read_table_file(folder, src, table, out)
    return src.file, _map_columns(raw.frame, TABLES[table], src, src.file, table, out, lambda loc: None)


@pytest.mark.parametrize("original", [   # one program in the fast tier, every one with `make test-all`
    f if f.parent.name == "women-leadership-circles" else pytest.param(f, marks=pytest.mark.slow)
    for f in FOLDERS], ids=lambda p: p.parent.name)
def test_init_reproduces_the_table_and_column_mapping(tmp_path, original):
    folder = tmp_path / original.parent.name
    shutil.copytree(original.parent, folder, ignore=shutil.ignore_patterns("program.yaml", "expected.txt"))
    run = subprocess.run([sys.executable, "-m", "workbench", "init", str(folder)], capture_output=True,
                         text=True, cwd=ROOT, timeout=300)
    assert run.returncode == 0, run.stderr
    draft = yaml.safe_load((folder / "program.yaml").read_text())
    truth = yaml.safe_load(original.read_text())
    assert set(draft["tables"]) == set(truth["tables"])
    for table, spec in truth["tables"].items():
        assert _mapping(folder, table, draft["tables"][table]) == _mapping(original.parent, table, spec), table
    # the draft validates once the charter TODOs are filled
    filled = {k: v for k, v in truth.items() if k != "tables"}
    (folder / "program.yaml").write_text(yaml.safe_dump(filled, allow_unicode=True) +
                                         (folder / "program.yaml").read_text())
    result = check_program(folder)
    assert result.program is not None, [str(p) for p in result.problems][:5]
    # never overwrites
    run = subprocess.run([sys.executable, "-m", "workbench", "init", str(folder)], capture_output=True,
                         text=True, cwd=ROOT, timeout=300)
    assert run.returncode == 2 and "never overwritten" in run.stderr


def test_a_fresh_draft_validates_to_the_todos_only(tmp_path):
    folder = tmp_path / "client"
    shutil.copytree(ROOT / "tests/good/foreign_workbook", folder,
                    ignore=shutil.ignore_patterns("program.yaml", "expected.txt"))
    (folder / "program.yaml").write_text(draft_program(folder))
    result = check_program(folder)
    missing = {p.column for p in result.problems}
    assert missing == {"client", "program", "purposes", "format", "start_date", "snapshot_date"}, \
        [str(p) for p in result.problems]


def test_role_labels_in_the_clients_language():
    import pandas as pd
    found, unknown = _label_map("role", pd.Series(["Mentoré", "Mentorée", "Mentore", "mentor", "Lernende", "Boss"]))
    assert found == {"Mentoré": "mentee", "Mentorée": "mentee", "Mentore": "mentor", "Lernende": "mentee"}
    assert unknown == ["Boss"]
