"""Matching criteria: the registry :data:`CRITERIA` and per-criterion score matrices (numpy).

Each criterion kind is one :class:`CriterionKind` entry, the whole truth about it: its config
parameters, its plain meaning (shown in notebook 03 and docs/program.md), and its score function.
A criterion scores every mentee x mentor pair in [0, 1]; a missing value on either side scores 0.
The weighted total is ``sum(weight * score)``, so it lies in ``[0, sum(weights)]``.
``workbench.config`` accepts exactly the kinds registered here (this module imports no config).

Example
-------
>>> sorted(CRITERIA)
['different', 'level_gap', 'overlap', 'preference', 'same', 'timezone']
>>> CRITERIA["level_gap"].describe({"min_gap": 1, "max_gap": 3})
'mentor 1-3 levels above'
>>> from workbench.config import Criterion
>>> bd = score_matrix(mentees, mentors, [Criterion(kind="overlap", weight=3)])  # doctest: +SKIP
>>> bd.total.loc["E001", "E042"]                                                 # doctest: +SKIP
>>> bd.rescore({"overlap": 1.0})                                                 # doctest: +SKIP
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, Iterable, Mapping, Optional

import numpy as np
import pandas as pd

__all__ = ["ScoreBreakdown", "score_matrix", "criterion_names", "CriterionKind", "CRITERIA"]


# ---------------------------------------------------------------------------------------- helpers
def _is_list_col(*cols: pd.Series) -> bool:
    for c in cols:
        for v in c.values:
            if isinstance(v, (tuple, list, set, frozenset)):
                return True
            if v is not None and not (isinstance(v, float) and np.isnan(v)):
                return False
    return False


def _items(v) -> tuple:
    if isinstance(v, (tuple, list, set, frozenset)):
        return tuple(x for x in v if x is not None and x == x and str(x) != "")
    if v is None or (isinstance(v, float) and np.isnan(v)) or v is pd.NA or v is pd.NaT:
        return ()
    return (v,)


def multi_hot(a: pd.Series, b: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """Multi-hot float matrices (len(a) x k, len(b) x k) over the union of the items in a and b."""
    vocab: dict = {}
    rows_a = [[vocab.setdefault(x, len(vocab)) for x in _items(v)] for v in a.values]
    rows_b = [[vocab.setdefault(x, len(vocab)) for x in _items(v)] for v in b.values]
    k = max(len(vocab), 1)

    def build(rows):
        m = np.zeros((len(rows), k), dtype=np.float64)
        r = np.repeat(np.arange(len(rows)), [len(x) for x in rows])
        c = np.fromiter((j for x in rows for j in x), dtype=np.int64, count=len(r))
        m[r, c] = 1.0
        return m

    return build(rows_a), build(rows_b)


def _codes(a: pd.Series, b: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """Shared integer codes for two scalar columns; missing -> -1."""
    both = pd.concat([a.astype(object), b.astype(object)], ignore_index=True)
    codes, _ = pd.factorize(both, use_na_sentinel=True)
    return codes[: len(a)], codes[len(a):]


def _num(s: pd.Series) -> np.ndarray:
    return pd.to_numeric(s, errors="coerce").astype("float64").to_numpy(na_value=np.nan)


def _col(df: pd.DataFrame, name: Optional[str]) -> pd.Series:
    if name and name in df.columns:
        return df[name]
    return pd.Series([np.nan] * len(df), index=df.index, dtype=object)


def criterion_names(criteria: Iterable) -> list[str]:
    """Criterion names, made unique (``name``, ``name_2``, ...) when two criteria share one."""
    names, seen = [], {}
    for c in criteria:
        base = c.name or c.field or c.kind
        seen[base] = seen.get(base, 0) + 1
        names.append(base if seen[base] == 1 else f"{base}_{seen[base]}")
    return names


# --------------------------------------------------------------------------------- criteria kinds
def score_same(mentees, mentors, fld, different=False) -> np.ndarray:
    a, b = _col(mentees, fld), _col(mentors, fld)
    if _is_list_col(a, b):
        A, B = multi_hot(a, b)
        share = (A @ B.T) > 0
        known = (A.sum(1) > 0)[:, None] & (B.sum(1) > 0)[None, :]
        out = (~share if different else share) & known
        return out.astype(np.float64)
    ca, cb = (np.where(c >= 0, c, np.nan) for c in _codes(a, b))
    return _pairwise_small(ca, cb, (lambda x, y: x != y) if different else (lambda x, y: x == y))


def score_overlap(mentees, mentors, wants="wants", offers="offers") -> np.ndarray:
    W, O = multi_hot(_col(mentees, wants), _col(mentors, offers))
    n_wants = W.sum(1)
    inv = np.divide(1.0, n_wants, out=np.zeros_like(n_wants), where=n_wants > 0)
    out = W @ O.T
    out *= inv[:, None]
    return out


def _pairwise_small(a: np.ndarray, b: np.ndarray, f) -> np.ndarray:
    """f(a_i, b_j) for all pairs, evaluated on the distinct values only, then gathered.

    ``f`` gets broadcastable arrays and returns scores; a NaN on either side scores 0."""
    ua, ia = np.unique(a, return_inverse=True)   # NaN sorts last and stays NaN
    ub, ib = np.unique(b, return_inverse=True)
    with np.errstate(invalid="ignore"):
        small = np.nan_to_num(np.asarray(f(ua[:, None], ub[None, :]), dtype=np.float64), nan=0.0)
    small[np.isnan(ua), :] = 0.0
    small[:, np.isnan(ub)] = 0.0
    return small[ia.reshape(-1)[:, None], ib.reshape(-1)[None, :]]


def level_gap(mentees, mentors, reverse=False) -> np.ndarray:
    """Mentor level minus mentee level (mentee minus mentor when ``reverse``); NaN when missing."""
    la, lb = _num(_col(mentees, "level")), _num(_col(mentors, "level"))
    gap = lb[None, :] - la[:, None]
    return -gap if reverse else gap


def _level_score(gap, min_gap, max_gap):
    width = max(max_gap - min_gap, 1)
    dist = np.maximum(np.maximum(min_gap - gap, gap - max_gap), 0.0)
    return np.clip(1.0 - dist / width, 0.0, 1.0)


def score_level_gap(mentees, mentors, min_gap=1, max_gap=3, reverse=False) -> np.ndarray:
    """1 when the gap is within [min_gap, max_gap], falling linearly to 0 one range
    (max_gap - min_gap, at least 1) beyond either end."""
    la, lb = _num(_col(mentees, "level")), _num(_col(mentors, "level"))
    sign = -1.0 if reverse else 1.0
    return _pairwise_small(la, lb, lambda x, y: _level_score(sign * (y - x), min_gap, max_gap))


def timezone_gap(mentees, mentors) -> np.ndarray:
    ta, tb = _num(_col(mentees, "timezone")), _num(_col(mentors, "timezone"))
    return np.abs(tb[None, :] - ta[:, None])


def score_timezone(mentees, mentors, max_hours=6.0) -> np.ndarray:
    ta, tb = _num(_col(mentees, "timezone")), _num(_col(mentors, "timezone"))
    return _pairwise_small(ta, tb, lambda x, y: np.clip(1.0 - np.abs(y - x) / max_hours, 0.0, 1.0))


def score_preference(mentees, mentors) -> np.ndarray:
    pos = {pid: j for j, pid in enumerate(mentors.index)}
    out = np.zeros((len(mentees), len(mentors)), dtype=np.float64)
    prefs = _col(mentees, "preferences").values
    r, c = [], []
    for i, v in enumerate(prefs):
        for p in _items(v):
            j = pos.get(p)
            if j is not None:
                r.append(i)
                c.append(j)
    out[r, c] = 1.0
    return out


# ------------------------------------------------------------------------------------ registry
@dataclass(frozen=True)
class CriterionKind:
    """One criterion kind: its parameters, its plain meaning and its score function.

    ``params``: the :class:`~workbench.config.Criterion` keys it reads (besides ``name`` and
    ``weight``); ``needs``: the keys that must be given. ``meaning``: a template over the
    parameters (``"same {field}"``), the words notebook 03 shows. ``doc``: one line for
    docs/program.md. ``score(c, mentees, mentors, reverse)`` returns the (mentees x mentors)
    array in [0, 1] for criterion ``c``. ``named_by``: the default name is the ``field`` or the
    ``kind``. ``pool_meaning``: the meaning when one pool is matched among itself (peers,
    circles: scores averaged over both directions), if it reads differently. ``label``: the
    criterion's name on a client page when the program names it by its kind (``level_gap`` reads
    ``level gap``), never the config key.
    """
    kind: str
    meaning: str
    doc: str
    score: Callable[..., np.ndarray]
    params: tuple[str, ...] = ()
    needs: tuple[str, ...] = ()
    named_by: str = "kind"
    pool_meaning: str = ""
    label: str = ""          # the criterion as a client page names it when the config names it by its kind

    def describe(self, values: Mapping, pool: bool = False) -> str:
        """The plain meaning with the criterion's values filled in (``pool``: peers, circles)."""
        text = self.pool_meaning if pool and self.pool_meaning else self.meaning
        return text.format(**{p: values.get(p) for p in self.params})


def _overlap(c, a, b, reverse):
    return score_overlap(a, b, c.field, c.field) if c.field else score_overlap(a, b)


CRITERIA: dict[str, CriterionKind] = {k.kind: k for k in (
    CriterionKind("same", "same {field}", "1 when mentee and mentor have the same `field` (a workforce or "
                  "people column such as `department`, `location`, `languages`; required)",
                  lambda c, a, b, r: score_same(a, b, c.field), ("field",), ("field",), "field"),
    CriterionKind("different", "different {field}", "1 when mentee and mentor have a different `field` "
                  "(required)", lambda c, a, b, r: score_same(a, b, c.field, different=True),
                  ("field",), ("field",), "field"),
    CriterionKind("overlap", "mentor offers what the mentee wants",
                  "share of what the mentee `wants` that the mentor `offers` (with `field`: the share "
                  "of the mentee's `field` items the mentor also has)", _overlap, ("field",),
                  pool_meaning="one offers what the other wants", label="skills wanted and offered"),
    CriterionKind("level_gap", "mentor {min_gap}-{max_gap} levels above",
                  "1 when mentor level − mentee level is within [`min_gap`, `max_gap`] (defaults 1, 3; "
                  "reverse format: mentee − mentor), falling off linearly outside",
                  lambda c, a, b, r: score_level_gap(a, b, c.min_gap, c.max_gap, r), ("min_gap", "max_gap"),
                  pool_meaning="{min_gap}-{max_gap} levels apart (either way, averaged)", label="level gap"),
    CriterionKind("timezone", "time zones close (no credit at {max_hours:g} hours apart or more)",
                  "1 at zero hours apart, 0 at `max_hours` (default 6, > 0) or more",
                  lambda c, a, b, r: score_timezone(a, b, c.max_hours), ("max_hours",), label="time zone"),
    CriterionKind("preference", "the mentee asked for this mentor",
                  "1 when the mentee named the mentor among their `preferences`",
                  lambda c, a, b, r: score_preference(a, b), pool_meaning="one asked for the other",
                  label="the mentee's preference"),
)}


def score_criterion(c, mentees, mentors, reverse=False) -> np.ndarray:
    """The (mentees x mentors) score array of criterion ``c`` (its kind's registry entry)."""
    try:
        kind = CRITERIA[c.kind]
    except KeyError:
        raise ValueError(f"unknown criterion kind {c.kind!r}; kinds are {', '.join(CRITERIA)}") from None
    return kind.score(c, mentees, mentors, reverse)


# ------------------------------------------------------------------------------------- breakdown
@dataclass
class ScoreBreakdown:
    """Cached per-criterion score matrices and their weighted total.

    ``per_criterion``: name -> (n_mentees x n_mentors) array in [0, 1];
    ``weights``: name -> weight; ``total``: DataFrame (index mentee ids, columns mentor ids).
    """
    mentee_ids: pd.Index
    mentor_ids: pd.Index
    per_criterion: dict[str, np.ndarray]
    weights: dict[str, float]
    criteria: list = field(default_factory=list)
    total: pd.DataFrame = field(init=False)

    def __post_init__(self):
        self.total = self._total(self.weights)

    def _total(self, weights: Mapping[str, float]) -> pd.DataFrame:
        shape = (len(self.mentee_ids), len(self.mentor_ids))
        acc = np.zeros(shape, dtype=np.float64)
        tmp = None
        for name, arr in self.per_criterion.items():
            w = float(weights.get(name, 0.0))
            if w:
                tmp = np.multiply(arr, w, out=tmp)
                acc += tmp
        return pd.DataFrame(acc, index=self.mentee_ids, columns=self.mentor_ids)

    @property
    def max_total(self) -> float:
        return float(sum(self.weights.values()))

    def rescore(self, weights: Mapping[str, float]) -> "ScoreBreakdown":
        """A new breakdown with other weights, reusing the cached arrays (no recomputation).

        Names not given keep their current weight; unknown names raise ``KeyError``.
        """
        unknown = sorted(set(weights) - set(self.per_criterion))
        if unknown:
            raise KeyError(f"unknown criterion {unknown[0]!r}; criteria are {', '.join(self.per_criterion)}")
        new = {**self.weights, **{k: float(v) for k, v in weights.items()}}
        if any(v < 0 for v in new.values()):
            raise ValueError("weights must not be negative")
        return ScoreBreakdown(self.mentee_ids, self.mentor_ids, self.per_criterion, new, self.criteria)

    def contributions(self, mentee_pos: np.ndarray, mentor_pos: np.ndarray) -> pd.DataFrame:
        """weight x score per criterion for the given (row, column) positions."""
        return pd.DataFrame({f"contrib_{n}": self.weights.get(n, 0.0) * a[mentee_pos, mentor_pos]
                             for n, a in self.per_criterion.items()})

    def symmetric(self) -> "ScoreBreakdown":
        """One pool on both sides (peers, circles): each criterion averaged over both directions."""
        if not self.mentee_ids.equals(self.mentor_ids):
            raise ValueError("symmetric() needs the same people on both sides")
        per = {n: (a + a.T) / 2 for n, a in self.per_criterion.items()}
        return ScoreBreakdown(self.mentee_ids, self.mentor_ids, per, dict(self.weights), self.criteria)

    def subset(self, mentees=None, mentors=None) -> "ScoreBreakdown":
        """The breakdown restricted to some mentee / mentor ids (same weights)."""
        ri = np.arange(len(self.mentee_ids)) if mentees is None else self.mentee_ids.get_indexer(pd.Index(mentees))
        ci = np.arange(len(self.mentor_ids)) if mentors is None else self.mentor_ids.get_indexer(pd.Index(mentors))
        if (ri < 0).any() or (ci < 0).any():
            raise KeyError("unknown id in subset")
        per = {n: a[np.ix_(ri, ci)] for n, a in self.per_criterion.items()}
        return ScoreBreakdown(self.mentee_ids[ri], self.mentor_ids[ci], per, dict(self.weights), self.criteria)


def score_matrix(mentees: pd.DataFrame, mentors: pd.DataFrame, criteria: Iterable,
                 reverse: bool = False) -> ScoreBreakdown:
    """Score every mentee (rows) against every mentor (columns) on each criterion.

    ``mentees`` / ``mentors``: profile frames indexed by person id (see ``Program.profiles``).
    ``criteria``: validated :class:`workbench.config.Criterion` entries (e.g.
    ``program.config.matching.criteria``; a plain dict is validated by the config, not here, as
    this module sits below it). ``reverse``: reverse mentoring, the level gap is measured mentee
    minus mentor.
    """
    criteria = list(criteria)
    names = criterion_names(criteria)
    per = {n: score_criterion(c, mentees, mentors, reverse) for n, c in zip(names, criteria)}
    weights = {n: float(c.weight) for n, c in zip(names, criteria)}
    return ScoreBreakdown(pd.Index(mentees.index), pd.Index(mentors.index), per, weights, criteria)
