"""Everything for one outcome of one population: raw, both adjusted estimators (and a Cox model
for exits), the balance table, E-values and the one conclusion; :func:`outcomes_table` is the
export (``exports/outcomes.csv``), one row per outcome × population × estimator.

Example
-------
>>> OUTCOMES["left"].good, OUTCOMES["promoted"].good
(-1, 1)
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional, Sequence

import pandas as pd

from .balance import Balance, balance_table
from .conclude import conclude
from .design import ComparisonGroup
from .estimators import TRIM_QUANTILE, WEIGHT_SCHEME, Estimate, cox_time_varying, raw_estimate, regression, weighting
from .evalues import RARE, e_value
from .stats import format_p
from ..results import Shown

DEFAULT_ADJUST = ("level", "performance", "tenure_years", "department")
DESIGN_ADJUST = ("followup_years",)   # always adjusted for: time from the index date to the snapshot


@dataclass(frozen=True)
class Outcome:
    """An individual 0/1 outcome the evaluation knows (registry entry)."""
    name: str
    verb: str            # "left", "were promoted"
    noun: str            # "leaving", "promotion"
    good: int            # -1: fewer is good for participants; +1: more is good
    duration: str        # the design frame's time column for curves
    cox: bool            # a time-to-event model applies (exits)
    infinitive: str = ""  # "leave", "be promoted"


OUTCOMES = {
    "left": Outcome("left", "left", "leaving", -1, "days_observed", True, "leave"),
    "promoted": Outcome("promoted", "were promoted", "promotion", 1, "days_to_promotion", False,
                        "be promoted"),
}
OUTCOME_COLUMNS = ["outcome", "population", "estimator", "measure", "n_treated", "n_control",
                   "rate_treated", "rate_control", "estimate", "ci_low", "ci_high", "p_value",
                   "adjusted_for", "n_dropped_missing", "e_value", "conclusion"]


@dataclass(frozen=True)
class OutcomeEvaluation(Shown):
    outcome: str
    population: str
    definition: str
    raw: Estimate
    regression: Estimate
    weighting: Estimate
    cox: Optional[Estimate]
    balance: Optional[Balance]
    conclusion: str
    reason: str
    rare: bool
    notes: tuple[str, ...] = field(default_factory=tuple)
    randomised: bool = False     # who joined was drawn by lottery (a randomised waitlist)

    @property
    def estimates(self) -> list[Estimate]:
        return [e for e in (self.raw, self.regression, self.weighting, self.cox) if e is not None]

    def e_values(self, est: Estimate) -> tuple[Optional[float], Optional[float]]:
        return e_value(est.estimate, est.ci, est.measure, self.rare) if est.ok else (None, None)

    @property
    def verdict(self) -> str:
        """``conclusion`` with its reason when it cannot conclude."""
        return f"{self.conclusion}: {self.reason}" if self.reason else self.conclusion

    def small_cells(self, k: int, group: str) -> bool:
        """True when a group's rate would point at fewer than ``k`` people (with or without)."""
        n = self.raw.n_treated if group == "treated" else self.raw.n_control
        r = self.raw.rate_treated if group == "treated" else self.raw.rate_control
        if r is None or not n:
            return True
        x = round(r * n)
        return min(x, n - x) < k

    def sentence(self, min_group: int = 5, who: Optional[str] = None) -> str:
        """The result in plain words, computed from the figures (small groups' rates left out).

        Every estimate is said with its direction (read from the estimate, never assumed), its
        95 % interval and its p-value; the words are those of an association (``had lower odds
        of leaving``) unless the comparison was randomised (``randomised=True``: a waitlist
        lottery), where they are those of an effect (``taking part lowered the odds``)."""
        o = OUTCOMES[self.outcome]
        who = (who or self.population).lower()
        r, w = self.regression, self.weighting
        raw = ""
        if not (self.small_cells(min_group, "treated") or self.small_cells(min_group, "control")):
            raw = (f" ({self.raw.rate_treated:.0%} of {who} against {self.raw.rate_control:.0%} "
                   "of comparable non-participants, raw)")
        if self.conclusion == "cannot conclude":
            return f"{o.noun.capitalize()}{raw}: cannot conclude, {self.reason}."
        adj = ", ".join(a.replace("_", " ") for a in r.adjusted_for)
        figures = (f"odds ratio {r.estimate:.2f} (95 % CI {r.ci[0]:.2f}–{r.ci[1]:.2f}, "
                   f"{format_p(r.p_value)}) by regression adjustment and {w.estimate:.2f} "
                   f"({w.ci[0]:.2f}–{w.ci[1]:.2f}, {format_p(w.p_value)}) by propensity weighting")
        signs = {_sign(r.estimate), _sign(w.estimate)}
        if len(signs) == 1 and 0 not in signs:
            lower = signs.pop() < 0
            if self.randomised:
                said = f"taking part {'lowered' if lower else 'raised'} the odds of {o.noun}"
            else:
                said = (f"{who} had {'lower' if lower else 'higher'} odds of {o.noun} than comparable "
                        "non-participants")
        else:
            said = f"the two adjusted estimates of the odds of {o.noun} point in different directions"
        text = f"{o.noun.capitalize()}{raw}: after accounting for {adj}, {said}: {figures}"
        if self.conclusion.startswith("clear"):
            text += f"; both intervals exclude 1: {self.conclusion}."
        else:
            text += (f"; {'both intervals include' if r.side == 0 and w.side == 0 else 'an interval includes'} "
                     f"1, so the data are also compatible with no difference: {self.conclusion}.")
        if self.cox is not None and self.cox.ok:
            text += " " + self.cox_sentence(who)
        if not self.randomised:
            text += (" These are associations in observational data (who joins is not decided by "
                     "chance), not proof that the program caused them.")
            if self.conclusion.startswith("clear"):
                text += " " + self.e_value_sentence(r)
        return text

    def cox_sentence(self, who: str) -> str:
        """The Cox model's hazard ratio with its interval, p-value and direction."""
        c, o = self.cox, OUTCOMES[self.outcome]
        sign = _sign(c.estimate)
        if sign == 0:
            how = f"{who} left at the same rate as"
        elif self.randomised:
            how = f"taking part made {who} leave at a {'lower' if sign < 0 else 'higher'} rate than"
        else:
            how = f"{who} left at a {'lower' if sign < 0 else 'higher'} rate while in the program than"
        text = (f"Time to leaving, everyone followed from their index date ({who} from the day they "
                f"joined, others from their date until they joined, if they did): {how} comparable employees not "
                f"(yet) in it, hazard ratio {c.estimate:.2f} (95 % CI {c.ci[0]:.2f}–{c.ci[1]:.2f}, "
                f"{format_p(c.p_value)})")
        if c.side == 0:
            return text + "; the interval includes 1, so no clear difference in the rate of leaving."
        if not self.conclusion.startswith("clear"):
            return text + ("; this interval excludes 1, but the conclusion rests on both adjusted "
                           "odds ratios, and they do not both exclude 1.")
        return text + "; the interval excludes 1."

    def e_value_sentence(self, est: Estimate) -> str:
        """How strong an unmeasured confounder would have to be, with the directions it would need:
        for fewer exits it must make people more likely to join and **less** likely to leave."""
        o = OUTCOMES[self.outcome]
        ev, ev_ci = self.e_values(est)
        fewer = est.estimate < 1
        return (f"To explain the estimate away, an unmeasured difference would have to make people "
                f"both more likely to join and {'less' if fewer else 'more'} likely to {o.infinitive}, "
                f"each by a factor of {ev:.1f} (risk ratio; E-value), or less likely to join and "
                f"{'more' if fewer else 'less'} likely to {o.infinitive} by as much; a factor of "
                f"{ev_ci:.1f} would move its interval to include 1.")

    # shown in a notebook (workbench.results)
    def to_frame(self) -> pd.DataFrame:
        """One row per estimator: estimate, 95 % interval, p-value, the groups' sizes."""
        return pd.concat([e.to_frame() for e in self.estimates], ignore_index=True)

    def _title(self) -> str:
        return f"{self.outcome}: {self.population}"

    def _headline(self) -> str:
        return self.verdict


def _sign(x: float) -> int:
    """-1 below 1, +1 above, 0 at 1 (a ratio)."""
    return -1 if x < 1 else 1 if x > 1 else 0


def evaluate(group: ComparisonGroup, outcome: str, adjust_for: Sequence[str] = DEFAULT_ADJUST,
             min_group: int = 5, trim: float = TRIM_QUANTILE, randomised: bool = False,
             scheme: str = WEIGHT_SCHEME) -> OutcomeEvaluation:
    """Evaluate ``outcome`` (a key of :data:`OUTCOMES`) on a comparison group."""
    if outcome not in OUTCOMES:
        raise ValueError(f"unknown outcome {outcome!r}; use one of {', '.join(OUTCOMES)}")
    o = OUTCOMES[outcome]
    frame = group.frame
    adjust = list(dict.fromkeys([*adjust_for, *DESIGN_ADJUST]))
    raw = raw_estimate(frame, outcome, min_group=min_group)
    reg = regression(frame, outcome, adjust, min_group=min_group)
    wt, weights = weighting(frame, outcome, adjust, trim=trim, min_group=min_group, scheme=scheme)
    cox = cox_time_varying(frame, adjust, min_group=min_group) if o.cox else None
    # the balance the estimate rests on: the propensity weights times the censoring weights
    bal = (balance_table(weights.data.assign(weight=weights.combined), weights.used, min_group=min_group)
           if weights is not None else None)
    if raw.reason and not raw.rate_treated and not raw.rate_control and frame.empty:
        conclusion, reason = "cannot conclude", raw.reason
    else:
        conclusion, reason = conclude([reg, wt], o.good)
    rate = frame[outcome].mean() if len(frame) else 0.0
    notes = tuple(dict.fromkeys(group.notes + reg.notes + wt.notes))
    return OutcomeEvaluation(outcome, group.population, group.definition, raw, reg, wt, cox, bal,
                             conclusion, reason, bool(rate < RARE), notes, randomised)


def outcomes_table(evaluations: Sequence[OutcomeEvaluation], min_group: int = 5) -> pd.DataFrame:
    """The export: exactly :data:`OUTCOME_COLUMNS`, one row per outcome × population × estimator.
    A group's rate is ``hidden`` when fewer than ``min_group`` people in it had the outcome, or did
    not; model estimates stay."""
    rows = []
    for ev in evaluations:
        hide1, hide0 = ev.small_cells(min_group, "treated"), ev.small_cells(min_group, "control")
        for est in ev.estimates:
            point, _ = ev.e_values(est) if est.estimator != "raw" else (None, None)
            rows.append({
                "outcome": ev.outcome, "population": ev.population, "estimator": est.estimator,
                "measure": est.measure, "n_treated": est.n_treated, "n_control": est.n_control,
                "rate_treated": "hidden" if hide1 else round(ev.raw.rate_treated, 4),
                "rate_control": "hidden" if hide0 else round(ev.raw.rate_control, 4),
                "estimate": None if not est.ok else round(est.estimate, 4),
                "ci_low": None if not est.ok else round(est.ci[0], 4),
                "ci_high": None if not est.ok else round(est.ci[1], 4),
                "p_value": None if not est.ok else float(f"{est.p_value:.3g}"),
                "adjusted_for": ";".join(est.adjusted_for),
                "n_dropped_missing": est.n_dropped_missing,
                "e_value": None if point is None else round(point, 2),
                "conclusion": ev.verdict})
    return pd.DataFrame(rows, columns=OUTCOME_COLUMNS)
