"""Small-cell suppression helpers kept for older callers; the rules live in
:mod:`workbench.disclosure` (one layer for every client-facing figure).

Example
-------
>>> import pandas as pd
>>> t = pd.DataFrame({"mentees": [12, 3, 40], "mentors": [6, 9, 11]}, index=["A", "B", "C"])
>>> suppress_counts(t, k=5)["mentees"].tolist()   # B is small; A hidden too, else 55-12-40 = 3
['hidden', 'hidden', '40', '55']
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from .disclosure import MARK, TOTAL, Column, protect


def suppression_mask(counts: np.ndarray, k: int) -> np.ndarray:
    """Cells to hide in a table of counts whose column totals are published (see
    :func:`workbench.disclosure.protect`)."""
    frame = pd.DataFrame(np.asarray(counts, dtype=float))
    frame.columns = [str(c) for c in frame.columns]
    p = protect(frame, k, name="mask", dimension="row", columns=[Column(c) for c in frame.columns])
    return p.hidden.loc[p.body].to_numpy()


def suppress_counts(table: pd.DataFrame, k: int, columns=None, total: bool = True,
                    total_label: str = TOTAL) -> pd.DataFrame:
    """Return ``table`` as display text with every hidden count shown as ``"hidden"``.

    ``columns``: the count columns (default: all numeric ones); other columns pass through.
    ``total=True`` adds a total row; hidden cells then follow the complementary rule of
    :func:`workbench.disclosure.protect` (a total below ``k`` is hidden too).
    """
    columns = list(columns) if columns is not None else list(table.select_dtypes("number").columns)
    cols = [Column(str(c), partition=total) for c in columns]
    frame = table.rename(columns={c: str(c) for c in columns})
    shown = protect(frame, k, name="table", dimension="row", columns=cols, total=total).shown()
    shown = shown.rename(columns={str(c): c for c in columns}, index={TOTAL: total_label})
    return shown[list(table.columns)]


def visible_groups(frame: pd.DataFrame, by: str, k: int, other: str = "Other") -> pd.Series:
    """Map each value of ``frame[by]`` to itself, or to ``other`` when its group is smaller than k.

    If only one group would fall into ``other`` and it is still small, the next-smallest group
    joins it so the merged group is never a lone small one.
    """
    sizes = frame[by].value_counts()
    small = list(sizes[sizes < k].index)
    if small and sizes[small].sum() < k:
        rest = sizes.drop(small).sort_values()
        for name, n in rest.items():
            small.append(name)
            if sizes[small].sum() >= k:
                break
    return frame[by].where(~frame[by].isin(small), other)


def merge_small(table: pd.DataFrame, k: int, other: str = "Other") -> pd.DataFrame:
    """Rows holding any count below ``k`` merged into one ``other`` row; a merged cell still
    below ``k`` becomes NaN (not drawn). Numeric columns only.

    >>> t = pd.DataFrame({"mentees": [30, 2, 3], "mentors": [9, 1, 2]}, index=["A", "B", "C"])
    >>> merge_small(t, 5)["mentees"].tolist()
    [30.0, 5.0]
    """
    counts = table.select_dtypes("number")
    small = ((counts > 0) & (counts < k)).any(axis=1)
    out = counts[~small].astype(float)
    if small.any():
        merged = counts[small].sum().astype(float)
        merged[(merged > 0) & (merged < k)] = np.nan
        out.loc[other] = merged
    return out


__all__ = ["MARK", "merge_small", "suppress_counts", "suppression_mask", "visible_groups"]
