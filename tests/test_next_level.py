"""Readiness essentials and the next-level plan (issue 18 items 1-2) on hand-built programs."""
import re
from pathlib import Path

import pandas as pd
import pytest

from program_factory import SAMPLES, make_program
from workbench import views
from workbench.io import load_program
from workbench.config import Charter, NextLevel
from workbench.essentials import BY_KEY, ESSENTIALS, checklist, checklist_sentence
from workbench.next_level import OTHER, plan, waves

ROOT = Path(__file__).resolve().parent.parent


def test_essentials_short_and_long_forms_and_typos():
    c = Charter.model_validate({"essentials": {"training": "partly", "program_manager": True,
                                               "launch_event": {"status": "no", "note": "in May"}}})
    assert c.essentials["program_manager"].status == "yes"        # YAML's yes is a boolean
    assert c.essentials["launch_event"].note == "in May"
    with pytest.raises(Exception, match="unknown essential 'trainng'"):
        Charter.model_validate({"essentials": {"trainng": "yes"}})
    with pytest.raises(Exception):
        Charter.model_validate({"essentials": {"training": "maybe"}})


def test_checklist_lists_what_is_missing_first_with_why():
    table = checklist({"program_manager": "yes", "launch_event": {"status": "no", "note": "in May"},
                       "training": "partly"})
    assert len(table) == len(ESSENTIALS)
    assert table["status"].tolist()[:2] == ["no", "partly"] and table["status"].iloc[-1] == "yes"
    assert table.loc[0, "note"] == "in May" and table.loc[0, "why it matters"] == BY_KEY["launch_event"].why
    assert table["why it matters"].iloc[-1] == ""                   # in place: nothing to explain
    assert checklist_sentence({}) == f"0 of {len(ESSENTIALS)} essentials in place and {len(ESSENTIALS)} not yet known."
    everything = {e.key: "yes" for e in ESSENTIALS}
    assert checklist_sentence(everything) == f"{len(ESSENTIALS)} of {len(ESSENTIALS)} essentials in place."
    assert checklist_sentence({**everything, "training": "partly"}) == \
        f"{len(ESSENTIALS) - 1} of {len(ESSENTIALS)} essentials in place and 1 partly or missing."


def test_docs_list_every_essential():
    doc = (ROOT / "docs" / "program.md").read_text()
    section = doc.split("#### `charter.essentials`", 1)[1].split("\n#", 1)[0]
    documented = re.findall(r"^\| `([a-z_]+)` \|", section, flags=re.M)
    assert documented == [e.key for e in ESSENTIALS]


@pytest.mark.parametrize("today,target,expected", [(25, 2500, [25, 250, 2500]), (25, 25, [25]),
                                                   (10, 11, [10, 11]), (60, 2500, [60, 387, 2500])])
def test_waves_grow_at_most_tenfold(today, target, expected):
    w = waves(today, target)
    assert w == expected
    assert all(b / a <= 10 + 1e-9 for a, b in zip(w, w[1:]))


def one_to_one_program(others=300, **extra):
    # ``others`` employees take no part; 12 mentees and 4 mentors in Sales, 6 mentees and 1 mentor in Legal (a small department)
    rows = [(f"S{i}", "mentee", "Sales") for i in range(12)] + [(f"L{i}", "mentee", "Legal") for i in range(6)]
    rows += [(f"M{i}", "mentor", "Sales") for i in range(4)] + [("ML", "mentor", "Legal")]
    people = [{"person_id": i, "role": r} for i, r, _ in rows]
    workforce = [{"employee_id": i, "department": d} for i, _, d in rows]
    workforce += [{"employee_id": f"X{i}", "department": "Sales"} for i in range(others)]
    return make_program(people, workforce, fmt="group", capacity=3, min_group_size=4, **extra)


def test_plan_waves_recruiting_and_small_departments():
    program = one_to_one_program()
    program.config.charter.next_level = NextLevel(participants=180, format="group")
    p = plan(program)
    assert p.waves["participants"].tolist() == [18, 180]
    assert p.waves["mentors needed"].tolist() == [6, 60]        # capacity 3
    assert p.waves["mentors to recruit"].tolist() == [1, 55]
    assert p.waves["program staff"].tolist() == [1, 3]
    # Legal has one mentor: its own figure would give that back; alone in "Other" it is left out
    assert "Legal" not in p.recruit_by_department.index and OTHER not in p.recruit_by_department.index
    assert p.recruit_by_department.loc["Sales", "wave of 180"] == 40 - 4   # 12/18 of 60, minus 4
    assert "55 more mentors" in p.sentence and "Stay with group" in p.model_change


def test_plan_projects_the_model_change_from_rounds():
    program = one_to_one_program()
    program.config.charter.next_level = NextLevel(participants=180)
    rel = pd.DataFrame({"relationship_id": ["R1", "R2", "R3"], "mentee_id": ["S0", "S1", "S2"],
                        "mentor_id": ["M0", "M1", "M2"], "round": pd.array([1, 2, 2], dtype="Int64")})
    rel2 = pd.DataFrame({"relationship_id": ["R4"], "mentee_id": ["S3"], "mentor_id": ["M3"],
                         "round": pd.array([3], dtype="Int64")})
    program.relationships = pd.concat([rel, rel2, pd.DataFrame({"relationship_id": ["R5", "R6"],
                                       "mentee_id": ["S4", "S5"], "mentor_id": ["M0", "M1"],
                                       "round": pd.array([3, 3], dtype="Int64")})], ignore_index=True)
    p = plan(program)   # mentors per round 1, 2, 3: one more per round; 18 mentees, 5 mentors
    assert "grew by 1 per round" in p.model_change and "13 more round" in p.model_change


def test_no_next_level_plans_to_what_the_workforce_allows():
    # 323 employees, groups of 3: n + n / 3 <= 323 gives at most 242 mentees (and 81 mentors)
    p = plan(one_to_one_program())
    assert p.waves["participants"].tolist() == [18, 66, 242]
    assert "no next level" in p.sentence and "323 employees" in p.sentence
    assert "charter." not in p.sentence                         # no configuration syntax


def test_a_company_smaller_than_a_plan_stage_is_never_planned_beyond_its_people():
    """A next level of 2,500 in a company of 73: never more mentees than the employees allow."""
    program = one_to_one_program(others=50)
    program.config.charter.next_level = NextLevel(participants=2500, format="group")
    p = plan(program)
    assert p.waves["participants"].max() == 54                  # 73 * 3 / 4
    last = p.waves.iloc[-1]
    assert last["participants"] + last["mentors needed"] <= 73
    assert "more than the workforce allows." in p.sentence and "2,500" in p.sentence


def test_one_plan_one_count_of_checkins():
    from workbench import goals
    program = one_to_one_program()
    program.config.charter.next_level = NextLevel(participants=180, format="group")
    scale = goals.scale_plan(program, seats_per_mentor=3)
    assert scale["mentees"].tolist() == plan(program).waves["participants"].tolist()
    assert scale["check-ins per month"].tolist() == plan(program).waves["check-ins per month"].tolist()


from hypothesis import given, settings, strategies as st  # noqa: E402

from workbench.next_level import apportion  # noqa: E402


@settings(max_examples=200, deadline=None)
@given(st.lists(st.floats(0.01, 100), min_size=1, max_size=8), st.integers(0, 500))
def test_apportion_adds_up_and_stays_within_one_of_the_exact_share(weights, total):
    w = pd.Series(weights, index=[f"d{i}" for i in range(len(weights))])
    got = apportion(w, total)
    assert int(got.sum()) == total
    exact = w / w.sum() * total
    assert ((got - exact).abs() < 1).all()


@settings(max_examples=25, deadline=None)
@given(st.lists(st.tuples(st.integers(5, 30), st.integers(0, 8)), min_size=2, max_size=5),
       st.integers(2, 6))
def test_recruiting_by_department_adds_up_to_the_wave(depts, growth):
    """Every department large enough to be shown: each wave's column adds up to the mentors that
    wave recruits (the circles program read 24 by department against 23 in total)."""
    people, workforce = [], []
    for d, (mentees, mentors) in enumerate(depts):
        people += [{"person_id": f"T{d}-{i}", "role": "mentee"} for i in range(mentees)]
        people += [{"person_id": f"M{d}-{i}", "role": "mentor"} for i in range(mentors)]
        workforce += [{"employee_id": f"T{d}-{i}", "department": f"D{d}"} for i in range(mentees)]
        workforce += [{"employee_id": f"M{d}-{i}", "department": f"D{d}"} for i in range(mentors)]
        workforce += [{"employee_id": f"X{d}-{i}", "department": f"D{d}"} for i in range(40 * mentees)]
    program = make_program(people, workforce, fmt="group", capacity=3, min_group_size=1)
    total = sum(m for m, _ in depts)
    program.config.charter.next_level = NextLevel(participants=total * growth, format="group")
    p = plan(program)
    for _, w in p.waves.iloc[1:].iterrows():
        column = p.recruit_by_department[f"wave of {w['participants']:,}"]
        assert int(column.sum()) == int(w["mentors to recruit"])


def test_departments_all_planned_together_read_as_a_sentence_not_a_lone_row():
    """onboarding-pilot: every department is small, so recruiting by department would be one
    "Other departments" row repeating the plan's own column: a sentence says so instead."""
    page = views.goal_setting(load_program(SAMPLES / "onboarding-pilot"))
    assert page["next_level"].table is None
    assert "planned together" in page["next_level"].text
    big = views.goal_setting(load_program(SAMPLES / "leadership-accelerator"))["next_level"].table
    assert big is not None and len(big) > 1
