"""A Dask cluster of separate processes on this machine, as a real deployment runs one: a
``dask scheduler`` and ``dask worker`` processes started in their own working folder (not this
process's), stopped on exit. For the real-cluster test and the cluster benchmark (a test helper,
not part of the package).

Example
-------
>>> with separate_process_cluster(workers=2) as address:      # doctest: +SKIP
...     run_batch(Path("data/programs"), Path("reports"), scheduler=address)
"""
from __future__ import annotations

import contextlib
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Iterator, Optional

DASK = Path(sys.executable).with_name("dask")


@contextlib.contextmanager
def separate_process_cluster(workers: int = 2, home: Optional[Path] = None,
                             timeout: float = 90) -> Iterator[str]:
    """Start a scheduler and ``workers`` single-threaded worker processes; yield its address."""
    if not DASK.exists():
        raise RuntimeError(f"the dask command is not installed next to {sys.executable}")
    with contextlib.ExitStack() as stack:
        if home is None:
            home = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="wb-cluster-")))
        home = Path(home)
        home.mkdir(parents=True, exist_ok=True)
        sched_file = home / "scheduler.json"
        sched_file.unlink(missing_ok=True)
        env = dict(os.environ, PYTHONWARNINGS="ignore")
        quiet = {"cwd": home, "env": env, "stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL}
        procs = [subprocess.Popen([str(DASK), "scheduler", "--host", "127.0.0.1", "--port", "0",
                                   "--no-dashboard", "--scheduler-file", str(sched_file)], **quiet)]
        try:
            deadline = time.time() + timeout
            while not sched_file.exists() and time.time() < deadline:
                time.sleep(0.2)
            address = json.loads(sched_file.read_text())["address"]
            procs.append(subprocess.Popen(
                [str(DASK), "worker", address, "--nworkers", str(workers), "--nthreads", "1",
                 "--no-dashboard", "--local-directory", str(home / "space")], **quiet))
            from distributed import Client
            with Client(address, timeout="30s") as client:
                client.wait_for_workers(workers, timeout=timeout)
            yield address
        finally:
            for p in reversed(procs):
                p.terminate()
            for p in procs:
                try:
                    p.wait(timeout=20)
                except subprocess.TimeoutExpired:
                    p.kill()
