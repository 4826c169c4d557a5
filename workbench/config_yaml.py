"""Read and write ``program.yaml``, turning every problem into a plain-English :class:`Problem`.

Every problem names ``program.yaml``, the YAML line of the offending key, the dotted key path
(``kpis[1].metric``, ``matching.rules.no_reporting_lne``), what is wrong and how to fix it::

    program.yaml:3:purpse: unknown key 'purpse'; did you mean 'purposes'? ...

pydantic collects all errors at once; each is mapped back to the YAML node it came from by walking
the error's ``loc`` through the tree :func:`yaml.compose` builds (which keeps line numbers).

Example
-------
>>> cfg = read_config("data/programs/onboarding-pilot/program.yaml")   # doctest: +SKIP
>>> write_config(cfg, "out/program.yaml")                               # doctest: +SKIP

Why one module (about 420 lines): reading and writing share one walk of the YAML node tree (line
of a key, dotted path, allowed keys at a path); the error mapping is its only client and the
writer needs the same key order. Split, the three parts would pass the node tree and the
model's field lookup back and forth.
"""
from __future__ import annotations

import datetime as dt
import types
import typing
from enum import Enum
from pathlib import Path
from typing import Any, Optional, Union

import yaml
from pydantic import BaseModel, ValidationError

from .atomic import atomic_write
from .files import MAX_CONFIG_BYTES, decode_bytes, Refused, read_inside
from .config import TABLE_NAMES, ProgramConfig, suggest
from .problems import InputError, Problem
from .yaml_safe import DOCS, YamlRefused, _Loader

FILE = "program.yaml"

__all__ = ["read_config", "write_config", "parse_config", "ConfigResult", "line_of", "suggest"]


# ----------------------------------------------------------------------------------- helpers

def _unwrap(tp):
    """Strip Optional/Union-with-None and Annotated wrappers."""
    while True:
        origin = typing.get_origin(tp)
        if origin is typing.Annotated:
            tp = typing.get_args(tp)[0]
            continue
        if origin in (Union, types.UnionType):
            args = [a for a in typing.get_args(tp) if a is not type(None)]
            if len(args) == 1:
                tp = args[0]
                continue
        return tp


def _type_at(loc) -> Any:
    """The annotation of the field at ``loc`` (walking models, lists and dicts), or None."""
    tp: Any = ProgramConfig
    for part in loc:
        tp = _unwrap(tp)
        origin = typing.get_origin(tp)
        if isinstance(tp, type) and issubclass(tp, BaseModel):
            field = tp.model_fields.get(part) if isinstance(part, str) else None
            if field is None:
                return None
            tp = field.annotation
        elif origin in (list, tuple, set) and isinstance(part, int):
            tp = typing.get_args(tp)[0]
        elif origin is dict:
            tp = typing.get_args(tp)[1]
        else:
            return None
    return _unwrap(tp)


def _fields_at(loc) -> list[str]:
    """The keys allowed at ``loc``: a model's fields, or a registry's live keys (``matching.rules``)."""
    tp = _type_at(loc)
    if isinstance(tp, type) and issubclass(tp, BaseModel):
        keys = getattr(tp, "known_keys", None)
        return list(keys()) if keys else list(tp.model_fields)
    return []


def _allowed_at(loc) -> list[str]:
    tp = _type_at(loc)
    if typing.get_origin(tp) in (list, tuple, set):
        tp = _unwrap(typing.get_args(tp)[0])
    if isinstance(tp, type) and issubclass(tp, Enum):
        return [m.value for m in tp]
    if typing.get_origin(tp) is typing.Literal:
        return [str(a) for a in typing.get_args(tp)]
    return []


def _path(loc) -> str:
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out


def _walk(root, loc):
    """Follow ``loc`` through the YAML node tree.

    Returns ``(node, line, resolved)``: the deepest node reached, the 1-based line of its key
    (or item), and how many parts of ``loc`` were resolved.
    """
    node = root
    line = (root.start_mark.line + 1) if root is not None else None
    done = 0
    for part in loc:
        if isinstance(node, yaml.MappingNode) and isinstance(part, str):
            hit = next(((k, v) for k, v in node.value if getattr(k, "value", None) == part), None)
            if hit is None:
                break
            line = hit[0].start_mark.line + 1
            node = hit[1]
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) and part < len(node.value):
            node = node.value[part]
            line = node.start_mark.line + 1
        else:
            break
        done += 1
    return node, line, done


def line_of(root, loc) -> Optional[int]:
    """1-based line of the key at ``loc`` in a composed YAML tree (nearest ancestor if absent)."""
    if root is None:
        return None
    return _walk(root, loc)[1]


def _show(value) -> str:
    if isinstance(value, (dict, list)):
        return "a list" if isinstance(value, list) else "a section of keys"
    if value is None:
        return "nothing"
    if isinstance(value, (dt.date, dt.datetime)):
        return repr(value.isoformat())
    return repr(value)


# ----------------------------------------------------------------------------- error mapping

_EXAMPLES = {
    "int": ("a whole number", "write a whole number such as 3"),
    "float": ("a number", "write a number such as 0.8"),
    "bool": ("yes or no", "write true or false"),
    "date": ("a date", "write the date as year-month-day, e.g. 2025-03-14"),
    "str": ("text", "write it as text (in quotes if it looks like a number or a date)"),
    "list": ("a list", "write a list, e.g. [a, b] or one '- item' per line"),
    "dict": ("a section of keys", "indent the keys under it, one 'key: value' per line"),
}


def _problem_from_error(err: dict, root) -> Problem:
    loc = tuple(err.get("loc", ()))
    kind = err.get("type", "")
    value = err.get("input")
    ctx = err.get("ctx") or {}
    node, line, done = _walk(root, loc)
    # union branches add parts such as 'str' / 'int' / 'function-after[...]' that are not keys
    if kind in ("missing", "extra_forbidden"):
        loc_shown = loc
    elif root is not None and done < len(loc):
        loc_shown = loc[:done]
    else:
        loc_shown = tuple(p for p in loc if not (isinstance(p, str) and
                                                 (p in ("str", "int", "float", "bool") or "[" in p)))
    column = _path(loc_shown) or None
    key = str(loc[-1]) if loc else ""

    if kind == "extra_forbidden":
        parent = loc[:-1]
        fields = _fields_at(parent)
        close = suggest(key, fields)
        where = f"under '{_path(parent)}'" if parent else "at the top level"
        allowed = f" (keys allowed {where}: {', '.join(fields)})" if fields else ""
        what = f"unknown key {key!r}"
        if close:
            fix = f"did you mean {close!r}? Rename it{allowed}"
        else:
            fix = f"remove it or correct its spelling{allowed}"
        return Problem(FILE, line, column, what, fix)

    if kind == "missing":
        # line: the parent key (the missing key is not there)
        parent_line = line_of(root, loc[:-1])
        where = f"under '{_path(loc[:-1])}'" if loc[:-1] else "at the top level"
        return Problem(FILE, parent_line, column, f"required key {key!r} is missing {where}",
                       f"add '{key}: ...' ({DOCS})")

    if kind in ("enum", "literal_error"):
        allowed = _allowed_at(loc_shown) or [a.strip(" '") for a in str(ctx.get("expected", "")).replace(" or ", ", ").split(",") if a.strip()]
        close = suggest(str(value), allowed)
        named = [p for p in loc_shown if isinstance(p, str)]
        noun = named[-1] if named else "value"
        if loc_shown and isinstance(loc_shown[-1], int) and noun.endswith("s"):
            noun = noun[:-1]   # purposes[0] -> purpose
        what = f"{_show(value)} is not a known {noun}" + (f" (did you mean {close!r}?)" if close else "")
        return Problem(FILE, line, column, what, f"use one of: {', '.join(allowed)}")

    if kind == "value_error" or kind == "assertion_error":
        msg = str(ctx.get("error") or err.get("msg", ""))
        for prefix in ("Value error, ", "Assertion failed, "):
            if msg.startswith(prefix):
                msg = msg[len(prefix):]
        if "; " in msg:
            what, fix = msg.split("; ", 1)
        else:
            what, fix = msg, f"fix it in program.yaml ({DOCS})"
        # point at the offending table key when the message names one
        if loc == ("tables",) and isinstance(node, yaml.MappingNode):
            for k, _ in node.value:
                if repr(k.value) in what:
                    line = k.start_mark.line + 1
                    column = f"tables.{k.value}"
                    if what.startswith("unknown table"):
                        close = suggest(k.value, TABLE_NAMES)
                        if close:
                            fix = f"did you mean {close!r}? The {fix}"
        return Problem(FILE, line, column, what, fix)

    bounds = {
        "greater_than_equal": ("at least", "ge"), "greater_than": ("more than", "gt"),
        "less_than_equal": ("at most", "le"), "less_than": ("less than", "lt"),
    }
    if kind in bounds:
        limit = next(iter(ctx.values()), None)
        return Problem(FILE, line, column, f"{_show(value)} is too {'small' if 'greater' in kind else 'large'}",
                       f"{key} must be {bounds[kind][0]} {limit}")
    if kind == "too_short":
        need = ctx.get("min_length", 1)
        return Problem(FILE, line, column, f"{key} is empty",
                       f"list at least {need} value{'s' if need != 1 else ''}" +
                       (f": one of {', '.join(_allowed_at(loc))}" if _allowed_at(loc) else ""))
    if kind == "too_long":
        return Problem(FILE, line, column, f"{key} has too many values",
                       f"list at most {ctx.get('max_length')}")

    if loc_shown[:1] == ("cadence",):
        return Problem(FILE, line, column, f"{_show(value)} is not a cadence",
                       "write weekly, biweekly, fortnightly, monthly, quarterly or a number of days")
    family = None
    for prefix, fam in (("int", "int"), ("float", "float"), ("bool", "bool"), ("date", "date"),
                        ("datetime", "date"), ("string", "str"), ("list", "list"), ("tuple", "list"),
                        ("dict", "dict"), ("model", "dict"), ("mapping", "dict")):
        if kind.startswith(prefix):
            family = fam
            break
    if family is None and kind.endswith("_type") and "model" in kind:
        family = "dict"
    if family:
        noun, fix = _EXAMPLES[family]
        if kind == "int_from_float":
            return Problem(FILE, line, column, f"{_show(value)} is not a whole number", fix)
        if family == "date" and isinstance(value, str):
            return Problem(FILE, line, column, f"{_show(value)} is not a date", fix)
        return Problem(FILE, line, column, f"{_show(value)} is not {noun}", fix)

    # last resort: pydantic's message without its URL
    msg = str(err.get("msg", "invalid value")).split("\n")[0].replace(";", ",")
    return Problem(FILE, line, column, f"{_show(value)}: {msg.lower()}", f"correct the value ({DOCS})")


def problems_from_validation(exc: ValidationError, root) -> list[Problem]:
    out, seen = [], set()
    errors = exc.errors(include_url=False)
    # a typo ('purpse') also makes the real key ('purposes') missing: report the typo only
    typos = set()
    for err in errors:
        if err.get("type") == "extra_forbidden":
            loc = tuple(err["loc"])
            close = suggest(str(loc[-1]), _fields_at(loc[:-1]))
            if close:
                typos.add(loc[:-1] + (close,))
    errors = [e for e in errors if not (e.get("type") == "missing" and tuple(e["loc"]) in typos)]
    for err in errors:
        p = _problem_from_error(err, root)
        k = (p.row, p.column)
        if k in seen and err.get("type") not in ("extra_forbidden", "missing"):
            continue  # several union branches failing on the same key: say it once
        seen.add(k)
        out.append(p)
    return sorted(out, key=lambda p: (p.row is None, p.row or 0))


# --------------------------------------------------------------------------------- reading

class ConfigResult(typing.NamedTuple):
    """What :func:`parse_config` found: the config (None if invalid), the raw mapping, the YAML
    tree (for line numbers) and the problems."""
    config: Optional[ProgramConfig]
    data: Optional[dict]
    root: Any
    problems: list




def parse_config(path: str | Path) -> ConfigResult:
    """Read ``program.yaml`` (or a folder holding it) and collect every problem; never raises
    :class:`InputError` (see :func:`read_config`)."""
    path = Path(path)
    if path.is_dir():
        path = path / FILE
    name = path.name
    if not path.exists():
        where = path.parent
        what = (f"no {name} in the folder '{where.name}'" if where.exists()
                else f"program folder '{where.name}' not found")
        fix = ("create program.yaml with the client, program, purposes, format, dates and tables "
               f"({DOCS})" if where.exists() else "check the folder name")
        return ConfigResult(None, None, None, [Problem(name, None, None, what, fix)])
    try:
        raw = read_inside(path.parent, name, MAX_CONFIG_BYTES)
    except Refused as r:
        return ConfigResult(None, None, None, [Problem(name, None, None, r.what, r.fix or "check the file")])
    text = decode_bytes(raw)[0]
    loader = None
    try:                       # parsed once: the tree keeps the lines, the data is built from it
        loader = _Loader(text)
        root = loader.get_single_node()
        data = loader.construct_document(root) if root is not None else None
    except YamlRefused as e:
        return ConfigResult(None, None, None, [Problem(name, e.problem_mark.line + 1, None, e.what, e.fix)])
    except yaml.MarkedYAMLError as e:
        mark = e.problem_mark or e.context_mark
        if e.context_mark is not None and "simple key" in (e.context or ""):
            mark = e.context_mark   # a key without its ':' -- the culprit is where the key starts
        line = mark.line + 1 if mark else None
        problem = (e.problem or "invalid YAML").replace(";", ",")
        context = f" {e.context}" if e.context else ""
        what = f"invalid YAML: {problem}{context}".replace("\n", " ")
        fix = ("check this line and the one above: indentation must use spaces and be consistent, "
               "every key needs 'key: value' with a space after the colon, and values containing "
               "':' or '#' need quotes")
        return ConfigResult(None, None, None, [Problem(name, line, None, what, fix)])
    except yaml.YAMLError as e:
        return ConfigResult(None, None, None, [Problem(name, None, None, f"invalid YAML: {e}".replace("\n", " ").replace(";", ","),
                                                          "check the file's indentation and quoting")])
    finally:
        if loader is not None:
            loader.dispose()
    if data is None:
        return ConfigResult(None, None, root, [Problem(name, None, None, f"{name} is empty",
                                                       f"write the program's settings in it ({DOCS})")])
    if not isinstance(data, dict):
        return ConfigResult(None, None, root, [Problem(name, 1, None, f"{name} is not a set of 'key: value' lines",
                                                       f"start with 'client: ...' at the left margin ({DOCS})")])
    non_str = [k for k in data if not isinstance(k, str)]
    try:
        config = ProgramConfig.model_validate(data)
    except ValidationError as exc:
        problems = problems_from_validation(exc, root)
        return ConfigResult(None, data, root, [Problem(name, p.row, p.column, p.what, p.fix) for p in problems])
    del non_str
    return ConfigResult(config, data, root, [])


def read_config(path: str | Path) -> ProgramConfig:
    """Read and validate ``program.yaml`` (or the folder holding it).

    Raises :class:`InputError` carrying one :class:`Problem` per mistake (all of them at once).
    """
    result = parse_config(path)
    if result.problems:
        raise InputError(result.problems)
    return result.config


# --------------------------------------------------------------------------------- writing

def _plain(value):
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value


def write_config(config: ProgramConfig | dict, path: str | Path) -> Path:
    """Write a config (model or plain dict) as ``program.yaml``, atomically, keys in model order.

    A dict is validated first (raises :class:`InputError` like :func:`read_config`); a model is
    written without the settings left at their defaults, so the file stays short and
    ``read_config(write_config(cfg, p)) == cfg``.
    """
    if isinstance(config, dict):
        try:
            ProgramConfig.model_validate(config)
        except ValidationError as exc:
            raise InputError(problems_from_validation(exc, None)) from None
        data = _plain(config)
    else:
        data = config.model_dump(mode="python", exclude_defaults=True)
        data = _plain(data)
        # keep required keys even if equal to a default somewhere
    path = Path(path)
    if path.is_dir():
        path = path / FILE
    text = yaml.safe_dump(data, sort_keys=False, allow_unicode=True, default_flow_style=False)
    return atomic_write(path, text, fsync=True)
