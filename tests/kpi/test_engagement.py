import pandas as pd
import pytest

from workbench.kpi.engagement import at_risk, engagement_status, meetings_over_time
from workbench.kpi.engagement import survey_results
from workbench.kpi.engagement import expected_surveys, status_counts

from kpi_helpers import make_program


def _program(last_meetings, starts=None, statuses=None, cadence=30):
    n = len(last_meetings)
    wf = [{"employee_id": f"P{i}", "department": "Eng" if i % 4 < 2 else "Ops"} for i in range(2 * n)]
    people = [{"person_id": f"P{2 * i}", "role": "mentee"} for i in range(n)]
    people += [{"person_id": f"P{2 * i + 1}", "role": "mentor"} for i in range(n)]
    prog = make_program(people, wf, cadence=cadence, min_group_size=2)
    snap = pd.Timestamp(prog.config.snapshot_date)      # 2026-01-01
    prog.relationships = pd.DataFrame({
        "relationship_id": [f"R{i}" for i in range(n)],
        "mentee_id": [f"P{2 * i}" for i in range(n)],
        "mentor_id": [f"P{2 * i + 1}" for i in range(n)],
        "start_date": starts or [pd.Timestamp("2025-01-01")] * n, "end_date": pd.NaT,
        "status": statuses or ["active"] * n, "round": 1, "healthy": True, "match_score": 0.5})
    rows = [(f"R{i}", snap - pd.Timedelta(days=d)) for i, d in enumerate(last_meetings) if d is not None]
    prog.checkins = pd.DataFrame(rows, columns=["relationship_id", "date"]).assign(minutes=60)
    return prog


def test_status_against_cadence():
    st = engagement_status(_program([10, 50, 100])).set_index("relationship_id")["status"]
    assert st.to_dict() == {"R0": "on track", "R1": "needs a check-in", "R2": "idle"}
    risk = at_risk(_program([10, 50, 100]))
    assert list(risk["relationship_id"]) == ["R2", "R1"]
    assert risk["days_since"].tolist() == [100, 50]
    assert "100 days" in risk["reason"].iloc[0] and "3 x the planned 30 days" in risk["reason"].iloc[0]
    assert list(risk.columns[:3]) == ["relationship_id", "mentee_id", "mentor_id"]


def test_boundaries_too_early_never_met_and_recorded_statuses():
    snap = pd.Timestamp("2026-01-01")
    starts = [snap - pd.Timedelta(days=20), snap - pd.Timedelta(days=40), snap - pd.Timedelta(days=100),
              pd.Timestamp("2025-01-01"), pd.Timestamp("2025-01-01"), pd.Timestamp("2025-01-01"),
              pd.Timestamp("2025-01-01")]
    prog = _program([None, None, None, 45, 46, 400, 400], starts=starts,
                    statuses=["active"] * 5 + ["ended_early", "completed"])
    st = engagement_status(prog).set_index("relationship_id")
    assert st["status"].tolist() == ["too early", "on track", "idle", "on track", "needs a check-in",
                                     "ended early", "completed"]
    assert st.loc["R2", "days_since"] == 100 and st.loc["R2", "meetings"] == 0
    assert "never met" in at_risk(prog).set_index("relationship_id").loc["R2", "reason"]
    counts = status_counts(prog)["pairs"]
    assert counts["on track"] == 2 and counts.sum() == 7


def test_meetings_against_plan():
    prog = _program([10, 50, 100])
    st = engagement_status(prog).set_index("relationship_id")
    assert st.loc["R0", "meetings_expected"] == pytest.approx(365 / 30, abs=0.05)
    assert st.loc["R0", "meetings"] == 1
    assert st.loc["R0", "cadence_ratio"] == pytest.approx(1 / (365 / 30), abs=0.01)
    mot = meetings_over_time(prog)
    assert mot["meetings"].sum() == 3
    assert mot.loc["2025-06-01", "planned"] == pytest.approx(3.0)   # 3 pairs x 30/30
    per_pair = meetings_over_time(prog, per_pair=True)
    assert per_pair.loc["2025-06-01", "planned"] == pytest.approx(1.0)


def test_survey_response_rate_and_low_rate_in_words():
    prog = _program([10, 10, 10, 10], starts=[pd.Timestamp("2025-07-01")] * 4)   # 184 days: 2 quarters
    assert expected_surveys(prog).tolist() == [2] * 8
    # every mentee answers twice, mentors never: response 8 / 16 = 50 %
    prog.surveys = pd.DataFrame({"person_id": [f"P{2 * i}" for i in range(4) for _ in range(2)],
                                 "relationship_id": [f"R{i}" for i in range(4) for _ in range(2)],
                                 "date": pd.Timestamp("2025-10-01"), "satisfaction": [4, 5] * 4,
                                 "goal_progress": 50.0})
    res = survey_results(prog)
    assert res.response_rate == pytest.approx(0.5) and (res.answers, res.expected) == (8, 16)
    assert res.table.loc["mentee", "response_rate"] == 1.0 and res.table.loc["mentee", "satisfaction"] == 4.5
    assert "50%" in res.note
    prog.surveys = prog.surveys.iloc[:3]
    res = survey_results(prog)
    assert res.response_rate == pytest.approx(3 / 16) and res.table.loc["mentee", "answers"] == 3


def test_no_surveys_said_plainly():
    res = survey_results(_program([10]))
    assert res.table.empty and "No survey answers" in res.note


def test_engagement_on_samples(sample_programs):
    for prog in sample_programs.values():
        st = engagement_status(prog)
        assert set(st["status"]) <= {"too early", "on track", "needs a check-in", "idle",
                                     "ended early", "completed"}
        risk = at_risk(prog)
        assert set(risk["status"]) <= {"needs a check-in", "idle"}
        assert 0 < survey_results(prog).response_rate <= 1


def test_no_checkins_table_means_no_meetings_not_a_crash():
    """The check-ins table is optional: loaded as the empty canonical table (datetime ``date``).
    Mapping pairs through its empty aggregate raised a TypeError under pandas 3.1 (issue 32.7)."""
    from workbench.io.parsing import empty_table
    prog = _program([10, 50])
    prog.checkins = empty_table("checkins")
    st = engagement_status(prog)
    assert st["meetings"].tolist() == [0, 0]
    assert st["last_meeting"].isna().all() and str(st["last_meeting"].dtype).startswith("datetime64")
    assert st["status"].tolist() == ["idle", "idle"]        # never met in a year of monthly cadence
