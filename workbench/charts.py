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

import html
import io
import os
import re
from dataclasses import dataclass, field

import matplotlib

if not os.environ.get("DISPLAY") and "inline" not in matplotlib.get_backend():
    matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
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


def bar_compare(table: pd.DataFrame, title: str, xlabel: str = "", horizontal: bool = True,
                percent: bool = False):
    """Grouped bars, one group per row of ``table``, one bar per column (e.g. demand vs supply);
    one column has no legend (the axis label names it); ``percent``: shares (0 to 1) on an axis in
    percent, as the page prints every share."""
    style()
    height = max(2.5, 0.45 * len(table) + 1.2)
    ax = table.plot.barh(figsize=(8, height)) if horizontal else table.plot.bar(figsize=(8, 3.8))
    ax.set_title(title)
    ax.set_xlabel(xlabel) if horizontal else ax.set_ylabel(xlabel)
    if horizontal:
        ax.set_ylabel("")
    if len(table.columns) == 1 and ax.get_legend() is not None:
        ax.get_legend().remove()
    if percent:
        from matplotlib.ticker import PercentFormatter
        (ax.xaxis if horizontal else ax.yaxis).set_major_formatter(PercentFormatter(xmax=1, decimals=0, symbol=" %"))
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
    percent: bool = False          # the values are shares: the axis reads in percent

    @property
    def figure(self):
        if self._figure is None:
            if len(self.data):
                fig = bar_compare(self.data, title=self.title, xlabel=self.xlabel, percent=self.percent)
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

    @property
    def empty(self) -> bool:
        """Nothing to draw: no row, or no plotted value."""
        return not len(self.data) or not self.data.notna().to_numpy().any()

    def sentence(self) -> str:
        """What a page prints instead of an empty chart: one sentence, never a blank frame."""
        tail = f" {self.caption}" if self.caption else ""
        return f"{self.title}: no chart, nothing to draw yet.{tail}"

    def _repr_html_(self) -> str:
        if self.empty:
            return f'<p class="wb-chart-empty">{html.escape(self.sentence())}</p>'
        caption = f"<figcaption>{html.escape(self.caption)}</figcaption>" if self.caption else ""
        return (f'<figure class="wb-figure" role="group" aria-label="{html.escape(self.title)}">'
                f"{self.svg()}{caption}</figure>")


SVG_STYLE = {"svg.fonttype": "none", "svg.hashsalt": "workbench", "svg.image_inline": True}


def protected_bars(table, columns: dict, title: str, xlabel: str = "", noun: str = "groups") -> Chart:
    """Grouped horizontal bars of a :class:`workbench.disclosure.ProtectedTable`: one group per
    row whose plotted figures are all visible, one bar per column (``columns``: table column ->
    legend label). Rows with a hidden figure are not drawn; the caption says how many.

    >>> from workbench.disclosure import ProtectedColumn, protect
    >>> t = protect(pd.DataFrame({"n": [40, 2, 30]}, index=["A", "B", "C"]), 5, name="t",
    ...             dimension="d", columns=[ProtectedColumn("n")])
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
    figures += [f for f in getattr(table, "facts", []) if not f.terms]   # "Other (3 departments)"
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
    return Chart(data, title, alt, caption, figures, xlabel, percent=True)


def _overlap(boxes, pad: float = 4.0) -> bool:
    """True when two neighbouring boxes (in drawing order) are closer than ``pad`` pixels."""
    boxes = sorted(boxes, key=lambda b: b.x0)
    return any(a.x1 + pad > b.x0 for a, b in zip(boxes, boxes[1:]))


def tick_label_boxes(fig, ax) -> list:
    """The window extents of ``ax``'s visible, non-empty x tick labels, drawn by Agg (the
    figure's own canvas when it has a renderer)."""
    if not hasattr(fig.canvas, "get_renderer"):
        from matplotlib.backends.backend_agg import FigureCanvasAgg
        FigureCanvasAgg(fig)                    # a closed figure: give it a canvas that measures
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    return [t.get_window_extent(renderer) for t in ax.get_xticklabels()
            if t.get_visible() and t.get_text()]


def readable_ticks(fig, ax, positions, labels) -> int:
    """Label the x axis with ``labels`` at ``positions``, keeping every ``step``-th label (the
    first always) so no two labels overlap; rotated by 30° when even every third one would not
    fit horizontally. Returns the step used."""
    n = len(labels)
    for rotation in (0, 30):
        for step in range(1, max(n, 1) + 1):
            if rotation == 0 and step > 3 and n > 6:
                break                              # horizontal would leave too few: rotate instead
            ax.set_xticks(list(positions[::step]))
            ax.set_xticklabels(list(labels[::step]), rotation=rotation,
                               ha="right" if rotation else "center",
                               rotation_mode="anchor" if rotation else "default")
            if not _overlap(tick_label_boxes(fig, ax)):
                return step
    return step


def scale_bounds(unit: str):
    """The ends of a bounded scale named in an axis unit (``value (1–5)``, ``value (0–100 %)``),
    else ``None``.

    >>> scale_bounds("value (1–5)"), scale_bounds("value (0–100 %)"), scale_bounds("meetings")
    ((1.0, 5.0), (0.0, 100.0), None)
    """
    import re
    m = re.search(r"\((-?\d+(?:\.\d+)?)\s*[–-]\s*(-?\d+(?:\.\d+)?)\b", str(unit))
    return (float(m.group(1)), float(m.group(2))) if m else None


@dataclass
class LineChart(Chart):
    """A :class:`Chart` drawn as lines over ``data``'s index (one line per column), e.g. meetings
    per month, survival steps or KPI trends; ``step=True`` draws steps (Kaplan–Meier).

    ``units``: column -> unit (its axis label). Columns in different units get axes of their own,
    one above the other on the same time axis, so a share (0–1) never lies flat under a score
    (0–100). A text index (months, dates) is labelled with :func:`readable_ticks`: thinned, or
    rotated, until no two labels overlap."""
    ylabel: str = ""
    step: bool = False
    units: dict = field(default_factory=dict)

    def unit_groups(self) -> list[tuple[str, list]]:
        """[(unit, columns)] in the order the columns come; one group when no units are given."""
        cols = list(self.data.columns)
        unit = {c: self.units.get(c, self.ylabel) for c in cols}
        return [(u, [c for c in cols if unit[c] == u]) for u in dict.fromkeys(unit.values())]

    @property
    def figure(self):
        if self._figure is None:
            style()
            if self.empty:
                fig, ax = plt.subplots(figsize=(8, 1.2))
                ax.text(0.5, 0.5, self.sentence(), ha="center", va="center", transform=ax.transAxes)
                ax.set_axis_off()
                plt.close(fig)
                self._figure = fig
                return fig
            groups = self.unit_groups()
            height = 3.6 if len(groups) == 1 else 1.2 + 2.2 * len(groups)
            fig, axes = plt.subplots(len(groups), 1, figsize=(8, height), sharex=True, squeeze=False)
            axes = list(axes[:, 0])
            index = list(self.data.index)
            text_index = not all(isinstance(v, (int, float, np.integer, np.floating)) for v in index)
            where = {v: i for i, v in enumerate(index)}
            colours = {c: PALETTE[i % len(PALETTE)] for i, c in enumerate(self.data.columns)}
            for ax, (unit, cols) in zip(axes, groups):
                for col in cols:
                    s = self.data[col].dropna()
                    x = [where[v] for v in s.index] if text_index else s.index
                    if self.step:
                        ax.step(x, s.to_numpy(), where="post", label=str(col), color=colours[col])
                    else:
                        ax.plot(x, s.to_numpy(), marker="o", label=str(col), color=colours[col])
                ax.set_ylabel(unit)
                if self.percent:    # shares read in percent, as the page prints them
                    from matplotlib.ticker import PercentFormatter
                    ax.yaxis.set_major_formatter(PercentFormatter(xmax=1, decimals=0, symbol=" %"))
                bounds = scale_bounds(unit)
                if bounds is not None:   # a bounded scale shown whole: 4.27 to 4.29 never looks like a fall
                    lo, hi = bounds
                    pad = (hi - lo) * 0.04
                    ax.set_ylim(lo - pad, hi + pad)
                ax.legend(fontsize=8)
            axes[0].set_title(self.title)
            axes[-1].set_xlabel(self.xlabel)
            fig.tight_layout()
            if not text_index and len(index) <= 16:    # e.g. months 0, 3, 6: a tick on each point
                axes[-1].set_xticks(index)
            if text_index:
                readable_ticks(fig, axes[-1], list(range(len(index))), [str(v) for v in index])
                fig.tight_layout()
                readable_ticks(fig, axes[-1], list(range(len(index))), [str(v) for v in index])
            plt.close(fig)
            self._figure = fig
        return self._figure
