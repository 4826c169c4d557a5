"""Client files as text: CSV (encoding, ``sep=`` line and separator detected) and XLSX (first
visible sheet), each returned as a :class:`RawTable` of string cells indexed by spreadsheet row.

The header is the first row naming the table's columns, so title rows above it (as many HR
systems export) are skipped, with a note; ``header_row:`` in ``program.yaml`` overrides it.
Nothing is read outside the program folder (:mod:`workbench.files`).
"""
from __future__ import annotations

import csv
import io as _io
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional

import pandas as pd

from ..config import TableSource, suggest
from ..problems import Problem
from ..schema import TABLES
from .collect import Collector
from ..files import Refused, decode_text, read_inside
from . import limits
from .limits import TooLarge, n
from .xlsx import NoSheet, col_letter, excel_cell, scan_sheet, xlsx_rows

HEADER_SEARCH_ROWS = 30     # title rows above the header: looked for in the first 30 rows


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
    (missing = ""), indexed by spreadsheet row number, built only for the columns the program
    can use (``header`` names them all, for the messages). ``cell_issues`` holds, per client
    column, what a cell lost in the spreadsheet (merged, error, formula without a value) as
    ``(row, what, fix, kind, rows concerned)``: reported only for the columns the program uses."""
    file: str
    frame: Optional[pd.DataFrame]
    encoding: str = ""
    delimiter: str = ""
    header_row: int = 1
    cell_issues: dict = field(default_factory=dict)
    header: Optional[list] = None   # every column name of the header (``frame`` holds only those
                                    # the program can use); None: the frame's columns


def _dedupe(names: list[str]) -> list[str]:
    seen: dict = defaultdict(int)
    out = []
    for n in names:
        out.append(n if not seen[n] else f"{n} ({seen[n] + 1})")
        seen[n] += 1
    return out


def _norm(name: str) -> str:
    return re.sub(r"[\s\-_]+", "_", str(name).strip().lower())


def expected_names(src: TableSource, table: str) -> set[str]:
    """Header names the program expects in this file (normalised)."""
    names = {c.name for c in TABLES[table].columns} | set(src.columns) | set(src.extra_columns)
    return {_norm(n) for n in names}


def find_header(rows: list[list[str]], expected: set[str]) -> Optional[int]:
    """Index of the header row: among the first rows, the one naming most expected columns;
    if none names any, the first row as full as the fullest. None when all rows are blank."""
    cand = [i for i in range(min(len(rows), HEADER_SEARCH_ROWS)) if any(c.strip() for c in rows[i])]
    if not cand:
        return None
    hits = {i: sum(_norm(c) in expected for c in rows[i] if c.strip()) for i in cand}
    best = max(hits.values())
    if best > 0:
        return next(i for i in cand if hits[i] == best)
    full = {i: sum(1 for c in rows[i] if c.strip()) for i in cand}
    return next(i for i in cand if full[i] == max(full.values()))


def read_table_file(folder: Path, src: TableSource, table: str, out: Collector,
                    cfg_line=None) -> RawTable:
    """Read one client file as strings; problems go to ``out`` and ``frame`` is None if unusable."""
    name = src.file
    try:
        raw = read_inside(folder, name)
    except Refused as r:
        if r.missing:
            path = Path(folder) / name
            near = suggest(path.name, [p.name for p in path.parent.iterdir() if p.is_file()]
                           if path.parent.is_dir() else [], cutoff=0.75)
            out.add(Problem(name, None, None, f"file not found (the {table} table in program.yaml)",
                            (f"did you mean {near!r}? " if near else "") +
                            f"put the file in the program folder or correct tables.{table}.file in program.yaml"))
        else:
            line = cfg_line(("tables", table, "file")) if cfg_line else None
            out.add(Problem("program.yaml", line, f"tables.{table}.file", r.what, r.fix))
        return RawTable(name, None)
    suffix = Path(name).suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        return _read_xlsx(raw, name, src, table, out)
    if suffix == ".xls":
        out.add(Problem(name, None, None, "old Excel .xls files are not supported",
                        "open it in Excel and save it as .xlsx or .csv"))
        return RawTable(name, None)
    return _read_csv(raw, name, src, table, out)


def _empty(name: str, table: str, out: Collector, row: int = 1, what: str = "") -> RawTable:
    cols = ",".join(c.name for c in TABLES[table].columns if c.required)
    out.add(Problem(name, row, None, what or "the file is empty (no header row)",
                    f"export it again with a header row, e.g. {cols}"))
    return RawTable(name, None)


def _to_frame(rows: list[list[str]], name: str, src: TableSource, table: str, out: Collector,
              enc: str, delim: str, wide_check: bool) -> tuple[Optional[RawTable], int]:
    """Header found (or ``header_row``), the rows below it as a frame indexed by spreadsheet row."""
    while rows and not any(c.strip() for c in rows[-1]):
        rows.pop()
    if src.header_row is not None:
        h = src.header_row - 1
        if h >= len(rows) or not any(c.strip() for c in rows[h]):
            return _empty(name, table, out, src.header_row,
                          f"header_row is {src.header_row} but that row is empty or past the end"), 0
    else:
        h = find_header(rows, expected_names(src, table))
        if h is None:
            return _empty(name, table, out), 0
        first = next(i for i, r in enumerate(rows) if any(c.strip() for c in r))
        if h > first:
            out.note(Problem(name, h + 1, None, f"the header is on row {h + 1}; the {h} row(s) above it "
                             "(a title) were skipped", f"set tables.{table}.header_row if another row is the header"))
    header, body = rows[h], rows[h + 1:]
    width = len(header)
    if wide_check:
        too_long = [(i + h + 2, len(r)) for i, r in enumerate(body)
                    if len(r) > width and any(c.strip() for c in r[width:])]
        if too_long:
            out.rows(name, "", [r for r, _ in too_long], [n for _, n in too_long],
                     lambda n, i: f"this row has {n} values but the header has {width} columns",
                     f"a value probably contains the separator {delim!r}: put that value in double quotes "
                     "or export the file again", kind="width")
    keep = [i for i, c in enumerate(header) if str(c).strip()]
    if len(keep) > limits.MAX_COLUMNS:
        out.add(Problem(name, h + 1, None, f"the header has {n(len(keep))} columns, over the limit of "
                        f"{n(limits.MAX_COLUMNS)}", "export only the columns the program needs"))
        return RawTable(name, None, enc, delim), h
    if len(body) > limits.MAX_ROWS:
        out.add(Problem(name, None, None,
                        f"the table has {n(len(body))} rows, over the limit of {n(limits.MAX_ROWS)}",
                        "split the file or export only the rows the program needs"))
        return RawTable(name, None, enc, delim), h
    names = [str(header[i]).strip() for i in keep]
    counts = Counter(names)
    for d in sorted(k for k, c in counts.items() if c > 1):
        out.add(Problem(name, h + 1, d, f"column {d!r} appears more than once in the header",
                        "rename or remove the extra column"))
    deduped = _dedupe(names)
    # only the columns the program can use are built (named like a workbench column, or in
    # columns/extra_columns of program.yaml); the header keeps every name for the messages
    wanted = expected_names(src, table)
    built = [(i, d) for i, d in zip(keep, deduped) if _norm(d) in wanted or _norm(header[i]) in wanted]
    # a row is blank when every named column is (not only the built ones)
    full = [j for j, r in enumerate(body) if any(r[i].strip() for i in keep if i < len(r))]
    data = {d: [(body[j][i] if i < len(body[j]) else "") for j in full] for i, d in built}
    for d, cells in data.items():
        for j, c in zip(full, cells):
            if len(c) > limits.MAX_CELL_CHARS:
                out.add(Problem(name, h + 2 + j, d, f"the value holds {n(len(c))} characters, over the "
                                f"limit of {n(limits.MAX_CELL_CHARS)}", "shorten the value"))
                return RawTable(name, None, enc, delim), h
    frame = pd.DataFrame(data, index=pd.Index([h + 2 + j for j in full], dtype="int64"),
                         columns=[d for _, d in built], dtype=object)
    frame = frame.fillna("")
    return RawTable(name, frame, enc, delim, h + 1, header=deduped), h


# ------------------------------------------------------------------------------------- CSV

_SEP_LINE = re.compile(r'^"?sep=(.)"?[ \t]*(?:\r\n|\n|\r|$)', re.IGNORECASE)


def _too_long(row: int) -> TooLarge:
    return TooLarge(f"a value on this row is longer than {n(limits.MAX_CELL_CHARS)} characters (the limit)",
                    "shorten the value, or check for a stray quote (\") that makes the rest of the file "
                    "one value", row)


def _bounded(rec: list, number: int, bounded: bool) -> list:
    """``rec`` (the ``number``-th record) if it is within the bounds of :mod:`.limits`."""
    if bounded:
        if len(rec) > limits.MAX_COLUMNS:
            raise TooLarge(f"this row has {n(len(rec))} columns, over the limit of {n(limits.MAX_COLUMNS)}",
                           "export only the columns the program needs", number)
        if number > limits.MAX_ROWS + HEADER_SEARCH_ROWS:
            raise TooLarge(f"the file has more than {n(limits.MAX_ROWS)} rows (the limit)",
                           "split the file or export only the rows the program needs", None)
        if any(len(c) > limits.MAX_CELL_CHARS for c in rec):
            raise _too_long(number)
    return rec


def _records(text: str, delim: str, bounded: bool = False) -> tuple[list, list, Optional[tuple[int, int]]]:
    """CSV records, the physical line each starts on, and (record number, line) of a quote
    never closed (None if every quote closes). ``bounded``: :class:`TooLarge` for a record over
    the bounds of :mod:`.limits` (columns, rows, cell size), raised as soon as it is read."""
    reader = csv.reader(_io.StringIO(text, newline=""), delimiter=delim, strict=True)
    records, starts, prev = [], [], 0
    while True:
        try:
            rec = next(reader)
        except StopIteration:
            return records, starts, None
        except csv.Error as e:
            if "unexpected end of data" in str(e):
                return records, starts, (len(records) + 1, prev + 1)
            if "field larger than field limit" in str(e):   # 131,072 characters
                raise _too_long(len(records) + 1) from None
            # a quote closed mid-value ('"a"b'): read leniently, as spreadsheets do
            try:
                loose = [_bounded(r, i, bounded) for i, r in
                         enumerate(csv.reader(_io.StringIO(text, newline=""), delimiter=delim), start=1)]
            except csv.Error:
                raise _too_long(len(records) + 1) from None
            return loose, list(range(1, len(loose) + 1)), None
        records.append(_bounded(rec, len(records) + 1, bounded))
        starts.append(prev + 1)
        prev = reader.line_num


def _swallows_rows(cell: str, delim: str, width: int) -> bool:
    """A value running over lines that look like whole rows (as many separators as a row has):
    a stray pair of quotes, not a multi-line address or comment."""
    return any(line.count(delim) >= max(width - 1, 1) for line in cell.splitlines()[1:])


def _read_csv(raw: bytes, name: str, src: TableSource, table: str, out: Collector) -> RawTable:
    text, enc, bad_lines = decode_text(raw)
    if not text.strip():
        return _empty(name, table, out)
    sep_line = _SEP_LINE.match(text)
    if sep_line:                     # Excel's "sep=;" line: the separator, not a row
        delim, text = sep_line.group(1), text[sep_line.end():]
    else:
        delim = sniff_delimiter(text)
    shift = 1 if sep_line else 0
    if bad_lines:
        out.rows(name, "", [ln - shift for ln, _ in bad_lines], [s for _, s in bad_lines],
                 lambda s, i: f"this row holds bytes that are not UTF-8 while the rest of the file is: {s!r}",
                 "the file mixes two encodings: re-type the character shown as <0x..> and save the file as UTF-8",
                 kind="bytes")
    try:
        records, starts, unclosed = _records(text, delim, bounded=True)
    except TooLarge as e:
        out.add(Problem(name, e.row, None, e.what, e.fix))
        return RawTable(name, None, enc, delim)
    if unclosed is not None:
        rest = len(text.splitlines()) - unclosed[1] + 1
        out.add(Problem(name, unclosed[0], None,
                        f"a quote (\") opened on this row is never closed, so the remaining {rest} line(s) "
                        "would be read as one value",
                        "remove the stray quote or close it (a quote inside a value is written twice: \"\")"))
        return RawTable(name, None, enc, delim)
    strays = 0
    width = max((len(r) for r in records[:HEADER_SEARCH_ROWS + 1]), default=0)
    for i, rec in enumerate(records):
        span = (starts[i + 1] if i + 1 < len(starts) else text.count("\n") + 1) - starts[i]
        if span > 1 and any(_swallows_rows(c, delim, width) for c in rec):
            strays += 1
            out.add(Problem(name, i + 1, None,
                            f"a quote opened on this row closes {span - 1} line(s) further down, so those "
                            "lines were read as one value",
                            "remove the stray quote (a quote inside a value is written twice: \"\")"))
    if strays:
        return RawTable(name, None, enc, delim)
    if not records:
        return _empty(name, table, out)
    return _to_frame(records, name, src, table, out, enc, delim, wide_check=True)[0]


# ------------------------------------------------------------------------------------ XLSX

def _has_data(raw: bytes, sheet: str) -> bool:
    """Whether another sheet holds any text (checked against the bounds before it is read)."""
    try:
        scan_sheet(raw, sheet)
        return any(c.strip() for r in xlsx_rows(raw, sheet, checked=True) for c in r)
    except Exception:  # over a bound or unreadable: not offered as where the data is
        return False


def _read_xlsx(raw: bytes, name: str, src: TableSource, table: str, out: Collector) -> RawTable:
    try:
        sheet, scan, names, hidden = scan_sheet(raw, src.sheet)
        rows = xlsx_rows(raw, sheet, checked=True)
    except TooLarge as e:
        out.add(Problem(name, e.row, None, e.what, e.fix))
        return RawTable(name, None)
    except NoSheet as e:
        if src.sheet is None:
            out.add(Problem(name, None, None, f"the workbook has no visible sheet (hidden: {', '.join(e.hidden)})",
                            f"name the sheet to read under tables.{table}.sheet in program.yaml"))
            return RawTable(name, None)
        near = suggest(src.sheet, e.names)
        hid = f"; hidden: {', '.join(e.hidden)}" if e.hidden else ""
        out.add(Problem(name, None, None, f"no sheet named {src.sheet!r} (sheets: {', '.join(e.names)}{hid})",
                        (f"did you mean {near!r}? " if near else "") +
                        f"correct tables.{table}.sheet in program.yaml"))
        return RawTable(name, None)
    except Exception as e:  # zip errors, not an xlsx at all
        out.add(Problem(name, None, None, f"not a readable Excel file ({type(e).__name__})",
                        "open it in Excel and save it again as .xlsx, or export it as .csv"))
        return RawTable(name, None)
    if not any(c.strip() for r in rows for c in r):
        others = [s for s in names if s != sheet and s not in hidden and _has_data(raw, s)]
        if others:
            return _empty(name, table, out, 1, f"the sheet {sheet!r} is empty; the data is on sheet "
                                               f"{others[0]!r}")
        return _empty(name, table, out)
    for (r, c) in scan.percent:     # read as shown: 0.33 formatted 0% is 33
        if r - 1 < len(rows) and c - 1 < len(rows[r - 1]) and rows[r - 1][c - 1]:
            try:
                rows[r - 1][c - 1] = excel_cell(round(float(rows[r - 1][c - 1]) * 100, 10))
            except ValueError:
                pass
    raw_table, h = _to_frame(rows, name, src, table, out, "xlsx", "", wide_check=False)
    if raw_table is None or raw_table.frame is None:
        return raw_table
    header = rows[h]
    col_name = {i + 1: str(v).strip() for i, v in enumerate(header) if str(v).strip()}
    issues: dict = defaultdict(list)
    first_data = h + 2
    for (r, c), err in sorted(scan.errors.items()):
        if r >= first_data and c in col_name:
            issues[col_name[c]].append((r, f"cell {col_letter(c)}{r} holds the Excel error {err}",
                                        "correct the formula or type the value in Excel", "error", (r,)))
    for (r, c) in sorted(scan.no_value):
        if r >= first_data and c in col_name:
            issues[col_name[c]].append((r, f"cell {col_letter(c)}{r} has a formula but no saved value",
                                        "open the file in Excel, let it calculate and save it again "
                                        "(or paste the values)", "formula", (r,)))
    for r1, c1, r2, c2 in scan.merged:
        if r2 < first_data or r1 > len(rows):
            continue                    # a merged title above the header, or below the data
        r2, c2 = min(r2, len(rows)), min(c2, len(header))
        span = f"{col_letter(c1)}{r1}:{col_letter(c2)}{r2}"
        for c in range(c1, c2 + 1):
            if c in col_name:
                issues[col_name[c]].append((max(r1, first_data),
                                            f"cells {span} are merged, so only {col_letter(c1)}{r1} holds "
                                            f"a value and the other cells read as empty",
                                            "unmerge the cells in Excel and fill the value into every row "
                                            "(Unmerge Cells, then Fill Down)", "merged",
                                            tuple(range(max(r1, first_data), r2 + 1))))
    raw_table.cell_issues = {k: v for k, v in issues.items() if k in raw_table.frame.columns}
    return raw_table
