"""Who joins: standardised mean differences (SMD) of each adjuster, before and after weighting.

SMD = (mean among participants − mean among others) / sqrt((var₁ + var₀) / 2), with the
unweighted variances as the common scale before and after (so the two columns compare);
a category enters as one 0/1 row per level. ``|SMD| > 0.1`` is flagged: the groups still differ on
it. Levels with fewer than ``min_group`` participants or others are not shown (their share would
give a small count back); the table says how many levels were left out.

Example
-------
>>> import pandas as pd
>>> d = pd.DataFrame({"treated": [1, 1, 0, 0], "perf": [4.0, 5.0, 3.0, 4.0], "weight": [1, 1, 1, 1]})
>>> balance_table(d, ["perf"], min_group=1).table[["variable", "smd_before"]].values.tolist()
[['perf', 1.414]]
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

import numpy as np
import pandas as pd

from .stats import is_number
from ..results import Shown

FLAG = 0.1
BALANCE_COLUMNS = ["variable", "mean_participants", "mean_others", "smd_before", "smd_after", "flag"]


@dataclass(frozen=True)
class Balance(Shown):
    """The balance table and how many small category levels it leaves out."""
    table: pd.DataFrame
    left_out: int

    @property
    def flagged(self) -> list[str]:
        return self.table.loc[self.table["flag"] != "", "variable"].tolist()

    # shown in a notebook (workbench.results)
    def to_frame(self) -> pd.DataFrame:
        return self.table.copy()

    def _headline(self) -> str:
        return f"{self.left_out} small category levels left out" if self.left_out else ""


def _wmean(x, w):
    return float(np.average(x, weights=w)) if len(x) and np.sum(w) > 0 else float("nan")


def balance_table(data: pd.DataFrame, adjust: Sequence[str], treated: str = "treated",
                  weight: str = "weight", min_group: int = 5) -> Balance:
    """One row per adjuster (per level for categories): means before weighting, SMD before and
    after, and ``flag`` (``"differs"`` when |SMD| after weighting exceeds :data:`FLAG`)."""
    t = data[treated].astype(float).to_numpy() == 1
    w = data[weight].to_numpy(float) if weight in data else np.ones(len(data))
    rows, left_out = [], 0
    for col in adjust:
        s = data[col]
        if is_number(s):
            parts = [(col, s.astype(float).to_numpy())]
        else:
            s = s.astype(str)
            parts = []
            for lv in sorted(s.unique()):
                x = (s == lv).to_numpy(float)
                if min(x[t].sum(), x[~t].sum()) < min_group:
                    left_out += 1
                    continue
                parts.append((f"{col}: {lv}", x))
        for name, x in parts:
            m1, m0 = x[t].mean(), x[~t].mean()
            sd = np.sqrt((x[t].var(ddof=1) + x[~t].var(ddof=1)) / 2)
            a1, a0 = _wmean(x[t], w[t]), _wmean(x[~t], w[~t])
            smd_b = (m1 - m0) / sd if sd > 0 else 0.0
            smd_a = (a1 - a0) / sd if sd > 0 else 0.0
            rows.append({"variable": name, "mean_participants": round(m1, 3), "mean_others": round(m0, 3),
                         "smd_before": round(smd_b, 3), "smd_after": round(smd_a, 3),
                         "flag": "differs" if abs(smd_a) > FLAG else ""})
    return Balance(pd.DataFrame(rows, columns=BALANCE_COLUMNS), left_out)
