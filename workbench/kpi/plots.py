"""Charts for the KPI review (the only module of :mod:`workbench.kpi` that draws).

Example
-------
>>> import pandas as pd
>>> frame = pd.DataFrame({"days_observed": [30, 60, 90, 120] * 5, "left": [1, 0] * 10,
...                       "treated": [1] * 10 + [0] * 10})
>>> fig = plot_survival(frame)   # doctest: +SKIP
"""
from __future__ import annotations

import pandas as pd

from ..evaluation.stats import format_p
from .survival import DAYS_PER_MONTH, kaplan_meier, logrank_p


def plot_survival(frame: pd.DataFrame, duration: str = "days_observed", event: str = "left",
                  group: str = "treated", title: str = "Share still employed",
                  min_group: int = 1):
    """Kaplan–Meier curves of staying employed, participants (1) against others (0), with their
    95 % log-log Greenwood bands and the log-rank p-value in the title; time in months.

    A group of fewer than ``min_group`` people (the program's minimum group size) is not drawn:
    each step of its curve would be one person's exit. The chart says so instead."""
    import matplotlib.pyplot as plt

    from .. import charts
    charts.style()
    fig, ax = plt.subplots(figsize=(8, 3.8))
    labels = {1: "participants", 0: "others"}
    frame = frame[[duration, event, group]].dropna()   # no outcome (e.g. gone before the start)
    hidden = []
    for g, color in ((1, charts.PALETTE[0]), (0, charts.PALETTE[1])):
        sub = frame[frame[group] == g]
        if sub.empty:
            continue
        if len(sub) < min_group:
            hidden.append(labels[g])
            continue
        km = kaplan_meier(sub[duration] / DAYS_PER_MONTH, sub[event])
        ax.step(km["time"], km["survival"], where="post", color=color, label=f"{labels[g]} ({len(sub)})")
        ax.fill_between(km["time"], km["lower"], km["upper"], step="post", color=color, alpha=0.2)
    if hidden:
        ax.set_title(f"{title} ({' and '.join(hidden)} not shown: fewer than {min_group} people)")
    else:
        p = logrank_p(frame[duration], frame[event], frame[group])
        ax.set_title(f"{title} (log-rank {format_p(p)})")
    ax.set_xlabel("months since entry")
    ax.set_ylim(0, 1.02)
    ax.legend()
    fig.tight_layout()
    return fig


def plot_kpi_trend(card, trend: pd.DataFrame | None = None):
    """One small chart per KPI: its value at each date of :func:`.trend.kpi_trend` with its 95 %
    interval, the target as a dashed line and the baseline as a dotted one. ``card``: a
    :class:`.scorecard.Scorecard` (its trend is used) or its table with ``trend`` given."""
    import matplotlib.pyplot as plt

    from .. import charts
    charts.style()
    if hasattr(card, "table"):
        trend = card.trend if trend is None else trend
        card = card.table
    n = max(1, len(card))
    cols = min(3, n)
    rows = -(-n // cols)
    fig, axes = plt.subplots(rows, cols, figsize=(4.2 * cols, 2.8 * rows), squeeze=False)
    for ax, row in zip(axes.flat, card.itertuples()):
        pts = trend[trend["kpi"] == row.kpi].sort_values("as_of") if trend is not None else pd.DataFrame()
        pts = pts.dropna(subset=["value"]) if len(pts) else pts
        ax.set_title(row.kpi, fontsize=9)
        if len(pts):
            when = pd.to_datetime(pts["as_of"])
            ax.plot(when, pts["value"], marker="o", color=charts.PALETTE[0])
            if "lower" in pts:
                ax.fill_between(when, pts["lower"], pts["upper"], color=charts.PALETTE[0], alpha=0.15)
            ax.tick_params(axis="x", labelsize=7, rotation=30)
        else:
            ax.text(0.5, 0.5, "not measurable", ha="center", va="center", transform=ax.transAxes)
            ax.set_xticks([])
        ax.axhline(row.target, color=charts.PALETTE[1], linestyle="--", linewidth=1, label="target")
        if row.baseline is not None and not pd.isna(row.baseline):
            ax.axhline(row.baseline, color="grey", linestyle=":", linewidth=1, label="baseline")
    for ax in list(axes.flat)[n:]:
        ax.set_visible(False)
    axes.flat[0].legend(fontsize=7, loc="best")
    fig.tight_layout()
    return fig


def plot_balance(table: pd.DataFrame):
    """Standardised mean differences before (hollow) and after (filled) weighting, one row per
    adjuster, with the ±0.1 band: who joins, and what the weighting evens out."""
    import matplotlib.pyplot as plt

    from .. import charts
    charts.style()
    fig, ax = plt.subplots(figsize=(8, max(2.5, 0.32 * len(table) + 1.2)))
    y = range(len(table))
    ax.scatter(table["smd_before"], y, facecolors="none", edgecolors=charts.PALETTE[1], label="before weighting")
    ax.scatter(table["smd_after"], y, color=charts.PALETTE[0], label="after weighting")
    ax.axvspan(-0.1, 0.1, color="grey", alpha=0.12)
    ax.axvline(0, color="grey", linewidth=0.8)
    ax.set_yticks(list(y))
    ax.set_yticklabels(table["variable"].astype(str).str.replace("$", r"\$", regex=False))
    ax.invert_yaxis()
    ax.set_xlabel("standardised mean difference, participants minus others")
    ax.set_title("Who joins: differences before and after weighting")
    ax.legend(fontsize=8)
    fig.tight_layout()
    return fig
