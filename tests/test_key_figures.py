"""Issue 30: key figures as typed values with definitions that hold (known answers on small
hand-built programs); each test fails when its fix is reverted."""
import json


from program_factory import make_program
from workbench.disclosure import MARK
from workbench.present import KeyFigure, read_figures
from workbench.views import goal_setting, match_optimization, segmentation
from workbench.views.base import Page, Section, headline


def needs_program(mentors=2, capacity=7, wanting=18):
    """``wanting`` mentees want "finance"; ``mentors`` mentors offer it with ``capacity`` seats
    each; 20 more mentors offer "sales" (enough seats) so the totals are published."""
    people = [{"person_id": f"E{i}", "role": "mentee", "wants": ("finance",)} for i in range(wanting)]
    people += [{"person_id": f"F{i}", "role": "mentor", "offers": ("finance",), "capacity": capacity}
               for i in range(mentors)]
    people += [{"person_id": f"S{i}", "role": "mentor", "offers": ("sales",), "capacity": 1} for i in range(20)]
    wf = [{"employee_id": p["person_id"], "level": 1 if p["role"] == "mentee" else 4} for p in people]
    return make_program(people, wf, fmt="group", capacity=capacity)


def test_a_need_whose_seats_are_hidden_is_hidden_not_not_short():
    """18 mentees want finance; 2 mentors (under k = 5) offer 14 seats: the seats are hidden, so
    whether the need is short cannot be published, and the headline never reads 0."""
    page = segmentation(needs_program())
    skills = page["skills"].frame()
    assert skills.at["finance", "seats offering"] == MARK
    key = page.headlines["Needs short of mentor seats"].key
    assert key.hidden and key.value is None and key.text == MARK
    assert page.headlines["Needs short of mentor seats"][0] != "0"
    assert "cannot be said" in page["unmet"].text


def test_a_published_need_short_is_counted():
    page = segmentation(needs_program(mentors=5, capacity=2))      # 10 seats for 18 mentees
    key = page.headlines["Needs short of mentor seats"].key
    assert key.value == 1 and key.text == "1" and not key.hidden
    assert page["unmet"].text.startswith("1 need among those large enough to report has fewer")


def test_the_proposed_matching_does_not_count_leavers_as_unmatched():
    """10 mentees, 10 mentors; 5 mentees left before the snapshot: 5 of 5 still here matched (100 %),
    never 5 of 10 (50 %)."""
    import pandas as pd
    people = [{"person_id": f"E{i}", "role": "mentee"} for i in range(10)]
    people += [{"person_id": f"M{i}", "role": "mentor", "capacity": 1} for i in range(10)]
    wf = [{"employee_id": f"E{i}", "level": 1,
           "exit_date": pd.Timestamp("2025-06-01") if i < 5 else pd.NaT} for i in range(10)]
    wf += [{"employee_id": f"M{i}", "level": 4} for i in range(10)]
    page = match_optimization(make_program(people, wf, min_group_size=5))
    key = page.headlines["Mentees matched"].key
    assert key.value == 1.0 and key.text == "100 %"
    assert "5 who left the company are not counted as unmatched" in page["summary"].text
    assert "main reason for the rest" not in page["summary"].text


def test_headlines_are_typed_and_published_beside_their_text(tmp_path):
    page = goal_setting(needs_program(mentors=5, capacity=2))
    key = page.headlines["Mentees / mentor seats"].key
    assert key.kind == "ratio" and key.parts == (18.0, 30.0) and key.text == "18 / 30"
    page.publish(tmp_path)
    heads = json.loads((tmp_path / "headlines.json").read_text())
    typed = read_figures(tmp_path)
    assert heads["Mentees / mentor seats"] == typed["Mentees / mentor seats"].text == "18 / 30"
    assert typed["Mentees / mentor seats"].definition          # every key figure has its glossary line


def test_a_hidden_figure_never_reads_zero():
    for f in (KeyFigure.share("x", None), KeyFigure.count("x", None), KeyFigure.ratio("x", None, 3),
              KeyFigure.withheld("x")):
        assert f.hidden and f.value is None and "0" not in f.text


def test_a_bare_headline_keeps_its_text_as_words():
    page = Page("p", {"s": Section("s")}, {"Format": headline("group")})
    assert page.key_figures()["Format"] == KeyFigure("Format", "group", definition=page.key_figures()["Format"].definition)
    assert page.key_figures()["Format"].value is None


def test_tenure_bands_and_career_stages_read_in_their_order():
    import pandas as pd

    from workbench import segments
    people = [{"person_id": f"P{i}", "role": "mentee"} for i in range(12)]
    hires = ["2025-10-01"] * 2 + ["2015-01-01"] * 6 + ["2023-01-01"] * 4   # most are 7+ years
    wf = [{"employee_id": f"P{i}", "hire_date": pd.Timestamp(h), "level": 5 if i < 8 else 1}
          for i, h in enumerate(hires)]
    program = make_program(people, wf)
    assert list(segments.profile_counts(program, "tenure_band").index) == ["under 1 year", "3-7 years", "7+ years"]
    assert list(segments.profile_counts(program, "career_stage").index) == ["early", "senior"]


def test_prose_columns_are_left_aligned_figures_stay_right(monkeypatch):
    import IPython.display
    import pandas as pd
    shown = []
    monkeypatch.setattr(IPython.display, "display", lambda obj: shown.append(obj))
    Section("s", table=pd.DataFrame({"reason": ["left the company", "every partner full"],
                                     "mentees": ["12", "hidden"]}), index=False)._ipython_display_()
    html = next(o for o in shown if hasattr(o, "to_html")).to_html()
    import re
    rules = re.findall(r"([^{}]*)\{\s*text-align: left;\s*\}", html)
    selectors = " ".join(rules)
    assert "th.col_heading.col0" in selectors and "row0_col0" in selectors and "row1_col0" in selectors
    assert "col1" not in selectors                          # the counts stay right-aligned


from hypothesis import given, settings
from hypothesis import strategies as st


@settings(max_examples=40, deadline=None)
@given(others=st.integers(0, 400), capacity=st.integers(1, 6), target=st.integers(1, 50_000))
def test_no_plan_ever_needs_more_people_than_the_company_has(others, capacity, target):
    """Property: whatever the charter asks, every wave's mentees and the mentors they need are
    employees (beyond today's program, which is what it is)."""
    from workbench.config import NextLevel
    from workbench.next_level import eligible, plan
    people = [{"person_id": f"E{i}", "role": "mentee"} for i in range(6)]
    people += [{"person_id": f"M{i}", "role": "mentor", "capacity": capacity} for i in range(2)]
    wf = [{"employee_id": p["person_id"]} for p in people] + [{"employee_id": f"X{i}"} for i in range(others)]
    program = make_program(people, wf, fmt="group", capacity=capacity)
    program.config.charter.next_level = NextLevel(participants=target, format="group")
    waves = plan(program).waves
    for _, w in waves.iloc[1:].iterrows():
        assert w["participants"] + w["mentors needed"] <= eligible(program)
    assert waves["participants"].iloc[-1] <= max(6, target)


@given(st.builds(KeyFigure.share, st.text(max_size=20), st.one_of(st.none(), st.floats(0, 1))))
def test_a_key_figure_survives_its_file(f):
    assert KeyFigure.from_dict(json.loads(json.dumps(f.to_dict()))) == f


def test_the_kpi_tables_yes_no_columns_read_from_the_left(monkeypatch):
    """Issue 30: page 1's "Measurable" and "Specific?" (all "yes" on onboarding-pilot) were
    right-aligned like figures; they are words, left-aligned, while the targets stay right."""
    import re
    import IPython.display
    from program_factory import kpi_program
    from workbench.views.stage1 import goal_setting
    shown = []
    monkeypatch.setattr(IPython.display, "display", lambda obj: shown.append(obj))
    section = goal_setting(kpi_program(kpis=[{"name": "Cadence", "metric": "meeting_cadence", "target": 0.7,
                                              "baseline": 0.5, "due": "2026-06-30", "population": "mentees"}]))["kpis"]
    section._ipython_display_()
    styler = next(o for o in shown if hasattr(o, "to_html"))
    columns = list(styler.data.columns)
    assert styler.data.at[0, "Measurable"] == "yes" and styler.data.at[0, "Specific?"] == "yes"
    left = " ".join(re.findall(r"([^{}]*)\{\s*text-align: left;\s*\}", styler.to_html()))
    for name in ("Measurable", "Specific?", "Definition"):
        assert f"th.col_heading.col{columns.index(name)}" in left, name
    assert f"th.col_heading.col{columns.index('Target')}" not in left
