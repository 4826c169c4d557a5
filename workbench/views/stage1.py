"""Stage 1 page (notebook 01, goal-setting): charter, KPIs, readiness, demand by department, scale."""
from __future__ import annotations


import pandas as pd

from .. import charts, goals, present, next_level
from ..present import KeyFigure
from ..disclosure import ALL, MARK, TOTAL, Figure, active, fact
from ..metrics import METRICS
from ..program import Program
from .base import Page, Section, headline, plain, printed_percentages, protect_breakdown, safe
from .baselines import baselines, without_baseline_hints
from .next_level import said, sections as next_level_sections, visible_departments
from ..scoring.formats import FORMATS

VIEW = "01_goal_setting"


def demand_table(program: Program, view: str):
    """Mentee demand against mentor seats per department, protected (the same on every page)."""
    k = program.config.min_group_size
    raw = goals.demand_supply(program, "department", roles=True)
    table = protect_breakdown(raw, k, name="demand by department", dimension="department",
                              columns=goals.demand_columns(), view=view)
    lo, hi = goals.seat_bounds(program)
    for g in [(str(r),) for r in table.body] + [(ALL,)]:   # seats = mentors x capacity, known range
        dim = "department" if g[0] != ALL else ALL
        seats, mentors = ("seats", dim, g[0]), ("mentors", dim, g[0])
        table.facts.append(fact({seats: 1.0, mentors: -hi}, 0.0, f"seats per mentor <= {hi}", "<="))
        table.facts.append(fact({seats: -1.0, mentors: lo}, 0.0, f"seats per mentor >= {lo}", "<="))
    if program.config.format != "peer":   # the format says there are no peers
        table.facts.append(fact({("peers", ALL, ALL): 1.0}, 0.0, "no peers in this format"))
    return table


def participants(program: Program, demand) -> tuple:
    """The participant headline: hidden when the mentee or mentor total is."""
    n = float(len(program.people))
    roles = [f"role:{r}" for r in ("mentee", "mentor", "peer")]
    shown = n >= program.config.min_group_size and \
        all(demand.value(TOTAL, c) is not None for c in ["mentees", "mentors"] + roles)
    terms = ((("mentees", ALL, ALL), 1.0), (("mentors", ALL, ALL), 1.0), (("peers", ALL, ALL), 1.0))
    fig = Figure(terms, n if shown else None, n, "headline Participants", people=True)
    why = f"fewer than {program.config.min_group_size} in a role"
    return headline(KeyFigure.count("Participants", n if shown else None, reason=why), fig)


def _readiness(program: Program, demand) -> tuple[Section, dict]:
    said = {"mentees": demand.text(TOTAL, "mentees"), "mentors": demand.text(TOTAL, "mentors"),
            "seats": demand.text(TOTAL, "mentor_seats"), "mentor_seats": demand.text(TOTAL, "mentor_seats"),
            "gap": demand.text(TOTAL, "gap")}
    r = goals.readiness(program, shown=said)
    text = goals.interpret_readiness(r, shown=said)
    figs = [demand.figure(TOTAL, c, where=f"readiness sentence ({c})")
            for c in ("mentees", "mentors", "mentor_seats", "gap")]
    heads = {
        "Mentees / mentor seats": headline(
            KeyFigure.ratio("Mentees / mentor seats", demand.value(TOTAL, "mentees"),
                            demand.value(TOTAL, "mentor_seats"), reason="a small group"),
            *[demand.figure(TOTAL, c, where=f"headline ({c})") for c in ("mentees", "mentor_seats")]),
        "Recommended format": headline(KeyFigure.words("Recommended format",
                                                       _format_label(r["recommended_format"]))),
    }
    return Section("readiness", text=plain(text), figures=figs), heads


def _format_label(key: str) -> str:
    """A format as the client reads it: its registry label (``one_to_one`` -> ``one-to-one``)."""
    entry = FORMATS.get(str(key))
    return entry.label if entry is not None else present.label(key)


def _scale(program: Program, demand) -> Section:
    """Page 1's one scale plan (:func:`workbench.next_level.plan`): from today's mentees to the
    charter's next level, within the client's eligible workforce."""
    if demand.value(TOTAL, "mentees") is None:
        return Section("scale", text=plain("The scale plan is not shown: it starts from today's number "
                                           "of mentees, which is hidden on this page."))
    hidden = demand.value(TOTAL, "mentors") is None or demand.value(TOTAL, "mentor_seats") is None
    cap = None
    if hidden:  # a mean over a hidden group is hidden: plan with the configured capacity
        cap = 1.0 if program.config.format in ("one_to_one", "reverse") else float(program.config.mentor_capacity)
    p = next_level.plan(program, visible=visible_departments(demand), per_mentor=cap)
    plan = p.waves.copy()
    figs = []
    if hidden:
        plan["mentors to recruit"] = MARK
        text = ("Planned with the configured mentor capacity; mentors to recruit are not shown "
                "(today's mentor count is hidden).")
    else:
        for _, row in plan.iterrows():
            if row["mentors to recruit"] > 0:   # recruit = needed - mentors: a figure of the mentors
                value = float(row["mentors to recruit"] - row["mentors needed"])
                terms = ((("mentors", ALL, ALL), -1.0), (("peers", ALL, ALL), -1.0))
                figs.append(Figure(terms, value, value, f"scale plan, {row['participants']} mentees"))
        text = p.sentence
    figs += said(text, "scale sentence")
    plan.insert(0, "stage", ["today"] + [f"wave {i}" for i in range(1, len(plan))])
    if program.config.format != "peer":
        plan = plan.rename(columns={"participants": "mentees"})
    else:   # peers mentor each other: no mentors needed nor to recruit, only columns of zeros
        plan = plan.drop(columns=[c for c in ("mentors needed", "mentors to recruit") if c in plan])
    whole = {c: _count_text for c in plan.columns if c not in ("stage", "matching size")}
    return Section("scale", text=plain(text), table=plan, figures=figs, index=False, formats=whole)


def _count_text(v) -> str:
    return v if isinstance(v, str) else present.count(v)


def goal_setting(program: Program, view: str = VIEW) -> Page:
    """Everything notebook 01 shows, protected."""
    c = program.config
    demand = demand_table(program, view)
    on = active(view)
    disclosed = baselines(program, on)
    kpis = _protect_baselines(goals.kpi_table(program), disclosed)
    kpi_figures = [f for b in disclosed.values() for f in b.figures]
    kpis, printed = kpi_values(kpis, program.config.kpis, "KPI table")
    kpi_figures += printed
    if "baseline note" in kpis:   # the numbers a note prints (its interval: "95 % CI 75–81 %")
        kpi_figures += [f for note in kpis["baseline note"]
                        for f in said(str(note), "KPI notes") + printed_percentages(str(note), "KPI notes")]
    notes = "\n".join(safe("- *{kpi}*: baseline {note}", kpi=r["kpi"], note=r["baseline note"])
                      for _, r in kpis.iterrows())
    ready, heads = _readiness(program, demand)
    peer = c.format == "peer"
    chart = demand_chart(demand, peer, "Mentee demand and mentor seats by department")
    sections = {
        "header": Section("header", text=safe("**{client}: {program}** (data as of {date})",
                                              client=c.client, program=c.program,
                                              date=present.date(c.snapshot_date))),
        "charter": Section("charter", table=goals.charter_summary(program).set_index("question")),
        "kpis": Section("kpis", table=kpis.drop(columns=["baseline note"], errors="ignore"), index=False,
                        figures=kpi_figures, formats={"baseline": _two_places, "target": _two_places,
                                 "due": _date}),   # one date format on every page, never wrapped
        "kpi_notes": Section("kpi_notes", text=notes),
        "readiness": ready,
        "demand": _demand_section(program, demand, chart),
        "scale": _scale(program, demand),
    }
    sections.update(next_level_sections(program, demand, disclosed, on))
    exports = {"kpis": "kpis"}
    if sections["evidence_export"].table is not None:
        exports["evidence_plan"] = "evidence_export"
    heads["Participants"] = participants(program, demand)
    return Page(VIEW, sections, heads, exports=exports, facts=[])


def kpi_values(kpis: pd.DataFrame, charter: list, where: str) -> tuple[pd.DataFrame, list]:
    """The KPI table's baseline and target as the client reads them, the same on page 4's
    scorecard: a share in percent (``70 %``, never ``0.70``), another scale with two decimals
    (the metric registry's :meth:`~workbench.metrics.MetricSpec.value_text`), a hidden baseline
    as it is. Each percentage printed is registered for the audit (``(a percentage)``: a
    charter's number, or a baseline whose counts the page registers already)."""
    if kpis.empty:
        return kpis, []
    kpis = kpis.copy()
    figs = []
    specs = {k.name: METRICS[k.metric] for k in charter}
    for col in ("baseline", "target"):
        kpis[col] = kpis[col].astype(object)
        for i in kpis.index:
            spec, v = specs.get(kpis.at[i, "kpi"]), kpis.at[i, col]
            if spec is None or isinstance(v, str):
                continue
            kpis.at[i, col] = spec.value_text(v)
            p = spec.percent_printed(v)
            if p is not None:
                figs.append(Figure((), p, p, f"{where} [{kpis.at[i, 'kpi']}] {col} (a percentage)"))
    return kpis, figs




def _date(v) -> str:
    """A date as every page writes it (``5 Oct 2026``), its spaces unbreakable: a narrow column
    never splits it over three lines."""
    return present.date(v).replace(" ", "\u00a0")


def _two_places(v) -> str:
    return v if isinstance(v, str) else "–" if pd.isna(v) else f"{v:.2f}"


def _protect_baselines(kpis: pd.DataFrame, disclosed: dict) -> pd.DataFrame:
    """The KPI table with each baseline as :mod:`.baselines` decides (the same on page 4): a
    hidden one reads MARK, its note says why without a figure, and the hint comparing the target
    with it goes."""
    if kpis.empty:
        return kpis
    kpis = kpis.copy()
    kpis["baseline"] = kpis["baseline"].astype(object)
    for i in kpis.index:
        b = disclosed.get(kpis.at[i, "kpi"])
        if b is not None and b.hidden:
            kpis.at[i, "baseline"] = MARK
            kpis.at[i, "baseline note"] = b.note
            kpis.at[i, "specific?"] = without_baseline_hints(kpis.at[i, "specific?"])
    return kpis


def nothing_apart(table) -> bool:
    """Whether a protected breakdown shows no group in full: every row but the total holds a
    hidden figure (or there is none), so the table would tell no more than its total.

    >>> from workbench.disclosure import ProtectedColumn, protect
    >>> t = protect(pd.DataFrame({"n": [4, 3, 2]}, index=["A", "B", "C"]), 5, name="t",
    ...             dimension="d", columns=[ProtectedColumn("n")])
    >>> nothing_apart(t)
    True
    """
    shown = [c.name for c in table.columns if c.show]
    return all(table.hidden.loc[r, shown].any() for r in table.body)


def too_small_sentence(table, nouns: dict, groups: str, where: str) -> tuple[str, list]:
    """The one sentence that replaces a breakdown showing no group in full (see
    :func:`nothing_apart`): why the groups are not shown, and the published totals (``nouns``:
    column -> noun), with their figures for the audit."""
    parts, figs = [], []
    for col, noun in nouns.items():
        if col in table.counts.columns and table.value(TOTAL, col) is not None:
            parts.append(present.plural(table.value(TOTAL, col), noun))
            figs.append(table.figure(TOTAL, col, where=f"{where} ({col})"))
    words = ", ".join(parts[:-1]) + " and " + parts[-1] if len(parts) > 1 else "".join(parts)
    text = (f"{groups[:1].upper() + groups[1:]} are not shown one by one: each has fewer than "
            f"{table.k} people in a role, or a figure that would let such a group be worked out.")
    if parts:
        text += f" In the whole program: {words}."
    return text, figs


def _demand_section(program: Program, demand, chart) -> Section:
    """Mentee demand and mentor seats by department; one sentence when no department can be
    shown in full (a table of *hidden* rows tells the client nothing)."""
    if active_table(demand) and nothing_apart(demand):
        nouns = ({"mentees": "peer"} if program.config.format == "peer" else
                 {"mentees": "mentee", "mentors": "mentor", "mentor_seats": "mentor seat"})
        text, figs = too_small_sentence(demand, nouns, "departments", "demand sentence")
        return Section("demand", text=plain(text), figures=figs)
    return Section("demand", table=_demand_view(demand, program.config.format == "peer"), chart=chart)


def active_table(table) -> bool:
    """A protected table that hides something (protection on and a group small)."""
    return bool(table.hidden.to_numpy().any())


def _demand_view(demand, peer: bool = False):
    """The page shows mentees, mentors and seats (the gap is in the sentence of page 2); a peer
    program, whose peers count on both sides, shows its peers once (three equal columns of
    "mentees", "mentors" and "mentor seats" would describe a program it is not)."""
    from dataclasses import replace
    if peer:
        col = next(c for c in demand.columns if c.name == "mentees")
        peers = replace(col, name="peers", terms=dict(col.measures))
        return replace(demand, columns=[peers], counts=demand.counts[["mentees"]].rename(columns={"mentees": "peers"}),
                       hidden=demand.hidden[["mentees"]].rename(columns={"mentees": "peers"}))
    keep = [c for c in demand.columns if c.name != "gap" and c.show]
    names = [c.name for c in keep]
    return replace(demand, columns=keep, counts=demand.counts[names], hidden=demand.hidden[names])


def demand_chart(demand, peer: bool, title: str):
    """Mentees and mentor seats by department as bars; a peer program's peers once."""
    if peer:
        return charts.protected_bars(demand, {"mentees": "peers"}, title="Peers by department",
                                     xlabel="people", noun="departments")
    return charts.protected_bars(demand, {"mentees": "mentees", "mentor_seats": "mentor seats"},
                                 title=title, xlabel="people", noun="departments")


__all__ = ["demand_table", "goal_setting", "participants"]
