"""Kaplan–Meier time to exit, participants against others, with Greenwood (log-log) 95 % bands.

Example
-------
>>> import pandas as pd
>>> km = kaplan_meier(pd.Series([2, 3, 3, 5]), pd.Series([1, 1, 0, 1]))
>>> km["survival"].round(3).tolist()
[1.0, 0.75, 0.5, 0.0]
"""
from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import stats


def kaplan_meier(durations: pd.Series, events: pd.Series) -> pd.DataFrame:
    """Survival at each event time (starting at time 0), with 95 % log-log Greenwood bands."""
    d = pd.DataFrame({"t": durations.to_numpy(float), "e": events.to_numpy(int)})
    times = np.sort(d.loc[d["e"] == 1, "t"].unique())
    s, var_sum, rows = 1.0, 0.0, [(0.0, 1.0, 1.0, 1.0, len(d))]
    for t in times:
        at_risk = int((d["t"] >= t).sum())
        dead = int(((d["t"] == t) & (d["e"] == 1)).sum())
        s *= 1 - dead / at_risk
        var_sum += dead / (at_risk * (at_risk - dead)) if at_risk > dead else np.inf
        if 0 < s < 1 and np.isfinite(var_sum):
            se = np.sqrt(var_sum) / abs(np.log(s))
            lo, hi = s ** np.exp(1.96 * se), s ** np.exp(-1.96 * se)
        else:
            lo = hi = s
        rows.append((t, s, lo, hi, at_risk))
    return pd.DataFrame(rows, columns=["time", "survival", "lower", "upper", "at_risk"])


def logrank_p(durations, events, groups) -> float:
    """Two-group log-rank test p-value."""
    d = pd.DataFrame({"t": np.asarray(durations, float), "e": np.asarray(events, int),
                      "g": np.asarray(groups)})
    g1 = d["g"].unique()[0]
    o_minus_e, var = 0.0, 0.0
    for t in np.sort(d.loc[d["e"] == 1, "t"].unique()):
        risk = d[d["t"] >= t]
        n, n1 = len(risk), int((risk["g"] == g1).sum())
        dead = risk[(risk["t"] == t) & (risk["e"] == 1)]
        k, k1 = len(dead), int((dead["g"] == g1).sum())
        o_minus_e += k1 - k * n1 / n
        if n > 1:
            var += k * (n1 / n) * (1 - n1 / n) * (n - k) / (n - 1)
    return float(stats.chi2.sf(o_minus_e ** 2 / var, 1)) if var > 0 else float("nan")


def plot_survival(frame: pd.DataFrame, duration="days_observed", event="left", group="treated"):
    """Kaplan–Meier curves of staying employed, participants against others, with bands."""
    from .. import charts
    import matplotlib.pyplot as plt
    charts.style()
    fig, ax = plt.subplots(figsize=(8, 3.8))
    labels = {1: "participants", 0: "others"}
    for g, color in ((1, charts.PALETTE[0]), (0, charts.PALETTE[1])):
        sub = frame[frame[group] == g]
        km = kaplan_meier(sub[duration] / 30.44, sub[event])
        ax.step(km["time"], km["survival"], where="post", color=color, label=f"{labels[g]} ({len(sub)})")
        ax.fill_between(km["time"], km["lower"], km["upper"], step="post", color=color, alpha=0.2)
    p = logrank_p(frame[duration], frame[event], frame[group])
    ax.set_title(f"Share still employed (log-rank p = {p:.3f})")
    ax.set_xlabel("months since the program start")
    ax.set_ylim(0, 1.02)
    ax.legend()
    fig.tight_layout()
    return fig
