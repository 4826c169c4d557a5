import datetime as dt

import pandas as pd
import pytest

from workbench.kpi import scorecard
from workbench.kpi.scorecard import measure, status_of

from kpi_helpers import make_program

KPIS = [
    {"name": "retention", "metric": "retention", "population": "mentees", "horizon_months": 6,
     "baseline": 0.7, "target": 0.9, "due": "2026-06-30", "compare_to_non_participants": True},
    {"name": "satisfaction", "metric": "satisfaction", "target": 4.0, "due": "2026-06-30"},
    {"name": "cadence", "metric": "meeting_cadence", "population": "participants", "target": 0.5,
     "due": "2025-06-30"},
    {"name": "matched", "metric": "match_rate", "target": 0.8, "due": "2026-06-30"},
    {"name": "participation", "metric": "participation", "target": 0.5, "due": "2026-06-30"},
]


def _program(kpis=KPIS):
    n = 20
    wf = [{"employee_id": f"P{i}", "hire_date": pd.Timestamp("2020-01-01"),
           "exit_date": pd.Timestamp("2025-03-01") if i in (0, 2) else pd.NaT} for i in range(80)]
    people = [{"person_id": f"P{2 * i}", "role": "mentee"} for i in range(n)]
    people += [{"person_id": f"P{2 * i + 1}", "role": "mentor"} for i in range(n)]
    tables = {t: {"file": f"{t}.csv"} for t in ("workforce", "people", "relationships", "checkins")}
    prog = make_program(people, wf, kpis=kpis, tables=tables)
    prog.relationships = pd.DataFrame({
        "relationship_id": [f"R{i}" for i in range(16)], "mentee_id": [f"P{2 * i}" for i in range(16)],
        "mentor_id": [f"P{2 * i + 1}" for i in range(16)], "start_date": pd.Timestamp("2025-01-01"),
        "end_date": pd.NaT, "status": "active", "round": 1, "healthy": True, "match_score": 0.5})
    # 12 pairs met 10 days before the snapshot (on track), 4 never met (idle)
    prog.checkins = pd.DataFrame({"relationship_id": [f"R{i}" for i in range(12)],
                                  "date": pd.Timestamp("2025-12-22"), "minutes": 60})
    return prog


def test_scorecard_hand_built():
    card = scorecard(_program()).set_index("kpi")
    assert list(card.columns[:9]) == ["metric", "population", "baseline", "target", "current", "due",
                                      "status", "trend", "note"]
    # 20 mentees joined at the start; 2 left within 6 months -> 0.9 = target -> met
    assert card.loc["retention", "current"] == pytest.approx(0.9)
    assert card.loc["retention", "status"] == "met"
    assert "6 months after joining" in card.loc["retention", "note"]
    assert card.loc["retention", "comparison"]             # compared with non-participants
    # no surveys -> not measurable, the note says what is needed
    assert card.loc["satisfaction", "status"] == "not measurable"
    assert card.loc["satisfaction", "note"].startswith("needs surveys with satisfaction")
    # 12 of 16 running pairs on track = 0.75 >= 0.5 -> met
    assert card.loc["cadence", "current"] == pytest.approx(0.75)
    assert card.loc["cadence", "status"] == "met"
    # 16 of 20 mentees in a pair
    assert card.loc["matched", "current"] == pytest.approx(0.8)
    # 20 mentees of 80 employed
    assert card.loc["participation", "current"] == pytest.approx(0.25)
    assert card.loc["participation", "status"] == "off track"


def test_horizon_not_elapsed_measures_at_snapshot_and_says_so():
    kpis = [dict(KPIS[0], horizon_months=24)]
    prog = _program(kpis)
    value, note, n = measure(prog, prog.config.kpis[0])
    assert value == pytest.approx(0.9) and "at the snapshot" in note and "not elapsed" in note


def test_small_population_not_measurable():
    prog = _program()
    prog.people = prog.people.iloc[[0, 1, 2, 20, 21]]   # 3 mentees < min_group_size 5
    card = scorecard(prog).set_index("kpi")
    assert card.loc["retention", "status"] == "not measurable"
    assert "fewer than the minimum group" in card.loc["retention", "note"]


def test_status_rules():
    snap, later, earlier = dt.date(2026, 1, 1), dt.date(2026, 6, 1), dt.date(2025, 6, 1)
    assert status_of(0.95, 0.8, 0.9, later, snap)[0] == "met"
    assert status_of(0.85, 0.8, 0.9, later, snap)[0] == "on track"
    assert status_of(0.75, 0.8, 0.9, later, snap)[0] == "off track"
    assert status_of(0.85, 0.8, 0.9, earlier, snap) == ("off track", "due date passed")
    assert status_of(0.15, 0.3, 0.2, later, snap)[0] == "met"          # lower is better
    assert status_of(0.25, 0.3, 0.2, later, snap)[0] == "on track"
    assert status_of(None, 0.3, 0.2, later, snap)[0] == "not measurable"
    assert status_of(0.85, None, 0.9, later, snap) == ("off track", "no baseline to judge progress by")


def test_scorecard_on_samples(sample_programs):
    for prog in sample_programs.values():
        card = scorecard(prog)
        assert set(card["status"]) <= {"met", "on track", "off track", "not measurable"}
        assert card["current"].notna().all()
        for name, res in card.attrs["comparisons"].items():
            assert res.n_treated > 0


def test_comparison_group_has_the_populations_hire_dates(sample_programs):
    from workbench.kpi.scorecard import comparison_frame
    prog = sample_programs["onboarding-pilot"]
    f = comparison_frame(prog, "mentees")
    pop, others = f[f["treated"] == 1], f[f["treated"] == 0]
    assert set(pop["employee_id"]) == set(prog.mentees["person_id"])
    assert others["hire_date"].min() >= pop["hire_date"].min()
    assert others["hire_date"].max() <= pop["hire_date"].max()
    assert not others["employee_id"].isin(prog.people["person_id"]).any()
    assert "hired between" in f.attrs["note"]
    card = scorecard(prog)
    assert "hired between" in card.loc[card["metric"] == "retention", "comparison"].iloc[0]
