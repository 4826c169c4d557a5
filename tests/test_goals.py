import math

import pandas as pd
import pytest

from workbench import goals, next_level
from workbench.config import KPI

from program_factory import make_program


def _program(n_mentees, n_mentors, capacity=None, fmt="one_to_one", depts=None):
    depts = depts or {}
    wf = [{"employee_id": f"T{i}", "department": depts.get(f"T{i}", "Eng"), "level": 1}
          for i in range(n_mentees)]
    wf += [{"employee_id": f"M{i}", "department": depts.get(f"M{i}", "Eng"), "level": 4}
           for i in range(n_mentors)]
    people = [{"person_id": f"T{i}", "role": "mentee"} for i in range(n_mentees)]
    people += [{"person_id": f"M{i}", "role": "mentor", "capacity": capacity} for i in range(n_mentors)]
    return make_program(people, wf, fmt=fmt, capacity=capacity or 1)


def test_demand_supply_gap_per_department_is_exact():
    depts = {**{f"T{i}": "Sales" for i in range(6)}, "M0": "Sales", "M1": "Sales"}
    prog = _program(10, 4, capacity=2, fmt="group", depts=depts)
    table = goals.demand_supply(prog, "department")
    assert table.loc["Sales", "mentees"] == 6 and table.loc["Sales", "mentor_seats"] == 4
    assert table.loc["Sales", "gap"] == 2
    assert table.loc["Eng", "gap"] == 0
    total = goals.demand_supply(prog).iloc[0]
    assert (total["mentees"], total["mentor_seats"], total["gap"]) == (10, 8, 2)


def test_format_recommendation_moves_to_one_to_one_as_supply_grows():
    assert goals.recommend_format(100, 20, 100)[0] == "group"
    assert goals.recommend_format(100, 20, 60)[0] == "circles"
    assert goals.recommend_format(100, 100, 100)[0] == "one_to_one"
    assert goals.recommend_format(10, 10, 10, purposes=["reverse_mentoring"])[0] == "reverse"


def test_scale_plan_recruits_what_is_missing():
    prog = _program(25, 5, capacity=5, fmt="group")
    plan = goals.scale_plan(prog, stages=(25, 250)).set_index("mentees")
    assert plan.loc[25, "mentors to recruit"] == 0
    assert plan.loc[250, "mentors needed"] == 50 and plan.loc[250, "mentors to recruit"] == 45
    assert plan.loc[250, "program staff"] == math.ceil(250 / next_level.PAIRS_PER_COORDINATOR)


@pytest.mark.parametrize("change, hint", [
    ({"baseline": 0.8, "target": 0.8}, "equals the baseline"),
    ({"due": "2024-06-01"}, "due date"),
    ({"target": 85}, "between 0 and 1"),
])
def test_vague_kpis_are_refused_with_a_hint(change, hint):
    kpi = KPI.model_validate({"name": "x", "metric": "retention", "target": 0.9,
                              "due": "2026-01-01", **change})
    hints = goals.check_kpi(kpi, pd.Timestamp("2025-01-01"))
    assert any(hint in h for h in hints)


def test_specific_kpi_passes():
    kpi = KPI.model_validate({"name": "x", "metric": "retention", "baseline": 0.8, "target": 0.9,
                              "due": "2026-01-01"})
    assert goals.check_kpi(kpi, pd.Timestamp("2025-01-01")) == []


def test_sample_programs_have_measured_baselines_and_readiness(sample_programs):
    # the baseline is the KPI's own measure on the comparison group: the pilot's mentees joined
    # in Sep 2025 and nobody has been followed 12 months by the snapshot, so it says so
    pilot = goals.kpi_table(sample_programs["onboarding-pilot"])
    retention = pilot[pilot["definition"].str.contains("still employed")].iloc[0]
    assert pd.isna(retention["baseline"]) and "not yet measurable" in retention["baseline note"]
    lead = goals.kpi_table(sample_programs["leadership-accelerator"])
    retention = lead[lead["definition"].str.contains("still employed")].iloc[0]
    assert 0.5 < retention["baseline"] < 1 and "comparison group" in retention["baseline note"]
    lead = goals.readiness(sample_programs["leadership-accelerator"])
    assert lead["recommended_format"] == "group" and lead["mentees_per_mentor"] > 3
    assert str(lead["mentees"]) in goals.interpret_readiness(lead)


def test_readiness_sentence_never_prints_a_hidden_total():
    from workbench.views import goal_setting
    prog = _program(30, 3, capacity=10, fmt="group")          # three mentors: under k = 5
    page = goal_setting(prog)
    text = page["readiness"].text
    assert "30 seats" not in text and " 3 " not in f" {text} " and "10.0 to 1" not in text
    assert page.headlines["Mentees / mentor seats"][0] == "30 / hidden"
    assert page.headlines["Participants"][0] == "hidden"        # 33 - 30 would give the 3 back
    plan = page["scale"].table
    assert set(plan["mentors to recruit"]) == {"hidden"}         # needed - 3 gives the 3 back
    assert plan.loc[0, "mentors needed"] == 3                    # 30 in groups of 10: the configured capacity


def test_readiness_sentence_with_published_totals_gives_the_figures():
    from workbench.views import goal_setting
    text = goal_setting(_program(30, 10, capacity=2, fmt="group"))["readiness"].text
    assert "10 mentees have no mentor seat &#40;30 mentees, 20 seats&#41;" in text


def test_recommend_format_sentence_uses_only_what_may_be_shown():
    fmt, why = goals.recommend_format(30, 3, 12, shown={"mentors": "hidden", "seats": "hidden"})
    assert fmt == "circles" and "3" not in why and "12" not in why
    assert "(30 against 12)" in goals.recommend_format(30, 3, 12)[1]


def test_scale_plan_with_a_given_capacity():
    prog = _program(25, 5, capacity=5, fmt="group")
    plan = goals.scale_plan(prog, stages=(250,), seats_per_mentor=10).set_index("mentees")
    assert plan.loc[250, "mentors needed"] == 25


def test_baseline_share_hidden_when_few_had_the_outcome():
    from workbench.views import goal_setting
    wf = [{"employee_id": f"T{i}", "level": 1} for i in range(10)]
    wf += [{"employee_id": f"M{i}", "level": 4} for i in range(10)]
    wf += [{"employee_id": f"W{i}", "level": 1,
            "promotion_date": pd.Timestamp("2025-06-01") if i < 2 else pd.NaT} for i in range(40)]
    people = [{"person_id": f"T{i}", "role": "mentee"} for i in range(10)]
    people += [{"person_id": f"M{i}", "role": "mentor"} for i in range(10)]
    kpi = {"name": "promoted", "metric": "promotion", "target": 0.2, "due": "2026-06-01",
           "horizon_months": 6}   # measurable by the snapshot (the baseline follows 6 months from each index date)
    prog = make_program(people, wf, kpis=[kpi])
    raw = goals.kpi_table(prog)
    assert raw.loc[0, "baseline"] == pytest.approx(2 / 40)      # two of 40 promoted: too few
    page = goal_setting(prog)
    assert page["kpis"].table.loc[0, "baseline"] == "hidden"
    assert "0.05" not in page["kpi_notes"].text and "fewer than 5" in page["kpi_notes"].text


def test_kpi_table_names_tables_in_client_words():
    """A KPI whose table was not sent says which records it needs in the client's words, never
    the table's key ('checkins'), and its wrong-side hint never names the metric's key."""
    prog = _program(6, 6)
    kpis = [{"name": "Pairs meeting", "metric": "meeting_cadence", "target": 0.8, "due": "2026-06-01"},
            {"name": "Staying", "metric": "retention", "baseline": 0.9, "target": 0.8, "due": "2026-06-01"}]
    prog.config = prog.config.model_copy(update={"kpis": [KPI.model_validate(k) for k in kpis]})
    table = goals.kpi_table(prog).set_index("kpi")
    meeting = table.loc["Pairs meeting"]
    assert meeting["measurable"] == "no: needs the check-in records"
    assert meeting["data source"] == "check-in records"
    assert "for this KPI higher is better" in table.loc["Staying", "specific?"]
    text = " ".join(map(str, table.to_numpy().ravel()))
    assert "checkins" not in text and "meeting_cadence" not in text and "for retention" not in text


def test_the_charter_says_purposes_in_words():
    prog = _program(6, 6)
    prog.config = prog.config.model_copy(update={"purposes": ["diversity_inclusion", "high_potential", "retention"]})
    row = goals.charter_summary(prog).set_index("question").loc["Why the program exists", "answer"]
    assert row == "diversity and inclusion, high-potential talent, retention"
