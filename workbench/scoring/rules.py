"""Hard matching rules: which mentee x mentor pairs may never be made, and why.

``allowed_mask`` returns an :class:`AllowedMask`: ``allowed`` (boolean DataFrame, mentees x
mentors) and ``codes`` (int8 array, 0 = allowed, else the index in ``RULE_NAMES`` of the first
rule that forbade the pair). ``reason(mentee, mentor)`` gives the rule's name.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

import numpy as np
import pandas as pd

from ..config import Rules
from .criteria import _codes, _col, level_gap, timezone_gap

__all__ = ["AllowedMask", "allowed_mask", "RULE_NAMES"]

# checked in this order; a pair records the first rule that forbids it
RULE_NAMES = ("", "self", "reporting_line", "shared_manager", "same_department",
              "timezone_gap", "level_gap", "repeat_pair")
RULE_HELP = {
    "self": "a person cannot be paired with themselves",
    "reporting_line": "mentor is the mentee's manager or manager's manager (or the other way round)",
    "shared_manager": "mentor and mentee report to the same manager",
    "same_department": "mentor and mentee work in the same department",
    "timezone_gap": "time zones too far apart",
    "level_gap": "level gap below the minimum",
    "repeat_pair": "the pair already existed in an earlier round",
}


@dataclass
class AllowedMask:
    allowed: pd.DataFrame          # bool, index mentee ids, columns mentor ids
    codes: np.ndarray              # int8, 0 allowed, else index into RULE_NAMES

    def reason(self, mentee, mentor) -> str:
        i = self.allowed.index.get_loc(mentee)
        j = self.allowed.columns.get_loc(mentor)
        return RULE_NAMES[int(self.codes[i, j])]

    @property
    def reasons(self) -> pd.DataFrame:
        """Rule name per pair ('' when allowed)."""
        names = np.array(RULE_NAMES, dtype=object)
        return pd.DataFrame(names[self.codes], index=self.allowed.index, columns=self.allowed.columns)

    def counts(self) -> dict[str, int]:
        """Pairs forbidden by each rule (first rule only)."""
        c = np.bincount(self.codes.ravel(), minlength=len(RULE_NAMES))
        return {RULE_NAMES[k]: int(c[k]) for k in range(1, len(RULE_NAMES)) if c[k]}

    def subset(self, mentees=None, mentors=None) -> "AllowedMask":
        a = self.allowed
        ri = np.arange(len(a.index)) if mentees is None else a.index.get_indexer(pd.Index(mentees))
        ci = np.arange(len(a.columns)) if mentors is None else a.columns.get_indexer(pd.Index(mentors))
        codes = self.codes[np.ix_(ri, ci)]
        return AllowedMask(pd.DataFrame(codes == 0, index=a.index[ri], columns=a.columns[ci]), codes)


def _manager_lookup(workforce: Optional[pd.DataFrame], *profiles: pd.DataFrame) -> dict:
    """employee id -> manager id, from the workforce table, else from the profiles."""
    if workforce is not None and len(workforce) and "manager_id" in workforce.columns:
        wf = workforce.set_index("employee_id") if "employee_id" in workforce.columns else workforce
        m = wf["manager_id"]
    else:
        m = pd.concat([_col(p, "manager_id") for p in profiles])
    m = m[~m.index.duplicated()].dropna()
    return m.to_dict()


def allowed_mask(mentees: pd.DataFrame, mentors: pd.DataFrame, rules: Optional[Rules] = None,
                 workforce: Optional[pd.DataFrame] = None, history: Optional[pd.DataFrame] = None,
                 reverse: bool = False) -> AllowedMask:
    """Which pairs the rules allow, and for each forbidden pair the first rule that forbade it.

    ``workforce``: HR table (employee_id, manager_id) for the reporting line (manager's manager
    may not be a participant); falls back to the profiles' manager_id. ``history``: earlier
    relationships (mentee_id, mentor_id) for ``no_repeat_pairs`` (either orientation).
    ``reverse``: reverse mentoring, the level rule measures mentee minus mentor.
    """
    rules = rules or Rules()
    a_ids, b_ids = pd.Index(mentees.index), pd.Index(mentors.index)
    n, m = len(a_ids), len(b_ids)
    codes = np.zeros((n, m), dtype=np.int8)

    def mark(cond: np.ndarray, name: str):
        code = RULE_NAMES.index(name)
        codes[(codes == 0) & cond] = code

    # self pairs
    ca, cb = _codes(pd.Series(a_ids.astype(str)), pd.Series(b_ids.astype(str)))
    mark(ca[:, None] == cb[None, :], "self")

    if rules.no_reporting_line or rules.no_shared_manager:
        lookup = _manager_lookup(workforce, mentees, mentors)

        def up(ids):
            return pd.Series([lookup.get(i, np.nan) for i in ids], dtype=object)
        sa, sb = pd.Series(a_ids, dtype=object), pd.Series(b_ids, dtype=object)
        a1, b1 = up(sa), up(sb)
    if rules.no_reporting_line:
        a2, b2 = up(a1), up(b1)
        hit = np.zeros((n, m), dtype=bool)
        # mentor is the mentee's manager or manager's manager, or the other way round
        for x, y in ((a1, sb), (a2, sb), (sa, b1), (sa, b2)):
            cx, cy = _codes(x, y)
            hit |= (cx[:, None] == cy[None, :]) & (cx >= 0)[:, None]
        mark(hit, "reporting_line")
    if rules.no_shared_manager:
        cx, cy = _codes(a1, b1)
        mark((cx[:, None] == cy[None, :]) & (cx >= 0)[:, None], "shared_manager")
    if rules.no_same_department:
        cx, cy = _codes(_col(mentees, "department"), _col(mentors, "department"))
        mark((cx[:, None] == cy[None, :]) & (cx >= 0)[:, None], "same_department")
    if rules.max_timezone_gap is not None:
        with np.errstate(invalid="ignore"):
            mark(timezone_gap(mentees, mentors) > rules.max_timezone_gap, "timezone_gap")
    if rules.min_level_gap is not None:
        with np.errstate(invalid="ignore"):
            mark(level_gap(mentees, mentors, reverse) < rules.min_level_gap, "level_gap")
    if rules.no_repeat_pairs and history is not None and len(history):
        ri = {k: i for i, k in enumerate(a_ids)}
        ci = {k: j for j, k in enumerate(b_ids)}
        hit = np.zeros((n, m), dtype=bool)
        for x, y in zip(history["mentee_id"].values, history["mentor_id"].values):
            for p, q in ((x, y), (y, x)):
                i, j = ri.get(p), ci.get(q)
                if i is not None and j is not None:
                    hit[i, j] = True
        mark(hit, "repeat_pair")
    return AllowedMask(pd.DataFrame(codes == 0, index=a_ids, columns=b_ids), codes)
