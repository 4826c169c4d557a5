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


def test_demand_table_known_answer():
    t = demand_table(_program(), "test").shown()
    assert t.loc["Eng"].tolist() == ["20", "6", "18", "2"]
    # HR (2 mentees, 1 mentor) hidden; Sales hidden with it in both columns, so 34 - 20 = 14
    # is all a reader learns; the seats follow the mentors, the gap follows both
    assert t.loc["HR"].tolist() == ["hidden"] * 4
    assert t.loc["Sales", "mentees"] == "hidden" and t.loc["Sales", "mentor_seats"] == "hidden"
    assert t.loc["Total"].tolist() == ["34", "12", "36", "-2"]


def test_same_groups_hidden_on_both_pages():
    prog = _program()
    one, two = views.goal_setting(prog), views.segmentation(prog)
    shown_one = one["demand"].table.hidden
    same = demand_table(prog, "02_segmentation").hidden[list(shown_one.columns)]
    assert shown_one.equals(same) and shown_one.to_numpy().sum() == 6
    drawn_one = set(one["demand"].chart.data.index)
    drawn_two = set(two["demand"].chart.data.index)
    assert drawn_one == drawn_two == {"Eng"}


def test_chart_alt_text_states_the_figures_and_what_is_left_out():
    chart = views.goal_setting(_program())["demand"].chart
    assert "Eng: mentees 20, mentor seats 18" in chart.alt
    assert "HR" not in chart.alt and "Sales" not in chart.alt
    assert "2 departments not drawn" in chart.caption and chart.caption in chart.alt
    page = chart._repr_html_()
    assert page.startswith("<figure") and "<svg" in page and f'aria-label="{html.escape(chart.alt)}"' in page


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
    with disclosure.disabled("02_segmentation"):
        assert demand_table(prog, "01_goal_setting").hidden.to_numpy().any()
        assert not demand_table(prog, "02_segmentation").hidden.to_numpy().any()
    assert demand_table(prog, "02_segmentation").hidden.to_numpy().any()


def test_apostrophes_in_sentences_render_as_apostrophes():
    import mistune   # nbconvert's Markdown renderer
    from workbench.views.base import plain, safe
    for text in (plain("The mentees' needs"), safe("{x} needs", x="O'Neil")):
        page = html.unescape(mistune.html(text))
        assert "'" in page and "x27" not in page


def test_a_peer_program_reads_in_peers_on_page_1():
    """peer-skills-exchange: peers count on both sides, so page 1 shows them once ("Peers by
    department"), its scale plan has no mentor columns of zeros, and its match-rate KPI is
    defined for peers, not "mentees who have a mentor"."""
    from pathlib import Path
    from workbench.io import load_program
    program = load_program(Path(__file__).resolve().parents[1] / "data" / "programs" / "peer-skills-exchange")
    page = views.goal_setting(program)
    demand = page["demand"].frame()
    assert list(demand.columns) == ["peers"] and demand.at["Total", "peers"] == "40"
    assert page["demand"].chart.title == "Peers by department"
    assert not {"mentors needed", "mentors to recruit"} & set(page["scale"].frame().columns)
    definitions = " ".join(page["kpis"].frame()["definition"])
    assert "peers who have a partner" in definitions and "mentees who have a mentor" not in definitions
    # readiness: peers pair among themselves (it read "40 mentors cover 40 mentees one-to-one")
    assert page["readiness"].text.startswith("Peers pair up among themselves")
    assert "mentors cover" not in page["readiness"].text
    assert page.headlines["Recommended format"][0] == "peer"


def test_a_peer_program_reads_in_peers_on_page_2():
    """peer-skills-exchange's needs: peers want from and offer to one another, so page 2's needs
    tables and sentence speak of peers, not of mentees and mentor seats."""
    from pathlib import Path
    from workbench.io import load_program
    program = load_program(Path(__file__).resolve().parents[1] / "data" / "programs" / "peer-skills-exchange")
    page = views.segmentation(program)
    assert list(page["skills"].shown_frame().columns) == ["peers wanting", "peers offering", "places offering"]
    assert "peers to invite" in page["unmet"].shown_frame().columns
    # the tracks export keeps its contract columns; the page prints peers
    tracks = page["tracks"]
    assert {"mentees", "mentors_who_fit"} <= set(tracks.frame().columns)
    assert {"peers", "peers who fit"} <= set(tracks.shown_frame().columns)
    assert "gathers" in tracks.text and "mentees" not in tracks.text and "mentors" not in tracks.text
    assert "fewer peers offering than peers wanting" in page["unmet"].text
    assert "mentor" not in page["unmet"].text
