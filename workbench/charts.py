"""The one chart style every notebook uses: quiet colours, titles that state the finding.

Client pages draw charts from protected tables with :func:`protected_bars`: the result is a
:class:`Chart` (figure, alt text, caption, the figures it plots) whose HTML is an inline vector
SVG (``role="img"``, the alt text as its ``aria-label`` and ``<desc>``, the title as ``<title>``),
so every chart is sharp in print, readable by a screen reader and auditable. Groups with a hidden
figure are left out and the caption says how many.

Example
-------
>>> import pandas as pd
>>> fig = bar_compare(pd.DataFrame({"demand": [10, 4], "supply": [6, 8]}, index=["Sales", "HR"]),
...                   title="Sales needs 4 more mentor seats")
"""
from __future__ import annotations

import base64
import html
import io
import os
import re
from dataclasses import dataclass, field

import matplotlib

if not os.environ.get("DISPLAY") and "inline" not in matplotlib.get_backend():
    matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402

from .disclosure import Figure  # noqa: E402

PALETTE = ["#2F5D8A", "#E08E45", "#7A9E7E", "#B5485D", "#8C7AA9", "#C9B458"]
STYLE = {
    "figure.figsize": (8, 3.8), "figure.dpi": 100, "axes.spines.top": False,
    "axes.spines.right": False, "axes.titleweight": "bold", "axes.titlesize": 12,
    "axes.titlelocation": "left", "axes.prop_cycle": matplotlib.cycler(color=PALETTE),
    "font.size": 10, "legend.frameon": False, "axes.grid": True, "grid.alpha": 0.25,
    "font.family": "sans-serif",
    "font.sans-serif": ["DejaVu Sans", "Liberation Sans", "Arial", "Helvetica", "sans-serif"],
}


def style() -> None:
    """Apply the workbench style to matplotlib (idempotent): palette, quiet axes and, for the
    vector charts, text kept as text in a web font stack (:data:`SVG_STYLE`)."""
    plt.rcParams.update(STYLE)


def bar_compare(table: pd.DataFrame, title: str, xlabel: str = "", horizontal: bool = True):
    """Grouped bars, one group per row of ``table``, one bar per column (e.g. demand vs supply)."""
    style()
    height = max(2.5, 0.45 * len(table) + 1.2)
    ax = table.plot.barh(figsize=(8, height)) if horizontal else table.plot.bar(figsize=(8, 3.8))
    ax.set_title(title)
    ax.set_xlabel(xlabel) if horizontal else ax.set_ylabel(xlabel)
    ax.set_ylabel("")
    if horizontal:
        ax.invert_yaxis()
    fig = ax.get_figure()
    fig.tight_layout()
    return fig


def bar(series: pd.Series, title: str, xlabel: str = "", color: str = PALETTE[0]):
    """A single horizontal bar chart of one series."""
    style()
    fig, ax = plt.subplots(figsize=(8, max(2.5, 0.4 * len(series) + 1.2)))
    ax.barh([str(i) for i in series.index], series.to_numpy(), color=color)
    ax.invert_yaxis()
    ax.set_title(title)
    ax.set_xlabel(xlabel)
    fig.tight_layout()
    return fig


@dataclass
class Chart:
    """A chart as a page shows it: ``data`` (what is drawn), ``alt`` (what it shows and every
    figure plotted), ``caption`` (what was left out), ``figures`` (the disclosure figures drawn).
    The matplotlib ``figure`` is drawn on first use."""
    data: pd.DataFrame
    title: str
    alt: str
    caption: str = ""
    figures: list = field(default_factory=list)
    xlabel: str = ""
    _figure: object = field(default=None, repr=False)

    @property
    def figure(self):
        if self._figure is None:
            if len(self.data):
                fig = bar_compare(self.data, title=self.title, xlabel=self.xlabel)
            else:
                style()
                fig, ax = plt.subplots(figsize=(8, 2))
                ax.set_title(self.title)
                ax.text(0.5, 0.5, "nothing to draw", ha="center", va="center", transform=ax.transAxes)
                ax.set_axis_off()
            plt.close(fig)   # shown through the Chart's HTML only, never twice
            self._figure = fig
        return self._figure

    def png(self) -> bytes:
        buf = io.BytesIO()
        self.figure.savefig(buf, format="png", dpi=100, bbox_inches="tight")
        return buf.getvalue()

    def svg(self) -> str:
        """The chart as an inline SVG (vector: sharp on screen and in the PDF) with its alt text
        as ``<title>``/``<desc>``; text stays text (``svg.fonttype: none``, escaped by
        matplotlib), ids and metadata are fixed so the same chart gives the same bytes."""
        fig = self.figure                      # drawn in the workbench style, outside the context
        buf = io.BytesIO()
        with plt.rc_context({**STYLE, **SVG_STYLE}):   # the same rcParams on every save
            fig.savefig(buf, format="svg", bbox_inches="tight",
                        metadata={"Date": None, "Creator": None, "Format": None, "Type": None})
        text = buf.getvalue().decode("utf-8")
        start = text.find("<svg")
        text = text[start:] if start >= 0 else text           # no XML prolog or DOCTYPE inline
        text = re.sub(r"\s*<metadata>.*?</metadata>", "", text, count=1, flags=re.S)
        head_end = text.find(">") + 1
        label = html.escape(self.alt, quote=True)
        opening = (text[:head_end - 1] + f' role="img" aria-label="{label}" class="wb-chart"'
                   ' style="max-width:100%;height:auto">')
        return (opening + f"<title>{html.escape(self.title)}</title><desc>{label}</desc>"
                + text[head_end:])

    def _repr_html_(self) -> str:
        caption = f"<figcaption>{html.escape(self.caption)}</figcaption>" if self.caption else ""
        return (f'<figure class="wb-figure" role="group" aria-label="{html.escape(self.title)}">'
                f"{self.svg()}{caption}</figure>")


SVG_STYLE = {"svg.fonttype": "none", "svg.hashsalt": "workbench", "svg.image_inline": True}


def protected_bars(table, columns: dict, title: str, xlabel: str = "", noun: str = "groups") -> Chart:
    """Grouped horizontal bars of a :class:`workbench.disclosure.ProtectedTable`: one group per
    row whose plotted figures are all visible, one bar per column (``columns``: table column ->
    legend label). Rows with a hidden figure are not drawn; the caption says how many.

    >>> from workbench.disclosure import Column, protect
    >>> t = protect(pd.DataFrame({"n": [40, 2, 30]}, index=["A", "B", "C"]), 5, name="t",
    ...             dimension="d", columns=[Column("n")])
    >>> chart = protected_bars(t, {"n": "people"}, title="People by group")
    >>> chart.alt
    'Horizontal bar chart. People by group. A: people 40. 2 groups not drawn: a figure of theirs is hidden (fewer than 5 people, or it would let one be worked out).'
    """
    vis = table.visible()[list(columns)]
    drawn = vis.dropna()
    left_out = len(vis) - len(drawn)
    data = drawn.rename(columns=columns)
    caption = (f"{left_out} {noun} not drawn: a figure of theirs is hidden (fewer than "
               f"{table.k} people, or it would let one be worked out)." if left_out else "")
    points = "; ".join(f"{row}: " + ", ".join(f"{label} {int(v)}" for label, v in r.items())
                       for row, r in data.iterrows())
    alt = f"Horizontal bar chart. {title}. " + (f"{points}." if points else "No groups drawn.")
    if caption:
        alt += f" {caption}"
    figures = [table.figure(row, col, where=f"chart {title}[{row}, {col}]")
               for row in drawn.index for col in columns]
    if left_out:   # a count of groups, not of people: kept so every number in the alt text is known
        figures.append(Figure((), float(left_out), float(left_out), f"chart {title}: groups not drawn"))
    return Chart(data, title, alt, caption, figures, xlabel)


def line(frame: pd.DataFrame, title: str, ylabel: str = ""):
    """Lines over time, one per column."""
    style()
    ax = frame.plot(figsize=(8, 3.6))
    ax.set_title(title)
    ax.set_ylabel(ylabel)
    ax.set_xlabel("")
    fig = ax.get_figure()
    fig.tight_layout()
    return fig


def share_bars(series: pd.Series, title: str, xlabel: str = "", caption: str = "") -> Chart:
    """Horizontal bars of shares (0 to 1, e.g. each criterion's mean contribution to a match's
    score): a :class:`Chart` whose alt text states every bar as a whole percentage, with those
    percentages kept as its figures (they count no people). An empty ``series`` draws nothing
    and says why in ``caption``.

    >>> share_bars(pd.Series({"skills": 0.43, "location": 0.286}), "Fit").alt
    'Horizontal bar chart. Fit. skills 43 %; location 29 %.'
    """
    data = series.dropna().astype(float).to_frame(xlabel or "share")
    values = [(str(name), round(float(v) * 100)) for name, v in data.iloc[:, 0].items()]
    points = "; ".join(f"{name} {p} %" for name, p in values)
    alt = f"Horizontal bar chart. {title}. " + (f"{points}." if points else "Nothing drawn.")
    if caption:
        alt += f" {caption}"
    figures = [Figure((), float(p), float(p), f"chart {title}[{name}] (a percentage)") for name, p in values]
    return Chart(data, title, alt, caption, figures, xlabel)


@dataclass
class LineChart(Chart):
    """A :class:`Chart` drawn as lines over ``data``'s index (one line per column), e.g. meetings
    per month, survival steps or KPI trends; ``step=True`` draws steps (Kaplan–Meier)."""
    ylabel: str = ""
    step: bool = False

    @property
    def figure(self):
        if self._figure is None:
            style()
            fig, ax = plt.subplots(figsize=(8, 3.6))
            if len(self.data):
                for col in self.data.columns:
                    s = self.data[col].dropna()
                    if self.step:
                        ax.step(s.index, s.to_numpy(), where="post", label=str(col))
                    else:
                        ax.plot(s.index, s.to_numpy(), marker="o", label=str(col))
                ax.legend()
            else:
                ax.text(0.5, 0.5, "nothing to draw", ha="center", va="center", transform=ax.transAxes)
                ax.set_axis_off()
            ax.set_title(self.title)
            ax.set_xlabel(self.xlabel)
            ax.set_ylabel(self.ylabel)
            fig.tight_layout()
            plt.close(fig)
            self._figure = fig
        return self._figure
