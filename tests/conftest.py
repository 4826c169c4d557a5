"""Shared fixtures."""
import copy
from pathlib import Path

import pytest

SAMPLES = Path(__file__).resolve().parent.parent / "data" / "programs"


@pytest.fixture(scope="session")
def _loaded_sample_programs():
    from workbench.io import load_program
    return {p.name: load_program(p) for p in sorted(SAMPLES.iterdir()) if p.is_dir()}


@pytest.fixture
def sample_programs(_loaded_sample_programs):
    """Every bundled program, read once per session (seconds) and copied for each test (a test
    may change its programs freely)."""
    return copy.deepcopy(_loaded_sample_programs)


@pytest.fixture(scope="session")
def bundled_reports(tmp_path_factory):
    """The real batch (papermill, two local workers) on every bundled program, run once per test
    session: ``(out folder, exit code, log)``. Shared by the notebook, raw-repr and page tests."""
    import io

    from workbench.batch import run_batch
    out = tmp_path_factory.mktemp("bundled_reports")
    log = io.StringIO()
    code = run_batch(SAMPLES, out, workers=2, stream=log)
    return out, code, log.getvalue()
