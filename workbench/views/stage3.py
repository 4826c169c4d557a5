"""Stage 3 page (notebook 03, the matching): criteria, summary, circles, by hand, why, unmatched,
coverage, every figure protected by :mod:`workbench.disclosure` and kept for the audit.

The matching itself and its words come from :mod:`workbench.matchview` (criteria and rules from
the registries, the comparison with the pairs made by hand, the contributions); this module
decides what of it a client may read. Base counts are shared with pages 1 and 2 (``mentees`` and
``peers`` per department and in all, as in :func:`workbench.views.stage1.demand_table`), plus
``matched`` (people matched, per department and in all), ``unmatched`` (per reason),
``in_circle`` (people per circle), and the counts of the matching made by hand. A share is
published as the pair of bounds its rounding gives (``matched - 0.675 * mentees <= 0`` ...), so
the attacker (``tests/test_attacker.py``) reads it as a reader would.

Id-level lists (the matching with employee ids) go to the analyst folder, never to the client
bundle: the client export ``match_coverage`` is the protected coverage table.

Why one module (about 460 lines): page 3's sections share one disclosure state (the coverage
and unmatched tables' hidden cells decide what the summary sentence, the headlines and the
circles may print, and their partition facts are registered once for the audit); split by
section, that state would travel through every call.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

import numpy as np
import pandas as pd

from .. import charts, matchview, present
from ..disclosure import (ALL, MARK, TOTAL, Figure, ProtectedColumn, ProtectedTable, active, fact, outcome_hidden,
                          protect, _suppress)
from ..present import KeyFigure, share as pct
from ..program import Program
from ..scoring import match_format
from .base import Page, Section, headline, plain, pooled_groups, protect_breakdown, safe
from .stage1 import demand_table
from .modes import add_modes
from ..exports import export_table
from ..scoring.criteria import CRITERIA

LEFT = "left the company"   # the matching's reason for a leaver (not matched, not unmatched)
VIEW = "03_match_optimization"
MEMBERS = {"mentees": 1.0, "peers": 1.0}   # the demand table's "mentees": mentees and peers


@dataclass
class MatchPage(Page):
    """Page 3: a :class:`Page` whose id-level lists (``analyst``: stem -> frame) are published to
    the analyst folder only."""
    analyst: dict = field(default_factory=dict)

    def publish(self, output_dir) -> None:
        super().publish(output_dir)
        for stem, frame in self.analyst.items():
            export_table(frame, output_dir, stem, audience="analyst")


@dataclass
class _Shares(ProtectedTable):
    """A protected table with a share column computed from two of its columns (shown where
    both counts and their difference are)."""
    share_of: tuple = ()            # (share column, numerator column, denominator column)
    share_text: dict = field(default_factory=dict)     # row -> text
    share_facts: list = field(default_factory=list)
    order: tuple = ()               # the columns in the order shown (default: as built)

    def shown(self, total: bool = True) -> pd.DataFrame:
        out = super().shown(total)
        if self.share_of:
            out[self.share_of[0]] = [self.share_text.get(r, MARK) for r in out.index]
        return out[list(self.order)] if self.order else out

    def figures(self) -> list:
        return super().figures() + list(self.share_facts)


def _terms(group: tuple, measures: dict) -> tuple:
    """Base-count terms of ``measures`` in ``group`` (a measure given as a whole key keeps it)."""
    return tuple(((m if isinstance(m, tuple) else (m, *group)), float(c)) for m, c in measures.items())


def share_bounds(num: dict, den: dict, group: tuple, value: float, where: str) -> list:
    """What a whole-percent share ``value`` (of ``num`` over ``den`` in ``group``) tells a reader:
    two bounds from its rounding, and the printed percentage (no base counts) for the text check.

    >>> [f.terms for f in share_bounds({"m": 1}, {"n": 1}, ("all", "all"), 0.5, "x")[:1]]
    [((('m', 'all', 'all'), 1.0), (('n', 'all', 'all'), -0.505))]
    """
    p = round(value * 100)
    hi, lo = (p + 0.5) / 100, max(p - 0.5, 0) / 100
    up = dict(_terms(group, num))
    for key, c in _terms(group, den):
        up[key] = up.get(key, 0.0) - hi * c
    down = {key: -c for key, c in _terms(group, num)}
    for key, c in _terms(group, den):
        down[key] = down.get(key, 0.0) + lo * c
    return [fact(up, 0.0, f"{where}: share at most {hi:.3f}", "<="),
            fact(down, 0.0, f"{where}: share at least {lo:.3f}", "<="),
            Figure((), float(p), float(p), f"{where} (a percentage)")]


def _seed(values: pd.Series) -> pd.Series:
    """A never-shown column whose cells are hidden where ``values`` is true (0.5 is below any k,
    0 is never hidden): columns that follow it hide at least those rows."""
    return values.astype(bool).map({True: 0.5, False: 0.0})


def _coverage(program: Program, result, by: str, demand, force_total: bool, view: str) -> _Shares:
    """Members and matched per group of ``by``; the members column hides what page 1's demand
    table hides (the same base counts), matched and not matched hide each other."""
    k = program.config.min_group_size
    entry = match_format(program.config.format)
    prof = program.profiles()
    people = prof[prof["role"].isin(entry.members)].copy()
    done = set(result.pairs["mentee"]) - set(result.unmatched["mentee"])
    people["matched"] = people.index.isin(list(done))
    raw = people.groupby(by).agg(members=("matched", "size"), matched=("matched", "sum"))
    raw["not matched"] = raw["members"] - raw["matched"]
    raw = raw.sort_values(["members", "matched"], ascending=False)
    raw.index = raw.index.astype(str)
    raw.index.name = by
    members, same = member_terms(program)
    same = same and by == "department"
    seed_rows = pd.Series(False, index=list(raw.index) + [TOTAL])
    if same and active(view):
        seed_rows = demand.hidden["mentees"].reindex(seed_rows.index).fillna(False)
    raw["seed:members"] = _seed(seed_rows.loc[raw.index])
    raw["seed:matched"] = 0.0
    noun = "mentees" if not (entry.same_pool or entry.page == "circles") else "people"
    raw = raw.rename(columns={"members": noun})
    # matched + not matched = the row's people: where one of the three is hidden, matched and not
    # matched are; with nobody left out, matched is the row's people and hidden with it
    left = raw["not matched"].sum() > 0
    cols = [ProtectedColumn(noun, members, follows=("seed:members",), partition=not same),
            ProtectedColumn("matched", {"matched": 1},
                            follows=(("not matched",) if left else (noun,)) + ("seed:matched",))]
    if left:
        cols.append(ProtectedColumn("not matched", {**members, "matched": -1}, follows=("matched", noun), show=False))
    cols += [ProtectedColumn("seed:members", partition=False, show=False),
             ProtectedColumn("seed:matched", partition=False, show=False)]
    # small groups pooled as page 1 pools them (by department), or as this breakdown needs
    groups = [g for gs in pooled_groups(demand).values() for g in gs] if by == "department" else None
    table = protect_breakdown(raw[[c.name for c in cols]], k, name=f"coverage by {by}", dimension=by,
                              columns=cols, view=view, groups=groups)
    if active(view):   # seeds in the total row (protect sums them there) and in a pooled row
        table.counts.loc[TOTAL, "seed:members"] = 0.5 if seed_rows[TOTAL] else 0.0
        for label in pooled_groups(table):
            hide = same and label in demand.hidden.index and bool(demand.hidden.at[label, "mentees"])
            table.counts.loc[label, "seed:members"] = 0.5 if hide else 0.0
        table.counts.loc[TOTAL, "seed:matched"] = 0.5 if force_total else 0.0
        table = _reprotect(table, k, cols)
    out = _Shares(**{f: getattr(table, f) for f in ProtectedTable.__dataclass_fields__},
                  share_of=("coverage", "matched", noun))
    for r in out.counts.index:
        shown = all(out.value(r, c) is not None for c in (noun, "matched") + (("not matched",) if left else ()))
        n, m = out.counts.at[r, noun], out.counts.at[r, "matched"]
        if shown and n > 0:
            group = (ALL, ALL) if r == TOTAL else (by, str(r))
            out.share_text[r] = pct(m / n)
            out.share_facts += share_bounds({"matched": 1}, members, group, m / n, f"coverage[{r}]")
    return out


def _reprotect(table, k, cols):
    """Protect again with the total row's seeds in place (``protect`` sums the total row, so the
    seeds are set after and the same suppression repeated on the seeded counts)."""
    counts = table.counts.copy()
    hidden = _suppress(counts, table.body, cols, k, True)
    return replace(table, counts=counts, hidden=hidden)


def member_terms(program: Program) -> tuple[dict, bool]:
    """The base counts of the people the format matches, and whether they are exactly the demand
    table's ``mentees`` (mentees and peers; true unless a role outside the format is listed)."""
    entry = match_format(program.config.format)
    roles = program.people["role"].astype(str)
    same = set(roles[roles.isin(["mentee", "peer"])]) <= set(entry.members)
    return (MEMBERS if same else {f"{r}s": 1.0 for r in entry.members}), same


def _unmatched(program: Program, result, force_total: bool, view: str) -> ProtectedTable:
    k = program.config.min_group_size
    circles = result.circles is not None
    who = "people" if circles or match_format(result.format).same_pool else "mentees"
    raw = result.unmatched["reason"].astype(str).value_counts().rename(who).to_frame()
    raw.index.name = "reason"
    raw["seed"] = 0.0
    cols = [ProtectedColumn(who, {"unmatched": 1}, follows=("seed",)),
            ProtectedColumn("seed", partition=False, show=False)]
    table = protect(raw, k, name="unmatched by reason", dimension="reason", columns=cols, view=view)
    if active(view):
        table.counts.loc[TOTAL, "seed"] = 0.5 if force_total and len(raw) else 0.0
        table = _reprotect(table, k, cols)
        if force_total:   # the matched total is hidden: so is every count giving those left out
            table.hidden.loc[:, who] = len(raw) > 0
    members, _ = member_terms(program)
    # the reader knows: those left out are the members less those matched
    table.facts.append(fact({("unmatched", ALL, ALL): 1.0, ("matched", ALL, ALL): 1.0,
                             **{(m, ALL, ALL): -c for m, c in members.items()}}, 0.0,
                            "unmatched = members - matched"))
    return table


def _count(value: float, terms: tuple, where: str, k: int, hide: bool = False, people: bool = True) -> Figure:
    """A count published unless it is of fewer than ``k`` people (a count with no base counts
    of its own gets one, so that a hidden one can be audited)."""
    terms = terms or (((f"count: {where}", ALL, ALL), 1.0),)
    hidden = hide or (people and 0 < value < k)
    return Figure(terms, None if hidden else float(value), float(value), where, people=people)


def _txt(f: Figure) -> str:
    return MARK if f.hidden else f"{f.value:,.0f}"


def _score(value, best, hidden: bool, where: str) -> tuple[str, list]:
    """A score as a share of the best possible, hidden with the group it is a mean of."""
    if hidden:
        return MARK, []
    if value is None or not np.isfinite(value):
        return "–", []
    p = round(value / best * 100)
    return f"{p} %", [Figure((), float(p), float(p), f"{where} (a score, not people)")]


def match_optimization(program: Program, by: str = "department", result=None, view: str = VIEW) -> MatchPage:
    """Everything notebook 03 shows, protected (``result``: an already solved matching)."""
    c = program.config
    k = c.min_group_size
    result = result if result is not None else matchview.optimal_matching(program)
    entry = match_format(c.format)
    circles = result.circles is not None
    pool = circles or entry.same_pool
    s, best = result.totals, matchview.best_possible(result)
    on = active(view)
    kk = k if on else 0
    demand = demand_table(program, view)
    n, m = float(s["mentees"]), float(s["matched"])
    members, _ = member_terms(program)
    all_members = _terms((ALL, ALL), members)
    matched_all = (("matched", ALL, ALL), 1.0)

    # the matched total: hidden when fewer than k are matched or left out; the coverage and
    # unmatched totals follow it and each other (matched + unmatched = members)
    force = on and m > 0 and outcome_hidden(int(n), int(m), k)   # none matched: 0 hides nobody
    for _ in range(2):
        unmatched = _unmatched(program, result, force, view)
        cov = _coverage(program, result, by, demand, force, view)
        noun = cov.share_of[2]
        lost = on and bool(unmatched.hidden.at[TOTAL, unmatched.columns[0].name] or cov.hidden.at[TOTAL, "matched"])
        if force or not lost:
            break
        force = True
    n_fig = Figure(all_members, cov.value(TOTAL, noun), n, "summary: members", people=True)
    m_hidden = on and (force or cov.hidden.at[TOTAL, "matched"])
    # scores are means over the matched: hidden only when the matched are themselves a small group
    # (a count hidden because the few left out could be worked out from it hides no score)
    few = on and 0 < m < k
    m_fig = Figure((matched_all,), None if m_hidden else m, m, "summary: matched", people=True)
    # the coverage counts the mentees still with the company: those who left are not unmatched
    left = float((result.unmatched["reason"].astype(str) == LEFT).sum()) if len(result.unmatched) else 0.0
    left_hidden = bool(left) and (LEFT not in unmatched.body or unmatched.value(LEFT, unmatched.columns[0].name) is None)
    staying = n - left
    # everyone still with the company matched, only the count hidden (the few who left could be
    # worked out from it): the share, 100 %, tells nothing of how many left
    everyone = m_hidden and not few and bool(left) and m == staying and not n_fig.hidden
    cov_hidden = not everyone and (m_hidden or n_fig.hidden or left_hidden)
    den = dict(members)
    if left:
        den[("unmatched", "reason", LEFT)] = -1.0
    share_figs = [] if cov_hidden or not staying else share_bounds(
        {"matched": 1}, den, (ALL, ALL), m / staying, "matched share")
    share_txt = MARK if cov_hidden else (pct(m / staying) if staying else "–")
    coverage_key = (KeyFigure.withheld("Mentees matched", "a small group", kind="share") if cov_hidden else
                    KeyFigure.share("Mentees matched", m / staying) if staying else
                    KeyFigure.absent("Mentees matched", "No mentee is still with the company.", kind="share"))
    # the count alone when its share is hidden (never "29 (hidden of those still with the company)")
    matched_txt = EVERYONE[_who_kind(result)][0] if everyone else MARK if m_hidden else _txt(m_fig) if share_txt == MARK else (
        f"{_txt(m_fig)} ({share_txt}" + (" of those still with the company)" if left else ")"))

    sections = {"intro": _intro(program)}
    sections["criteria"] = _criteria(program)
    summary, pairs_fig = _summary(result, n_fig, m_fig, matched_txt, few, unmatched, k, kk, everyone)
    summary.figures += share_figs
    sections["summary"] = summary
    # a section only where it applies: a program matched in pairs has no circles heading at all
    sections["circles"] = _circles(result, kk, view) if circles else Section("circles")
    sections["by_hand"] = _by_hand(program, result, pairs_fig, few, kk)
    sections["why"] = _why(result, few, k, "two members of a circle" if circles else "a pair")
    sections["unmatched"] = _unmatched_section(result, unmatched, k)
    sections["coverage"] = Section("coverage", table=cov, text=plain(
        f"The share of each {by.replace('_', ' ')}'s {noun} who are matched"
        + (" (placed in a circle with a fitting partner)" if circles else "") + "."))
    mean_txt, mean_figs = _score(s["mean_score"] if m else None, best, few, "headline Mean pair score")
    heads = {"Mentees matched": headline(coverage_key, *share_figs, m_fig),
             "Mean pair score": headline(mean_txt if m else "–", *mean_figs)}
    facts = [fact({("in_circle", ALL, ALL): 1.0, **{key: -v for key, v in all_members}}, 0.0,
                  "people in circles are members", "<=")] if circles else []
    exports = {"match_coverage": "coverage"}
    if sections["unmatched"].table is not None:
        exports["unmatched_reasons"] = "unmatched"
    page = MatchPage(VIEW, sections, heads, exports=exports, facts=facts,
                     analyst={"matching": matchview.pairs_export(result)})
    add_modes(page, program, result, m_hidden, view)
    return page


def _intro(program: Program) -> Section:
    figs = []
    if match_format(program.config.format).page == "circles":
        v = float(program.config.circle_size)
        figs.append(Figure((), v, v, "configured circle size (not people)"))
    # our wording from the format registry and a number: no client text (its Markdown kept)
    return Section("intro", text=matchview.format_sentence(program), figures=figs)


def _criteria(program: Program) -> Section:
    values = program.config.matching.rules.model_dump()
    figs = [Figure((), float(v), float(v), f"rule value {key} (configured)")
            for key, v in values.items() if isinstance(v, (int, float)) and not isinstance(v, bool)]
    table = matchview.criteria_table(program)
    table["criterion"] = table["criterion"].map(criterion_label)
    crit = program.config.matching.criteria   # shares as every share on the page: "43 %"
    total = sum(c.weight for c in crit) or 1.0
    table["share of weight"] = [present.share(c.weight / total) for c in crit]
    text = re.sub(r"\b(\d+) (\w+)\(s\)", lambda m: present.plural(int(m.group(1)), m.group(2)),
                  matchview.rules_sentence(program))
    return Section("criteria", table=table, text=text, figures=figs, index=False)


def criterion_label(name: str) -> str:
    """A criterion's name as a client reads it: a registry key or a field name in words
    (``level_gap`` -> ``level gap``, ``overlap`` -> ``skills wanted and offered``, from
    :data:`workbench.scoring.criteria.CRITERIA`); a name the consultant wrote in words is kept.

    >>> criterion_label("overlap"), criterion_label("timezone"), criterion_label("job_family"), criterion_label("Mentor fit")
    ('skills wanted and offered', 'time zone', 'job family', 'Mentor fit')
    """
    name = str(name)
    entry = CRITERIA.get(name)
    if entry is not None and entry.label:     # named by its kind: the registry's client label
        return entry.label
    return name.replace("_", " ") if re.fullmatch(r"[a-z0-9]+(_[a-z0-9]+)+", name) else name


def _summary(result, n_fig, m_fig, matched_txt, few, unmatched, k, kk, everyone=False):
    s, best = result.totals, matchview.best_possible(result)
    circles = result.circles is not None
    pool = circles or match_format(result.format).same_pool
    figs = [n_fig, m_fig]
    mean, f1 = _score(s["mean_score"] if s["matched"] else None, best, few, "summary mean score")
    low, f2 = _score(s["lowest_score"] if s["matched"] else None, best, few, "summary lowest score")
    figs += f1 + f2
    pairs_fig = m_fig if not pool else Figure(((("matched", ALL, ALL), 0.5),),
                                              None if m_fig.hidden else m_fig.true / 2, m_fig.true / 2,
                                              "pairs (half the peers paired)")
    if circles:
        sizes = sorted(result.circles["circle"].value_counts().tolist(), reverse=True)
        small = any(0 < x < kk for x in sizes)
        n_c = float(s["circles"])
        c_fig = Figure((), n_c, n_c, "circles (a count of circles)")
        fac = Figure((), float(s["facilitated"]), float(s["facilitated"]), "circles with a facilitator")
        gap = Figure((), float(round(s["gap"] * 100)), float(round(s["gap"] * 100)), "gap to the bound (%)")
        forb = float(s["forbidden_pairs"])
        forb_fig = _count(forb, (), "pairs a rule forbids in a circle", kk)
        figs += [c_fig, fac, gap, forb_fig]
        size_txt = "" if small or not sizes else f" (sizes {', '.join(map(str, sizes))})"
        figs += [] if size_txt == "" else [Figure((), float(x), float(x), "circle size") for x in sizes]
        rows = [("People to place", _txt(n_fig)),
                ("Placed in a circle with a fitting partner", matched_txt),
                ("Circles", f"{int(n_c)}{size_txt}"),
                ("Circles with a facilitator", f"{int(fac.value)} of {int(n_c)}"),
                ("Mean fit of two members of a circle", mean),
                ("Best possible split scores at most", f"{int(gap.value)} % more than this one"),
                ("Pairs a rule forbids sharing a circle", _txt(forb_fig))]
    elif pool:
        rows = [("Peers to pair", _txt(n_fig)), ("Paired", matched_txt), ("Pairs", _txt(pairs_fig)),
                ("Mean pair score", mean), ("Lowest pair score", low)]
        figs.append(pairs_fig)
    else:
        used = float(s["mentors_used"])
        u_fig = _count(used, ((("mentors_used", ALL, ALL), 1.0),), "summary: mentors used", kk, hide=m_fig.hidden)
        figs.append(u_fig)
        rows = [("Mentees to match", _txt(n_fig)), ("Matched", matched_txt), ("Mentors used", _txt(u_fig)),
                ("Mean pair score", mean), ("Lowest pair score", low),
                ("Objective", "highest total score" if s["objective"] == "total" else "fairest weakest pair")]
    text = _sentence(result, n_fig, m_fig, mean, low, unmatched, k, everyone)
    table = pd.DataFrame(rows, columns=["", "value"]).astype({"value": str})
    return Section("summary", table=table, text=plain(text), figures=figs, index=False), pairs_fig


# who is matched, and how it is said, when everyone still with the company is and only the count is hidden
EVERYONE = {"circles": ("everyone still with the company", "sits in a circle with a fitting partner"),
            "peers": ("every peer still with the company", "has a partner"),
            "pairs": ("every mentee still with the company", "gets a mentor")}


def _who_kind(result) -> str:
    return ("circles" if result.circles is not None
            else "peers" if match_format(result.format).same_pool else "pairs")


def _sentence(result, n_fig, m_fig, mean, low, unmatched, k, everyone=False) -> str:
    s = result.totals
    circles = result.circles is not None
    if not s["matched"]:
        return "No pair could be made under these criteria and rules."
    scores = (f"pairs score {mean} of the best possible on average and {low} at worst"
              if mean != MARK and not circles else "")
    if everyone:
        who, verb = EVERYONE[_who_kind(result)]
        return (f"{who[0].upper()}{who[1:]} {verb} (how many is hidden to protect a small group)"
                + (f", and {scores}." if scores else "."))
    if m_fig.hidden or n_fig.hidden:
        return (f"How many are matched is hidden: fewer than {k} people are matched, or fewer than {k} "
                "are left out" + (f"; {scores}." if scores else "."))
    why = ""
    who = unmatched.columns[0].name
    # those who left the company are not matched, and not unmatched either: said apart
    left = unmatched.value(LEFT, who) if LEFT in unmatched.body else None
    reasons = [r for r in unmatched.body if r != LEFT and unmatched.value(r, who)]
    if n_fig.value - (left or 0) > m_fig.value and reasons:
        top = max(reasons, key=lambda r: unmatched.value(r, who))
        why = f"; the main reason for the rest: {top}"
    if left:
        why += f" ({present.count(left)} who left the company are not counted as unmatched)"
    if circles:
        bound = (f"no split into circles of these sizes can score more than {round(s['gap'] * 100)} % above this one"
                 if s["gap"] > 0 else "no split into circles of these sizes can score more")
        return (f"{_txt(m_fig)} of {_txt(n_fig)} people sit in a circle with at least one fitting partner; two "
                f"members of a circle fit {mean} of the best possible on average, and {bound}{why}.")
    pool = match_format(result.format).same_pool
    who = "peers have a partner" if pool else "mentees get a mentor"
    return (f"{_txt(m_fig)} of {_txt(n_fig)} {who}, with pairs scoring {mean} of the best possible on average "
            f"and {low} at worst{why}.")


def _circles(result, k, view) -> Section:
    best = matchview.best_possible(result)
    W = result.breakdown.total
    rows = {}
    for c, g in result.circles.groupby("circle"):
        ids = list(g["person"])
        sub = W.loc[ids, ids].to_numpy()
        fit = sub[np.triu_indices(len(ids), 1)].mean() if len(ids) > 1 else np.nan
        rows[f"Circle {c}"] = {"people": len(ids), "fit": fit,
                               "facilitator": "yes" if g["facilitator"].notna().any() else "none fits every member"}
    raw = pd.DataFrame.from_dict(rows, orient="index")
    raw.index.name = "circle"
    table = protect(raw[["facilitator", "people"]], k, name="circles", dimension="circle",
                    columns=[ProtectedColumn("people", {"in_circle": 1})], view=view)
    fits, figs = [], []
    for r in table.body:   # the mean fit of a circle is a figure of its members: hidden with its size
        text, f = _score(raw.at[r, "fit"], best, table.hidden.at[r, "people"] or raw.at[r, "people"] < k,
                         f"mean fit {r}")
        fits.append(text)
        figs += f
    table.extra["mean fit"] = fits
    table = _Shares(**{f: getattr(table, f) for f in ProtectedTable.__dataclass_fields__},
                    order=("people", "facilitator", "mean fit"))
    return Section("circles", table=table, figures=figs, text="## The circles\n\n" + plain(
        "Each circle, its size, whether a facilitator leads it and how well its members fit (a "
        "circle smaller than the minimum group size shows no figure)."))


def _by_hand(program, result, pairs_fig, few, k) -> Section:
    best = matchview.best_possible(result)
    cols = ["matching made by hand", "optimal matching"]
    figs = []
    if result.circles is not None:
        raw = matchview.compare_with_existing(program, result).set_index("")
        rows = {}
        for label, (old, new) in raw.iterrows():
            rows[label] = [old, new]
            for where, v in (("by hand", old), ("optimal", new)):
                if str(v).isdigit():
                    people = label.startswith("Pairs a rule")
                    f = _count(float(v), (), f"by hand [{label}, {where}]", k, people=people)
                    figs.append(f)
                    rows[label][0 if where == "by hand" else 1] = _txt(f)
                elif str(v).endswith("%"):
                    figs.append(Figure((), float(v[:-1]), float(v[:-1]), f"by hand [{label}] (a score)"))
                    rows[label][0 if where == "by hand" else 1] = f"{v[:-1]} %"
        frame = pd.DataFrame.from_dict(rows, orient="index", columns=cols).rename_axis("").reset_index()
        return Section("by_hand", table=frame, figures=figs, index=False)
    existing = matchview._score_existing(program, result)
    e = float(len(existing))
    broken = float((~existing["allowed"].astype(bool)).sum()) if len(existing) else 0.0
    e_fig = _count(e, ((("existing_pairs", ALL, ALL), 1.0),), "by hand: pairs", k)
    b_hidden = bool(k) and e > 0 and (e_fig.hidden or outcome_hidden(int(e), int(broken), k))
    b_fig = Figure(((("existing_breaking", ALL, ALL), 1.0),), None if b_hidden else broken, broken,
                   "by hand: pairs breaking a rule", people=True)
    figs += [e_fig, b_fig, pairs_fig, Figure((), 0.0, 0.0, "optimal pairs breaking a rule (none, by design)"),
             fact({("existing_breaking", ALL, ALL): 1.0, ("existing_pairs", ALL, ALL): -1.0}, 0.0,
                  "pairs breaking a rule are pairs", "<=")]
    opt = result.pairs
    if match_format(result.format).same_pool:
        opt = opt[opt["mentee"].astype(str) < opt["mentor"].astype(str)]
    old_mean, f1 = _score(existing["score"].mean() if e else None, best, e_fig.hidden, "by hand mean")
    old_low, f2 = _score(existing["score"].min() if e else None, best, e_fig.hidden, "by hand lowest")
    new_mean, f3 = _score(opt["score"].mean() if len(opt) else None, best, few, "optimal mean")
    new_low, f4 = _score(opt["score"].min() if len(opt) else None, best, few, "optimal lowest")
    figs += f1 + f2 + f3 + f4
    frame = pd.DataFrame.from_dict({
        "Pairs": [_txt(e_fig), _txt(pairs_fig)],
        "Mean pair score": [old_mean, new_mean],
        "Lowest pair score": [old_low, new_low],
        "Pairs breaking a hard rule": [_txt(b_fig), "0"]}, orient="index", columns=cols)
    frame = frame.rename_axis("").reset_index()
    return Section("by_hand", table=frame, figures=figs, index=False)


def _why(result, few, k, what) -> Section:
    means = matchview.mean_contributions(result)
    title = "What the matches have in common"
    if few or not len(result.pairs):     # no chart: the sentence says why
        return Section("why", text=plain(
            f"Each criterion's average contribution is hidden: fewer than {k} are matched."
            if few else "No pair is made, so there is no contribution to show."))
    means = means.rename(index=criterion_label)
    chart = charts.share_bars(means, title, xlabel="average contribution to a match's score")
    return Section("why", chart=chart, text=safe(
        "Each criterion's average contribution to the fit of {what}, as a share of the best possible "
        "score. The list of pairs with each person's contributions stays with the program team.", what=what))


def _unmatched_section(result, table, k) -> Section:
    if not table.body:
        everyone = "Everyone is placed." if result.circles is not None else "Every mentee is matched."
        return Section("unmatched", text=plain(everyone),
                       figures=[Figure(((("unmatched", ALL, ALL), 1.0),), 0.0, 0.0, "unmatched: none", people=True)]
                       + list(table.facts))
    pool = result.circles is not None or match_format(result.format).same_pool
    return Section("unmatched", table=table, text=plain(
        "The people left without a fitting partner, by reason." if pool
        else "The mentees left without a mentor, by reason."))


__all__ = ["MatchPage", "match_optimization", "share_bounds"]
