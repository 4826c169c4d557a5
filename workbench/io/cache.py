"""Keeping valid programs in memory until a file of their folder changes."""
from __future__ import annotations

import dataclasses
from collections import OrderedDict
from pathlib import Path

from ..program import Program
from ..schema import TABLES

_CACHE: "OrderedDict[tuple, tuple]" = OrderedDict()   # key -> (stamp, CheckResult)
CACHE_SIZE = 4     # programs kept in memory per process


def _fingerprint(folder: Path) -> tuple:
    """(name, size, mtime) of every file in the folder: any change to an input shows."""
    out = []
    for p in sorted(folder.rglob("*")):
        if p.is_file() and not any(part.startswith(".") for part in p.relative_to(folder).parts):
            st = p.stat()
            out.append((p.relative_to(folder).as_posix(), st.st_size, st.st_mtime_ns))
    return tuple(out)


def _copy(program: Program) -> Program:
    frames = {t: getattr(program, t).copy() for t in TABLES}
    return Program(slug=program.slug, path=program.path, config=program.config.model_copy(deep=True),
                   **frames)



def lookup(key: tuple, stamp: tuple):
    """The check kept under ``key``, with a fresh copy of its program, if its files still match
    ``stamp``; else None."""
    hit = _CACHE.get(key)
    if hit is not None and hit[0] == stamp:
        _CACHE.move_to_end(key)
        return dataclasses.replace(hit[1], program=_copy(hit[1].program))
    return None


def store(key: tuple, stamp: tuple, result) -> None:
    """Keep a valid program's check (a copy: the caller may change its program)."""
    _CACHE[key] = (stamp, dataclasses.replace(result, program=_copy(result.program)))
    while len(_CACHE) > CACHE_SIZE:
        _CACHE.popitem(last=False)
