"""Checks across rows, tables and the config, once every table is converted.

* References (``manager_id`` to ``employee_id``, pairs to participants, ...): an unknown id gets
  the nearest existing one and the likely cause (leading zeros lost, case, a number Excel wrote
  as ``1234.0`` or ``1.23E+05``).
* :data:`CHECKS`: the consistency rules, one entry each (the table it reads, whether a breach
  is a ``problem`` or a ``warning``, the function). Warnings are printed and the program still
  loads; ``validate --strict`` makes them problems (policy in docs/program.md).
"""
from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from typing import Callable, Optional

from ..config import ProgramConfig, suggest
from ..problems import Problem
from ..schema import TABLES
from .collect import Collector
from .validate import whole_column_unmatched
from ..metrics import METRICS

# ---------------------------------------------------------------------------- did you mean

_SCI = re.compile(r"^\d(?:[.,]\d+)?[eE]\+?\d+$")
_DECIMAL = re.compile(r"^(\d+)\.0+$")


class IdHints:
    """The nearest known id to an unknown one, with the likely cause."""

    def __init__(self, known):
        self.known = sorted(str(k) for k in known)
        self.lower = {k.lower(): k for k in self.known}
        self.unpadded = {k.lstrip("0") or "0": k for k in self.known if k.isdigit()}
        self._sci: Optional[dict] = None

    def __call__(self, v: str) -> tuple[Optional[str], str]:
        v = str(v)
        if v.isdigit() and (v.lstrip("0") or "0") in self.unpadded and self.unpadded[v.lstrip("0") or "0"] != v:
            return self.unpadded[v.lstrip("0") or "0"], "the leading zeros were probably lost (Excel drops them from numbers)"
        m = _DECIMAL.match(v)
        if m and (m.group(1) in self.lower or (m.group(1).lstrip("0") or "0") in self.unpadded):
            hit = self.lower.get(m.group(1)) or self.unpadded[m.group(1).lstrip("0") or "0"]
            return hit, "the id was written as a decimal number (Excel or a script added '.0')"
        if _SCI.match(v):
            hit = self._scientific(v)
            if hit:
                return hit, ("Excel wrote the id in scientific notation and may have dropped digits: "
                             "format the id column as text before exporting")
            return None, ("Excel wrote the id in scientific notation and dropped digits: format the id "
                          "column as text and export again")
        if v.lower() in self.lower:
            return self.lower[v.lower()], "it differs only in upper and lower case"
        if len(self.known) <= 20000:
            near = difflib.get_close_matches(v, self.known, n=1, cutoff=0.8)
            if near:
                return near[0], "a typing mistake?"
        return None, ""

    def _scientific(self, v: str) -> Optional[str]:
        mant, _, _ = v.replace(",", ".").lower().partition("e")
        digits = len(mant.replace(".", "")) - 1
        if self._sci is None:
            self._sci = {}
            for k in self.known:
                if k.isdigit():
                    self._sci.setdefault(f"{float(k):.{digits}e}", k)
        return self._sci.get(f"{float(v.replace(',', '.')):.{digits}e}")


def _with_hint(hints: IdHints, fix: str) -> Callable:
    def fix_for(v, i) -> str:
        near, cause = hints(v)
        if near:
            return f"did you mean {near!r}? {cause[0].upper() + cause[1:]}; or {fix}"
        return f"{cause[0].upper() + cause[1:]}; or {fix}" if cause else fix
    return fix_for


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
            whole = whole_column_unmatched(L.file, client, col.name, s, known, tfile, col.references,
                                           f"tables.{tname}.columns", IdHints(known))
            if whole is not None:       # the whole column is wrong: one line, not one per row
                out.add(whole)
                continue
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
            out.rows(L.file, client, s.index[bad.to_numpy()], s[bad], what,
                     _with_hint(IdHints(known), fix), kind="ref")


# ------------------------------------------------------------------------------ the config

def _check_config_fields(cfg: ProgramConfig, cfg_line, out: Collector) -> None:
    """Matching criteria name a workforce or people column (extra columns included); the
    snapshot and end dates are not before the start; KPI targets are on the metric's scale."""
    known = {c.name for t in ("workforce", "people") for c in TABLES[t].columns}
    known |= {e.name for t in ("workforce", "people") if t in cfg.tables
              for e in cfg.tables[t].extra_columns.values()}
    for i, crit in enumerate(cfg.matching.criteria):
        if crit.field and crit.field not in known:
            near = suggest(crit.field, known)
            out.add(Problem("program.yaml", cfg_line(("matching", "criteria", i, "field")),
                            f"matching.criteria[{i}].field", f"unknown column {crit.field!r}",
                            (f"did you mean {near!r}? " if near else "") +
                            f"use a workforce or people column: {', '.join(sorted(known))}"))
    for key in ("snapshot_date", "end_date"):
        when = getattr(cfg, key)
        if when is not None and when < cfg.start_date:
            out.add(Problem("program.yaml", cfg_line((key,)), key,
                            f"{key} {when.isoformat()} is before start_date {cfg.start_date.isoformat()}",
                            "correct one of the two dates"))
    for i, kpi in enumerate(cfg.kpis):
        lo, hi, unit = kpi_scales().get(kpi.metric, (None, None, ""))
        for key in ("target", "baseline"):
            v = getattr(kpi, key)
            if lo is not None and v is not None and not lo <= v <= hi:
                hint = (f"write {v / 100:g} for {v:g} %" if unit == "share" and 1 < v <= 100
                        else f"write a value between {lo:g} and {hi:g}")
                out.add(Problem("program.yaml", cfg_line(("kpis", i, key)), f"kpis[{i}].{key}",
                                f"{v:g} is not on the scale of {kpi.metric} ({unit})", hint))


def kpi_scales() -> dict:
    """Each metric's scale from the metric registry: ``{name: (low, high, unit)}``."""
    return {name: (float(m.low), float(m.high), "share" if (m.low, m.high) == (0, 1) else m.scale)
            for name, m in METRICS.items()}


# -------------------------------------------------------------------------- consistency

@dataclass(frozen=True)
class Check:
    name: str
    tables: tuple[str, ...]      # every one must be loaded
    level: str                   # "problem" or "warning"
    run: Callable                # (loaded, out, level) -> None


def _dates_out_of_order(L, later: str, earlier: str, out: Collector, level: str, what: str) -> None:
    f = L.frame
    if later not in L.client_name or earlier not in L.client_name:
        return
    bad = f[later].notna() & f[earlier].notna() & (f[later] < f[earlier])
    out.rows(L.file, L.client_name[later], f.index[bad.to_numpy()],
             list(zip(f.loc[bad, later], f.loc[bad, earlier])),
             lambda v, i: f"{later} {v[0]:%Y-%m-%d} is before {earlier} {v[1]:%Y-%m-%d} ({what})",
             "correct one of the two dates", kind="order", level=level)


def _exit_before_hire(loaded, out, level):
    _dates_out_of_order(loaded["workforce"], "exit_date", "hire_date", out, level, "left before being hired")


def _end_before_start(loaded, out, level):
    _dates_out_of_order(loaded["relationships"], "end_date", "start_date", out, level, "the pair ended before it started")


def _self_pairs(loaded, out, level):
    L = loaded["relationships"]
    f = L.frame
    bad = f["mentee_id"].notna() & (f["mentee_id"] == f["mentor_id"])
    out.rows(L.file, L.client_name["mentor_id"], f.index[bad.to_numpy()], f.loc[bad, "mentor_id"],
             lambda v, i: f"{v!r} is paired with themself", "correct the mentee_id or the mentor_id",
             kind="self", level=level)


def _pair_dates(loaded, which: str):
    rel, chk = loaded["relationships"], loaded["checkins"]
    pairs = rel.frame.drop_duplicates("relationship_id").set_index("relationship_id")
    f = chk.frame
    start = f["relationship_id"].map(pairs["start_date"])
    end = f["relationship_id"].map(pairs["end_date"])
    if which == "before":
        return chk, f, (f["date"] < start), start, f"before its pair started ({rel.file})"
    return chk, f, (f["date"] > end), end, f"after its pair ended ({rel.file})"


def _checkins_before_start(loaded, out, level, which="before"):
    chk, f, bad, ref, what = _pair_dates(loaded, which)
    bad = bad.fillna(False).astype(bool)
    verb = "started" if which == "before" else "ended"
    out.rows(chk.file, chk.client_name["date"], f.index[bad.to_numpy()],
             list(zip(f.loc[bad, "date"], f.loc[bad, "relationship_id"], ref[bad])),
             lambda v, i: f"check-in on {v[0]:%Y-%m-%d} is {what}: {v[1]} {verb} {v[2]:%Y-%m-%d}",
             "correct the date, or the pair's dates", kind="pair-dates", level=level)


def _checkins_after_end(loaded, out, level):
    _checkins_before_start(loaded, out, level, "after")


def _preferences(loaded, out, level):
    L, people = loaded["people"], loaded["people"]
    if "preferences" not in L.client_name:
        return
    known = set(people.frame["person_id"].dropna())
    hints = IdHints(known)
    rows, values = [], []
    for row, items in L.frame["preferences"].items():
        for v in items:
            if v not in known:
                rows.append(row)
                values.append(v)
    out.rows(L.file, L.client_name["preferences"], rows, values,
             lambda v, i: f"preference {v!r} is not a participant in {L.file}",
             _with_hint(hints, "correct the id or remove it from the preferences"), kind="ref", level=level)


CHECKS: tuple[Check, ...] = (
    Check("exit on or after hire", ("workforce",), "problem", _exit_before_hire),
    Check("pair ends on or after its start", ("relationships",), "problem", _end_before_start),
    Check("no one paired with themself", ("relationships",), "problem", _self_pairs),
    Check("check-ins not before their pair started", ("relationships", "checkins"), "problem",
          _checkins_before_start),
    Check("check-ins not after their pair ended", ("relationships", "checkins"), "warning", _checkins_after_end),
    Check("preferences name participants", ("people",), "problem", _preferences),
)


def check_consistency(loaded: dict, cfg: Optional[ProgramConfig], cfg_line, out: Collector) -> None:
    """Run every :data:`CHECKS` entry whose tables all loaded."""
    for check in CHECKS:
        if all(loaded.get(t) is not None for t in check.tables):
            check.run(loaded, out, check.level)
    if cfg is not None:
        _roi_salary(loaded, cfg, cfg_line, out)


def _roi_salary(loaded: dict, cfg: ProgramConfig, cfg_line, out: Collector) -> None:
    """``roi.cost_per_leaver_salary_share`` needs a numeric salary column in the workforce table
    (canonical or mapped with ``tables.workforce.extra_columns``): a missing column is located in
    program.yaml, a cell that is not a number at its file, row and column."""
    roi = getattr(cfg, "roi", None)
    L = loaded.get("workforce")
    if roi is None or roi.cost_per_leaver_salary_share is None or L is None:
        return
    col = roi.salary_column
    if col not in L.frame.columns:
        key = "salary_column" if cfg_line(("roi", "salary_column")) != cfg_line(("roi",)) \
            else "cost_per_leaver_salary_share"      # the line of salary_column when it is given
        out.add(Problem("program.yaml", cfg_line(("roi", key)), f"roi.{key}",
                        f"the cost of a leaver is a share of the salary, but the workforce table "
                        f"({L.file}) has no column {col!r}",
                        f"map the client's salary column under tables.workforce.extra_columns "
                        f"(e.g. 'Annual salary': {col}), or give roi.cost_per_leaver (an amount) instead"))
        return
    s = L.frame[col]
    if str(L.extra_kinds.get(col, "")) in ("int", "float") or (
            s.dtype.kind in "iuf" and not str(L.extra_kinds.get(col, ""))):
        return
    import pandas as pd
    text = s.astype("string").str.strip()
    bad = text.notna() & (text != "") & pd.to_numeric(text.str.replace(",", "", regex=False),
                                                     errors="coerce").isna()
    client = L.client_name.get(col, col)
    out.rows(L.file, client, s.index[bad.to_numpy()], text[bad],
             lambda v, i: f"salary {v!r} is not a number (roi.cost_per_leaver_salary_share needs one)",
             "write the salary as a number (e.g. 52000), or leave the cell empty", kind="salary")
