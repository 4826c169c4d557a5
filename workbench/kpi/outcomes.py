"""Participants against comparable non-participants, raw and adjusted, with honest uncertainty.

Example
-------
>>> import numpy as np, pandas as pd
>>> rng = np.random.default_rng(0)
>>> df = pd.DataFrame({"treated": rng.integers(0, 2, 400), "perf": rng.normal(3, 1, 400)})
>>> df["left"] = (rng.random(400) < 0.3).astype(int)
>>> res = outcome_comparison(df, "left", "treated", adjust=["perf"])
>>> res.n_treated + res.n_control
400
"""
from __future__ import annotations

import math
import warnings
from dataclasses import dataclass
from typing import Optional, Sequence

import numpy as np
import pandas as pd
from scipy import stats

MIN_GROUP = 10    # fewer people than this in either group: cannot conclude
MIN_EVENTS = 5    # fewer outcomes (or non-outcomes) than this in either group: cannot conclude
Z = stats.norm.ppf(0.975)


@dataclass(frozen=True)
class OutcomeComparison:
    outcome: str
    n_treated: int
    n_control: int
    rate_treated: Optional[float]
    rate_control: Optional[float]
    difference: Optional[float]
    difference_ci: Optional[tuple[float, float]]
    odds_ratio: Optional[float]
    odds_ratio_ci: Optional[tuple[float, float]]
    p_value: Optional[float]
    naive_odds_ratio: Optional[float]
    naive_odds_ratio_ci: Optional[tuple[float, float]]
    adjusted_for: tuple[str, ...]
    reason: Optional[str] = None      # set when the comparison cannot conclude

    @property
    def conclusive(self) -> bool:
        return self.reason is None

    @property
    def conclusion(self) -> str:
        return self.sentence()

    def sentence(self, label: Optional[str] = None) -> str:
        """Raw and adjusted results in one sentence computed from the numbers."""
        what = label or self.outcome
        if self.rate_treated is None:
            return f"Cannot conclude on '{what}': {self.reason}."
        raw = (f"Raw: {self.rate_treated:.0%} of participants against {self.rate_control:.0%} of "
               f"non-participants ({what}), a difference of {self.difference:+.0%} "
               f"(95 % CI {self.difference_ci[0]:+.0%} to {self.difference_ci[1]:+.0%}).")
        if self.odds_ratio is None:
            return f"{raw} Cannot conclude after adjustment: {self.reason}."
        lo, hi = self.odds_ratio_ci
        adj = ", ".join(self.adjusted_for) or "nothing"
        sig = "a clear effect" if (hi < 1 or lo > 1) else "no clear effect"
        text = (f"{raw} Adjusted for {adj}, the odds ratio is {self.odds_ratio:.2f} "
                f"(95 % CI {lo:.2f}-{hi:.2f}, p = {self.p_value:.3f}): {sig}.")
        if self.naive_odds_ratio and not (lo <= self.naive_odds_ratio <= hi):
            text += (f" The raw odds ratio ({self.naive_odds_ratio:.2f}) lies outside that interval: "
                     "the people who joined differ from those who did not (self-selection), so the raw "
                     "gap overstates what the program did.")
        return text


def _newcombe(x1, n1, x2, n2):
    """Newcombe's hybrid score interval (method 10) for p1 - p2, from Wilson intervals."""
    def wilson(x, n):
        p = x / n
        centre = (p + Z * Z / (2 * n)) / (1 + Z * Z / n)
        half = Z * math.sqrt(p * (1 - p) / n + Z * Z / (4 * n * n)) / (1 + Z * Z / n)
        return centre - half, centre + half
    p1, p2 = x1 / n1, x2 / n2
    l1, u1 = wilson(x1, n1)
    l2, u2 = wilson(x2, n2)
    d = p1 - p2
    return (d - math.sqrt((p1 - l1) ** 2 + (u2 - p2) ** 2),
            d + math.sqrt((u1 - p1) ** 2 + (p2 - l2) ** 2))


def _design(frame: pd.DataFrame, treated: str, adjust: Sequence[str]) -> pd.DataFrame:
    X = frame[[treated]].astype(float)
    for col in adjust:
        s = frame[col]
        if pd.api.types.is_numeric_dtype(s) and not pd.api.types.is_bool_dtype(s):
            X[col] = s.astype(float)
        else:
            dummies = pd.get_dummies(s.astype(str), prefix=col, drop_first=True, dtype=float)
            X = pd.concat([X, dummies], axis=1)
    X.insert(0, "const", 1.0)
    return X


def _logit(y: pd.Series, X: pd.DataFrame):
    """Fit a logit; return (result, None) or (None, reason) in plain words."""
    import statsmodels.api as sm
    constant = [c for c in X.columns if c != "const" and X[c].nunique() <= 1]
    if constant:
        return None, f"'{constant[0]}' has the same value for everyone, so it cannot be adjusted for"
    if np.linalg.matrix_rank(X.to_numpy()) < X.shape[1]:
        return None, "the adjustment columns are redundant (one is a combination of others)"
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        try:
            res = sm.Logit(y.astype(float), X).fit(disp=0, maxiter=200)
        except Exception as exc:  # PerfectSeparation, ConvergenceWarning, LinAlgError, ...
            text = str(exc).lower()
            if "separation" in text:
                return None, "one group's outcome is perfectly predicted (separation)"
            if "converge" in text:
                return None, "the regression did not converge"
            return None, f"the regression could not be fitted ({type(exc).__name__})"
    if not res.mle_retvals.get("converged", True):
        return None, "the regression did not converge"
    se = res.bse.get("treated", np.nan)
    if not np.isfinite(se) or se > 10:
        return None, "the estimate is unstable (near separation)"
    return res, None


def outcome_comparison(frame: pd.DataFrame, outcome: str, treated: str,
                       adjust: Sequence[str] = ()) -> OutcomeComparison:
    """Compare a 0/1 outcome between treated (1) and control (0) people, raw and adjusted.

    Raw: rates, their difference with Newcombe's 95 % interval, and the unadjusted odds ratio.
    Adjusted: logistic regression of ``outcome`` on ``treated`` plus ``adjust`` (numbers as they
    are, other columns dummy-coded against their first level), odds ratio with 95 % Wald interval
    and p-value. Rows with a missing value in any used column are dropped. Too small a group
    (< MIN_GROUP people or < MIN_EVENTS outcomes or non-outcomes) or a regression that cannot be
    fitted gives ``None`` figures and a plain ``reason`` instead of a meaningless number.
    """
    adjust = tuple(adjust)
    cols = [outcome, treated, *adjust]
    missing = [c for c in cols if c not in frame.columns]
    if missing:
        raise ValueError(f"outcome_comparison: column(s) {missing} not in frame (columns: {list(frame.columns)})")
    data = frame[cols].dropna()
    y, t = data[outcome].astype(float), data[treated].astype(float)
    if not set(y.unique()) <= {0.0, 1.0} or not set(t.unique()) <= {0.0, 1.0}:
        raise ValueError(f"outcome_comparison: '{outcome}' and '{treated}' must hold only 0 and 1")
    n1, n0 = int(t.sum()), int(len(t) - t.sum())
    x1, x0 = int(y[t == 1].sum()), int(y[t == 0].sum())
    empty = dict(rate_treated=None, rate_control=None, difference=None, difference_ci=None,
                 odds_ratio=None, odds_ratio_ci=None, p_value=None, naive_odds_ratio=None,
                 naive_odds_ratio_ci=None)
    if min(n1, n0) < MIN_GROUP:
        return OutcomeComparison(outcome, n1, n0, adjusted_for=adjust, **empty,
                                 reason=f"too few people to compare ({n1} participants, {n0} others; "
                                        f"at least {MIN_GROUP} each are needed)")
    r1, r0 = x1 / n1, x0 / n0
    raw = dict(rate_treated=r1, rate_control=r0, difference=r1 - r0,
               difference_ci=_newcombe(x1, n1, x0, n0))
    if min(x1, n1 - x1, x0, n0 - x0) < MIN_EVENTS:
        return OutcomeComparison(outcome, n1, n0, adjusted_for=adjust, **{**empty, **raw},
                                 reason=f"too few outcomes to model (fewer than {MIN_EVENTS} in a group)")
    naive_or = (x1 * (n0 - x0)) / ((n1 - x1) * x0)
    se = math.sqrt(1 / x1 + 1 / (n1 - x1) + 1 / x0 + 1 / (n0 - x0))
    naive = dict(naive_odds_ratio=naive_or,
                 naive_odds_ratio_ci=(naive_or * math.exp(-Z * se), naive_or * math.exp(Z * se)))
    constant = [c for c in adjust if data[c].nunique() <= 1]
    res, reason = ((None, f"'{constant[0]}' has the same value for everyone, so it cannot be adjusted for")
                   if constant else _logit(y, _design(data, treated, adjust)))
    if res is None:
        return OutcomeComparison(outcome, n1, n0, adjusted_for=adjust, odds_ratio=None,
                                 odds_ratio_ci=None, p_value=None, **raw, **naive, reason=reason)
    b, s = res.params["treated"], res.bse["treated"]
    return OutcomeComparison(outcome, n1, n0, adjusted_for=adjust, **raw, **naive,
                             odds_ratio=math.exp(b), odds_ratio_ci=(math.exp(b - Z * s), math.exp(b + Z * s)),
                             p_value=float(res.pvalues["treated"]))


def comparison_table(results: dict[str, OutcomeComparison]) -> pd.DataFrame:
    """Raw and adjusted results side by side, one row per outcome, for the client."""
    def pct(v):
        return "-" if v is None else f"{v:.0%}"

    def ci(v, fmt):
        return "-" if v is None else f"{fmt.format(v[0])} to {fmt.format(v[1])}"

    rows = []
    for label, r in results.items():
        rows.append({
            "outcome": label, "participants": r.n_treated, "others": r.n_control,
            "rate, participants": pct(r.rate_treated), "rate, others": pct(r.rate_control),
            "raw difference (95 % CI)": "-" if r.difference is None else
            f"{r.difference:+.0%} ({ci(r.difference_ci, '{:+.0%}')})",
            "raw odds ratio": "-" if r.naive_odds_ratio is None else f"{r.naive_odds_ratio:.2f}",
            "adjusted odds ratio (95 % CI)": "cannot conclude" if r.odds_ratio is None else
            f"{r.odds_ratio:.2f} ({ci(r.odds_ratio_ci, '{:.2f}')})",
            "p": "-" if r.p_value is None else f"{r.p_value:.3f}",
        })
    return pd.DataFrame(rows)
