"""``workbench report`` says when report.pdf was not written, and why, and updates the portfolio
(issue 30 item 9): the bundle without a PDF still exits 0, with a ``warning: report.pdf not
written: <why>; <how to fix>`` line; the portfolio ``<out>/index.html`` gets this program's row
beside the rows of the programs already reported there."""
from __future__ import annotations

import datetime as dt
import json
import subprocess
from pathlib import Path
from types import SimpleNamespace

import pytest

from workbench import cli, pdf
from workbench.report.run import ReportResult

ROOT = Path(__file__).resolve().parent.parent
PROGRAM = ROOT / "data" / "programs" / "onboarding-pilot"


def _bundle(out: Path, slug: str, heads: dict, with_pdf: bool = True) -> None:
    (out / slug).mkdir(parents=True)
    (out / slug / "manifest.json").write_text(json.dumps({"headlines": heads, "title": slug}))
    (out / slug / "index.html").write_text("<html></html>")
    if with_pdf:
        (out / slug / "report.pdf").write_bytes(b"%PDF-1.4")


def _fake(notes, made_pdf: bool):
    def fake(program_dir, out_dir, failed_dir=None, **kw):
        slug = Path(program_dir).name
        _bundle(Path(out_dir), slug, {"Client": "Northwind", "Program": "Pilot", "Participants": 60},
                with_pdf=made_pdf)
        return ReportResult(slug, "ok", seconds=3.0, notes=list(notes))
    return fake


def test_no_pdf_is_a_warning_with_why_and_how(tmp_path, monkeypatch, capsys):
    out = tmp_path / "reports"
    _bundle(out, "alpha-program", {"Client": "Acme", "Program": "Circles", "Participants": 12})
    monkeypatch.setattr("workbench.batch.run_isolated", _fake([pdf.NO_CHROMIUM], made_pdf=False))
    code = cli.main(["report", str(PROGRAM), "--out", str(out)])
    captured = capsys.readouterr()
    assert code == 0
    assert "report written without report.pdf" in captured.out
    warning = [ln for ln in captured.err.splitlines() if ln.startswith("warning: report.pdf not written: ")]
    assert len(warning) == 1
    assert "Chromium is not installed" in warning[0] and "apt-get install chromium" in warning[0]
    # the portfolio: this program's row (no PDF link) and the earlier one's (with its PDF)
    page = (out / "index.html").read_text(encoding="utf-8")
    assert "onboarding-pilot/index.html" in page and "onboarding-pilot/report.pdf" not in page
    assert "alpha-program/index.html" in page and "alpha-program/report.pdf" in page
    assert "portfolio updated" in captured.out


def test_with_a_pdf_no_warning_and_the_portfolio_links_it(tmp_path, monkeypatch, capsys):
    out = tmp_path / "reports"
    monkeypatch.setattr("workbench.batch.run_isolated", _fake([], made_pdf=True))
    assert cli.main(["report", str(PROGRAM), "--out", str(out)]) == 0
    captured = capsys.readouterr()
    assert "warning" not in captured.err and "report written to" in captured.out
    assert "onboarding-pilot/report.pdf" in (out / "index.html").read_text(encoding="utf-8")


def test_a_failed_run_keeps_its_row_without_problem_text(tmp_path, monkeypatch, capsys):
    out = tmp_path / "reports"
    _bundle(out, "onboarding-pilot", {"Client": "Northwind", "Program": "Pilot"})

    def fake(program_dir, out_dir, failed_dir=None, **kw):
        return ReportResult("onboarding-pilot", "failed", notebook="04_kpi_review", cell=3,
                            error="KeyError: 'E01234'")
    monkeypatch.setattr("workbench.batch.run_isolated", fake)
    assert cli.main(["report", str(PROGRAM), "--out", str(out)]) == 1
    page = (out / "index.html").read_text(encoding="utf-8")
    assert "not reported: the run failed (see the analyst log); showing the previous good report" in page
    assert "E01234" not in page                  # the terminal has the error, the index does not


def _program_stub(path: Path):
    look = SimpleNamespace(display_name=None, logo=None, accent="#2F5D8A", paper="A4")
    config = SimpleNamespace(report=look, client="Northwind", program="Pilot",
                             snapshot_date=dt.date(2026, 6, 30))
    return SimpleNamespace(config=config, path=path)


@pytest.mark.parametrize("failure, why", [
    (RuntimeError("Chromium could not print report.pdf: crashed"), "Chromium could not print report.pdf: crashed"),
    (subprocess.TimeoutExpired("chromium", 120), "Chromium did not finish printing within"),
])
def test_a_failed_print_leaves_a_note_that_says_why_and_how(tmp_path, monkeypatch, failure, why):
    from workbench.report.rendering import _publish_summary

    def failing(*a, **kw):
        raise failure
    monkeypatch.setattr(pdf, "write_pdf", failing)
    result = ReportResult("onboarding-pilot", "ok")
    _publish_summary(tmp_path, _program_stub(tmp_path), {"Client": "Northwind"}, (), result)
    assert len(result.notes) == 1
    note = result.notes[0]
    assert note.startswith("report.pdf not written: ") and why in note
    assert "run the report again" in note
    index = (tmp_path / "index.html").read_text(encoding="utf-8")
    assert 'href="report.pdf"' not in index and pdf.CSP_META in index and "<script" not in index


def test_without_chromium_the_note_says_how_to_install(tmp_path, monkeypatch):
    from workbench.report.rendering import _publish_summary
    monkeypatch.setenv("WORKBENCH_CHROMIUM", str(tmp_path / "no-such-chromium"))
    result = ReportResult("onboarding-pilot", "ok")
    _publish_summary(tmp_path, _program_stub(tmp_path), {"Client": "Northwind"}, (), result)
    assert result.notes == [pdf.NO_CHROMIUM]
    assert pdf.NO_CHROMIUM.startswith("report.pdf not written: Chromium is not installed; install it")
