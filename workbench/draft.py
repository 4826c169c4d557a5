"""``python -m workbench init FOLDER``: draft ``program.yaml`` from a client's files as they came.

For each CSV / XLSX file in the folder the draft says which table it is, how it is read
(encoding, separator, sheet, header row, date order) and how its columns map to ours, by name
(:data:`SYNONYMS`, a few languages) and by content (unique ids, dates, numbers in range, manager
ids that refer to employee ids, yes/no); labels that are not ours (role and status labels in
the client's language, grades such as ``G3``) get a ``values`` map. Each guess is written with a
comment giving its evidence and confidence; the charter and KPIs are left as TODOs. An existing
file is never overwritten. Then ``validate`` says what is left.

Example
-------
>>> text = draft_program("data/programs/onboarding-pilot")     # doctest: +SKIP
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional

import numpy as np
import pandas as pd
import yaml

from .config import TableSource
from .io.files import Refused, read_inside
from .io.parsing import FALSE, TRUE, _is_missing, detect_date_order, parse_dates
from .io.readers import find_header, sniff_delimiter, _SEP_LINE, _records
from .io.text import decode_text
from .io.xlsx import scan_sheet, xlsx_rows
from .lexicon import LABELS, SYNONYMS
from .schema import TABLES

def _norm(text) -> str:
    s = unicodedata.normalize("NFKD", str(text)).encode("ascii", "ignore").decode().lower()
    return " ".join(re.sub(r"[^a-z0-9%?]+", " ", s).split()).replace("?", "").strip()


# ----------------------------------------------------------------------------- the files

@dataclass
class ClientFile:
    name: str
    header: list
    frame: pd.DataFrame                      # client headers, text cells
    how: list = field(default_factory=list)  # comments on how it is read
    sheet: Optional[str] = None
    header_row: int = 1


_ALL_NAMES = {_norm(c.name) for t in TABLES.values() for c in t.columns} | {s for v in SYNONYMS.values() for s in v}


def _rows_of(folder: Path, name: str) -> Optional[ClientFile]:
    try:
        raw = read_inside(folder, name)
    except Refused:
        return None
    how = []
    sheet = None
    if name.lower().endswith((".xlsx", ".xlsm")):
        try:
            sheet, _, names, hidden = scan_sheet(raw, None)
            rows = xlsx_rows(raw, sheet)
        except Exception:
            return None
        how.append(f"sheet {sheet!r}: the first visible one" + (f" (hidden: {', '.join(hidden)})" if hidden else ""))
    else:
        text, enc, bad = decode_text(raw)
        m = _SEP_LINE.match(text)
        delim = m.group(1) if m else sniff_delimiter(text)
        if m:
            text = text[m.end():]
        records, _, unclosed = _records(text, delim)
        if unclosed:
            return None
        rows = records
        how.append(f"read as {enc}, separator {delim!r} (both detected when the file is read)")
    h = find_header(rows, {n.replace(" ", "_") for n in _ALL_NAMES} | _ALL_NAMES | {_norm(n) for n in _ALL_NAMES})
    if h is None:
        return None
    header = [str(c).strip() for c in rows[h]]
    keep = [i for i, c in enumerate(header) if c]
    body = [[(r[i] if i < len(r) else "").strip() for i in keep] for r in rows[h + 1:]]
    body = [r for r in body if any(r)]
    frame = pd.DataFrame(body, columns=[header[i] for i in keep], dtype=object).fillna("")
    frame = frame.loc[:, ~frame.columns.duplicated()]
    return ClientFile(name, [header[i] for i in keep], frame, how, sheet, h + 1)


# ------------------------------------------------------------------------------ content

@dataclass
class Guess:
    client: str
    column: str
    confidence: str
    evidence: str


def _present(s: pd.Series) -> pd.Series:
    return s[~_is_missing(s.astype(str).str.strip())]


def _content_kind(s: pd.Series) -> str:
    p = _present(s)
    if p.empty:
        return "empty"
    low = p.str.lower()
    if low.isin(TRUE | FALSE).all() and not low.str.fullmatch(r"\d+").all():
        return "bool"
    num = pd.to_numeric(p.str.replace(r"^(-?\d+),(\d+)$", r"\1.\2", regex=True).str.rstrip("%"), errors="coerce")
    if num.notna().all():
        return "int" if (num == np.floor(num)).all() else "float"
    if p.str.contains(r"\d[-/.]\d", regex=True).mean() > 0.9:
        res = parse_dates(p.reset_index(drop=True), "auto")
        if res.values.notna().mean() > 0.9 or res.column_problem is not None:
            return "date"
    return "text"


def _fits(col, s: pd.Series) -> tuple[bool, str]:
    """Whether the content fits our column, with the evidence."""
    p = _present(s)
    kind = _content_kind(s)
    if p.empty:
        return True, "the column is empty"
    if col.kind == "id":
        unique = p.is_unique
        return (unique or not col.unique), ("every value unique" if unique else "values repeat")
    if col.kind == "date":
        return kind == "date", ("dates" if kind == "date" else f"not dates ({kind})")
    if col.kind in ("int", "float"):
        if kind == "text" and _grade_map(s):
            return True, "labels such as G1, G2 (mapped to their numbers under values)"
        if kind not in ("int", "float"):
            return False, f"not numbers ({kind})"
        num = pd.to_numeric(p.str.replace(",", ".").str.rstrip("%"), errors="coerce")
        lo = col.min if col.min is not None else -np.inf
        hi = col.max if col.max is not None else np.inf
        ok = bool(((num >= lo) & (num <= hi)).all())
        return ok, f"numbers {num.min():g}-{num.max():g}" + ("" if ok else " (out of range)")
    if col.kind == "bool":
        return kind == "bool", "yes/no values" if kind == "bool" else f"not yes/no ({kind})"
    return True, f"{p.nunique()} distinct values"


def map_columns(f: ClientFile, table: str) -> list[Guess]:
    """Our columns of ``table`` found in ``f``: by name, then by content."""
    t = TABLES[table]
    guesses: list[Guess] = []
    used: set = set()
    for col in t.columns:
        names = {_norm(col.name.replace("_", " "))} | set(SYNONYMS.get((table, col.name), ()))
        best = None
        for h in f.header:
            if h in used:
                continue
            n = _norm(h)
            score = 3 if n in names else 2 if n.replace(" ", "") in {x.replace(" ", "") for x in names} else \
                1 if any(len(x) > 3 and re.search(rf"\b{re.escape(x)}\b", n) for x in names) else 0
            if score and (best is None or score > best[0]):
                best = (score, h)
        if best is None:
            continue
        ok, why = _fits(col, f.frame[best[1]])
        if not ok and best[0] < 3:
            continue
        conf = "high" if best[0] == 3 and ok else "medium" if ok else "low"
        guesses.append(Guess(best[1], col.name, conf, f"named {best[1]!r}; content: {why}"))
        used.add(best[1])
    found = {g.column for g in guesses}
    # by content: a unique id column, a date column, manager ids that refer to employee ids
    free = [h for h in f.header if h not in used]
    if table == "workforce":
        if "employee_id" not in found:
            uid = next((h for h in free if _present(f.frame[h]).is_unique and len(_present(f.frame[h])) == len(f.frame)), None)
            if uid:
                guesses.append(Guess(uid, "employee_id", "medium", f"{uid!r}: every row has a value, each unique"))
                used.add(uid)
                found.add("employee_id")
                free.remove(uid)
        ids = next((set(_present(f.frame[g.client])) for g in guesses if g.column == "employee_id"), set())
        if "manager_id" not in found and ids:
            for h in free:
                p = set(_present(f.frame[h]))
                if p and p <= ids and len(p) < len(ids):
                    guesses.append(Guess(h, "manager_id", "medium", f"{h!r}: every value is an employee id, values repeat"))
                    used.add(h)
                    free.remove(h)
                    break
        if "hire_date" not in found:
            d = next((h for h in free if _content_kind(f.frame[h]) == "date"
                      and len(_present(f.frame[h])) == len(f.frame)), None)
            if d:
                guesses.append(Guess(d, "hire_date", "low", f"{d!r}: the first complete date column"))
    return guesses


def _score(f: ClientFile, table: str) -> tuple[float, list[Guess]]:
    guesses = map_columns(f, table)
    found = {g.column for g in guesses}
    required = [c.name for c in TABLES[table].columns if c.required]
    if not all(r in found for r in required):
        return 0.0, guesses
    weight = {"high": 3, "medium": 2, "low": 1}
    return sum(weight[g.confidence] for g in guesses) / len(TABLES[table].columns) + len(required), guesses


# --------------------------------------------------------------------------- the labels

def _grade_map(s: pd.Series) -> dict:
    """'G1'..'G9', 'L3', 'Band 2': the number in the label."""
    p = sorted(set(_present(s)))
    out = {}
    for v in p:
        m = re.fullmatch(r"[A-Za-z]{0,5}\s*-?\s*(\d{1,2})", v)
        if not m:
            return {}
        out[v] = int(m.group(1))
    return out


def _label_map(choice_col: str, s: pd.Series) -> tuple[dict, list]:
    """client label -> our choice, and the labels not recognised."""
    ours = LABELS.get(choice_col, {})
    found, unknown = {}, []
    for v in sorted(set(_present(s))):
        n = _norm(v)
        if v.lower() in ours:
            continue          # ours already (any case)
        hit = next((choice for choice, words in ours.items() if v.strip().lower() in words), None)
        if hit is None:
            hit = next((choice for choice, words in ours.items() if n in {_norm(w) for w in words}), None)
        if hit is None:
            hit = next((choice for choice, words in ours.items() if any(n.startswith(w) or w.startswith(n)
                                                                         for w in words if len(w) > 3)), None)
        if hit:
            found[v] = hit
        else:
            unknown.append(v)
    return found, unknown


# ------------------------------------------------------------------------------ writing

def _q(v) -> str:
    """A YAML scalar, quoted when needed."""
    return yaml.safe_dump(v, default_flow_style=True, allow_unicode=True, width=1000).strip().removesuffix("...").strip()


def _table_yaml(table: str, f: ClientFile, guesses: list[Guess], score: float) -> list[str]:
    lines = [f"  {table}:", f"    file: {_q(f.name)}   # {len(f.frame)} rows; the {table} table "
                              f"({len(guesses)} of our columns found)"]
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
    values, orders, seps = [], [], set()
    for g in guesses:
        col = TABLES[table].column(g.column)
        s = f.frame[g.client]
        if col.kind == "category" and col.choices:
            found, unknown = _label_map(g.column, s)
            if found or unknown:
                values.append((g.column, found, unknown))
        if col.kind == "int" and _content_kind(s) == "text":
            grades = _grade_map(s)
            if grades:
                values.append((g.column, grades, []))
        if col.kind == "date":
            p = _present(s).astype(str)
            m = p.str.extract(r"^(\d{1,2})[-/.](\d{1,2})[-/.]\d{2,4}")
            m = m.dropna().astype(int)
            if len(m):
                order, why = detect_date_order(m[0], m[1])
                orders.append((g.client, order, why, p.iloc[0]))
        if col.kind == "list":
            p = _present(s).astype(str)
            if p.str.contains(",").any() and not p.str.contains(";").any():
                seps.add(",")
    if values:
        lines.append("    values:")
        for column, found, unknown in values:
            pairs = ", ".join(f"{_q(k)}: {_q(v)}" for k, v in found.items())
            note = f"   # TODO map {', '.join(map(repr, unknown))}" if unknown else "   # medium: labels recognised"
            lines.append(f"      {column}: {{{pairs}}}{note}")
    decided = {o for _, o, _, _ in orders if o}
    if "dayfirst" in decided and "monthfirst" not in decided:
        ex = next((c, v) for c, o, _, v in orders if o == "dayfirst")
        lines.append(f"    date_order: dayfirst   # high: {ex[0]!r} has {ex[1]!r} (a first part above 12)")
    elif "monthfirst" in decided and "dayfirst" not in decided:
        ex = next((c, v) for c, o, _, v in orders if o == "monthfirst")
        lines.append(f"    date_order: monthfirst   # high: {ex[0]!r} has {ex[1]!r} (a second part above 12)")
    elif any(why == "ambiguous" for _, _, why, _ in orders):
        lines.append("    # TODO date_order: dayfirst or monthfirst (every date could be read either way)")
    if seps:
        lines.append("    list_separator: ','   # medium: list items are separated by commas")
    return lines


def draft_program(folder: str | Path) -> str:
    """The text of a draft ``program.yaml`` for the client files in ``folder``."""
    folder = Path(folder).resolve()
    files = [p.name for p in sorted(folder.iterdir())
             if p.is_file() and not p.name.startswith(".") and p.suffix.lower() in (".csv", ".txt", ".tsv", ".xlsx", ".xlsm")]
    read = [f for f in (_rows_of(folder, n) for n in files) if f is not None]
    pairs = []
    for f in read:
        for table in TABLES:
            score, guesses = _score(f, table)
            if score > 0:
                pairs.append((score, f.name, table, f, guesses))
    chosen: dict = {}
    taken: set = set()
    for score, name, table, f, guesses in sorted(pairs, key=lambda p: -p[0]):
        if table not in chosen and name not in taken:
            chosen[table] = (f, guesses, score)
            taken.add(name)
    latest = _latest_date(chosen)
    out = [f"# Draft written by 'python -m workbench init' from the files in {folder.name}/.",
           "# Each guess says its evidence and confidence: check them, fill the TODOs, then run",
           f"# 'python -m workbench validate {folder.name}' to see what is left (docs/program.md).",
           "# TODO client: the client's name",
           "# TODO program: the program's name",
           "# TODO purposes: [one or more of retention, onboarding, leadership, high_potential, ...]",
           "# TODO format: one_to_one, group, peer, reverse or circles",
           "# TODO start_date: YYYY-MM-DD (the program's start)",
           f"# TODO snapshot_date: YYYY-MM-DD (the day the data was exported{'; latest date in the files: ' + latest if latest else ''})",
           "# TODO charter: long_term_goals, challenges, ideal_mentor, ideal_mentee, sponsor, ...",
           "# TODO kpis: name, metric, target, due for each measurable goal",
           "tables:"]
    for table in TABLES:
        if table in chosen:
            f, guesses, score = chosen[table]
            out += _table_yaml(table, f, guesses, score)
    for name in files:
        if name not in taken:
            out.append(f"# {name}: not recognised as one of our tables")
    return "\n".join(out) + "\n"


def _latest_date(chosen: dict) -> str:
    best = None
    for table, (f, guesses, _) in chosen.items():
        for g in guesses:
            if TABLES[table].column(g.column).kind == "date":
                v = parse_dates(_present(f.frame[g.client]).reset_index(drop=True), "auto").values.max()
                if pd.notna(v) and (best is None or v > best):
                    best = v
    return f"{best:%Y-%m-%d}" if best is not None else ""


def init_program(folder: str | Path, out: Optional[str | Path] = None) -> Path:
    """Write the draft as ``folder/program.yaml`` (or ``out``); never overwrites a file."""
    folder = Path(folder)
    target = Path(out) if out else folder / "program.yaml"
    if target.exists():
        raise FileExistsError(target)
    text = draft_program(folder)
    with open(target, "x", encoding="utf-8") as fh:
        fh.write(text)
    return target


__all__ = ["draft_program", "init_program", "SYNONYMS", "LABELS", "TableSource"]
