"""Page 3's sections on the choice a program makes (issue 35): its matching mode beside the
assigned optimum, the trade-off frontier and what it would take to match those left out.

Joined to page 3 by :func:`add_modes` (one call in :func:`workbench.views.stage3.match_optimization`).
Every number shown is a :class:`~workbench.disclosure.Figure` kept with its section, so the
attacker test audits it with the rest of the report:

* counts of mentees for the whole cohort (the optimum, the simulated picks, a frontier point) are
  hidden when fewer than ``k`` are matched or fewer than ``k`` left out
  (:func:`~workbench.disclosure.outcome_hidden`), and all of them when the page hides its own
  matched count; a share is hidden with its count;
* "what it would take", pooled by need, is a protected table (a need with fewer than ``k``
  mentees is hidden, with complementary suppression against the total);
* scores are shares of the best possible (they count no people).

The named lists go to the analyst folder only: ``shortlists`` (``mentee_id, rank, mentor_id,
score, why``), ``match_the_rest`` (per mentee left out, the change that would match them) and,
in the hybrid mode, ``stable_matching``.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from .. import charts
from ..disclosure import ALL, MARK, Figure, ProtectedColumn, active, outcome_hidden, protect
from ..scoring import modes as sm
from ..scoring.rules import rule_help
from .base import Section, plain, safe

__all__ = ["add_modes", "mode_sections"]

MODE_WORDS = {"assigned": "the program team assigns every pair (the optimal matching above)",
              "self_directed": "each mentee chooses a mentor from a shortlist of suggestions",
              "hybrid": "participants rank the partners they would like, and the matching respects those rankings"}
OBJECTIVE_WORDS = {"total": "highest total score", "fair": "fairest weakest pair"}


def _people(value: float, n: float, key: str, where: str, k: int, hide: bool) -> Figure:
    """A count of mentees out of ``n``: hidden when fewer than ``k`` are in it or left out of it."""
    hidden = hide or (k and outcome_hidden(int(n), int(round(value)), k))
    return Figure((((key, ALL, ALL), 1.0),), None if hidden else float(value), float(value), where, people=True)


def _pct(value, best=1.0) -> tuple[str, list]:
    if value is None or not np.isfinite(value):
        return "–", []
    p = round(value / best * 100)
    return f"{p} %", [Figure((), float(p), float(p), "a percentage (not people)")]


def _txt(f: Figure) -> str:
    return MARK if f.hidden else f"{f.value:,.0f}"


def _mode_section(program, outcome, k, hide, analyst) -> Section:
    m = program.config.matching
    mode = m.mode
    intro = f"How pairs are made: {MODE_WORDS[mode]}."
    if mode == "assigned":
        return Section("mode", text=plain(intro + " The frontier below shows what other choices would give."))
    n = float(len(outcome.breakdown.total.index))
    figs, rows = [], []
    if mode == "self_directed":
        lists, sim = sm.program_shortlists(outcome, k=m.shortlist_size)
        analyst["shortlists"] = lists
        size = float(m.shortlist_size)
        figs.append(Figure((), size, size, "shortlist size (configured, not people)"))
        opt = _people(sim["optimum"], n, "mode: assigned optimum", "mode: assigned optimum", k, hide)
        mean = _people(round(sim["mean"]), n, "mode: picks, average", "mode: simulated picks (average)", k, hide)
        low = _people(round(sim["low"]), n, "mode: picks, 5 %", "mode: simulated picks (5th percentile)", k, hide)
        high = _people(round(sim["high"]), n, "mode: picks, 95 %", "mode: simulated picks (95th percentile)", k, hide)
        figs += [opt, mean, low, high]
        spread = MARK if (low.hidden or high.hidden) else f"{_txt(low)} to {_txt(high)}"
        rows = [("Mentees matched when the program team assigns the pairs", _txt(opt)),
                ("Mentees matched when mentees choose, on average over many random orders", _txt(mean)),
                ("In nine orders out of ten, between", spread)]
        text = safe("{intro} Each mentee gets a shortlist of {size} mentors with the reasons they fit. The "
                    "shortlists are built so that mentees choosing in any order still find room: no mentor "
                    "appears on many more lists than they have places, and each mentee's list holds a "
                    "place counted for them. The table compares mentees choosing in random order (each "
                    "takes the best-fitting mentor on their list who still has room) with the assigned "
                    "optimum.", intro=intro, size=f"{int(size)}")
    else:
        h = sm.program_hybrid(program, outcome, proposing=m.proposing)
        analyst["stable_matching"] = h.pairs.rename(columns={"mentee": "mentee_id", "mentor": "mentor_id"})
        st = _people(h.matched, n, "mode: stable matched", "mode: stable matching, matched", k, hide)
        opt = _people(h.optimum_matched, n, "mode: assigned optimum", "mode: assigned optimum", k, hide)
        lost = (h.optimum_total - h.total) / h.optimum_total if h.optimum_total > 0 else np.nan
        lost_txt, lost_figs = _pct(max(lost, 0.0) if np.isfinite(lost) else lost)
        bp = float(h.blocking)
        bp_hidden = hide or (k and 0 < h.blocked_mentees < k)
        bp_fig = Figure(((("mode: optimum blocking pairs", ALL, ALL), 1.0),), None if bp_hidden else bp, bp,
                        "mode: blocking pairs of the optimum", people=True)
        figs += [st, opt, bp_fig] + lost_figs
        which = {"mentees": "the one the mentees prefer", "mentors": "the one the mentors prefer",
                 "highest_score": "the one with the highest total score"}[
            "mentees" if h.fallback else m.proposing]
        rows = [("Mentees matched, respecting the rankings", _txt(st)),
                ("Mentees matched by the assigned optimum", _txt(opt)),
                ("Score given up to respect the rankings", lost_txt),
                ("Pairs the optimum would leave wanting each other more than their partners", _txt(bp_fig))]
        text = plain(f"{intro} The matching is stable: no mentee and mentor would both rather be together "
                     f"than with the partners they get; where several stable matchings exist, {which} is "
                     f"used{' (the program is too large to search them all for the highest score)' if h.fallback else ''}. Partners someone did not rank come after the ranked ones, by "
                     f"fit. Respecting the rankings costs some of the optimum's score; the optimum instead "
                     f"leaves some pairs who would rather be matched with each other.")
    table = pd.DataFrame(rows, columns=["", "value"]).astype({"value": str})
    return Section("mode", text=text, table=table, figures=figs, index=False)


def _frontier_section(outcome, k, hide) -> tuple:
    """The trade-off section, and the table for ``frontier.csv`` when the page shows a sentence
    instead (every figure hidden; the export keeps its file and columns)."""
    fr = sm.program_frontier(outcome)
    n = float(fr["mentees"].iloc[0]) if len(fr) else 0.0
    rows, figs, chart_rows = [], [], {}
    for i, r in fr.iterrows():
        floor_txt, f1 = _pct(r["min_score_share"]) if np.isfinite(r["min_score"]) else ("none", [])
        cnt = _people(float(r["matched"]), n, f"frontier matched [{i}]", f"frontier point {i}: matched", k, hide)
        cov_txt, f2 = ("–", []) if not n else (MARK, []) if cnt.hidden else _pct(r["matched"] / n)
        mean_txt, f3 = ((MARK, []) if cnt.hidden else _pct(r["mean_score_share"]))
        low_txt, f4 = ((MARK, []) if cnt.hidden else _pct(r["lowest_score_share"]))
        figs += [cnt] + f1 + f2 + f3 + f4
        rows.append({"aim": OBJECTIVE_WORDS[r["objective"]], "minimum score": floor_txt,
                     "mentees matched": _txt(cnt), "share matched": cov_txt, "mean pair score": mean_txt,
                     "weakest pair score": low_txt, "on the frontier": "yes" if r["efficient"] else "no"})
        if not cnt.hidden and r["objective"] == "total":
            x = round(r["min_score_share"] * 100) if np.isfinite(r["min_score"]) else 0
            chart_rows[x] = {"share matched (%)": round(r["matched"] / n * 100) if n else np.nan,
                             "mean pair score (%)": round(r["mean_score_share"] * 100) if r["matched"] else np.nan,
                             "weakest pair score (%)": round(r["lowest_score_share"] * 100) if r["matched"] else np.nan}
    table = pd.DataFrame(rows, columns=["aim", "minimum score", "mentees matched", "share matched",
                                        "mean pair score", "weakest pair score", "on the frontier"])
    if rows and all(r["mentees matched"] == MARK for r in rows):   # a wall of "hidden": one sentence
        # (the table, all hidden, is still the export frontier.csv: its file and columns stay)
        return Section("frontier", text=plain(
            f"The trade-off is not shown: at every choice of aim and minimum score, fewer than {k} "
            "mentees would be matched or left out, so each of its figures would point at a small group."),
            figures=figs, index=False, chart=None), table
    data = pd.DataFrame.from_dict(chart_rows, orient="index").sort_index()
    data.index.name = "minimum score (% of the best possible)"
    pts = "; ".join(f"minimum {x} %: " + ", ".join(f"{c} {int(v)}" for c, v in row.items() if np.isfinite(v))
                    for x, row in data.iterrows())
    title = "The trade-off: people matched against how good the pairs are"
    caption = "" if len(data) == len(fr) // 2 else (
        f"Points where fewer than {k} mentees would be matched or left out are not drawn.")
    alt = f"Line chart. {title}. " + (f"{pts}." if pts else "Nothing drawn.") + (f" {caption}" if caption else "")
    cfigs = [Figure((), float(v), float(v), "frontier chart point (a percentage)")
             for row in data.itertuples(index=False) for v in row if np.isfinite(v)]
    cfigs += [Figure((), float(x), float(x), "frontier chart minimum score (a percentage)") for x in data.index]
    chart = charts.LineChart(data, title, alt, caption, cfigs, xlabel="minimum score (% of the best possible)",
                             ylabel="%")
    text = plain("Each row is the exact optimum under one choice: what to aim for (the highest total score, "
                 "or the fairest weakest pair) and the lowest score a pair may have. Raising the minimum "
                 "makes pairs better but leaves more people out; \"on the frontier\" marks choices no other "
                 "choice beats on all three figures at once. Scores are shares of the best possible.")
    return Section("frontier", text=text, table=table, chart=chart, figures=figs, index=False), None


def _need_label(change: str, need: str) -> str:
    if change == "seat":
        return f"more mentor places in {need}" if need else "more mentor places"
    if change == "min_score":
        return "a lower minimum score"
    if change == "rule":
        return f"relaxing the rule: {rule_help().get(need, need)}"
    return "no fitting mentor in the program"


def _take_section(program, outcome, k, view, analyst, hide: bool) -> Section:
    take = sm.program_take(program, outcome)
    analyst["match_the_rest"] = take
    pool = sm.pooled(take)
    if pool.empty:
        return Section("take", text=plain("Nobody still with the company is left out: nothing more is needed."),
                       figures=[Figure(((("take: mentees", ALL, ALL), 1.0),), 0.0, 0.0, "take: none", people=True)])
    pool["change"] = [_need_label(c, n) for c, n in zip(pool["change"], pool["need"])]
    raw = pool.groupby("change", sort=False)["mentees"].sum().to_frame()
    raw.index.name = "change"
    table = protect(raw, k, name="what it would take", dimension="change",
                    columns=[ProtectedColumn("mentees", {"take: mentees": 1})], view=view)
    if hide:   # the page hides how many are matched: those left out (this total) go with it
        table.hidden.loc[:, "mentees"] = True
    lines = []
    for r in table.body:
        v = table.value(r, "mentees")
        if v is None or not r.startswith("more mentor places"):
            continue
        lines.append(safe("{n} {what} would match {n} mentees", n=f"{v:,.0f}", what=r))
    text = plain("What would match the mentees this matching leaves out, pooled by what they need: "
                 "one more place with a mentor who fits and has none left, a lower minimum score, or a "
                 f"rule relaxed for one pair. Needs of fewer than {k} mentees are not shown.")
    if lines:
        text += "\n\n" + "\n".join(f"- {x}." for x in lines)
    return Section("take", text=text, table=table)


def mode_sections(program, outcome, hide: bool, view: str, analyst: dict) -> dict:
    """The sections (``mode``, ``frontier``, ``take``) for a pairs program; ``hide``: the page
    hides its matched count (so every count here is hidden too)."""
    if not sm.applies(outcome):
        return {"mode": Section("mode", text=plain(
                    "People in this format are matched among themselves by the program team; the choice "
                    "between assigned, self-directed and ranked matching concerns mentees and mentors.")),
                "frontier": Section("frontier"), "take": Section("take")}
    k = program.config.min_group_size if active(view) else 0
    frontier, export = _frontier_section(outcome, k, hide)
    out = {"mode": _mode_section(program, outcome, k, hide, analyst), "frontier": frontier,
           "take": _take_section(program, outcome, k, view, analyst, hide and bool(k))}
    if export is not None:
        out["frontier_export"] = Section("frontier_export", table=export, index=False)
    return out


def add_modes(page, program, outcome, hide: bool, view: str) -> None:
    """Add the sections to page 3, ``frontier.csv`` to its client exports and the named lists to
    its analyst folder."""
    sections = mode_sections(program, outcome, hide, view, page.analyst)
    page.sections.update(sections)
    if "frontier_export" in sections:   # every figure hidden: a sentence on the page, the rows exported
        page.exports["frontier"] = "frontier_export"
    elif sections["frontier"].table is not None:
        page.exports["frontier"] = "frontier"
