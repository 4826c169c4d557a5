"""Who is left unmatched and why, and the result frames with their ``attrs``.

Reasons, checked in this order for each unmatched row:

* ``"no allowed partner"``: no pair is allowed (``allowed`` False or score NaN everywhere);
* ``"below min_score"``: some pairs are allowed but every one scores below ``min_score``;
* ``"every allowed partner full"``: usable partners exist but their places went to others.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from .problem import Problem

NO_PARTNER = "no allowed partner"
BELOW = "below min_score"
FULL = "every allowed partner full"


def unmatched_reasons(allowed: np.ndarray, usable: np.ndarray, labels: pd.Index,
                      matched_rows: np.ndarray, label: str = "mentee") -> pd.DataFrame:
    """DataFrame ``[label, reason]`` for every row not in ``matched_rows``.

    >>> A = np.array([[True], [False], [True]]); U = np.array([[True], [False], [False]])
    >>> unmatched_reasons(A, U, pd.Index(["a", "b", "c"]), np.array([], int))["reason"].tolist()
    ['every allowed partner full', 'no allowed partner', 'below min_score']
    """
    mask = np.ones(len(labels), bool)
    mask[np.asarray(matched_rows, dtype=np.int64)] = False
    idx = np.flatnonzero(mask)
    has_allowed = allowed[idx].any(axis=1) if allowed.shape[1] else np.zeros(len(idx), bool)
    has_usable = usable[idx].any(axis=1) if usable.shape[1] else np.zeros(len(idx), bool)
    reason = np.where(~has_allowed, NO_PARTNER, np.where(~has_usable, BELOW, FULL))
    return pd.DataFrame({label: labels[idx], "reason": reason})


def pairs_frame(p: Problem, r: np.ndarray, c: np.ndarray, objective: str,
                names=("mentee", "mentor")) -> pd.DataFrame:
    """``names[0], names[1], score`` sorted by row, with ``attrs``: unmatched (who and why),
    objective, total, lowest, matched (count)."""
    order = np.argsort(r, kind="stable")
    r, c = r[order], c[order]
    vals = p.scores[r, c]
    out = pd.DataFrame({names[0]: p.rows[r], names[1]: p.cols[c], "score": vals})
    annotate(out, unmatched_reasons(p.allowed, p.usable, p.rows, r, names[0]), objective, vals)
    return out


def annotate(out: pd.DataFrame, unmatched: pd.DataFrame, objective: str, vals: np.ndarray) -> pd.DataFrame:
    out.attrs["unmatched"] = unmatched
    out.attrs["objective"] = objective
    out.attrs["total"] = float(np.sum(vals))
    out.attrs["lowest"] = float(np.min(vals)) if len(vals) else float("nan")
    out.attrs["matched"] = int(len(vals))
    return out
