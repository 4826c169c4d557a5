"""Test helpers for tests/kpi: ``make_program`` from the root tests/conftest.py, loaded by path so
that another ``conftest`` module (e.g. tests/matching/conftest.py) cannot shadow it."""
import importlib.util
from pathlib import Path

_spec = importlib.util.spec_from_file_location("_root_conftest_for_kpi",
                                               Path(__file__).resolve().parent.parent / "conftest.py")
_root = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_root)
make_program = _root.make_program
