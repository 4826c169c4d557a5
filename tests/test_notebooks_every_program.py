"""The real notebooks, run as a report (papermill, the batch on two local workers), on every bundled
program: one per format. Page 3 must show the program's format (circles for circles, pairs
otherwise) and every page must be there."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from workbench.config_yaml import read_config
from workbench.report.stages import NOTEBOOKS
from workbench.scoring import FORMATS, match_format

SAMPLES = Path(__file__).resolve().parent.parent / "data" / "programs"
PROGRAMS = sorted(p.name for p in SAMPLES.iterdir() if (p / "program.yaml").exists()) if SAMPLES.exists() else []


def test_every_format_has_a_bundled_program():
    formats = {read_config(SAMPLES / slug / "program.yaml").format for slug in PROGRAMS}
    assert formats == set(FORMATS)


@pytest.fixture(scope="module")
def reports(bundled_reports):
    return bundled_reports


@pytest.mark.slow
def test_the_batch_reports_every_program(reports):
    out, code, log = reports
    assert code == 0, log


@pytest.mark.slow
@pytest.mark.parametrize("slug", PROGRAMS)
def test_every_page_of_every_program(reports, slug):
    out, _, log = reports
    folder = out / slug
    assert (folder / "manifest.json").exists(), log
    for name in NOTEBOOKS:
        assert (folder / f"{name}.html").exists(), name
    page3 = (folder / "03_match_optimization.html").read_text(encoding="utf-8")
    entry = match_format(read_config(SAMPLES / slug / "program.yaml").format)
    assert f"Format: {entry.label}" in page3
    if entry.page == "circles":
        assert "Circle 1" in page3 and "The circles" in page3
    else:
        assert "The circles" not in page3              # a section only where it applies
    heads = json.loads((folder / "headlines.json").read_text())
    assert {"Mentees matched", "Mean pair score"} <= set(heads)
