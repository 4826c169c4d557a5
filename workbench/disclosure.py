"""The disclosure layer: the one place where a client-facing figure is hidden or published.

Every figure a view publishes (table cell, total, chart bar, number in a sentence, headline,
export cell) is a :class:`Figure`: a linear combination of *base counts* (a measure of one group
of one breakdown, e.g. ``("mentors", "department", "HR")``) with its value, or ``None`` when it is
hidden. The rules:

* **Primary**: a count of people below ``k`` (and above zero) is hidden; so is a group with fewer
  than ``k`` with, or without, an outcome (:func:`outcome_hidden`).
* **Derived figures follow** their sources: mentor seats are hidden with the mentors they come
  from (and the other way round, since seats = mentors x capacity), a gap with its demand or
  supply, a share or a mean with its count.
* **Complementary**: in a breakdown whose total is published anywhere in the report, the hidden
  cells of a column are at least two and hold at least ``k`` people together, so no subtraction
  gives one back within less than ``k``; the cells added are taken first from rows already hiding
  a figure, then the smallest. A total below ``k`` is itself hidden. The same data always gives
  the same hidden cells, so a breakdown shown on two pages hides the same groups on both.
* **The marker reveals nothing**: every hidden figure reads :data:`MARK`, with the footnote
  :func:`footnote`; a small cell and a complementary one look alike.

``tests/test_attacker.py`` checks the whole report with a linear program over every published
figure (the audit of tau-ARGUS / sdcTable).

Releases audited together
-------------------------
A report records what it published in its manifest (:func:`release_record`: every published
figure's equation and value, and which figures it hid, never a hidden value). A later report of
the same program written to the same output folder, or of a round naming it as ``previous:``,
runs under those earlier records (:func:`earlier`; in a report's kernel, the file named by
:data:`EARLIER_ENV`): a figure hidden in an earlier release is hidden again from the start, and
complementary suppression works on top of it. Otherwise a reader holding both releases would
subtract: release 1 hides Audit (3 mentors) with Bank (6), release 2, after one mentor joined
Bank, hides Audit with Cards and publishes Bank's 7, so Audit was 2 or 3. Likewise a group
pooled into an "Other" row once stays pooled (:func:`earlier_pooled`): release 2 pools four
departments with 7 mentors; were release 3 to publish the one grown to 5 and pool the other
three, they would hold 2 or 3. The price: a group hidden or pooled once stays so in that output
folder's later releases. What the audit cannot know:
releases made elsewhere (another output folder, a copy sent by hand), and a group published in
an earlier release that has since shrunk below ``k`` (its old figure bounds the new one).

Example
-------
>>> import pandas as pd
>>> t = pd.DataFrame({"mentees": [12, 3, 40]}, index=["A", "B", "C"])
>>> p = protect(t, 5, name="demo", dimension="dept", columns=[ProtectedColumn("mentees")])
>>> p.shown()["mentees"].tolist()        # B is small; A hidden too, else 55 - 40 = 15 gives it back
['hidden', 'hidden', '40', '55']
"""
from __future__ import annotations

import contextlib
import json
import os
from dataclasses import dataclass, field
from typing import Iterable, Iterator, Optional

import numpy as np
import pandas as pd

MARK = "hidden"
TOTAL = "Total"
ALL = "all"

Key = tuple  # (measure, dimension, group)

_DISABLED: set[str] = set()   # views whose protection is switched off (tests prove it matters)

EARLIER_ENV = "WORKBENCH_EARLIER_RELEASES"   # a report's kernel: the earlier releases' records
_EARLIER: list = []                          # hidden signatures of earlier releases (see earlier())
_EARLIER_FROM_ENV = None                     # the file's _Past, read once


def footnote(k: int) -> str:
    """The one sentence explaining :data:`MARK`."""
    return (f"“{MARK}”: a group of fewer than {k} people, or a figure hidden so that such a "
            f"group cannot be worked out from the others.")


@contextlib.contextmanager
def disabled(*views: str) -> Iterator[None]:
    """Switch protection off in the named views (``"*"``: all): for tests that prove a view's
    protection is what keeps the attacker out. Never used in a report."""
    before = set(_DISABLED)
    _DISABLED.update(views)
    try:
        yield
    finally:
        _DISABLED.clear()
        _DISABLED.update(before)


def active(view: str) -> bool:
    return not ({view, "*"} & _DISABLED)


def signature(terms) -> tuple:
    """What a figure is a sum of (its base counts, sorted): the same cell on every page and in
    every release of a program has the same signature."""
    return tuple(sorted(tuple(str(part) for part in key) for key, _ in terms))


def release_record(figures: Iterable, k: int = 0) -> dict:
    """What one release published, for its manifest (JSON): each published figure's equation
    (``terms`` as ``[measure, dimension, group, coefficient]``), ``value`` and ``relation``, and the
    signatures of the figures it hid (no hidden value is ever recorded). Enough to re-run the
    audit of :mod:`tests.test_attacker` over several releases."""
    published, hidden, seen = [], set(), set()
    for f in figures:
        if not f.terms:
            continue
        if f.hidden:
            hidden.add(signature(f.terms))
            continue
        terms = [[*map(str, key), float(coef)] for key, coef in f.terms]
        row = (tuple(map(tuple, terms)), float(f.value), f.relation)
        if row not in seen:
            seen.add(row)
            published.append({"terms": terms, "value": float(f.value), "relation": f.relation,
                              "people": bool(f.people)})
    return {"min_group_size": int(k), "published": published,
            "hidden": [list(map(list, sig)) for sig in sorted(hidden)],
            "pooled": _pools_of(figures)}


def _pools_of(figures) -> list:
    """``[[dimension, [groups]], ...]``: the groups each pooled row of ``figures`` sums (the
    facts :func:`workbench.views.base.protect_breakdown` registers as ``pooled: ...``)."""
    out = set()
    for f in figures:
        if f.where.startswith("pooled:") and f.terms:
            row = [key for key, coef in f.terms if coef > 0]
            groups = tuple(sorted(str(key[2]) for key, coef in f.terms if coef < 0))
            if row and groups:
                out.add((str(row[0][1]), groups))
    return [[dim, list(groups)] for dim, groups in sorted(out)]


def merge_records(records: Iterable[dict], k: int) -> dict:
    """Several pages' (or releases') records as one."""
    published, hidden, seen, pooled = [], set(), set(), set()
    for r in records:
        pooled |= {(str(dim), tuple(sorted(map(str, groups)))) for dim, groups in r.get("pooled", [])}
        for p in r.get("published", []):
            row = json.dumps(p, sort_keys=True)
            if row not in seen:
                seen.add(row)
                published.append(p)
        hidden |= {tuple(map(tuple, sig)) for sig in r.get("hidden", [])}
    return {"min_group_size": int(k), "published": published,
            "hidden": [list(map(list, sig)) for sig in sorted(hidden)],
            "pooled": [[dim, list(groups)] for dim, groups in sorted(pooled)]}


def figures_of(record: dict) -> list:
    """A release record's figures again (published with their value, hidden ones without): the
    audit of an earlier release re-run from its manifest."""
    def key(t):
        return tuple(t[:-1]), float(t[-1])
    out = [Figure(tuple(key(t) for t in p["terms"]), float(p["value"]), float(p["value"]),
                  "earlier release", people=bool(p.get("people")), relation=p.get("relation", "=="))
           for p in record.get("published", [])]
    out += [Figure(tuple((tuple(k), 1.0) for k in sig), None, float("nan"), "earlier release (hidden)")
            for sig in record.get("hidden", [])]
    return out


def write_release(output_dir, name: str, figures: Iterable) -> None:
    """Record what page ``name`` published in ``output_dir/disclosure/`` (the report moves it into
    its manifest; see :func:`release_record`)."""
    from pathlib import Path
    folder = Path(output_dir) / "disclosure"
    folder.mkdir(parents=True, exist_ok=True)
    safe = "".join(c if c.isalnum() or c in "-_" else "_" for c in str(name)) or "page"
    (folder / f"{safe}.json").write_text(json.dumps(release_record(figures)), encoding="utf-8")


@dataclass(frozen=True)
class _Past:
    """What earlier releases did: the signatures they hid, and the groups they pooled per
    dimension (a group pooled once stays pooled: see :func:`earlier_pooled`)."""
    hidden: frozenset = frozenset()
    pooled: tuple = ()

    def pooled_in(self, dimension: str) -> frozenset:
        return frozenset(g for dim, groups in self.pooled if dim == dimension for g in groups)


def _past(records: Iterable[dict]) -> _Past:
    records = list(records)
    return _Past(frozenset(tuple(tuple(str(part) for part in key) for key in sig)
                           for r in records for sig in r.get("hidden", [])),
                 tuple((str(dim), tuple(map(str, groups)))
                       for r in records for dim, groups in r.get("pooled", [])))


@contextlib.contextmanager
def earlier(records: Iterable[dict]) -> Iterator[None]:
    """Protect figures knowing the earlier releases ``records`` (:func:`release_record`): every
    figure they hid is hidden again (see *Releases audited together* above)."""
    _EARLIER.append(_past(records))
    try:
        yield
    finally:
        _EARLIER.pop()


def earlier_hidden() -> frozenset:
    """The signatures hidden by earlier releases: the innermost :func:`earlier`, else the file
    named by :data:`EARLIER_ENV` (set by the report for its kernel), else none."""
    return _earlier().hidden


def earlier_pooled(dimension: str) -> frozenset:
    """The groups of ``dimension`` an earlier release pooled into an "Other" row. They stay
    pooled: a group leaving the pool once it has grown would give the pool's remaining groups
    back by subtraction (release 2 pools 4 departments with 7 mentors, release 3 publishes the
    one that grew to 5 and pools the other three: they hold 2 or 3)."""
    return _earlier().pooled_in(dimension)


def _earlier() -> _Past:
    global _EARLIER_FROM_ENV
    if _EARLIER:
        return _EARLIER[-1]
    path = os.environ.get(EARLIER_ENV)
    if not path:
        return _Past()
    if _EARLIER_FROM_ENV is None:
        try:
            with open(path, encoding="utf-8") as f:
                data = json.load(f)
        except (OSError, ValueError) as exc:   # a report that cannot read its past must not publish
            raise RuntimeError(f"{path}: the earlier releases could not be read ({exc})") from exc
        _EARLIER_FROM_ENV = _past(data if isinstance(data, list) else [data])
    return _EARLIER_FROM_ENV


@dataclass(frozen=True)
class Figure:
    """One published (``value``) or hidden (``value is None``) figure: ``sum(coef * base)``.

    ``people``: the figure counts people (a small one may not be published); ``true``: its real
    value, known to the view (kept for the audit, never shown); ``where``: page, table, row, column.
    ``relation`` ``"<="``: a known bound (``sum(coef * base) <= value``), e.g. seats per mentor.
    """
    terms: tuple
    value: Optional[float]
    true: float
    where: str
    people: bool = False
    relation: str = "=="

    @property
    def hidden(self) -> bool:
        return self.value is None


def fact(terms: dict, value: float, where: str, relation: str = "==") -> Figure:
    """A public structural fact (a partition, a bound) the reader knows without any table."""
    return Figure(tuple(terms.items()), float(value), float(value), where, relation=relation)


@dataclass(frozen=True)
class ProtectedColumn:
    """A column of a protected table: its base counts per row (``measure: coefficient``),
    whether it counts people, which columns it is hidden with (``follows``), and whether its rows
    split a total published somewhere (``partition``)."""
    name: str
    terms: Optional[dict] = None          # default {name: 1}
    people: bool = True
    follows: tuple = ()
    partition: bool = True
    show: bool = True                     # False: checked (hides what depends on it), never shown

    @property
    def measures(self) -> dict:
        return self.terms or {self.name: 1}


@dataclass
class ProtectedTable:
    """A table as a page may show it: true counts and which cells are hidden, with the figures
    it publishes. ``shown()`` for the page and exports, ``visible()`` (hidden as NaN) for charts."""
    name: str
    dimension: str
    k: int
    counts: pd.DataFrame            # true values of the protected columns, total row included
    hidden: pd.DataFrame            # same shape, bool
    columns: list
    extra: pd.DataFrame             # non-count columns passed through (labels), body rows only
    has_total: bool = True
    facts: list = field(default_factory=list)

    @property
    def body(self) -> list:
        return [r for r in self.counts.index if not (self.has_total and r == TOTAL)]

    def shown(self, total: bool = True) -> pd.DataFrame:
        rows = self.counts.index if total else self.body
        out = pd.DataFrame(index=rows)
        for c in self.extra.columns:
            out[c] = self.extra[c].reindex(rows).fillna("")
        for col in self.shown_columns:
            out[col.name] = [MARK if self.hidden.at[r, col.name] else _text(self.counts.at[r, col.name])
                             for r in rows]
        out.index.name = self.counts.index.name
        return out[[c for c in list(self.extra.columns) + [c.name for c in self.shown_columns]]]

    @property
    def shown_columns(self) -> list:
        return [c for c in self.columns if c.show]

    def visible(self, total: bool = False) -> pd.DataFrame:
        rows = self.counts.index if total else self.body
        cols = [c.name for c in self.shown_columns]
        return self.counts.loc[rows, cols].astype(float).mask(self.hidden.loc[rows, cols])

    def value(self, row, column: str) -> Optional[float]:
        """The published value of one cell, ``None`` when hidden."""
        return None if self.hidden.at[row, column] else float(self.counts.at[row, column])

    def text(self, row, column: str) -> str:
        return MARK if self.hidden.at[row, column] else _text(self.counts.at[row, column])

    def figure(self, row, column: str, where: str = "") -> Figure:
        col = next(c for c in self.columns if c.name == column)
        group = (ALL, ALL) if self.has_total and row == TOTAL else (self.dimension, str(row))
        terms = tuple(((m, *group), float(coef)) for m, coef in col.measures.items())
        true = float(self.counts.at[row, column])
        return Figure(terms, None if self.hidden.at[row, column] else true, true,
                      where or f"{self.name}[{row}, {column}]", people=col.people)

    def figures(self) -> list:
        out = [self.figure(r, c.name) for r in self.counts.index for c in self.shown_columns]
        return out + list(self.facts)

    @property
    def footnote(self) -> str:
        shown = self.hidden[[c.name for c in self.shown_columns]]
        return footnote(self.k) if shown.to_numpy().any() else ""


def _text(v) -> str:
    v = float(v)
    return str(int(v)) if v.is_integer() else f"{v:.2f}"


def protect(table: pd.DataFrame, k: int, *, name: str, dimension: str, columns: Iterable[ProtectedColumn],
            total: bool = True, view: str = "") -> ProtectedTable:
    """Protect the count ``columns`` of ``table`` (one row per group of ``dimension``).

    ``total=True`` adds a total row (true sums) and treats each partition column's rows as
    splitting that total; the partition facts are registered for the audit. Other columns of
    ``table`` pass through as labels. ``view``: the view asking (see :func:`disabled`).
    """
    columns = list(columns)
    names = [c.name for c in columns]
    counts = table[names].fillna(0).astype(float)
    if total:
        counts.loc[TOTAL] = counts.sum()
    body = [r for r in counts.index if not (total and r == TOTAL)]
    hidden = pd.DataFrame(False, index=counts.index, columns=names)
    if active(view or name):
        before = earlier_hidden()
        start = None
        if before:   # what an earlier release hid stays hidden (releases audited together)
            start = np.zeros(counts.shape, bool)
            for i, r in enumerate(counts.index):
                if total and r == TOTAL:   # a total is hidden for its own reasons, not carried
                    continue
                group = (dimension, str(r))
                for j, col in enumerate(columns):
                    start[i, j] = signature(((m, *group), 1) for m in col.measures) in before
                for j, col in enumerate(columns):   # a checked column (never shown) goes with
                    if not col.show and counts.iat[i, j] != 0 and any(   # the shown one it is part of
                            start[i, j2] and set(col.measures) <= set(c2.measures)
                            for j2, c2 in enumerate(columns) if c2.show):
                        start[i, j] = True
        hidden = _suppress(counts, body, columns, k, total, start)
    extra = table.drop(columns=names)
    facts = []
    if total:  # the reader knows each partition: the groups add up to the total
        for col in (c for c in columns if c.partition):
            for m in col.measures:
                terms = {(m, dimension, str(r)): 1.0 for r in body}
                terms[(m, ALL, ALL)] = -1.0
                facts.append(fact(terms, 0.0, f"{name}: {dimension} groups add up to all ({m})"))
    return ProtectedTable(name, dimension, k, counts, hidden, columns, extra, total, facts)


def _suppress(counts: pd.DataFrame, body: list, columns: list, k: int, total: bool,
              start: Optional[np.ndarray] = None) -> pd.DataFrame:
    values = counts.to_numpy(float)
    rows = {r: i for i, r in enumerate(counts.index)}
    body_i = [rows[r] for r in body]
    people = np.array([c.people for c in columns])
    hidden = np.zeros_like(values, bool) if start is None else start.copy()
    hidden[:, people] |= (values[:, people] > 0) & (values[:, people] < k)
    idx = {c.name: j for j, c in enumerate(columns)}
    for _ in range(4 * values.size + 4):
        before = hidden.copy()
        for j, col in enumerate(columns):       # derived figures follow their sources
            for src in col.follows:
                hidden[:, j] |= hidden[:, idx[src]]
        if total:
            t = rows[TOTAL]
            for j, col in enumerate(columns):
                if not col.partition or hidden[t, j]:
                    continue
                h = [i for i in body_i if hidden[i, j]]
                if h and (len([i for i in h if values[i, j] != 0]) < 2 or values[h, j].sum() < k):
                    cands = [i for i in body_i if not hidden[i, j] and values[i, j] != 0]
                    if cands:
                        pick = min(cands, key=lambda i: (not hidden[i].any(), abs(values[i, j]), i))
                        hidden[pick, j] = True
                    else:  # nothing left to hide with it: the total goes
                        hidden[t, j] = True
        if (hidden == before).all():
            break
    return pd.DataFrame(hidden, index=counts.index, columns=[c.name for c in columns])


def outcome_hidden(n: int, events: int, k: int) -> bool:
    """A group's rate (or any figure built on it) is hidden when the group has fewer than ``k``
    people, or fewer than ``k`` with the outcome, or fewer than ``k`` without it.

    >>> outcome_hidden(40, 3, 5), outcome_hidden(40, 37, 5), outcome_hidden(40, 20, 5)
    (True, True, False)
    """
    return n < k or 0 < events < k or 0 < n - events < k


def say(figure: Figure, unit: str = "", fmt: str = "{:,.0f}") -> str:
    """A figure as words for a sentence: its value, or "a hidden number of" when hidden."""
    if figure.hidden:
        return f"a hidden number of {unit}".strip() if unit else MARK
    return f"{fmt.format(figure.value)} {unit}".strip()


def share_bounds(num, den, value: float, where: str) -> list:
    """What a whole-percent share ``value`` (0..1) of ``num`` over ``den`` tells a reader, for the
    audit: ``num`` lies between ``den`` times the share's rounding bounds (two ``<=`` facts), and
    the printed percentage itself (a figure without base counts, for the text checks). ``num`` and
    ``den``: base counts as ``{key: coefficient}`` or a figure's ``terms``. A share of a published
    total is then a count within its rounding, as a reader would work it out.

    >>> [f.where for f in share_bounds({("m", "all", "all"): 1}, {("n", "all", "all"): 1}, 0.5, "x")]
    ['x: share at most 0.505', 'x: share at least 0.495', 'x (a percentage)']
    """
    num, den = dict(num), dict(den)
    p = round(float(value) * 100)
    hi, lo = (p + 0.5) / 100, max(p - 0.5, 0) / 100
    up = dict(num)
    for key, c in den.items():
        up[key] = up.get(key, 0.0) - hi * c
    down = {key: -c for key, c in num.items()}
    for key, c in den.items():
        down[key] = down.get(key, 0.0) + lo * c
    return [fact(up, 0.0, f"{where}: share at most {hi:.3f}", "<="),
            fact(down, 0.0, f"{where}: share at least {lo:.3f}", "<="),
            Figure((), float(p), float(p), f"{where} (a percentage)")]
