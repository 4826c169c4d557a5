"""Client columns to canonical typed columns: the column mapping, ``extra_columns``, and the
conversion of each column by its kind (:mod:`workbench.io.converters`).

``extra_columns`` keep client columns the schema does not know (an engagement score, an
overtime flag) under a workbench name, after the canonical columns of the table: their kind is
given (``{name: overtime, kind: bool}``) or inferred from the values (yes/no words, numbers,
dates, else a category), and they are validated like canonical columns.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Optional

import numpy as np
import pandas as pd

from ..config import TableSource, suggest
from ..problems import Problem
from ..schema import Column, Table
from .collect import Collector
from .converters import _report_cell_issues, convert_column, infer_kind
from .parsing import DTYPES, missing_mask
from .readers import RawTable


@dataclass
class Loaded:
    table: Table
    src: TableSource
    file: str
    frame: pd.DataFrame                 # canonical columns then extras, index = spreadsheet row
    client_name: dict                   # canonical or extra name -> client column name
    extra_kinds: dict = field(default_factory=dict)   # extra name -> kind


def _map_columns(raw: pd.DataFrame, table: Table, src: TableSource, file: str, tname: str,
                 out: Collector, cfg_line, header_row: int = 1,
                 header: Optional[list] = None) -> Optional[dict]:
    """canonical -> client column; reports missing required columns and bad mappings.
    ``header``: every column name of the file (default: the frame's columns)."""
    canon = {c.name for c in table.columns}
    extra = {e.name for e in src.extra_columns.values()}
    client_cols = list(header) if header is not None else list(raw.columns)
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
            out.add(Problem(file, header_row, str(client),
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
            out.add(Problem(file, header_row, mapped_from or col.name, what,
                            f"{hint}rename the column to {col.name} or map it in program.yaml under "
                            f"tables.{tname}.columns, e.g. '{example}'"))
    for target in src.values:
        if target not in canon and target not in extra:
            near = suggest(target, canon)
            out.add(Problem("program.yaml", cfg_line(("tables", tname, "values", target)),
                            f"tables.{tname}.values.{target}", f"{target!r} is not a {tname} column",
                            (f"did you mean {near!r}? " if near else "") +
                            f"name a column of the {tname} table: {', '.join(c.name for c in table.columns)}"))
    return mapping if ok else None


def _header(raw: RawTable) -> list:
    """Every column name of the client's file (the frame holds only the usable ones)."""
    return list(raw.header) if raw.header is not None else list(raw.frame.columns)


def _client_column(name: str, columns: list) -> Optional[str]:
    if name in columns:
        return name
    return next((c for c in columns if c.strip().lower() == str(name).strip().lower()), None)


def _convert_table(raw: RawTable, table: Table, src: TableSource, tname: str, out: Collector,
                   cfg_line) -> Optional[Loaded]:
    frame = raw.frame
    file = raw.file
    if frame is None:
        return None
    mapping = _map_columns(frame, table, src, file, tname, out, cfg_line, raw.header_row, raw.header)
    if mapping is None:
        return None
    if table.needs_rows and len(frame) == 0:
        out.add(Problem(file, raw.header_row + 1, None,
                        f"the file has a header but no rows; the {tname} table needs at least one row",
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
        damaged = _report_cell_issues(raw, client, out)
        result[col.name] = convert_column(frame[client].str.strip(), col, src, file, client, tname, out,
                                          damaged)
    kinds = _extra_columns(raw, table, src, tname, out, cfg_line, result)
    names = dict(mapping)
    names.update({e.name: _client_column(k, _header(raw)) for k, e in src.extra_columns.items()
                  if e.name in kinds})
    return Loaded(table, src, file, pd.DataFrame(result, index=frame.index), names, kinds)


def _extra_columns(raw: RawTable, table: Table, src: TableSource, tname: str, out: Collector,
                   cfg_line, result: dict) -> dict:
    """Convert the table's ``extra_columns`` into ``result``; returns name -> kind."""
    frame, file = raw.frame, raw.file
    canon = {c.name for c in table.columns}
    kinds: dict = {}
    for client_key, spec in src.extra_columns.items():
        where = f"tables.{tname}.extra_columns.{client_key}"
        line = cfg_line(("tables", tname, "extra_columns", client_key))
        if spec.name in canon:
            out.add(Problem("program.yaml", line, where, f"{spec.name!r} is already a {tname} column",
                            f"map the client's column under tables.{tname}.columns instead, or choose another name"))
            continue
        if spec.name in kinds:
            out.add(Problem("program.yaml", line, where, f"two extra columns are named {spec.name!r}",
                            "give each extra column its own name"))
            continue
        client = _client_column(client_key, _header(raw))
        if client is None:
            near = suggest(client_key, _header(raw), cutoff=0.5)
            out.add(Problem(file, raw.header_row, str(client_key),
                            f"program.yaml keeps column {client_key!r} as {spec.name} but {file} has no such "
                            f"column (columns found: {', '.join(_header(raw))})",
                            (f"did you mean {near!r}? " if near else "") +
                            f"correct tables.{tname}.extra_columns in program.yaml"))
            continue
        s = frame[client].str.strip()
        kind = spec.kind or infer_kind(s, missing_mask(s, src.missing_values), src.date_order)
        col = Column(spec.name, kind)
        damaged = _report_cell_issues(raw, client, out)
        result[spec.name] = convert_column(s, col, src, file, client, tname, out, damaged)
        kinds[spec.name] = kind
    return kinds


def whole_column_unmatched(file: str, client: str, column: str, values: pd.Series, known: set,
                           ref_file: str, ref: str, where: str, hints=None) -> Optional[Problem]:
    """One problem when no value of a mapped id column is one of the ids it refers to (a manager
    number instead of an employee id, the wrong column mapped), instead of one per row.

    ``values``: the column (index = spreadsheet row); ``known``: the ids it should refer to;
    ``ref``: ``table.column`` referred to; ``where``: the ``tables.<t>.columns`` key to correct;
    ``hints``: value -> (nearest known id, likely cause), e.g. :class:`~workbench.io.checks.IdHints`.
    None when at least one value matches, or fewer than two values are given.
    """
    present = values.dropna()
    if len(present) < 2 or not known or present.isin(known).any():
        return None
    sample = ", ".join(repr(str(v)) for v in pd.unique(present)[:3])
    theirs = ", ".join(repr(str(v)) for v in sorted(map(str, known))[:3])
    rtable, rcol = ref.split(".")
    first = str(present.iloc[0])
    near, cause = hints(first) if hints is not None else (None, "")
    if near is not None:
        return Problem(file, int(present.index[0]), client,
                       f"none of the {len(present)} values of {client!r} is one of the {rcol}s in {ref_file} as "
                       f"written: {first!r} is probably {near!r} ({cause})",
                       "export the id columns as text so both files write the ids the same way, then send the "
                       "files again")
    return Problem(file, int(present.index[0]), client,
                   f"none of the {len(present)} values of {client!r} ({sample}, ...) is one of the {rcol}s in "
                   f"{ref_file} (they look like {theirs}): the column holds other numbers (a manager or position "
                   f"number?) or the wrong column is mapped to {column}",
                   f"map the column that holds the {rtable} table's {rcol}s under {where} in program.yaml, or "
                   f"remove the mapping of {client!r} if the client has no such column")
