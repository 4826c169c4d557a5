"""Client files as text: CSV (encoding and separator detected) and XLSX (python-calamine or
openpyxl), each returned as a :class:`RawTable` of string cells indexed by spreadsheet row."""
from __future__ import annotations

import csv
import datetime as dt
import io as _io
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Optional

import pandas as pd

from ..config import TableSource
from ..config_yaml import suggest
from ..problems import Problem
from ..schema import TABLES
from .collect import Collector
from .text import decode_bytes


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

