"""What the tuning panel shows, as plain data: summary, changes with their reasons, explanations,
coverage and score distribution, and two scenarios side by side.

Two matchings are always compared with one yardstick, the *saved* weights: a summary moves only
when the pairs move, and a weighting's cost by the saved criteria is visible. Each criterion's
mean score over the matched pairs (0-1, the same under any weighting) says what a weighting buys.
Scores are shares of the best possible score; differences between them are percentage points.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

import numpy as np
import pandas as pd

from ..matchview import coverage as segment_coverage
from ..program import Program
from ..scoring import MatchOutcome
from ..scoring.rules import rule_names
from .state import TuningState

__all__ = ["Context", "summarize", "changes", "explain_mentee", "coverage_by", "score_distribution",
           "compare", "view", "CHANGE_COLUMNS", "TIE"]

TIE = 1e-9
NAME_COLUMNS = ("name", "full_name", "display_name")
CHANGE_COLUMNS = ["mentee", "mentee_name", "change", "old_mentor", "old_mentor_name", "new_mentor",
                  "new_mentor_name", "old_score", "new_score", "gain", "why"]
KIND_ORDER = {"new mentor": 0, "newly matched": 1, "lost mentor": 2}


@dataclass(frozen=True)
class Context:
    """What the views need of the program, computed once: names, format, minimum group size."""
    program: Program
    names: dict
    k: int
    fmt: str

    @classmethod
    def of(cls, program: Program, baseline: MatchOutcome) -> "Context":
        return cls(program, people_names(program), program.config.min_group_size, baseline.format)


def people_names(program: Program) -> dict:
    """Person id -> name, where the people or workforce table has a name column (else empty)."""
    for table in (program.people, program.workforce):
        idcol = "person_id" if "person_id" in table.columns else "employee_id"
        for col in NAME_COLUMNS:
            if col in table.columns and idcol in table.columns:
                named = table[[idcol, col]].dropna()
                return dict(zip(named[idcol], named[col].astype(str)))
        if {"first_name", "last_name"} <= set(table.columns) and idcol in table.columns:
            full = (table["first_name"].fillna("").astype(str) + " " +
                    table["last_name"].fillna("").astype(str)).str.strip()
            return {i: n for i, n in zip(table[idcol], full) if n}
    return {}


# ------------------------------------------------------------------------------------ scores

def _raw(outcome: MatchOutcome, mentees, mentors) -> dict[str, np.ndarray]:
    """Each criterion's 0-1 score of the given pairs (NaN where a side is missing)."""
    bd = outcome.breakdown
    ii = bd.mentee_ids.get_indexer(pd.Index(mentees))
    jj = bd.mentor_ids.get_indexer(pd.Index(mentors))
    ok = (ii >= 0) & (jj >= 0)
    out = {}
    for name, arr in bd.per_criterion.items():
        v = np.full(len(ii), np.nan)
        v[ok] = arr[ii[ok], jj[ok]]
        out[name] = v
    return out


def _weighted(raw: dict, weights: dict) -> np.ndarray:
    total = float(sum(weights.values())) or 1.0
    acc = sum(float(weights.get(n, 0.0)) * v for n, v in raw.items())
    return np.asarray(acc, dtype=float) / total


def pair_scores(outcome: MatchOutcome, weights: Optional[dict] = None) -> pd.Series:
    """Matched pairs' scores (share of the best possible) under ``weights`` (default: its own)."""
    p = outcome.pairs[outcome.pairs["mentor"].notna()]
    raw = _raw(outcome, p["mentee"], p["mentor"])
    return pd.Series(_weighted(raw, weights or outcome.breakdown.weights), index=p["mentee"].to_numpy())


def summarize(outcome: MatchOutcome, weights: Optional[dict] = None) -> dict:
    """Matched, mentors used, mean and lowest pair score under ``weights`` (default: the
    outcome's own), and each criterion's mean 0-1 score over the matched pairs."""
    s = outcome.totals
    p = outcome.pairs[outcome.pairs["mentor"].notna()]
    raw = _raw(outcome, p["mentee"], p["mentor"])
    scores = _weighted(raw, weights or outcome.breakdown.weights)
    has = len(p) > 0
    return {"matched": int(s["matched"]), "mentees": int(s["mentees"]),
            "matched_share": float(s["matched_share"]), "mentors_used": int(p["mentor"].nunique()),
            "mean_score": float(scores.mean()) if has else float("nan"),
            "lowest_score": float(scores.min()) if has else float("nan"),
            "criteria": {n: float(v.mean()) if has else float("nan") for n, v in raw.items()}}


def score_distribution(outcome: MatchOutcome, weights: Optional[dict] = None, bins: int = 10) -> pd.Series:
    """Matched pairs per tenth of the best possible score (under ``weights``)."""
    scores = pair_scores(outcome, weights).to_numpy()
    edges = np.linspace(0, 1, bins + 1)
    counts, _ = np.histogram(np.clip(scores, 0, 1), bins=edges)
    labels = [f"{lo:.0%}–{hi:.0%}" for lo, hi in zip(edges[:-1], edges[1:])]
    return pd.Series(counts, index=labels, name="pairs")


def coverage_by(program: Program, outcome: MatchOutcome, by: str = "department") -> pd.DataFrame:
    """Matched share of mentees per segment (segments under the minimum group size hidden)."""
    return segment_coverage(program, outcome, by, program.config.min_group_size)


# ----------------------------------------------------------------------------------- changes

def _mentor_positions(outcome: MatchOutcome) -> np.ndarray:
    """Per mentee (in the breakdown's order): the position of their mentor, -1 when none."""
    bd = outcome.breakdown
    p = outcome.pairs
    pos = np.full(len(bd.mentee_ids), -1, dtype=np.int64)
    if len(p):
        ii = bd.mentee_ids.get_indexer(p["mentee"])
        jj = bd.mentor_ids.get_indexer(p["mentor"])
        ok = (ii >= 0) & (jj >= 0)
        pos[ii[ok]] = jj[ok]
    return pos


def _holders(outcome: MatchOutcome) -> dict:
    out: dict = {}
    for mentee, mentor in zip(outcome.pairs["mentee"], outcome.pairs["mentor"]):
        out.setdefault(mentor, []).append(mentee)
    return out


def _reasons(outcome: MatchOutcome) -> dict:
    u = outcome.unmatched
    return dict(zip(u["mentee"], u["reason"])) if len(u) else {}


def _weight_reason(saved: dict, now: dict, raw_old: dict, raw_new: dict, row: int) -> str:
    """The criterion whose weight change most favours the new mentor over the old, as text."""
    best, text = TIE, ""
    for c in raw_old:
        dw = float(now.get(c, 0.0)) - float(saved.get(c, 0.0))
        ds = raw_new[c][row] - raw_old[c][row]
        if dw * ds > best:
            best = dw * ds
            better = "better" if ds > 0 else "worse"
            text = f"{c} weight {saved.get(c, 0):g} → {now.get(c, 0):g} (new mentor {better} on {c})"
    return text


def _setting_reason(saved: TuningState, state: TuningState) -> str:
    parts = []
    if state.capacity != saved.capacity:
        parts.append("capacity " + ("each mentor's own" if state.capacity is None else f"{state.capacity}"))
    if state.objective != saved.objective:
        parts.append(f"objective {state.objective}")
    if state.min_score != saved.min_score:
        parts.append("minimum score")
    return ", ".join(parts)


def _knock_on(mentee, old, new, held_before: dict, held_now: dict) -> str:
    """Why a mentee moved when no setting of theirs did: a seat freed or taken by others' moves."""
    left = [m for m in held_before.get(new, []) if m not in held_now.get(new, [])]
    if left:
        return f"knock-on: a seat with {new} was freed when {left[0]} moved"
    taken = [m for m in held_now.get(old, []) if m not in held_before.get(old, [])]
    if taken:
        return f"knock-on: {old}'s seat went to {taken[0]}"
    return "knock-on of other moves"


def changes(baseline: MatchOutcome, current: MatchOutcome, saved: Optional[TuningState] = None,
            state: Optional[TuningState] = None, names: Optional[dict] = None) -> tuple[pd.DataFrame, int]:
    """Mentees whose mentor changed against the baseline, and how many swaps were ties.

    A mentee moved to another mentor with the same score under the current weights is a tie, not
    a change (the solver broke the tie another way). Each change says ``why``: the rule that now
    forbids the saved mentor, the weight change that favours the new mentor, another setting, the
    reason a mentee is left out, or a knock-on of other moves. ``old_score``/``new_score`` are
    shares of the best possible under the current weights; ``gain`` is their difference
    (percentage points as a share) for mentees who have a mentor before and after.
    Both outcomes must come from the same program (same mentees and mentors).
    """
    names = names or {}
    bd = current.breakdown
    before, after = _mentor_positions(baseline), _mentor_positions(current)
    rows = np.flatnonzero(before != after)
    if not len(rows):
        return pd.DataFrame({c: pd.Series(dtype=float if c in ("old_score", "new_score", "gain") else object)
                             for c in CHANGE_COLUMNS}), 0
    o, n = before[rows], after[rows]
    has_o, has_n = o >= 0, n >= 0
    oc, nc = np.where(has_o, o, 0), np.where(has_n, n, 0)
    raw_old = {c: np.where(has_o, a[rows, oc], np.nan) for c, a in bd.per_criterion.items()}
    raw_new = {c: np.where(has_n, a[rows, nc], np.nan) for c, a in bd.per_criterion.items()}
    weights_now = bd.weights
    weights_saved = saved.weights if saved is not None else baseline.breakdown.weights
    old_score, new_score = _weighted(raw_old, weights_now), _weighted(raw_new, weights_now)
    kind = np.where(~has_o, "newly matched", np.where(~has_n, "lost mentor", "new mentor"))
    code_now = np.where(has_o, current.allowed.codes[rows, oc], 0)
    code_then = np.where(has_n, baseline.allowed.codes[rows, nc], 0)
    tie = (kind == "new mentor") & (np.abs(new_score - old_score) <= TIE) & (code_now == 0)
    keep = np.flatnonzero(~tie)
    mentee_ids, mentor_ids = bd.mentee_ids, bd.mentor_ids
    old_ids = np.where(has_o, mentor_ids.to_numpy()[oc], None)
    new_ids = np.where(has_n, mentor_ids.to_numpy()[nc], None)
    un_now, un_before = _reasons(current), _reasons(baseline)
    setting = _setting_reason(saved, state) if saved is not None and state is not None else ""
    held_now = held_before = None
    why = []
    for r in keep:
        mentee, k = mentee_ids[rows[r]], kind[r]
        if code_now[r]:
            text = f"rule {rule_names()[code_now[r]]} now forbids the saved mentor"
        elif k == "lost mentor":
            text = f"left unmatched: {un_now.get(mentee, 'not chosen by the objective')}"
        elif k == "newly matched":
            text = f"was unmatched ({un_before.get(mentee, 'not chosen')})"
            if code_then[r]:
                text = f"rule {rule_names()[code_then[r]]} no longer forbids this mentor; " + text
        else:
            text = _weight_reason(weights_saved, weights_now, raw_old, raw_new, r) or setting
            if not text:
                if held_now is None:
                    held_now, held_before = _holders(current), _holders(baseline)
                text = _knock_on(mentee, old_ids[r], new_ids[r], held_before, held_now)
        why.append(text)
    k = kind[keep]
    out = pd.DataFrame({"mentee": mentee_ids.to_numpy()[rows[keep]],
                        "change": k, "old_mentor": old_ids[keep], "new_mentor": new_ids[keep],
                        "old_score": old_score[keep], "new_score": new_score[keep], "why": why})
    for col in ("mentee", "old_mentor", "new_mentor"):
        out[f"{col}_name"] = [names.get(x, "") for x in out[col]] if names else ""
    out["gain"] = np.where(k == "new mentor", out["new_score"] - out["old_score"], np.nan)
    order = pd.Series(k).map(KIND_ORDER).to_numpy()
    out = out.assign(_o=order, _g=-out["gain"].abs().fillna(0)).sort_values(
        ["_o", "_g", "mentee"], kind="stable")
    return out[CHANGE_COLUMNS].reset_index(drop=True), int(tie.sum())


# ------------------------------------------------------------------------------- explanation

def explain_mentee(outcome: MatchOutcome, mentee, names: Optional[dict] = None) -> dict:
    """A mentee's pair: each criterion's contribution (share of the best possible; they sum to the
    score), the best alternative mentor and why not; or, unmatched, the report's reason."""
    names = names or {}
    pairs = outcome.pairs.set_index("mentee")
    best = float(sum(outcome.breakdown.weights.values())) or 1.0
    base = {"mentee": mentee, "mentee_name": names.get(mentee, "")}
    if mentee in pairs.index:
        row = pairs.loc[mentee]
        contrib = {c.removeprefix("contrib_"): float(row[c]) / best for c in pairs.columns
                   if c.startswith("contrib_")}
        alt = row.get("alternative")
        return {**base, "mentor": row["mentor"], "mentor_name": names.get(row["mentor"], ""),
                "score": float(row["score"]) / best, "contributions": contrib,
                "alternative": None if alt is None or pd.isna(alt) else alt,
                "alternative_reason": row.get("alternative_reason")}
    un = outcome.unmatched.set_index("mentee")
    if mentee in un.index:
        r = un.loc[mentee]
        alt = r.get("alternative")
        return {**base, "mentor": None, "reason": r["reason"], "forbidden_by": forbidden_by(outcome, mentee),
                "alternative": None if alt is None or pd.isna(alt) else alt,
                "alternative_reason": r.get("alternative_reason")}
    raise KeyError(f"{mentee!r} is not a mentee of this program")


def forbidden_by(outcome: MatchOutcome, mentee) -> dict:
    """How many mentors each rule rules out for ``mentee`` (the first rule that forbids each pair)."""
    rows = outcome.allowed.allowed.index.get_indexer([mentee])
    if rows[0] < 0:
        return {}
    names = rule_names()
    counts = np.bincount(outcome.allowed.codes[rows[0]].astype(np.int64), minlength=len(names))
    return {names[c]: int(counts[c]) for c in np.argsort(-counts) if c and counts[c]}


# ------------------------------------------------------------------------------------- views

def view(context: Context, saved: TuningState, baseline: MatchOutcome, state: TuningState,
         current: MatchOutcome) -> dict:
    """Everything the panel shows for ``current`` against the saved ``baseline``."""
    ch, ties = changes(baseline, current, saved, state, context.names)
    same_pairs = ch.empty
    yardstick = dict(saved.weights)
    summary = summarize(current, yardstick)
    base = summarize(baseline, yardstick)
    if same_pairs and ties == 0:
        summary = base
    return {"summary": summary, "baseline": base, "changes": ch, "ties": ties,
            "mentees": int(baseline.totals["mentees"]), "state": state, "saved": saved}


def compare(context: Context, yardstick: dict, a: MatchOutcome, b: MatchOutcome, by: str = "department") -> dict:
    """Scenarios A and B side by side: summaries, score distributions, coverage by segment."""
    return {"summary": {"A": summarize(a, yardstick), "B": summarize(b, yardstick)},
            "distribution": pd.DataFrame({"A": score_distribution(a, yardstick),
                                          "B": score_distribution(b, yardstick)}),
            "coverage": {"A": coverage_by(context.program, a, by), "B": coverage_by(context.program, b, by)}}
