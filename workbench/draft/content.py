"""Recognition by content: what a client column holds, whatever its name.

Ids (codes, unique or repeating), people's names and e-mail addresses (never ids), dates by
parse rate and order (day-first, month-first, Excel serials, form timestamps), numbers and their
range, yes/no, multi-select lists (``a;b;``) and free text.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Optional

import numpy as np
import pandas as pd

from ..io.parsing import FALSE, TRUE, _is_missing, detect_date_order, parse_dates
from .names import is_name_header, words

SAMPLE = 400
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[a-z]{2,}$", re.I)
_PERSON = re.compile(r"^[A-ZÀ-Þ][\w'’\-\.]+(?:,?\s+[A-ZÀ-Þ][\w'’\-\.]*){1,3}\.?$")
_DATEISH = re.compile(r"^\d{1,4}[-/.]\d{1,2}[-/.]\d{1,4}(?:[ T]\d{1,2}:\d{2}(?::\d{2})?(?:\s?[AP]M)?)?$", re.I)
_CODE = re.compile(r"^[A-Za-z]{0,6}[-_ ]?\d{1,12}[A-Za-z]?$|^[A-Za-z]{1,4}\d*[-_][A-Za-z0-9]{1,8}$")


@dataclass
class Profile:
    kind: str                  # empty, int, float, date, bool, text
    n: int                     # non-empty cells
    rows: int
    distinct: int
    values: pd.Series          # the non-empty cells (a sample)
    email: bool = False
    person: bool = False       # people's names
    code: bool = False         # id-like codes: E0042, 10026, ONB-0001
    list_sep: Optional[str] = None
    lo: float = np.nan
    hi: float = np.nan
    date_order: Optional[str] = None
    date_why: str = ""
    date_example: str = ""
    stamped: bool = False      # dates with a time of day (a form's timestamp)
    memo: dict = field(default_factory=dict)

    @property
    def set(self) -> frozenset:
        if "set" not in self.memo:
            self.memo["set"] = frozenset(self.values.unique())
        return self.memo["set"]

    @property
    def grades(self) -> dict:
        if "grades" not in self.memo:
            self.memo["grades"] = grade_map(self.set) if self.kind == "text" and len(self.set) <= 30 else {}
        return self.memo["grades"]

    @property
    def unique(self) -> bool:
        return self.n > 0 and self.distinct == self.n

    @property
    def complete(self) -> bool:
        return self.n == self.rows

    @property
    def id_like(self) -> bool:
        return self.code and not (self.email or self.person) and self.kind in ("int", "text")

    def top(self, k: int = 40) -> list:
        return list(self.values.value_counts().index[:k])


def present(s: pd.Series) -> pd.Series:
    s = s.astype(str).str.strip()
    return s[~_is_missing(s)]


def profile(header: str, s: pd.Series) -> Profile:
    p = present(s)
    rows = len(s)
    if p.empty:
        return Profile("empty", 0, rows, 0, p)
    full = p
    if len(p) > SAMPLE:
        p = p.iloc[np.linspace(0, len(p) - 1, SAMPLE).astype(int)]
    distinct = full.nunique()
    prof = Profile("text", len(full), rows, distinct, full)
    low = p.str.lower()
    prof.email = bool(p.str.match(_EMAIL).mean() > 0.8)
    namey = is_name_header(header)
    name_share = p.str.match(_PERSON).mean()
    varied = distinct > 0.5 * len(full) or len(full) < 5
    person_content = name_share > 0.85 and not p.str.contains(r"\d").any()
    prof.person = bool(not prof.email and (namey and name_share >= 0.5 and varied
                                           or person_content and distinct > 0.8 * len(full) and len(full) >= 5
                                           and p.str.contains(r"\s").mean() > 0.9))
    if low.isin(TRUE | FALSE).all() and not low.str.fullmatch(r"\d+").all():
        prof.kind = "bool"
        return prof
    num = pd.to_numeric(p.str.replace(r"^(-?\d+),(\d+)$", r"\1.\2", regex=True).str.rstrip("%"), errors="coerce")
    if num.notna().all():
        prof.kind = "int" if (num == np.floor(num)).all() else "float"
        prof.lo, prof.hi = float(num.min()), float(num.max())
        if prof.kind == "int" and "date" in words(header) and prof.lo > 20000 and prof.hi < 60000:
            prof.kind = "date"             # Excel serial dates in a CSV
            prof.date_why = "Excel serial numbers"
        prof.code = prof.kind == "int" and prof.lo >= 0 and not namey
        return prof
    if p.str.match(_DATEISH).mean() > 0.9:
        res = parse_dates(p.reset_index(drop=True), "auto")
        if res.values.notna().mean() > 0.9 or res.column_problem is not None:
            prof.kind = "date"
            prof.stamped = bool(p.str.contains(r"\d[:.]\d\d(?:[:.]\d\d)?(?:\s?[AP]M)?$", case=False).mean() > 0.9)
            m = p.str.extract(r"^(\d{1,2})[-/.](\d{1,2})[-/.]\d{2,4}").dropna().astype(int)
            if len(m):
                prof.date_order, prof.date_why = detect_date_order(m[0], m[1])
                tell = (m[0] > 12) if prof.date_order == "dayfirst" else (m[1] > 12)
                if tell.any():
                    prof.date_example = str(p.loc[tell[tell].index[0]])
            return prof
    if prof.person or prof.email:
        return prof
    prof.code = bool(p.str.match(_CODE).mean() > 0.95)
    semi = p.str.contains(";")
    if semi.mean() > 0.2 or p.str.endswith(";").mean() > 0.5:
        prof.list_sep = ";"
    elif p.str.contains(r",\s*\S").mean() > 0.2 and not prof.code:
        items = p.str.split(",").explode().str.strip()
        if items.nunique() < 0.7 * len(items):
            prof.list_sep = ","
    return prof


def fits(col, prof: Profile) -> tuple[bool, str]:
    """Whether the content can be our column, with the evidence."""
    if prof.kind == "empty":
        return True, "the column is empty"
    if col.kind == "id":
        if prof.email:
            return False, "e-mail addresses, not ids"
        if prof.person:
            return False, "people's names, not ids"
        if prof.kind in ("date", "float", "bool"):
            return False, f"not ids ({prof.kind})"
        if col.unique and not prof.unique:
            return False, "values repeat"
        if not prof.code and prof.kind == "text":
            return False, "free text, not codes"
        return True, "every value unique" if prof.unique else "codes that repeat"
    if prof.person or prof.email:
        return col.kind in ("text",), "people's names" if prof.person else "e-mail addresses"
    if col.kind == "date":
        return prof.kind == "date", ("dates" + (f" ({prof.date_why})" if prof.date_why else "")
                                     if prof.kind == "date" else f"not dates ({prof.kind})")
    if col.kind in ("int", "float"):
        if prof.kind not in ("int", "float"):
            if col.kind == "int" and prof.kind == "text" and prof.grades:
                return True, "labels such as G1, G2 (mapped to their numbers under values)"
            return False, f"not numbers ({prof.kind})"
        if col.kind == "int" and prof.kind == "float":
            return False, "numbers with decimals"
        lo = col.min if col.min is not None else -np.inf
        hi = col.max if col.max is not None else np.inf
        ok = lo <= prof.lo and prof.hi <= hi
        return ok, f"numbers {prof.lo:g}-{prof.hi:g}" + ("" if ok else " (out of range)")
    if col.kind == "bool":
        return prof.kind == "bool", "yes/no values" if prof.kind == "bool" else f"not yes/no ({prof.kind})"
    if col.kind == "list":
        if prof.kind in ("date", "int", "float", "bool"):
            return False, f"not lists ({prof.kind})"
        return True, (f"lists separated by {prof.list_sep!r}" if prof.list_sep else f"{prof.distinct} distinct values")
    if col.kind == "category":
        if prof.kind in ("date", "float"):
            return False, f"not labels ({prof.kind})"
        return True, f"{prof.distinct} distinct values"
    return True, f"{prof.distinct} distinct values"


def grade_map(values) -> dict:
    """'G1'..'G9', 'L3', 'Band 2': the number in the label."""
    out = {}
    for v in set(values):
        m = re.fullmatch(r"(?:[^\W\d_]{1,12}\.?\s*){0,2}-?\s*(\d{1,2})", v)
        if not m:
            return {}
        out[v] = int(m.group(1))
    return dict(sorted(out.items(), key=lambda kv: (kv[1], kv[0])))
