"""Test helpers for tests/kpi: ``make_program`` from tests/program_factory.py, loaded by path so
that no other module of the same name can shadow it."""
import importlib.util
from pathlib import Path

_spec = importlib.util.spec_from_file_location("_program_factory_for_kpi",
                                               Path(__file__).resolve().parent.parent / "program_factory.py")
_root = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_root)
make_program = _root.make_program
kpi_program = _root.kpi_program
