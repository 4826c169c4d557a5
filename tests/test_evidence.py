"""Evidence plan (issue 18 item 3): power figures against statsmodels, and the plan's logic."""
import math

import numpy as np
import pytest
from hypothesis import assume, given, settings, strategies as st
from statsmodels.stats.power import NormalIndPower
from statsmodels.stats.proportion import proportion_effectsize

from workbench.evidence import (EXACT_CELLS, EXPORT_COLUMNS, exact_power, minimum_detectable_difference,
                                participants_needed, plan_kpi, plan_table)


@given(p0=st.floats(0.05, 0.9), n1=st.integers(600, 3000), ratio=st.floats(0.5, 20))
@settings(max_examples=60, deadline=None)
def test_mdd_has_the_stated_power_in_statsmodels(p0, n1, ratio):
    """Large groups: the MDD is statsmodels' Cohen's-h answer."""
    n0 = max(1, round(n1 * ratio))
    assume((n1 + 1) * (n0 + 1) > EXACT_CELLS)      # smaller ones: the exact test below
    mdd = minimum_detectable_difference(p0, n1, n0)
    if mdd is None:       # no rise within [0, 1] reaches 80 %: even p1 = 1 has less power
        h = proportion_effectsize(1.0, p0)
        assert NormalIndPower().power(h, n1, 0.05, ratio=n0 / n1) < 0.8 + 1e-9
        return
    assert 0 < mdd <= 1 - p0
    h = proportion_effectsize(p0 + mdd, p0)
    assert NormalIndPower().power(h, n1, 0.05, ratio=n0 / n1) == pytest.approx(0.8, abs=1e-4)


@given(p0=st.floats(0.05, 0.9), n1=st.integers(5, 120), n0=st.integers(5, 1500))
@settings(max_examples=40, deadline=None)
def test_small_groups_use_the_exact_power_of_the_test(p0, n1, n0):
    """Small groups: at the MDD the exact power is 80 % (and just below it, below 80 %)."""
    mdd = minimum_detectable_difference(p0, n1, n0)
    if mdd is None:
        assert exact_power(1.0, p0, n1, n0) < 0.8
        return
    assert exact_power(p0 + mdd, p0, n1, n0) >= 0.8


def test_exact_power_is_the_power_of_proportions_ztest():
    from statsmodels.stats.proportion import proportions_ztest
    from scipy.stats import binom
    n1, n0, p1, p0 = 12, 30, 0.9, 0.6
    total = sum(binom.pmf(a, n1, p1) * binom.pmf(b, n0, p0)
                for a in range(n1 + 1) for b in range(n0 + 1)
                if 0 < a + b < n1 + n0 and proportions_ztest([a, b], [n1, n0])[1] < 0.05)
    assert exact_power(p1, p0, n1, n0) == pytest.approx(total, abs=1e-12)
    # where both apply, exact and statsmodels' approximation agree closely
    assert exact_power(0.85, 0.8, 450, 450) == pytest.approx(
        NormalIndPower().power(abs(proportion_effectsize(0.85, 0.8)), 450, 0.05), abs=0.02)


def test_mdd_shrinks_with_size():
    sizes = [25, 100, 250, 1000, 2500]
    mdds = [minimum_detectable_difference(0.5, n, n) for n in sizes]
    assert all(a > b for a, b in zip(mdds, mdds[1:]))
    assert mdds[0] == pytest.approx(0.354, abs=0.002)   # a 25-pair pilot: about 35 points
    assert minimum_detectable_difference(0.8, 25, 25) is None


def test_participants_needed_matches_statsmodels():
    h = proportion_effectsize(0.85, 0.80)
    expected = math.ceil(NormalIndPower().solve_power(abs(h), None, 0.05, 0.8, ratio=1.0))
    assert participants_needed(0.80, 0.05) == expected == 903
    assert participants_needed(0.80, 0.0) is None and participants_needed(0.95, 0.1) is None
    # at the returned size the expected difference is detectable, one fewer it is not
    n = participants_needed(0.30, 0.10)
    assert minimum_detectable_difference(0.30, n, n) <= 0.10 + 1e-9
    small = participants_needed(0.30, 0.25)          # small groups: the exact power holds
    assert exact_power(0.55, 0.30, small, small) >= 0.8


def test_simulated_power_at_the_mdd():
    """A quick version of benchmarks/bench_evidence.py: the z-test of two shares at the MDD."""
    from statsmodels.stats.proportion import proportions_ztest
    rng = np.random.default_rng(7)
    n, p0 = 200, 0.7
    mdd = minimum_detectable_difference(p0, n, n)
    hits = 0
    reps = 400
    for _ in range(reps):
        a, b = rng.binomial(n, p0 + mdd), rng.binomial(n, p0)
        hits += proportions_ztest([a, b], [n, n])[1] < 0.05
    assert 0.72 <= hits / reps <= 0.88


def test_plan_recommends_a_design_from_the_numbers():
    pilot = plan_kpi("Retention", "retention", 0.80, 0.85, n_participants=25, n_comparison=1300,
                     waitlist=12, waves=(250, 2500))
    assert pilot.design == "randomise the waitlist" and "12 waiting" in pilot.sentence
    assert "903 participants" in pilot.sentence and "18 points" in pilot.sentence
    assert [n for n, _ in pilot.waves] == [250, 2500]
    rollout = plan_kpi("Retention", "retention", 0.80, 0.85, n_participants=25, n_comparison=1300)
    assert rollout.design == "staggered roll-out"
    big = plan_kpi("Promotion", "promotion", 0.07, 0.30, n_participants=500, n_comparison=434)
    assert big.design == "compare with non-participants as planned" and "association, not cause" in big.sentence
    mean = plan_kpi("Satisfaction", "satisfaction", 3.9, 4.2, n_participants=25, n_comparison=100)
    assert mean.design == "not planned" and mean.minimum_detectable_difference is None
    none = plan_kpi("Retention", "retention", None, 0.9, n_participants=25, n_comparison=100)
    assert none.design == "measure the baseline first"
    table = plan_table([pilot, rollout, big, mean, none])
    assert list(table.columns) == EXPORT_COLUMNS and len(table) == 5


def test_evidence_plan_on_a_bundled_program():
    from pathlib import Path
    from workbench.evidence import evidence_plan
    from workbench.io import load_program
    root = Path(__file__).resolve().parent.parent / "data" / "programs"
    program = load_program(root / "onboarding-pilot")
    rows = evidence_plan(program)
    wanted = [k.name for k in program.config.kpis if k.compare_to_non_participants]
    assert [r.kpi for r in rows] == wanted and rows
    from workbench.evaluation.design import comparison_group
    for r, k in zip(rows, [k for k in program.config.kpis if k.compare_to_non_participants]):
        group = comparison_group(program, k.population, seed=program.config.evaluation.seed)
        assert (r.n_participants, r.n_comparison) == (group.n_treated, group.n_control)
        assert r.minimum_detectable_difference is None or 0 < r.minimum_detectable_difference < 1
