"""The client's files as candidates: each CSV, and each sheet of each workbook, read with the
project's readers (:mod:`workbench.io.readers`, :mod:`workbench.io.xlsx`), its header row found
below any title rows. They are read within the loader's bounds (:mod:`workbench.io.limits`: rows,
columns, cell size, a workbook's expanded size, declared dimension and merged ranges): a file over
one is not used, with one line saying which bound and how to proceed, before anything large is
built."""
from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional

import pandas as pd

from ..files import Refused, decode_text, read_inside
from ..io.limits import TooLarge
from ..io.readers import _SEP_LINE, _records, sniff_delimiter
from ..io.xlsx import sheets as xlsx_sheets
from ..io.xlsx import check_zip, scan_sheet, xlsx_rows
from .names import ALL_NAMES, phrase

SUFFIXES = (".csv", ".txt", ".tsv", ".xlsx", ".xlsm")
HEADER_SEARCH = 15


@dataclass
class ClientFile:
    """One candidate: a CSV file or one sheet of a workbook."""
    name: str
    header: list
    frame: pd.DataFrame                      # client headers, text cells
    how: list = field(default_factory=list)  # comments on how it is read
    sheet: Optional[str] = None
    header_row: int = 1
    sheets: tuple = ()                       # every sheet of the workbook

    @property
    def label(self) -> str:
        return f"{self.name} (sheet {self.sheet!r})" if self.sheet and len(self.sheets) > 1 else self.name


@dataclass
class Unread:
    name: str
    why: str


_NUMBER = re.compile(r"^[-+]?\d+(?:[.,]\d+)?%?$|^\d{1,4}[-/.]\d{1,2}[-/.]\d{1,4}")


def find_header(rows: list) -> Optional[int]:
    """The header row: among the first rows, the one with most cells named like our columns;
    without any, the first row that is as full as the fullest and holds no numbers or dates
    (a title row above the table has one or two cells)."""
    cand = [i for i in range(min(len(rows), HEADER_SEARCH)) if any(str(c).strip() for c in rows[i])]
    if not cand:
        return None
    full = {i: sum(1 for c in rows[i] if str(c).strip()) for i in cand}
    widest = max(full.values())
    labels = {i: all(not _NUMBER.match(str(c).strip()) for c in rows[i] if str(c).strip()) for i in cand}
    known = {i: sum(phrase(c) in ALL_NAMES for c in rows[i] if str(c).strip()) for i in cand}
    best = max(known.values())
    if best >= 2:
        return next(i for i in cand if known[i] == best)
    return next((i for i in cand if labels[i] and full[i] >= max(2, 0.6 * widest)),
                next(i for i in cand if full[i] == widest))


def _frame(name: str, rows: list, how: list, sheet=None, sheets=()) -> Optional[ClientFile]:
    h = find_header(rows)
    if h is None:
        return None
    header = [str(c).strip() for c in rows[h]]
    keep = [i for i, c in enumerate(header) if c]
    seen: set = set()
    keep = [i for i in keep if not (header[i] in seen or seen.add(header[i]))]
    body = [[(str(r[i]) if i < len(r) else "").strip() for i in keep] for r in rows[h + 1:]]
    body = [r for r in body if any(r)]
    frame = pd.DataFrame(body, columns=[header[i] for i in keep], dtype=object).fillna("")
    return ClientFile(name, [header[i] for i in keep], frame, how, sheet, h + 1, tuple(sheets))


def read_candidates(folder: Path, name: str) -> tuple[list, Optional[Unread]]:
    """The candidates in one file (one per visible sheet of a workbook), or why none."""
    try:
        raw = read_inside(folder, name)
    except Refused as e:
        return [], Unread(name, f"not read ({e})")
    if name.lower().endswith((".xlsx", ".xlsm")):
        try:
            z = zipfile.ZipFile(io.BytesIO(raw))
            check_zip(z)                      # a zip bomb is refused before it is expanded
            listed = xlsx_sheets(z)
        except TooLarge as e:
            return [], _too_large(name, e)
        except Exception:
            return [], Unread(name, "not read: not a readable Excel workbook (save it again as .xlsx)")
        visible = [n for n, state, _ in listed if state == "visible"]
        hidden = [n for n, state, _ in listed if state != "visible"]
        out, over = [], None
        for sheet in visible:
            try:
                scan_sheet(raw, sheet)            # the bounds, before any reader builds the grid
                rows = xlsx_rows(raw, sheet, checked=True)
            except TooLarge as e:
                over = over or _too_large(name, e, sheet if len(visible) > 1 else None)
                continue
            except Exception:
                continue
            how = [(f"sheet {sheet!r}, the only one" if len(visible) == 1 else
                    f"sheet {sheet!r}, one of {len(visible)}: {', '.join(visible)}")
                   + (f" (hidden: {', '.join(hidden)})" if hidden else "")]
            f = _frame(name, rows, how, sheet, visible)
            if f is not None and len(f.frame):
                out.append(f)
        if not out:
            return [], over or Unread(name, "not used: no sheet holds a table (a header row with rows under it)")
        return out, over
    text, enc, bad = decode_text(raw)
    m = _SEP_LINE.match(text)
    delim = m.group(1) if m else sniff_delimiter(text)
    if m:
        text = text[m.end():]
    try:
        records, _, unclosed = _records(text, delim, bounded=True)
    except TooLarge as e:
        return [], _too_large(name, e)
    if unclosed:
        return [], Unread(name, "not used: a quote is never closed, so its rows cannot be told apart")
    f = _frame(name, records, [f"read as {enc}, separator {delim!r} (both detected when the file is read)"])
    if f is None or not len(f.frame):
        return [], Unread(name, "not used: no rows under a header")
    if len(f.header) < 2:
        return [], Unread(name, f"not used: one column only ({f.header[0]!r}), not a table")
    return [f], None


def _too_large(name: str, e: TooLarge, sheet: Optional[str] = None) -> Unread:
    """One line: the file (its sheet, its row), the bound it is over, how to proceed."""
    where = (f"sheet {sheet!r}, " if sheet else "") + (f"row {e.row}: " if e.row else "")
    return Unread(name, f"not read: {where}{e.what}; {e.fix}")


def list_files(folder: Path) -> tuple[list, list]:
    """Files that may hold tables, and the other files (with why they are not read)."""
    names, other = [], []
    for p in sorted(folder.iterdir()):
        if not p.is_file() or p.name.startswith(".") or p.name in ("program.yaml", "expected.txt"):
            continue
        if p.suffix.lower() in SUFFIXES:
            names.append(p.name)
        elif p.suffix.lower() == ".xls":
            other.append(Unread(p.name, "not read: the old .xls format; open it in Excel and save as .xlsx"))
        else:
            other.append(Unread(p.name, f"not read: {p.suffix or 'no extension'} is not a table file "
                                        "(CSV or XLSX)"))
    return names, other
