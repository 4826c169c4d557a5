"""Small-group rule for KPI tables shown to a client: a segment with fewer than ``k`` people is
not shown (its row is removed, not blanked, so neither its figures nor its size appear), and the
table says how many segments were left out in ``attrs["suppressed_note"]``.

Example
-------
>>> import pandas as pd
>>> t = pd.DataFrame({"people": [12, 3, 40], "satisfaction": [4.1, 2.0, 3.9]}, index=["A", "B", "C"])
>>> shown = suppress_small_groups(t, "people", k=5)
>>> shown.index.tolist(), shown.attrs["suppressed_note"]
(['A', 'C'], '1 group with fewer than 5 people is not shown.')
"""
from __future__ import annotations

import pandas as pd


def suppress_small_groups(table: pd.DataFrame, n_col: str, k: int) -> pd.DataFrame:
    """Drop the rows whose ``n_col`` is below ``k`` (the program's ``min_group_size``)."""
    small = table[n_col].fillna(0) < k
    out = table[~small].copy()
    out.attrs.update(table.attrs)
    dropped = int(small.sum())
    out.attrs["suppressed"] = dropped
    out.attrs["suppressed_note"] = "" if not dropped else (
        f"{dropped} group{'s' if dropped > 1 else ''} with fewer than {k} people "
        f"{'are' if dropped > 1 else 'is'} not shown.")
    return out
