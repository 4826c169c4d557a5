"""Stage 1's next-level sections (issue 18): the readiness checklist, the next-level plan and the
evidence plan, protected like the rest of page 1: nothing is shown from a total the page hides,
a department is planned on its own only where page 1 publishes its counts, and every number a
sentence prints is registered with the section."""
from __future__ import annotations

import re
from typing import Optional

import pandas as pd

from .. import essentials, evidence, next_level, present
from ..disclosure import MARK, TOTAL, Figure
from ..metrics import METRICS
from .base import Section, plain
from ..evaluation.design import comparison_group

NUMBER = re.compile(r"(?<![\w.])-?\d[\d,]*(?:\.\d+)?(?![\w.])")


def said(text: str, where: str) -> list:
    """The numbers a sentence of ours prints (sizes of the plan, not counts of a group of people)."""
    return [Figure((), float(t.replace(",", "")), float(t.replace(",", "")), where)
            for t in NUMBER.findall(text)]


def _section(key: str, text: str, **kw) -> Section:
    return Section(key, text=plain(text), figures=said(text, f"{key} sentence"), **kw)


def checklist(program) -> Section:
    table = essentials.checklist(program.config.charter.essentials)
    return _section("essentials", essentials.checklist_sentence(program.config.charter.essentials),
                    table=table, index=False)


def visible_departments(demand) -> set:
    shown = demand.shown(total=False)
    ok = shown["mentees"].astype(str).str.isdigit() & shown["mentors"].astype(str).str.isdigit()
    return {str(d) for d in shown.index[ok.to_numpy()]}


def plan(program, demand) -> Section:
    """Mentors to recruit per department at each wave of page 1's one scale plan, and when to
    change model (the plan's waves are the "scale" section)."""
    if demand.value(TOTAL, "mentees") is None or demand.value(TOTAL, "mentors") is None:
        return _section("next_level", "Recruiting by department is not shown: today's totals are "
                        "hidden on this page, and the plan would give them back.")
    p = next_level.plan(program, visible=visible_departments(demand))
    text = p.model_change
    table = None
    by_dept = p.recruit_by_department
    if list(map(str, by_dept.index)) == [next_level.OTHER]:
        # one pooled row repeats the plan's own column: a sentence instead
        text += (" No department is large enough to plan on its own, so departments are planned "
                 "together: the mentors to recruit are the plan's above.")
    elif not by_dept.empty:      # mentors to recruit per department, per wave
        table = by_dept.reset_index()
    formats = None if table is None else {   # counts as every count of the page: "1,033"
        c: (lambda v: v if isinstance(v, str) else present.count(v))
        for c in table.columns if pd.api.types.is_numeric_dtype(table[c])}
    return Section("next_level", text=plain(text), table=table, index=False, formats=formats,
                   figures=said(text, "next_level sentence"))


def sections(program, demand, baselines: Optional[dict] = None, on: bool = True) -> dict:
    """The next-level sections, keyed as page 1 shows them (``baselines``: KPI name ->
    :class:`.baselines.Baseline`, as page 1's KPI table shows them)."""
    out = {"essentials": checklist(program), "next_level": plan(program, demand)}
    out.update(evidence_sections(program, demand, baselines, on))
    return out


HEADERS = {"kpi": "KPI", "metric": "metric", "baseline": "baseline",
           "expected_difference": "expected difference", "n_participants": "participants",
           "n_comparison": "comparable colleagues",
           "minimum_detectable_difference": "smallest detectable difference",
           "participants_needed": "participants needed", "design": "design"}


def evidence_sections(program, demand, baselines: Optional[dict] = None, on: bool = True) -> dict:
    """``evidence`` (the sentences and the plan, plain headers), ``evidence_waves`` (the smallest
    detectable difference today and at each planned wave) and ``evidence_export`` (the contract
    columns of ``exports/evidence_plan.csv``, never displayed). A KPI whose baseline the page
    hides, or whose participants or comparable colleagues are fewer than ``k``, shows no figure."""
    def only(text):
        return {"evidence": _section("evidence", text),
                "evidence_waves": Section("evidence_waves", text=""),
                "evidence_export": Section("evidence_export")}
    if demand.value(TOTAL, "mentees") is None:
        return only("The evidence plan is not shown: the number of mentees is hidden on this page, "
                    "and the plan would give it back.")
    k = program.config.min_group_size
    baselines = baselines or {}
    shown = {name: b.shown for name, b in baselines.items()} if baselines else None
    hidden, sizes = set(), {}
    for kpi in program.config.kpis:
        if not kpi.compare_to_non_participants:
            continue
        pop = str(getattr(kpi.population, "value", kpi.population))
        g = comparison_group(program, pop, seed=program.config.evaluation.seed)
        small = on and (0 < g.n_treated < k or 0 < g.n_control < k)
        b = baselines.get(kpi.name)
        if small or (b is not None and b.hidden):
            hidden.add(kpi.name)
        sizes[kpi.name] = (pop, g.n_treated, g.n_control, small)
    rows = evidence.evidence_plan(program, baselines=shown, hidden=frozenset(hidden),
                                  waitlist_shown=demand.value(TOTAL, "gap") is not None)
    if not rows:
        return only("No KPI is compared with non-participants, so there is no evidence to plan.")
    figs = []
    for r in rows:
        pop, nt, nc, small = sizes[r.kpi]
        dim = f"comparison group of {pop}"
        for group, n in (("participants", nt), ("others", nc)):
            figs.append(Figure(((("people", dim, group), 1.0),), None if on and 0 < n < k else float(n),
                               float(n), f"evidence plan [{r.kpi}] {group}", people=True))
    text = " ".join(r.sentence for r in rows)
    export = evidence.plan_table(rows)
    for i, r in enumerate(rows):
        _, nt, nc, _ = sizes[r.kpi]
        for col, n in (("n_participants", nt), ("n_comparison", nc)):
            if on and 0 < n < k:
                export[col] = export[col].astype(object)
                export.at[i, col] = MARK
    table = pd.DataFrame({HEADERS[c]: [_cell(c, v, m) for v, m in zip(export[c], export["metric"])]
                          for c in evidence.EXPORT_COLUMNS})
    out = {"evidence": Section("evidence", text=plain(text), table=table, index=False,
                               figures=figs + said(text, "evidence sentence"))}
    out["evidence_waves"] = _waves(rows, sizes, k, on)
    out["evidence_export"] = Section("evidence_export", table=export, index=False)
    return out


def _cell(column: str, v, metric: str) -> str:
    if isinstance(v, str):
        return v.replace("_", " ") if column == "metric" else v
    if v is None or pd.isna(v):
        return "–"
    if column == "baseline":     # as the KPI table prints it: "82 %", "4.0"
        return METRICS[metric].value_text(v)
    if column in ("expected_difference", "minimum_detectable_difference"):
        return _points(v)
    return f"{int(v):,}"


def _waves(rows, sizes: dict, k: int, on: bool) -> Section:
    """The smallest detectable difference per KPI, today and at each planned wave (with as many
    comparable colleagues as participants)."""
    planned = [r for r in rows if r.design != "not shown" and r.baseline is not None]
    if not planned:
        return Section("evidence_waves", text="")
    data, figs = {}, []
    for r in planned:
        cells = {"today": _points(r.minimum_detectable_difference)}
        cells.update({f"{n:,} participants": _points(m) for n, m in r.waves})
        data[r.kpi] = cells
    table = pd.DataFrame(data).T.fillna("–")
    table.index.name = "KPI"
    for col in table.columns:
        figs += said(col, "evidence waves header")
    text = ("The smallest difference each comparison could detect (80 % power, two-sided 5 %): "
            "today, with today's participants and comparable colleagues, and at each planned "
            "wave, with as many comparable colleagues as participants. “–”: no difference "
            "within the possible range could be told apart from chance.")
    return Section("evidence_waves", text=plain(text), table=table.reset_index(), index=False,
                   figures=figs + said(text, "evidence waves sentence"))


def _points(v) -> str:
    return "–" if v is None or pd.isna(v) else f"{v * 100:.0f} points"
