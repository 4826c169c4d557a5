"""Stage 1 and 2 views: known answers on hand-built programs; escaping; charts; publishing."""
import html
import json

import pandas as pd

from workbench import disclosure, views
from workbench.views.stage1 import demand_table

from program_factory import make_program

EVIL = '<img src=x onerror="alert(1)">'


def _program(k=5, dept_names=("Eng", "Sales", "HR")):
    eng, sales, hr = dept_names
    wf, people = [], []
    for dept, mentees, mentors in ((eng, 20, 6), (sales, 12, 5), (hr, 2, 1)):
        for i in range(mentees):
            wf.append({"employee_id": f"{dept}-T{i}", "department": dept, "level": 1})
            people.append({"person_id": f"{dept}-T{i}", "role": "mentee", "wants": ("sql",)})
        for i in range(mentors):
            wf.append({"employee_id": f"{dept}-M{i}", "department": dept, "level": 4})
            people.append({"person_id": f"{dept}-M{i}", "role": "mentor", "offers": ("sql",),
                           "capacity": 3})
    return make_program(people, wf, fmt="group", capacity=3, min_group_size=k)


OTHER = "Other (2 departments)"


def test_demand_table_known_answer():
    t = demand_table(_program(), "test").shown()
    assert t.loc["Eng"].tolist() == ["20", "6", "18", "2"]
    # HR (2 mentees, 1 mentor) alone would be hidden with Sales as its complement: the two are
    # pooled and published as one row instead (14 = 12 + 2 mentees, 6 = 5 + 1 mentors)
    assert list(t.index) == ["Eng", OTHER, "Total"]
    assert t.loc[OTHER].tolist() == ["14", "6", "18", "-4"]
    assert t.loc["Total"].tolist() == ["34", "12", "36", "-2"]


def test_same_groups_pooled_on_both_pages():
    prog = _program()
    one, two = views.goal_setting(prog), views.segmentation(prog)
    shown_one = one["demand"].table.hidden
    same = demand_table(prog, "02_segmentation").hidden[list(shown_one.columns)]
    assert shown_one.equals(same) and shown_one.to_numpy().sum() == 0
    drawn_one = set(one["demand"].chart.data.index)
    drawn_two = set(two["demand"].chart.data.index)
    assert drawn_one == drawn_two == {"Eng", OTHER}


def test_chart_alt_text_states_the_figures_and_what_is_left_out():
    chart = views.goal_setting(_program())["demand"].chart
    assert "Eng: mentees 20, mentor seats 18" in chart.alt
    assert f"{OTHER}: mentees 14, mentor seats 18" in chart.alt
    assert "HR" not in chart.alt and "Sales" not in chart.alt and not chart.caption
    page = chart._repr_html_()
    assert page.startswith("<figure") and "<svg" in page and f'aria-label="{html.escape(chart.alt)}"' in page
    two = _program()                  # Eng and HR: HR hidden, Eng with it; no chart, one sentence
    two.people = two.people[~two.people["person_id"].str.startswith("Sales")]
    demand = views.goal_setting(two)["demand"]
    assert demand.chart is None and demand.table is None and "HR" not in demand.text
    assert "In the whole program: 22 mentees, 7 mentors and 21 mentor seats." in demand.text


def test_hostile_names_are_escaped_in_sentences_tables_and_alt_text():
    prog = _program(k=2, dept_names=(EVIL, "Sales", "HR"))
    prog.config = prog.config.model_copy(update={"client": EVIL})
    for build in views.PAGES.values():
        page = build(prog)
        for key, section in page.sections.items():
            assert "<img" not in section.text, key
            frame = section.frame()
            if frame is not None:
                from workbench.render import table
                assert "<img" not in table(frame, index=section.index).to_html(), key
            if section.chart is not None:
                assert "<img src=x" not in section.chart._repr_html_().replace(
                    '<img src="data:image/png', "")


def test_page_publishes_protected_exports_and_headlines(tmp_path):
    page = views.segmentation(_program())
    page.publish(tmp_path)
    heads = json.loads((tmp_path / "headlines.json").read_text())
    assert heads == {"Needs short of mentor seats": "0"}
    tracks = pd.read_csv(tmp_path / "exports" / "tracks.csv")
    assert not (tmp_path / "analyst").exists()
    assert tracks["mentees"].astype(str).isin(["hidden"] + [str(n) for n in range(5, 40)]).all()


def test_switch_is_scoped_to_the_view_named():
    prog = _program()
    with disclosure.disabled("02_segmentation"):   # nothing pooled, nothing hidden there
        assert OTHER in demand_table(prog, "01_goal_setting").body
        assert "HR" in demand_table(prog, "02_segmentation").body
    assert OTHER in demand_table(prog, "02_segmentation").body


def test_apostrophes_in_sentences_render_as_apostrophes():
    import mistune   # nbconvert's Markdown renderer
    from workbench.views.base import plain, safe
    for text in (plain("The mentees' needs"), safe("{x} needs", x="O'Neil")):
        page = html.unescape(mistune.html(text))
        assert "'" in page and "x27" not in page
