"""Load a program folder: ``program.yaml`` plus its tables, mapped and validated in one pass.

:func:`load_program` reads the config, then every table listed under ``tables`` (CSV in UTF-8,
UTF-8 with BOM, UTF-16 or Latin-1/cp1252, comma/semicolon/tab separated; or XLSX, with
``sheet``), renames the client's columns to the workbench's (``columns``), maps their labels
(``values``), converts each column to its kind (:mod:`workbench.schema`) and checks every rule.
Every problem in every file is collected before anything is raised; one line each::

    people.csv:14:Capacity: 'three' is not a whole number; write a number such as 3

Rows are counted as a spreadsheet shows them (header = row 1) and columns are named as the
client's file names them. At most :data:`MAX_PER_COLUMN` lines per column and file are shown,
then one "... and N more rows" line.

Example
-------
>>> prog = load_program("data/programs/onboarding-pilot")   # doctest: +SKIP
>>> prog.workforce.dtypes["level"]                           # doctest: +SKIP
Int64Dtype()
"""
from __future__ import annotations

from pathlib import Path

from ..program import Program
from . import cache as _cache
from .cache import CACHE_SIZE
from .collect import MAX_PER_COLUMN
from ..files import decode_bytes
from .loader import CheckResult, _check_program
from .parsing import detect_date_order, empty_table, parse_bools, parse_dates
from .readers import read_table_file, sniff_delimiter

__all__ = ["load_program", "check_program", "CheckResult", "extra_columns", "read_table_file", "decode_bytes",
           "sniff_delimiter", "parse_dates", "detect_date_order", "parse_bools", "empty_table",
           "MAX_PER_COLUMN"]



def check_program(path: str | Path, *, strict: bool = False) -> CheckResult:
    """Read, map and validate a program folder (or its ``program.yaml``) without raising.

    Returns a :class:`CheckResult`: the :class:`Program` (None when there are problems), the
    problems with their true count, the warnings and the notes. ``strict``: warnings count as
    problems (the program is None when there are any).

    A valid program is kept in memory (the last :data:`CACHE_SIZE`): checking it again while no
    file of its folder changed (name, size, modification time) returns a fresh copy without
    reading the files, so the notebooks of a report, which share a kernel, read a client's
    spreadsheets once.
    """
    path = Path(path)
    folder = path.parent if path.suffix.lower() in (".yaml", ".yml") else path
    key = (str(folder.resolve()), path.name if folder != path else "")
    if not folder.is_dir():
        result = _check_program(path)
    else:
        stamp = _cache._fingerprint(folder.resolve())
        result = _cache.lookup(key, stamp)
        if result is None:
            result = _check_program(path)
            if result.program is not None:
                _cache.store(key, stamp, result)
    if strict and result.warnings:
        return CheckResult(None, result.problems + result.warnings, result.count + result.warning_count,
                           [], 0, result.notes)
    return result


def load_program(path: str | Path, *, strict: bool = False) -> Program:
    """Read, map and validate a program folder (or its ``program.yaml``).

    Returns a :class:`Program` (slug = folder name) whose tables follow
    :mod:`workbench.schema` and the dtypes in :mod:`workbench.program`, plus the table's
    ``extra_columns``. Raises :class:`InputError` with every problem in the config and all
    tables found in one pass (and the warnings too when ``strict``). Valid programs are kept in
    memory until a file changes (see :func:`check_program`).
    """
    result = check_program(path, strict=strict)
    if result.program is None:
        raise result.error()
    return result.program


_KIND_OF_DTYPE = {"Int64": "int", "float64": "float", "boolean": "bool", "datetime64[ns]": "date"}


def extra_columns(program: Program) -> dict[str, dict[str, str]]:
    """The client's own columns kept under ``tables.<table>.extra_columns``: table -> {workbench
    name -> kind} (the kind given in program.yaml, else the one inferred when loading)."""
    out: dict[str, dict[str, str]] = {}
    for table, src in program.config.tables.items():
        frame = program.table(table)
        kinds = {}
        for spec in src.extra_columns.values():
            if spec.name in frame.columns:
                kinds[spec.name] = spec.kind or _KIND_OF_DTYPE.get(str(frame[spec.name].dtype), "category")
        if kinds:
            out[table] = kinds
    return out
