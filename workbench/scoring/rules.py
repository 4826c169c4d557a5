"""Hard matching rules: the registry :data:`RULES`, and which pairs may never be made, and why.

Each rule is one :class:`Rule` entry, the whole truth about it: its ``program.yaml`` key under
``matching.rules``, its type and default, its plain text (notebook 03, docs/program.md), the
name a forbidden pair records, and its mask. ``matching.rules`` in ``program.yaml`` is checked
against this live list when a config is validated (:class:`workbench.config.Rules`), so a rule
appended here, or added for a while with :func:`registered_rule`, is accepted at once.

``allowed_mask`` returns an :class:`AllowedMask`: ``allowed`` (boolean DataFrame, mentees x
mentors) and ``codes`` (int8 array, 0 = allowed, else the index in :func:`rule_names` of the first
rule that forbade the pair; a person is never paired with themselves, code 1). ``reason(mentee,
mentor)`` gives the rule's name.

>>> [r.key for r in RULES]
['no_reporting_line', 'no_shared_manager', 'no_same_department', 'max_timezone_gap', 'min_level_gap', 'no_repeat_pairs']
>>> rule("max_timezone_gap").describe(3), rule("min_level_gap").describe(1), rule("min_level_gap").describe(2)
('time zones more than 3 hours apart', 'a mentor fewer than 1 level above the mentee', 'a mentor fewer than 2 levels above the mentee')
"""
from __future__ import annotations

import re
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cached_property
from typing import Any, Callable, Optional

import numpy as np
import pandas as pd

from .criteria import _codes, _col, level_gap, timezone_gap

__all__ = ["AllowedMask", "allowed_mask", "RULES", "registered_rule", "Rule", "RuleContext", "rule", "rule_names",
           "rule_help", "rule_values"]


@dataclass(frozen=True)
class Rule:
    """One hard rule. ``kind``: ``"switch"`` (yes/no) or ``"value"`` (a number, or none = off);
    ``type``: the config type of a value rule (``float`` / ``int``); ``default``: the config
    default; ``on_value``: the value a tool uses when it switches a value rule on without one.
    ``text``: what the rule forbids, in the client's words (``{v}`` is the value);
    ``reason``: the name a pair it forbids records; ``help``: that reason explained.
    ``mask(value, ctx)``: boolean (mentees x mentors) array of the pairs it forbids."""
    key: str
    kind: str
    default: Any
    text: str
    reason: str
    help: str
    mask: Callable[[Any, "RuleContext"], np.ndarray]
    type: type = bool
    minimum: Optional[float] = None
    on_value: Any = None

    def active(self, value) -> bool:
        return value not in (None, False)

    def describe(self, value) -> str:
        v = f"{value:g}" if isinstance(value, (int, float)) and not isinstance(value, bool) else value
        # the noun after the value in the right number: "1 level above", "2 levels above"
        return re.sub(r"(?<![\d.])1 (hour|level)s\b", r"1 \1", self.text.format(v=v))


@dataclass
class RuleContext:
    """What a rule's mask may look at: both sides' profiles, the HR table, earlier pairs."""
    mentees: pd.DataFrame
    mentors: pd.DataFrame
    workforce: Optional[pd.DataFrame] = None
    history: Optional[pd.DataFrame] = None
    reverse: bool = False

    @property
    def shape(self) -> tuple[int, int]:
        return len(self.mentees), len(self.mentors)

    @cached_property
    def lookup(self) -> dict:
        """employee id -> manager id (the HR table, else the profiles)."""
        return _manager_lookup(self.workforce, self.mentees, self.mentors)

    def up(self, ids) -> pd.Series:
        """The managers of ``ids`` (NaN where unknown), as an object Series."""
        return pd.Series([self.lookup.get(i, np.nan) for i in ids], dtype=object)

    @cached_property
    def managers(self) -> tuple[pd.Series, pd.Series]:
        """The mentees' and the mentors' managers."""
        return self.up(self.mentees.index), self.up(self.mentors.index)


def _same(x: pd.Series, y: pd.Series) -> np.ndarray:
    cx, cy = _codes(x, y)
    return (cx[:, None] == cy[None, :]) & (cx >= 0)[:, None]


def _reporting_line(on, ctx: RuleContext) -> np.ndarray:
    a1, b1 = ctx.managers
    a2, b2 = ctx.up(a1), ctx.up(b1)
    sa, sb = pd.Series(ctx.mentees.index, dtype=object), pd.Series(ctx.mentors.index, dtype=object)
    hit = np.zeros(ctx.shape, dtype=bool)
    # mentor is the mentee's manager or manager's manager, or the other way round
    for x, y in ((a1, sb), (a2, sb), (sa, b1), (sa, b2)):
        hit |= _same(x, y)
    return hit


def _shared_manager(on, ctx: RuleContext) -> np.ndarray:
    a1, b1 = ctx.managers
    return _same(a1, b1)


def _same_department(on, ctx: RuleContext) -> np.ndarray:
    return _same(_col(ctx.mentees, "department"), _col(ctx.mentors, "department"))


def _timezone(v, ctx: RuleContext) -> np.ndarray:
    with np.errstate(invalid="ignore"):
        return timezone_gap(ctx.mentees, ctx.mentors) > v


def _level(v, ctx: RuleContext) -> np.ndarray:
    with np.errstate(invalid="ignore"):
        return level_gap(ctx.mentees, ctx.mentors, ctx.reverse) < v


def _repeat(on, ctx: RuleContext) -> np.ndarray:
    hit = np.zeros(ctx.shape, dtype=bool)
    history = ctx.history
    if history is None or not len(history):
        return hit
    ri = {k: i for i, k in enumerate(ctx.mentees.index)}
    ci = {k: j for j, k in enumerate(ctx.mentors.index)}
    for x, y in zip(history["mentee_id"].values, history["mentor_id"].values):
        for p, q in ((x, y), (y, x)):
            i, j = ri.get(p), ci.get(q)
            if i is not None and j is not None:
                hit[i, j] = True
    return hit


# checked in this order; a pair records the first rule that forbids it (append new rules at the end:
# the codes of the earlier ones then stay the same)
RULES: list[Rule] = [
    Rule("no_reporting_line", "switch", True, "a mentor in the mentee's reporting line", "reporting_line",
         "mentor is the mentee's manager or manager's manager (or the other way round)", _reporting_line),
    Rule("no_shared_manager", "switch", False, "a mentor sharing the mentee's manager", "shared_manager",
         "mentor and mentee report to the same manager", _shared_manager),
    Rule("no_same_department", "switch", False, "a mentor from the mentee's own department",
         "same_department", "mentor and mentee work in the same department", _same_department),
    Rule("max_timezone_gap", "value", None, "time zones more than {v} hours apart", "timezone_gap",
         "time zones too far apart", _timezone, type=float, minimum=0, on_value=6.0),
    Rule("min_level_gap", "value", None, "a mentor fewer than {v} levels above the mentee", "level_gap",
         "level gap below the minimum", _level, type=int, on_value=1),
    Rule("no_repeat_pairs", "switch", True, "a pair from an earlier round", "repeat_pair",
         "the pair already existed in an earlier round", _repeat),
]
SELF = ("self", "a person cannot be paired with themselves")


def rule_names() -> tuple[str, ...]:
    """Reason per code: ``""`` (allowed), ``"self"``, then each rule's ``reason`` in order."""
    return ("", SELF[0]) + tuple(r.reason for r in RULES)


def rule_help() -> dict[str, str]:
    """Each reason explained."""
    return {SELF[0]: SELF[1], **{r.reason: r.help for r in RULES}}


def rule(key: str) -> Rule:
    """The rule with config key ``key``."""
    for r in RULES:
        if r.key == key:
            return r
    raise KeyError(f"unknown rule {key!r}; rules are {', '.join(r.key for r in RULES)}")


@contextmanager
def registered_rule(new: Rule):
    """Append ``new`` to :data:`RULES` for the duration (a test, a trial) and take it out again;
    while it is in, ``program.yaml`` accepts its key and every tool applies it (all read the live
    list). A permanent rule is an entry of :data:`RULES` instead.

    >>> r = Rule("no_trial", "switch", False, "a trial pair", "trial", "a trial", lambda on, ctx: None)
    >>> with registered_rule(r):
    ...     rule("no_trial").reason
    'trial'
    >>> "no_trial" in [r.key for r in RULES]
    False
    """
    if any(r.key == new.key for r in RULES):
        raise ValueError(f"rule {new.key!r} is already registered")
    RULES.append(new)
    try:
        yield new
    finally:
        RULES.remove(new)


@dataclass
class AllowedMask:
    allowed: pd.DataFrame          # bool, index mentee ids, columns mentor ids
    codes: np.ndarray              # int8, 0 allowed, else index into rule_names()

    def reason(self, mentee, mentor) -> str:
        i = self.allowed.index.get_loc(mentee)
        j = self.allowed.columns.get_loc(mentor)
        return rule_names()[int(self.codes[i, j])]

    @property
    def reasons(self) -> pd.DataFrame:
        """Rule name per pair ('' when allowed)."""
        names = np.array(rule_names(), dtype=object)
        return pd.DataFrame(names[self.codes], index=self.allowed.index, columns=self.allowed.columns)

    def counts(self) -> dict[str, int]:
        """Pairs forbidden by each rule (first rule only)."""
        names = rule_names()
        c = np.bincount(self.codes.ravel(), minlength=len(names))
        return {names[k]: int(c[k]) for k in range(1, len(names)) if c[k]}

    def symmetric(self) -> "AllowedMask":
        """One pool on both sides: a pair is allowed only if allowed both ways (the first rule
        either way is its reason)."""
        c = self.codes
        codes = np.where(c > 0, c, c.T).astype(np.int8)
        return AllowedMask(pd.DataFrame(codes == 0, index=self.allowed.index, columns=self.allowed.columns),
                           codes)

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


def rule_values(rules) -> dict:
    """``{key: value}`` of a ``Rules`` model, a dict, or None (every rule at its default)."""
    if rules is None:
        values = {}
    elif isinstance(rules, dict):
        values = dict(rules)
    else:
        values = rules.model_dump()
    return {r.key: values.get(r.key, r.default) for r in RULES}


def allowed_mask(mentees: pd.DataFrame, mentors: pd.DataFrame, rules=None,
                 workforce: Optional[pd.DataFrame] = None, history: Optional[pd.DataFrame] = None,
                 reverse: bool = False) -> AllowedMask:
    """Which pairs the rules allow, and for each forbidden pair the first rule that forbade it.

    ``rules``: a ``workbench.config.Rules`` (or a dict by key; None: the defaults).
    ``workforce``: HR table (employee_id, manager_id) for the reporting line (manager's manager
    may not be a participant); falls back to the profiles' manager_id. ``history``: earlier
    relationships (mentee_id, mentor_id) for ``no_repeat_pairs`` (either orientation).
    ``reverse``: reverse mentoring, the level rule measures mentee minus mentor.
    """
    values = rule_values(rules)
    a_ids, b_ids = pd.Index(mentees.index), pd.Index(mentors.index)
    codes = np.zeros((len(a_ids), len(b_ids)), dtype=np.int8)

    names = rule_names()

    def mark(cond: np.ndarray, name: str):
        codes[(codes == 0) & cond] = names.index(name)

    ca, cb = _codes(pd.Series(a_ids.astype(str)), pd.Series(b_ids.astype(str)))
    mark(ca[:, None] == cb[None, :], SELF[0])
    ctx = RuleContext(mentees, mentors, workforce, history, reverse)
    for rule in RULES:
        if rule.active(values[rule.key]):
            mark(rule.mask(values[rule.key], ctx), rule.reason)
    return AllowedMask(pd.DataFrame(codes == 0, index=a_ids, columns=b_ids), codes)
