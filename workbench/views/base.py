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
from ..present import KeyFigure, plain_frame, record_figures
from ..render import esc, _Safe, table
from ..exports import export_table, record_headline


def safe(template: str, /, **values) -> str:
    """Markdown of our ``template`` with the values escaped (see :func:`workbench.render.md`).

    >>> safe("**{name}** has {n} mentees", name="O'Neil <b>", n=3)
    '**O&#39;Neil &lt;b&gt;** has 3 mentees'
    """
    return template.format(**{k: _Safe(v) for k, v in values.items()})


def plain(text: str) -> str:
    """A whole sentence of ours that holds client strings, escaped as Markdown text."""
    return esc(text)


_FIGURE = re.compile(r"^[\s\d,.%()–\-+<>=×p]*$|^hidden$|^(?:yes|no)$")


def prose_columns(frame: pd.DataFrame) -> list:
    """The columns of words (names, notes, reasons, statuses): most of their cells are not a
    figure (a number, a share, an interval, ``hidden``, ``–``).

    >>> prose_columns(pd.DataFrame({"Reason": ["left the company", "full"], "Mentees": ["12", "hidden"],
    ...                             "Coverage": ["80 %", "0.58 (0.41–0.84)"]}))
    ['Reason']
    """
    out = []
    for col in frame.columns:
        cells = [str(v).strip() for v in frame[col].tolist() if str(v).strip() not in ("", "nan")]
        if cells and sum(not _FIGURE.match(c) for c in cells) * 2 > len(cells):
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

    def frame(self) -> Optional[pd.DataFrame]:
        """The table as the page and the exports show it."""
        if isinstance(self.table, ProtectedTable):
            return self.table.shown(total=self.total and self.table.has_total)
        return self.table

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
        frame = self.frame()
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
        frame = self.frame()
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
