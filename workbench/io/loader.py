"""One pass over a program folder: config, every table read, converted and cross-checked."""
from __future__ import annotations

from pathlib import Path

from ..config import TableSource
from ..config_yaml import line_of, parse_config
from ..problems import InputError, Problem
from ..program import Program
from ..schema import TABLES
from .collect import Collector
from .parsing import empty_table
from .readers import read_table_file
from .validate import _check_config_fields, _check_references, _convert_table


def _load_program(path: Path) -> Program:
    path = Path(path)
    folder = path.parent if path.suffix.lower() in (".yaml", ".yml") else path
    folder = folder.resolve()
    out = Collector()
    if not folder.is_dir():
        raise InputError([Problem(str(path), None, None, "program folder not found",
                                  "check the path; a program folder holds program.yaml and the client's files")])
    parsed = parse_config(path if path.suffix.lower() in (".yaml", ".yml") else folder)
    for p in parsed.problems:
        out.add(p)
    cfg = parsed.config
    cfg_line = lambda loc: line_of(parsed.root, loc)  # noqa: E731

    sources: dict = {}
    if cfg is not None:
        sources = dict(cfg.tables)
        _check_config_fields(cfg, cfg_line, out)
    elif isinstance(parsed.data, dict) and isinstance(parsed.data.get("tables"), dict):
        # the config has problems elsewhere: still check every table it names correctly
        for tname, spec in parsed.data["tables"].items():
            if tname in TABLES:
                try:
                    sources[tname] = TableSource.model_validate(spec)
                except Exception:
                    pass

    loaded: dict = {}
    for tname, src in sources.items():
        table = TABLES[tname]
        raw = read_table_file(folder, src, tname, out)
        L = _convert_table(raw, table, src, tname, out, cfg_line)
        if L is not None:
            L.client_name = {canon: client for canon, client in L.client_name.items()}
        loaded[tname] = L
    _check_references({t: L for t, L in loaded.items()}, out)

    problems = out.finish()
    if problems or cfg is None:
        raise InputError(problems)

    frames = {}
    for tname in TABLES:
        L = loaded.get(tname)
        if L is None:
            frames[tname] = empty_table(tname)
        else:
            frames[tname] = L.frame.reset_index(drop=True)
    return Program(slug=folder.name, path=folder, config=cfg, **frames)
