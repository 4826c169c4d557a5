"""The matching's building blocks that page 3 (:mod:`workbench.views.stage3`, which protects every
figure through :mod:`workbench.disclosure`) and the tuning panel share: the current round, the
optimal matching, the format and criteria in words, the comparison with the matching made by
hand, the export, and the coverage per segment the tuning panel shows (its counts go through
:func:`workbench.disclosure.protect`). Words come from the registries: a criterion's meaning from
``CRITERIA``, a rule's text from ``RULES``. Scores are shown as a share of the best possible (the
sum of the weights), so 100 % is a pair that meets every criterion fully.
"""
from __future__ import annotations

import dataclasses

import numpy as np
import pandas as pd

from .disclosure import MARK as HIDDEN, TOTAL, ProtectedColumn, protect
from .program import Program
from .scoring import CRITERIA, RULES, MatchOutcome, match_format, match_program

__all__ = ["current_round", "optimal_matching", "best_possible", "criteria_table", "rules_sentence",
           "compare_with_existing", "pairs_export", "mean_contributions", "coverage", "format_sentence"]


def current_round(program: Program) -> Program:
    """The program as matched for its latest round: earlier rounds are history, never repeated."""
    rel = program.relationships
    if rel.empty or "round" not in rel or rel["round"].isna().all():
        return dataclasses.replace(program, relationships=rel.iloc[0:0])
    latest = rel["round"].max()
    return dataclasses.replace(program, relationships=rel[rel["round"] < latest])


def optimal_matching(program: Program, **options) -> MatchOutcome:
    """The optimal matching of the current round under the program's criteria and rules."""
    return match_program(current_round(program), **options)


def best_possible(result: MatchOutcome) -> float:
    return float(sum(result.breakdown.weights.values())) or 1.0


def _share(value: float, best: float) -> str:
    return "-" if value is None or not np.isfinite(value) else f"{value / best:.0%}"


def _is_circles(result: MatchOutcome) -> bool:
    return result.circles is not None


def _one_pool(result: MatchOutcome) -> bool:
    """Peers (or circles): people matched among themselves."""
    return _is_circles(result) or match_format(result.format).same_pool


def format_sentence(program: Program) -> str:
    """What the format is and how this page shows it (from the format's registry entry; our
    wording and a number only, so safe as a Markdown template)."""
    entry = match_format(program.config.format)
    size = f" of about {program.config.circle_size}" if entry.page == "circles" else ""
    return f"Format: {entry.label}{size} ({entry.doc}). This page shows {entry.shows}."


def criteria_table(program: Program) -> pd.DataFrame:
    """The matching criteria with their meaning, weight and share of the total weight."""
    crit = program.config.matching.criteria
    total = sum(c.weight for c in crit) or 1.0
    entry = match_format(program.config.format)
    pool = entry.same_pool or entry.page == "circles"
    return pd.DataFrame([{
        "criterion": c.name, "means": CRITERIA[c.kind].describe(c.model_dump(), pool),
        "weight": f"{c.weight:g}", "share of weight": f"{c.weight / total:.0%}"} for c in crit],
        columns=["criterion", "means", "weight", "share of weight"])


def rules_sentence(program: Program) -> str:
    """The hard rules in one sentence (each rule's text from the registry, its value a number:
    no client text)."""
    values = program.config.matching.rules.model_dump()
    parts = [r.describe(values.get(r.key, r.default)) for r in RULES if r.active(values.get(r.key, r.default))]
    never = "Never in the same circle: " if match_format(program.config.format).page == "circles" else "Never matched: "
    return (never + "; ".join(parts) + ".") if parts else "No hard rules: any pair may be made."


def _latest(rel: pd.DataFrame) -> pd.DataFrame:
    latest = rel["round"].max() if rel["round"].notna().any() else None
    return rel if latest is None else rel[rel["round"] == latest]


def _score_existing(program: Program, result: MatchOutcome) -> pd.DataFrame:
    rel = program.relationships
    if rel.empty:
        return rel.assign(score=pd.Series(dtype=float), allowed=pd.Series(dtype=bool))
    rel = _latest(rel)
    total = result.breakdown.total
    ok = rel["mentee_id"].isin(total.index) & rel["mentor_id"].isin(total.columns)
    rel = rel[ok].copy()
    rel["score"] = [total.at[a, b] for a, b in zip(rel["mentee_id"], rel["mentor_id"])]
    allowed = result.allowed.allowed
    rel["allowed"] = [bool(allowed.at[a, b]) for a, b in zip(rel["mentee_id"], rel["mentor_id"])]
    return rel


def _existing_circles(program: Program, result: MatchOutcome) -> tuple[np.ndarray, np.ndarray]:
    """Scores and allowed flags of every pair of members who share a facilitator in the latest round."""
    rel = program.relationships
    if rel.empty:
        return np.zeros(0), np.zeros(0, bool)
    total, allowed = result.breakdown.total, result.allowed.allowed
    scores, ok = [], []
    for _, g in _latest(rel).groupby("mentor_id"):
        ids = [x for x in g["mentee_id"] if x in total.index]
        for i, a in enumerate(ids):
            for b in ids[i + 1:]:
                scores.append(total.at[a, b])
                ok.append(bool(allowed.at[a, b]))
    return np.asarray(scores, float), np.asarray(ok, bool)


def compare_with_existing(program: Program, result: MatchOutcome) -> pd.DataFrame:
    """The program's existing pairs (or circles: members sharing a facilitator), latest round,
    people still taking part, scored with the same criteria, against the optimal matching."""
    best = best_possible(result)
    cols = ["", "matching made by hand", "optimal matching"]
    if _is_circles(result):
        old, old_ok = _existing_circles(program, result)
        W = result.breakdown.total.to_numpy()
        lab = result.circles.set_index("person")["circle"].reindex(result.breakdown.mentee_ids).to_numpy()
        iu, ju = np.nonzero(np.triu(lab[:, None] == lab[None, :], 1))
        new_ok = result.allowed.allowed.to_numpy()[iu, ju]
        # as the circles' own fit (scoring.circles): a pair a rule forbids adds nothing, on both sides
        old_fit = np.where(old_ok, np.nan_to_num(old), 0.0)
        new_fit = np.where(new_ok, np.nan_to_num(W[iu, ju]), 0.0)
        rows = [("Pairs of members sharing a circle", len(old), len(iu)),
                ("Mean fit of two members", _share(old_fit.mean() if len(old) else np.nan, best),
                 _share(new_fit.mean() if len(iu) else np.nan, best)),
                ("Pairs a rule forbids sharing a circle", int((~old_ok).sum()), int((~new_ok).sum()))]
        return pd.DataFrame(rows, columns=cols).astype({cols[1]: str, cols[2]: str})
    existing = _score_existing(program, result)
    opt = result.pairs
    if _one_pool(result):   # each pair is listed once per person
        opt = opt[opt["mentee"].astype(str) < opt["mentor"].astype(str)]
    rows = [
        ("Pairs", len(existing), len(opt)),
        ("Mean pair score", _share(existing["score"].mean(), best) if len(existing) else "-",
         _share(opt["score"].mean(), best) if len(opt) else "-"),
        ("Lowest pair score", _share(existing["score"].min(), best) if len(existing) else "-",
         _share(opt["score"].min(), best) if len(opt) else "-"),
        ("Pairs breaking a hard rule", int((~existing["allowed"].astype(bool)).sum()) if len(existing) else 0, 0),
    ]
    return pd.DataFrame(rows, columns=cols).astype({cols[1]: str, cols[2]: str})


def pairs_export(result: MatchOutcome) -> pd.DataFrame:
    """The matching with explanations, for the exports (scores as shares of the best possible);
    circles: one row per member with their circle and facilitator."""
    out = result.pairs.copy()
    best = best_possible(result)
    for col in [c for c in out.columns if c == "score" or c.startswith("contrib_") or c == "alternative_score"]:
        out[col] = (out[col] / best).round(3)
    if _is_circles(result):
        out = out.rename(columns={"mentee": "person", "mentor": "facilitator"})
    return out


def mean_contributions(result: MatchOutcome) -> pd.Series:
    """Average contribution of each criterion to the matched pairs' scores (share of best possible)."""
    cols = [c for c in result.pairs.columns if c.startswith("contrib_")]
    means = result.pairs[cols].mean() / best_possible(result)
    means.index = [c.removeprefix("contrib_") for c in cols]
    return means.sort_values(ascending=False)


def suppress_counts(table: pd.DataFrame, k: int, columns=None, total: bool = True,
                    total_label: str = TOTAL) -> pd.DataFrame:
    """Return ``table`` as display text with every hidden count shown as ``"hidden"``.

    ``columns``: the count columns (default: all numeric ones); other columns pass through.
    ``total=True`` adds a total row; hidden cells then follow the complementary rule of
    :func:`workbench.disclosure.protect` (a total below ``k`` is hidden too).
    """
    columns = list(columns) if columns is not None else list(table.select_dtypes("number").columns)
    cols = [ProtectedColumn(str(c), partition=total) for c in columns]
    frame = table.rename(columns={c: str(c) for c in columns})
    shown = protect(frame, k, name="table", dimension="row", columns=cols, total=total).shown()
    shown = shown.rename(columns={str(c): c for c in columns}, index={TOTAL: total_label})
    return shown[list(table.columns)]


def visible_groups(frame: pd.DataFrame, by: str, k: int, other: str = "Other") -> pd.Series:
    """Map each value of ``frame[by]`` to itself, or to ``other`` when its group is smaller than k.

    If only one group would fall into ``other`` and it is still small, the next-smallest group
    joins it so the merged group is never a lone small one.
    """
    sizes = frame[by].value_counts()
    small = list(sizes[sizes < k].index)
    if small and sizes[small].sum() < k:
        rest = sizes.drop(small).sort_values()
        for name, n in rest.items():
            small.append(name)
            if sizes[small].sum() >= k:
                break
    return frame[by].where(~frame[by].isin(small), other)


def coverage(program: Program, result: MatchOutcome, by: str, k: int) -> pd.DataFrame:
    """Share of each segment's people who are matched (circles: placed with a fitting partner).

    Segments smaller than k are merged into Other (so every segment shown has at least k people);
    then the counts of matched and not matched people go through
    :func:`suppress_counts`, and a share is shown only where both its counts are."""
    entry = match_format(program.config.format)
    prof = program.profiles()
    people = prof[prof["role"].isin(entry.members)].copy()
    people["segment"] = visible_groups(people, by, k)
    unmatched = set(result.unmatched["mentee"])
    done = set(result.pairs["mentee"]) - unmatched
    people["matched"] = people.index.isin(list(done))
    table = people.groupby("segment").agg(mentees=("matched", "size"), matched=("matched", "sum"))
    table["not matched"] = table["mentees"] - table["matched"]
    order = table.sort_values(["matched", "mentees"], ascending=False).index
    table = table.loc[order]
    # segment sizes are at least k (merged above); who is matched or not is what may be small
    shown = suppress_counts(table, k, columns=["matched", "not matched"])
    true = pd.concat([table, table.sum().to_frame("Total").T])
    shown["mentees"] = true["mentees"].astype(int).astype(str).to_numpy()
    # each row's size is shown, so matched + not matched = mentees: one hidden hides the other;
    # and a column hiding any segment hides its total too (else the total minus the shown
    # segments gives the hidden ones back)
    body = shown.index != "Total"
    for _ in range(2):
        row_hidden = ~(shown["matched"].str.isdigit() & shown["not matched"].str.isdigit())
        shown.loc[row_hidden, ["matched", "not matched"]] = HIDDEN
        for col in ("matched", "not matched"):
            if (~shown.loc[body, col].str.isdigit()).any():
                shown.loc["Total", col] = HIDDEN
    visible = (shown["matched"].str.isdigit() & shown["not matched"].str.isdigit()).to_numpy()
    share = (true["matched"] / true["mentees"].where(true["mentees"] > 0)).map("{:.0%}".format)
    shown["coverage"] = np.where(visible, share.to_numpy(), "hidden")
    shown.index.name = by
    return shown[["mentees", "matched", "coverage"]]
