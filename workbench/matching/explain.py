"""Who is left unmatched and why, and the :class:`~.result.MatchResult` of a pairing.

Reasons, checked in this order for each unmatched row:

* ``"no allowed partner"``: no pair is allowed (``allowed`` False or score NaN everywhere);
* ``"below min_score"``: some pairs are allowed but every one scores below ``min_score``;
* ``"every allowed partner full"``: usable partners exist but their places went to others.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from .problem import MatchProblem
from .result import MatchResult

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


def pairs_frame(p: MatchProblem, r: np.ndarray, c: np.ndarray, objective: str,
                names=("mentee", "mentor")) -> MatchResult:
    """A result whose rows are ``names[0], names[1], score`` sorted by row, with who is
    unmatched and why, the objective, total, lowest and matched (count)."""
    order = np.argsort(r, kind="stable")
    r, c = r[order], c[order]
    vals = p.scores[r, c]
    out = pd.DataFrame({names[0]: p.rows[r], names[1]: p.cols[c], "score": vals})
    return MatchResult.of(out, unmatched_reasons(p.allowed, p.usable, p.rows, r, names[0]), objective, vals)
