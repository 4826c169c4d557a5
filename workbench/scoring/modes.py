"""A program's matching modes (``matching.mode``), its trade-off frontier and what it would take to
match the rest, on the scores and rules of its optimal matching (:class:`~.match.MatchOutcome`).

* :func:`program_shortlists` (``self_directed``): each mentee's shortlist with the reasons, and
  the coverage of simulated random-order picks beside the assigned optimum;
* :func:`program_hybrid` (``hybrid``): the stable matching from ranked preferences
  (``tables.preferences``, either side; partners not ranked come after the ranked ones, by score),
  the score it gives up against the optimum and the optimum's blocking pairs;
* :func:`program_frontier`: coverage, mean and lowest pair score of the exact optimum across
  objectives and minimum scores;
* :func:`program_take`: per mentee left out, the smallest change that would match them, with the
  mentor's department (the need a seat would serve).

Pairs formats only (mentees to mentors); peers and circles have no mode but ``assigned``.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

import numpy as np
import pandas as pd

from ..matching import assign
from ..matching.modes import (blocking_pairs, frontier, shortlists, simulate_picks, stable_best, stable_ranked,
                              what_it_would_take)
from ..results import Shown

__all__ = ["applies", "program_shortlists", "program_hybrid", "program_frontier", "program_take",
           "preference_scores", "Hybrid", "SIM_RUNS"]

SIM_RUNS = 200


def applies(outcome) -> bool:
    """Modes, frontier and "what it would take" concern mentees matched to mentors (not peers or
    circles)."""
    return outcome.circles is None and not outcome.entry.same_pool


def _inputs(outcome):
    S = outcome.breakdown.total
    A = outcome.allowed.allowed.reindex(index=S.index, columns=S.columns).fillna(False).astype(bool)
    cap = outcome.capacity.reindex(S.columns).fillna(0).astype(int)
    return S, A, cap


def _why(outcome, mentees, mentors, top: int = 2) -> list:
    """The criteria that give a pair most of its score, in words ("department, skills")."""
    bd = outcome.breakdown
    ii = bd.mentee_ids.get_indexer(mentees)
    jj = bd.mentor_ids.get_indexer(mentors)
    C = bd.contributions(ii, jj)
    names = np.array([c[len("contrib_"):] for c in C.columns], dtype=object)
    vals = C.to_numpy()
    out = []
    for row in vals:
        order = [k for k in np.argsort(-row, kind="stable")[:top] if row[k] > 0]
        out.append(", ".join(names[order]) if order else "allowed, no criterion met")
    return out


def program_shortlists(outcome, k: int = 3, runs: int = SIM_RUNS, seed: int = 0) -> tuple[pd.DataFrame, dict]:
    """The shortlists (``mentee_id, rank, mentor_id, score, why``) and the simulated picks
    (:func:`~workbench.matching.modes.simulate_picks`, with ``optimum``: the assigned matched count)."""
    S, A, cap = _inputs(outcome)
    res = shortlists(S, k=k, capacity=cap, allowed=A, min_score=outcome.min_score)
    L = res.pairs
    table = pd.DataFrame({"mentee_id": L["mentee"].to_numpy(), "rank": L["rank"].to_numpy(),
                          "mentor_id": L["mentor"].to_numpy(), "score": L["score"].round(4).to_numpy(),
                          "why": _why(outcome, L["mentee"], L["mentor"]) if len(L) else []})
    sim = simulate_picks(L, cap, mentees=S.index, runs=runs, seed=seed)
    sim["optimum"] = int(assign(S, capacity=cap, allowed=A, min_score=outcome.min_score).matched)
    sim["per_mentor"] = int(L["mentor"].value_counts().max()) if len(L) else 0
    return table, sim


def preference_scores(program, outcome) -> tuple[pd.DataFrame, pd.DataFrame, int]:
    """Mentee-side and mentor-side ranking matrices (mentees x mentors): a ranked partner scores
    ``1 + 1 / rank`` (above every unranked one), an unranked one its pair score as a share of the
    best possible (in [0, 1]). Returns ``(P, Q, rows used)``; rows naming someone outside the
    cohort or a same-side person are ignored."""
    S = outcome.breakdown.total
    best = float(sum(outcome.breakdown.weights.values())) or 1.0
    base = np.clip(S.to_numpy() / best, 0, 1)
    P, Q = base.copy(), base.copy()
    prefs = getattr(program, "preferences", None)
    used = 0
    if prefs is not None and len(prefs):
        pr = prefs.dropna(subset=["person_id", "partner_id", "rank"])
        val = (1.0 + 1.0 / pr["rank"].astype(float).clip(lower=1)).to_numpy()
        for M, rows, cols in ((P, pr["person_id"], pr["partner_id"]), (Q, pr["partner_id"], pr["person_id"])):
            ri, ci = S.index.get_indexer(rows.astype(str)), S.columns.get_indexer(cols.astype(str))
            ok = (ri >= 0) & (ci >= 0)
            best_val = pd.DataFrame({"i": ri[ok], "j": ci[ok], "v": val[ok]}).groupby(["i", "j"])["v"].max()
            M[best_val.index.get_level_values(0), best_val.index.get_level_values(1)] = best_val.to_numpy()
            used += int(ok.sum())
    P = pd.DataFrame(P, index=S.index, columns=S.columns)
    Q = pd.DataFrame(Q, index=S.index, columns=S.columns)
    return P, Q, used


@dataclass
class Hybrid(Shown):
    """The stable matching from ranked preferences and what it costs against the optimum."""
    pairs: pd.DataFrame          # mentee, mentor, score (the pair score, not the rank value)
    proposing: str
    matched: int
    total: float                 # pair score total of the stable matching
    optimum_matched: int
    optimum_total: float
    blocking: int                # blocking pairs of the optimal assignment
    blocked_mentees: int         # mentees in at least one of them
    preferences_used: int
    stable_blocking: int = 0     # of the stable matching itself (0: checked)
    fallback: bool = False       # highest_score asked, too large: the mentees' preferred one used

    # shown in a notebook (workbench.results)
    def to_frame(self) -> pd.DataFrame:
        return self.pairs.copy()

    def _headline(self) -> str:
        return (f"{self.matched} pairs stable from the {self.proposing}' preferences (total {self.total:.3g}) "
                f"against {self.optimum_matched} (total {self.optimum_total:.3g}) at the optimum, "
                f"which has {self.blocking} blocking pairs")


def program_hybrid(program, outcome, proposing: str = "mentees") -> Hybrid:
    """The stable matching (with capacities; ``proposing`` side first) under the program's rules
    and minimum score, against the optimal assignment."""
    S, A, cap = _inputs(outcome)
    if outcome.min_score is not None:
        A = A & (S >= outcome.min_score)
    P, Q, used = preference_scores(program, outcome)
    fallback = False
    if proposing == "highest_score":
        try:
            res = stable_best(P, Q, S, capacity=cap, allowed=A)
        except ValueError:    # too many acceptable pairs for the exact program: mentees first
            res, fallback = stable_ranked(P, Q, capacity=cap, allowed=A, proposing="mentees"), True
    else:
        res = stable_ranked(P, Q, capacity=cap, allowed=A, proposing=proposing)
    pairs = res.pairs.copy()
    pairs["score"] = S.to_numpy()[S.index.get_indexer(pairs["mentee"]), S.columns.get_indexer(pairs["mentor"])]
    opt = assign(S, capacity=cap, allowed=A)
    bp = blocking_pairs(opt.pairs, P, Q, capacity=cap, allowed=A)
    own = blocking_pairs(res.pairs, P, Q, capacity=cap, allowed=A)
    return Hybrid(pairs, proposing, len(pairs), float(pairs["score"].sum()), opt.matched, opt.total,
                  len(bp), int(bp["mentee"].nunique()), used, len(own), fallback)


def program_frontier(outcome, points: int = 5) -> pd.DataFrame:
    """:func:`~workbench.matching.modes.frontier` on the program (scores also as a share of the best
    possible): no floor, then up to ``points - 1`` of the optimum's own distinct pair scores above its
    weakest, evenly spread (floors that bind: below the weakest pair a floor changes nothing)."""
    S, A, cap = _inputs(outcome)
    base = assign(S, capacity=cap, allowed=A)
    vals = base.pairs["score"].to_numpy(float)
    uniq = np.unique(vals)[1:]          # above the weakest pair: floors that bind
    pick = np.unique(np.round(np.linspace(0, len(uniq) - 1, min(points - 1, len(uniq)))).astype(int)) \
        if len(uniq) else np.array([], int)
    floors = [float(uniq[i]) for i in pick]
    fr = frontier(S, capacity=cap, allowed=A, min_scores=[None] + floors)
    best = float(sum(outcome.breakdown.weights.values())) or 1.0
    fr["mentees"] = len(S.index)
    for col in ("min_score", "mean_score", "lowest_score"):
        fr[col + "_share"] = fr[col] / best
    return fr


def program_take(program, outcome) -> pd.DataFrame:
    """Per mentee the optimum leaves out: ``mentee_id, change, mentor_id, value, seat_too, need``
    (``need``: the department of the mentor whose seat or pair would match them)."""
    S, A, cap = _inputs(outcome)
    res = assign(S, capacity=cap, allowed=A, min_score=outcome.min_score)
    reasons = outcome.allowed.reasons.reindex(index=S.index, columns=S.columns).fillna("self").to_numpy(object)
    t = what_it_would_take(S, capacity=cap, allowed=A, min_score=outcome.min_score, result=res,
                           forbidden_by=reasons)
    dept = program.profiles()["department"].astype(str) if "department" in program.workforce else None
    need = t["mentor"].map(dept) if dept is not None else pd.Series(np.nan, index=t.index)
    return pd.DataFrame({"mentee_id": t["mentee"], "change": t["change"], "mentor_id": t["mentor"],
                         "value": t["value"], "seat_too": t["seat_too"], "need": need.fillna("").to_numpy()})


def pooled(take: pd.DataFrame) -> pd.DataFrame:
    """The changes pooled by need: ``change, need, mentees`` (one seat or pair per mentee)."""
    if take.empty:
        return pd.DataFrame(columns=["change", "need", "mentees"])
    key = take["need"].where(take["change"] != "rule", take["value"].astype(str))
    return (take.assign(key=key).groupby(["change", "key"]).size().rename("mentees").reset_index()
            .rename(columns={"key": "need"}).sort_values("mentees", ascending=False, kind="stable")
            .reset_index(drop=True))


def optional(v) -> Optional[float]:
    return None if v is None or (isinstance(v, float) and np.isnan(v)) else float(v)
