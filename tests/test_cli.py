"""The command line says what went wrong: ``report`` on invalid input or a failing notebook."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from workbench import cli
from workbench.report import ReportResult

ROOT = Path(__file__).resolve().parent.parent


def test_report_on_invalid_input_prints_the_problems(tmp_path):
    folder = ROOT / "tests" / "broken" / "self_pair"
    run = subprocess.run([sys.executable, "-m", "workbench", "report", str(folder), "--out", str(tmp_path)],
                         capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert run.returncode == 2
    assert "pairs.csv:3:mentor_id: 'E2' is paired with themself" in run.stderr
    assert "no report written" in run.stderr and "Traceback" not in run.stderr


def test_report_on_a_failing_notebook_names_it_and_keeps_it(tmp_path, monkeypatch, capsys):
    kept = tmp_path / "out" / "_failed" / "acme" / "04_kpi_review.ipynb"
    seen = {}

    def fake(program_dir, out_dir, failed_dir=None, **kw):
        seen["failed_dir"] = failed_dir
        kept.parent.mkdir(parents=True)
        kept.write_text("{}")
        return ReportResult("acme", "failed", notebook="04_kpi_review", cell=4, error="TypeError: boom")

    monkeypatch.setattr("workbench.report.report_program", fake)
    code = cli.main(["report", str(tmp_path / "acme"), "--out", str(tmp_path / "out")])
    err = capsys.readouterr().err
    assert code == 1 and seen["failed_dir"] == tmp_path / "out" / "_failed"
    assert "notebook 04_kpi_review, cell 4 failed: TypeError: boom" in err
    assert str(kept) in err
