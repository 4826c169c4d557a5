"""Run the four notebooks for one program and build its report bundle.

``report_program(program_dir, out_dir)`` validates the program, executes each notebook with
papermill into a private temporary folder, exports each to HTML **without code** for the
client, writes an ``index.html`` and a ``manifest.json``, and only then swaps the folder in as
``out_dir/<slug>``. A failure at any step leaves the previous report untouched.

Example
-------
>>> result = report_program(Path("data/programs/onboarding-pilot"), Path("reports"))  # doctest: +SKIP
>>> result.status, (Path("reports") / "onboarding-pilot" / "index.html").exists()     # doctest: +SKIP
('ok', True)
"""
from __future__ import annotations

import hashlib
import html
import json
import os
import shutil
import sys
import time
import uuid
from dataclasses import asdict, dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Optional

from .problems import InputError

NOTEBOOK_DIR = Path(__file__).resolve().parent.parent / "notebooks"
NOTEBOOKS = ("01_goal_setting", "02_segmentation", "03_match_optimization", "04_kpi_review")
TITLES = {
    "01_goal_setting": "Goals, KPIs and readiness",
    "02_segmentation": "Who the mentees and mentors are",
    "03_match_optimization": "The matching",
    "04_kpi_review": "Did the program work?",
}
KERNEL = "python3"


@dataclass
class ReportResult:
    slug: str
    status: str                      # "ok", "invalid" (input problems) or "failed"
    seconds: float = 0.0
    notebook: Optional[str] = None   # failing notebook
    cell: Optional[int] = None       # failing cell (execution count)
    error: Optional[str] = None      # first line of the error
    problems: list[str] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)

    @property
    def exit_code(self) -> int:
        return {"ok": 0, "invalid": InputError.exit_code}.get(self.status, 1)


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _versions() -> dict[str, str]:
    names = ("workbench", "pandas", "numpy", "scipy", "matplotlib", "papermill", "nbconvert",
             "pydantic", "statsmodels")
    out = {"python": sys.version.split()[0]}
    for n in names:
        try:
            out[n] = metadata.version(n)
        except metadata.PackageNotFoundError:
            pass
    return out


def _execute(nb: str, tmp: Path, params: dict, notebook_dir: Path) -> None:
    import papermill as pm
    pm.execute_notebook(
        str(notebook_dir / f"{nb}.ipynb"), str(tmp / f"{nb}.ipynb"), parameters=params,
        kernel_name=KERNEL, progress_bar=False, cwd=str(tmp), log_output=False,
    )


def _to_html(nb_path: Path) -> Path:
    import nbformat
    from nbconvert import HTMLExporter
    exporter = HTMLExporter(exclude_input=True, exclude_input_prompt=True,
                            exclude_output_prompt=True)
    body, _ = exporter.from_notebook_node(nbformat.read(nb_path, as_version=4))
    out = nb_path.with_suffix(".html")
    out.write_text(body, encoding="utf-8")
    return out


def _index_html(slug: str, title: str, headlines: dict, pages: list[str]) -> str:
    rows = "".join(f"<tr><th>{html.escape(str(k))}</th><td>{html.escape(str(v))}</td></tr>"
                   for k, v in headlines.items())
    links = "".join(f'<li><a href="{p}.html">{html.escape(TITLES.get(p, p))}</a></li>' for p in pages)
    return f"""<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>{html.escape(title)}</title>
<style>body{{font-family:system-ui,sans-serif;max-width:52rem;margin:2rem auto;color:#222}}
table{{border-collapse:collapse}}th,td{{padding:.3rem .8rem;border-bottom:1px solid #ddd;text-align:left}}</style>
</head><body><h1>{html.escape(title)}</h1>
<h2>Headline figures</h2><table>{rows}</table>
<h2>Report</h2><ol>{links}</ol>
<p><small>Program folder: {html.escape(slug)}. Exports (CSV, XLSX) are in <code>exports/</code>;
<code>manifest.json</code> records the inputs' checksums, parameters and versions.</small></p>
</body></html>"""


def swap_in(tmp: Path, final: Path) -> None:
    """Replace ``final`` by the complete folder ``tmp`` (rename-based; the old one is removed last)."""
    old = None
    if final.exists():
        old = final.with_name(f".{final.name}.old-{uuid.uuid4().hex[:8]}")
        os.replace(final, old)
    os.replace(tmp, final)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def report_program(program_dir: Path, out_dir: Path, notebooks: tuple[str, ...] = NOTEBOOKS,
                   notebook_dir: Path = NOTEBOOK_DIR) -> ReportResult:
    """Validate one program and produce ``out_dir/<slug>/`` (see module docstring)."""
    from .io import load_program

    t0 = time.perf_counter()
    program_dir = Path(program_dir).resolve()
    out_dir = Path(out_dir).resolve()
    slug = program_dir.name
    try:
        program = load_program(program_dir)
    except InputError as err:
        return ReportResult(slug, "invalid", time.perf_counter() - t0,
                            error=str(err.problems[0]) if err.problems else "invalid input",
                            problems=[str(p) for p in err.problems])

    out_dir.mkdir(parents=True, exist_ok=True)
    tmp = out_dir / f".{slug}.tmp-{uuid.uuid4().hex[:8]}"
    tmp.mkdir()
    result = ReportResult(slug, "ok")
    params = {"program_dir": str(program_dir), "output_dir": str(tmp)}
    try:
        for nb in notebooks:
            t = time.perf_counter()
            try:
                _execute(nb, tmp, params, notebook_dir)
            except Exception as exc:  # papermill raises PapermillExecutionError for a failing cell
                result.status, result.notebook = "failed", nb
                result.cell = getattr(exc, "exec_count", None)
                ename, evalue = getattr(exc, "ename", type(exc).__name__), getattr(exc, "evalue", str(exc))
                result.error = f"{ename}: {evalue}".splitlines()[0]
                return result
            _to_html(tmp / f"{nb}.ipynb")
            result.timings[nb] = round(time.perf_counter() - t, 2)

        headlines_path = tmp / "headlines.json"
        headlines = {"Client": program.config.client, "Program": program.config.program,
                     "Format": program.config.format.replace("_", "-"),
                     "Participants": len(program.people)}
        if headlines_path.exists():
            headlines.update(json.loads(headlines_path.read_text()))
        title = f"{program.config.client}: {program.config.program}"
        (tmp / "index.html").write_text(_index_html(slug, title, headlines, list(notebooks)),
                                        encoding="utf-8")
        inputs = sorted(p for p in program_dir.iterdir() if p.is_file())
        manifest = {
            "program": slug, "title": title, "status": "ok", "headlines": headlines,
            "inputs": {p.name: _sha256(p) for p in inputs},
            "parameters": {"program_dir": slug, "notebooks": list(notebooks)},
            "versions": _versions(), "timings_seconds": result.timings,
        }
        (tmp / "manifest.json").write_text(json.dumps(manifest, indent=2, sort_keys=True))
        swap_in(tmp, out_dir / slug)
    finally:
        if tmp.exists():
            shutil.rmtree(tmp, ignore_errors=True)
        result.seconds = round(time.perf_counter() - t0, 2)
    return result


def result_dict(result: ReportResult) -> dict:
    return asdict(result)
