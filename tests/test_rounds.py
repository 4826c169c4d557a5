"""Lessons across rounds (issue 18 item 4): intervals against statsmodels, round comparison on a
hand-built program with known answers, settings changes, and the previous-round reference."""
import math

import numpy as np
import pandas as pd
import pytest
from statsmodels.stats.proportion import proportion_confint

from program_factory import make_program
from workbench.config import ProgramConfig
from workbench.problems import InputError
from workbench.evaluation.stats import newcombe_interval, wilson
from workbench.rounds import (comparison_table, difference, mean_ci, previous_program, rounds_of,
                              settings_changes, share, welch)


# The intervals the hand-written Wilson / Newcombe formulas gave before the package switched to
# statsmodels (issue 33): the one helper must give them again, to 1e-9.
OLD_WILSON = {(0, 10): (0.0, 0.2775327998628892), (3, 10): (0.10779126740630099, 0.6032218525388546),
              (8, 10): (0.49016247153664183, 0.9433178485456247), (10, 10): (0.7224672001371107, 1.0),
              (45, 50): (0.7863976856252035, 0.9565242350681096), (1, 3): (0.06149194472039621, 0.7923403991979522),
              (500, 1000): (0.4690696003681042, 0.5309303996318958), (0, 1): (0.0, 0.7934506856227626),
              (25, 25): (0.8668077490609515, 1.0)}
OLD_NEWCOMBE = {((3, 20), (9, 25)): (-0.05284791163019967, 0.42790996942935694),
                ((10, 40), (10, 40)): (-0.18648722931631695, 0.18648722931631695),
                ((0, 12), (4, 15)): (-0.022591267024058836, 0.5195043405598057),
                ((56, 70), (48, 80)): (-0.333872654036906, -0.05243147240236498),
                ((12, 12), (0, 7)): (-1.0, -0.5706360512592377)}


@pytest.mark.parametrize("x,n", sorted(OLD_WILSON))
def test_share_interval_unchanged(x, n):
    p, lo, hi = share(x, n)
    assert p == x / n and (lo, hi) == pytest.approx(OLD_WILSON[x, n], abs=1e-9)
    assert lo <= p <= hi   # never left out by rounding error (25 of 25: the upper end is 1)
    assert wilson(x, n) == (lo, hi)   # the rounds comparison and the KPI measurements: one helper
    assert (lo, hi) == pytest.approx(proportion_confint(x, n, method="wilson"), abs=1e-12)


@pytest.mark.parametrize("a,b", sorted(OLD_NEWCOMBE))
def test_difference_interval_unchanged(a, b):
    d, lo, hi = difference(a, b)
    assert d == pytest.approx(b[0] / b[1] - a[0] / a[1])
    assert (lo, hi) == pytest.approx(OLD_NEWCOMBE[a, b], abs=1e-9) and lo <= d <= hi
    assert newcombe_interval(*b, *a) == (lo, hi)
    # swapping the rounds mirrors the interval
    assert difference(b, a)[1:] == pytest.approx((-hi, -lo), abs=1e-12)


def test_no_trials_no_interval():
    assert all(math.isnan(v) for v in share(0, 0)) and all(math.isnan(v) for v in difference((0, 0), (3, 5)))


def test_welch_and_mean_match_statsmodels():
    from statsmodels.stats.weightstats import CompareMeans, DescrStatsW
    rng = np.random.default_rng(3)
    x, y = rng.normal(1.0, 0.4, 30), rng.normal(1.3, 0.9, 22)
    d, lo, hi = welch(x, y)
    ref = CompareMeans(DescrStatsW(y), DescrStatsW(x)).tconfint_diff(usevar="unequal")
    assert (lo, hi) == pytest.approx(ref, abs=1e-10) and d == pytest.approx(y.mean() - x.mean())
    m, lo, hi = mean_ci(x)
    assert (lo, hi) == pytest.approx(DescrStatsW(x).tconfint_mean(), abs=1e-10)


def two_round_program(k=5):
    people = [{"person_id": f"E{i}", "role": "mentee" if i < 12 else "mentor"} for i in range(24)]
    workforce = [{"employee_id": f"E{i}"} for i in range(24)]
    program = make_program(people, workforce, min_group_size=k)
    rel = []
    for i in range(12):
        rnd = 1 if i < 6 else 2
        rel.append({"relationship_id": f"R{i}", "mentee_id": f"E{i}", "mentor_id": f"E{12 + i}",
                    "start_date": pd.Timestamp("2025-01-01") if rnd == 1 else pd.Timestamp("2025-07-01"),
                    "end_date": pd.Timestamp("2025-06-30") if rnd == 1 else pd.NaT,
                    "status": "ended_early" if i in (0, 1, 2) else "active", "round": rnd,
                    "healthy": True, "match_score": 0.5 if rnd == 1 else 0.8})
    program.relationships = pd.DataFrame(rel)
    # round 1: one check-in per pair; round 2: six per pair
    program.checkins = pd.DataFrame({"relationship_id": [f"R{i}" for i in range(6)] +
                                     [f"R{i}" for i in range(6, 12) for _ in range(6)],
                                     "date": pd.Timestamp("2025-08-01"), "minutes": 30})
    program.surveys = pd.DataFrame({"person_id": [], "relationship_id": [], "date": [],
                                    "satisfaction": [], "goal_progress": []})
    return program


def test_two_rounds_compared_with_known_answers():
    program = two_round_program()
    rounds = rounds_of(program)
    assert [r.label for r in rounds] == ["round 1", "round 2"]
    assert [r.pairs for r in rounds] == [6, 6] and [r.ended_early for r in rounds] == [3, 0]
    table = comparison_table(rounds, k=5)
    assert table["round"].tolist() == ["round 1", "round 2"]
    assert table.loc[0, "ended early"].startswith("50 %")
    assert table.loc[1, "change in ended early"].startswith("-50 points")
    # round 1: 1 meeting over 180 days (5.9 months); round 2: 6 over the 184 days to the snapshot
    m1 = 1 / (180 / 30.44)
    assert table.loc[0, "meetings per pair per month"].startswith(f"{m1:.2f}")
    m2 = 6 / (184 / 30.44)
    assert table.loc[1, "meetings per pair per month"].startswith(f"{m2:.2f}")
    assert table.loc[1, "change in meetings"].startswith(f"+{m2 - m1:.2f}")
    assert table.loc[1, "match score"] == "80 %"


def test_small_rounds_are_not_shown():
    table = comparison_table(rounds_of(two_round_program()), k=7)
    assert table.empty


def test_settings_changes():
    base = {"client": "A", "program": "P", "purposes": ["retention"], "format": "one_to_one",
            "start_date": "2025-01-01", "snapshot_date": "2026-01-01",
            "tables": {"workforce": {"file": "w.csv"}, "people": {"file": "p.csv"}},
            "matching": {"criteria": [{"kind": "overlap", "weight": 3}], "rules": {"no_same_department": False}}}
    after = dict(base, format="group", cadence="biweekly",
                 matching={"criteria": [{"kind": "overlap", "weight": 4.5}], "rules": {"no_same_department": True}})
    changes = settings_changes(ProgramConfig.model_validate(base), ProgramConfig.model_validate(after))
    assert "format: one-to-one → group" in changes and "cadence: monthly → biweekly" in changes
    assert "weight of overlap: 3 → 4.5" in changes
    assert "newly forbidden: a mentor from the mentee's own department" in changes
    assert not any("_" in c or "True" in c or ".0 " in c for c in changes)


def test_settings_changes_of_the_bundled_second_round(sample_programs):
    """Plain words for the bundled rounds: a rule by what it forbids, a dropped criterion."""
    pilot, second = sample_programs["onboarding-pilot"], sample_programs["onboarding-round-2"]
    assert settings_changes(pilot.config, second.config) == [
        "criterion level gap dropped (weight was 1)",
        "weight of location: 2 → 1",
        "forbidden pairs: time zones more than 2 hours apart (before: time zones more than 3 hours apart)"]


def test_previous_must_be_a_sibling_program(tmp_path):
    program = two_round_program()
    program.path = tmp_path / "pilot-2"
    program.path.mkdir()
    program.config.previous = "../../etc"
    with pytest.raises(InputError, match="not a sibling program folder"):
        previous_program(program)
    program.config.previous = "../pilot-1"
    with pytest.raises(InputError):
        previous_program(program)          # no such program folder
    program.config.previous = None
    assert previous_program(program) is None
