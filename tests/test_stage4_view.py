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
    assert page.headlines["Pairs on track"][0] == "60 %"
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
