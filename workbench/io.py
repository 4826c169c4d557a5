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

import csv
import datetime as dt
import io as _io
import re
from collections import OrderedDict, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Optional

import numpy as np
import pandas as pd

from .config import ProgramConfig, TableSource
from .config_yaml import line_of, parse_config, suggest
from .problems import InputError, Problem
from .program import Program
from .schema import TABLES, Column, Table

__all__ = ["load_program", "read_table_file", "decode_bytes", "sniff_delimiter", "parse_dates",
           "detect_date_order", "parse_bools", "empty_table", "MAX_PER_COLUMN"]

MAX_PER_COLUMN = 20
MISSING = {"", "na", "n/a", "#n/a", "null", "none", "nan", "nat", "-", "--"}
_MISSING_VARIANTS = {v for m in MISSING for v in (m, m.upper(), m.capitalize(), m.title())}
TRUE = {"yes", "y", "true", "t", "1", "1.0"}
FALSE = {"no", "n", "false", "f", "0", "0.0"}
DTYPES = {"id": "str", "text": "str", "category": "str", "int": "Int64", "float": "float64",
          "date": "datetime64[ns]", "bool": "boolean"}


# ------------------------------------------------------------------------------ collecting

class Collector:
    """Problems in order, at most ``cap`` row-level lines per (file, column)."""

    def __init__(self, cap: int = MAX_PER_COLUMN):
        self.cap = cap
        self.problems: list[Problem] = []
        self._shown: dict = defaultdict(int)
        self._hidden: dict = defaultdict(int)
        self._kinds: dict = defaultdict(set)
        self._order: list = []

    def add(self, problem: Problem) -> None:
        self.problems.append(problem)

    def rows(self, file: str, column: str, rows, values, what: Callable, fix, kind: str = "") -> None:
        """One problem per row (``rows``/``values`` aligned); ``what(value, i)`` and ``fix`` (str
        or callable) describe it. Beyond the cap only a count is kept."""
        rows = list(rows)
        if not rows:
            return
        key = (file, column)
        if key not in self._shown and key not in self._hidden:
            self._order.append(key)
        self._kinds[key].add(kind or id(what))
        room = max(self.cap - self._shown[key], 0)
        values = list(values)
        for i, (row, value) in enumerate(zip(rows[:room], values[:room])):
            f = fix(value, i) if callable(fix) else fix
            self.problems.append(Problem(file, int(row), column, what(value, i), f))
        self._shown[key] += min(room, len(rows))
        self._hidden[key] += max(len(rows) - room, 0)

    def finish(self) -> list[Problem]:
        out = list(self.problems)
        for key in self._order:
            n = self._hidden.get(key, 0)
            if n:
                file, column = key
                same = "the same problem" if len(self._kinds[key]) == 1 else "problems like these"
                # put the summary right after the last shown line of that column
                last = max(i for i, p in enumerate(out) if (p.file, p.column) == key)
                out.insert(last + 1, Problem(file, None, column, f"... and {n} more rows with {same}",
                                             "fix them the same way"))
        return out


def _is_missing(s: pd.Series) -> pd.Series:
    """Empty cells: blank, NA, N/A, #N/A, null, none, nan, - (stripped text in)."""
    return s.isin(_MISSING_VARIANTS)


# ---------------------------------------------------------------------------------- reading

def decode_bytes(raw: bytes) -> tuple[str, str]:
    """Text and encoding of a CSV export: UTF-16 (BOM), UTF-8 (with or without BOM), else
    cp1252 / Latin-1 (what Excel on Windows writes)."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return raw.decode("utf-16"), "utf-16"
    for enc in ("utf-8-sig", "cp1252", "latin-1"):
        try:
            return raw.decode(enc), enc
        except UnicodeDecodeError:
            continue
    return raw.decode("latin-1", errors="replace"), "latin-1"  # pragma: no cover


def sniff_delimiter(text: str) -> str:
    """Comma, semicolon (European exports), tab or pipe: whichever the header line has most of."""
    header = next((line for line in text.splitlines() if line.strip()), "")
    counts = {d: _count_outside_quotes(header, d) for d in (",", ";", "\t", "|")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] > 0 else ","


def _count_outside_quotes(line: str, delim: str) -> int:
    n, quoted = 0, False
    for ch in line:
        if ch == '"':
            quoted = not quoted
        elif ch == delim and not quoted:
            n += 1
    return n


@dataclass
class RawTable:
    """A client file as text: ``frame`` has the client's headers (stripped) and string cells
    (missing = ""), indexed by spreadsheet row number."""
    file: str
    frame: Optional[pd.DataFrame]
    encoding: str = ""
    delimiter: str = ""


def _excel_cell(v) -> str:
    if v is None:
        return ""
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, dt.datetime):
        return v.strftime("%Y-%m-%d") if (v.hour, v.minute, v.second) == (0, 0, 0) else v.isoformat(sep=" ")
    if isinstance(v, dt.date):
        return v.isoformat()
    if isinstance(v, float):
        if v != v:
            return ""
        return str(int(v)) if v.is_integer() and abs(v) < 1e15 else repr(v)
    return str(v)


def _frame_from_rows(header: list, rows: list[list[str]], first_row: int = 2) -> tuple[pd.DataFrame, list]:
    """Frame with unique header names (blank headers dropped) indexed by spreadsheet row."""
    keep = [i for i, h in enumerate(header) if str(h).strip()]
    names = [str(header[i]).strip() for i in keep]
    dupes = sorted({n for n in names if names.count(n) > 1})
    width = len(header)
    data = [[(r[i] if i < len(r) else "") for i in keep] for r in rows]
    frame = pd.DataFrame(data, columns=range(len(keep)), dtype=object)
    frame.columns = names if not dupes else _dedupe(names)
    frame.index = pd.RangeIndex(first_row, first_row + len(rows))
    del width
    return frame, dupes


def _dedupe(names: list[str]) -> list[str]:
    seen: dict = defaultdict(int)
    out = []
    for n in names:
        out.append(n if not seen[n] else f"{n} ({seen[n] + 1})")
        seen[n] += 1
    return out


def read_table_file(folder: Path, src: TableSource, table: str, out: Collector) -> RawTable:
    """Read one client file as strings; problems go to ``out`` and ``frame`` is None if unusable."""
    name = src.file
    path = folder / name
    if not path.exists():
        near = suggest(path.name, [p.name for p in path.parent.iterdir() if p.is_file()]
                       if path.parent.is_dir() else [], cutoff=0.75)
        out.add(Problem(name, None, None, f"file not found (the {table} table in program.yaml)",
                        (f"did you mean {near!r}? " if near else "") +
                        f"put the file in the program folder or correct tables.{table}.file in program.yaml"))
        return RawTable(name, None)
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        return _read_xlsx(path, name, src, table, out)
    if suffix == ".xls":
        out.add(Problem(name, None, None, "old Excel .xls files are not supported",
                        "open it in Excel and save it as .xlsx or .csv"))
        return RawTable(name, None)
    return _read_csv(path, name, table, out)


def _empty(name: str, table: str, out: Collector) -> RawTable:
    cols = ",".join(c.name for c in TABLES[table].columns if c.required)
    out.add(Problem(name, 1, None, "the file is empty (no header row)",
                    f"export it again with a header row, e.g. {cols}"))
    return RawTable(name, None)


def _read_csv(path: Path, name: str, table: str, out: Collector) -> RawTable:
    raw = path.read_bytes()
    text, enc = decode_bytes(raw)
    if not text.strip():
        return _empty(name, table, out)
    delim = sniff_delimiter(text)
    # leading blank lines are not the header (but count as spreadsheet rows)
    skipped = 0
    while True:
        nl = text.find("\n")
        if nl < 0 or text[:nl].strip(" \t\r" + delim):
            break
        text = text[nl + 1:]
        skipped += 1
    try:
        header = next(csv.reader(_io.StringIO(text, newline=""), delimiter=delim))
    except (csv.Error, StopIteration):
        header = []
    try:
        frame = pd.read_csv(_io.StringIO(text), sep=delim, dtype=object, keep_default_na=False,
                            na_filter=False, skip_blank_lines=False, header=0, index_col=False,
                            quotechar='"', engine="c")
    except (pd.errors.ParserError, csv.Error, ValueError):
        return _read_csv_slow(text, name, table, out, enc, delim, skipped)
    keep = [i for i, h in enumerate(header[:len(frame.columns)]) if str(h).strip()]
    names = [str(header[i]).strip() for i in keep]
    dupes = sorted({n for n in names if names.count(n) > 1})
    frame = frame.iloc[:, keep]
    frame.columns = _dedupe(names)
    frame.index = pd.RangeIndex(2 + skipped, 2 + skipped + len(frame))
    for d in dupes:
        out.add(Problem(name, 1 + skipped, d, f"column {d!r} appears more than once in the header",
                        "rename or remove the extra column"))
    blank = (frame == "").all(axis=1) if len(frame.columns) else pd.Series(True, index=frame.index)
    return RawTable(name, frame[~blank], enc, delim)


def _read_csv_slow(text: str, name: str, table: str, out: Collector, enc: str, delim: str,
                   skipped: int) -> RawTable:
    """The csv module's reader: finds every row wider than the header (pandas stops at the first)."""
    reader = csv.reader(_io.StringIO(text, newline=""), delimiter=delim)
    try:
        records = list(reader)
    except csv.Error as e:
        out.add(Problem(name, (reader.line_num or 0) + skipped or None, None,
                        f"the file cannot be read as CSV ({e})".replace(";", ","),
                        "export it again from the spreadsheet as CSV"))
        return RawTable(name, None, enc, delim)
    if not records:
        return _empty(name, table, out)
    header, rows = records[0], records[1:]
    width = len(header)
    too_long = [(i + 2 + skipped, len(r)) for i, r in enumerate(rows)
                if len(r) > width and any(c.strip() for c in r[width:])]
    if too_long:
        out.rows(name, "", [r for r, _ in too_long], [n for _, n in too_long],
                 lambda n, i: f"this row has {n} values but the header has {width} columns",
                 f"a value probably contains the separator {delim!r}: put that value in double quotes "
                 "or export the file again", kind="width")
    frame, dupes = _frame_from_rows(header, rows, first_row=2 + skipped)
    for d in dupes:
        out.add(Problem(name, 1 + skipped, d, f"column {d!r} appears more than once in the header",
                        "rename or remove the extra column"))
    frame = frame.fillna("")
    blank = (frame == "").all(axis=1) if len(frame.columns) else pd.Series(True, index=frame.index)
    return RawTable(name, frame[~blank], enc, delim)


class _NoSheet(Exception):
    def __init__(self, names):
        self.names = list(names)


def _xlsx_rows_calamine(path: Path, sheet: Optional[str]) -> list[list[str]]:
    from python_calamine import CalamineWorkbook
    wb = CalamineWorkbook.from_path(str(path))
    try:
        if sheet is not None and sheet not in wb.sheet_names:
            raise _NoSheet(wb.sheet_names)
        ws = wb.get_sheet_by_name(sheet) if sheet is not None else wb.get_sheet_by_index(0)
        return [[_excel_cell(v) for v in r] for r in ws.to_python(skip_empty_area=False)]
    finally:
        close = getattr(wb, "close", None)
        if close is not None:
            close()


def _xlsx_rows_openpyxl(path: Path, sheet: Optional[str]) -> list[list[str]]:
    import openpyxl
    wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    try:
        if sheet is not None and sheet not in wb.sheetnames:
            raise _NoSheet(wb.sheetnames)
        ws = wb[sheet] if sheet is not None else wb.worksheets[0]
        return [[_excel_cell(v) for v in r] for r in ws.iter_rows(values_only=True)]
    finally:
        wb.close()


def xlsx_rows(path: Path, sheet: Optional[str] = None) -> list[list[str]]:
    """A sheet's cells as text, row 1 first: with python-calamine (Rust, ten times faster than
    openpyxl on a client's 3,000-row workbook) when installed, else openpyxl. Raises
    ``_NoSheet`` for an unknown sheet and the reader's own error for an unreadable file."""
    try:
        import python_calamine  # noqa: F401
    except ImportError:
        return _xlsx_rows_openpyxl(path, sheet)
    return _xlsx_rows_calamine(path, sheet)


def _read_xlsx(path: Path, name: str, src: TableSource, table: str, out: Collector) -> RawTable:
    try:
        rows = xlsx_rows(path, src.sheet)
    except _NoSheet as e:
        near = suggest(src.sheet, e.names)
        out.add(Problem(name, None, None, f"no sheet named {src.sheet!r} (sheets: {', '.join(e.names)})",
                        (f"did you mean {near!r}? " if near else "") +
                        f"correct tables.{table}.sheet in program.yaml"))
        return RawTable(name, None)
    except Exception as e:  # zip errors, not an xlsx at all
        out.add(Problem(name, None, None, f"not a readable Excel file ({type(e).__name__})",
                        "open it in Excel and save it again as .xlsx, or export it as .csv"))
        return RawTable(name, None)
    # a row shorter than the header (trailing empty cells) is padded by _frame_from_rows
    while rows and not any(c.strip() for c in rows[-1]):
        rows.pop()
    first = 0
    while first < len(rows) and not any(c.strip() for c in rows[first]):
        first += 1
    if first >= len(rows):
        return _empty(name, table, out)
    frame, dupes = _frame_from_rows(rows[first], rows[first + 1:], first_row=first + 2)
    for d in dupes:
        out.add(Problem(name, first + 1, d, f"column {d!r} appears more than once in the header",
                        "rename or remove the extra column"))
    blank = (frame.apply(lambda s: s.astype(str).str.strip()) == "").all(axis=1) if len(frame.columns) else pd.Series(True, index=frame.index)
    return RawTable(name, frame[~blank], "xlsx", "")


# ---------------------------------------------------------------------------------- parsing

_SERIAL = re.compile(r"^\d{5}(?:\.\d+)?$")


def detect_date_order(first, second) -> tuple[Optional[str], str]:
    """Decide ``dayfirst``/``monthfirst`` from the two leading parts of d/m/y-style dates.

    Returns ``(order, reason)``; order is None when undecidable: ``reason`` is ``"both"`` (some
    values only fit day-first and others only month-first), ``"ambiguous"`` (every value fits both
    ways and some differ when swapped) or ``""`` (nothing to decide: no such values, or all like
    05/05/2025).
    """
    first = np.asarray(first, dtype=int)
    second = np.asarray(second, dtype=int)
    day = bool((first > 12).any())
    month = bool((second > 12).any())
    if day and month:
        return None, "both"
    if day:
        return "dayfirst", ""
    if month:
        return "monthfirst", ""
    if (first != second).any():
        return None, "ambiguous"
    return "dayfirst", ""


@dataclass
class DateResult:
    values: pd.Series                       # datetime64[ns], NaT where missing or bad
    bad: pd.Series                          # bool mask of unparseable values
    reasons: dict = field(default_factory=dict)   # row -> what is wrong
    column_problem: Optional[tuple] = None  # (row, what, fix) for an order problem


_DATE = re.compile(r"^(\d{1,4})[-/.](\d{1,2})[-/.](\d{1,4})(?:[ T].*)?$")


def parse_dates(s: pd.Series, order: str = "auto", missing: Optional[pd.Series] = None) -> DateResult:
    """Parse a column of date strings (ISO, d/m/y or m/d/y with / . or -, Excel serial numbers,
    month names). ``order`` is ``auto``, ``dayfirst`` or ``monthfirst``. Each distinct value is
    parsed once, so a 10,000-row column takes milliseconds."""
    s = s.astype(object).where(s.notna(), "").map(str).str.strip()
    if missing is None:
        missing = _is_missing(s)
    codes, uniques = pd.factorize(s.where(~missing, ""), sort=False)
    uniques = [str(u) for u in uniques]
    nu = len(uniques)
    kind = np.zeros(nu, dtype=np.int8)          # 0 empty/other, 1 ISO, 2 d/m/y or m/d/y, 3 serial, 4 words
    ys = np.zeros(nu, dtype=np.int64)
    a = np.zeros(nu, dtype=np.int64)
    b = np.zeros(nu, dtype=np.int64)
    other = np.full(nu, np.datetime64("NaT"), dtype="datetime64[ns]")
    for i, v in enumerate(uniques):
        if not v:
            continue
        m = _DATE.match(v)
        if m:
            g1, g2, g3 = m.groups()
            if len(g1) == 4 and len(g3) <= 2:
                kind[i], ys[i], a[i], b[i] = 1, int(g1), int(g2), int(g3)   # year, month, day
                continue
            if len(g1) <= 2 and len(g3) in (2, 4):
                y = int(g3)
                if len(g3) == 2:
                    y += 2000 if y < 70 else 1900
                kind[i], ys[i], a[i], b[i] = 2, y, int(g1), int(g2)
                continue
            continue
        if _SERIAL.match(v):
            kind[i] = 3
            other[i] = (pd.Timestamp("1899-12-30") + pd.Timedelta(days=round(float(v)))).to_datetime64()
        elif re.search(r"[A-Za-z]{3}", v):
            kind[i] = 4
            ts = _parse_words(v, order)
            if not pd.isna(ts):
                other[i] = ts.to_datetime64()

    row_of = {}                                  # first row showing each unique value
    first_pos = pd.Series(np.arange(len(codes))).groupby(codes).first()
    for code, pos in first_pos.items():
        if code >= 0:
            row_of[int(code)] = s.index[int(pos)]
    reasons: dict = {}
    column_problem = None
    dmy = kind == 2
    order_used = order
    if order == "auto" and dmy.any():
        order_used, why = detect_date_order(a[dmy], b[dmy])
        idx = np.flatnonzero(dmy)
        if why == "both":
            r_day = min(row_of[i] for i in idx if a[i] > 12)
            r_mon = min(row_of[i] for i in idx if b[i] > 12)
            column_problem = (int(max(r_day, r_mon)),
                              f"dates mix day-first (row {r_day}: {s[r_day]!r}) and month-first "
                              f"(row {r_mon}: {s[r_mon]!r}) orders",
                              "write every date in one order, best as year-month-day (2025-03-14)")
        elif why == "ambiguous":
            r = min(row_of[i] for i in idx if a[i] != b[i])
            column_problem = (int(r), f"ambiguous dates such as {s[r]!r} could be day-first or month-first",
                              "set date_order: dayfirst or monthfirst for this table in program.yaml "
                              "(or write dates as 2025-03-14)")
    month = np.where(kind == 1, a, 0)
    day = np.where(kind == 1, b, 0)
    if order_used is not None:
        month = np.where(dmy, a if order_used == "monthfirst" else b, month)
        day = np.where(dmy, b if order_used == "monthfirst" else a, day)
    numeric = (kind == 1) | (dmy & (order_used is not None))
    values_u = other.copy()
    if numeric.any():
        parts = pd.DataFrame({"year": ys[numeric], "month": month[numeric], "day": day[numeric]})
        values_u[numeric] = pd.to_datetime(parts, errors="coerce").to_numpy(dtype="datetime64[ns]")
    bad_u = np.zeros(nu, dtype=bool)
    for i, v in enumerate(uniques):
        if not v:
            continue
        if kind[i] == 2 and order_used is None:
            continue   # reported once for the column, not per row
        if np.isnat(values_u[i]):
            bad_u[i] = True
            if numeric[i]:
                reasons[v] = f"{v!r} is not a real date"
                if kind[i] == 2 and order != "auto":
                    reasons[v] += f" when read {order.replace('first', '-first')}"
    safe = np.where(codes < 0, 0, codes)
    vals = pd.Series(np.where(codes < 0, np.datetime64("NaT"), values_u[safe] if nu else np.datetime64("NaT")),
                     index=s.index, dtype="datetime64[ns]")
    bad = pd.Series((codes >= 0) & (bad_u[safe] if nu else False), index=s.index) & ~missing
    vals[missing] = pd.NaT
    row_reasons = {r: reasons[s[r]] for r in s.index[bad.to_numpy()] if s[r] in reasons}
    return DateResult(vals, bad, row_reasons, column_problem)


def _parse_words(v: str, order: str):
    try:
        ts = pd.to_datetime(v, dayfirst=(order != "monthfirst"), errors="coerce")
    except (ValueError, TypeError, OverflowError):
        return pd.NaT
    if ts is pd.NaT or pd.isna(ts):
        return pd.NaT
    return ts.tz_localize(None).normalize() if ts.tzinfo else ts.normalize()


def parse_bools(s: pd.Series) -> tuple[pd.Series, pd.Series]:
    """yes/no, y/n, true/false, t/f, 1/0 (any case) -> pandas ``boolean``; returns (values, bad)."""
    low = s.astype(str).str.strip().str.lower()
    missing = low.isin(MISSING - {"n", "-"}) | (low == "")
    val = pd.Series(pd.NA, index=s.index, dtype="boolean")
    val[low.isin(TRUE)] = True
    val[low.isin(FALSE)] = False
    bad = ~missing & val.isna()
    return val, bad


def empty_table(table: str) -> pd.DataFrame:
    """A table the program does not supply: no rows, the canonical columns and dtypes."""
    t = TABLES[table]
    return pd.DataFrame({c.name: pd.Series([], dtype=DTYPES.get(c.kind, "object")) for c in t.columns})


# ------------------------------------------------------------------------------ validating

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


def _convert_column(s: pd.Series, col: Column, src: TableSource, file: str, client: str, tname: str,
                    out: Collector) -> pd.Series:
    rows = s.index
    missing = _is_missing(s)
    vmap = _value_map(src, col.name)
    if vmap and col.kind != "list":
        s = _apply_values(s, vmap)
        missing = _is_missing(s)
    if not col.nullable and missing.any():
        out.rows(file, client, rows[missing.to_numpy()], s[missing],
                 lambda v, i: f"empty cell; every row needs a {col.name}",
                 f"fill in the {col.name} or remove the row", kind="empty")
    present = ~missing

    if col.kind in ("id", "text", "category"):
        val = s.where(present, np.nan)
        if col.kind == "category" and col.choices:
            low = {c.lower(): c for c in col.choices}
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
                                    f"tables.{tname}.values.{col.name}, e.g. '{v}: {near or col.choices[0]}'")
                    return cache[v]
                out.rows(file, client, rows[bad.to_numpy()], s[bad], lambda v, i: f"unknown {col.name} {v!r} (allowed: {allowed})", fix, kind="choice")
            val = fixed.where(present & ~bad, np.nan).where(~bad, np.nan)
        if col.unique:
            dup = present & val.duplicated(keep=False)
            if dup.any():
                first_row = val[dup].groupby(val[dup]).apply(lambda g: g.index[0])
                later = dup & val.duplicated(keep="first")
                out.rows(file, client, rows[later.to_numpy()], val[later],
                         lambda v, i: f"duplicate {col.name} {v!r} (also on row {first_row[v]})",
                         f"each {col.name} must appear once: remove or renumber one of the two rows",
                         kind="dup")
        return val.astype("str")

    if col.kind in ("int", "float"):
        txt = s.where(present, "")
        if col.kind == "float" and txt.str.contains(r"[,%]", regex=True).any():
            txt = txt.str.replace(r"^(-?\d+),(\d+)$", r"\1.\2", regex=True).str.rstrip("%").str.strip()
        num = pd.to_numeric(txt.where(present, np.nan), errors="coerce")
        bad = present & num.isna()
        if col.kind == "int":
            frac = present & num.notna() & (num != np.floor(num))
            if bad.any() or frac.any():
                wrong = bad | frac
                out.rows(file, client, rows[wrong.to_numpy()], s[wrong],
                         lambda v, i: f"{v!r} is not a whole number",
                         f"write a whole number such as {int(col.min) + 3 if col.min is not None else 3}",
                         kind="num")
            bad = bad | frac
        elif bad.any():
            out.rows(file, client, rows[bad.to_numpy()], s[bad], lambda v, i: f"{v!r} is not a number",
                     "write a number such as 3.5 (a dot or a comma for decimals)", kind="num")
        ok = present & ~bad
        if col.min is not None or col.max is not None:
            lo = num < col.min if col.min is not None else pd.Series(False, index=num.index)
            hi = num > col.max if col.max is not None else pd.Series(False, index=num.index)
            out_of = ok & (lo | hi)
            if out_of.any():
                out.rows(file, client, rows[out_of.to_numpy()], num[out_of],
                         lambda v, i: f"{_fmt_num(v)} is out of range for {col.name}" +
                         (" (it cannot be negative)" if v < 0 and (col.min or 0) >= 0 else ""),
                         f"write a number {_range_text(col)}", kind="range")
            ok = ok & ~out_of
        num = num.where(ok)
        if col.kind == "int":
            return num.round().astype("Int64")
        return num.astype("float64")

    if col.kind == "date":
        res = parse_dates(s, src.date_order, missing)
        if res.column_problem is not None:
            row, what, fix = res.column_problem
            out.add(Problem(file, row, client, what, fix))
        if res.bad.any():
            out.rows(file, client, rows[res.bad.to_numpy()], list(s[res.bad].items()),
                     lambda rv, i: res.reasons.get(rv[0], f"{rv[1]!r} is not a date"),
                     "write it as year-month-day, e.g. 2025-03-14", kind="date")
        return res.values

    if col.kind == "bool":
        val, bad = parse_bools(s)
        if bad.any():
            out.rows(file, client, rows[bad.to_numpy()], s[bad], lambda v, i: f"{v!r} is not yes or no",
                     "write yes or no (true/false, y/n and 1/0 work too)", kind="bool")
        return val.where(~bad, pd.NA).astype("boolean")

    if col.kind == "list":
        sep = src.list_separator or ";"
        low = {k.lower(): v for k, v in vmap.items()}
        codes, uniques = pd.factorize(s.where(present, ""))
        tuples = []
        for u in uniques:
            items = [p.strip() for p in str(u).split(sep) if p.strip()]
            if vmap:
                items = [vmap.get(p, low.get(p.lower(), p)) for p in items]
            tuples.append(tuple(items))
        return pd.Series([tuples[c] if c >= 0 else () for c in codes], index=s.index, dtype=object)

    return s.where(present, np.nan)  # pragma: no cover - unknown kind


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


# ------------------------------------------------------------------------------------ entry

_CACHE: "OrderedDict[tuple, tuple[tuple, Program]]" = OrderedDict()
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


def load_program(path: str | Path) -> Program:
    """Read, map and validate a program folder (or its ``program.yaml``).

    Returns a :class:`Program` (slug = folder name) whose tables follow
    :mod:`workbench.schema` and the dtypes in :mod:`workbench.program`. Raises
    :class:`InputError` with every problem in the config and all tables found in one pass.

    A valid program is kept in memory (the last :data:`CACHE_SIZE`): loading it again while no
    file of its folder changed (name, size, modification time) returns a fresh copy without
    reading the files, so the notebooks of a report, which share a kernel, read a client's
    spreadsheets once.
    """
    path = Path(path)
    folder = path.parent if path.suffix.lower() in (".yaml", ".yml") else path
    key = (str(folder.resolve()), path.name if folder != path else "")
    if folder.is_dir():
        stamp = _fingerprint(folder.resolve())
        hit = _CACHE.get(key)
        if hit is not None and hit[0] == stamp:
            _CACHE.move_to_end(key)
            return _copy(hit[1])
        program = _load_program(path)
        _CACHE[key] = (stamp, _copy(program))
        while len(_CACHE) > CACHE_SIZE:
            _CACHE.popitem(last=False)
        return program
    return _load_program(path)


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
