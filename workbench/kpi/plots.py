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

from .survival import DAYS_PER_MONTH, kaplan_meier, logrank_p


def plot_survival(frame: pd.DataFrame, duration: str = "days_observed", event: str = "left",
                  group: str = "treated", title: str = "Share still employed"):
    """Kaplan–Meier curves of staying employed, participants (1) against others (0), with their
    95 % log-log Greenwood bands and the log-rank p-value in the title; time in months."""
    import matplotlib.pyplot as plt

    from .. import charts
    charts.style()
    fig, ax = plt.subplots(figsize=(8, 3.8))
    labels = {1: "participants", 0: "others"}
    frame = frame[[duration, event, group]].dropna()   # no outcome (e.g. gone before the start)
    for g, color in ((1, charts.PALETTE[0]), (0, charts.PALETTE[1])):
        sub = frame[frame[group] == g]
        if sub.empty:
            continue
        km = kaplan_meier(sub[duration] / DAYS_PER_MONTH, sub[event])
        ax.step(km["time"], km["survival"], where="post", color=color, label=f"{labels[g]} ({len(sub)})")
        ax.fill_between(km["time"], km["lower"], km["upper"], step="post", color=color, alpha=0.2)
    p = logrank_p(frame[duration], frame[event], frame[group])
    ax.set_title(f"{title} (log-rank p = {p:.3f})")
    ax.set_xlabel("months since entry")
    ax.set_ylim(0, 1.02)
    ax.legend()
    fig.tight_layout()
    return fig
