"""Stage 3 views: what page 3 (the matching) shows, already protected; the notebook only displays.

Each view returns a finished piece of the page: a table of display text with every small group
suppressed here (with :mod:`workbench.privacy`, never in a notebook cell), a sentence, or chart
data with its alt text. :func:`page` gathers them into one :class:`MatchPage` laid out the way the
program's format says (:data:`workbench.scoring.formats.FORMATS`: pairs, or circles). Words come
from the registries: a criterion's meaning from ``CRITERIA``, a rule's text from ``RULES``.
Scores are shown as a share of the best possible (the sum of the weights), so 100 % is a pair
that meets every criterion fully.

Example
-------
>>> from workbench.io import load_program                      # doctest: +SKIP
>>> p = page(load_program("data/programs/onboarding-pilot"))   # doctest: +SKIP
>>> p.summary.table, p.summary.sentence                         # doctest: +SKIP
"""
from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Any, Optional

import numpy as np
import pandas as pd

from .disclosure import MARK as HIDDEN
from .privacy import suppress_counts, visible_groups
from .program import Program
from .render import md
from .scoring import CRITERIA, RULES, MatchOutcome, match_format, match_program

__all__ = ["Section", "MatchPage", "page", "current_round", "optimal_matching", "best_possible",
           "criteria_table", "rules_sentence", "summary_table", "headlines", "interpret",
           "compare_with_existing", "pairs_export", "mean_contributions", "unmatched_reasons",
           "coverage", "circles_table", "format_sentence"]


@dataclass(frozen=True)
class Section:
    """One part of the page: a display table (already suppressed), a sentence (display-ready
    Markdown: our wording, any client or config string in it escaped by :func:`workbench.render.md`;
    its text is ``.data``), chart data and its alt text."""
    table: Optional[pd.DataFrame] = None
    sentence: Any = None
    chart: Optional[pd.Series] = None
    alt: str = ""


@dataclass(frozen=True)
class MatchPage:
    """Everything page 3 shows, in order. ``layout``: ``"pairs"`` or ``"circles"`` (from the
    format's registry entry); ``circles`` is None for a pairs layout. ``export``: the matching
    list for the exports; ``headlines``: label -> value for the report index."""
    layout: str
    intro: Any
    criteria: Section
    summary: Section
    by_hand: Section
    why: Section
    circles: Optional[Section]
    unmatched: Section
    coverage: Section
    export: pd.DataFrame = field(repr=False)
    headlines: dict = field(default_factory=dict)


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


def summary_table(result: MatchOutcome) -> pd.DataFrame:
    """The matching in figures (pairs, or circles)."""
    s, best = result.summary, best_possible(result)
    if _is_circles(result):
        sizes = sorted(s["sizes"], reverse=True)
        rows = [("People to place", s["mentees"]),
                ("Placed in a circle with a fitting partner", f"{s['matched']} ({s['matched_share']:.0%})"),
                ("Circles", f"{s['circles']} (sizes {', '.join(map(str, sizes))})" if sizes else "0"),
                ("Circles with a facilitator", f"{s['facilitated']} of {s['circles']}"),
                ("Mean fit of two members of a circle", _share(s["mean_score"], best)),
                ("Best possible split scores at most", f"{s['gap']:.0%} more than this one"),
                ("Pairs a rule forbids sharing a circle", s["forbidden_pairs"])]
    elif _one_pool(result):
        rows = [("Peers to pair", s["mentees"]),
                ("Paired", f"{s['matched']} ({s['matched_share']:.0%})"),
                ("Pairs", s["matched"] // 2),
                ("Mean pair score", _share(s["mean_score"], best) if s["matched"] else "-"),
                ("Lowest pair score", _share(s["lowest_score"], best) if s["matched"] else "-")]
    else:
        rows = [("Mentees to match", s["mentees"]),
                ("Matched", f"{s['matched']} ({s['matched_share']:.0%})"),
                ("Mentors used", s["mentors_used"]),
                ("Mean pair score", _share(s["mean_score"], best) if s["matched"] else "-"),
                ("Lowest pair score", _share(s["lowest_score"], best) if s["matched"] else "-"),
                ("Objective", "highest total score" if s["objective"] == "total" else "fairest weakest pair")]
    return pd.DataFrame(rows, columns=["", "value"]).astype({"value": str})


def headlines(result: MatchOutcome) -> dict:
    s, best = result.summary, best_possible(result)
    return {"Mentees matched": f"{s['matched_share']:.0%}",
            "Mean pair score": _share(s["mean_score"], best) if s["matched"] else "-"}


def interpret(result: MatchOutcome) -> str:
    """One sentence on the matching, computed from its figures (our wording, figures and reasons
    only: no client text)."""
    s, best = result.summary, best_possible(result)
    if not s["matched"]:
        return "No pair could be made under these criteria and rules."
    left = s["mentees"] - s["matched"]
    reasons = result.unmatched["reason"].value_counts()
    why = f"; the main reason for the rest: {reasons.index[0]}" if left and len(reasons) else ""
    if _is_circles(result):
        bound = (f"no split into circles of these sizes can score more than {s['gap']:.0%} above this one"
                 if s["gap"] > 0 else "no split into circles of these sizes can score more")
        return (f"{s['matched']} of {s['mentees']} people sit in one of {s['circles']} circles with at least one "
                f"fitting partner; two members of a circle fit {_share(s['mean_score'], best)} of the best "
                f"possible on average, and {bound}{why}.")
    who = "peers have a partner" if _one_pool(result) else "mentees get a mentor"
    return (f"{s['matched']} of {s['mentees']} {who}, with pairs scoring "
            f"{s['mean_score'] / best:.0%} of the best possible on average and {s['lowest_score'] / best:.0%} "
            f"at worst{why}.")


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
        rows = [("Pairs of members sharing a circle", len(old), len(iu)),
                ("Mean fit of two members", _share(old.mean() if len(old) else np.nan, best),
                 _share(W[iu, ju].mean() if len(iu) else np.nan, best)),
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


def unmatched_reasons(result: MatchOutcome, k: int) -> pd.DataFrame:
    """People left without a mentor (circles: without a fitting partner), counted by reason
    (small counts suppressed)."""
    who = "people" if _is_circles(result) else "mentees"
    counts = result.unmatched["reason"].value_counts().rename(who).to_frame()
    counts.index.name = "reason"
    if counts.empty:
        everyone = "everyone is placed" if _is_circles(result) else "every mentee is matched"
        return pd.DataFrame({who: ["0"]}, index=pd.Index([everyone], name="reason"))
    return suppress_counts(counts, k)


def coverage(program: Program, result: MatchOutcome, by: str, k: int) -> pd.DataFrame:
    """Share of each segment's people who are matched (circles: placed with a fitting partner).

    Segments smaller than k are merged into Other (so every segment shown has at least k people);
    then the counts of matched and not matched people go through
    :func:`~workbench.privacy.suppress_counts`, and a share is shown only where both its counts are."""
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


def circles_table(result: MatchOutcome, k: int) -> pd.DataFrame:
    """One row per circle: its size, whether it has a facilitator, and the mean fit of two of its
    members; the fit of a circle smaller than k is hidden (a figure of fewer than k people)."""
    best = best_possible(result)
    W = result.breakdown.total
    rows = []
    for c, g in result.circles.groupby("circle"):
        ids = list(g["person"])
        sub = W.loc[ids, ids].to_numpy()
        iu = np.triu_indices(len(ids), 1)
        fit = sub[iu].mean() if len(ids) > 1 else np.nan
        rows.append({"circle": f"Circle {c}", "people": str(len(ids)),
                     "facilitator": "yes" if g["facilitator"].notna().any() else "none fits every member",
                     "mean fit": _share(fit, best) if len(ids) >= k else f"hidden (<{k} people)"})
    return pd.DataFrame(rows, columns=["circle", "people", "facilitator", "mean fit"])


def page(program: Program, by: str = "department", result: Optional[MatchOutcome] = None) -> MatchPage:
    """Page 3 for ``program``: every section, protected, in the layout of its format."""
    k = program.config.min_group_size
    result = result if result is not None else optimal_matching(program)
    circles = _is_circles(result)
    means = mean_contributions(result)
    what = "two members of a circle" if circles else "a pair"
    alt = "Bar chart: " + "; ".join(f"{n} {v:.0%}" for n, v in means.items() if np.isfinite(v)) + "."
    why = Section(chart=means, alt=alt, sentence=md(
        f"Each criterion's average contribution to the fit of {what}; the full list, with each person's "
        "contributions, is in the exports. {alt}", alt=alt))
    return MatchPage(
        layout=match_format(program.config.format).page,
        intro=md(format_sentence(program)),
        criteria=Section(table=criteria_table(program), sentence=md(rules_sentence(program))),
        summary=Section(table=summary_table(result), sentence=md(interpret(result))),
        by_hand=Section(table=compare_with_existing(program, result)),
        why=why,
        circles=Section(table=circles_table(result, k)) if circles else None,
        unmatched=Section(table=unmatched_reasons(result, k)),
        coverage=Section(table=coverage(program, result, by, k)),
        export=pairs_export(result),
        headlines=headlines(result))
