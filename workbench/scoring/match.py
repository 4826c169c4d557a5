"""Match a program's mentees to mentors, explain each pair, rematch and compare matchings.

:mod:`.circles` builds on this module (the outcome, the sides, the scores); re-solving an outcome
of either shape with other weights is :func:`workbench.scoring.rematching.rematch`, above both,
so this module never imports the circles.

Example
-------
>>> from workbench.io import load_program                                 # doctest: +SKIP
>>> out = match_program(load_program("data/programs/onboarding-pilot"))  # doctest: +SKIP
>>> out.totals["matched_share"], out.pairs.head()                        # doctest: +SKIP
>>> out2 = rematch_pairs(out, {"overlap": 1.0})  # doctest: +SKIP
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Mapping, Optional

import numpy as np
import pandas as pd

from ..results import Shown
from .criteria import ScoreBreakdown, score_matrix
from .formats import MatchFormat, match_format
from .rules import AllowedMask, allowed_mask, rule_names
from .solve import assign, pair_up

__all__ = ["MatchOutcome", "explain", "match_program", "match_pairs", "rematch_pairs", "rematch_program",
           "diff_matchings", "mentor_capacity", "active_sides", "scored"]


# ------------------------------------------------------------------------------------- explain
def _cap_series(capacity, mentors: pd.Index) -> pd.Series:
    if isinstance(capacity, (pd.Series, dict)):
        return pd.Series(capacity).reindex(mentors).fillna(0).astype(int)
    return pd.Series(int(capacity), index=mentors)


def explain(breakdown: ScoreBreakdown, allowed: Optional[AllowedMask], pairs: pd.DataFrame,
            capacity=1, min_score: Optional[float] = None) -> pd.DataFrame:
    """Per mentee: the mentor given (if any), score, ``contrib_<criterion>`` (weight x score, they
    sum to score), and the best other mentor with why the mentee did not get them."""
    total = breakdown.total
    S = total.to_numpy()
    rows_ids, cols_ids = total.index, total.columns
    cap = _cap_series(capacity, cols_ids)
    pairs = pairs[["mentee", "mentor"]].reset_index(drop=True)
    given = dict(zip(pairs["mentee"], pairs["mentor"]))
    used = pairs["mentor"].value_counts()
    mi = rows_ids.get_indexer(pairs["mentee"])
    mj = cols_ids.get_indexer(pairs["mentor"])
    pair_score = S[mi, mj]
    by_mentor: dict = {}
    for x, y, s in zip(pairs["mentee"], pairs["mentor"], pair_score):
        by_mentor.setdefault(y, []).append((s, x))

    masked = S.copy()
    mask_given = np.full(len(rows_ids), -1)
    ri = rows_ids.get_indexer(list(given))
    cj = cols_ids.get_indexer(list(given.values()))
    masked[ri, cj] = -np.inf
    mask_given[ri] = cj
    if rows_ids.intersection(cols_ids).size:   # one pool (peers): oneself is no alternative
        si, sj = rows_ids.get_indexer(cols_ids), np.arange(len(cols_ids))
        masked[si[si >= 0], sj[si >= 0]] = -np.inf
    best = np.argmax(masked, axis=1) if S.shape[1] else np.zeros(len(rows_ids), int)
    codes = allowed.subset(rows_ids, cols_ids).codes if allowed is not None else None
    names = rule_names()

    recs = []
    for i, mentee in enumerate(rows_ids):
        mentor = given.get(mentee)
        score = float(S[i, mask_given[i]]) if mentor is not None else np.nan
        alt = alt_score = reason = None
        if S.shape[1] > (1 if mentor is not None else 0):
            j = int(best[i])
            alt, alt_score = cols_ids[j], float(S[i, j])
            code = int(codes[i, j]) if codes is not None else 0
            if code:
                reason = f"forbidden: {names[code]}"
            elif min_score is not None and alt_score < min_score:
                reason = "below min_score"
            elif mentor is not None and alt_score < score:
                reason = f"lower score by {score - alt_score:.2f}"
            elif used.get(alt, 0) >= cap.get(alt, 0) and alt in by_mentor:
                # the mentee who holds the seat at the lowest score
                taker = min(by_mentor[alt], key=lambda t: (t[0], str(t[1])))[1]
                reason = f"taken by {taker} (mentor full)"
            elif cap.get(alt, 0) <= 0:
                reason = "mentor has no capacity"
            elif mentor is not None and alt_score == score:
                reason = "equal score (tie)"
            else:
                reason = "not chosen by the objective"
        recs.append((mentee, mentor, score, alt, alt_score, reason))
    out = pd.DataFrame(recs, columns=["mentee", "mentor", "score", "alternative",
                                      "alternative_score", "alternative_reason"])
    contrib = pd.DataFrame(0.0, index=out.index, columns=[f"contrib_{n}" for n in breakdown.per_criterion])
    has = out["mentor"].notna().to_numpy()
    if has.any():
        ii = rows_ids.get_indexer(out.loc[has, "mentee"])
        jj = cols_ids.get_indexer(out.loc[has, "mentor"])
        c = breakdown.contributions(ii, jj)
        contrib.loc[has, :] = c.to_numpy()
    contrib.loc[~has, :] = np.nan
    out = pd.concat([out[["mentee", "mentor", "score"]], contrib,
                     out[["alternative", "alternative_score", "alternative_reason"]]], axis=1)
    return out


# ------------------------------------------------------------------------------------- outcome
@dataclass
class MatchOutcome(Shown):
    """A program's matching: scores, rules, the pairs made and explained, who is left and why.

    ``pairs``: one row per matched mentee (``mentee, mentor, score, contrib_*, alternative...``;
    peer: each person once with their partner as ``mentor``; circles: each member with their
    facilitator as ``mentor`` and ``circle``). ``totals``: mentees, matched, matched_share,
    mean_score, lowest_score, mentors_used, objective (circles add circles, sizes, gap,
    upper_bound). ``circles`` (circles format only): person, circle, facilitator, score.
    """
    breakdown: ScoreBreakdown
    allowed: AllowedMask
    pairs: pd.DataFrame        # explained: matched pairs (and kept pairs on rematch)
    unmatched: pd.DataFrame    # mentee, reason
    totals: dict               # the figures of the matching (``summary()`` is the text of it)
    capacity: pd.Series = field(default=None, repr=False)     # capacity used for the solve
    min_score: Optional[float] = None
    objective: str = "total"
    format: str = "one_to_one"
    kept: pd.DataFrame = field(default=None, repr=False)      # rematch: pairs kept as they were
    excluded: pd.DataFrame = field(default=None, repr=False)  # mentees not put to the solver
    circles: Optional[pd.DataFrame] = field(default=None, repr=False)  # circles format: the circles
    facilitators: Optional[tuple] = field(default=None, repr=False)    # circles: (breakdown, allowed)
    size: Optional[int] = None                                         # circles: the circle size asked

    @property
    def entry(self) -> MatchFormat:
        """The format's registry entry."""
        return match_format(self.format)

    # shown in a notebook (workbench.results)
    def to_frame(self) -> pd.DataFrame:
        """The pairs made, explained (a copy of ``pairs``)."""
        return self.pairs.copy()

    def _title(self) -> str:
        return f"MatchOutcome ({self.format})"

    def _headline(self) -> str:
        t = self.totals
        head = f"{t['matched']} of {t['mentees']} matched ({t['matched_share']:.0%})"
        if t["matched"]:
            head += f"; mean score {t['mean_score']:.3g}, lowest {t['lowest_score']:.3g}"
        return f"{head}; {len(self.unmatched)} unmatched; objective {self.objective}"


def mentor_capacity(program, mentors: pd.Index, capacity=None) -> pd.Series:
    """Mentees each mentor may take: ``capacity`` argument > ``matching.capacity_override`` >
    people.capacity > config default; one_to_one is always 1."""
    cfg = program.config
    if capacity is None:        # matching.capacity_override: one capacity for every mentor
        capacity = cfg.matching.capacity_override
    if capacity is not None and not isinstance(capacity, (pd.Series, dict)):
        cap = pd.Series(int(capacity), index=mentors)
    else:
        people = program.people.set_index("person_id")
        own = pd.to_numeric(people["capacity"], errors="coerce").reindex(mentors) \
            if "capacity" in people.columns else pd.Series(np.nan, index=mentors)
        cap = own.fillna(cfg.mentor_capacity).astype(int)
        if capacity is not None:
            cap.update(pd.Series(capacity).astype(int))
    if match_format(cfg.format).one_each:
        cap = cap.clip(upper=1)
    return cap.astype(int)


def _summary(pairs: pd.DataFrame, n_mentees: int, objective: str) -> dict:
    m = pairs[pairs["mentor"].notna()]
    return {
        "mentees": int(n_mentees),
        "matched": int(len(m)),
        "matched_share": float(len(m) / n_mentees) if n_mentees else 0.0,
        "mean_score": float(m["score"].mean()) if len(m) else float("nan"),
        "lowest_score": float(m["score"].min()) if len(m) else float("nan"),
        "mentors_used": int(m["mentor"].nunique()),
        "objective": objective,
    }


def _solve(breakdown, allowed, capacity, min_score, objective, fmt, excluded=None, kept=None):
    total = breakdown.total
    same_pool = match_format(fmt).same_pool
    if same_pool:
        solved = pair_up(total, allowed=allowed.allowed, min_score=min_score)
        res = solved.pairs.rename(columns={"a": "mentee", "b": "mentor"})
        # each person appears once: list both directions so every peer has a row
        res = pd.concat([res, res.rename(columns={"mentee": "mentor", "mentor": "mentee"})],
                        ignore_index=True)[["mentee", "mentor", "score"]]
        cap_used = pd.Series(1, index=total.columns)
    else:
        solved = assign(total, capacity=capacity, allowed=allowed.allowed, min_score=min_score,
                        objective=objective)
        res, cap_used = solved.pairs, capacity
    unmatched = solved.unmatched
    full = explain(breakdown, allowed, res, cap_used, min_score)
    pairs = full[full["mentor"].notna()].reset_index(drop=True)
    alts = full.set_index("mentee")
    unmatched = unmatched[["mentee", "reason"]].copy()
    if len(unmatched):
        a = alts.reindex(unmatched["mentee"])
        unmatched["alternative"] = a["alternative"].to_numpy()
        unmatched["alternative_score"] = a["alternative_score"].to_numpy()
        unmatched["alternative_reason"] = a["alternative_reason"].to_numpy()
    pairs["kept"] = False
    if kept is not None and len(kept):
        pairs = pd.concat([kept, pairs], ignore_index=True)
    if excluded is not None and len(excluded):
        unmatched = pd.concat([unmatched, excluded], ignore_index=True)
    n = len(total.index) + (len(kept) if kept is not None else 0) + (len(excluded) if excluded is not None else 0)
    return pairs, unmatched.reset_index(drop=True), _summary(pairs, n, objective)


def _active_people(program) -> pd.DataFrame:
    """Profiles of participants still employed at the snapshot date; leavers listed apart."""
    prof = program.profiles()
    snap = pd.Timestamp(program.config.snapshot_date)
    left = prof["exit_date"].notna() & (prof["exit_date"] <= snap) if "exit_date" in prof else \
        pd.Series(False, index=prof.index)
    return prof[~left], prof[left]


def active_sides(program, entry: MatchFormat):
    """Profiles of the members and partners still employed (by the format's roles), and the
    members who left (``mentee, reason``)."""
    prof, left = _active_people(program)
    mentees = prof[prof["role"].isin(entry.members)]
    mentors = mentees if entry.same_pool else prof[prof["role"].isin(entry.partners)]
    left_mentees = left[left["role"].isin(entry.members)]
    excluded = pd.DataFrame({"mentee": left_mentees.index.astype(object), "reason": "left the company"})
    return mentees, mentors, excluded


def scored(program, entry: MatchFormat, mentees, mentors, weights=None, rules=None, same_pool=None):
    """The score breakdown and allowed pairs of the two sides (symmetric for one pool)."""
    m = program.config.matching
    same_pool = entry.same_pool if same_pool is None else same_pool
    bd = score_matrix(mentees, mentors, m.criteria, reverse=entry.reverse)
    if same_pool:
        bd = bd.symmetric()
    if weights:
        bd = bd.rescore(weights)
    allowed = allowed_mask(mentees, mentors, m.rules if rules is None else rules, program.workforce,
                           history=program.relationships, reverse=entry.reverse)
    if same_pool:
        allowed = allowed.symmetric()
    return bd, allowed


def match_program(program, weights: Optional[Mapping[str, float]] = None, objective: Optional[str] = None,
                  min_score: Optional[float] = None, capacity=None) -> MatchOutcome:
    """Score, apply the rules and match the program's people the way its format says.

    The format's registry entry (:data:`~workbench.scoring.formats.FORMATS`) names who is
    matched to whom (by ``people.role``) and the matcher: pairs for ``one_to_one``, ``group``,
    ``reverse`` and ``peer`` (:func:`match_pairs`), circles for ``circles``
    (:func:`workbench.scoring.circles.match_circles`). People who left before the snapshot date
    are not matched (listed in ``unmatched``). Scores are ``sum(weight x criterion score)``, in
    ``[0, sum(weights)]``; ``min_score`` is on that scale.
    """
    return match_format(program.config.format).match(program, weights=weights, objective=objective,
                                                     min_score=min_score, capacity=capacity)


def match_pairs(program, entry: MatchFormat, weights: Optional[Mapping[str, float]] = None,
                objective: Optional[str] = None, min_score: Optional[float] = None,
                capacity=None) -> MatchOutcome:
    """Pairs: mentees (the entry's ``members``) to mentors (its ``partners``), or peers among
    themselves (scores averaged over both directions, allowed only if allowed both ways).
    Earlier relationships are never repeated when the rules say so."""
    m = program.config.matching
    fmt = entry.key
    mentees, mentors, excluded = active_sides(program, entry)
    bd, allowed = scored(program, entry, mentees, mentors, weights, m.rules)
    cap = mentor_capacity(program, bd.mentor_ids, capacity)
    objective = objective or m.objective
    min_score = m.min_score if min_score is None else min_score
    pairs, unmatched, summary = _solve(bd, allowed, cap, min_score, objective, fmt, excluded)
    return MatchOutcome(bd, allowed, pairs, unmatched, summary, cap, min_score, objective, fmt,
                        None, excluded)


def rematch_pairs(outcome: MatchOutcome, weights: Optional[Mapping[str, float]] = None,
                  objective: Optional[str] = None, min_score: Optional[float] = None) -> MatchOutcome:
    """Re-solve a pairs outcome with other weights (slider move), reusing the cached score
    matrices and rules (any outcome, pairs or circles: :func:`workbench.scoring.rematch`)."""
    bd = outcome.breakdown.rescore(weights or {})
    objective = objective or outcome.objective
    min_score = outcome.min_score if min_score is None else min_score
    kept = outcome.kept
    if kept is not None and len(kept):   # rescore the kept pairs with the new weights
        full = bd
        kept = kept.copy()
        ii = full.mentee_ids.get_indexer(kept["mentee"])
        jj = full.mentor_ids.get_indexer(kept["mentor"])
        ok = (ii >= 0) & (jj >= 0)
        kept.loc[ok, "score"] = full.total.to_numpy()[ii[ok], jj[ok]]
        c = full.contributions(ii[ok], jj[ok])
        kept.loc[ok, c.columns] = c.to_numpy()
    free = [x for x in bd.mentee_ids if kept is None or x not in set(kept["mentee"])]
    side = free if outcome.entry.same_pool else None   # peers: a kept person is no one's partner either
    sub_bd = bd.subset(mentees=free, mentors=side) if kept is not None else bd
    sub_allowed = outcome.allowed.subset(mentees=free, mentors=side) if kept is not None else outcome.allowed
    pairs, unmatched, summary = _solve(sub_bd, sub_allowed, outcome.capacity, min_score, objective,
                                       outcome.format, outcome.excluded, kept)
    return replace(outcome, breakdown=bd, pairs=pairs, unmatched=unmatched, totals=summary,
                   min_score=min_score, objective=objective, kept=kept)


def rematch_program(program, weights: Optional[Mapping[str, float]] = None, objective: Optional[str] = None,
                    min_score: Optional[float] = None, capacity=None) -> MatchOutcome:
    """A new round: keep active healthy pairs (when ``matching.keep_healthy``), reduce their
    mentors' capacity, match only the other mentees, never repeating an earlier pair."""
    cfg = program.config
    m = cfg.matching
    entry = match_format(cfg.format)
    if entry.page != "pairs":   # circles are formed afresh each round
        return match_program(program, weights=weights, objective=objective, min_score=min_score,
                             capacity=capacity)
    fmt = entry.key
    mentees, mentors, excluded = active_sides(program, entry)
    rel = program.relationships
    bd, allowed = scored(program, entry, mentees, mentors, weights,
                          m.rules.model_copy(update={"no_repeat_pairs": True}))
    cap = mentor_capacity(program, bd.mentor_ids, capacity)
    keep = pd.DataFrame(columns=["mentee", "mentor"])
    if m.keep_healthy and len(rel):
        healthy = rel["healthy"].astype("boolean").fillna(False).astype(bool)
        k = rel[(rel["status"] == "active") & healthy]
        k = k[k["mentee_id"].isin(bd.mentee_ids) & k["mentor_id"].isin(bd.mentor_ids)]
        k = k.drop_duplicates("mentee_id")
        keep = pd.DataFrame({"mentee": k["mentee_id"].to_numpy(), "mentor": k["mentor_id"].to_numpy()})
        if entry.same_pool:   # a kept pair of peers: each person once, with their partner
            keep = pd.concat([keep, keep.rename(columns={"mentee": "mentor", "mentor": "mentee"})],
                             ignore_index=True).drop_duplicates("mentee")
    if len(keep):
        cap = cap.sub(keep["mentor"].value_counts().reindex(cap.index).fillna(0).astype(int)).clip(lower=0)
        kept = explain(bd.subset(mentees=keep["mentee"]), None, keep, 1)
        kept = kept[["mentee", "mentor", "score"] + [c for c in kept.columns if c.startswith("contrib_")]]
        kept["alternative"] = None
        kept["alternative_score"] = np.nan
        kept["alternative_reason"] = "kept: active and healthy"
        kept["kept"] = True
    else:
        kept = None
    free = [x for x in bd.mentee_ids if kept is None or x not in set(kept["mentee"])]
    side = free if entry.same_pool else None
    objective = objective or m.objective
    min_score = m.min_score if min_score is None else min_score
    pairs, unmatched, summary = _solve(bd.subset(mentees=free, mentors=side),
                                       allowed.subset(mentees=free, mentors=side), cap,
                                       min_score, objective, fmt, excluded, kept)
    return MatchOutcome(bd, allowed, pairs, unmatched, summary, cap, min_score, objective, fmt,
                        kept, excluded)


# ---------------------------------------------------------------------------------------- diff
def _pairs_of(x) -> pd.DataFrame:
    df = x.pairs if isinstance(x, MatchOutcome) else x
    df = df[df["mentor"].notna()] if "mentor" in df else df
    return df[["mentee", "mentor", "score"]].drop_duplicates("mentee")


def diff_matchings(before, after) -> pd.DataFrame:
    """Per mentee: old and new mentor and score, and the change (kept / new mentor /
    newly matched / lost mentor). Takes MatchOutcomes or (mentee, mentor, score) frames."""
    b, a = _pairs_of(before).set_index("mentee"), _pairs_of(after).set_index("mentee")
    ids = b.index.union(a.index, sort=False)
    out = pd.DataFrame({"mentee": ids,
                        "old_mentor": b["mentor"].reindex(ids).to_numpy(),
                        "new_mentor": a["mentor"].reindex(ids).to_numpy(),
                        "old_score": b["score"].reindex(ids).to_numpy(dtype=float),
                        "new_score": a["score"].reindex(ids).to_numpy(dtype=float)})
    old_na, new_na = out["old_mentor"].isna(), out["new_mentor"].isna()
    out["change"] = np.select(
        [old_na & ~new_na, ~old_na & new_na, out["old_mentor"] == out["new_mentor"]],
        ["newly matched", "lost mentor", "same mentor"], default="new mentor")
    out["score_change"] = out["new_score"] - out["old_score"]
    return out.sort_values("mentee", kind="stable").reset_index(drop=True)
