"""Report on every program in a folder, one failing program never stopping the others.

Each program runs through :func:`workbench.report.run.report_program` (its own kernels and its own
temporary folder, swapped in only when complete, so a failure leaves the previous good report in
place). Programs run

* in this process, one after the other, with ``workers=1`` and no scheduler;
* on a Dask ``LocalCluster(n_workers=workers, threads_per_worker=1, processes=True)`` with
  ``workers > 1`` (processes, not threads: kernels and papermill state stay apart);
* on an existing Dask cluster with ``scheduler="tcp://host:8786"`` (its workers must see the same
  ``programs_dir`` and ``out_dir`` paths, e.g. a shared file system, and have this package
  installed), with nothing else changed; paths are made absolute by the client first, so a
  worker started in another folder reads the same files;
* with ``ship=True`` (``--ship``) on workers without a shared file system: each program's files
  travel with its task and the finished bundle comes back to be swapped in here (also done
  automatically for a program whose worker cannot see the folders).

Wherever it runs, each program runs in a child process of its own (:func:`run_isolated`): a
reader or a kernel that aborts, runs out of memory or hangs takes down that process only. A
program over its time limit (per notebook and per program: ``time_limits`` in its
``program.yaml``, else ``--notebook-timeout`` / ``--program-timeout``, else 20 minutes and an
hour) is stopped with its kernels; its temporary folder is removed and it is reported as stopped
or crashed, with the notebook it was in.

Progress (programs and notebooks done, time left) goes to the terminal and to ``out_dir/batch.log``;
the batch ends with a summary table and a top-level ``index.html`` (the portfolio, for the client:
a generic note for a program that failed, the problems themselves only in ``batch.log``); the
exit code is non-zero when any program failed or was invalid. A disk too full for the portfolio
or the log is said in one line.

Example
-------
>>> run_batch(Path("data/programs"), Path("reports"), workers=2)   # doctest: +SKIP
0

Why one module (about 450 lines): the three ways to run (in process, local cluster, remote
scheduler with or without shipping) share one task function, one progress state and one summary;
each path is a few dozen lines over them, and the shipping helpers live in ``shipping.py`` already.
"""
from __future__ import annotations

import datetime as dt
import errno
import json
import os
import queue
import signal
import subprocess
import sys
import tempfile
import threading
import time
import traceback
from dataclasses import asdict
from pathlib import Path
from typing import Callable, Iterable, Optional, TextIO

from .report.publishing import clean_stale_temps, swap_in, temp_name
from .report.run import ReportResult, report_program
from .report.stages import NOTEBOOK_DIR, NOTEBOOKS
import workbench
from .shipping import pack, unpack, stamp_manifest
from .portfolio import read_row, write_portfolio
from .config_yaml import read_config
from .io import check_program

PROGRESS_TOPIC = "workbench-batch-progress"

# A local cluster's own background work (event-loop ticks every 20 ms, the statistical profiler
# sampling every 10 ms, system and memory monitors twice a second) competes with the kernels
# for the cores; a batch of minute-long tasks needs none of it at that rate.
LOCAL_CLUSTER_CONFIG = {
    "distributed.worker.profile.enabled": False,
    "distributed.admin.tick.interval": "1s",
    "distributed.admin.system-monitor.interval": "5s",
    "distributed.worker.memory.monitor-interval": "5s",
    "distributed.scheduler.work-stealing": False,   # tasks are whole programs: nothing to steal
    # a program runs in a child process of its task, so a lost worker is not a program's fault:
    # its tasks are not rerun by the scheduler (a finished report is never built twice)
    "distributed.scheduler.allowed-failures": 0,
}

DEFAULT_NOTEBOOK_SECONDS = 1200     # 20 minutes a notebook
DEFAULT_PROGRAM_SECONDS = 3600      # an hour a program
_EVENT = "@@workbench-event "        # prefix of the child's messages on its standard output


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


def expected_cost(program_dir: Path) -> int:
    """Bytes of input data: a cheap proxy of how long a program's report takes."""
    return sum(p.stat().st_size for p in Path(program_dir).rglob("*") if p.is_file())


def longest_first(programs: list[Path]) -> list[Path]:
    """Programs in decreasing :func:`expected_cost` (ties by name): handing out the longest jobs
    first leaves the short ones to fill the gaps at the end, so no worker idles while another
    finishes a big program alone (the LPT rule, within 4/3 of the best schedule).

    >>> longest_first([])
    []
    """
    return sorted(programs, key=lambda p: (-expected_cost(p), p.name))


def _run_one(program_dir: Path, out_dir: Path, notebooks=NOTEBOOKS,
             notebook_dir: Path = NOTEBOOK_DIR, on_event=None, failed_dir=None) -> ReportResult:
    try:
        return report_program(program_dir, out_dir, notebooks, notebook_dir,
                              on_event=on_event, failed_dir=failed_dir)
    except Exception as exc:  # isolation: an unexpected error is this program's failure only
        tb = traceback.format_exception_only(type(exc), exc)[-1].strip()
        return ReportResult(Path(program_dir).name, "failed", error=tb.splitlines()[0])


# ------------------------------------------------------------------- one program, isolated

def time_limits(program_dir: Path, notebook_seconds: Optional[float] = None,
                program_seconds: Optional[float] = None) -> tuple[float, float]:
    """(per notebook, per program) in seconds: ``time_limits`` of the program's ``program.yaml``,
    else the batch's (command line), else :data:`DEFAULT_NOTEBOOK_SECONDS` /
    :data:`DEFAULT_PROGRAM_SECONDS`. An unreadable ``program.yaml`` gets the batch's (the
    program is reported invalid anyway)."""
    nb = notebook_seconds or DEFAULT_NOTEBOOK_SECONDS
    prog = program_seconds or DEFAULT_PROGRAM_SECONDS
    try:
        tl = read_config(Path(program_dir)).time_limits
    except Exception:  # invalid: its problems are reported by the run itself
        return nb, prog
    return tl.notebook_seconds or nb, tl.program_seconds or prog


def _kill_tree(pid: int) -> None:
    """Kill a process and every process under it (its kernels), now."""
    import psutil
    try:
        parent = psutil.Process(pid)
        procs = parent.children(recursive=True) + [parent]
    except psutil.Error:
        return
    for p in procs:
        try:
            p.kill()
        except psutil.Error:
            pass
    psutil.wait_procs(procs, timeout=10)


def _child_main() -> None:
    """The child process of :func:`run_isolated`: one program, its events and its result sent
    as lines on the standard output (anything else printed goes to the standard error)."""
    args = json.loads(sys.stdin.read())
    channel = os.fdopen(os.dup(1), "w", buffering=1, encoding="utf-8")
    os.dup2(2, 1)
    sys.stdout = sys.stderr

    def send(kind: str, **data) -> None:
        channel.write(_EVENT + json.dumps({"kind": kind, **data}, default=str) + "\n")
        channel.flush()

    def on_event(kind, slug, nb, detail):
        send(kind, notebook=nb, detail=detail)

    if args.get("check"):   # workbench report: the input's warnings, read here, not in the parent
        try:
            checked = check_program(args["program_dir"])
            send("warnings", notebook=None, detail={"lines": [str(w) for w in checked.warnings],
                                                    "count": checked.warning_count})
        except Exception:   # the run itself reports what is wrong with the input
            pass

    r = _run_one(Path(args["program_dir"]), Path(args["out_dir"]), tuple(args["notebooks"]),
                 Path(args["notebook_dir"]), on_event,
                 Path(args["failed_dir"]) if args["failed_dir"] else None)
    send("result", result=asdict(r))
    channel.close()


def _last_line(fh) -> str:
    try:
        fh.seek(0)
        lines = [ln.strip() for ln in fh.read()[-4000:].decode("utf-8", "replace").splitlines() if ln.strip()]
    except OSError:
        return ""
    fatal = [ln for ln in lines if ln.startswith(("Fatal Python error", "MemoryError", "Killed"))]
    return (fatal or lines or [""])[-1][:200]


def run_isolated(program_dir: Path, out_dir: Path, notebooks=NOTEBOOKS,
                 notebook_dir: Path = NOTEBOOK_DIR, on_event=None, failed_dir=None,
                 notebook_seconds: Optional[float] = None,
                 program_seconds: Optional[float] = None, check_input: bool = False) -> ReportResult:
    """:func:`workbench.report.run.report_program` in a child process of its own, within its time
    limits (:func:`time_limits`). A child that crashes (a signal, e.g. an abort in a reader) or
    runs over a limit is stopped with everything under it (its kernels); the result says so,
    with the notebook it was in; its temporary folders are removed and the notebook it was
    running is kept in ``failed_dir`` for the analyst. Never raises for the program's sake.
    ``check_input``: the child also checks the input and sends its warnings as an event
    (``"warnings"``, detail ``{"lines", "count"}``; ``workbench report`` prints them)."""
    import shutil

    program_dir, out_dir = Path(program_dir).resolve(), Path(out_dir).resolve()
    slug = program_dir.name
    nb_limit, prog_limit = time_limits(program_dir, notebook_seconds, program_seconds)
    scratch = Path(tempfile.mkdtemp(prefix="wbb-"))    # the child's TMPDIR: kernel sockets etc.
    root = str(Path(workbench.__file__).resolve().parents[1])
    env = dict(os.environ, TMPDIR=str(scratch),
               PYTHONPATH=os.pathsep.join(filter(None, [root, os.environ.get("PYTHONPATH")])))
    payload = json.dumps({"program_dir": str(program_dir), "out_dir": str(out_dir),
                          "notebooks": list(notebooks), "notebook_dir": str(Path(notebook_dir).resolve()),
                          "failed_dir": str(failed_dir) if failed_dir else None,
                          "check": bool(check_input)})
    t0 = time.monotonic()
    err = tempfile.TemporaryFile()
    events: queue.Queue = queue.Queue()
    result: Optional[ReportResult] = None
    current: Optional[str] = None           # the notebook running now
    began = False                           # a notebook started (else: reading the input)
    nb_started = t0
    stopped = ""
    proc = None
    try:
        proc = subprocess.Popen([sys.executable, "-c", "from workbench.batch import _child_main; _child_main()"],
                                stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=err, env=env,
                                cwd=str(scratch), start_new_session=True)

        def read() -> None:
            for raw in proc.stdout:
                line = raw.decode("utf-8", "replace")
                if line.startswith(_EVENT):
                    with _suppress():
                        events.put(json.loads(line[len(_EVENT):]))
            events.put(None)

        threading.Thread(target=read, daemon=True).start()
        with _suppress():
            proc.stdin.write(payload.encode("utf-8"))
            proc.stdin.close()
        while True:
            now = time.monotonic()
            if current is not None and now - nb_started > nb_limit:
                stopped = (f"stopped after {now - nb_started:.0f} s in {current}: over the time limit of "
                           f"{nb_limit:g} s a notebook (time_limits.notebook_seconds in program.yaml, "
                           "or --notebook-timeout)")
            elif now - t0 > prog_limit:
                stopped = (f"stopped after {now - t0:.0f} s: over the time limit of {prog_limit:g} s a "
                           "program (time_limits.program_seconds in program.yaml, or --program-timeout)")
            if stopped:
                _kill_tree(proc.pid)
                break
            left = prog_limit - (now - t0)
            if current is not None:
                left = min(left, nb_limit - (now - nb_started))
            try:
                msg = events.get(timeout=max(0.05, min(left, 1.0)))
            except queue.Empty:
                continue
            if msg is None:                   # the child closed its output: done or dead
                break
            kind = msg.get("kind")
            if kind == "result":
                result = ReportResult(**msg["result"])
            elif kind == "start":
                current, nb_started, began = msg.get("notebook"), time.monotonic(), True
            else:
                if kind == "notebook":
                    current = None
                if on_event is not None:
                    with _suppress():
                        on_event(kind, slug, msg.get("notebook"), msg.get("detail"))
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:     # finished but does not exit: a stuck thread
            _kill_tree(proc.pid)
            proc.wait()
    except Exception as exc:  # the child could not even start: this program's failure only
        if proc is not None and proc.poll() is None:
            _kill_tree(proc.pid)
        tb = traceback.format_exception_only(type(exc), exc)[-1].strip().splitlines()[0]
        result = ReportResult(slug, "failed", error=f"could not start the program's process: {tb}")
    finally:
        if proc is not None and (result is None or stopped):
            _remove_temps(out_dir, slug, proc.pid, current, failed_dir)
        shutil.rmtree(scratch, ignore_errors=True)
    if result is None or stopped:
        rc = proc.returncode if proc is not None else None
        if stopped:
            error = stopped
        elif rc is not None and rc < 0:
            try:
                name = signal.Signals(-rc).name
            except ValueError:
                name = f"signal {-rc}"
            last = _last_line(err)
            error = (f"the program's process crashed ({name}"
                     + ("" if began else " while reading its input")
                     + (f": {last}" if last else "") + ")")
        else:
            last = _last_line(err)
            error = (f"the program's process ended (exit code {rc}) without a result"
                     + (f": {last}" if last else ""))
        result = ReportResult(slug, "failed", notebook=current, error=error)
    err.close()
    result.seconds = round(time.monotonic() - t0, 2)
    return result


def _remove_temps(out_dir: Path, slug: str, pid: int, nb: Optional[str], failed_dir) -> None:
    """After a child was stopped or crashed: keep the notebook it was running (papermill saves
    it after each cell) for the analyst, remove its temporary folders."""
    import shutil
    for tmp in Path(out_dir).glob(f".{slug}.tmp-*"):
        parts = tmp.name.rsplit(".tmp-", 1)[-1].rsplit("-", 2)
        if len(parts) != 3 or parts[1] != str(pid):
            continue
        if nb and failed_dir is not None and (tmp / f"{nb}.ipynb").exists():
            with _suppress():
                keep = Path(failed_dir) / slug
                keep.mkdir(parents=True, exist_ok=True)
                shutil.copy2(tmp / f"{nb}.ipynb", keep / f"{nb}.ipynb")
        shutil.rmtree(tmp, ignore_errors=True)


NOT_VISIBLE = "cannot see"   # start of the error of a worker that cannot see a program's folder


def _worker_name() -> str:
    try:
        from distributed import get_worker
        return get_worker().address
    except Exception:  # not inside a Dask worker (tests call the task directly)
        import socket
        return socket.gethostname()


def _worker_events(batch_id: str):
    def on_event(kind, slug, nb, detail):
        from distributed import get_worker
        get_worker().log_event(PROGRESS_TOPIC, {"batch": batch_id, "kind": kind, "slug": slug,
                                                "notebook": nb, "detail": detail})
    return on_event


def _run_on_worker(program_dir: str, out_dir: str, notebooks, notebook_dir: str,
                   batch_id: str, failed_dir: Optional[str], limits=(None, None)) -> ReportResult:
    """The Dask task on a shared file system: one program; notebook progress goes back as worker
    events. Paths are absolute (the client resolves them): a relative path would be read in the
    worker's own working folder. A worker that cannot see them says so, naming itself."""
    for what, path in (("program folder", program_dir), ("notebook folder", notebook_dir),
                       ("output folder", out_dir)):
        if not Path(path).is_dir():
            return ReportResult(Path(program_dir).name, "failed", host=_worker_name(),
                                error=f"{NOT_VISIBLE} the {what} {path} on worker {_worker_name()}: "
                                      f"a shared file system is needed, or run with --ship")
    return run_isolated(Path(program_dir), Path(out_dir), tuple(notebooks), Path(notebook_dir),
                        _worker_events(batch_id), Path(failed_dir) if failed_dir else None, *limits)


def _run_shipped(slug: str, program: bytes, notebooks_tar: bytes, notebooks, batch_id: str,
                 limits=(None, None)):
    """The Dask task without a shared file system: the program and the notebooks arrive as
    bytes, the report is built in the worker's private temporary folder and comes back as bytes
    (``(result, bundle or None, failed notebooks or None)``)."""
    import shutil
    import tempfile

    work = Path(tempfile.mkdtemp(prefix=f"workbench-{slug}-"))
    try:
        program_dir = unpack(program, work / "programs" / slug)
        notebook_dir = unpack(notebooks_tar, work / "notebooks")
        out, failed = work / "out", work / "failed"
        r = run_isolated(program_dir, out, tuple(notebooks), notebook_dir, _worker_events(batch_id), failed,
                         *limits)
        r.host = _worker_name()
        bundle = pack(out / slug) if r.status == "ok" and (out / slug).is_dir() else None
        kept = pack(failed / slug) if (failed / slug).is_dir() else None
        return r, bundle, kept
    finally:
        shutil.rmtree(work, ignore_errors=True)


def receive_shipped(out_dir: Path, failed_dir: Path, r: ReportResult, bundle: Optional[bytes],
                    kept: Optional[bytes]) -> ReportResult:
    """Swap a shipped bundle in as ``out_dir/<slug>`` (atomically, as a local run does) with the
    worker that built it in its manifest; failed notebooks go to ``failed_dir/<slug>``."""
    import shutil

    if kept is not None:
        shutil.rmtree(failed_dir / r.slug, ignore_errors=True)
        unpack(kept, failed_dir / r.slug)
    if bundle is None:
        return r
    tmp = out_dir / temp_name(r.slug)
    try:
        unpack(bundle, tmp)
        stamp_manifest(tmp, built_by=r.host, shipped=True)
        swap_in(tmp, out_dir / r.slug)
    except Exception as exc:  # a bundle that cannot be received is this program's failure only
        shutil.rmtree(tmp, ignore_errors=True)
        return ReportResult(r.slug, "failed", r.seconds, host=r.host,
                            error=f"could not receive the report from {r.host}: {exc}")
    return r


def _fmt_seconds(s: float) -> str:
    s = max(0, int(round(s)))
    return f"{s // 3600}h{s % 3600 // 60:02d}m" if s >= 3600 else f"{s // 60}m{s % 60:02d}s"


class Progress:
    """Programs and notebooks done and time left, on the terminal and in the log file.

    Thread-safe: Dask events arrive on the client's thread. On a terminal the status line is
    redrawn in place; otherwise (and always in the log) each event is one timestamped line.
    """

    def __init__(self, n_programs: int, n_notebooks: int, log: Optional[TextIO],
                 stream: TextIO = sys.stdout):
        self.n_programs, self.per_program = n_programs, n_notebooks
        self.total_notebooks = n_programs * n_notebooks
        self.programs_done = self.notebooks_done = self.skipped = 0
        self.failed = 0
        self.t0 = time.perf_counter()
        self.log, self.stream = log, stream
        self.tty = bool(getattr(stream, "isatty", lambda: False)())
        self.lock = threading.Lock()
        self._nb_seen: dict[str, int] = {}

    def eta(self) -> Optional[float]:
        done = self.notebooks_done + self.skipped
        if done == 0:
            return None
        elapsed = time.perf_counter() - self.t0
        return elapsed / done * (self.total_notebooks - done)

    def status(self) -> str:
        eta = self.eta()
        left = "?" if eta is None else _fmt_seconds(eta)
        return (f"programs {self.programs_done}/{self.n_programs}, notebooks "
                f"{self.notebooks_done}/{self.total_notebooks}, failed {self.failed}, "
                f"elapsed {_fmt_seconds(time.perf_counter() - self.t0)}, left ~{left}")

    def _write(self, line: str, important: bool) -> None:
        stamp = dt.datetime.now().strftime("%Y-%m-%d %H:%M:%S")
        if self.log is not None:
            self.log.write(f"{stamp} {line} | {self.status()}\n")
            self.log.flush()
        if self.tty:
            if important:
                self.stream.write(f"\r\033[K{line}\n")
            self.stream.write(f"\r\033[K{self.status()}")
        elif important:
            self.stream.write(f"{line} | {self.status()}\n")
        self.stream.flush()

    def message(self, line: str) -> None:
        with self.lock:
            self._write(line, True)

    def event(self, kind: str, slug: str, nb: str, detail) -> None:
        with self.lock:
            if kind == "notebook":
                self.notebooks_done += 1
                self._nb_seen[slug] = self._nb_seen.get(slug, 0) + 1
                self._write(f"  {slug}: {nb} done ({float(detail):.1f}s)", False)
            elif kind == "retry":
                self._write(f"  {slug}: {nb} kernel died or failed to start, retrying ({detail})", True)

    def program_done(self, r: ReportResult) -> None:
        with self.lock:
            self.programs_done += 1
            seen = self._nb_seen.pop(r.slug, 0)
            if r.status == "ok" and seen < self.per_program:   # events lost or not sent
                self.notebooks_done += self.per_program - seen
            elif r.status != "ok":
                self.failed += 1
                self.skipped += self.per_program - seen       # never run: no time left for them
            detail = "" if r.status == "ok" else f" - {r.notebook or 'input'}: {r.error}"
            self._write(f"[{self.programs_done}/{self.n_programs}] {r.slug}: {r.status} "
                        f"({r.seconds:.1f}s){detail}", True)

    def close(self) -> None:
        if self.tty:
            self.stream.write("\n")
            self.stream.flush()


def summary_table(results: list[ReportResult]) -> str:
    """Plain-text summary: program, status, time, and for a failure where and why."""
    width = max([28] + [len(r.slug) + 1 for r in results])
    lines = [f"{'program':<{width}} {'status':<8} {'time':>7}  detail"]
    for r in sorted(results, key=lambda r: r.slug):
        detail = ""
        if r.status == "failed":
            where = (f"{r.notebook} cell {r.cell if r.cell is not None else '?'}"
                     if r.notebook else "before the notebooks")
            detail = f"{where}: {r.error}"
        elif r.status == "invalid":
            detail = f"{len(r.problems)} input problem(s), first: {r.error}"
        elif r.retries:
            detail = "kernel retried: " + ", ".join(f"{k} x{v}" for k, v in sorted(r.retries.items()))
        if r.status == "ok" and r.notes:
            detail = "; ".join(filter(None, [detail, *r.notes]))
        lines.append(f"{r.slug:<{width}} {r.status:<8} {r.seconds:>6.1f}s  {detail}")
    return "\n".join(lines)


def portfolio_note(out_dir: Path, r: ReportResult) -> str:
    """What the client-facing portfolio says of a program that did not report: a generic note,
    never the problem itself (it may name an employee id or a file's content); the problems are
    in ``batch.log``, for the analyst.

    >>> portfolio_note(Path("/nowhere"), ReportResult("x", "invalid", error="hr.csv:3:: 'E7' ..."))
    'not updated: input problems (details in batch.log)'
    """
    if r.status == "ok":
        return ""
    what = {"invalid": "input problems", "failed": "the report could not be built"}.get(r.status, r.status)
    previous = " (showing the previous good report)" if (Path(out_dir) / r.slug / "manifest.json").exists() else ""
    return f"not updated: {what} (details in batch.log){previous}"


def write_index(out_dir: Path, results: list[ReportResult]) -> Path:
    """Top-level ``index.html``: the portfolio (:mod:`workbench.portfolio`), one row per program
    with its published figures and links; a program this batch did not run (``--only``) keeps
    its row from its manifest; a failed one shows a generic note (:func:`portfolio_note`) beside
    the previous good report."""
    ran = {r.slug: r for r in results}
    earlier = [m.parent.name for m in sorted(out_dir.glob("*/manifest.json"))
               if m.parent.name not in ran and not m.parent.name.startswith((".", "_"))]
    rows = []
    for slug in sorted(list(ran) + earlier):
        r = ran.get(slug)
        if r is None:
            rows.append(read_row(out_dir, slug, "ok", "earlier run"))
            continue
        rows.append(read_row(out_dir, slug, r.status, portfolio_note(out_dir, r)))
    return write_portfolio(out_dir, rows)


def _run_dask(programs: list[Path], out_dir: Path, workers: int, scheduler: Optional[str],
              notebooks, notebook_dir: Path, failed_dir: Path, progress: Progress,
              on_result: Callable[[ReportResult], None], ship: bool = False,
              limits=(None, None)) -> None:
    import uuid

    import dask
    from distributed import Client, LocalCluster, as_completed

    cluster = None
    if scheduler:
        client = Client(scheduler, timeout="30s")
    else:
        with dask.config.set(LOCAL_CLUSTER_CONFIG):   # the nannies pass it on to their workers
            cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                                   dashboard_address=":0")
        client = Client(cluster)
    batch_id = uuid.uuid4().hex
    try:
        n = len(client.scheduler_info().get("workers", {}))
        progress.message(f"dask: {'scheduler ' + scheduler if scheduler else 'local cluster'}, "
                         f"{n} worker(s)")

        def handler(event):
            _, msg = event
            if isinstance(msg, dict) and msg.get("batch") == batch_id:
                progress.event(msg["kind"], msg["slug"], msg["notebook"], msg["detail"])

        try:
            client.subscribe_topic(PROGRESS_TOPIC, handler)
        except Exception:  # progress per notebook is a nicety; per program still works
            pass
        notebooks_tar = None

        def submit(p: Path, shipped: bool, rank: int):
            nonlocal notebooks_tar
            key = f"report-{p.name}-{batch_id[:8]}" + ("-shipped" if shipped else "")
            if shipped:
                if notebooks_tar is None:
                    notebooks_tar = pack(notebook_dir, suffixes=(".ipynb",))
                return client.submit(_run_shipped, p.name, pack(p), notebooks_tar,
                                     tuple(notebooks), batch_id, tuple(limits), key=key, pure=False,
                                     retries=0, priority=rank)
            return client.submit(_run_on_worker, str(p), str(out_dir), tuple(notebooks),
                                 str(notebook_dir), batch_id, str(failed_dir), tuple(limits), key=key,
                                 pure=False, retries=0, priority=rank)

        queue = longest_first(programs)
        futures = {submit(p, ship, len(queue) - rank): (p, ship) for rank, p in enumerate(queue)}
        pending = as_completed(list(futures))
        for f in pending:
            p, shipped = futures.pop(f)
            try:
                r = f.result()
            except Exception as exc:  # the worker itself died (the program's child could not help it)
                msg = traceback.format_exception_only(type(exc), exc)[-1].strip().splitlines()[0]
                r = ReportResult(p.name, "failed", error=f"the Dask worker running it was lost ({msg}); "
                                                         "run the program again")
            finally:
                f.release()    # done: its result is not kept on the worker, never recomputed
            if shipped and isinstance(r, tuple):
                r = receive_shipped(out_dir, failed_dir, *r)
            elif not shipped and r.status == "failed" and (r.error or "").startswith(NOT_VISIBLE):
                # this worker cannot see the shared folders: send the files with the task instead
                progress.message(f"{p.name}: {r.error}; sending its files with the task")
                g = submit(p, True, 0)
                futures[g] = (p, True)
                pending.add(g)
                continue
            on_result(r)
        with _suppress():
            client.unsubscribe_topic(PROGRESS_TOPIC)
    finally:
        with _suppress():
            client.close()
        if cluster is not None:
            with _suppress():
                cluster.close()


class _suppress:
    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return exc[0] is not None and issubclass(exc[0], Exception)


class _Log:
    """``batch.log``, appended to; a write the disk refuses (full) is said once, on the
    terminal, and the batch goes on without its log."""

    def __init__(self, path: Path, stream: TextIO):
        self.path, self.stream, self.fh, self.failed = path, stream, None, False
        try:
            self.fh = open(path, "a", encoding="utf-8", buffering=1)
        except OSError as e:
            self._fail(e)

    def _fail(self, e: OSError) -> None:
        if not self.failed:
            self.failed = True
            self.stream.write(f"{disk_error(e, self.path)}; the batch goes on without its log\n")

    def write(self, text: str) -> None:
        if self.fh is not None and not self.failed:
            try:
                self.fh.write(text)
            except OSError as e:
                self._fail(e)

    def flush(self) -> None:
        if self.fh is not None and not self.failed:
            try:
                self.fh.flush()
            except OSError as e:
                self._fail(e)

    def close(self) -> None:
        if self.fh is not None:
            with _suppress():
                self.fh.close()


def disk_error(e: OSError, path: Path) -> str:
    """One line for a write that failed: which file, why, what to do."""
    why = "the disk is full" if e.errno in (errno.ENOSPC, errno.EDQUOT) else (e.strerror or str(e))
    return (f"{path}: could not be written ({why}); free space on its disk (or choose another --out) "
            "and run the batch again")


def run_batch(programs_dir: Path, out_dir: Path, workers: int = 1,
              only: Optional[Iterable[str]] = None, notebooks=NOTEBOOKS,
              notebook_dir: Path = NOTEBOOK_DIR, *, scheduler: Optional[str] = None,
              log_path: Optional[Path] = None, stream: Optional[TextIO] = None,
              ship: bool = False, notebook_seconds: Optional[float] = None,
              program_seconds: Optional[float] = None) -> int:
    """Report on every program; show progress and a summary; return the exit code.

    ``log_path`` defaults to ``out_dir/batch.log`` (appended to). Failed notebooks (with their
    traceback) are kept in ``out_dir/_failed/<slug>/`` for the analyst. Every path is made
    absolute here, before any task is sent, so it means the same on every worker. ``ship``: the
    programs' files travel with their tasks and the bundles come back (workers without a shared
    file system; also done for any program whose worker turns out not to see the folders).
    ``notebook_seconds`` / ``program_seconds``: the time limits of a program whose
    ``program.yaml`` sets none (default 1200 and 3600). The portfolio is always written; a disk
    too full for it is one line (and exit code 1).
    """
    stream = stream if stream is not None else sys.stdout
    programs = [p.resolve() for p in discover(programs_dir, only)]
    out_dir = Path(out_dir).resolve()
    out_dir.mkdir(parents=True, exist_ok=True)
    notebooks = tuple(notebooks)
    notebook_dir = Path(notebook_dir).resolve()
    failed_dir = out_dir / "_failed"
    clean_stale_temps(out_dir)
    log_path = Path(log_path) if log_path else out_dir / "batch.log"
    limits = (notebook_seconds, program_seconds)
    t0 = time.perf_counter()
    results: list[ReportResult] = []
    log = _Log(log_path, stream)
    written = True
    try:
        progress = Progress(len(programs), len(notebooks), log, stream)
        mode = (f"scheduler {scheduler}" if scheduler else
                f"{workers} local worker(s)" if workers > 1 else "sequential, a process per program")
        progress.message(f"batch: {len(programs)} program(s) x {len(notebooks)} notebook(s) from "
                         f"{Path(programs_dir).resolve()} into {out_dir} ({mode})")

        def on_result(r: ReportResult) -> None:
            results.append(r)
            progress.program_done(r)
            if r.status == "ok":
                import shutil
                shutil.rmtree(failed_dir / r.slug, ignore_errors=True)

        try:
            if scheduler or workers > 1:
                _run_dask(programs, out_dir, workers, scheduler, notebooks, notebook_dir, failed_dir,
                          progress, on_result, ship=ship, limits=limits)
            else:
                for p in programs:
                    on_result(run_isolated(p, out_dir, notebooks, notebook_dir, progress.event,
                                           failed_dir, *limits))
        finally:   # the portfolio is written whatever happened (programs not run keep their rows)
            progress.close()
            with _suppress():
                if failed_dir.is_dir() and not any(failed_dir.iterdir()):
                    failed_dir.rmdir()
            try:
                write_index(out_dir, results)
            except OSError as e:
                written = False
                line = disk_error(e, out_dir / "index.html")
                print(line, file=sys.stderr)
                log.write(line + "\n")
        table = summary_table(results)
        total = time.perf_counter() - t0
        log.write(table + "\n")
        stream.write(table + "\n")
        for r in sorted(results, key=lambda r: r.slug):
            if r.status == "invalid":
                print(f"\n{r.slug}: input problems", file=sys.stderr)
                log.write(f"{r.slug}: input problems\n")
                for line in r.problems:
                    print(f"  {line}", file=sys.stderr)
                    log.write(f"  {line}\n")
        bad = sum(r.status != "ok" for r in results)
        where = f"reports in {out_dir / 'index.html'}" if written else f"reports in {out_dir} (no index)"
        end = f"total {total:.1f}s; {len(results) - bad} ok, {bad} not; {where}; log in {log_path}"
        log.write(end + "\n\n")
        stream.write(end + "\n")
        stream.flush()
    finally:
        log.close()
    return 0 if written and all(r.status == "ok" for r in results) else 1
