import pandas as pd

from workbench.kpi import at_risk, engagement_status, kaplan_meier, scorecard

from conftest import make_program


def _program(last_meetings):
    wf = [{"employee_id": f"P{i}"} for i in range(2 * len(last_meetings))]
    people = [{"person_id": f"P{2 * i}", "role": "mentee"} for i in range(len(last_meetings))]
    people += [{"person_id": f"P{2 * i + 1}", "role": "mentor"} for i in range(len(last_meetings))]
    prog = make_program(people, wf, cadence=30)
    prog.relationships = pd.DataFrame({
        "relationship_id": [f"R{i}" for i in range(len(last_meetings))],
        "mentee_id": [f"P{2 * i}" for i in range(len(last_meetings))],
        "mentor_id": [f"P{2 * i + 1}" for i in range(len(last_meetings))],
        "start_date": pd.Timestamp("2025-01-01"), "end_date": pd.NaT, "status": "active",
        "round": 1, "healthy": True, "match_score": 0.5})
    snap = pd.Timestamp(prog.config.snapshot_date)
    prog.checkins = pd.DataFrame({"relationship_id": [f"R{i}" for i in range(len(last_meetings))],
                                  "date": [snap - pd.Timedelta(days=d) for d in last_meetings],
                                  "minutes": 60})
    return prog


def test_status_against_cadence():
    st = engagement_status(_program([10, 50, 100])).set_index("relationship_id")["status"]
    assert st.to_dict() == {"R0": "on track", "R1": "needs a check-in", "R2": "idle"}
    risk = at_risk(_program([10, 50, 100]))
    assert list(risk["relationship_id"]) == ["R2", "R1"] and "100 days" in risk["reason"].iloc[0]


def test_kaplan_meier_hand_computed():
    km = kaplan_meier(pd.Series([1, 2, 2, 4, 5]), pd.Series([1, 1, 0, 1, 0]))
    # S(1) = 4/5, S(2) = 4/5 * 3/4, S(4) = 0.6 * 1/2
    assert km["survival"].round(3).tolist() == [1.0, 0.8, 0.6, 0.3]
    assert (km["lower"] <= km["survival"]).all() and (km["survival"] <= km["upper"]).all()


def test_scorecard_on_samples(sample_programs):
    card = scorecard(sample_programs["leadership-accelerator"])
    assert set(card["status"]) <= {"met", "on track", "off track", "not measurable"}
    assert card["current"].notna().all()
