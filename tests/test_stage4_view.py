"""Page 4 (KPI review) as a view: known answers on a hand-built program (tests/program_factory.kpi_program)."""
from program_factory import kpi_program

from workbench import disclosure, present
from workbench.views.stage4 import at_risk_output, kpi_review


def test_small_statuses_and_leavers_are_hidden_with_known_answers():
    page = kpi_review(kpi_program())                 # 26 on track, 2 idle, 2 ended early; 3 of 30 left
    eng = page["engagement"].frame()
    assert eng.at["Total", "pairs"] == "30"
    assert eng.at["idle", "pairs"] == disclosure.MARK and eng.at["ended early", "pairs"] == disclosure.MARK
    assert page.headlines["Pairs on track"][0] == disclosure.MARK   # 26 = 30 - two hidden cells
    assert page.headlines["Pairs at risk"][0] == disclosure.MARK    # 2 idle < 5
    out = page["outcomes"].frame()
    assert set(out["Rate, participants"]) == {disclosure.MARK}     # 3 leavers < 5
    assert set(out["Rate, others"]) == {"10 %"}                    # 20 of 200


def test_large_groups_are_published_with_known_answers():
    page = kpi_review(kpi_program(leavers=10, idle=6, ended=6))
    eng = page["engagement"].frame()
    assert (eng.at["on track", "pairs"], eng.at["idle", "pairs"], eng.at["ended early", "pairs"]) == ("18", "6", "6")
    # a share of the 24 current pairs (18 on track, 6 idle): the 6 ended pairs are not counted
    assert page.headlines["Pairs on track"][0] == "75 %"
    assert page.headlines["Pairs on track"].key.value == 0.75
    assert page.headlines["Pairs at risk"][0] == "6"                 # 6 idle, none needing a check-in
    assert set(page["outcomes"].frame()["Rate, participants"]) == {"33 %"}


def test_exports_keep_their_names_and_the_at_risk_list_stays_off_the_page():
    program = kpi_program()
    page = kpi_review(program)
    assert set(page.exports) == {"outcomes", "kpi_scorecard", "weight_suggestions"}
    frames = page.export_frames()
    assert list(frames["weight_suggestions"].columns) == ["criterion", "weight", "suggested", "advice", "evidence"]
    risk = at_risk_output(program)
    assert len(risk) == 2 and set(risk["relationship_id"]) == {"R0", "R1"}
    text = "\n".join(page.texts())
    assert "E0" not in text and "R0" not in text


def test_page_text_has_no_raw_reprs():
    page = kpi_review(kpi_program(leavers=10, idle=6, ended=6))
    shown = [s for k, s in page.sections.items() if not k.endswith("_export")]
    text = "\n".join(t for s in shown for t in s.texts() if t)
    assert present.raw_reprs(text) == []


def test_turning_protection_off_publishes_the_small_counts():
    program = kpi_program()
    with disclosure.disabled("04_kpi_review"):
        page = kpi_review(program)
    assert page["engagement"].frame().at["idle", "pairs"] == "2"


def test_pairs_at_risk_is_hidden_with_protection_on_and_shown_with_it_off():
    """The headline's figure is audited like a cell: hidden at k = 5 for 2 idle pairs, 2 with protection off."""
    program = kpi_program()
    head, figs = kpi_review(program).headlines["Pairs at risk"]
    assert head == disclosure.MARK and figs[0].hidden and figs[0].true == 2 and figs[0].people
    with disclosure.disabled("04_kpi_review"):
        open_page = kpi_review(program)
    assert open_page.headlines["Pairs at risk"][0] == "2"


# ---- issue 30: key figures that mean what they say (known answers on hand-built programs)
def test_on_track_is_a_share_of_the_current_pairs_only():
    """30 pairs: 26 meeting, 2 idle, 2 ended early (k = 2 so nothing is hidden): 26 of the 28
    current pairs, 93 %, never 26 of all 30 (87 %)."""
    page = kpi_review(kpi_program(min_group_size=2, idle=2, ended=2))
    key = page.headlines["Pairs on track"].key
    assert key.text == "93 %" and key.parts == (26.0, 28.0) and not key.hidden
    assert "of the 28 current pairs" in page["engagement"].text
    assert "not counted" in page["engagement"].text


def test_all_pairs_ended_gives_no_figure_but_a_sentence():
    page = kpi_review(kpi_program(min_group_size=2, idle=0, ended=30))
    key = page.headlines["Pairs on track"].key
    assert key.value is None and not key.hidden and "No pair is current" in key.reason
    assert "0 %" not in page.headlines["Pairs on track"][0]
    assert "No pair is current" in page["engagement"].text


def test_match_rate_counts_the_clients_pairs_and_not_the_leavers():
    """30 mentees, all in a pair; 10 left the company: 20 of 20 still here have a mentor."""
    page = kpi_review(kpi_program(min_group_size=2, leavers=10))
    key = page.headlines["Match rate"].key
    assert key.value == 1.0 and key.text == "100 %"


CADENCE = {"name": "Pairs meeting as planned", "metric": "meeting_cadence", "baseline": 0.3,
           "target": 0.6, "due": "2026-06-30", "population": "mentees"}


def test_a_hidden_kpi_that_meets_its_target_is_met_and_counted():
    """26 of 28 running pairs meet as planned: 2 do not (< 5), so the value is hidden; every count
    from about 21 to 28 meets 0.6 as well, so "met" points at no small group: shown, counted."""
    page = kpi_review(kpi_program(idle=2, ended=2, kpis=[CADENCE]))
    card = page["scorecard"].table.set_index("KPI")
    assert card.at["Pairs meeting as planned", "current (95 % CI)"] == disclosure.MARK
    assert card.at["Pairs meeting as planned", "status"] == "met"
    assert page.headlines["KPIs met or on track"][0] == "1 of 1"


def test_a_status_that_would_point_at_a_small_group_is_hidden_and_counted_apart():
    from workbench.kpi.scorecard import HIDDEN_STATUS
    # 0.76 is met by 26, 27 or 28 of 28 only: "met" would put the 2 off-cadence pairs within 0-2
    strict = {**CADENCE, "target": 0.76}
    page = kpi_review(kpi_program(idle=2, ended=2, kpis=[CADENCE, strict | {"name": "Strict"}]))
    card = page["scorecard"].table.set_index("KPI")
    assert card.at["Strict", "status"] == HIDDEN_STATUS
    assert page.headlines["KPIs met or on track"][0] == "1 of 1 measurable, 1 hidden"
    assert "not measurable" not in set(card["status"])


def test_kpis_too_early_to_tell_are_said_beside_none_met():
    """Every KPI too early to tell: the key figure says so, never a bare "0 of 3" that reads as
    three missed targets (women-leadership-circles)."""
    from workbench.io import load_program
    from workbench.views import kpi_review
    from pathlib import Path
    program = load_program(Path(__file__).resolve().parents[1] / "data" / "programs" / "women-leadership-circles")
    text = kpi_review(program).headlines["KPIs met or on track"][0]
    assert text.startswith("0 of 3") and "(3 too early to tell)" in text


def test_share_targets_and_baselines_read_in_percent_alike_on_pages_1_and_4():
    """Issue 30: a share KPI's target read "0.70" on page 1 and page 4; both now say "70 %", its
    charter baseline "55 %" and its current value in percent too; satisfaction keeps its scale."""
    from workbench.views.stage1 import goal_setting
    kpis = [{**CADENCE, "name": "Cadence", "target": 0.7, "baseline": 0.55},
            {"name": "Satisfaction", "metric": "satisfaction", "target": 4.25, "baseline": 3.9,
             "due": "2026-06-30", "population": "mentees"}]
    program = kpi_program(idle=0, ended=2, kpis=kpis)
    one = goal_setting(program)["kpis"].frame().set_index("kpi")
    four = kpi_review(program)["scorecard"].table.set_index("KPI")
    for table in (one, four):
        assert table.at["Cadence", "target"] == "70 %" and table.at["Cadence", "baseline"] == "55 %"
        assert table.at["Satisfaction", "target"] == "4.25" and table.at["Satisfaction", "baseline"] == "3.9"
    assert four.at["Cadence", "current (95 % CI)"].startswith("100 % (")     # 28 of 28 running pairs
    assert four.at["Satisfaction", "current (95 % CI)"].startswith("4.0")
