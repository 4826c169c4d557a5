"""Shared fixtures."""
from pathlib import Path

import pytest

SAMPLES = Path(__file__).resolve().parent.parent / "data" / "programs"


@pytest.fixture
def sample_programs():
    from workbench.io import load_program
    return {p.name: load_program(p) for p in sorted(SAMPLES.iterdir()) if p.is_dir()}
