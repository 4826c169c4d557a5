"""The estimators, each returning an :class:`Estimate` (``None`` figures come with a ``reason``).

On a design frame (:func:`.design.comparison_group`), one row per person and index date, a 0/1
``outcome`` (``left``, ``promoted``) and ``treated``:

* :func:`until_joining` — an other who joined later counts until the day they joined: their row
  is censored there and the others who had not joined by their outcome are weighted by the inverse
  of their chance of not having joined (inverse probability of censoring weights), for both odds
  ratios below; a person in both groups is one cluster in their standard errors;
* :func:`raw_estimate` — the two rates and the unadjusted odds ratio (Woolf interval, every row);
* :func:`regression` — regression adjustment: logistic regression of the outcome on ``treated``
  and the adjusters (statsmodels ``Logit``, cluster-robust standard errors by person since a
  person who joined late is also a comparable non-participant before joining);
* :func:`weighting` — **overlap weighting** (Li, Morgan & Zaslavsky 2018), made doubly robust: a
  logistic propensity model of ``treated`` on the adjusters, fitted with the censoring weights (the
  others left after censoring at joining stand for every other); people outside the overlap of the
  two groups' propensities are left out; weights 1 − e (participants) and e (others), bounded by 1,
  so the comparison is among the people who could as well have joined as not (each row counts
  e (1 − e)); then **weighted regression adjustment** (:func:`weighted_standardised_log_or`): a
  logistic regression of the outcome on ``treated`` and the same adjusters fitted with those
  weights (times the censoring weights), each row's predicted chance with and without the program
  averaged over the rows with their e (1 − e) (times the censoring weights), and the marginal odds
  ratio of the two means, consistent if either the model of who joins or the outcome model is
  right. Its variance (:func:`stacked_log_or_se`) stacks the estimating equations of the model of
  who joins, the weighted outcome model and the two means (M-estimation, clustered by person),
  with each outcome row's residual divided by one minus its leverage (HC3); see "The weighting's
  variance" below. Its censoring weights are regression's (stratified, below).
  ``scheme="stabilised"`` (:data:`WEIGHT_SCHEMES`) keeps the former weights, P(T)/e and
  (1 − P(T))/(1 − e) capped at their 99th percentile, standing for everyone. Why overlap (issue
  34, third round): at 50 % uptake with joining driven by engagement, the engaged others who never
  join are too few to stand for all the engaged, and the stabilised weighting leaned toward benefit
  (log odds ratio −0.065 ± 0.009 with no effect over 500 companies, its interval excluding 1 in
  7.6 ± 1.2 %, against regression's −0.042); on the same 200 companies the overlap weights moved
  it by +0.024 ± 0.003, to regression's lean (+0.002 ± 0.0015 from it), with a smaller spread
  (0.192 against 0.202) (``benchmarks/bench_uptake.py``, ``benchmarks/bench_lean.py``). The price:
  with an effect that differs between people, the odds ratio is the overlap population's, not
  everyone's (the benchmark's truth is that population's: :func:`bench_uptake.overlap_tilt`).
  Before (issue 34, first round), the weighted odds ratio alone with one proportional-hazards
  censoring model leaned −0.08 ± 0.03 with no effect and −0.16 ± 0.03 with an effect;
* :func:`cox_time_varying` — for time to exit, a proportional-hazards model (statsmodels ``PHReg``)
  on calendar time, each person entering at their first index date (participants on joining;
  delayed entry), participation switching on at the joining date: later joiners, among the others
  until they join (the default design), have their person-time split at joining; then a
  person has two rows and the variance is clustered by person (Lin & Wei's robust variance,
  :func:`cox_cluster_covariance`); with one row per person (a trial, the landmark design) the
  model's own variance is kept, so published figures (Rossi: 0.6843, 0.4702–0.9957) stay. The
  two differ by under 1 % on the simulated companies (person-time split at joining adds no
  dependence the model misses here).

The weighting's variance (issue 34, second round, measured with the stabilised weights used then;
the overlap weights' figures are in ``benchmarks/bench_uptake.py``). The sandwich that treated the
propensity and censoring weights as known (:func:`weighted_standardised_log_or`) was about 10 % too small at 50 %
uptake with joining driven by engagement: on 200 simulated companies with no effect
(``benchmarks/bench_uptake.py``) the log odds ratios spread with a standard deviation of 0.212 ±
0.011 against a mean standard error of 0.191, so the interval excluded 1 in 9.5 ± 2.1 % (goal at
most 7 %) and covered the truth in 90.5 ± 2.1 % (goal at least 93 %). Measured on the same 200 companies:

* stacking the model of who joins and the share (the weights' estimation) changes the standard
  error by under 1 % (mean 0.191): for this doubly robust form the term is small, as theory says
  (it vanishes when the outcome model is right), here and on hand-made cases where the outcome
  model is wrong (0.1-2 %, tests/evaluation/test_weighting_variance.py checks it against a
  finite-difference reference to 2e-4 and shows dropping it misses the reference);
* what was missing is the sandwich's small-sample shortfall with heavy weights (the 99th
  percentile cap is 13 people a company, leverages up to 0.4-1): dividing each outcome row's
  residual by one minus its leverage (HC3) brings the mean standard error to about 0.20 and the
  interval to exclude 1 in 7.5 ± 1.9 % and cover the truth in 92.5 ± 1.9 % (goals at most 7 % and
  at least 93 %: not met, within Monte Carlo error of both); a person-level bootstrap of
  the whole weighting (censoring model, model of who joins, overlap, cap, outcome model: 100
  resamples) gave 0.199 on the first company, where this gives 0.186 and the weights-known
  sandwich 0.181 (and 0.193 with the censoring weights held fixed);
* the censoring weights (the stratified Cox model of joining) are held fixed in the stacked
  variance; the one bootstrap above puts their share at about 3 % of the standard error;
* HC3 can also overshoot: on leadership-accelerator's promotions (1,185 rows, 14 % promoted) the
  bootstrap of the whole weighting (200 resamples) gives 0.299 (0.320 from the median absolute
  deviation), the weights-known sandwich 0.285, stacking 0.289, with HC3 0.348; its interval
  1.07-3.28 became 0.95-3.71, so the weighting's row of ``exports/outcomes.csv`` says "no clear
  difference" where it said "clear benefit" (the bootstrap's 1.05-3.38 would have kept it; the
  outcome's conclusion does not change, regression's 0.99-2.96 already included 1). On women-leadership-circles' exits (36 mentees) it
  moved the other way (0.549 weights known, 0.478 now; the bootstrap 0.42 on the half of its
  resamples that could be estimated). HC2 (the residual over the square root of one minus the
  leverage, ``LEVERAGE_POWER = 0.5``) is milder: mean standard error 0.196 and 8.5 ± 2.0 % of the
  200 companies excluding 1, and 0.315 (1.01-3.48, its row still "clear benefit") on those promotions;
  HC3 is kept because it comes closer to the goals on the simulated companies;
* the rest is the lean: −0.065 ± 0.009 on the log scale with no effect over 500 companies
  (regression −0.042 ± 0.009), which double robustness does not remove at this uptake; the
  interval excludes 1 in 7.6 ± 1.2 % and covers 92.4 ± 1.2 %. Most of it comes from the censoring
  weights (``benchmarks/bench_lean.py``: the simulation's true chances of not having joined move
  both estimators by +0.04 ± 0.007, but they are so heavy that the intervals come out too narrow,
  9.5 % excluding 1); neither the caps, nor the outcome model's form, nor a discrete-time or
  mixture "cure" model of joining removed it (``benchmarks/bench_uptake.py``, issue 34's third
  round);
* the overlap diagnostic does not predict the misses: by quarter of the others' effective
  sample size over their number (0.14-0.24, -0.28, -0.32, -0.54) the interval excluded 1 in 4, 10,
  8 and 6 % of 50 companies each, so no "cannot conclude" rule on it is used (it would refuse
  half the companies at 50 % uptake without removing the misses).

The cost: about 0.15 s an outcome on a company of 1,500 (the equations' derivative by central
differences; the whole evaluation of one outcome went from about 1.3 to 1.45 s on the shared
machine).

Regression adjustment also gives :attr:`Estimate.participants_difference`, the participants'
chance of the outcome without the program minus with it, standardised over the participants (the
money return, :mod:`.roi`, is about them; a conditional odds ratio applied to their overall rate
is not, since odds ratios are not collapsible), with a delta-method interval from the same fit's
covariance. The weighting gives it too, from its weighted outcome model standardised over the
participants, with its stacked variance (the participants' two means are two more equations);
:mod:`.roi` does not use it (measured worse than the map of its marginal odds ratio).

Adjusters: every column named in ``adjust`` that the frame holds (a missing one is said, never
silently dropped); constant ones are left out with a note; rows missing an adjuster are left out
and **counted** (``n_dropped_missing``); a category level in which everyone or no one had the
outcome (or joined) is merged into the most common level and said (quasi-separation in a nuisance
level no longer blocks the answer). Raw rates always use every row.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field, replace
from typing import Optional, Sequence

import numpy as np
import pandas as pd
from scipy import stats

from .stats import MAX_LOG_SE, Z, design_matrix, fit_logit, is_number, merge_constant_levels
from ..results import Shown

ESTIMATOR_NAMES = {"raw": "raw (no adjustment)", "regression": "regression adjustment",
                   "weighting": "propensity weighting", "cox": "Cox (time to leaving)"}   # as pages print them
MIN_GROUP = 10     # fewer people than this in either group: nothing is estimated
MIN_EVENTS = 5     # fewer outcomes (or non-outcomes) than this in a group: no ratio
# Both are floors: a program's ``min_group_size`` above them raises them (:func:`thresholds`), so a
# ratio and its interval, which pin the four counts once the group sizes are known, are never
# published for a group with fewer than ``min_group_size`` people with, or without, the outcome.


def thresholds(min_group: int = MIN_EVENTS) -> tuple[int, int]:
    """(people per group, people with and without the outcome per group) an estimate needs.

    >>> thresholds(5), thresholds(12)
    ((10, 5), (12, 12))
    """
    return max(MIN_GROUP, int(min_group)), max(MIN_EVENTS, int(min_group))
TRIM_QUANTILE = 0.99


@dataclass(frozen=True)
class Estimate(Shown):
    """One estimator's answer for one outcome: a ratio with its 95 % interval, or a reason."""
    estimator: str                       # raw, regression, weighting, cox
    measure: str                         # odds_ratio or hazard_ratio
    n_treated: int = 0
    n_control: int = 0
    estimate: Optional[float] = None
    ci: Optional[tuple[float, float]] = None
    p_value: Optional[float] = None
    adjusted_for: tuple[str, ...] = ()
    n_dropped_missing: int = 0
    reason: Optional[str] = None
    notes: tuple[str, ...] = field(default_factory=tuple)
    rate_treated: Optional[float] = None
    rate_control: Optional[float] = None
    # the participants' chance of the outcome without the program minus with it (positive: fewer
    # outcomes), marginally standardised over the participants, with its 95 % interval (delta
    # method on the model's own covariance); what :mod:`.roi` turns into leavers avoided
    participants_difference: Optional[tuple[float, float, float]] = None

    @property
    def ok(self) -> bool:
        return self.reason is None and self.estimate is not None

    @property
    def side(self) -> int:
        """+1 when the interval lies above 1, -1 below, 0 when it includes 1 (or is missing)."""
        if not self.ok:
            return 0
        return 1 if self.ci[0] > 1 else -1 if self.ci[1] < 1 else 0

    # shown in a notebook (workbench.results)
    def to_frame(self) -> pd.DataFrame:
        """One row: the estimate, its 95 % interval, p-value, the groups' sizes (or the reason)."""
        lo, hi = self.ci if self.ci is not None else (None, None)
        return pd.DataFrame([{"estimator": self.estimator, "measure": self.measure, "estimate": self.estimate,
                              "ci_low": lo, "ci_high": hi, "p_value": self.p_value,
                              "n_treated": self.n_treated, "n_control": self.n_control,
                              "reason": self.reason or ""}])

    def _headline(self) -> str:
        return self.reason or ""


def few(n: int, k: int) -> str:
    """A count as words that never reveal a small number: ``'12'`` or ``'fewer than 5'``.

    >>> few(12, 5), few(3, 5), few(0, 5)
    ('12', 'fewer than 5', 'none')
    """
    return "none" if n == 0 else f"fewer than {k}" if n < k else f"{n:,}"


def _ratio(estimator, measure, b, s, p, **kw) -> Estimate:
    return Estimate(estimator, measure, estimate=math.exp(b), ci=(math.exp(b - Z * s), math.exp(b + Z * s)),
                    p_value=float(p), **kw)


def _counts_check(y: pd.Series, t: pd.Series, min_group: int = MIN_EVENTS) -> Optional[str]:
    people, events = thresholds(min_group)
    n1, n0 = int(t.sum()), int(len(t) - t.sum())
    if min(n1, n0) < people:
        return f"too few people to compare (at least {people} in each group are needed)"
    x1, x0 = int(y[t == 1].sum()), int(y[t == 0].sum())
    if min(x1, n1 - x1, x0, n0 - x0) < events:
        return (f"too few people with (or without) the outcome in a group to estimate a ratio (at "
                f"least {events} with and {events} without are needed in each group)")
    return None


def raw_estimate(frame: pd.DataFrame, outcome: str, treated: str = "treated",
                 min_group: int = MIN_EVENTS) -> Estimate:
    """Rates and the unadjusted odds ratio with its Woolf 95 % interval, on every row."""
    data = frame[[outcome, treated]].dropna()
    y, t = data[outcome].astype(float), data[treated].astype(float)
    n1, n0 = int(t.sum()), int(len(t) - t.sum())
    base = dict(n_treated=n1, n_control=n0,
                rate_treated=float(y[t == 1].mean()) if n1 else None,
                rate_control=float(y[t == 0].mean()) if n0 else None)
    reason = _counts_check(y, t, min_group)
    if reason:
        return Estimate("raw", "odds_ratio", reason=reason, **base)
    x1, x0 = y[t == 1].sum(), y[t == 0].sum()
    b = math.log((x1 * (n0 - x0)) / ((n1 - x1) * x0))
    s = math.sqrt(1 / x1 + 1 / (n1 - x1) + 1 / x0 + 1 / (n0 - x0))
    return _ratio("raw", "odds_ratio", b, s, 2 * stats.norm.sf(abs(b / s)), **base)


@dataclass(frozen=True)
class Prepared:
    data: pd.DataFrame
    used: tuple[str, ...]
    dropped: int
    notes: tuple[str, ...]


def prepare(frame: pd.DataFrame, outcome: str, adjust: Sequence[str], treated: str = "treated",
            by: Optional[str] = None, min_group: int = 5) -> Prepared:
    """Rows and adjusters an adjusted estimator uses (see the module docstring)."""
    notes = []
    adjust = list(dict.fromkeys(adjust))
    absent = [c for c in adjust if c not in frame.columns]
    if absent:
        notes.append(f"Not in the data, so not adjusted for: {', '.join(absent)}.")
    present = [c for c in adjust if c in frame.columns]
    keep = [outcome, treated, *present] + [c for c in ("employee_id", "ipcw") if c in frame]
    data = frame[list(dict.fromkeys(keep))].dropna(subset=[outcome, treated, *present])
    dropped = len(frame) - len(data)
    if dropped:
        notes.append(f"{few(dropped, min_group)} of {len(frame):,} rows lack a value to adjust for "
                     "and are left out of the adjusted estimates (the raw rates use every row).")
    used = []
    for c in present:
        if data[c].astype(str).nunique() <= 1:
            notes.append(f"'{c}' has the same value for everyone, so there is nothing to adjust for.")
        else:
            used.append(c)
    data, merged = merge_constant_levels(data, by or outcome, [c for c in used if not is_number(data[c])])
    if merged:
        what = "the outcome" if (by or outcome) == outcome else "joining"
        notes.append(f"{merged} category level{'s' if merged > 1 else ''} in which {what} never varied "
                     "(everyone or no one) merged with the most common level for the adjustment "
                     "(quasi-separation; the people stay in the comparison).")
    return Prepared(data, tuple(used), dropped, tuple(notes))


DURATIONS = {"left": "days_observed", "promoted": "days_to_promotion"}
MAX_CENSORING_WEIGHT = 20.0


def until_joining(frame: pd.DataFrame, outcome: str, adjust: Sequence[str],
                  treated: str = "treated", strata: Optional[int] = None) -> pd.DataFrame:
    """The rows the odds ratios use, with ``ipcw``: an other who joined later counts as an other
    **until the day they joined** (per protocol). Their row is censored there: it is left out, and
    the others who did not join before their outcome (or the snapshot) are weighted by the inverse
    of their chance of not having joined by then, from a Cox model of the time to joining given
    the adjusters (inverse probability of censoring weights, rescaled to mean 1, capped at
    :data:`MAX_CENSORING_WEIGHT`), so the others left stand for every other, as in a trial whose
    comparison arm is followed until it crosses over. Without later joiners every weight is 1.

    ``strata`` (default :data:`CENSORING_STRATA`): the Cox model of joining is on calendar time
    (entering on the index date) with its own baseline in that many groups of the chance of
    joining (:func:`_not_joined`); 0: one proportional-hazards model on the time since the index
    date (kept to compare; both estimators use the groups). Why: joining is not proportional in
    engagement (the engaged join early and nearly all of them join), so one PH model
    under-weighted the others who stayed without joining, and regression adjustment leaned to
    "benefit" at 50 % uptake (log odds ratio −0.06 to −0.10 with no effect); with the groups, on
    20 paired simulated companies −0.058 ± 0.038 became −0.001 ± 0.046 (paired difference
    +0.057 ± 0.019; companies of 20,000: −0.14 / −0.26 / −0.11 became −0.08 / −0.18 / −0.08)."""
    out = frame.copy()
    out["ipcw"] = 1.0
    dur_col = DURATIONS.get(outcome)
    if dur_col is None or "joined" not in out or dur_col not in out or "index_date" not in out:
        return out
    ctrl = out[treated] == 0
    until = (pd.to_datetime(out["joined"]) - pd.to_datetime(out["index_date"])).dt.days
    dur = out[dur_col].astype(float)
    censored = ctrl & until.notna() & (until < dur)
    if not censored.any():
        return out
    import warnings

    import statsmodels.api as sm
    c = out[ctrl].assign(_joins=censored[ctrl].astype(int))
    time = np.where(censored[ctrl], until[ctrl], dur[ctrl]).astype(float)
    cols = [a for a in adjust if a in c and c[a].notna().all() and c[a].astype(str).nunique() > 1]
    c, _ = merge_constant_levels(c, "_joins", [a for a in cols if not is_number(c[a])])
    X = design_matrix(c, None, cols).drop(columns="const")
    keep = ctrl & ~censored
    strata = CENSORING_STRATA if strata is None else strata
    if X.shape[1] and strata:
        entry = (pd.to_datetime(c["index_date"]) - pd.to_datetime(c["index_date"]).min()).dt.days.to_numpy(float)
        surv = _not_joined(entry, np.maximum(time, 0.5), censored[ctrl].to_numpy(int), X.to_numpy(float),
                           keep[ctrl].to_numpy(), np.maximum(dur[keep].to_numpy(float), 0.5), strata)
    elif X.shape[1]:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            try:
                res = sm.PHReg(np.maximum(time, 0.5), X.to_numpy(float), status=censored[ctrl].to_numpy(int),
                               ties="efron").fit()
                surv = res.predict(endog=np.maximum(dur[keep].to_numpy(float), 0.5),
                                   exog=X[keep[ctrl].to_numpy()].to_numpy(float), pred_type="surv").predicted_values
            except (np.linalg.LinAlgError, ValueError):
                surv = None
        if surv is not None and not np.isfinite(surv).all():
            surv = None
    else:
        surv = None
    if surv is None:      # no adjuster (or the model failed): the share not yet joined at that time
        t_sorted = np.sort(time[censored[ctrl].to_numpy()])
        at = dur[keep].to_numpy(float)
        surv = np.array([np.prod([1 - 1 / max((time >= u).sum(), 1) for u in t_sorted[t_sorted <= a]])
                         for a in at])
    w = 1 / np.clip(np.asarray(surv, float), 1 / MAX_CENSORING_WEIGHT, 1)
    w = np.minimum(w / w.mean(), MAX_CENSORING_WEIGHT)
    out.loc[keep, "ipcw"] = w
    return out[~censored].copy()


CENSORING_STRATA = 10     # groups of the chance of joining with their own baseline (0: one PH model)
WEIGHTING_STRATA = None   # the weighting's censoring model (None: as regression's)


def _not_joined(entry, time, joins, X, keep, dur, strata=CENSORING_STRATA):
    """Each kept other's chance of not having joined between their index date and ``dur`` days
    later: a Cox model of joining on calendar time (entering on the index date: joining comes in
    waves on calendar dates, not at a time since a drawn date), stratified by groups of its own
    linear predictor (:data:`CENSORING_STRATA`, at least 20 joiners a group), so that each group
    has its own baseline and the model need not assume proportional hazards across very
    different chances of joining. ``None`` when it cannot be fitted."""
    import warnings

    import statsmodels.api as sm
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            res = sm.PHReg(entry + time, X, status=joins, entry=entry, ties="efron").fit()
            lp = X @ np.asarray(res.params, float)
            k = int(min(strata, joins.sum() // 20))
            groups = np.zeros(len(lp), int)
            if k > 1:
                groups = pd.qcut(pd.Series(lp).rank(method="first"), k, labels=False).to_numpy()
                res = sm.PHReg(entry + time, X, status=joins, entry=entry, ties="efron", strata=groups).fit()
                lp = X @ np.asarray(res.params, float)
            base = res.model.baseline_cumulative_hazard(res.params)
            names = list(res.model.surv.stratum_names)
        except (np.linalg.LinAlgError, ValueError):
            return None

    def cumhaz(g, t):
        if g not in names:        # a group in which no one joined
            return np.zeros(len(t))
        times, h = base[names.index(g)][0], base[names.index(g)][1]
        i = np.searchsorted(times, t, side="right") - 1
        return np.where(i >= 0, h[np.clip(i, 0, None)], 0.0)

    a, g, risk = entry[keep], groups[keep], np.exp(lp[keep])
    H = np.zeros(len(a))
    for level in np.unique(g):
        m = g == level
        H[m] = (cumhaz(level, a[m] + dur[m]) - cumhaz(level, a[m])) * risk[m]
    surv = np.exp(-H)
    return surv if np.isfinite(surv).all() else None


def regression(frame: pd.DataFrame, outcome: str, adjust: Sequence[str], treated: str = "treated",
               min_group: int = 5) -> Estimate:
    """Regression adjustment: the odds ratio of ``treated`` in a logistic regression (an other who
    joined later counts until the day they joined, weighted as :func:`until_joining` says)."""
    n_all = len(frame)
    frame = until_joining(frame, outcome, adjust, treated)
    joined_later = n_all - len(frame)       # others until they joined: counted among the others
    prep = prepare(frame, outcome, adjust, treated, min_group=min_group)
    y, t = prep.data[outcome].astype(float), prep.data[treated].astype(float)
    base = dict(n_treated=int(t.sum()), n_control=int(len(t) - t.sum()) + joined_later, adjusted_for=prep.used,
                n_dropped_missing=prep.dropped, notes=prep.notes)
    reason = _counts_check(y, t, min_group)
    if reason:
        return Estimate("regression", "odds_ratio", reason=reason, **base)
    X = design_matrix(prep.data, treated, prep.used)
    groups = prep.data["employee_id"].astype("category").cat.codes if "employee_id" in prep.data else None
    w = prep.data["ipcw"] if "ipcw" in prep.data and (prep.data["ipcw"] != 1).any() else None
    res, why = fit_logit(y, X, treated, weights=w, groups=groups)
    if res is None:
        return Estimate("regression", "odds_ratio", reason=why, **base)
    return _ratio("regression", "odds_ratio", float(res.params[treated]), float(res.bse[treated]),
                  res.pvalues[treated], participants_difference=standardised_difference(res, X, treated),
                  **base)


def _interval(point: float, se: float) -> Optional[tuple[float, float, float]]:
    if not (np.isfinite(point) and np.isfinite(se)):
        return None
    return (float(point), float(point - Z * se), float(point + Z * se))


def standardised_difference(res, X: pd.DataFrame, treated: str = "treated"):
    """Marginal standardisation over the participants (the rows with ``treated`` = 1): the mean of
    their predicted chances with ``treated`` set to 0 minus set to 1, from a fitted logistic model
    (``res``, design ``X``), with a delta-method 95 % interval from ``res``'s covariance (the
    cluster-robust one). A conditional odds ratio applied to the participants' overall rate would
    overstate the difference (odds ratios are not collapsible); this is the difference the model
    itself says for the people who took part.

    >>> import statsmodels.api as sm
    >>> X = pd.DataFrame({"const": 1.0, "treated": [1.0, 1, 1, 1, 0, 0, 0, 0]})
    >>> y = pd.Series([1.0, 0, 0, 0, 1, 1, 0, 0])
    >>> point, lo, hi = standardised_difference(sm.Logit(y, X).fit(disp=0), X)
    >>> round(point, 3)                  # 2/4 - 1/4
    0.25
    """
    b = np.asarray(res.params, float)
    cov = np.asarray(res.cov_params(), float)
    x1 = X[X[treated] == 1].to_numpy(float)
    if not len(x1):
        return None
    x0 = x1.copy()
    x0[:, list(X.columns).index(treated)] = 0.0
    p1, p0 = 1 / (1 + np.exp(-x1 @ b)), 1 / (1 + np.exp(-x0 @ b))
    grad = ((p0 * (1 - p0))[:, None] * x0 - (p1 * (1 - p1))[:, None] * x1).mean(axis=0)
    return _interval(float(np.mean(p0 - p1)), float(np.sqrt(max(grad @ cov @ grad, 0.0))))


# How participants and others are weighted (:func:`propensity_weights`), ``e`` the chance of joining:
# "overlap" (used): participants 1 − e, others e (Li, Morgan & Zaslavsky 2018), bounded, the
# comparison among the people who could as well have joined as not (each row standardised over
# with weight e (1 − e)); "stabilised": participants P(T) / e, others (1 − P(T)) / (1 − e), capped
# at the ``trim`` quantile, everyone (kept to compare: it leaned toward benefit at 50 % uptake,
# ``benchmarks/bench_uptake.py``, issue 34's third round)
WEIGHT_SCHEMES = ("overlap", "stabilised")
WEIGHT_SCHEME = "overlap"


@dataclass(frozen=True)
class Weights:
    """The weighting estimator's people and weights (for the balance table)."""
    data: pd.DataFrame          # rows used, with ``propensity`` and ``weight``
    used: tuple[str, ...]
    n_outside_overlap: int
    n_capped: int
    cap: float
    # for the variance that carries the model of who joins (:func:`stacked_log_or_se`): every row
    # the model was fitted on, its design, coefficients (``None``: no adjuster, the share joining)
    # and fitting weights, and the stabilising share of participants
    fitted: Optional[pd.DataFrame] = None
    design: Optional[pd.DataFrame] = None
    gamma: Optional[np.ndarray] = None
    fit_weights: Optional[np.ndarray] = None
    share: float = float("nan")
    scheme: str = WEIGHT_SCHEME     # :data:`WEIGHT_SCHEMES`

    @property
    def combined(self) -> pd.Series:
        """Each row's weight in the outcome model: its propensity weight times its censoring weight
        (what the balance table and the effective sizes describe)."""
        return self.data["weight"] * self.data.get("ipcw", 1.0)


def scheme_weights(t, e, share, scheme: str = WEIGHT_SCHEME):
    """(each row's weight, its weight in the two standardised means) under a weighting ``scheme``,
    uncapped, for ``t`` the 0/1 participation, ``e`` the chance of joining and ``share`` the
    stabilising share of participants (unused by "overlap").

    >>> w, s = scheme_weights(np.array([1, 0]), np.array([0.8, 0.8]), 0.5)
    >>> w.round(2).tolist(), s.round(2).tolist()
    ([0.2, 0.8], [0.16, 0.16])
    """
    if scheme == "overlap":
        return np.where(t == 1, 1 - e, e), e * (1 - e)
    return np.where(t == 1, share / e, (1 - share) / (1 - e)), np.ones(len(e))


PROPENSITY_CENSORING_WEIGHTS = True    # the model of who joins fitted with the censoring weights


def propensity_weights(frame: pd.DataFrame, adjust: Sequence[str], outcome: str,
                       treated: str = "treated", trim: float = TRIM_QUANTILE, min_group: int = 5,
                       scheme: str = WEIGHT_SCHEME):
    """(Weights, notes, reason): weights on the overlap of the two groups' chances of joining, as
    ``scheme`` says (:data:`WEIGHT_SCHEMES`; ``trim``, the cap's quantile, for "stabilised" only)."""
    if scheme not in WEIGHT_SCHEMES:
        raise ValueError(f"unknown weighting scheme {scheme!r}; use one of {', '.join(WEIGHT_SCHEMES)}")
    prep = prepare(frame, outcome, adjust, treated, by=treated, min_group=min_group)
    data = prep.data.copy()
    t = data[treated].astype(float)
    people, _ = thresholds(min_group)
    if min(t.sum(), len(t) - t.sum()) < people:
        return None, prep, f"too few people to compare (at least {people} in each group are needed)"
    X = design_matrix(data, None, prep.used)
    fitted, gamma, cw = data.copy(), None, None
    if X.shape[1] == 1:
        e = pd.Series(t.mean(), index=data.index)
    else:
        cw = data["ipcw"] if PROPENSITY_CENSORING_WEIGHTS and "ipcw" in data and (data["ipcw"] != 1).any() else None
        res, why = fit_logit(t, X, None, weights=cw)
        if res is None:
            return None, prep, f"the model of who joins could not be fitted: {why}"
        e = pd.Series(res.predict(X), index=data.index)
        gamma = np.asarray(res.params, float)
    lo = max(e[t == 1].min(), e[t == 0].min())
    hi = min(e[t == 1].max(), e[t == 0].max())
    inside = e.between(lo, hi)
    data, e, t = data[inside].copy(), e[inside], t[inside]
    # the population the censoring-weighted rows stand for (others who joined later included)
    q = data["ipcw"] if "ipcw" in data else pd.Series(1.0, index=data.index)
    p = float(np.average(t, weights=q)) if PROPENSITY_CENSORING_WEIGHTS else t.mean()
    w, _ = scheme_weights(t, e, p, scheme)
    if scheme == "overlap":      # bounded by 1: nothing to cap
        cap = float("inf")
    else:
        cap = float(np.quantile(w, trim)) if len(w) else float("nan")
    capped = int((w > cap).sum())
    data["propensity"], data["weight"] = e, np.minimum(w, cap)
    return Weights(data, prep.used, int((~inside).sum()), capped, cap, fitted=fitted, design=X, gamma=gamma,
                   fit_weights=None if cw is None else np.asarray(cw, float), share=p, scheme=scheme), prep, None


def weighting(frame: pd.DataFrame, outcome: str, adjust: Sequence[str], treated: str = "treated",
              trim: float = TRIM_QUANTILE, min_group: int = 5,
              scheme: str = WEIGHT_SCHEME) -> tuple[Estimate, Optional[Weights]]:
    """Propensity weighting (``scheme``: overlap weights unless said, :data:`WEIGHT_SCHEMES`),
    doubly robust: (the marginal odds ratio of the weighted outcome model, standardised; the
    weights used); an other who joined later counts until the day
    they joined (:func:`until_joining`'s weights multiply). When the outcome model with the
    adjusters cannot be fitted, the weighted odds ratio alone, with a note."""
    n_all = len(frame)
    # the censoring weights of regression adjustment (stratified calendar-time model; the one
    # proportional-hazards model, WEIGHTING_STRATA = 0, leaned with the doubly robust form: -0.08 on
    # 16 companies at 50 % uptake with no effect against +0.00 stratified)
    frame = until_joining(frame, outcome, adjust, treated, strata=WEIGHTING_STRATA)
    joined_later = n_all - len(frame)
    wts, prep, reason = propensity_weights(frame, adjust, outcome, treated, trim, min_group, scheme)
    t_all = prep.data[treated].astype(float)
    base = dict(n_treated=int(t_all.sum()), n_control=int(len(t_all) - t_all.sum()) + joined_later,
                adjusted_for=prep.used, n_dropped_missing=prep.dropped)
    if reason:
        return Estimate("weighting", "odds_ratio", reason=reason, notes=prep.notes, **base), None
    data = wts.data
    y, t = data[outcome].astype(float), data[treated].astype(float)
    notes = list(prep.notes)
    if wts.n_outside_overlap:
        notes.append(f"{few(wts.n_outside_overlap, min_group)} people whose chance of joining lies "
                     "outside the range shared by both groups are left out of the weighting (no overlap).")
    if wts.n_capped:
        notes.append(f"The largest weights ({few(wts.n_capped, min_group)} people) were capped at "
                     f"{wts.cap:.1f}, the {trim:.0%} point of all weights.")
    ess = [(g.sum() ** 2) / (g ** 2).sum() for _, g in wts.combined.groupby(data[treated])]
    if len(ess) == 2:
        notes.append(f"After weighting the groups count as about {ess[1]:,.0f} participants and "
                     f"{ess[0]:,.0f} others (effective sizes).")
    reason = _counts_check(y, t, min_group)
    if reason:
        return Estimate("weighting", "odds_ratio", reason=reason, notes=tuple(notes), **base), wts
    groups = data["employee_id"].astype("category").cat.codes if "employee_id" in data else None
    w = wts.combined
    # doubly robust: the outcome model with the adjusters, fitted with the weights, standardised
    X = design_matrix(data, treated, wts.used)
    res, why = fit_logit(y, X, treated, weights=w, groups=groups)
    if res is not None:
        b, s, diff, diff_se = stacked_log_or_se(wts, res, X, y, treated, participants=True)
        if np.isfinite(b) and np.isfinite(s) and s <= MAX_LOG_SE:
            return _ratio("weighting", "odds_ratio", b, s, 2 * stats.norm.sf(abs(b / s)), notes=tuple(notes),
                          participants_difference=_interval(diff, diff_se), **base), wts
    # the outcome model with the adjusters cannot be fitted (separation): the weighted odds ratio alone
    X = design_matrix(data, treated, [])
    res, why = fit_logit(y, X, treated, weights=w, groups=groups)
    if res is None:
        return Estimate("weighting", "odds_ratio", reason=why, notes=tuple(notes), **base), wts
    notes.append("The weighting could not also use a model of the outcome with the adjusters (it could "
                 "not be fitted), so it relies on the model of who joins alone.")
    return _ratio("weighting", "odds_ratio", float(res.params[treated]), float(res.bse[treated]),
                  res.pvalues[treated], notes=tuple(notes), **base), wts


def weighted_standardised_log_or(res, X: pd.DataFrame, y, w, q, groups=None, treated: str = "treated",
                                 means: bool = True):
    """(log odds ratio, its standard error): weighted regression adjustment, the doubly robust
    form of the weighting (Robins et al. 2007; Kang & Schafer 2007). ``res`` is the logistic
    outcome model on ``treated`` and the adjusters ``X`` fitted with the weights ``w`` (propensity
    × censoring); each row's predicted chance with and without the program (``treated`` set to 1,
    then 0) is averaged over every row with the censoring weights ``q`` (the population the
    stabilised propensity weights stand for: participants and others alike), and the marginal odds
    ratio is odds(m1) / odds(m0). With an intercept and ``treated`` in the model the weighted score
    makes each group's weighted residuals sum to 0, so the estimate is consistent when either the
    model of who joins or the outcome model is right.

    Its variance is the stacked sandwich of the weighted score and the two means, summed over each
    person's rows (a person in both groups is one cluster), with statsmodels' cluster correction
    G/(G−1)·(N−1)/(N−K); it treats the propensity and censoring weights as known. Its β part is
    exactly ``res.cov_params()`` (statsmodels' cluster-robust covariance, checked in
    tests/evaluation/test_weighting_dr.py); the means' part adds the sampling of the rows
    standardised over (``means=False`` leaves it out: then the variance is the delta method on
    ``res.cov_params()`` alone)."""
    b = np.asarray(res.params, float)
    Xa = X.to_numpy(float)
    y, w, q = (np.asarray(v, float) for v in (y, w, q))
    j = list(X.columns).index(treated)
    x1, x0 = Xa.copy(), Xa.copy()
    x1[:, j], x0[:, j] = 1.0, 0.0
    p = 1 / (1 + np.exp(-Xa @ b))
    p1, p0 = 1 / (1 + np.exp(-x1 @ b)), 1 / (1 + np.exp(-x0 @ b))
    Q = q.sum()
    m1, m0 = float(q @ p1 / Q), float(q @ p0 / Q)
    if not (0 < m0 < 1 and 0 < m1 < 1):
        return float("nan"), float("nan")
    theta = math.log(m1 / (1 - m1)) - math.log(m0 / (1 - m0))
    d1, d0 = 1 / (m1 * (1 - m1)), 1 / (m0 * (1 - m0))
    grad = (d1 * (q * p1 * (1 - p1)) @ x1 - d0 * (q * p0 * (1 - p0)) @ x0) / Q      # dθ/dβ
    H = (Xa * (w * p * (1 - p))[:, None]).T @ Xa                                   # −d score/dβ
    try:
        hg = np.linalg.solve(H, grad)
    except np.linalg.LinAlgError:
        return float("nan"), float("nan")
    n, k = Xa.shape
    if groups is None:
        g = np.arange(n)
    else:
        g = np.asarray(pd.Series(np.asarray(groups)).astype("category").cat.codes)
    per = np.bincount(g, weights=(Xa * (w * (y - p))[:, None]) @ hg)
    if means:
        per = per + np.bincount(g, weights=q * (d1 * (p1 - m1) - d0 * (p0 - m0)) / Q)
    G = len(per)
    if G < 2:
        return float("nan"), float("nan")
    var = float(per @ per) * G / (G - 1) * (n - 1) / (n - k)
    return theta, math.sqrt(max(var, 0.0))


MAX_LEVERAGE = 0.9    # a row's leverage is taken as at most this in the HC3 correction
LEVERAGE_POWER = 1.0  # residual / (1 − leverage) ** this: 1 HC3 (used), 0.5 HC2 (kept to compare)


def _expit(x):
    return 1 / (1 + np.exp(-x))


def stacked_log_or_se(wts: Weights, res, X: pd.DataFrame, y, treated: str = "treated",
                      carry: bool = True, leverage: bool = True, participants: bool = False):
    """(log odds ratio, its standard error) of the doubly robust weighting, with a variance that
    carries the estimation of the weights: M-estimation (Stefanski & Boos 2002) with the
    estimating equations stacked, each person's rows summed (one cluster),

    * the model of who joins: Σ c (t − e(γ)) x = 0 over every row it was fitted on (``c`` its
      fitting weights, the censoring weights; without an adjuster the share joining);
    * the stabilising share: Σ q (t − π) = 0 over the rows in the overlap (``q`` the censoring
      weights);
    * the weighted outcome model: Σ w(γ, π) q (y − μ(β)) x = 0, ``w`` = π / e or (1 − π) / (1 − e)
      (a capped weight stays at the cap: the cap and the overlap are held fixed);
    * the two standardised means: Σ q (μ₁(β) − m₁) = 0 and Σ q (μ₀(β) − m₀) = 0;

    variance A⁻¹ B A⁻ᵀ (A the derivative of the summed equations, here by central differences,
    B the sum over persons of their summed equations' outer product) with the cluster correction
    G/(G−1)·(N−1)/(N−K) of :func:`weighted_standardised_log_or`, and the delta method from the two
    means to the log odds ratio. ``carry=False`` holds γ and π fixed (the weights known): then it
    is exactly :func:`weighted_standardised_log_or`'s standard error (tested). The censoring
    weights are held fixed in both; the person-level bootstrap of the whole pipeline
    (:func:`bootstrap_log_or_se`) is the reference that carries them too."""
    d, f = wts.data, wts.fitted
    Xo = X.to_numpy(float)
    j = list(X.columns).index(treated)
    X1, X0 = Xo.copy(), Xo.copy()
    X1[:, j], X0[:, j] = 1.0, 0.0
    yo = np.asarray(y, float)
    to = d[treated].to_numpy(float)
    q = d["ipcw"].to_numpy(float) if "ipcw" in d else np.ones(len(d))
    tf = f[treated].to_numpy(float)
    if wts.gamma is None:                 # no adjuster: e is the share joining (unweighted mean)
        Xp, Xpo, g0 = None, None, np.array([tf.mean()])
        cf = np.ones(len(f))
    else:
        Xp = wts.design.to_numpy(float)
        Xpo = wts.design.loc[d.index].to_numpy(float)
        g0 = np.asarray(wts.gamma, float)
        cf = np.ones(len(f)) if wts.fit_weights is None else np.asarray(wts.fit_weights, float)
    pi0 = float(wts.share)
    e_hat = d["propensity"].to_numpy(float)
    raw, standardising = scheme_weights(to, e_hat, pi0, wts.scheme)
    capped = raw > wts.cap
    b0 = np.asarray(res.params, float)
    p1, p0, p_hat = _expit(X1 @ b0), _expit(X0 @ b0), _expit(Xo @ b0)
    qs = q * standardising       # the rows standardised over, and how much
    Q = qs.sum()
    tw = to / to.sum()
    phi0 = np.concatenate([g0, [pi0], b0, [qs @ p1 / Q, qs @ p0 / Q, tw @ p1, tw @ p0]])
    kg, kb = len(g0), len(b0)
    nf, no = len(f), len(d)

    def psi(phi):
        g, pi, beta = phi[:kg], phi[kg], phi[kg + 1:kg + 1 + kb]
        m1, m0, d1, d0 = phi[-4:]
        if Xp is None:
            e, top = np.full(no, g[0]), (tf - g[0])[:, None]
        else:
            e, top = _expit(Xpo @ g), (cf * (tf - _expit(Xp @ g)))[:, None] * Xp
        w, s = scheme_weights(to, e, pi, wts.scheme)
        w, s = np.where(capped, wts.cap, w), q * s
        bottom = np.column_stack([(q if PROPENSITY_CENSORING_WEIGHTS else 1.0) * (to - pi), (w * q * (yo - _expit(Xo @ beta)))[:, None] * Xo,
                                  s * (_expit(X1 @ beta) - m1), s * (_expit(X0 @ beta) - m0),
                                  to * (_expit(X1 @ beta) - d1), to * (_expit(X0 @ beta) - d0)])
        return np.vstack([np.hstack([top, np.zeros((nf, 1 + kb + 4))]),
                          np.hstack([np.zeros((no, kg)), bottom])])

    keep = np.arange(len(phi0)) if carry else np.arange(kg + 1, len(phi0))
    A = np.empty((len(keep), len(keep)))
    for c, i in enumerate(keep):
        h = 1e-6 * max(1.0, abs(phi0[i]))
        up, dn = phi0.copy(), phi0.copy()
        up[i] += h
        dn[i] -= h
        A[:, c] = (psi(up).sum(axis=0) - psi(dn).sum(axis=0))[keep] / (2 * h)
    ids = pd.Categorical(np.concatenate([f["employee_id"].astype(str).to_numpy() if "employee_id" in f
                                         else np.asarray(f.index.astype(str)),
                                         d["employee_id"].astype(str).to_numpy() if "employee_id" in d
                                         else np.asarray(d.index.astype(str))])).codes
    rows = psi(phi0)
    if leverage:      # each outcome row's residual over (1 − its leverage): HC3, a jackknife's
        Hb = (Xo * (wts.data["weight"].to_numpy(float) * q * p_hat * (1 - p_hat))[:, None]).T @ Xo
        try:
            lev = (wts.data["weight"].to_numpy(float) * q * p_hat * (1 - p_hat)
                   * np.einsum("ij,ji->i", Xo, np.linalg.solve(Hb, Xo.T)))
        except np.linalg.LinAlgError:
            return float("nan"), float("nan")
        rows[nf:, kg + 1:kg + 1 + kb] /= ((1 - np.clip(lev, 0, MAX_LEVERAGE)) ** LEVERAGE_POWER)[:, None]
    per = np.zeros((ids.max() + 1, len(keep)))
    np.add.at(per, ids, rows[:, keep])
    per = per[np.bincount(ids[nf:], minlength=ids.max() + 1) > 0] if not carry else per
    m1, m0, d1, d0 = phi0[-4:]
    nan = (float("nan"),) * (4 if participants else 2)
    G = len(per)
    if not (0 < m0 < 1 and 0 < m1 < 1) or G < 2:
        return nan
    theta = math.log(m1 / (1 - m1)) - math.log(m0 / (1 - m0))
    grads = np.zeros((len(keep), 2))
    grads[-4, 0], grads[-3, 0] = 1 / (m1 * (1 - m1)), -1 / (m0 * (1 - m0))     # log odds ratio
    grads[-2, 1], grads[-1, 1] = -1.0, 1.0                                    # d0 − d1
    try:
        a = np.linalg.solve(A.T, grads)          # gradᵀ A⁻¹ (as columns)
    except np.linalg.LinAlgError:
        return nan
    s = per @ a
    var = (s * s).sum(axis=0) * G / (G - 1) * (no - 1) / (no - kb)
    se = np.sqrt(np.maximum(var, 0.0))
    if participants:
        return theta, float(se[0]), float(d0 - d1), float(se[1])
    return theta, float(se[0])


def person_time(frame: pd.DataFrame, adjust: Sequence[str]) -> pd.DataFrame:
    """One row per person and participation spell: ``start``, ``stop`` (days from the earliest
    index date), ``event`` (left at ``stop``), ``participant`` (0 before joining, 1 after) and the
    adjusters (tenure on entering).

    A person enters at their first index date in the design (the date drawn for them as a
    comparable non-participant, or the day they joined): left truncation on the date they were
    selected, so no one is credited with time before being known to be at risk."""
    cols = [c for c in adjust if c in frame.columns and c not in ("tenure_years", "followup_years")]
    origin = frame["index_date"].min()
    first = frame.groupby("employee_id")["index_date"].min()
    people = frame.sort_values("treated").drop_duplicates("employee_id", keep="last")
    hire = pd.to_datetime(people["hire_date"])
    entry = people["employee_id"].map(first)
    end = people["index_date"] + pd.to_timedelta(people["days_observed"], unit="D")
    joined = pd.to_datetime(people["joined"])
    base = people[cols].copy()
    base["tenure_years"] = ((entry - hire).dt.days / 365.25).clip(0, 10)
    base["employee_id"] = people["employee_id"].to_numpy()
    a = (entry - origin).dt.days.to_numpy(float)
    b = (end - origin).dt.days.to_numpy(float)
    j = (joined - origin).dt.days.to_numpy(float)
    ev = people["left"].to_numpy(int)
    split = np.isfinite(j) & (j > a) & (j < b)
    from_start = np.isfinite(j) & (j <= a)
    pre = base.assign(start=a, stop=np.where(split, j, b), event=np.where(split, 0, ev),
                      participant=from_start.astype(int))
    post = base[split].assign(start=j[split], stop=b[split], event=ev[split], participant=1)
    out = pd.concat([pre, post], ignore_index=True)
    return out[out["stop"] > out["start"]].reset_index(drop=True)


def cox_cluster_covariance(model, params, groups) -> np.ndarray:
    """The Cox model's robust covariance clustered by person (Lin & Wei 1989), used when a person
    has several rows (person-time split at joining, so their rows are not independent):
    H⁻¹ (Σ_g s_g s_gᵀ) H⁻¹ with s_g the sum of a person's score residuals. It is statsmodels'
    ``PHReg.fit(groups=...)`` covariance, except that a row at risk at no exit time contributes 0
    (statsmodels returns NaN for it, and so NaN for every standard error, whenever a person's
    spell ends before the first exit or starts after the last). With one row per person (the
    Rossi trial, the landmark design) the model-based variance is kept, so the published
    0.6843 (0.4702–0.9957) stays as it is."""
    sr = np.nan_to_num(model.score_residuals(params))
    g = pd.Series(groups).astype("category").cat.codes.to_numpy()
    per = np.zeros((g.max() + 1, sr.shape[1]))
    np.add.at(per, g, sr)
    h = np.linalg.inv(model.hessian(params))
    return h @ (per.T @ per) @ h


def cox_time_varying(frame: pd.DataFrame, adjust: Sequence[str], min_group: int = 5) -> Estimate:
    """Hazard ratio of leaving while a participant against before joining / not joined, adjusted,
    from a Cox model on person-time split at joining (statsmodels ``PHReg`` with delayed entry)."""
    import warnings

    import statsmodels.api as sm
    pt = person_time(frame, adjust)
    prep = prepare(pt, "event", [c for c in adjust if c != "followup_years"], "participant",
                   min_group=min_group)
    data = prep.data
    ids = pt.loc[data.index, "employee_id"]
    treated_people = ids[data["participant"] == 1].nunique()
    # the same people as the other estimators: participants and the comparison group (whose
    # pre-joining time, for those who joined later, counts as non-participation)
    base = dict(n_treated=int((frame["treated"] == 1).sum()), n_control=int((frame["treated"] == 0).sum()),
                adjusted_for=prep.used, n_dropped_missing=prep.dropped, notes=prep.notes)
    ev = data["event"]
    people, events = thresholds(min_group)
    if treated_people < people or ev[data["participant"] == 1].sum() < events \
            or ev[data["participant"] == 0].sum() < events:
        return Estimate("cox", "hazard_ratio", reason="too few people or exits in a group to estimate "
                        f"a hazard ratio (at least {people} people and {events} exits each)", **base)
    X = design_matrix(data, "participant", prep.used).drop(columns="const")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            res = sm.PHReg(pt.loc[data.index, "stop"].to_numpy(), X, status=ev.to_numpy(),
                           entry=pt.loc[data.index, "start"].to_numpy(), ties="efron").fit()
            cov = np.asarray(res.cov_params(), float)
            if ids.duplicated().any():      # a person with several rows (split at joining)
                cov = cox_cluster_covariance(res.model, np.asarray(res.params, float), ids.to_numpy())
        except (np.linalg.LinAlgError, ValueError) as exc:
            return Estimate("cox", "hazard_ratio", reason=f"the hazard model could not be fitted ({exc})", **base)
    i = list(X.columns).index("participant")
    b, s = float(res.params[i]), float(math.sqrt(cov[i, i])) if cov[i, i] >= 0 else float("nan")
    if not np.isfinite(s) or s > 5:
        return Estimate("cox", "hazard_ratio", reason="the hazard ratio is unstable", **base)
    return _ratio("cox", "hazard_ratio", b, s, 2 * stats.norm.sf(abs(b / s)), **base)


__all__ = ["Estimate", "ESTIMATOR_NAMES", "raw_estimate", "regression", "weighting", "cox_time_varying",
           "until_joining", "weighted_standardised_log_or", "stacked_log_or_se", "cox_cluster_covariance",
           "propensity_weights", "person_time", "prepare", "few", "replace"]
