"""The one chart style every notebook uses: quiet colours, titles that state the finding.

Example
-------
>>> import pandas as pd
>>> fig = bar_compare(pd.DataFrame({"demand": [10, 4], "supply": [6, 8]}, index=["Sales", "HR"]),
...                   title="Sales needs 4 more mentor seats")
"""
from __future__ import annotations

import os

import matplotlib

if not os.environ.get("DISPLAY") and "inline" not in matplotlib.get_backend():
    matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402

PALETTE = ["#2F5D8A", "#E08E45", "#7A9E7E", "#B5485D", "#8C7AA9", "#C9B458"]
STYLE = {
    "figure.figsize": (8, 3.8), "figure.dpi": 100, "axes.spines.top": False,
    "axes.spines.right": False, "axes.titleweight": "bold", "axes.titlesize": 12,
    "axes.titlelocation": "left", "axes.prop_cycle": matplotlib.cycler(color=PALETTE),
    "font.size": 10, "legend.frameon": False, "axes.grid": True, "grid.alpha": 0.25,
}


def style() -> None:
    """Apply the workbench style to matplotlib (idempotent)."""
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
