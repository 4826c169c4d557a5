"""The report kernels talk over private Unix sockets: no transport warning on any run, nothing left."""
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from workbench.report.stages import NOTEBOOKS

from test_batch import SUMMARY, make_program, notebook


@pytest.mark.slow
def test_report_run_is_quiet_and_leaves_no_sockets(tmp_path):
    make_program(tmp_path / "programs" / "alpha")
    nbs = tmp_path / "nbs"
    nbs.mkdir()
    for name in NOTEBOOKS:
        notebook(nbs / f"{name}.ipynb", SUMMARY)
    before = set(Path(tempfile.gettempdir()).glob("wbk-*"))
    proc = subprocess.run([sys.executable, "-m", "workbench", "report", "programs/alpha", "--out", "reports"],
                          cwd=tmp_path, capture_output=True, text=True, timeout=180,
                          env=dict(os.environ, WORKBENCH_NOTEBOOK_DIR=str(nbs)))
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert (tmp_path / "reports" / "alpha" / "index.html").exists()
    assert "encryption" not in proc.stderr and "eavesdropping" not in proc.stderr, proc.stderr
    assert set(Path(tempfile.gettempdir()).glob("wbk-*")) == before     # socket folders removed


def test_a_kernel_per_notebook_uses_ipc_too(tmp_path):
    from workbench.report.run import report_program
    make_program(tmp_path / "programs" / "alpha")
    nbs = tmp_path / "nbs"
    nbs.mkdir()
    notebook(nbs / "one.ipynb", "import json, os\nprint(os.environ.get('JPY_PARENT_PID', 'x'))")
    r = report_program(tmp_path / "programs" / "alpha", tmp_path / "reports", ("one",), nbs,
                       shared_kernel=False)
    assert r.status == "ok", r.error
