"""Stage 3 view (``views.match_optimization``): known answers on hand-built programs, what page 3
publishes (client exports, analyst list, headlines), and that its protection is what keeps the
attacker out (switching it off fails)."""
from __future__ import annotations

import html
import json

import pandas as pd
import pytest

from workbench import disclosure, views
from workbench.disclosure import MARK
from workbench.views.stage3 import VIEW, match_optimization

from workbench.io import load_program

from program_factory import SAMPLES, make_program
from test_attacker import leaks, unregistered_numbers


def three_departments(k, sales_mentors=1, groups=None, capacity=3):
    """Eng 6 mentees / 2 mentors of 3 seats, Ops 5 / 1 of 4, Sales 4 / 1 of 2, time zones far
    apart and a 2-hour rule: everyone is matched in their department, so Eng 6 of 6, Ops 4 of 5,
    Sales 2 of 4 are matched: 12 of 15, 3 left out (every allowed mentor full). ``groups``:
    other departments, ``(name, time zone, mentees, mentors, seats each)``."""
    wf, people = [], []
    groups = groups or (("Eng", 0, 6, 2, 3), ("Ops", 10, 5, 1, 4), ("Sales", -10, 4, sales_mentors, 2))
    for dept, tz, mentees, mentors, cap in groups:
        for i in range(mentees):
            wf.append({"employee_id": f"{dept}T{i}", "department": dept, "level": 1, "timezone": float(tz)})
            people.append({"person_id": f"{dept}T{i}", "role": "mentee"})
        for i in range(mentors):
            wf.append({"employee_id": f"{dept}M{i}", "department": dept, "level": 4, "timezone": float(tz)})
            people.append({"person_id": f"{dept}M{i}", "role": "mentor", "capacity": cap})
    return make_program(people, wf, fmt="group", capacity=capacity, min_group_size=k,
                        matching={"criteria": [{"kind": "same", "field": "department", "weight": 1}],
                                  "rules": {"max_timezone_gap": 2, "no_reporting_line": False}})


def rows(section):
    return dict(section.frame().values.tolist())


def test_known_answer_at_k3_shows_what_is_large_enough():
    page = match_optimization(three_departments(3))
    assert rows(page["summary"]) == {"Mentees to match": "15", "Matched": "12 (80 %)", "Mentors used": "4",
                                     "Mean pair score": "100 %", "Lowest pair score": "100 %",
                                     "Objective": "highest total score"}
    # Ops leaves 1 out and Sales 2 (under 3): their matched and coverage are hidden, together
    # holding 3 not matched and 6 matched, so the totals give neither back
    assert page["coverage"].frame().to_dict("index") == {
        "Eng": {"mentees": "6", "matched": "6", "coverage": "100 %"},
        "Ops": {"mentees": "5", "matched": MARK, "coverage": MARK},
        "Sales": {"mentees": "4", "matched": MARK, "coverage": MARK},
        "Total": {"mentees": "15", "matched": "12", "coverage": "80 %"}}
    assert page["unmatched"].frame()["mentees"].to_dict() == {"every allowed partner full": "3", "Total": "3"}
    assert page.headlines["Mentees matched"][0] == "80 %"
    assert page.headlines["Mean pair score"][0] == "100 %"
    assert page["summary"].text.startswith("12 of 15 mentees get a mentor")
    assert "main reason for the rest: every allowed partner full" in page["summary"].text
    assert page["circles"].text == "" and page["circles"].table is None    # no circles: no section
    assert leaks(page.figures(), 3) == []
    assert unregistered_numbers(page, 3) == []


def test_known_answer_at_k5_hides_the_matched_count_with_three_left_out():
    program = three_departments(5)
    page = match_optimization(program)
    summary = rows(page["summary"])
    assert summary["Mentees to match"] == "15" and summary["Matched"] == MARK
    # a mean over the 12 matched is not a figure of a small group: the scores stay
    assert summary["Mean pair score"] == "100 %" and summary["Lowest pair score"] == "100 %"
    assert page.headlines["Mean pair score"][0] == "100 %"
    assert page.headlines["Mentees matched"][0] == MARK
    assert set(page["unmatched"].frame()["mentees"]) == {MARK}  # 15 - 12: the total would give it
    cov = page["coverage"].frame()
    assert cov.at["Total", "matched"] == MARK and cov.at["Total", "coverage"] == MARK
    assert "hidden" in page["summary"].text and "12" not in page["summary"].text
    assert not page["why"].chart.data.empty
    figures = [f for build in views.PAGES.values() for f in build(program).figures()]
    assert leaks(figures, 5) == []
    assert unregistered_numbers(page, 5) == []


def test_fewer_than_k_matched_hides_their_scores():
    """Eng matches 4 of its 6 (one mentor of 4 seats), the others cannot be matched: 4 matched,
    under k = 5, so the mean and lowest pair score (means over those 4) are hidden too."""
    program = three_departments(5, groups=(("Eng", 0, 6, 1, 4), ("Ops", 10, 5, 0, 0)), capacity=4)
    page = match_optimization(program)
    summary = rows(page["summary"])
    assert summary["Matched"] == MARK
    assert summary["Mean pair score"] == MARK and summary["Lowest pair score"] == MARK
    assert page.headlines["Mean pair score"][0] == MARK
    assert page["why"].chart is None and "fewer than 5 are matched" in page["why"].text
    assert leaks(page.figures(), 5) == []


def test_everyone_still_with_the_company_matched_says_so_with_the_count_hidden():
    """onboarding-pilot: 25 mentees, a few left the company, everyone else matched. The count is
    hidden (the leavers could be counted from it); the share, 100 %, and the scores are not."""
    page = match_optimization(load_program(SAMPLES / "onboarding-pilot"))
    summary = rows(page["summary"])
    assert summary["Matched"] == "every mentee still with the company"
    assert summary["Mean pair score"].endswith("%") and summary["Mean pair score"] != MARK
    assert page.headlines["Mentees matched"][0] == "100 %"
    assert page["summary"].text.startswith("Every mentee still with the company gets a mentor")
    assert leaks(page.figures(), 5) == []


def test_one_small_not_matched_hides_its_matched_and_the_totals():
    """Sales now matches all 4: only Ops leaves anyone out (1). Its matched (4 of its 5) would
    give the 1 back, so it is hidden, and so are the totals (15 - 14 = 1 left out); with the
    total hidden, Eng and Sales can be shown."""
    page = match_optimization(three_departments(3, sales_mentors=2))
    cov = page["coverage"].frame()
    assert cov.at["Ops", "matched"] == MARK and cov.at["Ops", "mentees"] == "5"
    assert cov.loc[["Eng", "Sales"], "matched"].tolist() == ["6", "4"]
    assert set(page["unmatched"].frame()["mentees"]) == {MARK}
    assert cov.at["Total", "matched"] == MARK
    assert rows(page["summary"])["Matched"] == MARK
    assert leaks(page.figures(), 3) == []


def test_switching_protection_off_in_the_view_publishes_small_figures():
    program = three_departments(5)
    with disclosure.disabled(VIEW):
        page = match_optimization(program)
    assert rows(page["summary"])["Matched"] == "12 (80 %)"
    assert page["coverage"].frame().at["Sales", "matched"] == "2"
    assert leaks(page.figures(), 5)     # the audit sees what the protection kept back


def test_why_chart_states_its_figures_and_escapes_names():
    program = three_departments(3)
    crit = program.config.matching.criteria[0].model_copy(update={"name": "<b>dept</b>"})
    program.config = program.config.model_copy(update={"matching": program.config.matching.model_copy(
        update={"criteria": [crit]})})
    page = match_optimization(program)
    chart = page["why"].chart
    assert chart.alt == "Horizontal bar chart. What the matches have in common. <b>dept</b> 100 %."
    assert "<b>" not in chart._repr_html_() and "&lt;b&gt;dept&lt;/b&gt;" in chart._repr_html_()
    assert [f.value for f in chart.figures] == [100.0]


def test_publish_keeps_ids_in_the_analyst_folder(tmp_path):
    page = match_optimization(three_departments(3))
    page.publish(tmp_path)
    assert not (tmp_path / "exports" / "matching.csv").exists()
    ids = pd.read_csv(tmp_path / "analyst" / "matching.csv")
    assert {"mentee", "mentor", "score"} <= set(ids.columns) and len(ids) == 12
    assert "NOT for the client" in (tmp_path / "analyst" / "README.txt").read_text()
    client = pd.read_csv(tmp_path / "exports" / "match_coverage.csv", dtype=str)
    assert list(client.columns) == ["department", "mentees", "matched", "coverage"]
    assert client.set_index("department").at["Sales", "matched"] == MARK
    heads = json.loads((tmp_path / "headlines.json").read_text())
    assert heads == {"Mentees matched": "80 %", "Mean pair score": "100 %"}


@pytest.fixture
def circle_program():
    """Six members, two tracks of three (same track scores 1), one facilitator; circles of 3, k = 4."""
    people = [{"person_id": f"E{i}", "role": "mentee", "track": "A" if i < 3 else "B"} for i in range(6)]
    people.append({"person_id": "F1", "role": "mentor", "track": "A"})
    wf = [{"employee_id": p["person_id"]} for p in people]
    return make_program(people, wf, fmt="circles", circle_size=3, min_group_size=4,
                        matching={"criteria": [{"kind": "same", "field": "track"}],
                                  "rules": {"no_reporting_line": False}})


def test_circles_hide_sizes_under_k(circle_program):
    page = match_optimization(circle_program)
    table = page["circles"].frame()
    assert list(table.columns) == ["people", "facilitator", "mean fit"]
    assert table.loc[["Circle 1", "Circle 2"], "people"].tolist() == [MARK, MARK]   # 3 < 4
    assert table.at["Total", "people"] == "6"
    assert set(table.loc[["Circle 1", "Circle 2"], "mean fit"]) == {MARK}
    assert sorted(table.loc[["Circle 1", "Circle 2"], "facilitator"]) == ["none fits every member", "yes"]
    summary = rows(page["summary"])
    assert summary["Circles"] == "2" and summary["Placed in a circle with a fitting partner"] == "6 (100 %)"
    assert "Every" in page["unmatched"].text or page["unmatched"].table is None
    assert leaks(page.figures(), 4) == []
    assert unregistered_numbers(page, 4) == []


def test_circles_show_sizes_from_k(circle_program):
    circle_program.config = circle_program.config.model_copy(update={"min_group_size": 3})
    page = match_optimization(circle_program)
    assert page["circles"].frame()["people"].tolist() == ["3", "3", "6"]
    assert rows(page["summary"])["Circles"] == "2 (sizes 3, 3)"
    assert page["circles"].frame()["mean fit"].tolist()[:2] == ["100 %", "100 %"]


def test_peer_pairs_counted_once():
    people = [{"person_id": f"E{i}", "role": "peer"} for i in range(4)]
    wf = [{"employee_id": f"E{i}", "department": "Eng" if i < 2 else "Ops"} for i in range(4)]
    prog = make_program(people, wf, fmt="peer", min_group_size=2,
                        matching={"criteria": [{"kind": "different", "field": "department"}]})
    page = match_optimization(prog)
    assert rows(page["summary"])["Pairs"] == "2" and rows(page["summary"])["Paired"] == "4 (100 %)"
    assert page["by_hand"].frame().set_index("").loc["Pairs"].tolist() == ["0", "2"]
    assert page["summary"].text.startswith("4 of 4 peers have a partner")
    assert page["unmatched"].text == "Every mentee is matched." or "Every" in page["unmatched"].text


def test_every_section_is_there_and_sentences_escape(circle_program):
    page = match_optimization(circle_program)
    assert list(page.sections) == ["intro", "criteria", "summary", "circles", "by_hand", "why",
                                   "unmatched", "coverage", "mode", "frontier", "take"]   # last 3: views/modes.py
    assert page.name == "03_match_optimization" and views.PAGES[page.name] is match_optimization
    for s in page.sections.values():
        assert "<" not in html.unescape(s.text).replace("<b>", "") or "&lt;" in s.text


def test_circles_mean_fit_is_one_figure_on_the_page():
    """women-leadership-circles: the summary's mean fit and the comparison's optimal column are
    the same figure (a pair a rule forbids adds nothing on both; it read 67 % against 71 %)."""
    page = match_optimization(load_program(SAMPLES / "women-leadership-circles"))
    mean = rows(page["summary"])["Mean fit of two members of a circle"]
    by_hand = page["by_hand"].frame().set_index("")
    assert by_hand.loc["Mean fit of two members"].iloc[1] == mean
