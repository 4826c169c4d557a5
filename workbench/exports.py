"""Exports a client opens in a spreadsheet, and headline figures for the report index.

Text cells beginning with ``=``, ``+``, ``-``, ``@`` (or a tab / carriage return) are neutralized
with a leading apostrophe so a spreadsheet never evaluates them as formulas (CSV injection).
Numbers are left as numbers.

Example
-------
>>> import pandas as pd
>>> neutralize(pd.DataFrame({"name": ["=HYPERLINK(1)", "Ann"], "n": [-1, 2]}))["name"].tolist()
["'=HYPERLINK(1)", 'Ann']
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Optional

import pandas as pd

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def _safe_text(value: Any) -> Any:
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def neutralize(frame: pd.DataFrame) -> pd.DataFrame:
    """Return a copy whose text cells and column names cannot be read as spreadsheet formulas."""
    out = frame.copy()
    for col in out.columns:
        if out[col].dtype == object or pd.api.types.is_string_dtype(out[col]):
            out[col] = out[col].map(_safe_text)
    out.columns = [_safe_text(str(c)) for c in out.columns]
    if out.index.dtype == object:
        out.index = out.index.map(_safe_text)
    return out


def export_table(frame: pd.DataFrame, output_dir: Optional[str | Path], name: str) -> list[Path]:
    """Write ``frame`` as ``exports/<name>.csv`` and ``.xlsx`` under ``output_dir`` (no-op if None)."""
    if output_dir is None:
        return []
    folder = Path(output_dir) / "exports"
    folder.mkdir(parents=True, exist_ok=True)
    safe = neutralize(frame)
    csv, xlsx = folder / f"{name}.csv", folder / f"{name}.xlsx"
    safe.to_csv(csv, index=False)
    safe.to_excel(xlsx, index=False, sheet_name=name[:31])
    return [csv, xlsx]


def record_headline(output_dir: Optional[str | Path], label: str, value: Any) -> None:
    """Add a headline figure (shown on the report's index page) to ``headlines.json``."""
    if output_dir is None:
        return
    path = Path(output_dir) / "headlines.json"
    data = json.loads(path.read_text()) if path.exists() else {}
    data[label] = value if isinstance(value, (int, float, str)) or value is None else str(value)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, indent=2))
