"""Client columns to canonical typed columns: mapping, one converter per kind, cross-table checks.

:data:`CONVERTERS` maps each schema kind (:mod:`workbench.schema`) to the function that turns a
column of stripped text into that kind's dtype, reporting every bad cell to the collector.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Callable, Optional

import numpy as np
import pandas as pd

from ..config import ProgramConfig, TableSource
from ..config_yaml import suggest
from ..problems import Problem
from ..schema import TABLES, Column, Table
from .collect import Collector
from .parsing import DTYPES, _is_missing, parse_bools, parse_dates
from .readers import RawTable


@dataclass
class Loaded:
    table: Table
    src: TableSource
    file: str
    frame: pd.DataFrame                 # canonical columns, index = spreadsheet row
    client_name: dict                   # canonical -> client column name
    bad_ids: dict = field(default_factory=dict)


def _kind_text(col: Column) -> str:
    return {"int": "a whole number", "float": "a number"}.get(col.kind, col.kind)


def _range_text(col: Column) -> str:
    fmt = (lambda x: str(int(x)) if float(x).is_integer() else str(x))
    if col.min is not None and col.max is not None:
        return f"between {fmt(col.min)} and {fmt(col.max)}"
    if col.min is not None:
        return f"at least {fmt(col.min)}"
    return f"at most {fmt(col.max)}"


def _fmt_num(v) -> str:
    return str(int(v)) if float(v).is_integer() else f"{v:g}"


def _map_columns(raw: pd.DataFrame, table: Table, src: TableSource, file: str, tname: str,
                 out: Collector, cfg_line) -> Optional[dict]:
    """canonical -> client column; reports missing required columns and bad mappings."""
    canon = {c.name for c in table.columns}
    client_cols = list(raw.columns)
    norm = {c: re.sub(r"[\s\-]+", "_", c.strip().lower()) for c in client_cols}
    mapping: dict = {}
    ok = True
    for client, target in src.columns.items():
        line = cfg_line(("tables", tname, "columns", client))
        if target not in canon:
            near = suggest(target, canon)
            out.add(Problem("program.yaml", line, f"tables.{tname}.columns.{client}",
                            f"{target!r} is not a {tname} column",
                            (f"did you mean {near!r}? " if near else "") +
                            f"map to one of: {', '.join(c.name for c in table.columns)}"))
            continue
        hit = client if client in client_cols else next(
            (c for c in client_cols if c.strip().lower() == str(client).strip().lower()), None)
        if hit is None:
            col = table.column(target)
            if col.required:
                continue  # reported below as a missing required column
            near = suggest(client, client_cols, cutoff=0.5)
            out.add(Problem(file, 1, str(client),
                            f"program.yaml maps column {client!r} to {target} but {file} has no such column "
                            f"(columns found: {', '.join(client_cols)})",
                            (f"did you mean {near!r}? " if near else "") +
                            f"correct tables.{tname}.columns in program.yaml"))
            continue
        mapping.setdefault(target, hit)
    used = set(mapping.values())
    for c in client_cols:   # unmapped columns named like ours (any case, spaces) count as ours
        n = norm[c]
        if c not in used and n in canon and n not in mapping:
            mapping[n] = c
            used.add(c)
    for col in table.columns:
        if col.required and col.name not in mapping:
            ok = False
            free = [c for c in client_cols if c not in used]
            near = suggest(col.name, free, cutoff=0.5) or next(
                (c for c in free if norm[c].replace("_", "") in col.name.replace("_", "")
                 or col.name.split("_")[0] in norm[c]), None)
            mapped_from = next((k for k, v in src.columns.items() if v == col.name), None)
            what = f"required column {col.name!r} is missing (columns found: {', '.join(client_cols) or 'none'})"
            if mapped_from is not None:
                what = (f"required column {col.name!r} is missing: program.yaml maps {mapped_from!r} to it "
                        f"but there is no such column (columns found: {', '.join(client_cols) or 'none'})")
            hint = f"the closest is {near!r}: " if near else ""
            example = f"{near}: {col.name}" if near else f"Your column name: {col.name}"
            out.add(Problem(file, 1, mapped_from or col.name, what,
                            f"{hint}rename the column to {col.name} or map it in program.yaml under "
                            f"tables.{tname}.columns, e.g. '{example}'"))
    for target in src.values:
        if target not in canon:
            near = suggest(target, canon)
            out.add(Problem("program.yaml", cfg_line(("tables", tname, "values", target)),
                            f"tables.{tname}.values.{target}", f"{target!r} is not a {tname} column",
                            (f"did you mean {near!r}? " if near else "") +
                            f"name a column of the {tname} table: {', '.join(c.name for c in table.columns)}"))
    return mapping if ok else None


def _value_map(src: TableSource, column: str) -> dict:
    return {str(k).strip(): str(v) for k, v in (src.values.get(column) or {}).items()}


def _apply_values(s: pd.Series, vmap: dict) -> pd.Series:
    if not vmap:
        return s
    low = {k.lower(): v for k, v in vmap.items()}
    exact = s.map(vmap)
    ci = s.str.lower().map(low)
    return exact.fillna(ci).fillna(s)


def _convert_table(raw: RawTable, table: Table, src: TableSource, tname: str, out: Collector,
                   cfg_line) -> Optional[Loaded]:
    frame = raw.frame
    file = raw.file
    if frame is None:
        return None
    mapping = _map_columns(frame, table, src, file, tname, out, cfg_line)
    if mapping is None:
        return None
    if table.needs_rows and len(frame) == 0:
        out.add(Problem(file, 2, None, f"the file has a header but no rows; the {tname} table needs at least one row",
                        "export the data rows too (not only the header)"))
    result = {}
    for col in table.columns:
        client = mapping.get(col.name)
        if client is None:
            result[col.name] = (pd.Series([()] * len(frame), index=frame.index, dtype=object)
                                if col.kind == "list" else
                                pd.Series(pd.NA if DTYPES[col.kind] in ("Int64", "boolean") else np.nan,
                                          index=frame.index).astype(DTYPES[col.kind]))
            continue
        result[col.name] = _convert_column(frame[client].str.strip(), col, src, file, client,
                                           tname, out)
    df = pd.DataFrame(result, index=frame.index)
    return Loaded(table, src, file, df, mapping)


@dataclass
class Cells:
    """One client column on its way to a canonical one: the stripped text after the ``values``
    map, which cells are missing, and where to report (file, client column name, table)."""
    s: pd.Series
    missing: pd.Series
    col: Column
    src: TableSource
    file: str
    client: str
    tname: str
    vmap: dict
    out: Collector

    @property
    def present(self) -> pd.Series:
        return ~self.missing

    def report(self, mask: pd.Series, values, what: Callable, fix, kind: str) -> None:
        self.out.rows(self.file, self.client, self.s.index[mask.to_numpy()], values, what, fix, kind=kind)


def _convert_column(s: pd.Series, col: Column, src: TableSource, file: str, client: str, tname: str,
                    out: Collector) -> pd.Series:
    missing = _is_missing(s)
    vmap = _value_map(src, col.name)
    if vmap and col.kind != "list":
        s = _apply_values(s, vmap)
        missing = _is_missing(s)
    c = Cells(s, missing, col, src, file, client, tname, vmap, out)
    if not col.nullable and missing.any():
        c.report(missing, s[missing], lambda v, i: f"empty cell; every row needs a {col.name}",
                 f"fill in the {col.name} or remove the row", kind="empty")
    convert = CONVERTERS.get(col.kind)
    if convert is None:  # pragma: no cover - a schema kind without a converter
        return s.where(c.present, np.nan)
    return convert(c)


def _to_text(c: Cells) -> pd.Series:
    """``id``, ``text`` and ``category``: choices checked (any case), unique values checked."""
    s, col, present = c.s, c.col, c.present
    val = s.where(present, np.nan)
    if col.kind == "category" and col.choices:
        low = {ch.lower(): ch for ch in col.choices}
        fixed = val.str.lower().map(low)
        bad = present & fixed.isna()
        if bad.any():
            allowed = ", ".join(col.choices)
            cache: dict = {}

            def fix(v, i):
                if v not in cache:
                    near = suggest(v, col.choices)
                    cache[v] = ((f"did you mean {near!r}? " if near else "") +
                                f"correct it, or map the client's label in program.yaml under "
                                f"tables.{c.tname}.values.{col.name}, e.g. '{v}: {near or col.choices[0]}'")
                return cache[v]
            c.report(bad, s[bad], lambda v, i: f"unknown {col.name} {v!r} (allowed: {allowed})", fix,
                     kind="choice")
        val = fixed.where(present & ~bad, np.nan).where(~bad, np.nan)
    if col.unique:
        dup = present & val.duplicated(keep=False)
        if dup.any():
            first_row = val[dup].groupby(val[dup]).apply(lambda g: g.index[0])
            later = dup & val.duplicated(keep="first")
            c.report(later, val[later], lambda v, i: f"duplicate {col.name} {v!r} (also on row {first_row[v]})",
                     f"each {col.name} must appear once: remove or renumber one of the two rows", kind="dup")
    return val.astype("str")


def _to_number(c: Cells) -> pd.Series:
    """``int`` and ``float``: a decimal comma and a trailing % accepted for floats; range checked."""
    s, col, present = c.s, c.col, c.present
    txt = s.where(present, "")
    if col.kind == "float" and txt.str.contains(r"[,%]", regex=True).any():
        txt = txt.str.replace(r"^(-?\d+),(\d+)$", r"\1.\2", regex=True).str.rstrip("%").str.strip()
    num = pd.to_numeric(txt.where(present, np.nan), errors="coerce")
    bad = present & num.isna()
    if col.kind == "int":
        frac = present & num.notna() & (num != np.floor(num))
        if bad.any() or frac.any():
            wrong = bad | frac
            c.report(wrong, s[wrong], lambda v, i: f"{v!r} is not a whole number",
                     f"write a whole number such as {int(col.min) + 3 if col.min is not None else 3}",
                     kind="num")
        bad = bad | frac
    elif bad.any():
        c.report(bad, s[bad], lambda v, i: f"{v!r} is not a number",
                 "write a number such as 3.5 (a dot or a comma for decimals)", kind="num")
    ok = present & ~bad
    if col.min is not None or col.max is not None:
        lo = num < col.min if col.min is not None else pd.Series(False, index=num.index)
        hi = num > col.max if col.max is not None else pd.Series(False, index=num.index)
        out_of = ok & (lo | hi)
        if out_of.any():
            c.report(out_of, num[out_of],
                     lambda v, i: f"{_fmt_num(v)} is out of range for {col.name}" +
                     (" (it cannot be negative)" if v < 0 and (col.min or 0) >= 0 else ""),
                     f"write a number {_range_text(col)}", kind="range")
        ok = ok & ~out_of
    num = num.where(ok)
    if col.kind == "int":
        return num.round().astype("Int64")
    return num.astype("float64")


def _to_date(c: Cells) -> pd.Series:
    s = c.s
    res = parse_dates(s, c.src.date_order, c.missing)
    if res.column_problem is not None:
        row, what, fix = res.column_problem
        c.out.add(Problem(c.file, row, c.client, what, fix))
    if res.bad.any():
        c.report(res.bad, list(s[res.bad].items()),
                 lambda rv, i: res.reasons.get(rv[0], f"{rv[1]!r} is not a date"),
                 "write it as year-month-day, e.g. 2025-03-14", kind="date")
    return res.values


def _to_bool(c: Cells) -> pd.Series:
    val, bad = parse_bools(c.s)
    if bad.any():
        c.report(bad, c.s[bad], lambda v, i: f"{v!r} is not yes or no",
                 "write yes or no (true/false, y/n and 1/0 work too)", kind="bool")
    return val.where(~bad, pd.NA).astype("boolean")


def _to_list(c: Cells) -> pd.Series:
    """Items split on the table's ``list_separator``; each item mapped through ``values``."""
    s, vmap = c.s, c.vmap
    sep = c.src.list_separator or ";"
    low = {k.lower(): v for k, v in vmap.items()}
    codes, uniques = pd.factorize(s.where(c.present, ""))
    tuples = []
    for u in uniques:
        items = [p.strip() for p in str(u).split(sep) if p.strip()]
        if vmap:
            items = [vmap.get(p, low.get(p.lower(), p)) for p in items]
        tuples.append(tuple(items))
    return pd.Series([tuples[k] if k >= 0 else () for k in codes], index=s.index, dtype=object)


CONVERTERS: dict[str, Callable[[Cells], pd.Series]] = {
    "id": _to_text, "text": _to_text, "category": _to_text,
    "int": _to_number, "float": _to_number,
    "date": _to_date, "bool": _to_bool, "list": _to_list,
}


def _check_references(loaded: dict, out: Collector) -> None:
    files = {t: L.file for t, L in loaded.items() if L is not None}
    for tname, L in loaded.items():
        if L is None:
            continue
        for col in L.table.columns:
            if not col.references or col.name not in L.client_name:
                continue
            ref_table, ref_col = col.references.split(".")
            target = loaded.get(ref_table)
            if target is None or target.frame.empty:
                continue  # not supplied, unreadable or without rows (already reported)
            known = set(target.frame[ref_col].dropna())
            s = L.frame[col.name]
            bad = s.notna() & ~s.isin(known)
            if not bad.any():
                continue
            client = L.client_name[col.name]
            tfile = files[ref_table]
            if tname == "people" and ref_table == "workforce":
                what = lambda v, i: f"person {v!r} is not in the workforce table ({tfile})"
                fix = f"add them to {tfile} or remove them from {L.file}"
            elif ref_table == tname:
                what = lambda v, i, c=col: f"{c.name} {v!r} is not an {ref_col} in this file"
                fix = f"correct the id or add that person to {tfile}"
            elif ref_table == "people":
                what = lambda v, i, c=col: f"{c.name} {v!r} is not a participant in {tfile}"
                fix = f"correct the id or add the person to {tfile}"
            else:
                what = lambda v, i, c=col: f"unknown {ref_col} {v!r}: not in {tfile}"
                fix = f"correct the id or add it to {tfile}"
            out.rows(L.file, client, s.index[bad.to_numpy()], s[bad], what, fix, kind="ref")


def _check_config_fields(cfg: ProgramConfig, cfg_line, out: Collector) -> None:
    """Matching criteria must name a workforce or people column."""
    known = {c.name for t in ("workforce", "people") for c in TABLES[t].columns}
    for i, crit in enumerate(cfg.matching.criteria):
        if crit.field and crit.field not in known:
            near = suggest(crit.field, known)
            out.add(Problem("program.yaml", cfg_line(("matching", "criteria", i, "field")),
                            f"matching.criteria[{i}].field", f"unknown column {crit.field!r}",
                            (f"did you mean {near!r}? " if near else "") +
                            f"use a workforce or people column: {', '.join(sorted(known))}"))

