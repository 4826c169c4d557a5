"""Client text to typed values: one converter per schema kind (:data:`CONVERTERS`).

Each converter gets a :class:`Cells` (the stripped text after the ``values`` map, which cells
are missing, where to report) and returns the column in its dtype, reporting every bad cell.
Category labels that differ only in case or spacing are one group (the most frequent spelling
kept, with a note); a missing-value token such as ``NA`` that empties a category cell gives a
warning (``NA`` may be North America).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import numpy as np
import pandas as pd

from ..config import TableSource, suggest
from ..problems import Problem
from ..schema import Column
from .collect import Collector
from .parsing import FALSE, TRUE, missing_mask, parse_bools, parse_dates
from .readers import RawTable


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


def _report_cell_issues(raw: RawTable, client: str, out: Collector) -> set:
    """What the spreadsheet lost in a column the program uses (merged, error, formula cells);
    returns the rows concerned (merged ranges: every row of the range)."""
    by_kind: dict = {}
    for issue in raw.cell_issues.get(client, ()):
        by_kind.setdefault(issue[3], []).append(issue)
    for kind, issues in by_kind.items():
        out.rows(raw.file, client, [i[0] for i in issues], issues, lambda v, i: v[1],
                 lambda v, i: v[2], kind=kind)
    return {r for issue in raw.cell_issues.get(client, ()) for r in issue[4]}


def value_map(src: TableSource, column: str) -> dict:
    return {str(k).strip(): str(v) for k, v in (src.values.get(column) or {}).items()}


def apply_values(s: pd.Series, vmap: dict) -> pd.Series:
    if not vmap:
        return s
    low = {k.lower(): v for k, v in vmap.items()}
    exact = s.map(vmap)
    ci = s.str.lower().map(low)
    return exact.fillna(ci).fillna(s)


def convert_column(s: pd.Series, col: Column, src: TableSource, file: str, client: str, tname: str,
                   out: Collector, damaged=()) -> pd.Series:
    """One client column (stripped text) as the canonical ``col``: the ``values`` map applied,
    missing tokens found, then the kind's converter; every bad cell reported to ``out``.
    ``damaged``: rows whose cell the spreadsheet lost (already reported), not called empty."""
    missing = missing_mask(s, src.missing_values)
    _warn_tokens(s, missing, col, src, file, client, tname, out)
    vmap = value_map(src, col.name)
    if vmap and col.kind != "list":
        s = apply_values(s, vmap)
        missing = missing_mask(s, src.missing_values)
    c = Cells(s, missing, col, src, file, client, tname, vmap, out)
    empty = missing & ~s.index.isin(list(damaged)) if len(damaged) else missing
    if not col.nullable and empty.any():
        c.report(empty, s[empty], lambda v, i: f"empty cell; every row needs a {col.name}",
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
    elif col.kind == "category":
        val = _merge_spellings(val, c)
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
    bad = bad & ~c.missing
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




def _warn_tokens(s: pd.Series, missing: pd.Series, col: Column, src: TableSource, file: str,
                 client: str, tname: str, out: Collector) -> None:
    """A default missing token (NA, None, null, ...) emptying a category cell: a warning."""
    if col.kind not in ("category", "text") or src.missing_values is not None:
        return
    tokens = s[missing & (s != "")]
    for token, n in tokens.value_counts().items():
        first = int(tokens.index[tokens == token][0])
        out.warn(Problem(file, first, client,
                         f"{n} cell(s) holding {token!r} were read as empty (a missing value)",
                         f"if {token!r} is a real {col.name} here (NA may be North America), list the "
                         f"tokens that mean empty under tables.{tname}.missing_values, e.g. ['', n/a]"))


def _merge_spellings(val: pd.Series, c: Cells) -> pd.Series:
    """Labels differing only in case or spacing as one: the most frequent spelling kept."""
    present = val.dropna()
    if present.empty:
        return val
    key = present.map(lambda v: " ".join(str(v).split()).casefold())
    counts = present.groupby([key, present], sort=False).size()
    groups = counts.groupby(level=0, sort=False)
    if (groups.size() == 1).all():
        return val
    keep = {}
    for k, g in groups:
        if len(g) < 2:
            continue
        g = g.droplevel(0)
        chosen = g.idxmax()                 # most rows; the first seen on a tie
        keep[k] = chosen
        others = ", ".join(f"{sp!r} ({n} row{'s' if n != 1 else ''})" for sp, n in g.items() if sp != chosen)
        first = int(present.index[(key == k) & (present != chosen)][0])
        c.out.note(Problem(c.file, first, c.client,
                           f"{others} read as {chosen!r} ({g[chosen]} rows), the same {c.col.name} "
                           "written differently",
                           "write them the same way in the file if they are different groups"))
    fixed = key.map(keep)
    out = val.copy()
    out[fixed.dropna().index] = fixed.dropna()
    return out


_WORD_BOOLS = {v for v in TRUE | FALSE if not v[0].isdigit()}


def infer_kind(s: pd.Series, missing: pd.Series, order: str = "auto") -> str:
    """The kind of a client column kept as an extra: yes/no words, numbers, dates, else category."""
    present = s[~missing]
    if present.empty:
        return "category"
    low = present.str.lower()
    if low.isin(_WORD_BOOLS).all():
        return "bool"
    num = pd.to_numeric(present.str.replace(r"^(-?\d+),(\d+)$", r"\1.\2", regex=True), errors="coerce")
    if num.notna().all():
        return "int" if (num == np.floor(num)).all() else "float"
    if present.str.contains(r"[-/.]|[A-Za-z]{3}", regex=True).all():
        res = parse_dates(present, order)
        if not res.bad.any() and res.values.notna().all():
            return "date"
    return "category"
