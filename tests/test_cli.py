"""The command line says what went wrong: ``report`` on invalid input or a failing notebook."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from workbench import cli
from workbench.report.run import ReportResult

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

    monkeypatch.setattr("workbench.batch.run_isolated", fake)
    code = cli.main(["report", str(tmp_path / "acme"), "--out", str(tmp_path / "out")])
    err = capsys.readouterr().err
    assert code == 1 and seen["failed_dir"] == tmp_path / "out" / "_failed"
    assert "notebook 04_kpi_review, cell 4 failed: TypeError: boom" in err
    assert str(kept) in err


# ------------------------------------------------ issue 32.6: report runs isolated and time-limited
def _one_notebook(folder: Path, body: str) -> Path:
    import nbformat
    folder.mkdir()
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell('program_dir = "."\noutput_dir = None'),
                nbformat.v4.new_code_cell(body)]
    nb.cells[0].metadata["tags"] = ["parameters"]
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(nb, folder / "page.ipynb")
    return folder


def _earlier_report(out: Path) -> Path:
    (out / "onboarding-pilot").mkdir(parents=True)
    good = out / "onboarding-pilot" / "index.html"
    good.write_text("<html>the earlier good report</html>")
    (out / "onboarding-pilot" / "manifest.json").write_text('{"title": "Pilot", "headlines": {}}')
    return good


@pytest.mark.slow   # a whole report run (5-12 s): in make test-all
def test_report_of_a_hanging_notebook_stops_at_its_time_limit_and_keeps_the_earlier_report(
        tmp_path, monkeypatch, capsys):
    import time
    nbs = _one_notebook(tmp_path / "nbs", "import time\ntime.sleep(600)")
    monkeypatch.setattr("workbench.report.stages.NOTEBOOKS", ("page",))
    monkeypatch.setattr("workbench.report.stages.NOTEBOOK_DIR", nbs)
    out = tmp_path / "out"
    good = _earlier_report(out)
    t0 = time.monotonic()
    code = cli.main(["report", str(ROOT / "data" / "programs" / "onboarding-pilot"), "--out", str(out),
                     "--notebook-timeout", "8"])
    err = capsys.readouterr().err
    assert code == 1 and time.monotonic() - t0 < 120
    line = [ln for ln in err.splitlines() if " failed: " in ln]
    assert len(line) == 1 and "over the time limit of 8 s a notebook" in line[0] and "page" in line[0]
    assert "Traceback" not in err
    assert good.read_text() == "<html>the earlier good report</html>"
    assert not list(out.glob(".onboarding-pilot.tmp-*"))          # its temporary folder is gone


def test_report_whose_process_crashes_is_one_line_and_keeps_the_earlier_report(tmp_path, monkeypatch, capsys):
    """The child aborts (as a reader allocating 512 GB did): the command survives and says so."""
    hook = tmp_path / "hook"
    hook.mkdir()
    (hook / "sitecustomize.py").write_text("import os, signal\nos.kill(os.getpid(), signal.SIGABRT)\n")
    monkeypatch.setenv("PYTHONPATH", str(hook))
    out = tmp_path / "out"
    good = _earlier_report(out)
    code = cli.main(["report", str(ROOT / "data" / "programs" / "onboarding-pilot"), "--out", str(out)])
    err = capsys.readouterr().err
    assert code == 1
    line = [ln for ln in err.splitlines() if " failed: " in ln]
    assert len(line) == 1 and "crashed (SIGABRT" in line[0], err
    assert "Traceback" not in err and good.read_text() == "<html>the earlier good report</html>"


def test_report_refuses_a_time_limit_of_zero(capsys):
    assert cli.main(["report", "x", "--program-timeout", "0"]) == 2
    assert "--program-timeout must be a number of seconds above 0" in capsys.readouterr().err
