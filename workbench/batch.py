"""Report on every program in a folder, one failing program never stopping the others.

Each program runs through :func:`workbench.report.report_program` (its own kernels and its own
temporary folder, swapped in only when complete). ``workers > 1`` runs programs in parallel
processes. The batch ends with a summary table and a top-level ``index.html``; the exit code is
non-zero when any program failed.

Example
-------
>>> run_batch(Path("data/programs"), Path("reports"), workers=2)   # doctest: +SKIP
0
"""
from __future__ import annotations

import html
import json
import sys
import time
import traceback
from concurrent.futures import ProcessPoolExecutor, as_completed
from pathlib import Path
from typing import Iterable, Optional

from .report import NOTEBOOK_DIR, NOTEBOOKS, ReportResult, report_program


def discover(programs_dir: Path, only: Optional[Iterable[str]] = None) -> list[Path]:
    """Program folders (those holding a ``program.yaml``) under ``programs_dir``, sorted."""
    found = sorted(p.parent for p in Path(programs_dir).glob("*/program.yaml"))
    if only:
        wanted = set(only)
        missing = wanted - {p.name for p in found}
        if missing:
            raise SystemExit(f"unknown program(s): {', '.join(sorted(missing))}")
        found = [p for p in found if p.name in wanted]
    return found


def _run_one(program_dir: Path, out_dir: Path, notebooks=NOTEBOOKS,
             notebook_dir: Path = NOTEBOOK_DIR) -> ReportResult:
    try:
        return report_program(program_dir, out_dir, notebooks, notebook_dir)
    except Exception as exc:  # isolation: an unexpected error is this program's failure only
        tb = traceback.format_exception_only(type(exc), exc)[-1].strip()
        return ReportResult(program_dir.name, "failed", error=tb)


def summary_table(results: list[ReportResult]) -> str:
    """Plain-text summary: program, status, time, and for a failure where and why."""
    lines = [f"{'program':<28} {'status':<8} {'time':>7}  detail"]
    for r in sorted(results, key=lambda r: r.slug):
        detail = ""
        if r.status == "failed":
            where = f"{r.notebook} cell {r.cell}" if r.notebook else "before the notebooks"
            detail = f"{where}: {r.error}"
        elif r.status == "invalid":
            detail = f"{len(r.problems)} input problem(s), first: {r.error}"
        lines.append(f"{r.slug:<28} {r.status:<8} {r.seconds:>6.1f}s  {detail}")
    return "\n".join(lines)


def write_index(out_dir: Path, results: list[ReportResult]) -> Path:
    """Top-level ``index.html`` listing every program with its status and headline figures."""
    rows = []
    for r in sorted(results, key=lambda r: r.slug):
        manifest = out_dir / r.slug / "manifest.json"
        heads = json.loads(manifest.read_text()).get("headlines", {}) if manifest.exists() else {}
        figures = "; ".join(f"{html.escape(str(k))}: {html.escape(str(v))}" for k, v in heads.items())
        link = (f'<a href="{r.slug}/index.html">{html.escape(r.slug)}</a>'
                if (out_dir / r.slug / "index.html").exists() else html.escape(r.slug))
        note = "" if r.status == "ok" else " (showing the previous good report)" if manifest.exists() else ""
        rows.append(f"<tr><td>{link}</td><td>{r.status}{note}</td><td>{figures}</td></tr>")
    page = ("<!doctype html><html lang='en'><head><meta charset='utf-8'><title>Program reports</title>"
            "<style>body{font-family:system-ui,sans-serif;margin:2rem}td,th{padding:.3rem .8rem;"
            "border-bottom:1px solid #ddd;text-align:left}</style></head><body><h1>Program reports</h1>"
            "<table><tr><th>Program</th><th>Status</th><th>Headline figures</th></tr>"
            + "".join(rows) + "</table></body></html>")
    path = out_dir / "index.html"
    path.write_text(page, encoding="utf-8")
    return path


def run_batch(programs_dir: Path, out_dir: Path, workers: int = 1,
              only: Optional[Iterable[str]] = None, notebooks=NOTEBOOKS,
              notebook_dir: Path = NOTEBOOK_DIR) -> int:
    """Report on every program; print progress and a summary; return the exit code."""
    programs = discover(programs_dir, only)
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    t0 = time.perf_counter()
    results: list[ReportResult] = []
    print(f"{len(programs)} program(s), {workers} worker(s)", flush=True)

    def progress(r: ReportResult) -> None:
        results.append(r)
        print(f"[{len(results)}/{len(programs)}] {r.slug}: {r.status} ({r.seconds:.1f}s)", flush=True)

    if workers <= 1:
        for p in programs:
            progress(_run_one(p, out_dir, notebooks, notebook_dir))
    else:
        with ProcessPoolExecutor(max_workers=workers) as pool:
            futures = [pool.submit(_run_one, p, out_dir, notebooks, notebook_dir) for p in programs]
            for f in as_completed(futures):
                progress(f.result())
    write_index(out_dir, results)
    print(summary_table(results))
    for r in results:
        if r.status == "invalid":
            print(f"\n{r.slug}: input problems", file=sys.stderr)
            for line in r.problems:
                print(f"  {line}", file=sys.stderr)
    print(f"total {time.perf_counter() - t0:.1f}s; reports in {out_dir}/index.html")
    return 0 if all(r.status == "ok" for r in results) else 1
