"""What notebook 04 shows: each function returns the page's table (already protected), its
sentences and its chart data; the notebook only displays them.

* :func:`outcome_view` — the comparison group's definition (stated once), the outcome table (raw,
  regression, weighting, Cox), one sentence per outcome, the notes (rows left out, merged levels,
  trimmed weights), the balance table and the export frame (``exports/outcomes.csv``);
* :func:`survival_view` — the Kaplan–Meier curves of the same design, coarsened to whole quarters
  and not drawn where a step would show fewer than ``min_group_size`` exits;
* :func:`scorecard_view` — the KPI scorecard with intervals, and the comparison group sentence;
* :func:`engagement_view` — pairs per status and the at-risk count;
* :func:`weights_view` — weight advice for the next round (multiplicity-controlled).

A program not matched yet (no relationships, check-ins or surveys) gets views that say what cannot
be measured yet instead of failing.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional

import numpy as np
import pandas as pd

from ..evaluation import OutcomeEvaluation, comparison_group, outcomes_table
from ..evaluation.stats import format_p
from ..program import Program
from .effects import evaluation_of, populations

ESTIMATOR_NAMES = {"raw": "raw (no adjustment)", "regression": "regression adjustment",
                   "weighting": "propensity weighting", "cox": "Cox (time to leaving)"}
QUARTER = 365.25 / 4


def _has(program: Program, table: str) -> bool:
    return table in program.config.tables and len(program.table(table)) > 0


def not_matched_yet(program: Program) -> bool:
    """True when the program has no relationships, check-ins or surveys yet."""
    return not any(_has(program, t) for t in ("relationships", "checkins", "surveys"))


@dataclass(frozen=True)
class OutcomeView:
    definitions: dict                  # population -> the comparison group's one sentence
    table: pd.DataFrame                # display text
    sentences: list
    notes: list
    export: pd.DataFrame               # exports/outcomes.csv
    balance: Optional[pd.DataFrame]
    balance_note: str
    evaluations: list = field(default_factory=list)


def evaluations(program: Program) -> list[OutcomeEvaluation]:
    """Every evaluated outcome × population of the program (cached, shared with the scorecard)."""
    outcomes = ["left"]
    if program.workforce["promotion_date"].notna().any():
        outcomes.append("promoted")
    return [evaluation_of(program, pop, o) for pop in populations(program) for o in outcomes]


def _ratio(est) -> str:
    return "cannot conclude" if not est.ok else f"{est.estimate:.2f} ({est.ci[0]:.2f} to {est.ci[1]:.2f})"


def outcome_view(program: Program) -> OutcomeView:
    """The outcome section of notebook 04 (see the module docstring)."""
    k = program.config.min_group_size
    evs = evaluations(program)
    rows, sentences, notes = [], [], []
    for ev in evs:
        hide1, hide0 = ev.small_cells(k, "treated"), ev.small_cells(k, "control")
        for est in ev.estimates:
            rows.append({
                "outcome": ev.outcome, "population": ev.population,
                "estimator": ESTIMATOR_NAMES[est.estimator],
                "measure": est.measure.replace("_", " "),
                "participants": est.n_treated, "others": est.n_control,
                "rate, participants": "hidden" if hide1 else f"{ev.raw.rate_treated:.0%}",
                "rate, others": "hidden" if hide0 else f"{ev.raw.rate_control:.0%}",
                "ratio (95 % CI)": _ratio(est),
                "p": "" if not est.ok else format_p(est.p_value),
                "conclusion": ev.verdict})
        sentences.append(ev.sentence(min_group=k))
        notes.extend(ev.notes)
    table = pd.DataFrame(rows)
    first = evs[0] if evs else None
    bal, bal_note = None, "No balance table: the weighting could not be done (see the outcome table)."
    if first is not None and first.balance is not None:
        b = first.balance
        bal = b.table
        flagged = b.flagged
        bal_note = ("After weighting, every adjuster is balanced (|SMD| ≤ 0.1)." if not flagged else
                    f"After weighting the groups still differ on {', '.join(flagged)} (|SMD| > 0.1): "
                    "the estimates lean on the model there.")
        if b.left_out:
            bal_note += " Category levels with fewer than {k} participants or others are not shown."
    defs = {pop: comparison_group(program, pop, seed=program.config.evaluation.seed).definition
            for pop in populations(program)}
    return OutcomeView(defs, table, sentences, list(dict.fromkeys(notes)), outcomes_table(evs, k),
                       bal, bal_note.replace("{k}", str(k)), evs)


@dataclass(frozen=True)
class SurvivalView:
    points: pd.DataFrame      # group, months, survival, lower, upper (quarterly steps)
    caption: str
    alt: str


def survival_view(program: Program, population: Optional[str] = None) -> SurvivalView:
    """Share still employed by months since the index date, participants against the comparison
    group (quarterly steps; a group is not drawn when a step would show fewer than k exits)."""
    from .survival import kaplan_meier
    k = program.config.min_group_size
    pop = population or populations(program)[0]
    g = comparison_group(program, pop, seed=program.config.evaluation.seed)
    rows, hidden = [], []
    for label, sub in (("participants", g.treated), ("comparable non-participants", g.control)):
        if len(sub) < k:
            hidden.append(label)
            continue
        q = np.floor(sub["days_observed"] / QUARTER)        # whole quarters followed
        follow = int(q.max()) if len(q) else 0
        exits = [int(((q == i) & (sub["left"] == 1)).sum()) for i in range(follow + 1)]
        if any(0 < e < k for e in exits):
            hidden.append(label)
            continue
        km = kaplan_meier(q, sub["left"])
        for i in range(follow + 1):
            row = km[km["time"] <= i].iloc[-1]
            rows.append({"group": label, "months": 3 * i, "survival": round(row["survival"], 3),
                         "lower": round(row["lower"], 3), "upper": round(row["upper"], 3)})
    pts = pd.DataFrame(rows, columns=["group", "months", "survival", "lower", "upper"])
    caption = (f"Share still employed by months since joining ({pop}) or since the index date "
               "(comparable non-participants), in whole quarters, with 95 % bands.")
    if hidden:
        caption += (f" Not drawn: {' and '.join(hidden)} (a quarter would show fewer than {k} exits, "
                    "which could point at people).")
    parts = [f"{grp}: " + ", ".join(f"{r.months} months {r.survival:.0%}" for r in d.itertuples())
             for grp, d in pts.groupby("group", sort=False)]
    alt = "Kaplan–Meier curves. " + ("; ".join(parts) + "." if parts else "No curve is drawn.")
    return SurvivalView(pts, caption, alt)


@dataclass(frozen=True)
class ScorecardView:
    table: pd.DataFrame
    export: pd.DataFrame
    sentence: str
    trend: Optional[pd.DataFrame]
    headline: str


def scorecard_view(program: Program) -> ScorecardView:
    """The scorecard as shown and exported, and the headline 'KPIs met or on track'."""
    from .scorecard import scorecard
    card = scorecard(program)
    t = card.table
    shown = t.drop(columns=["comparison"]).copy()
    good = int(t["status"].isin(["met", "on track"]).sum())
    words = [f"{c.population.capitalize()} ({c.outcome}): {c.verdict}." for c in card.comparisons.values()]
    sentence = " ".join(words)
    return ScorecardView(shown, t, sentence, card.trend, f"{good} of {len(t)}")


@dataclass(frozen=True)
class EngagementView:
    table: Optional[pd.DataFrame]       # pairs per status, small counts protected
    sentence: str
    on_track: Optional[str]             # headline figure
    meetings: Optional[pd.DataFrame]    # chart data: meetings per month against the plan
    at_risk: pd.DataFrame               # the program manager's named list (exported, never shown)
    at_risk_sentence: str


def engagement_view(program: Program) -> EngagementView:
    """Pairs per status (small counts protected), meetings per month and the at-risk list, or
    what cannot be measured yet."""
    from ..privacy import suppress_counts
    from .engagement import at_risk, engagement_status, meetings_over_time
    if not _has(program, "relationships"):
        none = "No pairs yet: meetings and pairs at risk can be measured once relationships are recorded."
        return EngagementView(None, none, None, None, pd.DataFrame(), "")
    k = program.config.min_group_size
    status = engagement_status(program)
    counts = status["status"].value_counts().rename("pairs").to_frame()
    share = (status["status"] == "on track").mean()
    meetings = meetings_over_time(program) if _has(program, "checkins") else None
    risk = at_risk(program)
    risk_text = ("No pair needs a check-in." if risk.empty else
                 "Some pairs need a check-in or have gone idle; the named list goes to the program "
                 "manager (exports), not into this report.")
    return EngagementView(suppress_counts(counts, k), f"{share:.0%} of pairs are meeting at the planned cadence.",
                          f"{share:.0%}", meetings, risk, risk_text)


@dataclass(frozen=True)
class WeightsView:
    quality: Optional[pd.DataFrame]
    suggestion: str
    weights: Optional[pd.DataFrame]
    note: str


def weights_view(program: Program) -> WeightsView:
    """Does match quality predict success, and the weight advice (Holm-controlled), or why not yet."""
    from .match_outcomes import match_outcomes, pair_contributions, suggest_weights
    if not _has(program, "relationships"):
        return WeightsView(None, "No pairs yet: match quality can be judged after a round of mentoring.",
                           None, "")
    quality = match_outcomes(program, contributions=pair_contributions(program))
    weights = suggest_weights(program, quality)
    return WeightsView(quality, quality.attrs.get("suggestion", ""), weights, weights.attrs.get("note", ""))
