"""The circles format: members (roles of the format entry) split into circles of about
``circle_size`` by :func:`workbench.matching.circles`, each circle given a facilitator (role
``mentor``) where the program lists facilitators, and the gap to the bound reported.

A circle's fit is the mean score of the pairs inside it (the same weighted criteria as a pair,
averaged over both directions); a member's fit is their mean score with the rest of their
circle. A facilitator fits a circle by their mean score with its members, and may lead a circle
only if every rule allows them with every member; facilitators are assigned to whole circles
exactly (:func:`workbench.matching.assign`), up to their capacity in circles.
"""
from __future__ import annotations

import dataclasses
from typing import Mapping, Optional

import numpy as np
import pandas as pd

from workbench import matching

from .formats import MatchFormat
from .match import MatchOutcome, active_sides, mentor_capacity, scored

__all__ = ["match_circles", "resolve_circles"]


def match_circles(program, entry: MatchFormat, weights: Optional[Mapping[str, float]] = None,
                  objective: Optional[str] = None, min_score: Optional[float] = None,
                  capacity=None) -> MatchOutcome:
    """Circles of ``circle_size`` (± 1) for the program's members, facilitated where it can be."""
    cfg = program.config
    members, facilitators, excluded = active_sides(program, entry)
    bd, allowed = scored(program, entry, members, members, weights, same_pool=True)
    fac = None
    if len(facilitators):
        fac = scored(program, entry, members, facilitators, weights, same_pool=False)
    cap = mentor_capacity(program, pd.Index(facilitators.index), capacity)
    objective = objective or cfg.matching.objective
    min_score = cfg.matching.min_score if min_score is None else min_score
    out = MatchOutcome(bd, allowed, None, None, None, cap, min_score, objective, entry.key, None, excluded,
                       facilitators=fac, size=cfg.circle_size)
    return _form(out)


def resolve_circles(outcome: MatchOutcome, weights=None, objective=None, min_score=None) -> MatchOutcome:
    """The circles again with other weights (the tuning panel), reusing the cached scores."""
    fac = outcome.facilitators
    if fac is not None:
        fac = (fac[0].rescore(weights or {}), fac[1])
    out = dataclasses.replace(outcome, breakdown=outcome.breakdown.rescore(weights or {}), facilitators=fac,
                              objective=objective or outcome.objective,
                              min_score=outcome.min_score if min_score is None else min_score)
    return _form(out)


def _facilitate(groups: list, fac, capacity: pd.Series) -> dict:
    """circle -> facilitator id, by exact assignment of whole circles (mean fit, all allowed)."""
    if fac is None or not groups:
        return {}
    fbd, fallowed = fac
    S = fbd.total.to_numpy()
    A = fallowed.allowed.to_numpy()
    C = np.array([S[g].mean(axis=0) for g in groups])
    ok = np.array([A[g].all(axis=0) for g in groups])
    res = matching.assign(C, capacity=capacity.reindex(fbd.mentor_ids).fillna(0).astype(int).to_numpy(),
                          allowed=ok)
    return {int(c): fbd.mentor_ids[int(f)] for c, f in zip(res["mentee"], res["mentor"])}


def _form(out: MatchOutcome) -> MatchOutcome:
    bd, allowed = out.breakdown, out.allowed
    ids = bd.mentee_ids
    total = bd.total.to_numpy()
    res = matching.circles(total, out.size, allowed=allowed.allowed.to_numpy(), min_score=out.min_score)
    W = np.where(allowed.allowed.to_numpy() & ~np.isnan(total), total, 0.0)
    rows = res.pairs["person"].to_numpy(np.int64)
    label = np.full(len(ids), -1, np.int64)
    label[rows] = res.pairs["circle"].to_numpy(np.int64)
    groups = [np.flatnonzero(label == c) for c in range(len(res.sizes))]
    who = _facilitate(groups, out.facilitators, out.capacity)
    mates = (label[:, None] == label[None, :]) & ~np.eye(len(ids), dtype=bool)
    n_mates = np.maximum(mates.sum(axis=1), 1)
    fit = (W * mates).sum(axis=1) / n_mates            # a pair a rule forbids adds nothing
    counted = mates & allowed.allowed.to_numpy()
    contrib = {f"contrib_{n}": (bd.weights.get(n, 0.0) * a * counted).sum(axis=1) / n_mates
               for n, a in bd.per_criterion.items()}
    circle = pd.DataFrame({"person": ids.to_numpy(dtype=object), "circle": label + 1,
                           "facilitator": [who.get(int(c)) for c in label], "score": fit})
    circle = circle.sort_values(["circle", "person"], kind="stable").reset_index(drop=True)
    pairs = pd.DataFrame({"mentee": ids.to_numpy(dtype=object), "mentor": [who.get(int(c)) for c in label],
                          "circle": label + 1, "score": fit, **contrib})
    pairs["kept"] = False
    pairs = pairs.sort_values(["circle", "mentee"], kind="stable").reset_index(drop=True)
    unmatched = res.unmatched.rename(columns={"person": "mentee"})
    unmatched = unmatched.assign(mentee=ids[unmatched["mentee"].to_numpy(np.int64)].to_numpy(dtype=object))
    if out.excluded is not None and len(out.excluded):
        unmatched = pd.concat([unmatched, out.excluded], ignore_index=True)
    placed = ~pairs["mentee"].isin(set(unmatched["mentee"]))
    iu, ju = np.nonzero(np.triu(mates, 1))
    pair_scores = W[iu, ju]
    n = len(ids) + (len(out.excluded) if out.excluded is not None else 0)
    summary = {
        "mentees": int(n), "matched": int(placed.sum()),
        "matched_share": float(placed.sum() / n) if n else 0.0,
        "mean_score": float(pair_scores.mean()) if len(pair_scores) else float("nan"),
        "lowest_score": float(fit[placed.to_numpy()].min()) if placed.any() else float("nan"),
        "mentors_used": int(len(set(who.values()))), "objective": "total",
        "circles": len(res.sizes), "sizes": list(res.sizes), "facilitated": len(who),
        "total": res.total, "upper_bound": res.upper_bound, "gap": res.gap, "forbidden_pairs": res.forbidden,
    }
    return dataclasses.replace(out, pairs=pairs, unmatched=unmatched.reset_index(drop=True), totals=summary,
                               circles=circle)
