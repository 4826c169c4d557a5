"""``python -m workbench init FOLDER``: draft ``program.yaml`` from a client's files as they came.

Every CSV file and every sheet of every workbook is a candidate (:mod:`.sources`, its header row
found below any title rows). Each candidate is scored as each of our tables: its columns are
recognised by name (:mod:`.names`: split at capitals and underscores, synonyms in a few
languages) and by content (:mod:`.content`: ids, people's names and e-mail addresses that are
never ids, dates and their order, lists, numbers in range, role answers in any phrasing,
:mod:`.labels`), in one best assignment per table (:mod:`.columns`). Candidates are then
assigned to tables jointly (:mod:`.assign`): one workbook may give several tables, an HR export
without a level column is still the workforce. The draft (:mod:`.write`) says how each table is
read (encoding, separator, sheet, header row, date order), maps the client's columns and labels
to ours with a comment giving each guess's evidence and confidence, leaves a TODO saying what is
missing and how to supply it, and says why each file not used was left out. The snapshot date
is taken from a file name when one has a date, else proposed from the latest date in the data.
An existing file is never overwritten. Then ``validate`` says what is left.

Example
-------
>>> text = draft_program("data/programs/onboarding-pilot")     # doctest: +SKIP
"""
from __future__ import annotations

from pathlib import Path
from typing import Optional

from ..config import TableSource
from ..lexicon import LABELS, SYNONYMS
from ..schema import TABLES
from .assign import assign, people_parts, why_unused
from .columns import PROFILES, Guess, map_columns
from .labels import _label_map, role_of
from .sources import ClientFile, list_files, read_candidates
from .write import folder_order, latest_date, name_date, table_yaml


def draft_program(folder: str | Path) -> str:
    """The text of a draft ``program.yaml`` for the client files in ``folder``."""
    folder = Path(folder).resolve()
    PROFILES.clear()
    names, unread = list_files(folder)
    cands: list = []
    for n in names:
        found, why = read_candidates(folder, n)
        cands += found
        if why is not None:
            unread.append(why)
    a = assign(cands)
    chosen = a.chosen
    used = {id(fit.f) for fit in chosen.values()}
    from_name = name_date(names)
    latest = latest_date(chosen)
    out = [f"# Draft written by 'python -m workbench init' from the files in {folder.name}/.",
           "# Each guess says its evidence and confidence: check them, fill the TODOs, then run",
           f"# 'python -m workbench validate {folder.name}' to see what is left (docs/program.md).",
           "# TODO client: the client's name",
           "# TODO program: the program's name",
           "# TODO purposes: [one or more of retention, onboarding, leadership, high_potential, ...]",
           "# TODO format: one_to_one, group, peer, reverse or circles",
           "# TODO start_date: YYYY-MM-DD (the program's start)"]
    if from_name:
        out.append(f"snapshot_date: '{from_name[0]}'   # medium: the date in the file name {from_name[1]!r}"
                   + (f" (the latest date in the data is {latest})" if latest else "")
                   + "; the day the data was exported")
    else:
        out.append("# TODO snapshot_date: YYYY-MM-DD (the day the data was exported; no file name has a date"
                   + (f"; the latest date in the data is {latest})" if latest else ")"))
    out += ["# TODO charter: long_term_goals, challenges, ideal_mentor, ideal_mentee, sponsor, ...",
            "# TODO kpis: name, metric, target, due for each measurable goal",
            "tables:"]
    order = folder_order(chosen)
    parts = people_parts(chosen, a.fits)
    for table in TABLES:
        if table in chosen:
            out += table_yaml(chosen[table], names, order, parts if table == "people" else ())
    missing = [t for t, spec in TABLES.items() if spec.required and t not in chosen]
    for t in missing:
        out.append(f"  # TODO {t} (required): no file or sheet looks like the {t} table ({TABLES[t].help}); "
                   f"ask the client for it, or name the file under tables.{t}.file")
    in_parts = {id(p.f) for p in parts}
    for k, c in enumerate(cands):
        if id(c) in in_parts:
            out.append(f"# {c.label}: not used: more rows of the people table; see 'TODO people in parts' "
                       f"under tables.people")
        elif id(c) not in used:
            out.append(f"# {c.label}: not used: {why_unused(a, k)}")
    for u in unread:
        out.append(f"# {u.name}: {u.why}")
    return "\n".join(out) + "\n"


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


__all__ = ["draft_program", "init_program", "map_columns", "role_of", "ClientFile", "Guess",
           "SYNONYMS", "LABELS", "TableSource", "_label_map"]
