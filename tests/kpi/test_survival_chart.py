"""Page 4's survival chart (issue 34.2): every plotted point and every figure of its text is the
Kaplan–Meier share at the time it is labelled with, checked against statsmodels' SurvfuncRight on
a hand-built program and on every bundled program. Shifting the points one quarter (the share at
the end of the quarter labelled with its start) fails these tests."""
import re

import numpy as np
import pandas as pd
import pytest
from statsmodels.duration.survfunc import SurvfuncRight

from workbench import present
from workbench.evaluation import comparison_group
from workbench.kpi.effects import populations
from workbench.kpi.survival import survival_at_times
from workbench.views.stage4 import QUARTER, kpi_review

from kpi_helpers import kpi_program


def reference(days, left, t: float) -> float:
    """statsmodels' Kaplan–Meier share at time t (1 before the first event)."""
    sf = SurvfuncRight(np.asarray(days, float), np.asarray(left, int))
    i = np.searchsorted(sf.surv_times, t, side="right") - 1
    return 1.0 if i < 0 else float(sf.surv_prob[i])


def test_survival_at_times_hand_computed_and_against_statsmodels():
    # S(1) = 4/5, S(2) = 4/5 * 3/4, S(4) = 0.6 / 2; between events the earlier value holds
    assert survival_at_times([1, 2, 2, 4, 5], [1, 1, 0, 1, 0], [0, 0.5, 1, 1.99, 2, 3.5, 4, 9]) == \
        pytest.approx([1, 1, 0.8, 0.8, 0.6, 0.6, 0.3, 0.3])
    rng = np.random.default_rng(4)
    days = rng.integers(1, 500, 300).astype(float)
    left = (rng.random(300) < 0.4).astype(int)
    times = [i * QUARTER for i in range(6)]
    assert survival_at_times(days, left, times) == pytest.approx([reference(days, left, t) for t in times])


def _chart_points(page):
    chart = page["survival"].chart
    return chart, {col: chart.data[col].dropna() for col in chart.data.columns}


def _check_against_reference(program, page):
    """Each drawn point and each "m months p %" of the alt text equals SurvfuncRight at m months."""
    pop = populations(program)[0]
    g = comparison_group(program, pop, seed=program.config.evaluation.seed)
    chart, lines = _chart_points(page)
    subs = {pop: g.treated, "comparable non-participants": g.control_until_joining}
    checked = 0
    for name, pts in lines.items():
        sub = subs[name]
        said = dict(re.findall(r"(\d+) months (\d+ %)", chart.alt.split(f"{name}: ", 1)[1].split(";")[0]))
        for months, value in pts.items():
            ref = reference(sub["days_observed"], sub["left"], months / 3 * QUARTER)
            assert value == pytest.approx(ref, abs=1e-9), (program.config.name, name, months)
            assert said[str(int(months))] == present.share(ref), (program.config.name, name, months)
            checked += 1
    return checked


def test_hand_built_program_shows_the_share_at_the_labelled_time():
    """30 mentees join on 1 Feb 2025, 10 leave on 15 Jul (day 164, in the second quarter); 200
    others from the same date, 9 leave in the second quarter and 11 in the third."""
    program = kpi_program(leavers=10, idle=6, ended=6)
    page = kpi_review(program)
    chart, lines = _chart_points(page)
    mentees, others = lines["mentees"], lines["comparable non-participants"]
    assert mentees.to_dict() == pytest.approx({0: 1.0, 3: 1.0, 6: 20 / 30, 9: 20 / 30})
    assert others.to_dict() == pytest.approx({0: 1.0, 3: 1.0, 6: 191 / 200, 9: 180 / 200})
    assert "mentees: 0 months 100 % (30 followed), 3 months 100 % (30 followed), 6 months 67 %" in chart.alt
    assert _check_against_reference(program, page) == 8


@pytest.mark.parametrize("slug", ["leadership-accelerator"] + [   # one program in the fast tier
    pytest.param(s, marks=pytest.mark.slow) for s in ("onboarding-pilot", "onboarding-round-2",
                                                       "peer-skills-exchange", "reverse-digital",
                                                       "women-leadership-circles")])
def test_bundled_programs_survival_chart_matches_statsmodels(sample_programs, slug):
    program = sample_programs[slug]
    page = kpi_review(program)
    _check_against_reference(program, page)
    chart, lines = _chart_points(page)
    for pts in lines.values():
        assert pts.iloc[0] == 1.0            # nobody has left at 0 months


@pytest.mark.slow
def test_leadership_accelerator_chart_agrees_with_the_scorecard_at_twelve_months(sample_programs):
    program = sample_programs["leadership-accelerator"]
    page = kpi_review(program)
    _, lines = _chart_points(page)
    from workbench.kpi.scorecard import scorecard
    t = scorecard(program).table
    retention = t[(t["metric"] == "retention") & (t["horizon_months"] == 12)] if "horizon_months" in t \
        else t[t["metric"] == "retention"]
    if not len(retention) or 12 not in lines.get("mentees", pd.Series(dtype=float)).index:
        pytest.skip("no 12-month retention KPI or point on this program")
    assert lines["mentees"][12] == pytest.approx(float(retention["current"].iloc[0]), abs=0.005)
