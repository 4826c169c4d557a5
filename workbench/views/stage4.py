"""Stage 4 page (notebook 04, KPI review): engagement, surveys, outcomes against the comparison
group, survival curves, the KPI scorecard, match quality and weights, rounds.

Every figure the page prints is a :class:`workbench.disclosure.Figure` kept with its section, so
``tests/test_attacker.py`` audits page 4 with pages 1-3. The base counts of page 4:

* ``("people" | "had <outcome>", "comparison group of <population>", participants | others)``:
  the comparison group's sizes and outcome counts (a rate is published as its count); the
  survival steps (``"at risk, quarter i"``, ``"left in quarter i"``) add up to the same exits;
* ``("pairs", status | all)``: pairs per engagement status (the headline "Pairs on track" is the
  on-track cell over the current pairs, on track plus the published "Pairs at risk": ended
  pairs are not counted, and with no current pair there is a sentence, no figure);
* ``("people" | "with the outcome", "KPI <name> [at <date>]", "measured")``: each KPI's (and
  trend point's) n and, for shares, the people with the outcome;
* survey respondents per role, pairs per round, pairs behind each correlation.

Rules beyond :func:`workbench.disclosure.protect`: a rate (scorecard current, trend point, round's
early endings) is hidden when its group has fewer than ``k`` people with or without the outcome;
the scorecard hides a KPI's current value when the comparison hides the same population's rate,
and keeps its status only where the status cannot narrow the hidden count below ``k``
(:func:`workbench.kpi.scorecard.status_safe`; else "hidden (small group)", counted apart);
a survival curve is drawn only when its group's rate is published, every quarter shows 0 or at
least ``k`` exits, and it stops where fewer than ``k`` remain followed (the exits after that
point, 0 or at least ``k``, are said). The at-risk list names people: it is never on this page
(:func:`at_risk_output` is the analyst's).

Why one module (about 600 lines): page 4's sections share one disclosure state (which
comparison groups are hidden decides the scorecard, the survival curves and the round figures),
built once in :func:`kpi_review` and passed down; each section is a function of its own, ordered
as the page shows them.
"""
from __future__ import annotations

import re
from typing import Optional

import numpy as np
import pandas as pd

from .. import present
from ..charts import Chart, LineChart
from ..disclosure import (ALL, MARK, Figure, ProtectedColumn, active, fact, footnote, outcome_hidden, protect,
                          share_bounds)
from ..program import Program
from ..present import KeyFigure
from .base import DEFINITIONS, Page, Section, headline, plain, printed_percentages, safe
from .baselines import baselines
from ..kpi.engagement import (PAIR_STATUSES, engagement_status, meetings_over_time, at_risk, LOW_RESPONSE,
                              survey_results)
from ..evaluation.conclude import conclude
from ..evaluation.evaluate import OUTCOMES
from ..evaluation import ESTIMATOR_NAMES, comparison_group, outcomes_table
from ..kpi.effects import evaluations, populations, evaluation_of
from ..evaluation.roi import (cost_of_leaver, headline as lead, returns, roi_table, sensitivity, sentence,
                              money, significant)
from ..kpi.survival import survival_at_times
from ..metrics import METRICS
from ..kpi.scorecard import HIDDEN_STATUS, kpi_tally, scorecard, status_safe
from ..kpi.trend import trend_words
from ..kpi.match_outcomes import advice_words, match_quality, pair_contributions, suggest_weights, holm_family_sentence
from .stage3 import criterion_label
from ..rounds import rounds_view

VIEW = "04_kpi_review"
QUARTER = 365.25 / 4


def _const(value, where: str) -> Figure:
    """A number printed that counts no one (a percentage, months, a count of KPIs)."""
    return Figure((), float(value), float(value), where)


def _count(key: tuple, value: float, hidden: bool, where: str, people: bool = True) -> Figure:
    value = float(value)
    return Figure(((key, 1.0),), None if hidden else value, value, where, people=people)


PEOPLE_NOUNS = (r"(?=\s+(?:people|participants|others|mentees|mentors|peers|pairs|employees|comparable|answers"
                r"|respondents|category(?! levels? in which)|running))")   # "1 category level in which": levels, not people


def _numbers(text: str, k: int, where: str, on: bool) -> tuple[str, list]:
    """A sentence of ours with its counts of fewer than k people said as "a few" (protection on),
    every other integer registered as a printed number (so the audit knows each one)."""
    figs = []

    def scrub(m):
        v = float(m.group(0).replace(",", ""))
        return "a few" if on and 0 < v < k else m.group(0)
    text = re.sub(r"(?<![\w.,])\d[\d,]*(?![\w.]|,\d)" + PEOPLE_NOUNS, scrub, text or "")
    for m in re.finditer(r"(?<![\w.,])\d[\d,]*(?![\w.]|,\d)", text):
        figs.append(_const(float(m.group(0).replace(",", "")), where))
    return text, figs


def _sum_terms(*figures) -> dict:
    """The base counts of ``figures`` added up (``{key: coefficient}``), for a share's registration."""
    out: dict = {}
    for f in figures:
        for key, c in f.terms:
            out[key] = out.get(key, 0.0) + float(c)
    return out


def _pct(x) -> str:
    return present.share(x)


# ---------------------------------------------------------------------------- engagement
def engagement_sections(program: Program, k: int, on: bool):
    if not program.has("relationships"):
        text = "No pairs yet: meetings and pairs at risk can be measured once relationships are recorded."
        return {"engagement": Section("engagement", text=plain(text))}, {}
    status = engagement_status(program)
    counts = status["status"].value_counts().reindex(list(PAIR_STATUSES), fill_value=0)
    counts = counts[counts > 0].rename("pairs").to_frame()
    counts.index.name = "status"
    table = protect(counts, k, name="pairs by status", dimension="status",
                    columns=[ProtectedColumn("pairs")], view=VIEW)
    figs, heads = [], {}
    # the current pairs: those still running (ended and completed pairs are not counted)
    # the current pairs: on track plus at risk (needing a check-in, idle); ended and completed
    # pairs are not counted. The share is published when the on-track cell and the at-risk
    # headline are: both are published figures already, so their sum adds nothing to the audit.
    heads["Pairs at risk"] = risk = at_risk_headline(table, k, on)
    risk_fig = risk[1][0]
    on_fig = (table.figure("on track", "pairs", where="engagement sentence (on track)")
              if "on track" in table.body else _const(0, "no pair on track"))
    n_current = on_fig.true + risk_fig.true
    definition = DEFINITIONS["Pairs on track"]
    if not n_current:
        text = ("No pair is current (every pair has ended or has not started meeting yet): there is "
                "no share of current pairs on track to report.")
        heads["Pairs on track"] = headline(KeyFigure.absent("Pairs on track", text, definition=definition,
                                                            kind="share"), _const(0, "no current pair"))
    elif on_fig.hidden or risk_fig.hidden:
        text = ("The share of the current pairs meeting at the planned cadence is hidden: it would "
                f"point at a group of fewer than {k} pairs.")
        heads["Pairs on track"] = headline(KeyFigure.withheld("Pairs on track", f"fewer than {k} pairs",
                                                              definition=definition, kind="share"),
                                           on_fig, risk_fig)
    else:
        share = on_fig.true / n_current
        current_fig = Figure(on_fig.terms + risk_fig.terms, n_current, n_current,
                             "engagement sentence (current pairs)", people=True)
        figs += [on_fig, risk_fig, current_fig,
                 *share_bounds(_sum_terms(on_fig), _sum_terms(on_fig, risk_fig), share,
                               "share of current pairs on track")]
        ended = [r for r in table.body if r not in CURRENT and r != "too early"]
        text = (f"{_pct(share)} of the {present.plural(n_current, 'current pair')} are meeting at the "
                "planned cadence" + (" (pairs that have ended are not counted)" if ended else "") + ".")
        heads["Pairs on track"] = headline(KeyFigure.share("Pairs on track", share, definition=definition,
                                                           parts=(on_fig.true, n_current)), *figs)
    text += (" Pairs that need a check-in or have gone idle are followed up by the program manager "
             "from a named list that is not part of this report.")
    rate_text, rate_key, rate_figs = match_rate(program, k, on)
    heads["Match rate"] = headline(rate_key, *rate_figs)
    figs += rate_figs
    text += " " + rate_text
    sections = {"engagement": Section("engagement", text=plain(text), table=table, figures=figs)}
    if program.has("checkins"):
        sections["meetings"] = meetings_section(program, meetings_over_time(program), k, on)
    return sections, heads


def match_rate(program: Program, k: int, on: bool) -> tuple[str, KeyFigure, list]:
    """The program's own match rate: mentees (peers) still with the company who have a mentor
    (a partner) in the client's pairs table. Published when at least ``k`` have one and ``k``
    have none (a rate is hidden like any outcome rate); those who left are not counted."""
    people = program.profiles()
    members = people[people["role"].isin(["mentee", "peer"])]
    snap = pd.Timestamp(program.config.snapshot_date)
    if "exit_date" in members:
        members = members[~(members["exit_date"].notna() & (members["exit_date"] <= snap))]
    rel = program.relationships
    paired = set(rel["mentee_id"].astype(str)) | (set(rel["mentor_id"].astype(str))
                                                  if program.config.format == "peer" else set())
    n = len(members)
    m = int(members["person_id"].astype(str).isin(paired).sum())
    definition = DEFINITIONS["Match rate"]
    key = ("with a mentor", "match rate", "mentees")
    if not n:
        return "", KeyFigure.absent("Match rate", "No {} is still with the company.".format(
            "peer" if program.config.format == "peer" else "mentee"),
                                    definition=definition, kind="share"), []
    if on and outcome_hidden(n, m, k):
        fig = _count(key, m, True, "match rate (mentees with a mentor)")
        who = "peers" if program.config.format == "peer" else "mentees"
        return ("The match rate is hidden: it would point at a group of fewer than "
                f"{k} {who}."), KeyFigure.withheld("Match rate", f"fewer than {k} {who}",
                                                     definition=definition, kind="share"), [fig]
    share = m / n
    # registered with what it implies: mentees with a mentor over the mentees (peers) less those
    # who left (their own count), within the share's rounding
    figs = share_bounds({key: 1.0}, {("mentees", ALL, ALL): 1.0, ("peers", ALL, ALL): 1.0,
                                     ("left the company", "match rate", "mentees"): -1.0}, share, "match rate")
    who, partner = ("peers", "a partner") if program.config.format == "peer" else ("mentees", "a mentor")
    # "were matched": the pairs table holds ended pairs too (reverse-digital: none current, 100 %)
    return (f"{_pct(share)} of the {who} still with the company were matched with {partner} in the "
            "program's pairs (its match rate)."), KeyFigure.share("Match rate", share, definition=definition), figs


AT_RISK = ("needs a check-in", "idle")
CURRENT = ("on track",) + AT_RISK      # running pairs: the base of "on track" (as the KPI counts them)


def at_risk_headline(table, k: int, on: bool) -> tuple:
    """The headline "Pairs at risk": pairs that need a check-in or have gone idle, one figure over
    both rows of the protected status table. Shown when it counts none or at least ``k`` pairs and
    adds nothing to the table: its rows are all shown, or the table's hidden cells are all among
    them (their sum is then the published total less the shown rows). Otherwise ``MARK``: the sum
    would give a hidden row back."""
    rows = [r for r in AT_RISK if r in table.body]
    if not rows:
        return headline(KeyFigure.count("Pairs at risk", 0), _const(0, "headline Pairs at risk (none)"))
    parts = [table.figure(r, "pairs", f"headline Pairs at risk [{r}]") for r in rows]
    true = sum(f.true for f in parts)
    hidden_rows = {r for r in table.body if table.figure(r, "pairs").hidden}
    total_shown = "Total" in table.counts.index and not table.figure("Total", "pairs").hidden
    adds_nothing = not (hidden_rows & set(rows)) or (hidden_rows <= set(rows) and total_shown)
    hidden = not adds_nothing or (on and 0 < true < k)
    fig = Figure(tuple(t for f in parts for t in f.terms), None if hidden else true, true,
                 "headline Pairs at risk", people=True)
    return headline(KeyFigure.count("Pairs at risk", None if hidden else true,
                                    reason=f"fewer than {k} pairs, or a hidden row"), fig)


def meetings_section(program: Program, frame: pd.DataFrame, k: int, on: bool) -> Section:
    """Meetings per month against the plan; months with fewer than ``k`` pairs running are not drawn."""
    title = "Meetings per month against the plan"
    if frame is None or not len(frame):
        return Section("meetings", text="No meetings recorded yet.")
    pairs = frame.attrs.get("pairs", pd.Series(0, index=frame.index))
    keep = [m for m in frame.index if not on or pairs[m] >= k]
    data = frame.loc[keep, ["meetings", "planned"]].round(0)
    figs, parts = [], []
    for m in keep:
        where = f"meetings chart [{m:%b %Y}]"
        figs.append(_count(("pairs running", "month", f"{m:%Y-%m}"), pairs[m], False, where))
        figs += [_const(data.at[m, "meetings"], where), _const(data.at[m, "planned"], where),
                 _const(m.year, where)]
        parts.append(f"{m:%b %Y}: {int(data.at[m, 'meetings'])} meetings, {int(data.at[m, 'planned'])} planned")
    dropped = len(frame) - len(keep)
    caption = (f"{present.plural(dropped, 'month')} with fewer than {k} pairs running {'is' if dropped == 1 else 'are'} not drawn." if dropped else "")
    if dropped:
        figs.append(_const(dropped, "months not drawn"))
    alt = f"Line chart. {title}. " + ("; ".join(parts) + "." if parts else "Nothing drawn.")
    alt += f" {caption}" if caption else ""
    data.index = [present.date(m)[-8:] for m in data.index]
    chart = LineChart(data.rename(columns={"meetings": "meetings held", "planned": "planned"}), title,
                      alt, caption, figs, ylabel="meetings")
    return Section("meetings", chart=chart)


def at_risk_output(program: Program) -> pd.DataFrame:
    """The program manager's named list (analyst folder only, never on the client page)."""
    return at_risk(program) if program.has("relationships") else pd.DataFrame()


# ---------------------------------------------------------------------------- surveys
def survey_section(program: Program, k: int, on: bool) -> Section:
    if not program.has("surveys"):
        return Section("surveys", text="No survey answers: satisfaction and goal progress cannot be measured.")
    res = survey_results(program)
    raw = res.table.copy()
    if raw.empty:
        return Section("surveys", text=plain(res.note))
    raw.index = raw.index.astype(str)
    raw.index.name = "role"
    means = ["response_rate", "satisfaction", "goal_progress"]
    cols = [ProtectedColumn("people"), ProtectedColumn("answers", people=False, follows=("people",)),
            ProtectedColumn("expected", people=False, follows=("people",))]
    cols += [ProtectedColumn(c, people=False, partition=False, follows=("people",)) for c in means]
    table = protect(raw, k, name="surveys", dimension="respondents by role", columns=cols, view=VIEW)
    overall = {"response_rate": res.response_rate, "satisfaction": res.satisfaction,
               "goal_progress": res.goal_progress}
    for c in means:
        table.counts.loc["Total", c] = overall[c] if overall[c] is not None else np.nan
        table.hidden.loc["Total", c] = bool(table.hidden.at["Total", "people"]) and on
    figs = []
    answers, expected = table.value("Total", "answers"), table.value("Total", "expected")
    if answers is not None and expected is not None and expected:
        rate = min(1.0, answers / expected)
        note = (f"Overall response rate {_pct(rate)} ({present.count(answers)} answers of "
                f"{present.count(expected)} expected, one per participant every {res.every_days} days).")
        figs += [table.figure("Total", "answers", "survey note"), table.figure("Total", "expected", "survey note"),
                 *(share_bounds(_sum_terms(table.figure("Total", "answers")),
                                _sum_terms(table.figure("Total", "expected")), rate, "response rate")
                   if answers <= expected else [_const(round(rate * 100), "response rate (a percentage)")]),
                 _const(res.every_days, "survey rhythm")]
        if rate < LOW_RESPONSE:
            note += (f" That is low (under {LOW_RESPONSE:.0%}): the survey figures speak for a minority "
                     "and may flatter the program (the unhappy answer less).")
            figs.append(_const(round(LOW_RESPONSE * 100), "low response"))
    else:
        note = "The overall response rate is hidden: it would point at a small group."
    low = [r for r in table.body if not table.hidden.at[r, "response_rate"]
           and table.counts.at[r, "response_rate"] < LOW_RESPONSE]
    if low:
        note += safe(" Low response among {who} (under 50 %): their figures speak for fewer than half of them.",
                     who=", ".join(low))
        figs.append(_const(50, "low response"))
    text = plain(note) if not low else note
    shown = table.shown()
    for c, fmt in (("response_rate", present.share), ("satisfaction", lambda v: present.number(v, 2)),
                   ("goal_progress", lambda v: present.number(v, 1))):
        shown[c] = [MARK if table.hidden.at[r, c] else fmt(raw_value(table, res, r, c)) for r in shown.index]
    if (shown == present.MISSING).to_numpy().any():   # with the sentence, not alone above the table
        text += " In the table below, “–” means not asked of this group, or no answer."
    if table.footnote:
        text += "\n\n<small>" + plain(table.footnote) + "</small>"
    for c in ("people", "answers", "expected"):   # counts as every count of the page: "1,451"
        if c in shown:
            shown[c] = [present.count(v) if str(v).isdigit() else v for v in shown[c]]
    shown = present.tidy(shown.rename(columns={"people": "people who answered"}), index=True)
    return Section("surveys", text=text, table=shown, figures=figs + table.figures(), index=False)


def raw_value(table, res, row, col):
    if row == "Total":
        return {"response_rate": res.response_rate, "satisfaction": res.satisfaction,
                "goal_progress": res.goal_progress}[col]
    v = res.table.loc[[i for i in res.table.index if str(i) == row][0], col]
    return None if pd.isna(v) else float(v)


def _formats(spec: dict) -> dict:
    out = {}
    for col, how in spec.items():
        if how == "share":
            out[col] = lambda v: v if isinstance(v, str) else present.share(float(v))
        else:
            out[col] = lambda v, d=how: v if isinstance(v, str) else present.number(float(v), d)
    return out


# ---------------------------------------------------------------------------- outcomes
def _groups(ev, k: int, on: bool) -> dict:
    """Per group (participants, others): n, events and whether its rate is hidden."""
    out = {}
    for group, side, n, rate in (("participants", "treated", ev.raw.n_treated, ev.raw.rate_treated),
                                 ("others", "control", ev.raw.n_control, ev.raw.rate_control)):
        events = 0 if rate is None or not n else int(round(rate * n))
        out[group] = dict(n=int(n or 0), events=events, rate=rate,
                          hidden=on and ev.small_cells(k, side), small_n=on and 0 < (n or 0) < k)
    return out


def _comparison_figures(ev, groups: dict, where: str) -> list:
    dim = f"comparison group of {ev.population}"
    figs = []
    for g, d in groups.items():
        figs.append(_count(("people", dim, g), d["n"], d["small_n"], f"{where} n {g}"))
        figs.append(_count((f"had {ev.outcome}", dim, g), d["events"], d["hidden"], f"{where} {ev.outcome} {g}"))
        if not d["hidden"] and d["rate"] is not None:
            figs += share_bounds({(f"had {ev.outcome}", dim, g): 1.0}, {("people", dim, g): 1.0}, d["rate"],
                                 f"{where} rate") if d["n"] else [_const(round(d["rate"] * 100), f"{where} rate")]
    return figs


def estimators_in_words(text: str) -> str:
    """An estimator's key before its reason (``regression: too few ...``) in words.

    >>> estimators_in_words("cannot conclude, regression: too few people; weighting: no overlap")
    'cannot conclude, regression adjustment: too few people; propensity weighting: no overlap'
    """
    for key, name in ESTIMATOR_NAMES.items():
        text = re.sub(rf"(?<![\w-]){re.escape(key)}: ", f"{name}: ", text)
    return text


def conclusion_in_words(text: str) -> str:
    """"cannot conclude" with its estimator and reason as a sentence reads them, not three colons.

    >>> conclusion_in_words("Leaving: cannot conclude, regression: too few people.")
    'Leaving: cannot conclude yet; for the regression adjustment, too few people.'
    >>> conclusion_in_words("Mentees (leaving): cannot conclude: weighting: no overlap.")
    'Mentees (leaving): cannot conclude yet; for the propensity weighting, no overlap.'
    """
    names = "|".join(re.escape(n) for n in ESTIMATOR_NAMES.values())
    return re.sub(rf"cannot conclude[,:] ({names}): ", r"cannot conclude yet; for the \1, ",
                  estimators_in_words(str(text)))


def row_conclusion(ev, est) -> str:
    """One estimate's own conclusion (its interval against 1, the outcome's good direction); the
    overall conclusion (both adjusted estimates) is the sentence's."""
    conclusion, reason = conclude([est], OUTCOMES[ev.outcome].good)
    if conclusion == "cannot conclude":
        return f"cannot conclude: {est.reason}" if est.reason else "cannot conclude"
    return conclusion


def outcome_sections(program: Program, k: int, on: bool) -> tuple[dict, pd.DataFrame, dict]:
    evs = evaluations(program)
    rows, figs, sentences, notes, state = [], [], [], [], {}
    for ev in evs:
        groups = _groups(ev, k, on)
        state[(ev.population, ev.outcome)] = groups
        where = f"outcome table [{ev.outcome}, {ev.population}]"
        figs += _comparison_figures(ev, groups, where)
        for est in ev.estimates:
            n1 = est.n_treated if est.estimator == "raw" else est.n_treated
            rows.append({
                "outcome": OUTCOMES[ev.outcome].noun, "population": ev.population,   # "leaving", not "left"
                "method": ESTIMATOR_NAMES[est.estimator], "measure": est.measure.replace("_", " "),
                "participants": MARK if groups["participants"]["small_n"] else present.count(n1),
                "others": MARK if groups["others"]["small_n"] else present.count(est.n_control),
                "rate, participants": MARK if groups["participants"]["hidden"] else _pct(ev.raw.rate_treated),
                "rate, others": MARK if groups["others"]["hidden"] else _pct(ev.raw.rate_control),
                "ratio (95 % CI)": present.interval(est.estimate, *est.ci) if est.ok else present.MISSING,
                "p-value": present.p_value(est.p_value) if est.ok else present.MISSING,
                "conclusion": row_conclusion(ev, est)})
            if est.estimator != "raw":
                dim = f"comparison group of {ev.population}, {est.estimator}"
                for g, n in (("participants", est.n_treated), ("others", est.n_control)):
                    figs.append(_count(("people", dim, g), n, on and 0 < n < k, f"{where} {est.estimator} n {g}"))
        sentence = re.sub(r"(\d)%", r"\1 %", ev.sentence(min_group=k if on else 0))   # "24 %" as every page
        sentence = conclusion_in_words(sentence)
        for key, words in ADJUSTER_WORDS.items():   # "tenure years" -> "years with the company"
            sentence = sentence.replace(key.replace("_", " "), words)
        sentence, extra = _numbers(sentence, k, f"outcome sentence [{ev.outcome}]", on)
        sentences.append(sentence)
        figs += extra
        notes += list(ev.notes)
    table = pd.DataFrame(rows)
    defs = []
    for pop in populations(program):
        g = comparison_group(program, pop, seed=program.config.evaluation.seed)
        text, extra = _numbers(g.definition, k, f"definition [{pop}]", on)
        figs += extra
        defs.append(safe("**Comparison group of the {pop}.** {d}", pop=pop, d=text))
    note_lines = []
    for note in dict.fromkeys(notes):
        text, extra = _numbers(note, k, "outcome notes", on)
        figs += extra
        note_lines.append(safe("- {n}", n=text))
    shown = present.tidy(table, index=False) if len(table) else table
    sections = {
        "definitions": Section("definitions", text="\n\n".join(defs)),
        "outcomes": Section("outcomes", text="\n\n".join(plain(s) for s in sentences), table=shown,
                            figures=figs, index=False),
        "outcome_notes": Section("outcome_notes", text="\n".join(note_lines)),
    }
    sections["balance"] = balance_section(evs, k, on)
    export = outcomes_table(evs, k if on else 0).astype(object)   # counts may become MARK
    if on:
        for i, r in export.iterrows():
            groups = state[(r["population"], r["outcome"])]
            for g, col in (("participants", "n_treated"), ("others", "n_control")):
                if 0 < r[col] < k:
                    export.at[i, col] = MARK
            if 0 < (r["n_dropped_missing"] or 0) < k:
                export.at[i, "n_dropped_missing"] = MARK
    own = {(ev.outcome, ev.population, est.estimator): row_conclusion(ev, est)
           for ev in evs for est in ev.estimates}
    for i, r in export.iterrows():   # each row its own conclusion, never the overall one copied
        export.at[i, "conclusion"] = own.get((r["outcome"], r["population"], r["estimator"]), r["conclusion"])
    export = export.astype(object).where(export.notna(), "")
    sections["outcomes_export"] = Section("outcomes_export", table=export, index=False)
    return sections, export, state


# the adjusters in the client's words (the rest: underscores as spaces)
ADJUSTER_WORDS = {"tenure_years": "years with the company", "followup_years": "years followed",
                  "age_years": "age"}


def adjuster(name) -> str:
    """An adjuster (a column of the comparison model) as the client reads it.

    >>> adjuster("followup_years"), adjuster("performance"), adjuster("job_family")
    ('years followed', 'performance', 'job family')
    """
    return ADJUSTER_WORDS.get(str(name), str(name).replace("_", " "))


def balance_section(evs: list, k: int, on: bool) -> Section:
    first = evs[0] if evs else None
    if first is None or first.balance is None or not len(first.balance.table):
        return Section("balance", text="No balance table: the weighting could not be done (see the outcome table).")
    b = first.balance
    flagged = b.flagged
    note = ("After weighting, every adjuster is balanced (|SMD| ≤ 0.1)." if not flagged else
            safe("After weighting the groups still differ on {v} (|SMD| > 0.1): the estimates lean on "
                 "the model there.", v=", ".join(adjuster(f) for f in flagged)))
    if b.left_out:
        note += f" Category levels with fewer than {k} participants or others are not shown."
    t = b.table.copy()
    t["variable"] = t["variable"].astype(str).map(adjuster)
    shown = present.tidy(t.rename(columns={"mean_participants": "mean, participants",
                                           "mean_others": "mean, others",
                                           "smd_before": "SMD before weighting",
                                           "smd_after": "SMD after weighting"}), index=False)
    data = t.set_index("variable")[["smd_before", "smd_after"]].astype(float).round(2)
    data.columns = ["before weighting", "after weighting"]
    title = "Standardised mean differences before and after weighting"
    alt = (f"Horizontal bar chart. {title}. "
           + "; ".join(f"{v}: before {present.number(r['before weighting'])}, "
                       f"after {present.number(r['after weighting'])}"
                       for v, r in data.iterrows()) + ".")
    chart = Chart(data, title, alt, "Beyond ±0.1 the groups still differ.", [], xlabel="SMD")
    return Section("balance", text=note, table=shown, chart=chart, index=False)


# ---------------------------------------------------------------------------- return in money
def _roi_shown(export: pd.DataFrame, currency: str) -> pd.DataFrame:
    """The return as the page shows it: one row an estimator, each figure with its 95 % interval in
    one cell, as the sentence says them (whole leavers, amounts to 3 significant figures, a true
    minus sign); a hidden return reads ``hidden``, an estimator that gave none ``–``."""
    def cell(row, name, fmt):
        vals = [row[name], row[name + "_low"], row[name + "_high"]]
        text = [v for v in vals if isinstance(v, str)]
        if text:
            return text[0] or present.MISSING
        v, lo, hi = (fmt(x).replace("-", "\u2212") for x in vals)
        return f"{v} ({lo} to {hi})"

    def whole(x):
        return f"{round(x):,}"

    def amount(x):
        return f"{significant(x):,.0f}"
    rows = [{"Estimator": ESTIMATOR_NAMES.get(r["estimator"], r["estimator"]),
             "Leavers avoided (95 % interval)": cell(r, "leavers_avoided", whole),
             f"Value, {currency} (95 % interval)": cell(r, "value", amount),
             f"Net of the program's cost, {currency} (95 % interval)": cell(r, "net", amount),
             "Conclusion": r["conclusion"]} for _, r in export.iterrows()]
    return pd.DataFrame(rows)


def roi_sections(program: Program, k: int, on: bool) -> tuple[dict, dict]:
    """The program's return (``roi:`` in program.yaml): leavers avoided and net value with their
    intervals, the sensitivity line, the export and the headline "Return of the program". A
    return derived from a hidden group count is hidden (:func:`workbench.evaluation.roi.roi_table`)."""
    roi = program.config.roi
    if roi is None:   # the heading stays: one sentence says why there is nothing under it
        return {"roi": Section("roi", text=(   # our words only: Markdown as it stands
            "Not estimated: the program's cost and the cost of a leaver were not given for this "
            "program. With them, this section values the leavers the program avoided."))}, {}
    pop = populations(program)[0]
    ev = evaluation_of(program, pop, "left")
    cost, how = cost_of_leaver(roi, ev_frame_treated(program, pop))
    rets = returns(ev, program_cost=roi.program_cost, cost_per_leaver=cost, currency=roi.currency,
                   min_group=k if on else 0)
    main = lead(rets)
    lines = [sentence(main, pop, ev.randomised) if main else "Return of the program: cannot conclude (no estimate)."]
    if main and not main.hidden and main.reason == "":
        lines.append(sensitivity(main))
        source = ("the Cox model of time to leaving" if main.estimator == "cox"
                  else "the regression-adjusted odds ratio of leaving")
        lines.append(f"The cost of a leaver is {how}; the leavers avoided come from {source} (its 95 % "
                     "interval carried through); the other estimators are in the table.")
    export = roi_table(rets).astype(object)
    export = export.where(export.notna(), "")
    shown = _roi_shown(export, roi.currency)
    said, figs = [], []
    for line in (t for t in lines if t):     # every number a sentence prints, registered for the audit
        line, extra = _numbers(line, k, "roi sentence", on)
        said.append(line)
        figs += extra
    text = "\n\n".join(plain(t) for t in said)
    sections = {"roi": Section("roi", text=text, table=present.tidy(shown, index=False) if len(shown) else shown,
                               index=False, figures=figs),
                "roi_export": Section("roi_export", table=export, index=False)}
    definition = ("Leavers avoided by the program over the period, valued at the cost of a leaver, "
                  "minus the program's cost, with its 95 % interval")
    if main is not None and main.hidden:     # small groups: hidden, whether or not an estimate exists
        fig = KeyFigure.withheld("Return of the program", f"fewer than {k} people", definition=definition)
    elif main is None or main.reason:
        fig = KeyFigure.absent("Return of the program", "cannot conclude: no estimate", definition=definition)
    else:
        n, lo, hi = main.net
        fig = KeyFigure("Return of the program",
                        f"net {money(n, roi.currency, True)} (95 % interval {money(lo, roi.currency, True)} to "
                        f"{money(hi, roi.currency, True)}): {main.conclusion}", float(n), "decimal",
                        definition=definition, parts=(float(lo), float(hi)))
    return sections, {"Return of the program": headline(fig, *_numbers(fig.text, k, "roi headline", on)[1])}


def ev_frame_treated(program: Program, population: str) -> pd.DataFrame:
    return comparison_group(program, population, seed=program.config.evaluation.seed).treated


# ---------------------------------------------------------------------------- survival
def survival_section(program: Program, state: dict, k: int, on: bool) -> Section:
    pops = populations(program)
    if not pops:
        return Section("survival", text="No survival curves: no population to follow yet.")
    pop = pops[0]
    g = comparison_group(program, pop, seed=program.config.evaluation.seed)
    groups = state.get((pop, "left"), {})
    dim = f"comparison group of {pop}"
    lines, figs, parts, hidden = {}, [], [], []
    label = {"participants": pop, "others": "comparable non-participants"}
    for name, sub in (("participants", g.treated), ("others", g.control_until_joining)):
        d = groups.get(name)
        if not len(sub) or d is None:
            hidden.append(label[name])
            continue
        q = np.floor(sub["days_observed"].to_numpy(float) / QUARTER)
        left = sub["left"].to_numpy(float)
        follow = int(q.max())
        at_risk = [int((q >= i).sum()) for i in range(follow + 1)]
        exits = [int(((q == i) & (left == 1)).sum()) for i in range(follow + 1)]
        last = max([i for i in range(follow + 1) if at_risk[i] >= k] or [-1]) if on else follow
        tail = sum(exits[last + 1:])
        ok = last >= 0 and not d["hidden"] and all(e == 0 or e >= k for e in exits[:last + 1]) \
            and (tail == 0 or tail >= k)
        if on and not ok:
            hidden.append(label[name])
            continue
        # the Kaplan–Meier share at the time each point is labelled with (exact days)
        at = survival_at_times(sub["days_observed"].to_numpy(float), left, [i * QUARTER for i in range(last + 1)])
        pts = {}
        for i in range(last + 1):
            pts[3 * i] = at[i]
            where = f"survival [{name}, quarter {i}]"
            key = ("people", dim, name) if i == 0 else (f"at risk, quarter {i}", dim, name)
            figs.append(_count(key, at_risk[i], False, where))
            figs.append(_count((f"left in quarter {i}", dim, name), exits[i], False, where))
            figs += [_const(3 * i, where), _const(round(pts[3 * i] * 100), where)]
        figs.append(_count((f"left after quarter {last}", dim, name), tail, False, f"survival [{name}] tail"))
        terms = {(f"left in quarter {i}", dim, name): 1.0 for i in range(last + 1)}
        terms[(f"left after quarter {last}", dim, name)] = 1.0
        terms[("had left", dim, name)] = -1.0
        if sum(exits) == d["events"]:   # others who joined later: their exits after joining are not an other's
            figs.append(fact(terms, 0.0, f"survival [{name}]: the exits add up to those who left"))
        lines[label[name]] = pd.Series(pts)
        parts.append(f"{label[name]}: " + ", ".join(
            f"{m} months {_pct(s)} ({at_risk[m // 3]} followed)" for m, s in pts.items()))
    title = "Share still employed by months since joining"
    caption = (safe("Share still employed by months since joining ({pop}) or since the index date "
                    "(comparable non-participants), in whole quarters; each curve stops where fewer "
                    "than {k} people remain followed; an other who joined later is followed until the day "
                    "they joined.", pop=pop, k=k))
    if hidden:
        not_drawn = safe("Not drawn: {who} (a quarter would show fewer than {k} exits, or the group's "
                         "rate is hidden, which could point at people).", who=" and ".join(hidden), k=k)
        # nothing drawn: the one sentence of why, not the description of curves that are absent
        caption = f"{caption} {not_drawn}" if lines else not_drawn
    alt = f"Step chart. {title}. " + ("; ".join(parts) + "." if parts else "No curve is drawn.")
    figs.append(_const(12, "months in a year"))
    data = pd.DataFrame(lines) if lines else pd.DataFrame()
    chart = LineChart(data, title, alt, caption, figs, xlabel="months", ylabel="share still employed",
                      step=True, percent=True)
    return Section("survival", chart=chart)


# ---------------------------------------------------------------------------- scorecard
def _kpi_hidden(metric: str, value, n: int, k: int, on: bool) -> tuple[bool, Optional[int]]:
    """(hidden, people with the outcome) of one KPI measurement; which metrics are shares of
    people comes from the metric registry (``MetricSpec.is_share``), so a new share metric is
    protected like the built-in ones."""
    share = METRICS[metric].is_share
    if not on or value is None or (isinstance(value, float) and np.isnan(value)):
        events = int(round(float(value) * n)) if share and value is not None \
            and not (isinstance(value, float) and np.isnan(value)) else None
        return False, events
    if share:
        events = int(round(float(value) * n))
        return outcome_hidden(int(n), events, k), events
    return n < k, None


def scorecard_sections(program: Program, state: dict, k: int, on: bool) -> tuple[dict, dict]:
    disclosed = baselines(program, on)
    given = {name: (b.shown, f"baseline {b.note}" if b.source == "measured" else
                    ("baseline from the charter" if b.source == "charter" else f"no baseline: {b.note}"))
             for name, b in disclosed.items()}
    card = scorecard(program, baselines=given)
    t = card.table.copy()
    trend = card.trend if card.trend is not None else pd.DataFrame(
        columns=["kpi", "as_of", "value", "lower", "upper", "n", "note"])
    figs, rows, export = [], [], t.copy().astype(object)
    visible_trend = []
    for i, r in t.iterrows():
        dim = f"KPI {r['kpi']}"
        spec = METRICS[r["metric"]]
        pop = str(getattr(r["population"], "value", r["population"]))
        value = None if pd.isna(r["current"]) else float(r["current"])
        n = int(r["n"] or 0)
        hide, events = _kpi_hidden(r["metric"], value, n, k, on)
        comp = state.get((pop, spec.outcome or ""), {}).get("participants")
        if on and comp is not None and comp["hidden"] and value is not None:
            hide = True        # the comparison hides this population's rate: so does the scorecard
        small_n = on and 0 < n < k
        figs.append(_count(("people", dim, "measured"), n, small_n, f"scorecard [{r['kpi']}] n"))
        if events is not None:
            figs.append(_count(("with the outcome", dim, "measured"), events, hide, f"scorecard [{r['kpi']}] current"))
        note, extra = _numbers(r["note"], k, f"scorecard note [{r['kpi']}]", on)
        figs += extra + printed_percentages(note, f"scorecard note [{r['kpi']}]")   # "95 % CI 75–81 %"
        base = None if pd.isna(r["baseline"]) else float(r["baseline"])
        b = disclosed.get(r["kpi"])
        if b is not None:
            figs += list(b.figures)
            if b.hidden:
                base = None
                export.at[i, "baseline"] = MARK
        pts = trend[trend["kpi"] == r["kpi"]].sort_values("as_of")
        vals, los, his = [], [], []
        for _, p in pts.iterrows():
            pv = None if pd.isna(p["value"]) else float(p["value"])
            pn = int(p["n"] or 0)
            ph, pe = _kpi_hidden(r["metric"], pv, pn, k, on)
            pdim = f"KPI {r['kpi']} at {p['as_of']}"
            if pv is not None:
                figs.append(_count(("people", pdim, "measured"), pn, on and (0 < pn < k or ph),
                                   f"trend [{r['kpi']}, {p['as_of']}] n"))
                if pe is not None:
                    figs.append(_count(("with the outcome", pdim, "measured"), pe, ph,
                                       f"trend [{r['kpi']}, {p['as_of']}]"))
            keep = pv is not None and not ph
            vals.append(pv if keep else np.nan)
            los.append(p["lower"] if keep else np.nan)
            his.append(p["upper"] if keep else np.nan)
            if keep:
                visible_trend.append({"kpi": r["kpi"], "as_of": p["as_of"], "value": pv, "scale": spec.scale})
        words = trend_words(vals, los, his, spec.direction) if len(pts) else ""
        if spec.is_share and " → " in words:   # in percent, as the current value beside it
            shown_pts = [v for v in vals if v is not None and not pd.isna(v)]
            words = " → ".join(f"{v * 100:.0f} %" for v in shown_pts) + words[words.index(" ("):]
            figs += [_const(float(f"{v * 100:.0f}"), f"trend [{r['kpi']}] (a percentage)") for v in shown_pts]
        if hide:
            current = MARK
            words = MARK
            # the status compares the hidden value with the target: shown where it narrows no
            # hidden count below k (kpi.scorecard.status_safe), else hidden, counted apart
            shown_base = None if base is None or pd.isna(base) else base
            keep = (events is not None and not small_n and
                    status_safe(str(t.at[i, "status"]), events, n, shown_base, r["target"], r["due"],
                                program.config.snapshot_date, spec.direction, k))
            if keep:
                note = (f"value hidden (fewer than {k} with, or without, the outcome); the status "
                        f"is shown because it cannot point at them")
            else:
                t.at[i, "status"] = export.at[i, "status"] = HIDDEN_STATUS
                note = (f"hidden: fewer than {k} people measured, or fewer than {k} with (or "
                        f"without) the outcome")
            for c in ("current", "lower", "upper"):
                export.at[i, c] = MARK
        else:   # a share in percent, as its baseline and target (and page 1's KPI table)
            current = spec.interval_text(value, r["lower"], r["upper"]) if value is not None else present.MISSING
            for part, v in (("current", value), ("lower", r["lower"]), ("upper", r["upper"])):
                printed = float(f"{float(v) * 100:.0f}") if spec.is_share and not pd.isna(v) else None
                if printed is not None:   # its counts are published: the percentage adds nothing
                    figs.append(_const(printed, f"scorecard [{r['kpi']}] {part} (a percentage)"))
        for part, v in (("baseline", None if export.at[i, "baseline"] == MARK else base), ("target", r["target"])):
            printed = spec.percent_printed(v)
            if printed is not None:
                figs.append(_const(printed, f"scorecard [{r['kpi']}] {part} (a percentage)"))
        if small_n:
            export.at[i, "n"] = MARK
        export.at[i, "trend"] = words
        export.at[i, "note"] = note
        rows.append({"KPI": r["kpi"], "metric": r["metric"].replace("_", " "), "population": pop,
                     "baseline": MARK if export.at[i, "baseline"] == MARK else spec.value_text(base),
                     "target": spec.value_text(r["target"]),
                     "current (95 % CI)": current, "people measured": MARK if small_n else present.count(n),
                     "due": present.date(r["due"]).replace(" ", "\u00a0"), "status": t.at[i, "status"], "trend": words or present.MISSING,
                     "note": present.clauses_once(note) if note else present.MISSING})
    shown = pd.DataFrame(rows)
    counted = kpi_tally(t["status"])   # once: the summary reads the same tally
    good, measurable = counted.good, counted.measurable
    hfigs = [_const(good, "KPIs met or on track"), _const(measurable, "KPIs measurable"),
             _const(counted.hidden, "KPIs hidden"), _const(counted.early, "KPIs too early to tell")]
    # the KPIs compared with non-participants: what that comparison (the outcomes above) concluded
    words = [conclusion_in_words(f"{OUTCOMES[c.outcome].noun} of the {c.population}: {c.verdict}")
             for c in card.comparisons.values()]
    said = f"Against comparable non-participants (the outcomes above), {'; '.join(words)}." if words else ""
    sentence, extra = _numbers(said, k, "scorecard sentence", on)
    missing = (shown == present.MISSING).to_numpy().any() if len(shown) else False
    foot = " “–”: not measured or not applicable." if missing else ""
    sections = {"scorecard": Section("scorecard", text=plain(sentence + foot) if sentence or foot else "",
                                     table=shown, figures=figs + extra, index=False)}
    export = export.where(export.notna(), "")
    export["population"] = [str(getattr(p, "value", p)) for p in export["population"]]
    sections["kpi_scorecard_export"] = Section("kpi_scorecard_export", table=export, index=False)
    sections["trend"] = trend_section(pd.DataFrame(visible_trend, columns=["kpi", "as_of", "value", "scale"]))
    label = "KPIs met or on track"
    heads = {label: headline(KeyFigure.fraction(
        label, good, measurable, definition=DEFINITIONS[label], text=counted.headline), *hfigs)}
    return sections, heads


SHARE_SCALE = "0–100 %, share"   # its own axis: a share in percent beside a 0–100 % score is another unit


def trend_section(points: pd.DataFrame) -> Section:
    title = "Each KPI at the end of each quarter"
    if points.empty:
        return Section("trend", text="No KPI has published points at earlier dates yet.")
    if "scale" in points:   # a share in percent, as the scorecard prints it
        share = points["scale"] == "0–1"
        points = points.assign(value=points["value"].where(~share, points["value"] * 100),
                               scale=points["scale"].where(~share, SHARE_SCALE))
    data = points.pivot_table(index="as_of", columns="kpi", values="value", aggfunc="first")
    percent = set(points.loc[points["scale"] == SHARE_SCALE, "kpi"]) if "scale" in points else set()
    parts = [f"{kpi}: " + ", ".join(f"{present.date(d)} {v:.0f} %" if kpi in percent else f"{present.date(d)} {v:.2f}"
                                    for d, v in s.dropna().items())
             for kpi, s in data.items()]
    figs = [_const(pd.Timestamp(d).day, "trend dates") for d in data.index] + \
        [_const(pd.Timestamp(d).year, "trend dates") for d in data.index]
    figs += [_const(float(f"{v:.0f}"), "trend (a percentage)")
             for kpi in percent for v in data[kpi].dropna()]
    alt = f"Line chart. {title}. " + "; ".join(parts) + "."
    caption = "Points hidden to protect small groups are not drawn."
    data.index = [present.date(d) for d in data.index]
    # one unit per axes: a share (0–1) never lies flat under a score (0–100)
    units = ({kpi: f"value ({scale})" for kpi, scale in points.groupby("kpi")["scale"].first().items()}
             if "scale" in points else {})
    return Section("trend", chart=LineChart(data, title, alt, caption, figs, ylabel="value", units=units))


# ---------------------------------------------------------------------------- weights, rounds
def predictor_label(name) -> str:
    """A predictor of match quality in the client's words: ``criterion: overlap`` ->
    ``criterion: skills wanted and offered`` (the registry's label), the match score as it is.

    >>> predictor_label("criterion: timezone"), predictor_label("match score")
    ('criterion: time zone', 'match score')
    """
    name = str(name)
    if name.startswith("criterion: "):
        return "criterion: " + criterion_label(name[len("criterion: "):])
    return criterion_label(name)


def quality_sentence(advice: dict) -> str:
    """The match-quality advice in words, predictors with the same advice said together (the
    figures are in the table beside it).

    >>> quality_sentence({"match score": "no evidence", "criterion: timezone": "no evidence",
    ...                   "criterion: overlap": "increase"}).split(":")[0]
    'The match score and time zone'
    """
    groups: dict = {}
    for pred, a in advice.items():
        groups.setdefault(a, []).append(predictor_label(pred).removeprefix("criterion: "))
    out = []
    for a, names in groups.items():
        names = ["the match score" if n == "match score" else n for n in names]
        who = present.and_list(names)
        out.append(f"{who[0].upper()}{who[1:]}: {advice_words(a, several=len(names) > 1)}.")
    return " ".join(out)


def weights_sections(program: Program, k: int, on: bool) -> dict:
    if not program.has("relationships"):
        return {"quality": Section("quality", text="No pairs yet: match quality can be judged after a round of mentoring."),
                "weights": Section("weights", text="")}
    q = match_quality(program, contributions=pair_contributions(program))
    total = len(program.relationships)
    table = q.table.copy()
    figs = []
    for i, r in table.iterrows():
        n = int(r["pairs"])
        key = ("pairs", ALL, ALL) if n == total else ("pairs", "match quality", str(r["against"]))
        small = on and 0 < n < k
        figs.append(_count(key, n, small, f"quality [{r['predictor']}, {r['against']}] pairs"))
        if small:
            table.loc[i, ["pairs", "rho", "lower", "upper", "p_holm"]] = np.nan
    shown = pd.DataFrame({
        "predictor": table["predictor"].map(predictor_label), "against": table["against"],
        "pairs": [present.count(v) for v in table["pairs"]],
        "rank correlation (95 % CI)": [present.interval(r, lo, hi) for r, lo, hi in
                                       zip(table["rho"], table["lower"], table["upper"])],
        "p-value (Holm)": [present.p_value(p) for p in table["p_holm"]],
        "advice": table["advice"]})
    tested = int(q.table["p_holm"].notna().sum())   # the Holm family, every row computed
    suggestion, extra = _numbers(f"{quality_sentence(q.advice)} {holm_family_sentence(tested)}", k,
                                 "quality sentence", on)
    foot = " “–”: not computed (too few pairs, or the score barely varies)." \
        if (shown == present.MISSING).to_numpy().any() else ""
    weights = suggest_weights(program, q)
    wnote, wextra = _numbers(weights.attrs.get("note", ""), k, "weights note", on)
    evidence = []
    for e in weights["evidence"]:
        e2, ex = _numbers(e, k, "weights evidence", on)
        evidence.append(e2)
        wextra += ex
    weights = weights.assign(evidence=evidence)
    export = weights.copy()
    named = weights.assign(**{c: weights[c].map(criterion_label) for c in ("criterion",) if c in weights})
    wshown = present.tidy(named, index=False, decimals={"weight": 2, "suggested": 2})
    return {"quality": Section("quality", text=plain(suggestion + foot), table=shown,
                               figures=figs + extra, index=False),
            "weights": Section("weights", text=plain(wnote), table=wshown, figures=wextra, index=False),
            "weight_suggestions_export": Section("weight_suggestions_export", table=export, index=False)}


def _rounds_audit(program: Program, rounds: tuple, k: int, on: bool, status=None) -> dict:
    """Each round's pairs and ended-early count as figures (``label -> (pairs, ended early)``).

    The "ended early" share and its Wilson interval pin the count of pairs that ended early
    (a share of a published total, with bounds that leave one count possible), so the audit is
    given that count outright; the rounds of this program split its pairs and its early endings
    as the status table does, so a round's count is protected with the same complementary logic
    (:func:`workbench.disclosure.protect`), and with fewer than ``k`` pairs that did *not* end
    early as well. The ``previous:`` program's round is another program's pairs: its share is
    hidden by :func:`workbench.disclosure.outcome_hidden`. When the status table (``status``)
    hides its "ended early" cell, no round of this program with an early ending shows its share:
    together they would give the hidden cell back."""
    own = [r for r in rounds if r.own]
    out = {}
    if own:
        frame = pd.DataFrame({"pairs": [r.pairs for r in own],
                              "ended early": [r.ended_early for r in own],
                              "not ended early": [r.pairs - r.ended_early for r in own]},
                             index=pd.Index([r.label for r in own], name="round"))
        linked = sum(r.pairs for r in own) == len(program.relationships)
        cols = [ProtectedColumn("pairs", terms=None if linked else {"pairs in rounds": 1}),
                ProtectedColumn("ended early", follows=("pairs", "not ended early")),
                ProtectedColumn("not ended early", show=False, follows=("pairs",))]
        table = protect(frame, k, name="rounds", dimension="round", columns=cols, view=VIEW)
        if on and status is not None and "ended early" in status.body and status.hidden.at["ended early", "pairs"]:
            table.hidden.loc[table.body, "ended early"] |= frame["ended early"] > 0   # 0 gives nothing back
        table.facts.append(fact({("ended early", ALL, ALL): 1.0, ("pairs", "status", "ended early"): -1.0},
                                0.0, "rounds: early endings add up to the status table's"))
        for r in own:
            out[r.label] = (table.figure(r.label, "pairs", f"rounds [{r.label}] pairs"),
                            table.figure(r.label, "ended early", f"rounds [{r.label}] ended early (share)"))
        out[None] = table.facts
    for r in (r for r in rounds if not r.own):
        hide = on and outcome_hidden(r.pairs, r.ended_early, k)
        out[r.label] = (_count(("pairs", "previous round", r.label), r.pairs, on and r.pairs < k,
                               f"rounds [{r.label}] pairs"),
                        _count(("ended early", "previous round", r.label), r.ended_early, hide,
                               f"rounds [{r.label}] ended early (share)"))
    return out


def rounds_section(program: Program, k: int, on: bool, status=None) -> Section:
    """The rounds compared; ``status``: the page's protected table of pairs by status."""
    r = rounds_view(program)
    if r.table is None and r.sentence.startswith("This program has one round"):
        return Section("rounds")     # one round: no section about lessons across rounds
    sentence = r.sentence
    if sentence.startswith("The earlier round named in previous:"):   # no configuration syntax
        sentence = "The earlier round could not be read: the analyst's log says why."
    text, figs = _numbers(sentence, k, "rounds sentence", on)
    text = plain(text)
    table = None
    if r.table is not None:
        table = r.table.copy().astype({"pairs": object})
        audit = _rounds_audit(program, r.rounds, k, on, status)
        figs += audit.get(None, [])
        before = None
        for i, row in table.iterrows():
            pairs, early = audit[row["round"]]
            figs += [pairs, early]
            table.at[i, "pairs"] = MARK if pairs.hidden else present.count(row["pairs"])
            if early.hidden:
                table.at[i, "ended early"] = MARK
            if before is not None and (early.hidden or before.hidden):
                table.at[i, "change in ended early"] = MARK   # the difference implies both counts
            before = early
        table = present.tidy(table, index=False)
    intro, more = _numbers(ROUNDS_INTRO, k, "rounds introduction", on)
    return Section("rounds", text="## Lessons across rounds\n\n" + plain(intro) + "\n\n" + text,
                   table=table, figures=figs + more, index=False)


ROUNDS_INTRO = ("Each round against the one before it: pairs, early endings, meetings, satisfaction "
                "and match score, with 95 % intervals, and the settings that changed.")


# ---------------------------------------------------------------------------- the page
INTRO = ("Groups smaller than {k} people are shown as *{mark}*, and so is any figure that would let "
         "one be worked out from the totals, another table or a chart.")


def kpi_review(program: Program, view: str = VIEW) -> Page:
    """Everything notebook 04 shows, protected (see the module docstring)."""
    k = program.config.min_group_size
    on = active(view)
    sections = {"intro": Section("intro", text=safe(INTRO, k=k, mark=MARK))}
    heads: dict = {}
    eng, h = engagement_sections(program, k, on)
    sections.update(eng)
    heads.update(h)
    sections["surveys"] = survey_section(program, k, on)
    out, _, state = outcome_sections(program, k, on)
    sections.update(out)
    sections["survival"] = survival_section(program, state, k, on)
    money_sections, h = roi_sections(program, k, on)
    sections.update(money_sections)
    heads.update(h)
    card, h = scorecard_sections(program, state, k, on)
    sections.update(card)
    heads.update(h)
    sections.update(weights_sections(program, k, on))
    sections["rounds"] = rounds_section(program, k, on, getattr(eng.get("engagement"), "table", None))
    sections["footnote"] = Section("footnote", text=plain(footnote(k)))
    for key in ("outcomes", "outcome_notes", "scorecard"):   # "regression: too few ..." in words
        if key in sections and sections[key].text:
            sections[key].text = estimators_in_words(sections[key].text)
    exports = {"outcomes": "outcomes_export", "kpi_scorecard": "kpi_scorecard_export"}
    if "roi_export" in sections:
        exports["roi"] = "roi_export"
    if "weight_suggestions_export" in sections:
        exports["weight_suggestions"] = "weight_suggestions_export"
    return Page(VIEW, sections, heads, exports)


__all__ = ["kpi_review", "at_risk_output", "VIEW"]
