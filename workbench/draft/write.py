"""Draft writing: ``program.yaml`` text with a comment on every guess (its evidence and
confidence), the TODOs that say what is missing and how to supply it, and why each file that
is not used was left out."""
from __future__ import annotations

import re
from typing import Optional

import pandas as pd
import yaml

from ..io.parsing import parse_dates
from ..schema import TABLES
from .columns import PROFILES, Fit, _part_role
from .content import present
from .labels import _label_map
from .names import is_name_header, words

_LEVEL_WORDS = {"position", "title", "job", "jobtitle", "role", "grade", "band", "poste", "funktion",
                "stelle", "puesto", "cargo", "fonction", "level", "rank"}


def _q(v) -> str:
    """A YAML scalar, quoted when needed."""
    return yaml.safe_dump(v, default_flow_style=True, allow_unicode=True, width=1000).strip().removesuffix("...").strip()


def _level_source(fit: Fit) -> Optional[str]:
    used = {g.client for g in fit.guesses}
    best = None
    for h in fit.f.header:
        if h in used:
            continue
        prof = PROFILES.of(fit.f, h)
        if prof.kind != "text" or prof.person or prof.email or prof.code or prof.distinct < 2 or is_name_header(h):
            continue
        if prof.distinct > max(60, 0.5 * prof.n):
            continue
        w = set(words(h))
        score = (2 if w & _LEVEL_WORDS else 0) + (1 if "id" not in w else -2)
        if score > 0 and (best is None or score > best[0]):
            best = (score, h)
    return best[1] if best else None


def _todo_missing(fit: Fit, col, all_files: list) -> list:
    """TODO lines for a required column the candidate does not have: what and how."""
    t, f = fit.table, fit.f
    pre = f"    # TODO {col.name} (required): "
    if t == "workforce" and col.name == "level":
        src = _level_source(fit)
        if src:
            prof = PROFILES.of(f, src)
            counts = prof.values.value_counts()
            top = list(counts.index[:40])
            more = f" (and {prof.distinct - len(top)} more)" if prof.distinct > len(top) else ""
            out = [pre + f"no column gives a career level (1 = entry, 12 at most). If {src!r} decides it, add",
                   f"    #   '{_q(src)}: level' under columns, and under values a level map giving each of its "
                   f"{prof.distinct} values a level (most frequent first{more}):",
                   "    #   level:"]
            out += [f"    #     {_q(v)}:    # {counts[v]} row{'s' if counts[v] > 1 else ''}" for v in top]
            return out
        return [pre + "no column gives a career level (1 = entry, 12 at most): ask the client for a grade or "
                      "level column, then map it under columns, e.g. 'Grade: level'"]
    if col.name in ("person_id",) and t in ("people", "surveys"):
        names = [h for h in f.header if PROFILES.of(f, h).person or PROFILES.of(f, h).email or is_name_header(h)]
        if names:
            return [pre + f"no column holds employee ids: {f.label} names people by "
                          f"{', '.join(map(repr, names))} only. Ask the client for each person's employee id "
                          f"(the workforce table's id) in a column of this file, then map it, e.g. "
                          f"'Employee ID: person_id'"]
    if col.kind == "category":
        used = {g.client for g in fit.guesses}
        cands = [h for h in f.header if h not in used and PROFILES.of(f, h).kind == "text"
                 and not (PROFILES.of(f, h).person or PROFILES.of(f, h).email or PROFILES.of(f, h).code)
                 and 2 <= PROFILES.of(f, h).distinct <= 40]
        if cands:
            shown = "; ".join(f"{h!r} ({', '.join(map(str, PROFILES.of(f, h).top(3)))}, ...)" for h in cands[:4])
            return [pre + f"no column is named like it. Columns that could hold it: {shown}. Map the right one "
                          f"under columns, e.g. '{_q(cands[0])}: {col.name}'"]
    if col.kind == "date" and t == "workforce" and col.name == "hire_date":
        years = [h for h in f.header if {"years"} & set(words(h)) and {"company", "service", "tenure"} & set(words(h))]
        if years:
            return [pre + f"no hire date; {years[0]!r} gives years of service only. Ask the client for the "
                          f"hire date of each employee, then map it, e.g. 'Hire Date: hire_date'"]
    return [pre + f"no column of {f.label} looks like it ({col.kind}"
                  f"{': ' + col.help if col.help else ''}). Map the client's column under columns, "
                  f"e.g. 'Their name: {col.name}', or ask the client for it"]


def folder_order(chosen: dict) -> Optional[tuple[str, str]]:
    """The date order every decided table of the folder agrees on, with one file that shows it."""
    seen = {}
    for fit in chosen.values():
        for g in fit.guesses:
            prof = PROFILES.of(fit.f, g.client)
            if TABLES[fit.table].column(g.column).kind == "date" and prof.kind == "date" and prof.date_order \
                    and prof.date_why == "":
                m = re.match(r"^\d{1,2}[-/.]\d{1,2}[-/.]\d{2,4}", str(prof.values.iloc[0]))
                if m:
                    seen.setdefault(prof.date_order, fit.f.label)
    return next(iter(seen.items())) if len(seen) == 1 else None


def parts_todo(fit: Fit, parts: list) -> list:
    """What to do when the people table comes in parts (a sheet or file of mentors, another of
    mentees): one table is read from one file and sheet, so the parts are put together by hand."""
    where = lambda f: f"sheet {f.sheet!r}" if f.sheet and f.sheets and len(f.sheets) > 1 else f.name  # noqa: E731
    same_book = all(p.f.name == fit.f.name for p in parts)
    roles = {id(x.f): _part_role(x.f) for x in [fit] + parts}
    names = ", ".join(f"{x.f.label} ({len(x.f.frame)} rows)" for x in parts)
    pid = next((g.client for g in fit.guesses if g.column == "person_id"), None)
    out = [f"    # TODO people in parts: {names} {'holds' if len(parts) == 1 else 'hold'} participants too. "
           f"A table is read from one {'sheet' if same_book else 'file'}, so put them together:",
           f"    #   1. copy the rows of {', '.join(where(x.f) for x in parts)} under those of {where(fit.f)}, "
           f"each value under the column of the same meaning" + (f" (the ids under {pid!r})" if pid else "") + ";"]
    have = {g.column for g in fit.guesses}
    more = {g.client: g.column for x in parts for g in x.guesses if g.column not in have and g.client not in
            {h.client for h in fit.guesses}}
    mine = {g.client: g.column for g in fit.guesses}
    clash = [(x, g) for x in parts for g in x.guesses if g.client in mine and mine[g.client] != g.column]
    for x, g in clash:
        new = f"{g.client} ({_part_role(x.f) or where(x.f)})"
        more[new] = g.column
        out[-1] = (out[-1][:-1] + f"; {g.client!r} is {mine[g.client]} here but {g.column} on {where(x.f)}: put "
                   f"those values in a new column {new!r};")
    if more:
        out[-1] = out[-1][:-1] + "; columns only there come along: map " + ", ".join(
            f"'{_q(h)}: {c}'" for h, c in more.items()) + " too;"
    if "role" not in have:
        says = "; ".join(f"{roles[id(x.f)] or 'mentor or mentee'} on the rows from {where(x.f)}"
                         for x in [fit] + parts)
        out.append(f"    #   2. add a column 'Role' saying each row's role ({says}), then add 'Role: role' "
                   f"under columns;")
    out.append(f"    #   {3 if len(out) == 3 else 2}. save, and keep file:" + (" and sheet:" if fit.f.sheet else "")
               + " above pointing at the combined rows.")
    return out


def table_yaml(fit: Fit, all_files: list, folder_order: Optional[tuple] = None, parts: list = ()) -> list:
    table, f, guesses = fit.table, fit.f, fit.guesses
    t = TABLES[table]
    required = [c for c in t.columns if c.required]
    found = {g.column for g in guesses}
    missing = [c for c in required if c.name not in found]
    status = (f"({len(guesses)} of our columns found)" if not missing else
              f"(partial: {len(guesses)} of our columns found, {len(missing)} required missing)")
    lines = [f"  {table}:", f"    file: {_q(f.name)}   # {len(f.frame)} rows; the {table} table {status}"]
    for h in f.how:
        lines.append(f"    # {h}")
    if f.sheet:
        lines.append(f"    sheet: {_q(f.sheet)}")
    if f.header_row > 1:
        lines.append(f"    header_row: {f.header_row}   # rows above it look like a title")
    renames = [g for g in guesses if re.sub(r"[\s\-]+", "_", g.client.strip().lower()) != g.column]
    same = [g for g in guesses if g not in renames]
    if same:
        lines.append("    # named like ours: " + ", ".join(g.client for g in same))
    if renames:
        lines.append("    columns:")
        for g in renames:
            lines.append(f"      {_q(g.client)}: {g.column}   # {g.confidence}: {g.evidence}")
    for note in fit.notes:
        lines.append(f"    # {note}")
    for col in missing:
        if parts and col.name == "role":
            continue                             # said by the parts TODO below
        lines += _todo_missing(fit, col, all_files)
    if parts:
        lines += parts_todo(fit, parts)
    values, orders, seps = [], [], set()
    for g in guesses:
        col = t.column(g.column)
        prof = PROFILES.of(f, g.client)
        s = f.frame[g.client]
        if col.kind == "category" and col.choices:
            lab_found, unknown = _label_map(g.column, s)
            if lab_found or unknown:
                values.append((g.column, lab_found, unknown))
        if col.kind == "int" and prof.kind == "text":
            grades = prof.grades
            lo = col.min if col.min is not None else -1e9
            hi = col.max if col.max is not None else 1e9
            if grades:
                values.append((g.column, {k: v for k, v in grades.items() if lo <= v <= hi},
                               [k for k, v in grades.items() if not lo <= v <= hi]))
        if col.kind == "date" and prof.kind == "date":
            orders.append((g.client, prof.date_order, prof.date_why, prof.date_example or prof.values.iloc[0]))
        if col.kind == "list" and prof.list_sep == ",":
            seps.add(",")
    if values:
        lines.append("    values:")
        for column, lab_found, unknown in values:
            pairs = ", ".join(f"{_q(k)}: {_q(v)}" for k, v in lab_found.items())
            c = t.column(column)
            ours = (', '.join(c.choices) if c.choices else
                    f"a number from {c.min:g} to {c.max:g} (the number in the label is out of range)"
                    if c.min is not None and c.max is not None else "our values")
            note = (f"   # TODO map {', '.join(map(repr, unknown))} to {ours}" if unknown
                    else "   # medium: labels recognised")
            lines.append(f"      {column}: {{{pairs}}}{note}")
    decided = {o for _, o, why, _ in orders if o and why == ""}
    first_parts = [(c, o, v) for c, o, why, v in orders if o and re.match(r"^\d{1,2}[-/.]\d{1,2}[-/.]\d{2,4}", str(v))]
    if "dayfirst" in decided and "monthfirst" not in decided and first_parts:
        ex = next(((c, v) for c, o, v in first_parts if o == "dayfirst"), first_parts[0][::2])
        lines.append(f"    date_order: dayfirst   # high: {ex[0]!r} has dates such as {ex[1]!r} "
                     f"(a first part above 12 somewhere)")
    elif "monthfirst" in decided and "dayfirst" not in decided:
        ex = next((c, v) for c, o, v in first_parts if o == "monthfirst")
        lines.append(f"    date_order: monthfirst   # high: {ex[0]!r} has dates such as {ex[1]!r} "
                     f"(a second part above 12 somewhere)")
    elif any(why == "ambiguous" for _, _, why, _ in orders):
        if folder_order:
            order, where = folder_order
            lines.append(f"    date_order: {order}   # medium: every date here could be read either way; "
                         f"{where} has {order} dates (a part above 12), so this file probably does too")
        else:
            lines.append("    # TODO date_order: dayfirst or monthfirst (every date could be read either way)")
    if seps:
        lines.append("    list_separator: ','   # medium: list items are separated by commas")
    return lines


_NAME_DATE = re.compile(r"(?<!\d)(20\d\d)[-_.]?(0[1-9]|1[0-2])[-_.]?(0[1-9]|[12]\d|3[01])(?!\d)")
_NAME_DATE_DMY = re.compile(r"(?<!\d)(0[1-9]|[12]\d|3[01])[-_.](0[1-9]|1[0-2])[-_.](20\d\d)(?!\d)")


def name_date(names: list) -> Optional[tuple[str, str]]:
    """The latest date written in a file name (YYYY-MM-DD, YYYYMMDD, DD-MM-YYYY), with the file."""
    best = None
    for n in names:
        for m in _NAME_DATE.finditer(n):
            d = f"{m.group(1)}-{m.group(2)}-{m.group(3)}"
            best = max(best, (d, n)) if best else (d, n)
        for m in _NAME_DATE_DMY.finditer(n):
            d = f"{m.group(3)}-{m.group(2)}-{m.group(1)}"
            best = max(best, (d, n)) if best else (d, n)
    return best


def latest_date(chosen: dict) -> str:
    best = None
    for table, fit in chosen.items():
        for g in fit.guesses:
            if TABLES[table].column(g.column).kind == "date" and PROFILES.of(fit.f, g.client).kind == "date":
                order = PROFILES.of(fit.f, g.client).date_order or "auto"
                v = parse_dates(present(fit.f.frame[g.client]).reset_index(drop=True), order).values.max()
                if pd.notna(v) and (best is None or v > best):
                    best = v
    return f"{best:%Y-%m-%d}" if best is not None else ""
