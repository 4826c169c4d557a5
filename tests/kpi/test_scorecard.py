import datetime as dt

import pandas as pd
import pytest

from workbench.kpi.scorecard import scorecard
from workbench.metrics import Measurement
from workbench.kpi.scorecard import KPI_STATUSES, status_of
from workbench.metrics import measure

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
    card = scorecard(_program())
    t = card.table.set_index("kpi")
    assert list(t.columns[:11]) == ["metric", "population", "baseline", "target", "current", "lower",
                                    "upper", "due", "status", "trend", "note"]
    # 20 mentees joined at the start; 2 left within 6 months -> Kaplan-Meier 0.9 at 6 months
    assert t.loc["retention", "current"] == pytest.approx(0.9)
    assert t.loc["retention", "lower"] < 0.9 < t.loc["retention", "upper"]
    # 0.9 on the target but the interval reaches below it: not "met"; above the baseline 0.7? the
    # interval (about 0.66-0.97) includes it, so it is too early to tell
    assert t.loc["retention", "status"] == "too early to tell"
    assert "6 months after joining" in t.loc["retention", "note"]
    assert "retention" in card.comparisons and t.loc["retention", "comparison"]
    assert t.loc["satisfaction", "status"] == "not measurable"
    assert t.loc["satisfaction", "note"].startswith("needs surveys with satisfaction")
    # 12 of 16 running pairs on track = 0.75, Wilson interval 0.51-0.90 above the target 0.5
    assert t.loc["cadence", "current"] == pytest.approx(0.75)
    assert t.loc["cadence", "status"] == "met"
    assert t.loc["matched", "current"] == pytest.approx(0.8)
    # 20 mentees of 80 employed (0.25, interval 0.17-0.36) against 0.5: no baseline -> too early
    assert t.loc["participation", "current"] == pytest.approx(0.25)
    assert t.loc["participation", "status"] == "too early to tell"
    assert "no baseline" in t.loc["participation", "note"]


def test_horizon_not_reached_is_too_early_not_a_share_at_the_snapshot():
    kpis = [dict(KPIS[0], horizon_months=24)]
    prog = _program(kpis)
    m = measure(prog, prog.config.kpis[0])
    assert m.value is None and m.too_early and "not yet measurable" in m.note
    assert scorecard(prog, trend=False).table["status"].iloc[0] == "too early to tell"


def test_small_population_not_measurable_and_no_small_count_printed():
    prog = _program()
    prog.people = prog.people.iloc[[0, 1, 2, 20, 21]]   # 3 mentees < min_group_size 5
    t = scorecard(prog, trend=False).table.set_index("kpi")
    assert t.loc["retention", "status"] == "not measurable"
    assert "fewer than 5 mentees" in t.loc["retention", "note"] and "3" not in t.loc["retention", "note"]


def _m(v, lo, hi):
    return Measurement(v, lo, hi, 100)


def test_status_from_direction_and_interval():
    snap, later, earlier = dt.date(2026, 1, 1), dt.date(2026, 6, 1), dt.date(2025, 6, 1)
    # the cases: retention (higher is better) 0.95 with baseline 0.92 and target 0.90 is met
    # (and the target is flagged as on the wrong side), 0.85 is off track, never the other way round
    assert status_of(_m(0.95, 0.93, 0.97), 0.92, 0.90, later, snap)[0] == "met"
    assert "wrong side" in status_of(_m(0.95, 0.93, 0.97), 0.92, 0.90, later, snap)[1]
    assert status_of(_m(0.85, 0.82, 0.88), 0.92, 0.90, later, snap)[0] == "off track"
    # 461/500 = 0.922 against 0.92: the interval 0.895-0.942 includes the target
    assert status_of(_m(0.922, 0.895, 0.942), 0.80, 0.92, later, snap)[0] == "on track"
    assert status_of(_m(0.922, 0.895, 0.942), 0.80, 0.92, earlier, snap)[0] == "too early to tell"
    # 0.801 against a baseline of 0.80: not on track, too early to tell
    assert status_of(_m(0.801, 0.77, 0.83), 0.80, 0.90, later, snap)[0] == "too early to tell"
    assert status_of(_m(0.75, 0.70, 0.79), 0.8, 0.9, earlier, snap) == ("off track", "due date passed")
    # a lower-is-better metric, by its direction
    assert status_of(_m(0.15, 0.12, 0.18), 0.3, 0.2, later, snap, direction=-1)[0] == "met"
    assert status_of(_m(0.25, 0.22, 0.28), 0.3, 0.2, later, snap, direction=-1)[0] == "on track"
    assert status_of(Measurement(None), 0.3, 0.2, later, snap)[0] == "not measurable"
    assert status_of(Measurement(None, too_early=True), 0.3, 0.2, later, snap)[0] == "too early to tell"
    assert status_of(_m(0.85, 0.8, 0.88), None, 0.9, later, snap) == ("too early to tell",
                                                                       "no baseline to judge progress by")


def test_scorecard_on_samples(sample_programs):
    for prog in sample_programs.values():
        card = scorecard(prog, trend=False)
        assert set(card.table["status"]) <= set(KPI_STATUSES)
        measured = card.table["current"].notna()
        assert (card.table.loc[measured, "lower"] <= card.table.loc[measured, "current"]).all()
        for ev in card.comparisons.values():
            assert ev.raw.n_treated > 0
