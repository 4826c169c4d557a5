"""One pass over a program folder: config, every table read, converted and cross-checked."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional

from ..config import TableSource
from ..config_yaml import line_of, parse_config
from ..problems import InputError, Problem
from ..program import Program
from ..schema import TABLES
from .collect import Collector
from .parsing import empty_table
from .readers import read_table_file
from .checks import _check_config_fields, _check_references, check_consistency
from .validate import _convert_table


@dataclass
class CheckResult:
    """What loading a program found: the program (None when it has problems), the problem
    lines (capped per column), their true ``count``, warnings and notes."""
    program: Optional[Program]
    problems: list[Problem] = field(default_factory=list)
    count: int = 0
    warnings: list[Problem] = field(default_factory=list)
    warning_count: int = 0
    notes: list[Problem] = field(default_factory=list)

    def error(self) -> InputError:
        return InputError(self.problems, self.count, self.warnings)


def _check_program(path: Path) -> CheckResult:
    path = Path(path)
    folder = path.parent if path.suffix.lower() in (".yaml", ".yml") else path
    folder = folder.resolve()
    out = Collector()
    if not folder.is_dir():
        p = Problem(str(path), None, None, "program folder not found",
                    "check the path; a program folder holds program.yaml and the client's files")
        return CheckResult(None, [p], 1)
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
        raw = read_table_file(folder, src, tname, out, cfg_line)
        loaded[tname] = _convert_table(raw, TABLES[tname], src, tname, out, cfg_line)
    _check_references(loaded, out)
    check_consistency(loaded, cfg, cfg_line, out)

    result = CheckResult(None, out.finish("problem"), out.counts["problem"], out.finish("warning"),
                         out.counts["warning"], out.finish("note"))
    if result.problems or cfg is None:
        result.count = max(result.count, 1)
        return result
    frames = {}
    for tname in TABLES:
        L = loaded.get(tname)
        frames[tname] = empty_table(tname) if L is None else L.frame.reset_index(drop=True)
    result.program = Program(slug=folder.name, path=folder, config=cfg, **frames)
    return result
