"""Cell text to typed values: missing-value tokens, dates (order detected), yes/no, empty tables."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Optional

import numpy as np
import pandas as pd

from ..schema import TABLES

MISSING_TOKENS = {"", "na", "n/a", "#n/a", "null", "none", "nan", "nat", "-", "--"}
_MISSING_VARIANTS = {v for m in MISSING_TOKENS for v in (m, m.upper(), m.capitalize(), m.title())}
TRUE = {"yes", "y", "true", "t", "1", "1.0"}
FALSE = {"no", "n", "false", "f", "0", "0.0"}
DTYPES = {"id": "str", "text": "str", "category": "str", "int": "Int64", "float": "float64",
          "date": "datetime64[ns]", "bool": "boolean"}



def _is_missing(s: pd.Series) -> pd.Series:
    """Empty cells: blank, NA, N/A, #N/A, null, none, nan, - (stripped text in)."""
    return s.isin(_MISSING_VARIANTS)


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
    missing = low.isin(MISSING_TOKENS - {"n", "-"}) | (low == "")
    val = pd.Series(pd.NA, index=s.index, dtype="boolean")
    val[low.isin(TRUE)] = True
    val[low.isin(FALSE)] = False
    bad = ~missing & val.isna()
    return val, bad


def empty_table(table: str) -> pd.DataFrame:
    """A table the program does not supply: no rows, the canonical columns and dtypes."""
    t = TABLES[table]
    return pd.DataFrame({c.name: pd.Series([], dtype=DTYPES.get(c.kind, "object")) for c in t.columns})



def missing_mask(s: pd.Series, tokens: Optional[list] = None) -> pd.Series:
    """Empty cells: blank or one of ``tokens`` (any case; None: the defaults in :data:`MISSING_TOKENS`)."""
    if tokens is None:
        return _is_missing(s)
    low = {str(t).strip().lower() for t in tokens} | {""}
    return s.str.lower().isin(low)
