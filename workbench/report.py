"""Run the four notebooks for one program and build its report bundle.

``report_program(program_dir, out_dir)`` validates the program, executes each notebook with
papermill into a private temporary folder, exports each to HTML **without code** for the
client, writes an ``index.html`` and a ``manifest.json``, and only then swaps the folder in as
``out_dir/<slug>``. A failure at any step leaves the previous report untouched, byte for byte.

Isolation and robustness
------------------------
* A program's notebooks run one after the other in one kernel of the program's own
  (:class:`ProgramKernel`: imports paid once, namespace emptied between notebooks), whose
  working folder is the program's temporary folder
  (``.<slug>.tmp-<host>-<pid>-<random>`` inside ``out_dir``: two runs never share one). The
  kernel's folder is set through nbclient's ``resources``, so this process never ``chdir``\\ s
  (papermill's own ``cwd=`` does, which is unsafe when several programs share a process).
* A kernel that dies mid-run (``DeadKernelError`` / "Kernel died") is retried once, in a fresh
  kernel, from the start of that notebook; a kernel that
  fails to *start* (the known port race of parallel kernels: jupyter_client picks free ports that
  another kernel may grab first) is retried up to :data:`START_RETRIES` times.
* The swap happens under an exclusive ``flock`` of ``out_dir`` and, on Linux, as one atomic
  ``renameat2(RENAME_EXCHANGE)``: readers never see a half report and two concurrent runs of the
  same program never interleave their swaps (the last one to finish wins, each complete).

Example
-------
>>> result = report_program(Path("data/programs/onboarding-pilot"), Path("reports"))  # doctest: +SKIP
>>> result.status, (Path("reports") / "onboarding-pilot" / "index.html").exists()     # doctest: +SKIP
('ok', True)
"""
from __future__ import annotations

import contextlib
import errno
import hashlib
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import threading
import time
import uuid
from dataclasses import asdict, dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Callable, Optional

from .problems import InputError


def _import_jsonschema_without_iri_checker() -> None:
    """Import jsonschema's format checkers without ``rfc3987_syntax``.

    nbformat (through papermill and nbconvert) imports jsonschema, whose format module imports
    ``rfc3987_syntax``; that package builds some 35 Lark parsers at import time, 1.3 s on this
    machine, for the ``iri`` formats that no notebook schema uses
    (python-jsonschema/jsonschema#1428). Every batch worker paid it once. Hidden only while
    jsonschema loads; an explicit import later still works.
    """
    if "jsonschema._format" in sys.modules or "rfc3987_syntax" in sys.modules:
        return
    sys.modules["rfc3987_syntax"] = None          # import -> ImportError -> checker skipped
    try:
        import jsonschema._format  # noqa: F401
    except Exception:
        pass
    finally:
        if sys.modules.get("rfc3987_syntax", 0) is None:
            del sys.modules["rfc3987_syntax"]


_import_jsonschema_without_iri_checker()

# WORKBENCH_NOTEBOOK_DIR lets an analyst try draft notebooks without touching the command line
NOTEBOOK_DIR = Path(os.environ.get("WORKBENCH_NOTEBOOK_DIR")
                    or Path(__file__).resolve().parent.parent / "notebooks")
NOTEBOOKS = ("01_goal_setting", "02_segmentation", "03_match_optimization", "04_kpi_review")
TITLES = {
    "01_goal_setting": "Goals, KPIs and readiness",
    "02_segmentation": "Who the mentees and mentors are",
    "03_match_optimization": "The matching",
    "04_kpi_review": "Did the program work?",
}
KERNEL = "python3"
DEATH_RETRIES = 1      # a kernel that died while running cells: retried once
START_RETRIES = 3      # a kernel that failed to start (port race): retried up to three times
START_TIMEOUT = 60     # seconds a kernel may take to start
MANIFEST_VERSION = 1

# on_event(kind, slug, notebook, detail): "notebook" when a notebook finished (detail: seconds),
# "retry" when a notebook is retried (detail: the reason)
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


class KernelDied(RuntimeError):
    """A notebook's kernel died and its retries were used up."""


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def _versions() -> dict[str, str]:
    names = ("workbench", "pandas", "numpy", "scipy", "matplotlib", "papermill", "nbconvert",
             "nbclient", "ipykernel", "openpyxl", "pydantic", "statsmodels", "dask", "distributed")
    out = {"python": sys.version.split()[0]}
    for n in names:
        try:
            out[n] = metadata.version(n)
        except metadata.PackageNotFoundError:
            pass
    return out


def _is_kernel_death(exc: BaseException) -> bool:
    try:
        from nbclient.exceptions import DeadKernelError
    except ImportError:  # pragma: no cover
        DeadKernelError = ()  # type: ignore[assignment]
    text = f"{type(exc).__name__}: {exc}"
    return isinstance(exc, DeadKernelError) or "Kernel died" in text or "DeadKernelError" in text


def _is_start_failure(exc: BaseException) -> bool:
    text = str(exc)
    return ("before replying to kernel_info" in text or "didn't respond" in text
            or "Address already in use" in text)


# Run between two notebooks of a program in its shared kernel: the next notebook starts with an
# empty namespace and no open figure, as in a fresh kernel, but with its imports already paid.
RESET_CODE = ("get_ipython().run_line_magic('reset', '-f')\n"
              "get_ipython().execution_count = 1\n"
              "import matplotlib.pyplot as _wb_plt\n_wb_plt.close('all')\ndel _wb_plt\n")


class ProgramKernel:
    """One kernel for all the notebooks of a program (nbclient starts it in the program's
    working folder, from the ``resources`` path passed with the first notebook).

    Starting a kernel and importing pandas, scipy, matplotlib and workbench costs a few seconds
    per notebook; sharing the kernel pays it once per program. Between notebooks
    :meth:`reset` empties the namespace (``%reset -f``) and closes figures, so a notebook never
    sees another's variables. A kernel that died or failed to start is :meth:`discard` ed and
    the next notebook gets a fresh one. Programs never share a kernel.
    """

    def __init__(self):
        self.km = None
        self._sockets: Optional[str] = None

    def manager(self):
        """The kernel manager to hand to papermill (nbclient starts the kernel on first use).

        The kernel talks over Unix sockets in a private folder (``ipc`` transport), not over
        localhost TCP: nothing on the machine can listen in (ipykernel otherwise warns, on every
        report, that TCP traffic is unencrypted), and there are no ports for parallel kernels to
        race for. The folder is absolute: client and kernel run in different working folders.
        """
        if self.km is None:
            import tempfile

            from jupyter_client.manager import AsyncKernelManager
            self._sockets = tempfile.mkdtemp(prefix="wbk-")   # short: socket paths are capped
            self.km = AsyncKernelManager(kernel_name=KERNEL, transport="ipc",
                                         ip=os.path.join(self._sockets, "k"))
        return self.km

    def alive(self) -> bool:
        if self.km is None or not self.km.has_kernel:
            return False
        from jupyter_core.utils import run_sync
        try:
            return bool(run_sync(self.km._async_is_alive)())
        except Exception:
            return False

    def reset(self, timeout: float = 30) -> None:
        """Empty the namespace before the next notebook; discard the kernel if that fails."""
        if not self.alive():      # none yet: nbclient starts it for the first notebook
            return
        kc = self.km.blocking_client()
        kc.start_channels()
        try:
            msg_id = kc.execute(RESET_CODE, silent=True, store_history=False)
            deadline = time.monotonic() + timeout
            while True:
                reply = kc.get_shell_msg(timeout=max(0.1, deadline - time.monotonic()))
                if reply.get("parent_header", {}).get("msg_id") == msg_id:
                    break
            if reply["content"].get("status") != "ok":
                raise RuntimeError(reply["content"].get("evalue", "reset failed"))
        except Exception:
            self.discard()
        finally:
            kc.stop_channels()

    def discard(self) -> None:
        """Shut the kernel down (now) and forget it."""
        sockets, self._sockets = self._sockets, None
        if self.km is not None:
            km, self.km = self.km, None
            from jupyter_core.utils import run_sync
            with contextlib.suppress(Exception):
                if km.has_kernel:     # also removes the connection file and closes the sockets
                    run_sync(km._async_shutdown_kernel)(now=True)
        if sockets:
            shutil.rmtree(sockets, ignore_errors=True)


def _execute_once(nb: str, tmp: Path, params: dict, notebook_dir: Path,
                  kernel: Optional[ProgramKernel] = None) -> None:
    import papermill as pm
    own = kernel is None          # a kernel for this notebook only, over ipc all the same
    kernel = ProgramKernel() if own else kernel
    kernel.reset()
    extra = {"km": kernel.manager()}
    try:
        _papermill(pm, nb, tmp, params, notebook_dir, extra)
    finally:
        if own:
            kernel.discard()


def _papermill(pm, nb: str, tmp: Path, params: dict, notebook_dir: Path, extra: dict) -> None:
    pm.execute_notebook(
        str(notebook_dir / f"{nb}.ipynb"), str(tmp / f"{nb}.ipynb"), parameters=params,
        kernel_name=KERNEL, progress_bar=False, log_output=False, start_timeout=START_TIMEOUT,
        # the kernel's working folder, without papermill's process-wide chdir (cwd=)
        resources={"metadata": {"path": str(tmp)}},
        # the outputs are in once the last cell replied: no need to wait for a graceful exit
        shutdown_kernel="immediate",
        # IPython's history database is one SQLite file shared by every kernel of the user:
        # parallel kernels queue on its lock, so batch kernels keep no history
        extra_arguments=["--HistoryManager.enabled=False"],
        **extra,
    )


def _execute(nb: str, tmp: Path, params: dict, notebook_dir: Path,
             on_retry: Optional[Callable[[str], None]] = None,
             kernel: Optional[ProgramKernel] = None) -> int:
    """Run one notebook; retry a dead kernel once and a failed kernel start a few times.

    With ``kernel`` (a :class:`ProgramKernel`), the notebook runs in the program's shared
    kernel, and a retry in a fresh one. Returns the number of retries; raises
    :class:`KernelDied` when the retries are used up and papermill's own exceptions (a
    failing cell) unchanged.
    """
    deaths = starts = 0
    while True:
        try:
            _execute_once(nb, tmp, params, notebook_dir, kernel)
            return deaths + starts
        except Exception as exc:
            if not _is_kernel_death(exc) and not _is_start_failure(exc):
                raise
            first = f"{exc}".splitlines()[0] if str(exc) else type(exc).__name__
            if _is_start_failure(exc):
                starts += 1
                if starts > START_RETRIES:
                    raise KernelDied(f"kernel failed to start {starts} times: {first}") from exc
            else:
                deaths += 1
                if deaths > DEATH_RETRIES:
                    raise KernelDied(f"kernel died {deaths} times (retried once): {first}") from exc
            if kernel is not None:
                kernel.discard()
            if on_retry is not None:
                on_retry(first)
            time.sleep(0.2 * (deaths + starts))


def _dead_cell(nb_path: Path) -> Optional[int]:
    """Execution count (or 1-based position) of the last cell that started, from papermill's metadata."""
    try:
        import nbformat
        nb = nbformat.read(nb_path, as_version=4)
    except Exception:
        return None
    last = None
    for i, cell in enumerate(nb.cells, start=1):
        pm_meta = cell.get("metadata", {}).get("papermill", {})
        if cell.cell_type == "code" and pm_meta.get("start_time"):
            last = cell.get("execution_count") or i
    return last


def _tidy_notebook(nb_path: Path, final_path: Path) -> None:
    """Make the executed notebook independent of the run: its final path, a fixed id for the
    cell papermill injects (it draws a random one), so two runs differ only in timings."""
    nb = json.loads(nb_path.read_text(encoding="utf-8"))
    meta = nb.get("metadata", {}).get("papermill", {})
    if "output_path" in meta:
        meta["output_path"] = str(final_path)
    for i, cell in enumerate(nb.get("cells", [])):
        if "injected-parameters" in cell.get("metadata", {}).get("tags", []) and "id" in cell:
            cell["id"] = f"injected-parameters-{i}"
    nb_path.write_text(json.dumps(nb, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


ANALYST_ONLY = "analyst-only"   # cell tag: shown in JupyterLab, never in the client's HTML


_EXPORTERS = threading.local()


def _html_exporter():
    """One HTML exporter per thread: building one compiles its Jinja templates (a third of a
    second), which every notebook would otherwise pay again."""
    exporter = getattr(_EXPORTERS, "html", None)
    if exporter is None:
        from nbconvert import HTMLExporter
        from nbconvert.preprocessors import TagRemovePreprocessor
        exporter = HTMLExporter(exclude_input=True, exclude_input_prompt=True,
                                exclude_output_prompt=True)
        exporter.register_preprocessor(TagRemovePreprocessor(remove_cell_tags={ANALYST_ONLY}),
                                       enabled=True)
        _EXPORTERS.html = exporter
    return exporter


# nbconvert's page loads require.js and MathJax from a CDN: a client page must work offline,
# fetch nothing and print the same anywhere, and no report page uses either
_REMOTE_SCRIPT = re.compile(r"<script\b[^>]*\bsrc=[\"']https?://[^>]*>\s*</script\s*>", re.I)


def _offline(body: str) -> str:
    return _REMOTE_SCRIPT.sub("", body)


def _to_html(nb_path: Path, title: Optional[str] = None) -> Path:
    import nbformat
    resources = {"metadata": {"name": title}} if title else None
    body, _ = _html_exporter().from_notebook_node(nbformat.read(nb_path, as_version=4),
                                                  resources=resources)
    out = nb_path.with_suffix(".html")
    out.write_text(_offline(body), encoding="utf-8")
    return out


def _publish_summary(tmp: Path, program, headlines: dict, notebooks, result: "ReportResult") -> None:
    """The executive summary as ``index.html`` and, where Chromium is installed, ``report.pdf``
    (summary first, then the pages); without Chromium, or if printing fails, the HTML bundle is
    complete all the same and the result says why there is no PDF."""
    from . import pdf, present
    from .summary import build_summary, logo_data_uri, read_exports, summary_html
    look = program.config.report
    client = look.display_name or program.config.client
    date = present.date(program.config.snapshot_date)
    pages = [(TITLES.get(nb, nb), f"{nb}.html") for nb in notebooks if (tmp / f"{nb}.html").exists()]
    summary = build_summary(headlines, read_exports(tmp))
    logo = logo_data_uri(program.path, look.logo)

    def write_index(with_pdf: bool) -> None:
        (tmp / "index.html").write_text(
            summary_html(summary, client=client, program=program.config.program, date=date,
                         pages=pages, accent=look.accent, logo=logo, figures=headlines,
                         pdf="report.pdf" if with_pdf else None), encoding="utf-8")

    write_index(True)
    try:
        printed = pdf.write_pdf(tmp, [("Summary", "index.html")] + pages, client=client,
                                program=program.config.program, date=date,
                                stamp=f"{program.config.snapshot_date:%Y%m%d}000000")
    except (RuntimeError, OSError, subprocess.TimeoutExpired) as exc:
        printed = None
        result.notes.append(f"no report.pdf: {exc}")
    else:
        if printed is None:
            result.notes.append(pdf.MISSING)
    if printed is None:
        write_index(False)


ANALYST_DIR = "_analyst"   # out_dir/_analyst/<slug>/: beside the client bundles, never inside one


def _keep_notebooks_for_the_analyst(tmp: Path, notebooks) -> None:
    """The executed notebooks hold the analyst-only cells' output (the tuning panel's state,
    id-level tables): they go to the analyst folder, not the client bundle, which keeps the HTML
    pages made from them without those cells."""
    from .exports import AUDIENCES
    dest = tmp / "analyst" / "notebooks"
    for nb in notebooks:
        if (tmp / f"{nb}.ipynb").exists():
            dest.mkdir(parents=True, exist_ok=True)
            os.replace(tmp / f"{nb}.ipynb", dest / f"{nb}.ipynb")
    readme = tmp / "analyst" / "README.txt"
    if dest.exists() and not readme.exists():
        readme.write_text(AUDIENCES["analyst"][1] + "\n", encoding="utf-8")


def _move_analyst(tmp: Path, out_dir: Path, slug: str) -> Optional[Path]:
    """Move what the notebooks wrote to ``analyst/`` (named and id-level lists) out of the client
    bundle, to ``out_dir/_analyst/<slug>/``: the bundle can then be sent as a folder. A run
    without such material removes the previous run's."""
    src = tmp / "analyst"
    dest = out_dir / ANALYST_DIR / slug
    if not src.is_dir():   # nothing this run: an earlier run's lists would be stale
        shutil.rmtree(dest, ignore_errors=True)
        return None
    dest.parent.mkdir(parents=True, exist_ok=True)
    old = dest.with_name(f".{slug}.old")
    if dest.exists():
        shutil.rmtree(old, ignore_errors=True)
        dest.rename(old)
    shutil.move(str(src), str(dest))
    shutil.rmtree(old, ignore_errors=True)
    return dest


@contextlib.contextmanager
def out_dir_lock(out_dir: Path):
    """Exclusive lock on ``out_dir`` itself (no lock file left behind) for the duration of a swap."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover - not POSIX
        yield
        return
    fd = os.open(out_dir, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        try:
            fcntl.flock(fd, fcntl.LOCK_UN)
        finally:
            os.close(fd)


def _exchange(a: Path, b: Path) -> bool:
    """Atomically exchange two paths (Linux renameat2 RENAME_EXCHANGE); False when unsupported."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        import ctypes
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    AT_FDCWD, RENAME_EXCHANGE = -100, 2
    rc = renameat2(AT_FDCWD, os.fsencode(str(a)), AT_FDCWD, os.fsencode(str(b)), RENAME_EXCHANGE)
    if rc == 0:
        return True
    err = ctypes.get_errno()
    if err in (errno.EINVAL, errno.ENOSYS, errno.ENOTSUP, errno.EXDEV):
        return False
    raise OSError(err, os.strerror(err), str(b))


def swap_in(tmp: Path, final: Path) -> None:
    """Replace ``final`` by the complete folder ``tmp``; the old one is removed last.

    Under an exclusive lock of the parent folder; atomic (one exchange) where the OS allows it,
    otherwise two renames with the old report moved aside first.
    """
    with out_dir_lock(final.parent):
        if final.exists() and _exchange(tmp, final):
            shutil.rmtree(tmp, ignore_errors=True)   # tmp now holds the old report
            return
        old = None
        if final.exists():
            old = final.with_name(f".{final.name}.old-{uuid.uuid4().hex[:8]}")
            os.replace(final, old)
        os.replace(tmp, final)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def temp_name(slug: str) -> str:
    """Unique per run, and traceable to the host and process that owns it."""
    host = socket.gethostname().split(".")[0] or "host"
    return f".{slug}.tmp-{host}-{os.getpid()}-{uuid.uuid4().hex[:8]}"


def clean_stale_temps(out_dir: Path) -> list[Path]:
    """Remove temporary folders left by runs on this host whose process no longer exists."""
    host = socket.gethostname().split(".")[0] or "host"
    removed = []
    for p in Path(out_dir).glob(".*.tmp-*"):
        parts = p.name.rsplit(".tmp-", 1)[-1].rsplit("-", 2)
        if len(parts) != 3 or parts[0] != host or not parts[1].isdigit():
            continue
        try:
            os.kill(int(parts[1]), 0)
        except ProcessLookupError:
            shutil.rmtree(p, ignore_errors=True)
            removed.append(p)
        except PermissionError:
            pass
    return removed


def input_checksums(program_dir: Path, config=None) -> dict[str, str]:
    """sha256 of every input of the program (relative POSIX paths, sorted): ``program.yaml``,
    each table's file and the logo when ``config`` is given (read through the same
    inside-the-folder check as the loader: a link pointing outside is never followed), else every
    regular file under the folder that is not hidden and not a link."""
    program_dir = Path(program_dir)
    if config is not None:
        from .io.files import Refused, read_inside
        names = ["program.yaml"] + [src.file for src in config.tables.values()]
        if getattr(getattr(config, "report", None), "logo", None):
            names.append(config.report.logo)
        out = {}
        for name in sorted(set(names)):
            try:
                out[Path(name).as_posix()] = hashlib.sha256(read_inside(program_dir, name)).hexdigest()
            except Refused:
                continue
        return out
    files = sorted(p for p in program_dir.rglob("*")
                   if p.is_file() and not p.is_symlink()
                   and not any(part.startswith(".") for part in p.relative_to(program_dir).parts))
    return {p.relative_to(program_dir).as_posix(): _sha256(p) for p in files}


def report_program(program_dir: Path, out_dir: Path, notebooks: tuple[str, ...] = NOTEBOOKS,
                   notebook_dir: Path = NOTEBOOK_DIR, *, on_event: Optional[EventHook] = None,
                   failed_dir: Optional[Path] = None, shared_kernel: bool = True) -> ReportResult:
    """Validate one program and produce ``out_dir/<slug>/`` (see module docstring).

    ``on_event`` is told about each finished notebook and each kernel retry (progress);
    ``failed_dir``, if given, receives the executed notebook of a failure (``<slug>/<nb>.ipynb``)
    so the analyst can read the traceback while the previous good report stays in place.
    ``shared_kernel``: the notebooks run one after the other in one kernel of their own
    (:class:`ProgramKernel`, namespace emptied between them); ``False``: a kernel per notebook.
    """
    from .io import load_program
    from .views import client_headlines

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
    kernel = ProgramKernel() if shared_kernel else None
    try:
        for nb in notebooks:
            t = time.perf_counter()

            def on_retry(reason: str, nb=nb) -> None:
                result.retries[nb] = result.retries.get(nb, 0) + 1
                emit("retry", nb, reason)

            try:
                _execute(nb, tmp, params, notebook_dir, on_retry, kernel)
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
                if failed_dir is not None and (tmp / f"{nb}.ipynb").exists():
                    with contextlib.suppress(OSError):
                        keep = Path(failed_dir) / slug
                        keep.mkdir(parents=True, exist_ok=True)
                        shutil.copy2(tmp / f"{nb}.ipynb", keep / f"{nb}.ipynb")
                return result
            _tidy_notebook(tmp / f"{nb}.ipynb", out_dir / ANALYST_DIR / slug / "notebooks" / f"{nb}.ipynb")
            _to_html(tmp / f"{nb}.ipynb", f"{program.config.client}: {TITLES.get(nb, nb)}")
            result.timings[nb] = round(time.perf_counter() - t, 2)
            emit("notebook", nb, result.timings[nb])

        headlines_path = tmp / "headlines.json"
        headlines = client_headlines(program)   # protected like every client figure
        _keep_notebooks_for_the_analyst(tmp, notebooks)
        _move_analyst(tmp, out_dir, slug)
        if headlines_path.exists():
            headlines.update(json.loads(headlines_path.read_text()))
        title = f"{program.config.client}: {program.config.program}"
        _publish_summary(tmp, program, headlines, notebooks, result)
        exports = sorted(p.relative_to(tmp).as_posix() for p in (tmp / "exports").glob("*")) \
            if (tmp / "exports").is_dir() else []
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
        }
        if result.retries:  # a run-time event like the timings, recorded for the analyst
            manifest["kernel_retries"] = dict(result.retries)
        (tmp / "manifest.json").write_text(json.dumps(manifest, indent=2, sort_keys=True) + "\n")
        swap_in(tmp, out_dir / slug)
    finally:
        if kernel is not None:
            kernel.discard()
        if tmp.exists():
            shutil.rmtree(tmp, ignore_errors=True)
        result.seconds = round(time.perf_counter() - t0, 2)
    return result


def result_dict(result: ReportResult) -> dict:
    return asdict(result)
