"""One program's report run: validate, run each stage's notebook, check it, render, publish."""
from __future__ import annotations

import contextlib
import json
import shutil
import socket
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Optional

from ..problems import InputError
from .kernel import KERNEL, KernelDied, ProgramKernel, _dead_cell, _execute, _tidy_notebook
from .publishing import (ANALYST_DIR, EARLIER_FILE, MANIFEST_VERSION,
                         _keep_notebooks_for_the_analyst, _move_analyst, _sha256, _versions,
                         bundle_exports, collect_release, earlier_releases, input_checksums,
                         swap_in, temp_name, write_manifest)
from .rendering import _publish_summary, _to_html
from .stages import (NOTEBOOK_DIR, NOTEBOOKS, bundle_headlines, check_stage, declared_for,
                     bundle_exports as export_names, title as stage_title)
from ..io import load_program
from ..views import client_headlines
from .. import disclosure


# on_event(kind, slug, notebook, detail): "start" when a notebook starts (detail: None; the batch
# times each notebook from it), "notebook" when it finished (detail: seconds), "retry" when it
# is retried (detail: the reason)
EventHook = Callable[[str, str, str, object], None]


@dataclass
class ReportResult:
    slug: str
    status: str                      # "ok", "invalid" (input problems) or "failed"
    seconds: float = 0.0
    notebook: Optional[str] = None   # failing notebook
    cell: Optional[int] = None       # failing cell (execution count, else position)
    error: Optional[str] = None      # first line of the error
    problems: list[str] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)
    retries: dict[str, int] = field(default_factory=dict)   # notebook -> kernel restarts
    host: str = ""                   # machine that ran it (a Dask worker may be elsewhere)
    notes: list[str] = field(default_factory=list)           # e.g. why there is no PDF

    @property
    def exit_code(self) -> int:
        return {"ok": 0, "invalid": InputError.exit_code}.get(self.status, 1)



def report_program(program_dir: Path, out_dir: Path, notebooks: tuple[str, ...] = NOTEBOOKS,
                   notebook_dir: Path = NOTEBOOK_DIR, *, on_event: Optional[EventHook] = None,
                   failed_dir: Optional[Path] = None, shared_kernel: bool = True) -> ReportResult:
    """Validate one program and produce ``out_dir/<slug>/`` (see :mod:`workbench.report`).

    ``on_event`` is told about each finished notebook and each kernel retry (progress);
    ``failed_dir``, if given, receives the executed notebook of a failure (``<slug>/<nb>.ipynb``)
    so the analyst can read the traceback while the previous good report stays in place.
    After each notebook of a declared stage (:data:`workbench.report.stages.STAGES`) the run
    checks the stage's exports and headlines are there; a missing one fails the program (status
    ``"failed"``, ``error`` naming the stage and what is missing, the previous report kept).
    ``shared_kernel``: the notebooks run one after the other in one kernel of their own
    (:class:`ProgramKernel`, namespace emptied between them); ``False``: a kernel per notebook.
    """

    t0 = time.perf_counter()
    program_dir = Path(program_dir).resolve()
    out_dir = Path(out_dir).resolve()
    notebook_dir = Path(notebook_dir).resolve()
    notebooks = tuple(notebooks)
    slug = program_dir.name
    result = ReportResult(slug, "ok", host=socket.gethostname())

    def emit(kind: str, nb: str, detail: object) -> None:
        if on_event is not None:
            try:
                on_event(kind, slug, nb, detail)
            except Exception:  # progress must never break a report
                pass

    try:
        program = load_program(program_dir)
    except InputError as err:
        result.status = "invalid"
        result.error = str(err.problems[0]) if err.problems else "invalid input"
        result.problems = [str(p) for p in err.problems]
        result.seconds = round(time.perf_counter() - t0, 2)
        return result

    out_dir.mkdir(parents=True, exist_ok=True)
    tmp = out_dir / temp_name(slug)
    tmp.mkdir()
    # output_dir is the kernel's working folder: "." keeps the executed notebooks free of the
    # temporary folder's random name, so two runs give the same notebooks apart from timings
    params = {"program_dir": str(program_dir), "output_dir": "."}
    # releases audited together: what earlier reports of this program (and of the round its
    # previous: names) in out_dir hid stays hidden (workbench.disclosure, "Releases audited together")
    earlier = earlier_releases(out_dir, slug, program.config)
    env = None
    if earlier:
        (tmp / EARLIER_FILE).write_text(json.dumps(earlier), encoding="utf-8")
        env = {disclosure.EARLIER_ENV: str(tmp / EARLIER_FILE)}
    kernel = ProgramKernel(env) if shared_kernel else None

    def keep_failed(nb: str) -> None:
        if failed_dir is not None and (tmp / f"{nb}.ipynb").exists():
            with contextlib.suppress(OSError):
                keep = Path(failed_dir) / slug
                keep.mkdir(parents=True, exist_ok=True)
                shutil.copy2(tmp / f"{nb}.ipynb", keep / f"{nb}.ipynb")

    try:
        for nb in notebooks:
            t = time.perf_counter()

            def on_retry(reason: str, nb=nb) -> None:
                result.retries[nb] = result.retries.get(nb, 0) + 1
                emit("retry", nb, reason)

            emit("start", nb, None)
            try:
                _execute(nb, tmp, params, notebook_dir, on_retry, kernel, env)
            except Exception as exc:  # papermill raises PapermillExecutionError for a failing cell
                result.status, result.notebook = "failed", nb
                result.cell = getattr(exc, "exec_count", None)
                if isinstance(exc, KernelDied):
                    result.cell = _dead_cell(tmp / f"{nb}.ipynb")
                    result.error = str(exc).splitlines()[0]
                else:
                    ename = getattr(exc, "ename", type(exc).__name__)
                    evalue = getattr(exc, "evalue", str(exc))
                    result.error = (f"{ename}: {evalue}".splitlines() or [ename])[0]
                keep_failed(nb)
                return result
            declared = declared_for(nb, notebook_dir)
            missing = check_stage(declared, exports=export_names(tmp),
                                  headlines=bundle_headlines(tmp)) if declared else []
            if missing:   # the notebook ran but did not publish what its stage declares
                result.status, result.notebook = "failed", nb
                result.error, result.problems = missing[0], missing
                keep_failed(nb)
                return result
            _tidy_notebook(tmp / f"{nb}.ipynb", out_dir / ANALYST_DIR / slug / "notebooks" / f"{nb}.ipynb")
            _to_html(tmp / f"{nb}.ipynb", f"{program.config.client}: {stage_title(nb)}")
            result.timings[nb] = round(time.perf_counter() - t, 2)
            emit("notebook", nb, result.timings[nb])

        headlines_path = tmp / "headlines.json"
        with disclosure.earlier(earlier):
            headlines = client_headlines(program)   # protected like every client figure
        (tmp / EARLIER_FILE).unlink(missing_ok=True)
        k = program.config.min_group_size
        release = collect_release(tmp, k)   # the index's Participants is page 1's totals
        carried = disclosure.merge_records([release, *earlier], k)
        release["hidden"], release["pooled"] = carried["hidden"], carried["pooled"]  # carried on
        _keep_notebooks_for_the_analyst(tmp, notebooks)
        _move_analyst(tmp, out_dir, slug)
        if headlines_path.exists():
            headlines.update(json.loads(headlines_path.read_text()))
        title = f"{program.config.client}: {program.config.program}"
        _publish_summary(tmp, program, headlines, notebooks, result)
        exports = bundle_exports(tmp)
        manifest = {
            "manifest_version": MANIFEST_VERSION,
            "program": slug, "title": title, "status": "ok", "headlines": headlines,
            "headline_order": list(headlines),  # the file's keys are sorted; the page's are not
            "inputs": input_checksums(program_dir, program.config),
            "parameters": {"program_dir": slug, "notebooks": list(notebooks),
                           "kernel": KERNEL},
            "notebooks": {nb: _sha256(notebook_dir / f"{nb}.ipynb") for nb in notebooks},
            "exports": exports,
            "versions": _versions(),
            "timings_seconds": dict(result.timings),
            "disclosure": release,
        }
        if result.retries:  # a run-time event like the timings, recorded for the analyst
            manifest["kernel_retries"] = dict(result.retries)
        write_manifest(tmp, manifest)
        swap_in(tmp, out_dir / slug)
    finally:
        if kernel is not None:
            kernel.discard()
        if tmp.exists():
            shutil.rmtree(tmp, ignore_errors=True)
        result.seconds = round(time.perf_counter() - t0, 2)
    return result
