import numpy as np
import pandas as pd
import pytest
from scipy import stats

from workbench.kpi import match_outcomes, spearman_ci
from workbench.kpi.match_outcomes import MIN_PAIRS, advise

from kpi_helpers import make_program


def test_spearman_ci_fisher_by_hand_and_scipy():
    rng = np.random.default_rng(0)
    x = rng.normal(size=50)
    y = x + rng.normal(size=50)
    rho, lo, hi, n = spearman_ci(x, y)
    assert rho == pytest.approx(stats.spearmanr(x, y).statistic)
    se = np.sqrt(1.06 / 47)
    assert (lo, hi) == pytest.approx((np.tanh(np.arctanh(rho) - 1.959964 * se),
                                      np.tanh(np.arctanh(rho) + 1.959964 * se)), rel=1e-5)
    assert lo < rho < hi and n == 50


def test_spearman_ci_bootstrap_reproducible_and_close_to_fisher():
    rng = np.random.default_rng(1)
    x = rng.normal(size=80)
    y = 0.5 * x + rng.normal(size=80)
    a = spearman_ci(x, y, method="bootstrap", n_boot=500, seed=3)
    b = spearman_ci(x, y, method="bootstrap", n_boot=500, seed=3)
    f = spearman_ci(x, y)
    assert a == b
    assert a[1] == pytest.approx(f[1], abs=0.1) and a[2] == pytest.approx(f[2], abs=0.1)


def test_spearman_ci_refuses_small_or_constant():
    assert np.isnan(spearman_ci(range(MIN_PAIRS - 1), range(MIN_PAIRS - 1))[0])
    assert np.isnan(spearman_ci([1.0] * 30, range(30))[0])


def test_advice():
    assert advise([(0.1, 0.4), (-0.1, 0.3)], 50) == "increase"
    assert advise([(-0.4, -0.1)], 50) == "decrease"
    assert advise([(-0.2, 0.3), (-0.1, 0.1)], 50) == "no evidence"
    assert advise([(0.1, 0.4), (-0.4, -0.1)], 50) == "mixed"
    assert advise([(0.1, 0.4)], 5) == "too few pairs"
    assert advise([(np.nan, np.nan)], 50) == "cannot tell"


def _program(n=40, seed=0):
    rng = np.random.default_rng(seed)
    wf = [{"employee_id": f"P{i}"} for i in range(2 * n)]
    people = [{"person_id": f"P{2 * i}", "role": "mentee"} for i in range(n)]
    people += [{"person_id": f"P{2 * i + 1}", "role": "mentor"} for i in range(n)]
    prog = make_program(people, wf, cadence=30)
    score = rng.random(n)
    prog.relationships = pd.DataFrame({
        "relationship_id": [f"R{i}" for i in range(n)], "mentee_id": [f"P{2 * i}" for i in range(n)],
        "mentor_id": [f"P{2 * i + 1}" for i in range(n)], "start_date": pd.Timestamp("2025-01-01"),
        "end_date": pd.NaT, "status": "active", "round": 1, "healthy": True, "match_score": score})
    # better-scored pairs meet more: meetings = 2 + 10 x score
    rows = [(f"R{i}", pd.Timestamp("2025-01-05") + pd.Timedelta(days=20 * j))
            for i in range(n) for j in range(int(2 + 10 * score[i]))]
    prog.checkins = pd.DataFrame(rows, columns=["relationship_id", "date"]).assign(minutes=60)
    prog.surveys = pd.DataFrame({"person_id": [f"P{2 * i}" for i in range(n)],
                                 "relationship_id": [f"R{i}" for i in range(n)],
                                 "date": pd.Timestamp("2025-06-01"),
                                 "satisfaction": rng.integers(1, 6, n), "goal_progress": 50.0})
    contrib = pd.DataFrame({"relationship_id": [f"R{i}" for i in range(n)],
                            "department": score, "noise": rng.random(n)})
    return prog, contrib


def test_match_outcomes_known_answer():
    prog, contrib = _program()
    out = match_outcomes(prog, contributions=contrib)
    adv = out.attrs["advice"]
    assert adv["match score"] == "increase"
    assert adv["criterion: department"] == "increase"
    row = out[(out["predictor"] == "match score") & (out["against"] == "meetings per month")].iloc[0]
    assert row["rho"] > 0.9 and row["pairs"] == 40
    assert "raise its weight" in out.attrs["suggestion"]
    assert list(out.columns) == ["predictor", "against", "pairs", "rho", "lower", "upper", "advice"]


def test_match_outcomes_on_samples(sample_programs):
    for prog in sample_programs.values():
        out = match_outcomes(prog)
        assert (out["lower"] <= out["rho"]).all() and (out["rho"] <= out["upper"]).all()
        assert out.attrs["suggestion"]
