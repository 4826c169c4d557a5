"""What a page shows, already protected: :class:`Section` (text, table, chart) and :class:`Page`.

A view builds a page from a program; the notebook only displays its sections and publishes its
exports and headlines. Every figure a section prints is a :class:`workbench.disclosure.Figure`
kept with it (``Page.figures()``), so the report can be audited as a whole
(``tests/test_attacker.py``).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Optional

import pandas as pd

from ..disclosure import Figure, ProtectedTable
from ..present import KeyFigure, other_label, plain_frame, record_figures
from ..render import esc, _Safe, table
from ..exports import export_table, record_headline
from ..disclosure import write_release
from ..disclosure import active, earlier_pooled, fact, protect
from ..segments import ORDERED


def safe(template: str, /, **values) -> str:
    """Markdown of our ``template`` with the values escaped (see :func:`workbench.render.md`).

    >>> safe("**{name}** has {n} mentees", name="O'Neil <b>", n=3)
    '**O&#39;Neil &lt;b&gt;** has 3 mentees'
    """
    return template.format(**{k: _Safe(v) for k, v in values.items()})


_PERCENT = re.compile(r"(?<![\w.])(\d+(?:\.\d+)?)(?:–(\d+(?:\.\d+)?))? ?%")


def printed_percentages(text: str, where: str) -> list:
    """The percentages a sentence of ours prints (``81 %``, both ends of ``75–81 %``), each
    registered as a printed percentage for the audit (the counts behind them are registered
    where they are computed).

    >>> [f.value for f in printed_percentages("95 % CI 75–81 %, 1,103 others", "x")]
    [95.0, 75.0, 81.0]
    """
    return [Figure((), float(v), float(v), f"{where} (a percentage)")
            for m in _PERCENT.finditer(str(text)) for v in m.groups() if v is not None]


def plain(text: str) -> str:
    """A whole sentence of ours that holds client strings, escaped as Markdown text."""
    return esc(text)


_FIGURE = re.compile(r"^[\s\d,.%()–\-+<>=×p]*$|^hidden$")


def prose_columns(frame: pd.DataFrame) -> list:
    """The columns of words (names, notes, reasons, statuses, yes / no answers): most of their
    cells are not a figure (a number, a share, an interval, ``hidden``); a missing ``–`` counts
    for neither.

    >>> prose_columns(pd.DataFrame({"Reason": ["left the company", "full"], "Mentees": ["12", "hidden"],
    ...                             "Coverage": ["80 %", "0.58 (0.41–0.84)"]}))
    ['Reason']
    >>> prose_columns(pd.DataFrame({"Status": ["yes", "no", "partly"], "Measurable": ["yes", "yes", "yes"],
    ...                             "Needs": ["sql, python", "–", "–"], "Target": ["70 %", "4.0", "–"]}))
    ['Status', 'Measurable', 'Needs']
    """
    out = []
    for col in frame.columns:
        cells = [str(v).strip() for v in frame[col].tolist() if str(v).strip() not in ("", "nan", "–")]
        words = [not _FIGURE.match(c) for c in cells]
        if cells and sum(words) * 2 > len(cells):
            out.append(col)
    return out


@dataclass
class Section:
    """One part of a page: Markdown ``text`` (already escaped), a ``table`` (protected, or a plain
    frame holding no counts of people), a ``chart``, and the ``figures`` printed in the text."""
    key: str
    text: str = ""
    table: Optional[object] = None
    chart: Optional[object] = None
    figures: list = field(default_factory=list)
    total: bool = True
    index: bool = True
    formats: Optional[dict] = None
    headers: Optional[dict] = None    # column -> the header the page prints (a peer program's words)

    def frame(self) -> Optional[pd.DataFrame]:
        """The table as the exports hold it (their columns are a contract)."""
        if isinstance(self.table, ProtectedTable):
            return self.table.shown(total=self.total and self.table.has_total)
        return self.table

    def shown_frame(self) -> Optional[pd.DataFrame]:
        """The table as the page prints it: :meth:`frame` under the page's ``headers``."""
        frame = self.frame()
        return frame.rename(columns=self.headers) if self.headers and frame is not None else frame

    def published(self) -> list:
        out = list(self.figures)
        if isinstance(self.table, ProtectedTable):
            out += [f for f in self.table.figures()
                    if self.total or not (self.table.has_total and "[Total," in f.where)]
        if self.chart is not None:
            out += list(self.chart.figures)
        return out

    def texts(self) -> list:
        """Every piece of text a reader sees: sentence, table, footnote, chart caption and alt."""
        out = [self.text]
        frame = self.shown_frame()
        if frame is not None:
            out.append(frame.to_csv())
        if isinstance(self.table, ProtectedTable) and self.table.footnote:
            out.append(self.table.footnote)
        if self.chart is not None:
            out += [self.chart.alt, self.chart.caption]
        return out

    def _ipython_display_(self) -> None:
        from IPython.display import Markdown, display

        if self.text:
            display(Markdown(self.text))
        frame = self.shown_frame()
        if frame is not None:
            shown, formats = plain_frame(frame, index=self.index, formats=self.formats)
            styled = table(shown, index=False, formats=formats)
            prose = prose_columns(shown)
            if prose:   # words read from the left; figures stay right-aligned, under each other
                styled = styled.set_properties(subset=prose, **{"text-align": "left"}).set_table_styles(
                    [{"selector": f"th.col_heading.col{shown.columns.get_loc(c)}",
                      "props": [("text-align", "left")]} for c in prose], overwrite=False)
            display(styled)
            if isinstance(self.table, ProtectedTable) and self.table.footnote:
                display(Markdown(f"<small>{esc(self.table.footnote)}</small>"))
        if self.chart is not None:
            display(self.chart)


@dataclass
class Page:
    """A page's sections in order, its headline figures and the tables it exports."""
    name: str
    sections: dict
    headlines: dict = field(default_factory=dict)     # label -> (text, [Figure])
    exports: dict = field(default_factory=dict)       # file stem -> section key
    facts: list = field(default_factory=list)         # public structure (partitions, bounds)

    def __getitem__(self, key: str) -> Section:
        return self.sections[key]

    def figures(self) -> list:
        """Everything the page publishes: sections (tables, sentences, charts), headlines,
        exports (the same protected tables), and the structural facts a reader knows."""
        out = list(self.facts)
        for s in self.sections.values():
            out += s.published()
        for text, figs in self.headlines.values():
            out += list(figs)
        return out

    def texts(self) -> list:
        out = []
        for s in self.sections.values():
            out += s.texts()
        out += [f"{label}: {text}" for label, (text, _) in self.headlines.items()]
        return out

    def export_frames(self) -> dict:
        return {stem: self.sections[key].frame() for stem, key in self.exports.items()}

    def key_figures(self) -> dict:
        """The page's typed key figures by label (:class:`workbench.present.KeyFigure`)."""
        return {label: key_figure(label, h) for label, h in self.headlines.items()}

    def publish(self, output_dir) -> None:
        """Write the page's client exports, headline texts (``headlines.json``) and typed key
        figures (``figures.json``); nothing when ``output_dir`` is None."""
        if output_dir is None:
            return
        for stem, frame in self.export_frames().items():
            export_table(frame.reset_index() if frame.index.name else frame, output_dir, stem)
        for label, (text, _) in self.headlines.items():
            record_headline(output_dir, label, text)
        record_figures(output_dir, self.key_figures().values())
        write_release(output_dir, self.name, self.figures())   # for the manifest (releases audited together)


class Headline(tuple):
    """A headline as before, ``(text, [Figure])`` (the text for ``headlines.json``, the audit's
    figures), with its typed value ``key`` (:class:`workbench.present.KeyFigure`)."""
    key: KeyFigure

    def __new__(cls, key: KeyFigure, figures=()):
        self = super().__new__(cls, (key.text, list(figures)))
        self.key = key
        return self


def headline(text, *figures: Figure) -> Headline:
    """A headline from a :class:`KeyFigure` (or a bare text, kept as words) and the disclosure
    figures behind it."""
    key = text if isinstance(text, KeyFigure) else KeyFigure.words("", str(text))
    return Headline(key, figures)


def key_figure(label: str, h) -> KeyFigure:
    """The typed figure of headline ``h`` under ``label`` (a bare ``(text, figures)`` pair reads
    as words)."""
    from dataclasses import replace
    key = getattr(h, "key", None) or KeyFigure.words(label, str(h[0]))
    if key.label != label:
        key = replace(key, label=label, definition=key.definition or DEFINITIONS.get(label, ""))
    return key if key.definition else replace(key, definition=DEFINITIONS.get(label, ""))


# each key figure's definition: one line of the report's glossary (the summary page)
DEFINITIONS = {
    "Participants": "Mentees and mentors taking part (a peer counts once).",
    "Mentees / mentor seats": "Mentees signed up, against the mentees the mentors can take on "
                              "together (each mentor's capacity).",
    "Recommended format": "The format that fits the supply of mentor seats and the purposes.",
    "Format": "The format the program runs.",
    "Needs short of mentor seats": "Skills that more mentees want than the seats of the mentors "
                                   "offering them, among the skills large enough to report.",
    "Match rate": "Mentees in the program with a mentor in the client's own pairs table "
                  "(mentees who left the company are not counted).",
    "Proposed matching coverage": "Mentees the proposed matching gives a mentor, among the "
                                  "mentees still with the company.",
    "Mentees matched": "Mentees the proposed matching gives a mentor, among the mentees still "
                       "with the company.",
    "Mean pair score": "How well the proposed pairs fit on the criteria, on average (100 %: "
                       "the best fit possible).",
    "Pairs on track": "Current pairs (not ended) that meet at the planned cadence, as a share "
                      "of the current pairs.",
    "Pairs at risk": "Current pairs that need a check-in or have gone idle.",
    "KPIs met or on track": "KPIs whose target is met, or whose interval is already beyond the "
                            "baseline before the due date; KPIs hidden for privacy are counted "
                            "apart.",
}


# ---------------------------------------------------------------------------- small groups pooled
# what a pooled row counts, per breakdown: "Other (3 departments)"
NOUNS = {"department": "department", "career_stage": "career stage", "tenure_band": "tenure band",
         "location": "location", "timezone": "time zone", "track": "track", "level": "level"}




def _small(raw: pd.DataFrame, k: int, columns: list) -> list:
    """The rows holding a count of people below ``k`` (and above zero) in any people column."""
    names = [c.name for c in columns if c.people and c.name in raw.columns]
    if not names:
        return []
    values = raw[names].fillna(0).astype(float)
    return [r for r in raw.index if ((values.loc[r] > 0) & (values.loc[r] < k)).any()]


def pool(raw: pd.DataFrame, groups: list, columns: list, noun: str = "group",
         values: Optional[dict] = None) -> pd.DataFrame:
    """``raw`` with the rows ``groups`` summed into one ``Other (n groups)`` row, last (its
    label columns read ``–``; ``values``: columns whose pooled value is not the sum, e.g. the
    mentors fitting any of the tracks); ``raw`` itself when fewer than two groups are given."""
    groups = [g for g in raw.index if g in set(groups)]
    if len(groups) < 2:
        return raw
    names = [c.name for c in columns if c.name in raw.columns]
    row = raw.loc[groups, names].fillna(0).sum()
    for col, value in (values or {}).items():
        row[col] = value
    other = pd.DataFrame([row.to_numpy()], columns=names, index=[other_label(len(groups), noun)])
    for col in raw.columns:
        if col not in names:
            other[col] = "–"
    out = pd.concat([raw.drop(index=groups), other[list(raw.columns)]])
    for col in names:   # keep integer counts integers
        if pd.api.types.is_integer_dtype(raw[col]):
            out[col] = out[col].astype(raw[col].dtype)
    out.index.name = raw.index.name
    return out


def pooled_groups(table) -> dict:
    """``{pooled row: [groups]}`` of a table built by :func:`protect_breakdown` (from the facts it
    registered), empty when nothing was pooled."""
    out = {}
    for f in getattr(table, "facts", []):
        if f.where.startswith("pooled:"):
            terms = dict(f.terms)
            label = next(key[2] for key, c in terms.items() if c > 0)
            out[label] = [key[2] for key, c in terms.items() if c < 0]
    return out


def protect_breakdown(raw: pd.DataFrame, k: int, *, name: str, dimension: str, columns: list,
                      view: str = "", noun: str = "", groups: Optional[list] = None,
                      values=None):
    """The one protection of a breakdown with a total (a count per department, level, tenure
    band, track ...): :func:`workbench.disclosure.protect`, after pooling its small groups.

    Groups holding a count of fewer than ``k`` people are summed into one ``Other (n groups)``
    row when there are at least two of them and the pooled table hides fewer cells than the
    table without pooling (one small group alone is never pooled: "Other" would be that group,
    so it stays hidden with its complement as before), nor are all the groups (a breakdown of
    "Other" alone shows nothing the total does not). The pooled row is protected like any
    other (hidden if still under ``k``, complementary suppression across the rows) and registered
    for the audit as the sum of its groups' base counts. ``groups``: pool exactly these (a
    breakdown shown twice pools the same groups, see :func:`pooled_groups`); protection
    switched off (:func:`workbench.disclosure.disabled`) pools nothing. Groups an earlier
    release pooled (:func:`workbench.disclosure.earlier_pooled`) are pooled again, with
    today's small ones, even once they have grown. ``values``: a function
    of the pooled groups giving the pooled row's value of columns that do not add up (a count of
    mentors fitting any of the tracks); those are figures of their own, not a sum.

    >>> from workbench.disclosure import ProtectedColumn
    >>> raw = pd.DataFrame({"mentees": [40, 30, 3, 2, 4]}, index=["A", "B", "C", "D", "E"])
    >>> t = protect_breakdown(raw, 5, name="demo", dimension="dept", columns=[ProtectedColumn("mentees")])
    >>> t.shown()["mentees"].to_dict()
    {'A': '40', 'B': '30', 'Other (3 groups)': '9', 'Total': '79'}
    >>> pooled_groups(t)
    {'Other (3 groups)': ['C', 'D', 'E']}
    """
    columns = list(columns)
    noun = noun or NOUNS.get(dimension, "group")
    plain_table = protect(raw, k, name=name, dimension=dimension, columns=columns, view=view)
    if not active(view or name):
        return plain_table
    past = earlier_pooled(dimension)
    if groups is None and past & set(map(str, raw.index)):   # pooled once, pooled for good
        small = set(_small(raw, k, columns))
        groups = [g for g in raw.index if str(g) in past or g in small]
    if groups is None:
        groups = _pool_choice(raw, k, columns, noun, values, plain_table,
                              dict(name=name, dimension=dimension, columns=columns, view=view))
        if groups is None:
            return plain_table
    groups = [g for g in raw.index if g in set(groups)]
    if len(groups) < 2:
        return plain_table
    own = values(groups) if values else {}
    table = protect(pool(raw, groups, columns, noun, own), k, name=name, dimension=dimension,
                    columns=columns, view=view)
    label = other_label(len(groups), noun)
    measures = {m for c in columns if c.name not in own for m in c.measures}
    for m in sorted(measures):   # the reader knows: the pooled row is the sum of its groups
        terms = {(m, dimension, label): 1.0, **{(m, dimension, str(g)): -1.0 for g in groups}}
        table.facts.append(fact(terms, 0.0, f"pooled: {name} ({m})"))
    table.facts.append(Figure((), float(len(groups)), float(len(groups)),
                              f"{name}: {plural_noun(noun)} pooled into {label} (a count of groups)"))
    return table


def _pool_choice(raw: pd.DataFrame, k: int, columns: list, noun: str, values, plain_table,
                 how: dict) -> Optional[list]:
    """The groups to pool when no earlier release pooled any: the small groups (a count of
    fewer than ``k`` people), when there are at least two, with as many of the smallest other
    groups as it takes to hide the fewest cells (a pooled row still under ``k`` would be hidden
    with a complement: pooling the next smallest group with it publishes them as one row
    instead). One small group alone is never pooled ("Other" would be that group, or a large
    group hiding it: it stays hidden with its complement); the pool never holds all the groups
    (a breakdown of "Other" alone is none); None when no choice hides fewer cells than the
    table without pooling (every group small: nothing to pool, the view says so in a
    sentence). Ordered bands (tenure, career stage, level) pool their small groups only: an
    "Other" of 1-3 and 7+ years would read as nothing.

    >>> from workbench.disclosure import ProtectedColumn
    >>> cols = [ProtectedColumn("n")]
    >>> raw = pd.DataFrame({"n": [40, 30, 6, 2, 1]}, index=["A", "B", "C", "D", "E"])   # D + E = 3: hidden
    >>> _pool_choice(raw, 5, cols, "group", None, protect(raw, 5, name="t", dimension="d", columns=cols),
    ...              dict(name="t", dimension="d", columns=cols))
    ['C', 'D', 'E']
    """
    small = _small(raw, k, columns)
    if len(small) < 2 or len(small) == len(raw):
        return None
    people = [c.name for c in columns if c.people and c.name in raw.columns]
    size = raw[people].fillna(0).astype(float).sum(axis=1)
    large = sorted((g for g in raw.index if g not in set(small)), key=lambda g: -size[g])
    if how["dimension"] in ORDERED or how["dimension"] == "level":
        large = []   # bands in order: "Other" of 1-3 and 7+ years would read as nothing; small ones only
    shown = [c.name for c in columns if c.show]
    best, fewest = None, plain_table.hidden[shown].to_numpy().sum()
    for keep in range(len(large), 0, -1) if large else [0]:   # keep the largest apart, pool the rest
        groups = [g for g in raw.index if g not in set(large[:keep])] if large else small
        candidate = protect(pool(raw, groups, columns, noun, values and values(groups)), k, **how)
        hidden = candidate.hidden[shown].to_numpy().sum()
        if hidden < fewest:
            best, fewest = groups, hidden
        if fewest == 0:
            break
    return best


def plural_noun(noun: str) -> str:
    return noun + "s"
