"""Stage 1's next-level sections (issue 18): the readiness checklist, the next-level plan and the
evidence plan, protected like the rest of page 1: nothing is shown from a total the page hides,
a department is planned on its own only where page 1 publishes its counts, and every number a
sentence prints is registered with the section."""
from __future__ import annotations

import re

import pandas as pd

from .. import essentials, evidence, next_level
from ..disclosure import TOTAL, Figure
from .base import Section, plain

NUMBER = re.compile(r"(?<![\w.])-?\d[\d,]*(?:\.\d+)?(?![\w.])")


def _said(text: str, where: str) -> list:
    """The numbers a sentence of ours prints (sizes of the plan, not counts of a group of people)."""
    return [Figure((), float(t.replace(",", "")), float(t.replace(",", "")), where)
            for t in NUMBER.findall(text)]


def _section(key: str, text: str, **kw) -> Section:
    return Section(key, text=plain(text), figures=_said(text, f"{key} sentence"), **kw)


def checklist(program) -> Section:
    table = essentials.checklist(program.config.charter.essentials)
    return _section("essentials", essentials.checklist_sentence(program.config.charter.essentials),
                    table=table, index=False)


def _visible_departments(demand) -> set:
    shown = demand.shown(total=False)
    ok = shown["mentees"].astype(str).str.isdigit() & shown["mentors"].astype(str).str.isdigit()
    return {str(d) for d in shown.index[ok.to_numpy()]}


def plan(program, demand) -> Section:
    if program.config.charter.next_level is None:
        return _section("next_level", "No next level is set yet: write charter.next_level "
                        "(participants, format, date) to plan the waves.")
    if demand.value(TOTAL, "mentees") is None or demand.value(TOTAL, "mentors") is None:
        return _section("next_level", "The next-level plan is not shown: today's totals are "
                        "hidden on this page, and the plan would give them back.")
    p = next_level.plan(program, visible=_visible_departments(demand))
    text = f"{p.sentence} {p.model_change}"
    waves = p.waves
    if not p.recruit_by_department.empty:      # mentors to recruit per department, per wave
        recruit = p.recruit_by_department.T.add_prefix("recruit in ")
        waves = pd.concat([waves.iloc[1:].reset_index(drop=True), recruit.reset_index(drop=True)],
                          axis=1)
    return Section("next_level", text=plain(text), table=waves, index=False,
                   figures=_said(text, "next_level sentence"))


def sections(program, demand) -> dict:
    """The three sections, keyed as page 1 shows them."""
    return {"essentials": checklist(program), "next_level": plan(program, demand),
            "evidence": evidence_section(program, demand)}


def evidence_section(program, demand) -> Section:
    if demand.value(TOTAL, "mentees") is None:
        return _section("evidence", "The evidence plan is not shown: the number of mentees is "
                        "hidden on this page, and the plan would give it back.")
    rows = evidence.evidence_plan(program)
    if not rows:
        return _section("evidence", "No KPI is compared with non-participants "
                        "(kpis[].compare_to_non_participants), so there is no evidence to plan.")
    text = " ".join(r.sentence for r in rows)
    table = evidence.plan_table(rows)
    return Section("evidence", text=plain(text), table=table, index=False,
                   figures=_said(text, "evidence sentence"),
                   formats={"baseline": _share, "expected_difference": _points,
                            "minimum_detectable_difference": _points,
                            "participants_needed": _count})


def _share(v):
    return "–" if v is None or pd.isna(v) else f"{v:.2f}"


def _points(v):
    return "–" if v is None or pd.isna(v) else f"{v * 100:.0f} points"


def _count(v):
    return "–" if v is None or pd.isna(v) else f"{int(v):,}"
