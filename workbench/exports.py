"""Exports a client opens in a spreadsheet, and headline figures for the report index.

Text cells are made safe for any spreadsheet, in the CSV and in the XLSX alike, column names
included: first every line break inside a value (CR, LF, vertical tab, form feed, the Unicode
line and paragraph separators, NEL, the information separators) becomes a space and other control
characters are dropped, so no value can start a new row (``Finance\r=cmd|...`` stays one cell);
then a value whose first visible character is ``=``, ``+``, ``-``, ``@`` (or that begins with a
tab) gets a leading apostrophe so a spreadsheet never evaluates it as a formula (CSV injection).
Every CSV field holding the separator or a quote is quoted. Numbers are left as numbers (a negative
score stays a negative number), list cells become ``a; b`` text, time-zone-aware dates are
written in UTC without the zone (XLSX cannot hold one). The XLSX bytes do not depend on when they
were written (fixed document and zip-entry dates), so the same inputs give the same files.

Example
-------
>>> import pandas as pd
>>> neutralize(pd.DataFrame({"name": ["=HYPERLINK(1)", "Ann"], "n": [-1, 2]}))["name"].tolist()
["'=HYPERLINK(1)", 'Ann']
"""
from __future__ import annotations

import csv as _csv
import datetime as dt
import io
import json
import re
import zipfile
from pathlib import Path
from typing import Any, Optional

import pandas as pd

from .atomic import atomic_write

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
_FIXED_DATE = dt.datetime(2000, 1, 1)
_ZIP_DATE = (2000, 1, 1, 0, 0, 0)


# line breaks a spreadsheet or str.splitlines() may read as the end of a row
_LINE_BREAKS = re.compile("[\r\n\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]+")
# other control characters: meaningless in a label, and XLSX cannot hold them
_CONTROLS = re.compile("[\x00-\x08\x0e-\x1b\x1f\x7f]")


def _safe_text(value: Any) -> Any:
    """Line breaks neutralised first (one space), control characters dropped, then the formula
    guard: an apostrophe before a value whose first visible character starts a formula."""
    if not isinstance(value, str):
        return value
    value = _CONTROLS.sub("", _LINE_BREAKS.sub(" ", value))
    if value.lstrip(" ").startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def _cell(value: Any) -> Any:
    """A value a spreadsheet can hold safely: lists joined as text, formula-looking text neutralized."""
    if isinstance(value, (list, tuple, set, frozenset)):
        items = sorted(value, key=str) if isinstance(value, (set, frozenset)) else value
        value = "; ".join(str(v) for v in items)
    elif isinstance(value, dict):
        value = json.dumps(value, sort_keys=True, default=str)
    return _safe_text(value)


def neutralize(frame: pd.DataFrame) -> pd.DataFrame:
    """Return a copy whose text cells and column names cannot be read as spreadsheet formulas."""
    out = frame.copy()
    for i in range(out.shape[1]):        # by position: two columns may share a name
        s = out.iloc[:, i]
        if isinstance(s.dtype, pd.CategoricalDtype):
            s = s.astype(object)
        if s.dtype == object or pd.api.types.is_string_dtype(s):
            out.isetitem(i, s.map(_cell, na_action="ignore"))
        elif isinstance(s.dtype, pd.DatetimeTZDtype):
            out.isetitem(i, s.dt.tz_convert("UTC").dt.tz_localize(None))
    out.columns = [_safe_text(str(c)) for c in out.columns]
    if out.index.dtype == object:
        out.index = out.index.map(_safe_text)
    return out


def _deterministic_xlsx(data: bytes) -> bytes:
    """Rewrite an XLSX (a zip) with fixed entry dates and document dates."""
    src = zipfile.ZipFile(io.BytesIO(data))
    buf = io.BytesIO()
    stamp = _FIXED_DATE.strftime("%Y-%m-%dT%H:%M:%SZ")
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in sorted(src.infolist(), key=lambda i: i.filename):
            payload = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                payload = re.sub(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*(<)",
                                 rb"\g<1>" + stamp.encode() + rb"\g<2>", payload)
            entry = zipfile.ZipInfo(info.filename, date_time=_ZIP_DATE)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            dst.writestr(entry, payload)
    return buf.getvalue()


_atomic_write = atomic_write   # the one atomic write (workbench.atomic)


def _file_name(name: str) -> str:
    clean = re.sub(r"[^\w.-]+", "_", str(name)).strip("._")
    return clean or "table"


AUDIENCES = {  # where each audience's files go, and the line that says what they are
    "client": ("exports", None),
    "analyst": ("analyst", "Analyst material: named and id-level lists (at-risk pairs, the matching "
                           "with ids, anything per person). NOT for the client: never send this "
                           "folder; the client pages, index and PDF do not link to it."),
}


def export_table(frame: pd.DataFrame, output_dir: Optional[str | Path], name: str,
                 audience: str = "client") -> list[Path]:
    """Write ``frame`` as ``<name>.csv`` and ``.xlsx`` under ``output_dir`` (no-op if None).

    ``audience="client"`` (default): ``exports/``, part of the client bundle; pass only protected
    tables (:mod:`workbench.views`). ``audience="analyst"``: ``analyst/``, with a ``README.txt``
    saying it is not for the client; for named or id-level lists.
    """
    if output_dir is None:
        return []
    if audience not in AUDIENCES:
        raise ValueError(f"export_table: audience {audience!r} is not one of {sorted(AUDIENCES)}")
    sub, readme = AUDIENCES[audience]
    folder = Path(output_dir) / sub
    folder.mkdir(parents=True, exist_ok=True)
    if readme:
        _atomic_write(folder / "README.txt", (readme + "\n").encode("utf-8"))
    safe = neutralize(frame)
    stem = _file_name(name)
    csv, xlsx = folder / f"{stem}.csv", folder / f"{stem}.xlsx"
    # QUOTE_MINIMAL quotes every field holding the separator, a quote or a line break (none is
    # left after neutralize); "\r\n" would be the standard, "\n" keeps the files as they were
    _atomic_write(csv, safe.to_csv(index=False, lineterminator="\n",
                                   quoting=_csv.QUOTE_MINIMAL).encode("utf-8"))
    buf = io.BytesIO()
    with pd.ExcelWriter(buf, engine="openpyxl") as writer:
        # sheet titles cannot hold []:*?/\ and are at most 31 characters
        sheet = re.sub(r"[\[\]:*?/\\]", "_", str(name))[:31] or "Sheet1"
        safe.to_excel(writer, index=False, sheet_name=sheet)
        props = writer.book.properties
        props.created = props.modified = _FIXED_DATE
        props.lastModifiedBy = props.creator = "workbench"
    _atomic_write(xlsx, _deterministic_xlsx(buf.getvalue()))
    return [csv, xlsx]


def record_headline(output_dir: Optional[str | Path], label: str, value: Any) -> None:
    """Add a headline figure (shown on the report's index page) to ``headlines.json``."""
    if output_dir is None:
        return
    path = Path(output_dir) / "headlines.json"
    data = json.loads(path.read_text()) if path.exists() else {}
    if hasattr(value, "item") and not isinstance(value, (str, bytes)):
        try:  # numpy scalars -> plain numbers
            value = value.item()
        except (TypeError, ValueError):
            pass
    data[label] = value if isinstance(value, (int, float, str)) or value is None else str(value)
    atomic_write(path, json.dumps(data, indent=2))
