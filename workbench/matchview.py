"""Stage 3 for the client: the optimal matching of the current round, explained and compared.

Thin presentation layer over :mod:`workbench.scoring` (scores, rules, explanations) and
:mod:`workbench.matching` (the solvers). Scores are shown as a share of the best possible score
(the sum of the weights), so 100 % is a pair that meets every criterion fully.

Example
-------
>>> from workbench.io import load_program                      # doctest: +SKIP
>>> result = optimal_matching(load_program("data/programs/onboarding-pilot"))  # doctest: +SKIP
>>> summary_table(result)                                       # doctest: +SKIP
"""
from __future__ import annotations

import dataclasses

import numpy as np
import pandas as pd

from .privacy import suppress_counts, visible_groups
from .program import Program
from .scoring import MatchOutcome, match_program

RULE_TEXT = {
    "no_reporting_line": "a mentor in the mentee's reporting line",
    "no_shared_manager": "a mentor sharing the mentee's manager",
    "no_same_department": "a mentor from the mentee's own department",
    "max_timezone_gap": "time zones more than {v} hours apart",
    "min_level_gap": "a mentor less than {v} level(s) above the mentee",
    "no_repeat_pairs": "a pair from an earlier round",
}


def current_round(program: Program) -> Program:
    """The program as matched for its latest round: earlier rounds are history, never repeated."""
    rel = program.relationships
    if rel.empty or "round" not in rel or rel["round"].isna().all():
        return dataclasses.replace(program, relationships=rel.iloc[0:0])
    latest = rel["round"].max()
    return dataclasses.replace(program, relationships=rel[rel["round"] < latest])


def optimal_matching(program: Program, **options) -> MatchOutcome:
    """The optimal matching of the current round's mentees under the program's criteria and rules."""
    return match_program(current_round(program), **options)


def best_possible(result: MatchOutcome) -> float:
    return float(sum(result.breakdown.weights.values())) or 1.0


def criteria_table(program: Program) -> pd.DataFrame:
    """The matching criteria with their weights and share of the total weight."""
    crit = program.config.matching.criteria
    total = sum(c.weight for c in crit) or 1.0
    meaning = {"same": "same {f}", "different": "different {f}", "overlap": "mentor offers what the mentee wants",
               "level_gap": "mentor {lo}-{hi} levels above", "timezone": "time zones close (0 at {h} h apart)",
               "preference": "the mentee asked for this mentor"}
    return pd.DataFrame([{
        "criterion": c.name,
        "means": meaning[c.kind].format(f=c.field, lo=c.min_gap, hi=c.max_gap, h=c.max_hours),
        "weight": f"{c.weight:g}", "share of weight": f"{c.weight / total:.0%}"} for c in crit])


def rules_sentence(program: Program) -> str:
    """The hard rules in one sentence."""
    rules = program.config.matching.rules.model_dump()
    parts = []
    for key, value in rules.items():
        if value in (None, False):
            continue
        parts.append(RULE_TEXT[key].format(v=value))
    return ("Never matched: " + "; ".join(parts) + ".") if parts else "No hard rules: any pair may be made."


def summary_table(result: MatchOutcome) -> pd.DataFrame:
    s, best = result.summary, best_possible(result)
    rows = [("Mentees to match", s["mentees"]),
            ("Matched", f"{s['matched']} ({s['matched_share']:.0%})"),
            ("Mentors used", s["mentors_used"]),
            ("Mean pair score", f"{s['mean_score'] / best:.0%}" if s["matched"] else "-"),
            ("Lowest pair score", f"{s['lowest_score'] / best:.0%}" if s["matched"] else "-"),
            ("Objective", "highest total score" if s["objective"] == "total" else "fairest weakest pair")]
    return pd.DataFrame(rows, columns=["", "value"])


def headlines(result: MatchOutcome) -> dict:
    s, best = result.summary, best_possible(result)
    return {"Mentees matched": f"{s['matched_share']:.0%}",
            "Mean pair score": f"{s['mean_score'] / best:.0%}" if s["matched"] else "-"}


def interpret(result: MatchOutcome) -> str:
    """One sentence on the matching, computed from its figures."""
    s, best = result.summary, best_possible(result)
    if not s["matched"]:
        return "No pair could be made under these criteria and rules."
    left = s["mentees"] - s["matched"]
    reasons = result.unmatched["reason"].value_counts()
    why = f"; the main reason for the rest: {reasons.index[0]}" if left and len(reasons) else ""
    return (f"{s['matched']} of {s['mentees']} mentees get a mentor, with pairs scoring "
            f"{s['mean_score'] / best:.0%} of the best possible on average and {s['lowest_score'] / best:.0%} "
            f"at worst{why}.")


def _score_existing(program: Program, result: MatchOutcome) -> pd.DataFrame:
    rel = program.relationships
    if rel.empty:
        return rel.assign(score=pd.Series(dtype=float), allowed=pd.Series(dtype=bool))
    latest = rel["round"].max() if rel["round"].notna().any() else None
    rel = rel if latest is None else rel[rel["round"] == latest]
    total = result.breakdown.total
    ok = rel["mentee_id"].isin(total.index) & rel["mentor_id"].isin(total.columns)
    rel = rel[ok].copy()
    rel["score"] = [total.at[a, b] for a, b in zip(rel["mentee_id"], rel["mentor_id"])]
    allowed = result.allowed.allowed
    rel["allowed"] = [bool(allowed.at[a, b]) for a, b in zip(rel["mentee_id"], rel["mentor_id"])]
    return rel


def compare_with_existing(program: Program, result: MatchOutcome) -> pd.DataFrame:
    """The program's existing pairs (latest round, people still employed) scored with the same
    criteria, side by side with the optimal matching."""
    best = best_possible(result)
    existing = _score_existing(program, result)
    opt = result.pairs
    rows = [
        ("Pairs", len(existing), len(opt)),
        ("Mean pair score", f"{existing['score'].mean() / best:.0%}" if len(existing) else "-",
         f"{opt['score'].mean() / best:.0%}" if len(opt) else "-"),
        ("Lowest pair score", f"{existing['score'].min() / best:.0%}" if len(existing) else "-",
         f"{opt['score'].min() / best:.0%}" if len(opt) else "-"),
        ("Pairs breaking a hard rule", int((~existing["allowed"]).sum()) if len(existing) else 0, 0),
    ]
    return pd.DataFrame(rows, columns=["", "matching made by hand", "optimal matching"])


def pairs_export(result: MatchOutcome) -> pd.DataFrame:
    """The matching with explanations, for the exports (scores as shares of the best possible)."""
    out = result.pairs.copy()
    best = best_possible(result)
    for col in [c for c in out.columns if c == "score" or c.startswith("contrib_") or c == "alternative_score"]:
        out[col] = (out[col] / best).round(3)
    return out


def mean_contributions(result: MatchOutcome) -> pd.Series:
    """Average contribution of each criterion to the matched pairs' scores (share of best possible)."""
    cols = [c for c in result.pairs.columns if c.startswith("contrib_")]
    means = result.pairs[cols].mean() / best_possible(result)
    means.index = [c.removeprefix("contrib_") for c in cols]
    return means.sort_values(ascending=False)


def unmatched_reasons(result: MatchOutcome, k: int) -> pd.DataFrame:
    """Mentees left without a mentor, counted by reason (small counts suppressed)."""
    counts = result.unmatched["reason"].value_counts().rename("mentees").to_frame()
    counts.index.name = "reason"
    if counts.empty:
        return pd.DataFrame({"mentees": ["0"]}, index=pd.Index(["every mentee is matched"], name="reason"))
    return suppress_counts(counts, k)


def coverage(program: Program, result: MatchOutcome, by: str, k: int) -> pd.DataFrame:
    """Share of each segment's mentees who get a mentor; segments smaller than k merged into Other."""
    prof = program.profiles()
    mentees = prof[prof["role"].isin(["mentee", "peer"])].copy()
    mentees["segment"] = visible_groups(mentees, by, k)
    mentees["matched"] = mentees.index.isin(result.pairs["mentee"])
    table = mentees.groupby("segment").agg(mentees=("matched", "size"), matched=("matched", "sum"))
    table["coverage"] = (table["matched"] / table["mentees"]).map("{:.0%}".format)
    small = table["mentees"] < k
    table = table.astype(object)
    table.loc[small, ["mentees", "matched", "coverage"]] = [f"<{k}", "hidden", "hidden"]
    table.index.name = by
    return table.sort_values("matched", ascending=False, key=lambda s: pd.to_numeric(s, errors="coerce"))
