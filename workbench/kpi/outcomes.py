"""Participants against comparable non-participants, raw and adjusted, with honest uncertainty.

:func:`outcome_comparison` is a public contract (outside checks call it). It compares a 0/1
outcome (left, promoted, ...) between treated (1) and control (0) people twice:

* **raw**: the two rates, their difference with **Newcombe's hybrid score 95 % interval**
  (method 10 in Newcombe 1998, built from two Wilson intervals; it stays inside [-1, 1] and
  behaves with rates near 0 or 1 where a Wald interval does not), and the unadjusted odds ratio
  with its Woolf (Wald on log-odds) 95 % interval;
* **adjusted**: a logistic regression (statsmodels ``Logit``) of the outcome on ``treated`` plus
  the ``adjust`` columns; the odds ratio of ``treated`` with its 95 % Wald interval on the
  log-odds scale and the Wald p-value.

When the data cannot support an answer the figures are ``None`` and :attr:`reason` says why in
plain words (:attr:`conclusion` then reads ``"cannot conclude: ..."``):

* fewer than :data:`MIN_GROUP` people in either group: nothing is computed;
* fewer than :data:`MIN_EVENTS` outcomes, or non-outcomes, in either group: the raw rates are
  given, but no odds ratio (an odds ratio on 2 events means nothing);
* the regression cannot be fitted: perfect separation, no convergence (often quasi-separation:
  a category in which everyone, or no one, had the outcome), a singular design (redundant
  columns), or an unstable estimate (standard error of the log odds ratio above
  :data:`MAX_LOG_OR_SE`): the raw figures are kept, the adjusted ones are ``None``.

Decision on constant ``adjust`` columns: a column with one value for everyone carries no
information to adjust for, and adjusting for it would make the design singular; it is **dropped
with a note** (:attr:`notes`) and left out of :attr:`adjusted_for`; the result is identical to
not passing it. Categorical columns are dummy-coded against their most frequent level (the
reference; ties broken alphabetically), which does not change the odds ratio of ``treated``.
Rows with a missing value in any used column are dropped (and the count is noted).

Example
-------
>>> import numpy as np, pandas as pd
>>> rng = np.random.default_rng(0)
>>> df = pd.DataFrame({"treated": rng.integers(0, 2, 400), "perf": rng.normal(3, 1, 400)})
>>> df["left"] = (rng.random(400) < 0.3).astype(int)
>>> res = outcome_comparison(df, "left", "treated", adjust=["perf"])
>>> res.n_treated + res.n_control
400
>>> res.conclusive
True
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Optional, Sequence

import pandas as pd
from scipy import stats

from ..evaluation.stats import design_matrix, fit_logit, format_p, newcombe_interval  # noqa: F401

SHRINK = 0.9         # adjusted log-OR under 90 % of the raw one: "part of the gap is self-selection"
MIN_GROUP = 10        # fewer people than this in either group: cannot conclude at all
MIN_EVENTS = 5        # fewer outcomes (or non-outcomes) than this in a group: no odds ratio
MAX_LOG_OR_SE = 5.0   # standard error of the adjusted log odds ratio above this: unstable
LOW_EVENTS_PER_PARAMETER = 10  # below this many events per adjusted parameter: a caution note
Z = float(stats.norm.ppf(0.975))


@dataclass(frozen=True)
class OutcomeComparison:
    """Raw and adjusted comparison of a 0/1 outcome; ``None`` figures come with a ``reason``."""
    outcome: str
    n_treated: int
    n_control: int
    rate_treated: Optional[float]
    rate_control: Optional[float]
    difference: Optional[float]                     # rate_treated - rate_control
    difference_ci: Optional[tuple[float, float]]    # Newcombe hybrid score, 95 %
    odds_ratio: Optional[float]                     # adjusted, from the logistic regression
    odds_ratio_ci: Optional[tuple[float, float]]    # Wald on the log-odds scale, 95 %
    p_value: Optional[float]                        # Wald test of the treated coefficient
    naive_odds_ratio: Optional[float]               # from the 2x2 table
    naive_odds_ratio_ci: Optional[tuple[float, float]]  # Woolf (Wald on log-odds), 95 %
    adjusted_for: tuple[str, ...]                   # columns actually in the regression
    reason: Optional[str] = None                    # set when a figure cannot be given
    notes: tuple[str, ...] = field(default_factory=tuple)
    events_treated: Optional[int] = None
    events_control: Optional[int] = None

    @property
    def conclusive(self) -> bool:
        """True when the adjusted odds ratio could be estimated."""
        return self.reason is None

    @property
    def conclusion(self) -> str:
        """``"cannot conclude: <reason>"`` or the one-sentence result."""
        if self.reason is not None:
            return f"cannot conclude: {self.reason}"
        return self.sentence()

    def small_cells(self, min_group: int, groups: Sequence[str] = ("treated", "control")) -> bool:
        """True when fewer than ``min_group`` people in one of ``groups`` had the outcome, or did
        not: its rate (and the raw odds ratio) would then point at those few people."""
        def small(rate, n):
            if rate is None or not n:
                return False
            x = round(rate * n)
            return min(x, n - x) < min_group
        return any(small(getattr(self, f"rate_{g}"), getattr(self, f"n_{g}")) for g in groups)

    def sentence(self, who: str = "Participants", others: str = "others",
                 label: Optional[str] = None, min_group: int = 1) -> str:
        """Raw against adjusted in one sentence, every word computed from the numbers.

        ``label``: a verb phrase for the outcome (``"left the company"``); default
        ``"had the outcome '<outcome>'"``. ``min_group``: with :meth:`small_cells`, the raw
        rates and odds ratio are left out (the direction and the adjusted result stay).

        >>> r = OutcomeComparison("left", 200, 800, 0.10, 0.20, -0.10, (-0.15, -0.05), 0.71,
        ...                       (0.55, 0.92), 0.01, 0.44, (0.28, 0.70), ("performance",))
        >>> print(r.sentence())  # doctest: +NORMALIZE_WHITESPACE
        Participants had the outcome 'left' 50% less often than others (10% against 20%, raw);
        after accounting for performance the odds ratio is 0.71 (95 % CI 0.55-0.92, p = 0.010),
        closer to 1 than the raw 0.44: part of the raw gap is self-selection, but a real
        difference remains.
        """
        what = label or f"had the outcome '{self.outcome}'"
        if self.rate_treated is None:
            return f"Cannot conclude whether {who.lower()} {what} more or less often than {others}: {self.reason}."
        r1, r0 = self.rate_treated, self.rate_control
        hide = self.small_cells(min_group)
        if hide:
            how = "as often as" if r1 == r0 else f"{'less' if r1 < r0 else 'more'} often than"
        elif r0 > 0 and r1 != r0:
            rel = abs(r1 - r0) / r0
            how = f"{rel:.0%} {'less' if r1 < r0 else 'more'} often than"
        elif r1 == r0:
            how = "as often as"
        else:
            how = "more often than"
        raw = f"{who} {what} {how} {others} " + (
            f"(raw rates not shown: fewer than {min_group} people in a group)" if hide else
            f"({r1:.0%} against {r0:.0%}, raw)")
        if self.odds_ratio is None:
            return f"{raw}; cannot conclude after adjustment: {self.reason}."
        lo, hi = self.odds_ratio_ci
        adj = ", ".join(a.replace("_", " ") for a in self.adjusted_for) or "nothing"
        text = (f"{raw}; after accounting for {adj} the odds ratio is {self.odds_ratio:.2f} "
                f"(95 % CI {lo:.2f}-{hi:.2f}, {format_p(self.p_value)})")
        clear = hi < 1 or lo > 1
        naive = self.naive_odds_ratio
        nci = self.naive_odds_ratio_ci
        naive_clear = nci is not None and (nci[1] < 1 or nci[0] > 1)
        if not clear and not naive_clear:
            return text + (": no clear difference, raw or adjusted (the interval includes 1)." if hide else
                           f": no clear difference, raw (odds ratio {naive:.2f}, 95 % CI "
                           f"{nci[0]:.2f}-{nci[1]:.2f}) or adjusted (the interval includes 1).")
        shrinks = naive is not None and abs(math.log(self.odds_ratio)) < SHRINK * abs(math.log(naive)) \
            and (math.log(naive) * math.log(self.odds_ratio) >= 0 or not clear)
        if shrinks:
            text += (", closer to 1 than the raw odds ratio" if hide else
                     f", closer to 1 than the raw {naive:.2f}") + ": part of the raw gap is self-selection"
            text += ", but a real difference remains." if clear else \
                ", and what is left could be chance."
        elif clear:
            text += ": a clear difference that the adjustment does not explain away."
        else:
            text += ": no clear difference (the interval includes 1)."
        return text

    def summary(self) -> dict:
        """The figures as a flat dict (for tables and logs)."""
        def pair(v):
            return (None, None) if v is None else v
        return {"outcome": self.outcome, "n_treated": self.n_treated, "n_control": self.n_control,
                "rate_treated": self.rate_treated, "rate_control": self.rate_control,
                "difference": self.difference,
                "difference_lo": pair(self.difference_ci)[0], "difference_hi": pair(self.difference_ci)[1],
                "naive_odds_ratio": self.naive_odds_ratio,
                "odds_ratio": self.odds_ratio, "odds_ratio_lo": pair(self.odds_ratio_ci)[0],
                "odds_ratio_hi": pair(self.odds_ratio_ci)[1], "p_value": self.p_value,
                "adjusted_for": ", ".join(self.adjusted_for), "conclusion": self.conclusion,
                "notes": " ".join(self.notes)}


def _fit_logit(y: pd.Series, X: pd.DataFrame, treated: str):
    """The shared logistic fit, naming a quasi-separating category for the analyst."""
    return fit_logit(y, X, treated, name_culprit=True)


def outcome_comparison(frame: pd.DataFrame, outcome: str, treated: str,
                       adjust: Sequence[str] = ()) -> OutcomeComparison:
    """Compare a 0/1 ``outcome`` between ``treated`` = 1 and ``treated`` = 0 people, raw and adjusted.

    ``frame`` holds one row per person; ``outcome`` and ``treated`` hold 0/1 (or booleans);
    ``adjust`` names columns to adjust for: numbers enter as they are, anything else is
    dummy-coded against its most frequent level. See the module docstring for the intervals,
    thresholds (:data:`MIN_GROUP`, :data:`MIN_EVENTS`, :data:`MAX_LOG_OR_SE`) and what happens to
    constant columns (dropped with a note).

    >>> import numpy as np, pandas as pd
    >>> df = pd.DataFrame({"left": [1, 0] * 3 + [0] * 14, "treated": [1] * 6 + [0] * 14})
    >>> outcome_comparison(df, "left", "treated").conclusion
    'cannot conclude: too few people to compare (at least 10 in each group are needed)'
    """
    adjust = tuple(dict.fromkeys(adjust))
    cols = [outcome, treated, *adjust]
    missing = [c for c in cols if c not in frame.columns]
    if missing:
        raise ValueError(f"outcome_comparison: column(s) {missing} not in the frame "
                         f"(columns: {list(frame.columns)})")
    if outcome == treated or outcome in adjust or treated in adjust:
        raise ValueError("outcome_comparison: outcome, treated and adjust columns must differ")
    notes: list[str] = []
    data = frame[cols].dropna()
    if len(data) < len(frame):
        gaps = frame[cols].isna().sum()
        which = ", ".join(f"'{c}' in {int(n)}" for c, n in gaps.items() if n)
        notes.append(f"{len(frame) - len(data)} of {len(frame)} rows with a missing value were "
                     f"left out (missing {which}).")
    y = data[outcome].astype(float)
    t = data[treated].astype(float)
    for name, s in ((outcome, y), (treated, t)):
        if not set(s.unique()) <= {0.0, 1.0}:
            raise ValueError(f"outcome_comparison: '{name}' must hold only 0 and 1 "
                             f"(found {sorted(s.unique())[:5]})")
    n1, n0 = int(t.sum()), int(len(t) - t.sum())
    x1, x0 = int(y[t == 1].sum()), int(y[t == 0].sum())
    empty = dict(rate_treated=None, rate_control=None, difference=None, difference_ci=None,
                 odds_ratio=None, odds_ratio_ci=None, p_value=None, naive_odds_ratio=None,
                 naive_odds_ratio_ci=None)
    base = dict(outcome=outcome, n_treated=n1, n_control=n0)
    if min(n1, n0) < MIN_GROUP:
        return OutcomeComparison(**base, adjusted_for=(), **empty, notes=tuple(notes),
                                 reason=f"too few people to compare (at least {MIN_GROUP} in each group "
                                        "are needed)")
    r1, r0 = x1 / n1, x0 / n0
    raw = dict(rate_treated=r1, rate_control=r0, difference=r1 - r0,
               difference_ci=newcombe_interval(x1, n1, x0, n0))
    counts = dict(events_treated=x1, events_control=x0)
    if min(x1, n1 - x1, x0, n0 - x0) < MIN_EVENTS:
        return OutcomeComparison(**base, adjusted_for=(), **{**empty, **raw}, **counts,
                                 notes=tuple(notes),
                                 reason=f"too few cases to estimate an odds ratio (at least {MIN_EVENTS} "
                                        f"with '{outcome}' and {MIN_EVENTS} without are needed in each group; "
                                        "the counts are not shown, they would point at people)")
    naive_or = (x1 * (n0 - x0)) / ((n1 - x1) * x0)
    se = math.sqrt(1 / x1 + 1 / (n1 - x1) + 1 / x0 + 1 / (n0 - x0))
    naive = dict(naive_odds_ratio=naive_or,
                 naive_odds_ratio_ci=(naive_or * math.exp(-Z * se), naive_or * math.exp(Z * se)))
    used = []
    for c in adjust:
        if data[c].nunique() <= 1:
            notes.append(f"'{c}' has the same value for everyone, so there is nothing to adjust "
                         "for; it was left out.")
        else:
            used.append(c)
    X = design_matrix(data, treated, used)
    events = min(int(y.sum()), int(len(y) - y.sum()))
    if X.shape[1] > 2 and events / (X.shape[1] - 1) < LOW_EVENTS_PER_PARAMETER:
        notes.append(f"Only {events / (X.shape[1] - 1):.1f} outcomes per estimated effect "
                     f"(fewer than {LOW_EVENTS_PER_PARAMETER}): the adjusted figure is rough.")
    res, reason = _fit_logit(y, X, treated)
    if res is None:
        return OutcomeComparison(**base, adjusted_for=tuple(used), odds_ratio=None, odds_ratio_ci=None,
                                 p_value=None, **raw, **naive, **counts, reason=reason,
                                 notes=tuple(notes))
    b, s = float(res.params[treated]), float(res.bse[treated])
    return OutcomeComparison(**base, adjusted_for=tuple(used), **raw, **naive, **counts,
                             odds_ratio=math.exp(b),
                             odds_ratio_ci=(math.exp(b - Z * s), math.exp(b + Z * s)),
                             p_value=float(res.pvalues[treated]), notes=tuple(notes))


def comparison_table(results: dict[str, OutcomeComparison], min_group: int = 1) -> pd.DataFrame:
    """Raw and adjusted results side by side, one row per outcome, as display text for the client.

    ``min_group`` (the program's minimum group size): a group's rate is hidden when fewer than
    ``min_group`` people in it had the outcome, or did not have it (the rate would tell who they
    are), and so is the raw difference; the adjusted odds ratio is a model estimate and stays.

    >>> r = OutcomeComparison("left", 5, 30, None, None, None, None, None, None, None, None, None,
    ...                       (), reason="too few people")
    >>> comparison_table({"Left": r})["adjusted odds ratio (95 % CI)"].iloc[0]
    'cannot conclude'
    """
    def pct(v):
        return "-" if v is None else f"{v:.0%}"

    def ci(v, fmt):
        return "-" if v is None else f"{fmt.format(v[0])} to {fmt.format(v[1])}"

    hidden = f"hidden (under {min_group})"
    rows = []
    for label, r in results.items():
        hide1, hide0 = r.small_cells(min_group, ["treated"]), r.small_cells(min_group, ["control"])
        rows.append({
            "outcome": label, "participants": r.n_treated, "others": r.n_control,
            "rate, participants": hidden if hide1 else pct(r.rate_treated),
            "rate, others": hidden if hide0 else pct(r.rate_control),
            "raw difference (95 % CI)": "-" if r.difference is None else hidden if hide1 or hide0 else
            f"{r.difference:+.0%} ({ci(r.difference_ci, '{:+.0%}')})",
            "raw odds ratio": "-" if r.naive_odds_ratio is None else hidden if hide1 or hide0 else f"{r.naive_odds_ratio:.2f}",
            "adjusted odds ratio (95 % CI)": "cannot conclude" if r.odds_ratio is None else
            f"{r.odds_ratio:.2f} ({ci(r.odds_ratio_ci, '{:.2f}')})",
            "p": "-" if r.p_value is None else format_p(r.p_value).removeprefix("p = "),
            "why not": r.reason or "",
        })
    return pd.DataFrame(rows)
