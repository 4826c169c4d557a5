"""Program.as_of, each KPI's trend (kpi_trend, trend_words) and the scorecard's trend column."""
import pandas as pd
import pytest
from hypothesis import assume, given, strategies as st

from workbench.kpi import kpi_trend, scorecard, trend_dates, trend_words
from workbench.kpi.scorecard import measure

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
    tr = kpi_trend(prog).set_index(["kpi", "as_of"])["value"]
    sat = tr["satisfaction"].tolist()
    assert sat == pytest.approx([3.0, 3.5, 4.0, 4.0])            # running means of 3, 4, 5
    ret = tr["retention"].tolist()
    # 3 of 20 mentees gone in Feb, 2 more in Oct: 17/20 once the 3-month horizon elapsed
    assert ret[-1] == pytest.approx(measure(prog, prog.config.kpis[0])[0])
    assert ret[1] == pytest.approx(17 / 20)
    card = scorecard(prog).set_index("kpi")
    assert card.loc["satisfaction", "trend"] == "3.0 → 3.5 → 4.0 → 4.0 (steady)"
    assert card.loc["retention", "current"] == pytest.approx(ret[-1])
    assert len(card.attrs["trend"]) == 8
    assert (scorecard(prog, trend=False)["trend"] == "").all()


def test_trend_words():
    assert trend_words([0.70, 0.74, 0.80], 0.9, 0.7) == "0.70 → 0.74 → 0.80 (improving)"
    assert trend_words([0.80, 0.74], 0.9, 0.7) == "0.80 → 0.74 (worsening)"
    assert trend_words([0.30, 0.25], 0.2, 0.3) == "0.30 → 0.25 (improving)"      # lower is the goal
    assert trend_words([0.30, 0.35], 0.2, 0.3) == "0.30 → 0.35 (worsening)"
    assert trend_words([1.0, 0.73], 0.75, None) == "1.00 → 0.73 (worsening)"     # no baseline: up
    assert trend_words([4.1, 4.11], 4.0) == "4.1 → 4.1 (steady)"
    assert trend_words([float("nan"), 0.5], 0.9).startswith("too few points")
    assert trend_words([], 0.9) == "not measurable"


def _word(text):
    return text.rsplit("(", 1)[-1].rstrip(")")


@given(st.lists(st.floats(-5, 5), min_size=2, max_size=6), st.floats(-5, 5), st.floats(-5, 5))
def test_trend_words_direction_is_towards_the_target(values, target, baseline):
    """Negating everything (values, target, baseline) keeps the verdict; the verdict is
    'improving' exactly when the last step moves towards the target by more than the tolerance."""
    assume(target != baseline)          # no direction to judge by
    a = trend_words(values, target, baseline)
    b = trend_words([-v for v in values], -target, -baseline)
    assert _word(a) == _word(b)
    step = (values[-1] - values[-2]) * (1 if target >= baseline else -1)
    if _word(a) == "improving":
        assert step > 0
    elif _word(a) == "worsening":
        assert step < 0


def test_trend_dates_refuses_zero_points():
    with pytest.raises(ValueError, match="points"):
        trend_dates(_program(), points=0)
