"""Running a program's notebooks: papermill in a kernel of the program's own, over Unix sockets.

A program's notebooks run one after the other in one kernel (:class:`ProgramKernel`: imports paid
once, namespace emptied between notebooks) whose working folder is the program's temporary
folder, set through nbclient's ``resources`` so this process never ``chdir`` s (papermill's own
``cwd=`` does, which is unsafe when several programs share a process). The kernel talks over
``ipc`` (Unix sockets in a private folder), not localhost TCP: no eavesdropping warning, no ports
for parallel kernels to race for.

A kernel that dies mid-run (``DeadKernelError`` / "Kernel died") is retried once, in a fresh
kernel, from the start of that notebook; a kernel that fails to *start* is retried up to
:data:`START_RETRIES` times (:func:`execute`).
"""
from __future__ import annotations

import contextlib
import json
import os
import shutil
import sys
import time
from pathlib import Path
from typing import Callable, Optional


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


KERNEL = "python3"
DEATH_RETRIES = 1      # a kernel that died while running cells: retried once
START_RETRIES = 3      # a kernel that failed to start (port race): retried up to three times
START_TIMEOUT = 60     # seconds a kernel may take to start


class KernelDied(RuntimeError):
    """A notebook's kernel died and its retries were used up."""



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

    def __init__(self, env: Optional[dict] = None):
        self.km = None
        self._sockets: Optional[str] = None
        self.env = dict(env or {})     # added to the kernel's environment (e.g. earlier releases)

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
            cls = AsyncKernelManager
            if self.env:
                env = self.env

                class _WithEnv(AsyncKernelManager):
                    async def _async_start_kernel(self, **kw):
                        kw["env"] = {**(kw.get("env") or os.environ), **env}
                        return await super()._async_start_kernel(**kw)

                    start_kernel = _async_start_kernel
                cls = _WithEnv
            self.km = cls(kernel_name=KERNEL, transport="ipc", ip=os.path.join(self._sockets, "k"))
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
                  kernel: Optional[ProgramKernel] = None, env: Optional[dict] = None) -> None:
    import papermill as pm
    own = kernel is None          # a kernel for this notebook only, over ipc all the same
    kernel = ProgramKernel(env) if own else kernel
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
             kernel: Optional[ProgramKernel] = None, env: Optional[dict] = None) -> int:
    """Run one notebook; retry a dead kernel once and a failed kernel start a few times.

    With ``kernel`` (a :class:`ProgramKernel`), the notebook runs in the program's shared
    kernel, and a retry in a fresh one. Returns the number of retries; raises
    :class:`KernelDied` when the retries are used up and papermill's own exceptions (a
    failing cell) unchanged.
    """
    deaths = starts = 0
    while True:
        try:
            _execute_once(nb, tmp, params, notebook_dir, kernel, env)
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



execute = _execute
