"""XLSX workbooks as rows of text, with what a plain read would lose named cell by cell.

Values come from python-calamine (Rust, ten times faster than openpyxl on a client's 3,000-row
workbook) or openpyxl. What neither tells is read from the workbook's XML in one streaming
pass (:func:`scan_sheet`): which sheets are hidden, merged ranges, error cells (``#REF!``),
formulas saved without a computed value, and cells formatted as percentages (read as shown:
a cell showing 33 % gives 33).
"""
from __future__ import annotations

import datetime as dt
import io as _io
import posixpath
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional
from xml.etree import ElementTree as ET

from . import limits
from .limits import TooLarge, mb, n  # noqa: F401

_NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
_PERCENT_IDS = {9, 10}


class NoSheet(Exception):
    def __init__(self, names, hidden=()):
        self.names = list(names)
        self.hidden = list(hidden)


def excel_cell(v) -> str:
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


def _source(book):
    return _io.BytesIO(book) if isinstance(book, (bytes, bytearray)) else book


def _xlsx_rows_calamine(book, sheet: Optional[str]) -> list[list[str]]:
    from python_calamine import CalamineWorkbook
    wb = (CalamineWorkbook.from_filelike(_source(book)) if isinstance(book, (bytes, bytearray))
          else CalamineWorkbook.from_path(str(book)))
    try:
        if sheet is not None and sheet not in wb.sheet_names:
            raise NoSheet(wb.sheet_names)
        ws = wb.get_sheet_by_name(sheet) if sheet is not None else wb.get_sheet_by_index(0)
        return [[excel_cell(v) for v in r] for r in ws.to_python(skip_empty_area=False)]
    finally:
        close = getattr(wb, "close", None)
        if close is not None:
            close()


def _xlsx_rows_openpyxl(book, sheet: Optional[str]) -> list[list[str]]:
    import openpyxl
    wb = openpyxl.load_workbook(_source(book), read_only=True, data_only=True)
    try:
        if sheet is not None and sheet not in wb.sheetnames:
            raise NoSheet(wb.sheetnames)
        ws = wb[sheet] if sheet is not None else wb.worksheets[0]
        # an error cell (#REF!) reads as empty, as with calamine; scan_sheet reports it
        return [[("" if getattr(c, "data_type", "") == "e" else excel_cell(c.value)) for c in r]
                for r in ws.iter_rows()]
    finally:
        wb.close()


def xlsx_rows(book, sheet: Optional[str] = None, checked: bool = False) -> list[list[str]]:
    """A sheet's cells as text, row 1 first (calamine if installed, else openpyxl). Raises
    :class:`NoSheet` for an unknown sheet, :class:`TooLarge` for a sheet over the bounds of
    :mod:`.limits` (checked first by :func:`scan_sheet` unless ``checked``: a cell at XFD1048576
    would make calamine allocate the whole grid and abort the process) and the reader's own
    error for an unreadable file."""
    if not checked:
        data = bytes(book) if isinstance(book, (bytes, bytearray)) else Path(book).read_bytes()
        if sheet is None:
            first = sheets(zipfile.ZipFile(_io.BytesIO(data)))
            if first:
                scan_sheet(data, first[0][0])
        else:
            scan_sheet(data, sheet)
    try:
        import python_calamine  # noqa: F401
    except ImportError:
        return _xlsx_rows_openpyxl(book, sheet)
    return _xlsx_rows_calamine(book, sheet)


# ------------------------------------------------------------------------------ the XML scan

@dataclass
class SheetScan:
    """What the values alone do not tell about one sheet (rows and columns 1-based)."""
    errors: dict = field(default_factory=dict)        # (row, col) -> '#REF!'
    no_value: set = field(default_factory=set)        # (row, col) of formulas saved without a value
    percent: set = field(default_factory=set)         # (row, col) of numbers shown as percentages
    merged: list = field(default_factory=list)        # (row1, col1, row2, col2)


def sheets(z: zipfile.ZipFile) -> list[tuple[str, str, str]]:
    """(name, state, xml path) of every worksheet, in workbook order."""
    wb = ET.fromstring(z.read("xl/workbook.xml"))
    rels = ET.fromstring(z.read("xl/_rels/workbook.xml.rels"))
    target = {r.get("Id"): r.get("Target") for r in rels}
    out = []
    for s in wb.iter(f"{_NS}sheet"):
        t = target.get(s.get(_REL), "")
        path = t.lstrip("/") if t.startswith("/") else posixpath.normpath(posixpath.join("xl", t))
        out.append((s.get("name"), s.get("state") or "visible", path))
    return out


def _percent_styles(z: zipfile.ZipFile) -> set[int]:
    try:
        st = ET.fromstring(z.read("xl/styles.xml"))
    except KeyError:
        return set()
    custom = {int(f.get("numFmtId")) for f in st.iter(f"{_NS}numFmt")
              if "%" in re.sub(r'"[^"]*"|\\.', "", f.get("formatCode") or "")}
    xfs = st.find(f"{_NS}cellXfs")
    if xfs is None:
        return set()
    return {i for i, xf in enumerate(xfs) if int(xf.get("numFmtId") or 0) in _PERCENT_IDS | custom}


_REF = re.compile(r"^\$?([A-Za-z]{1,3})\$?(\d{1,7})$")


def cell_ref(ref: str) -> tuple[int, int]:
    m = _REF.match(ref.strip())
    if m is None:
        raise ValueError(f"not a cell reference: {ref[:20]!r}")
    col = 0
    for ch in m.group(1).upper():
        col = col * 26 + ord(ch) - 64
    return int(m.group(2)), col


def col_letter(col: int) -> str:
    s = ""
    while col:
        col, r = divmod(col - 1, 26)
        s = chr(65 + r) + s
    return s


_SMALLER = ("delete the empty rows and columns after the data in Excel (select them, Delete) and "
            "save, or export only the rows and columns the program needs as .csv")


def check_zip(z: zipfile.ZipFile) -> None:
    """:class:`TooLarge` for a workbook that expands past :data:`limits.MAX_UNCOMPRESSED` or has a
    member expanding implausibly (a zip bomb), from the sizes the zip declares: nothing is
    expanded. (Python's zipfile never expands a member past its declared size.)"""
    total = 0
    for info in z.infolist():
        total += info.file_size
        if (info.file_size > limits.RATIO_FLOOR
                and info.file_size > limits.MAX_RATIO * max(info.compress_size, 1)):
            raise TooLarge(f"the workbook's part {info.filename} expands from {mb(info.compress_size)} to "
                           f"{mb(info.file_size)}, over the limit of {limits.MAX_RATIO} times its size (a zip "
                           "bomb, not an export)",
                           "open the file in Excel and save it again as .xlsx, or export it as .csv")
    if total > limits.MAX_UNCOMPRESSED:
        raise TooLarge(f"the workbook expands to {mb(total)}, over the limit of {mb(limits.MAX_UNCOMPRESSED)}",
                       "export only the rows and columns the program needs, or export them as .csv")


def _check_extent(rows: int, cols: int, how: str) -> None:
    """:class:`TooLarge` past the row or column bound; ``how`` says what reached (rows, cols)."""
    if rows <= limits.MAX_ROWS + 100 and cols <= limits.MAX_COLUMNS:
        return
    if how == "row":
        what = f"the sheet has a row numbered {n(rows)}, over the limit of {n(limits.MAX_ROWS)} rows"
    else:
        what = (f"the sheet {how} {col_letter(cols)}{rows} (row {n(rows)}, column {n(cols)}), over the "
                f"limit of {n(limits.MAX_ROWS)} rows and {n(limits.MAX_COLUMNS)} columns")
    raise TooLarge(what, _SMALLER)


def scan_sheet(book: bytes, sheet: Optional[str]) -> tuple[str, SheetScan, list, list]:
    """The sheet to read (``sheet``, else the first visible one), its :class:`SheetScan`, the
    names of all sheets and of the hidden ones. Raises :class:`NoSheet`, and :class:`TooLarge`
    (before any reader builds the grid) for a workbook over a bound of :mod:`.limits`: expanded
    size, the sheet's declared dimension or farthest cell, a cell's text, merged ranges."""
    z = zipfile.ZipFile(_io.BytesIO(book))
    check_zip(z)
    all_sheets = sheets(z)
    names = [n for n, _, _ in all_sheets]
    hidden = [n for n, state, _ in all_sheets if state != "visible"]
    if sheet is None:
        chosen = next(((n, p) for n, state, p in all_sheets if state == "visible"), None)
    else:
        chosen = next(((n, p) for n, _, p in all_sheets if n == sheet), None)
    if chosen is None:
        raise NoSheet(names, hidden)
    name, path = chosen
    pct = _percent_styles(z)
    scan = SheetScan()
    row = col = 0                   # where a cell without a reference is
    merged_cells = 0
    with z.open(path) as fh:
        for event, el in ET.iterparse(fh, events=("start", "end")):
            tag = el.tag
            if event == "start":
                if tag == f"{_NS}row":
                    row = int(el.get("r")) if (el.get("r") or "").isdigit() else row + 1
                    col = 0
                    _check_extent(row, 1, "row")
                elif tag == f"{_NS}dimension":
                    _, _, last = (el.get("ref") or "").partition(":")
                    if last:
                        _check_extent(*cell_ref(last), "declares cells up to")
                continue
            if tag == f"{_NS}c":
                ref = el.get("r")
                if ref is not None:
                    r, col = cell_ref(ref)
                    row = max(row, r)
                else:
                    col += 1
                _check_extent(row, col, "has a cell at")
                v = el.find(f"{_NS}v")
                if v is not None and v.text and len(v.text) > limits.MAX_CELL_CHARS:
                    raise TooLarge(f"cell {col_letter(col)}{row} holds {n(len(v.text))} characters, over the "
                                   f"limit of {n(limits.MAX_CELL_CHARS)}", "shorten the cell's text or remove "
                                   "the column from the export", row)
                if ref is not None:
                    f = el.find(f"{_NS}f")
                    has_v = v is not None and (v.text or "") != ""
                    if el.get("t") == "e":
                        scan.errors[(r, col)] = v.text if v is not None else "#ERROR"
                    elif f is not None and not has_v and el.find(f"{_NS}is") is None:
                        scan.no_value.add((r, col))
                    elif has_v and el.get("t") in (None, "n") and int(el.get("s") or 0) in pct:
                        scan.percent.add((r, col))
                el.clear()
            elif tag == f"{_NS}mergeCell":
                a, _, b = (el.get("ref") or "").partition(":")
                if a and b:
                    (r1, c1), (r2, c2) = cell_ref(a), cell_ref(b)
                    r1, r2, c1, c2 = min(r1, r2), max(r1, r2), min(c1, c2), max(c1, c2)
                    _check_extent(r2, c2, "has merged cells up to")
                    merged_cells += (r2 - r1 + 1) * (c2 - c1 + 1)
                    if len(scan.merged) >= limits.MAX_MERGED_RANGES or merged_cells > limits.MAX_MERGED_CELLS:
                        what = (f"the sheet has more than {n(limits.MAX_MERGED_RANGES)} merged ranges (the limit)"
                                if len(scan.merged) >= limits.MAX_MERGED_RANGES else
                                f"the sheet's merged ranges cover more than {n(limits.MAX_MERGED_CELLS)} cells "
                                "(the limit)")
                        raise TooLarge(what, "unmerge the cells in Excel (select all, Unmerge Cells, then "
                                             "Fill Down) and save, or export the sheet as .csv")
                    scan.merged.append((r1, c1, r2, c2))
                el.clear()
            elif tag == f"{_NS}row":
                el.clear()
    return name, scan, names, hidden
