import math

import numpy as np
import pandas as pd
import pytest
import statsmodels.api as sm
from hypothesis import given, settings, strategies as st

from workbench.kpi import outcome_comparison
from workbench.kpi.outcomes import MIN_GROUP


def _frame(n=600, seed=0):
    rng = np.random.default_rng(seed)
    perf = rng.normal(3, 0.7, n)
    dept = rng.choice(["A", "B", "C"], n)
    treated = (rng.random(n) < 1 / (1 + np.exp(-(perf - 3) * 2))).astype(int)
    logit = -1 - 0.8 * (perf - 3) - 0.5 * treated + (dept == "B") * 0.4
    left = (rng.random(n) < 1 / (1 + np.exp(-logit))).astype(int)
    return pd.DataFrame({"left": left, "treated": treated, "perf": perf, "dept": dept})


def test_agrees_with_statsmodels():
    df = _frame()
    res = outcome_comparison(df, "left", "treated", adjust=["perf", "dept"])
    X = pd.get_dummies(df[["treated", "perf", "dept"]], columns=["dept"], drop_first=True, dtype=float)
    ref = sm.Logit(df["left"], sm.add_constant(X)).fit(disp=0)
    assert res.odds_ratio == pytest.approx(math.exp(ref.params["treated"]), rel=1e-6)
    lo, hi = np.exp(ref.conf_int().loc["treated"])
    assert res.odds_ratio_ci == pytest.approx((lo, hi), rel=1e-6)
    assert res.p_value == pytest.approx(ref.pvalues["treated"], rel=1e-6)
    assert res.n_treated == df["treated"].sum() and res.n_control == (1 - df["treated"]).sum()
    assert "Adjusted for perf, dept" in res.sentence()


def test_small_group_cannot_conclude():
    df = _frame(200)
    df.loc[df.index[MIN_GROUP - 1:], "treated"] = 0
    res = outcome_comparison(df, "left", "treated", adjust=["perf"])
    assert res.odds_ratio is None and res.rate_treated is None
    assert "cannot conclude" in res.sentence().lower() and "too few" in res.reason


def test_perfect_separation_cannot_conclude():
    df = _frame(300)
    df["left"] = df["treated"]  # every participant left, nobody else did
    res = outcome_comparison(df, "left", "treated", adjust=["perf"])
    assert res.odds_ratio is None and res.reason


def test_constant_adjust_column_is_said_plainly():
    df = _frame(300).assign(site="HQ")
    res = outcome_comparison(df, "left", "treated", adjust=["perf", "site"])
    assert res.odds_ratio is None and "site" in res.reason
    assert res.rate_treated is not None  # raw rates still reported


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 1), st.integers(0, 1)), min_size=30, max_size=120))
def test_rates_consistent_with_counts(rows):
    df = pd.DataFrame(rows, columns=["left", "treated"])
    res = outcome_comparison(df, "left", "treated")
    n1 = int(df["treated"].sum())
    assert res.n_treated == n1 and res.n_control == len(df) - n1
    if res.rate_treated is not None:
        assert res.rate_treated == pytest.approx(df.loc[df.treated == 1, "left"].mean())
        assert res.difference == pytest.approx(res.rate_treated - res.rate_control)
        lo, hi = res.difference_ci
        assert lo <= res.difference <= hi


def test_adjusted_recovers_true_effect_on_sample_where_naive_does_not(sample_programs):
    from workbench.kpi import participation_frame
    from workbench.sample import truth
    progs = list(sample_programs.values())
    frame = participation_frame(progs[0], others=progs[1:])
    res = outcome_comparison(frame, "left", "treated", adjust=list(truth.ADJUST_FOR))
    true_or = truth.TRUE_EFFECTS["exit"]["odds_ratio"]
    lo, hi = res.odds_ratio_ci
    assert lo <= true_or <= hi
    assert not lo <= res.naive_odds_ratio <= hi
