"""Sheet scoring: which client column is which of our columns in one candidate, for one table.

Each (our column, client column) pair gets a score from the name (:func:`names.name_score`) and
the content (:func:`content.fits`, role answers, ids that refer to another file's ids); the
columns are then assigned in one best assignment (no client column used twice). The table's
score is what its columns found add up to, required ones counting double; a table missing a
required column still scores (a partial draft) as long as its key columns are there.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional

import numpy as np
from scipy.optimize import linear_sum_assignment

from ..schema import TABLES
from .content import Profile, fits, profile
from .labels import label_share, part_role
from .names import ID_WORDS, is_name_header, name_score, phrase, words
from .sources import ClientFile

# a candidate is this table only if these are found (any one of each inner tuple)
KEYS = {
    "workforce": (("employee_id",), ("department", "level", "hire_date", "manager_id", "exit_date")),
    "people": (("role", "person_id"), ("role", "capacity", "wants", "offers", "joined")),
    "relationships": (("mentee_id",), ("mentor_id",)),
    "checkins": (("relationship_id",), ("date",)),
    "surveys": (("person_id", "relationship_id"), ("satisfaction", "goal_progress")),
    "preferences": (("person_id",), ("partner_id",), ("rank",)),
}
_NAME_POINTS = {3: 6.0, 2: 5.0, 1: 2.5, 0: 0.0}


@dataclass
class Guess:
    client: str
    column: str
    confidence: str
    evidence: str
    score: float = 0.0


@dataclass
class Fit:
    """One candidate read as one table."""
    f: ClientFile
    table: str
    guesses: list
    score: float
    notes: list = field(default_factory=list)   # columns left out on purpose, with why


class Profiles(dict):
    def of(self, f: ClientFile, h: str) -> Profile:
        key = (id(f), h)
        if key not in self:
            self[key] = profile(h, f.frame[h])
        return self[key]


PROFILES = Profiles()


def pair_score(f: ClientFile, table: str, col, h: str, refs: dict) -> tuple[float, str, str]:
    """Score of client column ``h`` as our ``col``, its confidence and evidence (score 0: no)."""
    prof = PROFILES.of(f, h)
    ns, syn = name_score(h, table, col.name)
    points = _NAME_POINTS[ns]
    part = _part_role(f) if table == "people" and col.name in ("wants", "offers") else None
    if part is not None and col.name == ("wants" if part == "mentor" else "offers"):
        return 0.0, "", ""                      # a sheet of mentors offers topics; one of mentees seeks them
    if col.kind == "id" and (prof.person or prof.email or is_name_header(h)):
        return 0.0, "", ""                      # a name or an address is never an id
    ok, why = fits(col, prof)
    extra = 0.0
    evidence = []
    if col.kind == "category" and col.choices:
        key = ("labels", col.name)
        if key not in prof.memo:
            prof.memo[key] = label_share(col.name, prof.set)
        share = prof.memo[key]
        if share >= 0.6:
            extra += 5.0 * share
            evidence.append("its answers are " + ("roles" if col.name == "role" else f"{col.name} labels"))
        elif ns < 3:
            return 0.0, "", ""
    if col.kind == "id" and col.references and not (set(words(h)) - {"id", "no", "nr", "n", "number", "num"}) \
            and _row_numbers(prof):
        return 0.0, "", ""                      # 'Id' counting 1, 2, 3, ... row by row: a form's response number
    if col.kind == "id":
        known = refs.get(col.references) if col.references else None
        share = 0.0
        if known and col.references.startswith(table + ".") and prof.set == known:
            return 0.0, "", ""                  # the table's own ids, not ids referring to them
        if known:
            vals = prof.set
            share = len(vals & known) / max(len(vals), 1)
            if share >= 0.5:
                extra += 4.0 * share
                evidence.append(f"{share:.0%} of its values are {col.references.replace('.', ' ')}s")
            elif share == 0 or ns < 3:
                return 0.0, "", ""
        others = [v for k, v in refs.items() if not k.startswith(table + ".")]
        primary = col.unique and not col.references and (
            table == "workforce" or set(words(h)) & ID_WORDS
            or ns == 0 and others and not any(prof.set & v for v in others))   # its own codes, no one's ids
        if ns == 0 and share < 0.5 and not (primary and prof.unique and prof.complete):
            return 0.0, "", ""                  # an id by content alone: only the workforce's own id
        if ok and prof.id_like:
            extra += 1.0 + (1.0 if prof.unique and col.unique else 0.0)
            if primary and prof.unique and prof.complete:
                extra += 1.0
                evidence.append("every row has a value, each unique")
            if set(words(h)) & ID_WORDS:
                extra += 1.0
    if col.kind == "date" and ok:
        extra += 1.0
        if prof.stamped and (table, col.name) in (("people", "joined"), ("surveys", "date")):
            extra += 2.0                        # a form's timestamp: when the answer came in
            evidence.append("a date and time on every row (a form's timestamp)")
    if col.kind == "list" and ok and (prof.list_sep or part is not None):
        extra += 1.0 if prof.list_sep else 0.0
        if part is not None:
            extra += 3.0
            evidence.append(f"lists in a sheet or file of {part}s: what they "
                            + ("offer" if part == "mentor" else "seek"))
    if col.kind in ("int", "float") and ok and col.min is not None and col.max is not None:
        extra += 0.5
    if table == "workforce" and col.name == "level" and ok and prof.kind == "text" and prof.grades \
            and len(set(prof.grades.values())) >= 3 and "code" not in phrase(h).replace(" ", "") \
            and prof.distinct <= 0.5 * prof.n and all(col.min <= v <= col.max for v in prof.grades.values()):
        extra += 3.0                            # 'K5', 'Nivå 4', 'JG07': grade labels, whatever the name
        evidence.append("every value is a label with a grade number")
    if not ok:
        return 0.0, "", ""    # mapped, every row would be refused: a note or a TODO says why instead
    total = points + extra
    if ns == 0 and extra < 3.0:
        return 0.0, "", ""                      # content alone must be strong
    conf = "high" if ns == 3 or (ns >= 1 and extra >= 3) else "medium" if ns >= 1 or extra >= 4 else "low"
    named = f"named {h!r}" + (f" (like {syn!r})" if ns and syn and syn != h.lower() else "") if ns else f"{h!r}"
    evidence = [named, "content: " + why] + evidence
    return total, conf, "; ".join(evidence)


def _row_numbers(prof: Profile) -> bool:
    """1, 2, 3, ... in row order (a form's response number)."""
    if prof.kind != "int" or not prof.complete or not prof.unique or prof.n < 5:
        return False
    v = prof.values.astype(int).tolist()
    return v == list(range(v[0], v[0] + len(v)))


def _part_role(f: ClientFile):
    return part_role(f.sheet) if f.sheet and len(f.sheets) > 1 else part_role(f.name.rsplit(".", 1)[0])


def map_columns(f: ClientFile, table: str, refs: Optional[dict] = None) -> Fit:
    """Our columns of ``table`` found in ``f``, in one best assignment."""
    refs = dict(refs or {})
    if table == "workforce" and "workforce.employee_id" not in refs:
        # before any table is chosen, a manager column refers to this file's own unique ids
        own = next((p for p in (PROFILES.of(f, h) for h in f.header) if p.unique and p.complete and p.id_like), None)
        if own is not None:       # the leftmost column of unique codes
            refs["workforce.employee_id"] = own.set
    cols = TABLES[table].columns
    header = f.header
    score = np.zeros((len(cols), len(header)))
    info = {}
    for i, col in enumerate(cols):
        for j, h in enumerate(header):
            s, conf, ev = pair_score(f, table, col, h, refs)
            if s > 0:
                score[i, j] = s + (1.0 if col.required else 0.0) - 0.001 * j   # ties: the leftmost
                info[i, j] = (conf, ev, s)
    rows, cs = linear_sum_assignment(-score)
    guesses = []
    for i, j in zip(rows, cs):
        if score[i, j] <= 0:
            continue
        conf, ev, s = info[i, j]
        guesses.append(Guess(header[j], cols[i].name, conf, ev, s))
    for col in cols:       # a required date not found by name: the first complete date column left
        if col.kind != "date" or not col.required or col.name in {g.column for g in guesses}:
            continue
        used = {g.client for g in guesses}
        d = next((h for h in header if h not in used and PROFILES.of(f, h).kind == "date"
                  and PROFILES.of(f, h).complete), None)
        if d is not None:
            what = col.name.replace("_", " ")
            guesses.append(Guess(d, col.name, "low", f"{d!r}: the first complete date column (check it is "
                                                     f"the {what})", 2.0))
    order = {c.name: k for k, c in enumerate(cols)}
    guesses.sort(key=lambda g: order[g.column])
    fit = Fit(f, table, guesses, 0.0)
    _check_manager(fit)
    _named_but_not_mapped(fit, refs)
    found = {g.column for g in fit.guesses}
    if table == "people" and _part_role(f):
        found = found | {"role"}                # a sheet or file of mentors (or mentees): its name says the role
    if not all(any(k in found for k in key) for key in KEYS[table]):
        fit.score = 0.0
        return fit
    fit.score = sum(g.score * (2.0 if TABLES[table].column(g.column).required else 1.0) for g in fit.guesses)
    return fit


def _check_manager(fit: Fit) -> None:
    """manager_id must refer to employee_id in the same file: a manager number that matches no
    employee id is left out, with why (validate would reject every row)."""
    if fit.table != "workforce":
        return
    by = {g.column: g for g in fit.guesses}
    if "manager_id" not in by or "employee_id" not in by:
        return
    ids = PROFILES.of(fit.f, by["employee_id"].client).set
    mgr = PROFILES.of(fit.f, by["manager_id"].client)
    share = len(mgr.set & ids) / max(len(mgr.set), 1)
    g = by["manager_id"]
    if share < 0.5:
        fit.guesses.remove(g)
        sample = ", ".join(map(str, mgr.top(3)))
        fit.notes.append(f"{g.client!r} is not mapped to manager_id: {share:.0%} of its values ({sample}, ...) are "
                         f"{by['employee_id'].client} values, so they are not employee ids (a manager number?). "
                         f"If the client can send each manager's employee id, map that column to manager_id")
    elif "employee_ids" not in g.evidence:
        g.evidence += f"; {share:.0%} of its values are {by['employee_id'].client} values"


def _named_but_not_mapped(fit: Fit, refs: dict) -> None:
    """A note for each of our columns left unmapped although a client column is named like it."""
    found = {g.column for g in fit.guesses}
    used = {g.client for g in fit.guesses}
    for col in TABLES[fit.table].columns:
        if col.name in found:
            continue
        named = [h for h in fit.f.header if h not in used and name_score(h, fit.table, col.name)[0] >= 2]
        if not named:
            continue
        h = named[0]
        if any(h in n for n in fit.notes):
            continue
        prof = PROFILES.of(fit.f, h)
        known = refs.get(col.references) if col.kind == "id" and col.references else None
        if known and not (prof.person or prof.email):
            share = len(prof.set & known) / max(len(prof.set), 1)
            sample = ", ".join(map(str, prof.top(3)))
            what = ("a manager number?" if col.name == "manager_id" else "another numbering?")
            rt, rc = col.references.split(".")
            amount = "none of its values" if share == 0 else f"only {share:.0%} of its values"
            fit.notes.append(f"{h!r} is not mapped to {col.name}: {amount} ({sample}, ...) is one of the {rt} "
                             f"table's {rc} values ({what}); if the client can send the right ids, map that column "
                             f"to {col.name}")
        else:
            ok, why = fits(col, prof)
            fit.notes.append(f"{h!r} is named like {col.name} but not mapped: its content is {why}")
