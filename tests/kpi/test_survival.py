import math

import numpy as np
import pandas as pd
import pytest
from statsmodels.duration.survfunc import SurvfuncRight, survdiff

from workbench.kpi.survival import (exit_curves, exit_frame, kaplan_meier, logrank_test,
                                    median_survival, survival_at)

from kpi_helpers import make_program


def test_kaplan_meier_hand_computed():
    km = kaplan_meier(pd.Series([1, 2, 2, 4, 5]), pd.Series([1, 1, 0, 1, 0]))
    # S(1) = 4/5, S(2) = 4/5 * 3/4 (the one censored at 2 is still at risk at 2), S(4) = 0.6 * 1/2
    assert km["survival"].round(6).tolist() == [1.0, 0.8, 0.6, 0.3]
    assert km["at_risk"].tolist() == [5, 5, 4, 2]
    # Greenwood: sum d/(n(n-d)) = 1/20, + 1/12, + 1/2
    g = np.cumsum([1 / 20, 1 / 12, 1 / 2])
    s = np.array([0.8, 0.6, 0.3])
    assert km["se"].iloc[1:].to_numpy() == pytest.approx(s * np.sqrt(g))
    # log-log band at t = 1, by hand: se = sqrt(.05)/|ln .8| = 1.00208; S^exp(+-1.96 se)
    se_ll = math.sqrt(0.05) / abs(math.log(0.8))
    assert km.loc[1, "lower"] == pytest.approx(0.8 ** math.exp(1.959964 * se_ll), rel=1e-5)
    assert km.loc[1, "lower"] == pytest.approx(0.2038, abs=1e-4)
    assert km.loc[1, "upper"] == pytest.approx(0.9692, abs=1e-4)
    assert (km["lower"] <= km["survival"]).all() and (km["survival"] <= km["upper"]).all()
    assert median_survival(km)[0] == 4.0
    assert survival_at(km, 3)[0] == pytest.approx(0.6)
    assert survival_at(km, 10) is None
    assert survival_at(km, 10, follow_up=10) [0] == pytest.approx(0.3)


def test_kaplan_meier_agrees_with_statsmodels():
    rng = np.random.default_rng(1)
    t = rng.integers(1, 60, 200).astype(float)
    e = (rng.random(200) < 0.6).astype(int)
    km = kaplan_meier(t, e)
    ref = SurvfuncRight(t, e)
    assert km["time"].iloc[1:].to_numpy() == pytest.approx(ref.surv_times)
    assert km["survival"].iloc[1:].to_numpy() == pytest.approx(ref.surv_prob)
    assert km["se"].iloc[1:].to_numpy() == pytest.approx(ref.surv_prob_se, nan_ok=True)
    assert median_survival(km)[0] == pytest.approx(ref.quantile(0.5))


def test_logrank_agrees_with_statsmodels_and_hand_example():
    rng = np.random.default_rng(2)
    t = rng.exponential(30, 300).round()
    e = (rng.random(300) < 0.7).astype(int)
    g = (rng.random(300) < 0.4).astype(int)
    t = np.where(g == 1, t * 1.5, t)
    chi2, p = logrank_test(t, e, g)
    ref_chi2, ref_p = survdiff(t, e, g)
    assert chi2 == pytest.approx(ref_chi2) and p == pytest.approx(ref_p)
    # 3 vs 3 with no censoring, group 0 all exit first: O-E = 3 - (1/2 + 2/5 + 1/4) = 1.85
    chi2, p = logrank_test([1, 2, 3, 4, 5, 6], [1] * 6, [0, 0, 0, 1, 1, 1])
    var = sum(k * (n1 / n) * (1 - n1 / n) * (n - k) / (n - 1) if n > 1 else 0
              for k, n1, n in [(1, 3, 6), (1, 2, 5), (1, 1, 4), (1, 0, 3), (1, 0, 2), (1, 0, 1)])
    assert chi2 == pytest.approx(1.85 ** 2 / var)


def _program():
    wf = []
    for i in range(40):
        # participants P0-P19; the others hired 2024; two hired after the start, one left before it
        wf.append({"employee_id": f"P{i}", "hire_date": pd.Timestamp("2024-01-01"),
                   "exit_date": pd.Timestamp("2025-06-01") if i % 4 == 0 else pd.NaT})
    wf[38]["hire_date"] = pd.Timestamp("2025-03-01")
    wf[39]["exit_date"] = pd.Timestamp("2024-06-01")
    people = [{"person_id": f"P{i}", "role": "mentee"} for i in range(20)]
    return make_program(people, wf)


def test_exit_frame_entry_exit_and_censoring():
    f = exit_frame(_program()).set_index("employee_id")
    assert "P39" not in f.index                      # left before the program started
    assert f.loc["P38", "entry"] == pd.Timestamp("2025-03-01")   # hired after the start
    assert f.loc["P0", "left"] == 1 and f.loc["P0", "days_observed"] == 151   # 1 Jan -> 1 Jun 2025
    assert f.loc["P1", "left"] == 0 and f.loc["P1", "days_observed"] == 365   # censored at snapshot
    assert f["treated"].sum() == 20


def test_exit_curves_on_hand_built_program():
    ec = exit_curves(_program(), horizon_months=6)
    t = ec.table.set_index("group")
    assert t.loc["participants", "exits"] == 5
    assert t.loc["participants", "still_employed_6m"] == pytest.approx(0.75)
    assert "log-rank" in ec.sentence and set(ec.curves) == {"participants", "others"}
    small = exit_curves(_program(), frame=exit_frame(_program()).head(15))
    assert small.sentence.startswith("Cannot conclude")


def test_exit_curves_on_samples(sample_programs):
    progs = list(sample_programs.values())
    ec = exit_curves(progs[0], others=progs[1:])
    t = ec.table.set_index("group")
    assert t.loc["participants", "still_employed_12m"] > t.loc["others", "still_employed_12m"]
    assert ec.logrank_p < 0.05


from hypothesis import given, settings, strategies as st  # noqa: E402


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 50), st.integers(0, 1)), min_size=1, max_size=60))
def test_kaplan_meier_properties(rows):
    t, e = zip(*rows)
    km = kaplan_meier(t, e)
    s = km["survival"].to_numpy()
    assert (np.diff(s) <= 1e-12).all() and (s >= 0).all() and s[0] == 1
    assert (km["lower"] <= s + 1e-12).all() and (s <= km["upper"] + 1e-12).all()
    assert km["events"].sum() == sum(e)
    # with no censoring, S(t) is the share still at risk after t
    # (row 0 is the start, just before time 0, so it is skipped)
    if all(x == 1 for x in e):
        for ti, si in zip(km["time"][1:], s[1:]):
            assert si == pytest.approx(np.mean(np.asarray(t) > ti))


def test_km_curves_from_a_frame_hand_computed():
    from workbench.kpi.survival import km_curves
    # participants: 10 people, exits at days 100 and 200, the rest censored at 400
    # others: 10 people, exits at 50, 100, 150, 200, 250, rest censored at 400
    f = pd.DataFrame({"days": [100, 200] + [400] * 8 + [50, 100, 150, 200, 250] + [400] * 5,
                      "gone": [1, 1] + [0] * 8 + [1] * 5 + [0] * 5,
                      "grp": [1] * 10 + [0] * 10})
    ec = km_curves(f, duration="days", event="gone", group="grp", horizon_months=12)
    p = ec.curves["participants"]
    assert p["survival"].tolist() == pytest.approx([1.0, 0.9, 0.8])
    o = ec.curves["others"]
    assert o["survival"].iloc[-1] == pytest.approx(0.5)
    t = ec.table.set_index("group")
    assert t.loc["participants", "still_employed_12m"] == pytest.approx(0.8)
    assert t.loc["others", "still_employed_12m"] == pytest.approx(0.5)
    # Greenwood at S = 0.8 after 2 events of 10: var sum = 1/(10*9) + 1/(9*8)
    v = 1 / 90 + 1 / 72
    assert p["se"].iloc[-1] == pytest.approx(0.8 * np.sqrt(v))
    assert p["lower"].iloc[-1] < 0.8 < p["upper"].iloc[-1]
    assert 0 < ec.logrank_p < 1


def test_km_curves_leave_out_rows_without_an_outcome():
    from workbench.kpi.survival import km_curves
    f = pd.DataFrame({"days_observed": list(range(10, 410, 10)), "left": [1.0, 0.0] * 20,
                      "treated": [1] * 20 + [0] * 20})
    f.loc[[0, 5, 25], "left"] = float("nan")          # gone before the start: no outcome
    ec = km_curves(f)
    assert ec.table["people"].tolist() == [18, 19]
    with pytest.raises(ValueError):
        kaplan_meier([1, 2], [1, float("nan")])


def _hand_logrank(t, e, g):
    """The former hand-written log-rank (O - E and its hypergeometric variance), kept as the reference."""
    t, e, g = np.asarray(t, float), np.asarray(e, int), np.asarray(g)
    g1 = g == pd.unique(g)[0]
    o_minus_e, var = 0.0, 0.0
    for ti in np.unique(t[e == 1]):
        risk = t >= ti
        n, n1 = int(risk.sum()), int((risk & g1).sum())
        dead = (t == ti) & (e == 1)
        k, k1 = int(dead.sum()), int((dead & g1).sum())
        o_minus_e += k1 - k * n1 / n
        if n > 1:
            var += k * (n1 / n) * (1 - n1 / n) * (n - k) / (n - 1)
    return o_minus_e ** 2 / var if var > 0 else float("nan")


def test_logrank_unchanged_on_the_bundled_programs(sample_programs):
    from scipy import stats
    for slug, prog in sample_programs.items():
        f = exit_frame(prog)
        chi2, p = logrank_test(f["days_observed"], f["left"], f["treated"])
        ref = _hand_logrank(f["days_observed"], f["left"], f["treated"])
        assert abs(chi2 - ref) <= 1e-9 * max(1.0, ref), slug
        assert abs(p - stats.chi2.sf(ref, 1)) <= 1e-9, slug


def test_logrank_undefined_is_nan_not_an_error():
    assert all(math.isnan(v) for v in logrank_test([4, 8, 9], [0, 1, 1], [1, 0, 0]))   # no variance
    assert all(math.isnan(v) for v in logrank_test([1, 2, 3], [0, 0, 0], [0, 1, 1]))   # no event
    assert all(math.isnan(v) for v in logrank_test([1, 2, 3], [1, 1, 1], [0, 0, 0]))   # one group


def _hand_kaplan_meier(t, e, z=1.959963984540054):
    """The former hand-written product-limit with Greenwood log-log bands, kept as the reference."""
    t, e = np.asarray(t, float), np.asarray(e, int)
    s, var_sum, out = 1.0, 0.0, []
    for ti in np.unique(t[e == 1]):
        at_risk = int((t >= ti).sum())
        dead = int(((t == ti) & (e == 1)).sum())
        s *= 1 - dead / at_risk
        var_sum += dead / (at_risk * (at_risk - dead)) if at_risk > dead else np.inf
        if 0 < s < 1 and np.isfinite(var_sum):
            se_ll = np.sqrt(var_sum) / abs(np.log(s))
            lo, hi = s ** np.exp(z * se_ll), s ** np.exp(-z * se_ll)
        else:
            lo = hi = s
        out.append((ti, at_risk, dead, s, s * np.sqrt(var_sum) if np.isfinite(var_sum) else np.nan, lo, hi))
    return np.array(out, float).reshape(-1, 7)


def test_kaplan_meier_unchanged_on_the_bundled_programs(sample_programs):
    for slug, prog in sample_programs.items():
        f = exit_frame(prog)
        for treated in (0, 1):
            g = f[f["treated"] == treated]
            km = kaplan_meier(g["days_observed"], g["left"])
            ref = _hand_kaplan_meier(g["days_observed"], g["left"])
            got = km[["time", "at_risk", "events", "survival", "se", "lower", "upper"]].iloc[1:].to_numpy(float)
            assert got.shape == ref.shape, slug
            np.testing.assert_allclose(got, ref, rtol=0, atol=1e-9, equal_nan=True, err_msg=slug)


def test_kaplan_meier_everyone_exits_and_no_event():
    km = kaplan_meier([1, 2, 2], [1, 1, 1])
    assert km["survival"].tolist()[-1] == 0.0 and km["lower"].iloc[-1] == km["upper"].iloc[-1] == 0.0
    assert kaplan_meier([3, 4], [0, 0])["survival"].tolist() == [1.0]
