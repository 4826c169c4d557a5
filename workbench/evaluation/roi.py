"""The program's return in money, with its interval: leavers avoided (or added) and net value.

From an adjusted estimate of leaving (:mod:`.estimators`: an odds ratio by regression adjustment
or propensity weighting, a hazard ratio from the Cox model), over the period followed (each
participant from joining to leaving or the snapshot):

* the participants' observed leaving rate ``p1`` (``n1`` participants, ``n1 · p1`` left);
* the rate they would have had without the program, ``p0``: for **regression adjustment**,
  marginal standardisation over the participants
  (:attr:`.estimators.Estimate.participants_difference`: each participant's predicted chance with
  and without the program, averaged), with a delta-method interval from the fitted model's
  cluster-robust covariance (applying its conditional odds ratio to ``p1`` was wrong: odds ratios
  are not collapsible). For **propensity weighting** (a marginal odds ratio) and the **hazard
  ratio**, from the ratio ``R``: odds(p0) = odds(p1) / R; 1 − p0 = (1 − p1) ^ (1 / R); the
  weighting's interval is its odds ratio's, whose variance carries the estimation of the weights
  (:func:`.estimators.stacked_log_or_se`). Standardising the weighting over the participants like
  regression (its weighted outcome model's chances with and without the program, averaged over
  the participants, with the stacked variance: the weighting's ``participants_difference``) was
  built and measured in issue 34's second round (``benchmarks/bench_roi.py``, row ``weighting
  (standardised)``) and is not used: at 50 % uptake with an effect it leaned +13.7 ± 2.0 leavers
  and covered the true net in 93 ± 2.6 % of 100 companies, where the map leans +9.3 ± 1.9 and
  covers 95 ± 2.2 % (with no effect both about +6 leavers and 91-92 %): the outcome model is
  fitted to stand for everyone, and averaging it over the participants (the most engaged)
  extrapolates. (Weighting the others to the participants, e / (1 − e), was dropped before: 82 %
  of 60 companies, a lean of +28 leavers, the engaged others who never join carrying extreme
  weights);
* **leavers avoided** = ``n1 · (p0 − p1)`` (negative: leavers added); for the hazard ratio its
  95 % interval is the same map applied to the ratio's interval limits (the map is monotone in
  ``R``); either way it carries the estimator's own variance (cluster-robust by person, inverse
  probability of censoring weights for later joiners, the Cox model's person-time split at joining);
* **value** = leavers avoided × cost of one leaver (an amount, or a share of the participants'
  mean salary); **net** = value − program cost, each with the interval carried through;
* the conclusion: ``net gain`` when the net interval lies above 0, ``net loss`` below,
  ``cannot conclude`` when it spans 0 (or no estimate);
* sensitivity (VanderWeele & Ding 2017, shifting to a non-null value): the ratio ``R*`` at which
  the net is exactly 0, and the E-value of ``R / R*`` on the risk-ratio scale: how strongly an
  unmeasured confounder would have to be tied to both joining and leaving to cancel the return.

Example
-------
>>> round(avoided(100, 0.2, 0.5, "odds_ratio"), 2)   # p0: odds 0.25/0.5 = 0.5 → 1/3
13.33
>>> round(ratio_for(100, 0.2, 13.333333, "odds_ratio"), 3)
0.5
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Optional, Sequence

import pandas as pd

from .evalues import _as_risk_ratio, _e
from ..results import Shown

ROI_COLUMNS = ["outcome", "estimator", "leavers_avoided", "leavers_avoided_low", "leavers_avoided_high",
               "value", "value_low", "value_high", "program_cost", "net", "net_low", "net_high",
               "currency", "conclusion"]
ROI_ESTIMATORS = ("regression", "weighting", "cox")
HIDDEN = "hidden"


def counterfactual_rate(p1: float, ratio: float, measure: str) -> float:
    """The participants' leaving rate without the program, given the ratio (participants : others)."""
    if measure == "hazard_ratio":
        return 1 - (1 - p1) ** (1 / ratio)
    if p1 <= 0 or p1 >= 1:
        return p1
    odds0 = p1 / (1 - p1) / ratio
    return odds0 / (1 + odds0)


def avoided(n1: int, p1: float, ratio: float, measure: str) -> float:
    """Leavers avoided among ``n1`` participants whose observed leaving rate is ``p1``."""
    return n1 * (counterfactual_rate(p1, ratio, measure) - p1)


def ratio_for(n1: int, p1: float, leavers: float, measure: str) -> Optional[float]:
    """The ratio at which ``leavers`` are avoided (``None`` when no ratio gives that many)."""
    p0 = p1 + leavers / n1
    if not 0 < p0 < 1 or not 0 < p1 < 1:
        return None
    if measure == "hazard_ratio":
        return math.log(1 - p1) / math.log(1 - p0)
    return (p1 / (1 - p1)) / (p0 / (1 - p0))


@dataclass(frozen=True)
class Return(Shown):
    """One estimator's return over the period (``None`` figures with a ``reason``)."""
    estimator: str
    measure: str
    currency: str
    program_cost: float
    cost_per_leaver: Optional[float]
    leavers_avoided: Optional[tuple[float, float, float]] = None   # (point, low, high)
    value: Optional[tuple[float, float, float]] = None
    net: Optional[tuple[float, float, float]] = None
    e_value: Optional[float] = None        # to cancel the return at the point estimate
    e_value_ci: Optional[float] = None     # to move the net interval to include 0
    reason: str = ""
    hidden: bool = False                   # derived from a group count under the minimum

    @property
    def conclusion(self) -> str:
        if self.net is None:
            return "cannot conclude"
        _, lo, hi = self.net
        return "net gain" if lo > 0 else "net loss" if hi < 0 else "cannot conclude"

    # shown in a notebook (workbench.results)
    def to_frame(self) -> pd.DataFrame:
        """Its row of ``exports/roi.csv`` (figures of a small group ``hidden``)."""
        return roi_table([self])

    def _headline(self) -> str:
        return self.conclusion if not self.reason else f"cannot conclude: {self.reason}"


def program_return(ev, est, *, program_cost: float, cost_per_leaver: Optional[float], currency: str,
                   min_group: int = 0) -> Return:
    """The return of one estimate (``est``: an :class:`.estimators.Estimate` of ``ev``, an
    :class:`.evaluate.OutcomeEvaluation` of leaving)."""
    base = dict(estimator=est.estimator, measure=est.measure, currency=currency,
                program_cost=float(program_cost), cost_per_leaver=cost_per_leaver)
    n1, p1 = ev.raw.n_treated, ev.raw.rate_treated
    hidden = bool(min_group) and (ev.small_cells(min_group, "treated") or ev.small_cells(min_group, "control"))
    if not est.ok:
        return Return(**base, reason=est.reason or "no estimate", hidden=hidden)
    if cost_per_leaver is None or not (cost_per_leaver > 0):
        return Return(**base, reason="no cost of a leaver (no salaries)", hidden=hidden)
    if not n1 or p1 is None:
        return Return(**base, reason="no participants", hidden=hidden)
    r, (lo, hi) = est.estimate, est.ci
    # regression adjustment: standardised over the participants; the weighting's return stays the
    # map of its marginal odds ratio (standardising it measured worse: see the module docstring)
    diff = getattr(est, "participants_difference", None) if est.estimator != "weighting" else None
    if diff is not None:
        la = tuple(n1 * d for d in diff)
    else:
        # a larger ratio means more leaving among participants: fewer leavers avoided
        la = (avoided(n1, p1, r, est.measure), avoided(n1, p1, hi, est.measure), avoided(n1, p1, lo, est.measure))
    value = tuple(x * cost_per_leaver for x in la)
    net = tuple(v - program_cost for v in value)
    ev_point = ev_ci = None
    rare = ev.rare
    r_star = ratio_for(n1, p1, program_cost / cost_per_leaver, est.measure)
    if r_star is not None and net[0] > 0:
        ev_point = _e(_as_risk_ratio(r, est.measure, rare) / _as_risk_ratio(r_star, est.measure, rare))
        ev_ci = (_e(_as_risk_ratio(hi, est.measure, rare) / _as_risk_ratio(r_star, est.measure, rare))
                 if net[1] > 0 else 1.0)
    return Return(**base, leavers_avoided=la, value=value, net=net, e_value=ev_point, e_value_ci=ev_ci,
                  hidden=hidden)


def returns(ev, *, program_cost: float, cost_per_leaver: Optional[float], currency: str,
            min_group: int = 0) -> list[Return]:
    """One :class:`Return` per adjusted estimator of ``ev`` (regression, weighting, Cox)."""
    ests = {e.estimator: e for e in ev.estimates}
    return [program_return(ev, ests[name], program_cost=program_cost, cost_per_leaver=cost_per_leaver,
                           currency=currency, min_group=min_group) for name in ROI_ESTIMATORS if name in ests]


def headline(rets: Sequence[Return]) -> Optional[Return]:
    """The return the page and the summary lead with: the Cox model's (time to leaving, each person's
    time split at joining: in ``benchmarks/bench_roi.py`` its net interval covered the true net in
    93-100 % of companies at 15 % and 50 % uptake with a bias of 0-2 leavers, where the odds
    ratios' covered 88-92 % at 50 % uptake with no effect), else the regression's."""
    by = {r.estimator: r for r in rets}
    cox = by.get("cox")
    if cox is not None and not cox.reason:
        return cox
    return by.get("regression") or (rets[0] if rets else None)


def overall(rets: Sequence[Return]) -> str:
    """The one conclusion: the headline return's (a gain or loss only when its whole net interval
    lies on one side of 0)."""
    main = headline(rets)
    return main.conclusion if main is not None else "cannot conclude"


def roi_table(rets: Sequence[Return], outcome: str = "left") -> pd.DataFrame:
    """``exports/roi.csv``: exactly :data:`ROI_COLUMNS`; a hidden return's leavers, value and net
    are ``hidden`` (they would let a small group's count be worked out)."""
    rows = []
    for r in rets:
        row = {"outcome": outcome, "estimator": r.estimator, "program_cost": round(r.program_cost, 2),
               "currency": r.currency, "conclusion": r.conclusion if not r.reason else f"cannot conclude: {r.reason}"}
        for name, vals, d in (("leavers_avoided", r.leavers_avoided, 1), ("value", r.value, 0), ("net", r.net, 0)):
            for suffix, i in (("", 0), ("_low", 1), ("_high", 2)):
                # small groups: "hidden" even where the estimator was refused (never a blank)
                row[name + suffix] = (HIDDEN if r.hidden else None if vals is None else round(vals[i], d))
        if r.hidden and r.net is not None:
            row["conclusion"] = r.conclusion     # the side of 0 stays: it is what the estimate says
        rows.append(row)
    return pd.DataFrame(rows, columns=ROI_COLUMNS)


def money(x: float, currency: str, estimate: bool = False) -> str:
    """``'EUR 12,300'`` / ``'−EUR 4,000'``; an ``estimate`` to three significant figures (its
    interval is wide: ``EUR 1,198,776`` reads ``EUR 1,200,000``), an amount given as it is.

    >>> money(1198776.4, "EUR", estimate=True), money(-641038, "EUR", estimate=True), money(63450, "EUR")
    ('EUR 1,200,000', '−EUR 641,000', 'EUR 63,450')
    """
    sign = "−" if x < 0 else ""
    return f"{sign}{currency} {significant(abs(x)) if estimate else abs(x):,.0f}"


def significant(x: float, digits: int = 3) -> float:
    """``x`` rounded to ``digits`` significant figures (whole units at least).

    >>> significant(1198776.4), significant(798.6), significant(12.4)
    (1200000.0, 799.0, 12.0)
    """
    if not x or not math.isfinite(x):
        return x
    return float(round(x, min(0, digits - 1 - int(math.floor(math.log10(abs(x)))))))


def sentence(r: Return, who: str = "participants", randomised: bool = False) -> str:
    """The return in plain words (never the figures of a hidden return)."""
    cost = money(r.program_cost, r.currency)
    if r.reason:
        return f"Return of the program: cannot conclude ({r.reason})."
    if r.hidden:
        return ("Return of the program: the leavers avoided are not shown, since they would let a "
                f"small group's count be worked out; the program cost {cost}; {r.conclusion}.")
    la, lo, hi = r.leavers_avoided
    n, nlo, nhi = r.net
    what = "fewer" if la >= 0 else "more"
    est = {"currency": r.currency, "estimate": True}
    text = (f"Over the period, the adjusted comparison puts the {who} at about {abs(la):.0f} {what} leavers "
            f"than expected without the program (leavers avoided {_num(la)}, 95 % interval {_num(lo)} to "
            f"{_num(hi)}; negative: leavers added), worth "
            f"{money(r.value[0], **est)} ({money(r.value[1], **est)} to "
            f"{money(r.value[2], **est)}) at {money(r.cost_per_leaver, r.currency)} a leaver, against a "
            f"cost of {cost}: net {money(n, **est)} ({money(nlo, **est)} to {money(nhi, **est)}). ")
    if r.conclusion == "cannot conclude":
        text += "The interval of the net spans zero: cannot conclude whether the program paid for itself."
    elif r.conclusion == "net gain":
        text += "The whole interval of the net lies above zero: a net gain."
    else:
        text += "The whole interval of the net lies below zero: a net loss."
    if not randomised:
        text += (" This rests on an association in observational data (who joins is not decided by "
                 "chance), not proof that the program caused it.")
    return text


def _num(x: float) -> str:
    """Leavers, whole (an estimate of people: ``−4``, ``53``)."""
    return f"{'−' if round(x) < 0 else ''}{abs(round(x)):,}"


def sensitivity(r: Return) -> str:
    """How strong unmeasured confounding would have to be to cancel the return (E-value)."""
    if r.reason or r.net is None:
        return ""
    if r.e_value is None:
        return ("Sensitivity: the estimated net is not above zero, so no unmeasured confounding is "
                "needed to cancel a return.")
    text = (f"Sensitivity: to cancel the return (bring the net to zero), an unmeasured difference would "
            f"have to make people both more likely to join and less likely to leave (or the reverse), "
            f"each by a factor of {r.e_value:.1f} (risk ratio; E-value)")
    if r.e_value_ci and r.e_value_ci > 1:
        text += f"; a factor of {r.e_value_ci:.1f} would bring the net's interval to include zero."
    else:
        text += "; the net's interval already includes zero."
    return text


__all__ = ["ROI_COLUMNS", "Return", "program_return", "returns", "overall", "headline", "roi_table", "sentence",
           "sensitivity", "avoided", "ratio_for", "counterfactual_rate", "money"]


def cost_of_leaver(roi, treated: pd.DataFrame) -> tuple[Optional[float], str]:
    """(cost of one leaver, how it was set): ``roi.cost_per_leaver``, else the salary share times
    the participants' mean salary (``None`` with the reason when there are no salaries)."""
    if roi.cost_per_leaver is not None:
        return float(roi.cost_per_leaver), "an amount set for the program"
    col = roi.salary_column
    if col not in treated:
        return None, f"no salary column {col!r} in the workforce table"
    sal = pd.to_numeric(treated[col], errors="coerce").dropna()
    if sal.empty:
        return None, "no participant has a salary recorded"
    return float(roi.cost_per_leaver_salary_share * sal.mean()), \
        f"{roi.cost_per_leaver_salary_share * 100:g} % of the participants' mean salary"


__all__ += ["cost_of_leaver"]
