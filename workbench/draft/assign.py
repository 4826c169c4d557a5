"""Joint assignment: every candidate (a CSV file or one sheet) scored as every table, then one
best assignment of candidates to tables (a table from one candidate, a candidate to one table,
a workbook to several tables through its sheets). Scored twice: the second time ids are also
recognised by what they refer to (people ids among the workforce's employee ids, pairs among
the relationships)."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.optimize import linear_sum_assignment

from ..schema import TABLES
from .columns import PROFILES, map_columns, _part_role
from .names import table_hint
from .write import name_date

HINT_POINTS = 4.0


@dataclass
class Assignment:
    chosen: dict          # table -> Fit
    fits: dict            # (candidate index, table) -> Fit
    cands: list
    older: dict = None    # id(candidate) -> the newer candidate with the same columns


def _refs(chosen: dict, fits: dict = None) -> dict:
    out = {}
    for ref, (table, col) in {"workforce.employee_id": ("workforce", "employee_id"),
                              "people.person_id": ("people", "person_id"),
                              "relationships.relationship_id": ("relationships", "relationship_id")}.items():
        fit = chosen.get(table)
        g = next((g for g in fit.guesses if g.column == col), None) if fit else None
        if g is not None:
            out[ref] = PROFILES.of(fit.f, g.client).set
    if "people.person_id" in out and fits:
        # the people table in parts (a sheet of mentors, one of mentees): pairs refer to all of them
        for part in people_parts(chosen, fits):
            g = next((g for g in part.guesses if g.column == "person_id"), None)
            if g is not None:
                out["people.person_id"] = out["people.person_id"] | PROFILES.of(part.f, g.client).set
    return out


def people_parts(chosen: dict, fits: dict) -> list:
    """Fits of candidates not chosen for any table that are more of the people table: named as a
    part of mentors or mentees, or with the same person id column as the chosen one."""
    main = chosen.get("people")
    if main is None:
        return []
    used = {id(f.f) for f in chosen.values()}
    pid = next((g.client for g in main.guesses if g.column == "person_id"), None)
    out = []
    for (k, t), fit in fits.items():
        if t != "people" or fit.score <= 0 or id(fit.f) in used:
            continue
        g = next((g for g in fit.guesses if g.column == "person_id"), None)
        if g is None:
            continue
        if _part_role(fit.f) or _part_role(main.f) or g.client == pid:
            out.append(fit)
    return out


def _solve(cands: list, refs: dict) -> tuple[dict, dict]:
    tables = list(TABLES)
    fits = {}
    m = np.zeros((len(cands), len(tables)))
    for k, c in enumerate(cands):
        hints = table_hint(c.sheet or "") | table_hint(c.name.rsplit(".", 1)[0])
        for t, table in enumerate(tables):
            fit = map_columns(c, table, refs)
            fits[k, table] = fit
            if fit.score > 0:
                m[k, t] = fit.score + (HINT_POINTS if table in hints else 0.0)
    chosen = {}
    if len(cands):
        rows, cols = linear_sum_assignment(-m)
        for k, t in zip(rows, cols):
            if m[k, t] > 0:
                chosen[tables[t]] = fits[k, tables[t]]
    return chosen, fits


def _same_columns(a, b) -> bool:
    ra, rb = _part_role(a), _part_role(b)
    if ra and rb and ra != rb:
        return False                # a sheet of mentors and one of mentees: two parts, not two versions
    x, y = {h.lower() for h in a.header}, {h.lower() for h in b.header}
    return len(x & y) >= 0.8 * len(x | y)


def _versions(cands: list) -> tuple[list, dict]:
    """Candidates with (nearly) the same columns are versions of one export: the newest is kept
    (the latest date in its file or sheet name, then the most rows); the others map to it."""
    keep, older = [], {}
    for c in cands:
        twin = next((k for k in keep if _same_columns(k, c)), None)
        if twin is None:
            keep.append(c)
            continue
        key = lambda x: (name_date([f"{x.name} {x.sheet or ''}"]) or ("",), len(x.frame), x.name, x.sheet or "")  # noqa: E731
        new, old = (c, twin) if key(c) > key(twin) else (twin, c)
        keep[keep.index(twin)] = new
        older[id(old)] = new
        for k, v in list(older.items()):
            if v is old:
                older[k] = new
    return keep, older


def assign(cands: list) -> Assignment:
    every = cands
    cands, older = _versions(cands)
    a = _assign(cands)
    a.cands, a.older = every, older
    pos = {id(c): i for i, c in enumerate(every)}
    a.fits = {(pos[id(cands[k])], t): f for (k, t), f in a.fits.items()}
    return a


def _assign(cands: list) -> Assignment:
    chosen, fits = _solve(cands, {})
    refs: dict = {}
    for _ in range(3):       # ids refer to the workforce, then to people, then to pairs
        new = _refs(chosen, fits)
        if new == refs:
            break
        refs = new
        chosen, fits = _solve(cands, refs)
    return Assignment(chosen, fits, cands)


def why_unused(a: Assignment, k: int) -> str:
    """Why candidate ``k`` was not used, in one sentence."""
    c = a.cands[k]
    newer = (a.older or {}).get(id(c))
    if newer is not None:
        return (f"the same columns as {newer.label}, which looks newer (the date in its name, or more rows): "
                f"an older export of the same table? If this one is meant, name it under file:")
    alts = sorted((f for (i, t), f in a.fits.items() if i == k and f.score > 0), key=lambda f: -f.score)
    for f in alts:
        winner = a.chosen.get(f.table)
        if winner is not None:
            return (f"looks like the {f.table} table too ({len(f.guesses)} of our columns), but "
                    f"{winner.f.label} fits it better ({len(winner.guesses)} of our columns)")
    cols = ", ".join(repr(h) for h in c.header[:6]) + (", ..." if len(c.header) > 6 else "")
    return (f"its columns ({cols}) do not make one of our tables: no employee id with department, level or "
            f"hire date; no roles or participant ids; no mentee and mentor pairs; no pair ids with dates; no "
            f"survey answers")
