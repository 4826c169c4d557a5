"""Small-cell suppression for every client-facing table.

A count below the program's minimum group size ``k`` (but above zero) is hidden, and so is a
second cell in any row or column that would otherwise have exactly one hidden cell: with the row
and column totals shown, a single hidden cell could be recovered by subtraction. Totals are
computed from the true counts and shown; rows are never dropped silently.

Example
-------
>>> import pandas as pd
>>> t = pd.DataFrame({"mentees": [12, 3, 40], "mentors": [6, 9, 11]}, index=["A", "B", "C"])
>>> suppress_counts(t, k=5)["mentees"].tolist()   # B is small; A hidden too, else 55-12-40 = 3
['hidden', '<5', '40', '55']
"""
from __future__ import annotations

import numpy as np
import pandas as pd


def suppression_mask(counts: np.ndarray, k: int) -> np.ndarray:
    """Cells to hide: primary (0 < n < k) plus complementary cells so no row or column of the
    table has exactly one hidden cell (the smallest remaining non-zero cell is added)."""
    values = np.asarray(counts, dtype=float)
    hidden = (values > 0) & (values < k)
    changed = True
    while changed:
        changed = False
        for axis in (0, 1):
            lines = hidden if axis == 1 else hidden.T
            vals = values if axis == 1 else values.T
            for i in range(lines.shape[0]):
                if lines[i].sum() == 1:
                    candidates = np.where(~lines[i] & (vals[i] > 0), vals[i], np.inf)
                    if np.isfinite(candidates.min()):
                        j = int(np.argmin(candidates))
                        if axis == 1:
                            hidden[i, j] = True
                        else:
                            hidden[j, i] = True
                        changed = True
    return hidden


def suppress_counts(table: pd.DataFrame, k: int, columns=None, total: bool = True,
                    total_label: str = "Total") -> pd.DataFrame:
    """Return ``table`` as display text: small counts shown as ``"<k"``, complementary ones as
    ``"hidden"``.

    ``columns``: the count columns (default: all numeric ones); other columns pass through.
    With ``total=True`` a total row is added (from the true counts; safe because every row and
    column has zero or at least two hidden cells). A table with a single count column is made
    safe by hiding the total when exactly one cell is hidden.
    """
    columns = list(columns) if columns is not None else list(table.select_dtypes("number").columns)
    counts = table[columns].fillna(0).to_numpy(dtype=float)
    hidden = suppression_mask(counts, k) if counts.size else np.zeros_like(counts, bool)
    primary = (counts > 0) & (counts < k)
    out = table.copy().astype(object)
    for j, col in enumerate(columns):
        out[col] = [(f"<{k}" if p else "hidden") if h else str(int(v))
                    for v, h, p in zip(counts[:, j], hidden[:, j], primary[:, j])]
    if total:
        sums = counts.sum(axis=0)
        row = {c: "" for c in out.columns}
        for j, col in enumerate(columns):
            single_hidden = hidden[:, j].sum() == 1  # one hidden cell: the total would reveal it
            row[col] = "hidden" if single_hidden else str(int(sums[j]))
        out.loc[total_label] = pd.Series(row)
    return out


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
    """For charts: rows holding any count below ``k`` are merged into one ``other`` row; a cell of
    the merged row that is still below ``k`` becomes NaN (not drawn). Numeric columns only.

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
