"""Small groups pooled into "Other (n groups)" (issue 30 item 7): known answers on a hand-built
small company, and the properties that no published count is of fewer than k people and that
the attacker (the LP of ``test_attacker``) narrows no hidden count, on what is published."""
import html

import pandas as pd
from hypothesis import HealthCheck, given, settings, strategies as st

from workbench import disclosure, views
from workbench.disclosure import MARK, TOTAL, ProtectedColumn
from workbench.views.base import pool, pooled_groups, protect_breakdown
from workbench.views.stage1 import demand_table

from program_factory import make_program
from test_attacker import leaks, report_figures


def company(depts, k=5):
    """A group program: ``depts`` maps a department to (mentees, mentors), capacity 3."""
    wf, people = [], []
    for dept, (mentees, mentors) in depts.items():
        for i in range(mentees):
            wf.append({"employee_id": f"{dept}-T{i}", "department": dept, "level": 1})
            people.append({"person_id": f"{dept}-T{i}", "role": "mentee", "wants": ("sql",)})
        for i in range(mentors):
            wf.append({"employee_id": f"{dept}-M{i}", "department": dept, "level": 4})
            people.append({"person_id": f"{dept}-M{i}", "role": "mentor", "offers": ("sql",), "capacity": 3})
    return make_program(people, wf, fmt="group", capacity=3, min_group_size=k)


SMALL = {"Eng": (20, 7), "Sales": (15, 6), "HR": (2, 2), "Legal": (2, 1), "Ops": (2, 2)}


def test_three_small_departments_pool_into_one_published_row():
    program = company(SMALL)
    table = demand_table(program, "test")
    shown = table.shown()
    other = "Other (3 departments)"
    assert list(shown.index) == ["Eng", "Sales", other, TOTAL]
    assert shown.loc[other, ["mentees", "mentors", "mentor_seats", "gap"]].tolist() == ["6", "5", "15", "-9"]
    assert shown.loc["Eng"].tolist() == ["20", "7", "21", "-1"]
    assert MARK not in shown.to_numpy()            # without pooling HR, Legal and Ops read "hidden"
    assert pooled_groups(table) == {other: ["HR", "Legal", "Ops"]}
    with disclosure.disabled("test"):              # the pooling belongs to the protection
        assert "HR" in demand_table(program, "test").shown().index


def test_the_pooled_breakdown_is_the_same_on_every_page_and_passes_the_audit():
    program = company(SMALL)
    pages = {name: build(program) for name, build in views.PAGES.items()}
    other = "Other (3 departments)"
    assert other in pages["01_goal_setting"]["demand"].frame().index
    assert other in pages["02_segmentation"]["demand"].chart.data.index
    coverage = pages["03_match_optimization"]["coverage"].frame()
    assert other in coverage.index and not ({"HR", "Legal", "Ops"} & set(coverage.index))
    for page in pages.values():                    # no pooled department named anywhere
        for text in page.texts():
            assert "Legal" not in (text or "")
    assert leaks(report_figures(program), 5) == []


def test_one_small_department_is_not_pooled_but_hidden_with_a_complement():
    program = company({"Eng": (20, 7), "Sales": (15, 6), "HR": (2, 2)})
    shown = demand_table(program, "test").shown()
    assert not any(str(r).startswith("Other") for r in shown.index)
    assert shown.at["HR", "mentees"] == MARK and (shown["mentees"] == MARK).sum() >= 2
    assert leaks(report_figures(program), 5) == []


def test_a_pool_still_small_takes_in_the_next_smallest_department():
    """HR and Legal hold 3 mentees: "Other" would be hidden with a complement; with Ops, the
    smallest of the others, the pool is published and nothing is hidden."""
    program = company({"Eng": (20, 7), "Sales": (15, 6), "Ops": (6, 5), "HR": (1, 1), "Legal": (2, 0)})
    table = demand_table(program, "test")
    shown = table.shown()
    other = "Other (3 departments)"
    assert list(shown.index) == ["Eng", "Sales", other, TOTAL] and MARK not in shown.to_numpy()
    assert shown.loc[other, ["mentees", "mentors"]].tolist() == ["9", "6"]
    assert sorted(pooled_groups(table)[other]) == ["HR", "Legal", "Ops"]
    assert leaks(report_figures(program), 5) == []


def test_ordered_bands_pool_their_small_groups_only():
    """Tenure bands keep their order: their small bands are pooled (hidden with a complement
    while still small), never with a large band."""
    raw = pd.DataFrame({"n": [40, 30, 6, 2, 1]}, index=["under 1 year", "1-3 years", "3-7 years", "7+ years", "not given"])
    t = protect_breakdown(raw, 5, name="t", dimension="tenure_band", columns=[ProtectedColumn("n")])
    assert pooled_groups(t) == {"Other (2 tenure bands)": ["7+ years", "not given"]}
    assert t.shown()["n"].tolist().count(MARK) == 2 and leaks(t.figures(), 5) == []
    t = protect_breakdown(raw, 5, name="t", dimension="d", columns=[ProtectedColumn("n")])
    assert pooled_groups(t) == {"Other (3 groups)": ["3-7 years", "7+ years", "not given"]}
    assert MARK not in t.shown()["n"].tolist()


def test_every_department_small_reads_as_one_sentence_with_the_totals():
    """onboarding-pilot's shape: no department holds 5 mentees and 5 mentors (or none), so no
    row can be shown in full: page 1 says so in one sentence with the totals, page 2 draws no
    empty chart, and the audit still passes."""
    program = company({"Eng": (10, 2), "Ops": (5, 3), "Mkt": (3, 5), "Sales": (3, 2), "HR": (1, 1)})
    pages = {name: build(program) for name, build in views.PAGES.items()}
    demand = pages["01_goal_setting"]["demand"]
    assert demand.table is None and demand.chart is None
    text = html.unescape(demand.text)
    assert "not shown one by one" in text and "22 mentees, 13 mentors and 39 mentor seats" in text
    assert "Eng" not in text
    assert pages["02_segmentation"]["demand"].chart is None
    assert "in the whole program: 22 mentees and 39 mentor seats." in html.unescape(pages["02_segmentation"]["demand"].text)
    assert leaks(report_figures(program), 5) == []


def test_a_breakdown_with_one_group_shown_in_full_stays_a_table():
    program = company({"Eng": (10, 6), "Ops": (5, 3), "Mkt": (3, 5), "Sales": (3, 2), "HR": (1, 1)})
    demand = views.PAGES["01_goal_setting"](program)["demand"]
    assert demand.table is not None and "Eng" in demand.frame().index


def test_pooling_is_kept_only_when_it_hides_fewer_cells():
    raw = pd.DataFrame({"n": [40, 30, 4, 1]}, index=["A", "B", "C", "D"])
    # pooled: C + D = 5 published; unpooled: C, D hidden
    assert "Other (2 groups)" in protect_breakdown(raw, 5, name="t", dimension="d", columns=[ProtectedColumn("n")]).body
    raw = pd.DataFrame({"n": [40, 30, 1, 1]}, index=["A", "B", "C", "D"])
    # C + D = 2 would be hidden with a complement (2 cells): B joins the pool, nothing hidden
    t = protect_breakdown(raw, 5, name="t", dimension="d", columns=[ProtectedColumn("n")])
    assert t.shown()["n"].tolist() == ["40", "32", "72"] and pooled_groups(t) == {"Other (3 groups)": ["B", "C", "D"]}
    # ordered bands: C + D hidden with a complement (2 cells) still beats C, D and a complement (3)
    t = protect_breakdown(raw, 5, name="t", dimension="tenure_band", columns=[ProtectedColumn("n")])
    assert t.shown()["n"].tolist().count(MARK) == 2 and "Other (2 tenure bands)" in t.body


def test_pool_sums_counts_and_blanks_labels():
    raw = pd.DataFrame({"n": [40, 3, 2], "note": ["x", "y", "z"]}, index=["A", "B", "C"])
    out = pool(raw, ["C", "B"], [ProtectedColumn("n")], noun="track")
    assert out.loc["Other (2 tracks)"].tolist() == [5, "–"] and list(out.index) == ["A", "Other (2 tracks)"]
    assert pool(raw, ["B"], [ProtectedColumn("n")]) is raw                  # one group alone: nothing to pool


@st.composite
def breakdowns(draw):
    k = draw(st.sampled_from([2, 5, 10]))
    n = draw(st.integers(2, 8))
    small = st.integers(0, 2 * k)
    a = draw(st.lists(st.one_of(small, st.integers(0, 60)), min_size=n, max_size=n))
    b = draw(st.lists(st.one_of(small, st.integers(0, 60)), min_size=n, max_size=n))
    raw = pd.DataFrame({"mentees": a, "mentors": b}, index=[f"G{i}" for i in range(n)])
    return raw, k


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(breakdowns())
def test_pooled_breakdowns_publish_no_small_count_and_no_hidden_count_can_be_narrowed(case):
    raw, k = case
    columns = [ProtectedColumn("mentees"), ProtectedColumn("mentors")]
    table = protect_breakdown(raw, k, name="t", dimension="d", columns=columns)
    shown = table.shown()
    for col in ("mentees", "mentors"):
        for v in shown[col]:
            assert v == MARK or not 0 < int(v) < k
    assert leaks(table.figures(), k) == []
    # pooled or not, no more cells are hidden than without pooling
    plain = disclosure.protect(raw, k, name="t", dimension="d", columns=columns)
    assert (shown == MARK).to_numpy().sum() <= (plain.shown() == MARK).to_numpy().sum()
    groups = [g for gs in pooled_groups(table).values() for g in gs]
    assert len(groups) != 1 and not set(groups) & set(table.body)


def test_every_group_small_is_not_pooled_into_other_alone():
    raw = pd.DataFrame({"n": [4, 3, 2]}, index=["A", "B", "C"])
    t = protect_breakdown(raw, 5, name="t", dimension="d", columns=[ProtectedColumn("n")])
    assert list(t.body) == ["A", "B", "C"] and pooled_groups(t) == {}
