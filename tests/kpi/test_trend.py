"""Program.as_of, each KPI's trend (kpi_trend, trend_words) and the scorecard's trend column."""
import pandas as pd
import pytest
from hypothesis import given, strategies as st

from workbench.kpi.scorecard import scorecard
from workbench.kpi.trend import kpi_trend, trend_dates, trend_words
from workbench.metrics import measure

from kpi_helpers import make_program

KPIS = [
    {"name": "retention", "metric": "retention", "population": "mentees", "horizon_months": 3,
     "baseline": 0.7, "target": 0.9, "due": "2026-06-30"},
    {"name": "satisfaction", "metric": "satisfaction", "target": 4.0, "due": "2026-06-30"},
]


def _program():
    """20 mentees and 20 mentors joined 2025-01-01 (snapshot 2026-01-01); mentees P0, P2, P4 leave
    on 2025-02-15 and P6, P8 on 2025-10-15; pair R0 starts late (2025-08-01) and R1 ended on
    2025-11-01; surveys every quarter, satisfaction rising 3 -> 4 -> 5."""
    exits = {0: "2025-02-15", 2: "2025-02-15", 4: "2025-02-15", 6: "2025-10-15", 8: "2025-10-15"}
    wf = [{"employee_id": f"P{i}", "exit_date": pd.Timestamp(exits[i]) if i in exits else pd.NaT,
           "promotion_date": pd.Timestamp("2025-12-01") if i == 10 else pd.NaT} for i in range(60)]
    people = [{"person_id": f"P{2 * i}", "role": "mentee", "joined": pd.Timestamp("2025-01-01")}
              for i in range(20)]
    people += [{"person_id": f"P{2 * i + 1}", "role": "mentor", "joined": pd.Timestamp("2025-01-01")}
               for i in range(20)]
    people.append({"person_id": "P50", "role": "mentee", "joined": pd.Timestamp("2025-12-01")})
    tables = {t: {"file": f"{t}.csv"} for t in ("workforce", "people", "relationships", "checkins", "surveys")}
    prog = make_program(people, wf, kpis=KPIS, tables=tables)
    starts = [pd.Timestamp("2025-08-01")] + [pd.Timestamp("2025-01-01")] * 19
    prog.relationships = pd.DataFrame({
        "relationship_id": [f"R{i}" for i in range(20)], "mentee_id": [f"P{2 * i}" for i in range(20)],
        "mentor_id": [f"P{2 * i + 1}" for i in range(20)], "start_date": starts,
        "end_date": [pd.NaT, pd.Timestamp("2025-11-01")] + [pd.NaT] * 18,
        "status": ["active", "completed"] + ["active"] * 18, "round": 1, "healthy": True, "match_score": 0.5})
    prog.checkins = pd.DataFrame({"relationship_id": ["R0", "R1", "R2"],
                                  "date": pd.to_datetime(["2025-09-01", "2025-03-01", "2025-12-20"]),
                                  "minutes": 60})
    dates = pd.to_datetime(["2025-03-31", "2025-06-30", "2025-09-30"])
    prog.surveys = pd.DataFrame([
        {"person_id": f"P{2 * i}", "relationship_id": f"R{i}", "date": d, "satisfaction": s,
         "goal_progress": None}
        for i in range(1, 20) for d, s in zip(dates, (3, 4, 5))])
    return prog


def test_as_of_forgets_what_happened_later():
    prog = _program()
    past = prog.as_of("2025-06-30")
    assert past.config.snapshot_date == pd.Timestamp("2025-06-30").date()
    wf = past.workforce.set_index("employee_id")
    assert wf.loc["P0", "exit_date"] == pd.Timestamp("2025-02-15")      # known by then
    assert pd.isna(wf.loc["P6", "exit_date"]) and pd.isna(wf.loc["P10", "promotion_date"])
    assert "P50" not in set(past.people["person_id"])                    # joined later
    rel = past.relationships.set_index("relationship_id")
    assert "R0" not in rel.index                                         # started later
    assert rel.loc["R1", "status"] == "active" and pd.isna(rel.loc["R1", "end_date"])
    assert past.checkins["relationship_id"].tolist() == ["R1"]
    assert (past.surveys["date"] <= pd.Timestamp("2025-06-30")).all() and len(past.surveys) == 38
    # the original is untouched
    assert prog.workforce.set_index("employee_id").loc["P6", "exit_date"] == pd.Timestamp("2025-10-15")
    assert len(prog.relationships) == 20
    with pytest.raises(ValueError, match="after the snapshot date"):
        prog.as_of("2026-02-01")


def test_kpi_trend_measures_each_date_and_ends_at_the_snapshot():
    prog = _program()
    dates = trend_dates(prog, points=4)
    assert [d.date().isoformat() for d in dates] == ["2025-03-31", "2025-06-30", "2025-09-30", "2026-01-01"]
    tr = kpi_trend(prog).set_index(["kpi", "as_of"])
    sat = tr.loc["satisfaction", "value"].tolist()
    assert sat == pytest.approx([3.0, 3.5, 4.0, 4.0])            # running means of 3, 4, 5
    ret = tr.loc["retention", "value"].tolist()
    # one definition throughout: Kaplan-Meier share still employed 3 months after joining;
    # 3 of 20 mentees gone in Feb -> 0.85 at every date once the horizon is reached
    assert ret[0] != ret[0]                                        # 31 Mar: 3 months not reached
    assert ret[1:] == pytest.approx([17 / 20] * 3)
    assert ret[-1] == pytest.approx(measure(prog, prog.config.kpis[0]).value)
    card = scorecard(prog)
    t = card.table.set_index("kpi")
    assert t.loc["satisfaction", "trend"] == "3.0 → 3.5 → 4.0 → 4.0 (steady, within the uncertainty)"
    assert t.loc["retention", "current"] == pytest.approx(ret[-1])
    assert len(card.trend) == 8
    assert (scorecard(prog, trend=False).table["trend"] == "").all()


def test_trend_words():
    assert trend_words([0.70, 0.74, 0.80]) == "0.70 → 0.74 → 0.80 (improving)"
    assert trend_words([0.80, 0.74]) == "0.80 → 0.74 (worsening)"
    assert trend_words([0.30, 0.25], direction=-1) == "0.30 → 0.25 (improving)"   # lower is the goal
    assert trend_words([0.30, 0.35], direction=-1) == "0.30 → 0.35 (worsening)"
    # satisfaction "worsening" by 0.11 when each mean has a standard error of 0.12: noise
    se = 0.12 * 1.96
    assert "steady" in trend_words([4.0, 3.89], [4.0 - se, 3.89 - se], [4.0 + se, 3.89 + se])
    assert "worsening" in trend_words([4.0, 3.5], [3.95, 3.45], [4.05, 3.55])
    assert trend_words([4.1, 4.11]) == "4.1 → 4.1 (steady, within the uncertainty)"
    assert trend_words([float("nan"), 0.5]).startswith("too few points")
    assert trend_words([]) == "not measurable"


def _word(text):
    return text.rsplit("(", 1)[-1].rstrip(")")


@given(st.lists(st.floats(-5, 5), min_size=2, max_size=6), st.sampled_from([1, -1]),
       st.floats(0, 2))
def test_trend_words_direction_is_the_metrics(values, direction, half):
    """Negating the values and the direction keeps the verdict; 'improving' only when the last
    step moves the good way by more than its uncertainty."""
    lo = [v - half for v in values]
    hi = [v + half for v in values]
    a = trend_words(values, lo, hi, direction)
    b = trend_words([-v for v in values], [-h for h in hi], [-v for v in lo], -direction)
    assert _word(a) == _word(b)
    step = (values[-1] - values[-2]) * direction
    if _word(a) in ("improving", "worsening"):
        assert abs(step) > 1.959963984540054 * (2 * half / (2 * 1.959963984540054)) * 2 ** 0.5 - 1e-9
        assert (step > 0) == (_word(a) == "improving")


def test_trend_dates_refuses_zero_points():
    with pytest.raises(ValueError, match="points"):
        trend_dates(_program(), points=0)
