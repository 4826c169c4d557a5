import math

import numpy as np
import pandas as pd
import pytest
import statsmodels.api as sm
from hypothesis import given, settings, strategies as st

from workbench.kpi import outcome_comparison
from workbench.kpi.outcomes import MIN_EVENTS, MIN_GROUP, comparison_table, newcombe_interval


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
    assert res.adjusted_for == ("perf", "dept") and res.conclusive
    assert "after accounting for perf, dept the odds ratio is" in res.sentence()


def test_naive_odds_ratio_is_the_two_by_two_and_matches_unadjusted_logit():
    df = _frame()
    res = outcome_comparison(df, "left", "treated")
    tab = pd.crosstab(df["treated"], df["left"])
    naive = tab.loc[1, 1] * tab.loc[0, 0] / (tab.loc[1, 0] * tab.loc[0, 1])
    assert res.naive_odds_ratio == pytest.approx(naive)
    assert res.odds_ratio == pytest.approx(naive, rel=1e-6)   # no adjustment: logit = 2x2
    assert res.naive_odds_ratio_ci == pytest.approx(res.odds_ratio_ci, rel=1e-5)


def test_newcombe_published_example():
    # Newcombe (1998) Stat Med 17:873, table II, example (a): 56/70 vs 48/80 -> 0.0524 to 0.3339
    lo, hi = newcombe_interval(56, 70, 48, 80)
    assert (round(lo, 4), round(hi, 4)) == (0.0524, 0.3339)
    # example (e): 9/10 vs 3/10 -> 0.1705 to 0.8090 (hybrid score)
    lo, hi = newcombe_interval(9, 10, 3, 10)
    assert (round(lo, 4), round(hi, 4)) == (0.1705, 0.8090)


def test_small_group_cannot_conclude():
    df = _frame(200)
    df["treated"] = 0
    df.loc[df.index[:MIN_GROUP - 1], "treated"] = 1
    res = outcome_comparison(df, "left", "treated", adjust=["perf"])
    assert res.n_treated == MIN_GROUP - 1
    assert res.odds_ratio is None and res.rate_treated is None and res.difference_ci is None
    assert res.conclusion.startswith("cannot conclude: too few people")
    assert not res.conclusive
    assert comparison_table({"Left": res})["adjusted odds ratio (95 % CI)"].iloc[0] == "cannot conclude"


def test_few_events_gives_rates_but_no_odds_ratio():
    df = pd.DataFrame({"treated": [1] * 40 + [0] * 60, "left": 0})
    df.loc[[0, 1], "left"] = 1           # 2 events among participants < MIN_EVENTS
    df.loc[40:60, "left"] = 1
    res = outcome_comparison(df, "left", "treated")
    assert res.rate_treated == pytest.approx(2 / 40) and res.difference is not None
    assert res.odds_ratio is None and res.naive_odds_ratio is None
    assert "too few cases" in res.conclusion and str(MIN_EVENTS) in res.reason


def test_perfect_separation_cannot_conclude():
    df = _frame(300)
    df["left"] = (df["perf"] > 3).astype(int)   # performance predicts leaving perfectly
    res = outcome_comparison(df, "left", "treated", adjust=["perf"])
    assert res.odds_ratio is None and res.p_value is None
    assert "separation" in res.reason and res.conclusion.startswith("cannot conclude")
    assert res.rate_treated is not None        # raw figures are still given
    assert "cannot conclude after adjustment" in res.sentence()


def test_quasi_separation_by_category_is_named():
    df = _frame(400)
    df.loc[df["dept"] == "C", "left"] = 0       # nobody in C left
    res = outcome_comparison(df, "left", "treated", adjust=["perf", "dept"])
    assert res.odds_ratio is None
    assert "dept[C]" in res.reason


def test_constant_adjust_column_is_dropped_with_a_note():
    df = _frame(300).assign(site="HQ")
    res = outcome_comparison(df, "left", "treated", adjust=["perf", "site"])
    ref = outcome_comparison(df, "left", "treated", adjust=["perf"])
    assert res.odds_ratio == pytest.approx(ref.odds_ratio)
    assert res.adjusted_for == ("perf",)
    assert any("site" in n and "left out" in n for n in res.notes)


def test_redundant_adjust_columns_cannot_conclude():
    df = _frame(300)
    df["perf2"] = 2 * df["perf"] + 1
    res = outcome_comparison(df, "left", "treated", adjust=["perf", "perf2"])
    assert res.odds_ratio is None and "redundant" in res.reason


def test_categorical_adjust_columns_work_and_reference_does_not_matter():
    df = _frame()
    a = outcome_comparison(df, "left", "treated", adjust=["dept"])
    # the same levels under other names (so another level becomes the reference)
    df2 = df.assign(dept=df["dept"].map({"A": "Z", "B": "B", "C": "C"}))
    b = outcome_comparison(df2, "left", "treated", adjust=["dept"])
    assert a.odds_ratio == pytest.approx(b.odds_ratio, rel=1e-6)
    assert a.p_value == pytest.approx(b.p_value, rel=1e-5)
    # a categorical coded as category dtype or as booleans works too
    c = outcome_comparison(df.assign(dept=df["dept"].astype("category"),
                                     flag=df["perf"] > 3), "left", "treated", adjust=["dept", "flag"])
    assert c.conclusive


def test_missing_values_dropped_with_a_note_and_bad_input_refused():
    df = _frame().astype({"perf": float})
    df.loc[:9, "perf"] = np.nan
    res = outcome_comparison(df, "left", "treated", adjust=["perf"])
    assert res.n_treated + res.n_control == len(df) - 10
    assert any("10 of 600" in n for n in res.notes)
    with pytest.raises(ValueError, match="not in the frame"):
        outcome_comparison(df, "left", "treated", adjust=["nope"])
    with pytest.raises(ValueError, match="only 0 and 1"):
        outcome_comparison(df.assign(left=2), "left", "treated")


def test_sentence_says_self_selection_when_adjustment_shrinks_the_gap():
    res = outcome_comparison(_frame(3000, seed=3), "left", "treated", adjust=["perf", "dept"])
    assert res.naive_odds_ratio < res.odds_ratio < 1
    assert "self-selection" in res.sentence()
    s = res.summary()
    assert s["odds_ratio"] == res.odds_ratio and s["conclusion"] == res.sentence()


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 1), st.integers(0, 1)), min_size=0, max_size=150))
def test_rates_consistent_with_counts(rows):
    df = pd.DataFrame(rows, columns=["left", "treated"], dtype=int)
    res = outcome_comparison(df, "left", "treated")
    n1 = int(df["treated"].sum())
    assert res.n_treated == n1 and res.n_control == len(df) - n1
    if min(n1, len(df) - n1) < MIN_GROUP:
        assert res.rate_treated is None and res.reason
        return
    x1 = int(df.loc[df.treated == 1, "left"].sum())
    x0 = int(df.loc[df.treated == 0, "left"].sum())
    assert res.rate_treated == pytest.approx(x1 / n1)
    assert res.rate_control == pytest.approx(x0 / res.n_control)
    assert res.difference == pytest.approx(res.rate_treated - res.rate_control)
    lo, hi = res.difference_ci
    assert -1 <= lo <= res.difference <= hi <= 1
    if res.naive_odds_ratio is not None:
        assert res.naive_odds_ratio == pytest.approx(x1 * (res.n_control - x0) / ((n1 - x1) * x0))
        assert res.naive_odds_ratio_ci[0] <= res.naive_odds_ratio <= res.naive_odds_ratio_ci[1]
        # direction of the odds ratio agrees with the direction of the difference
        assert (res.naive_odds_ratio - 1) * res.difference >= -1e-12
    if res.odds_ratio is None:
        assert res.conclusion.startswith("cannot conclude")


def test_sentence_says_no_clear_difference_when_neither_raw_nor_adjusted_is_clear():
    rng = np.random.default_rng(5)
    df = pd.DataFrame({"treated": [1] * 40 + [0] * 60, "perf": rng.normal(3, 1, 100)})
    df["left"] = (rng.random(100) < 0.3).astype(int)
    res = outcome_comparison(df, "left", "treated", adjust=["perf"])
    assert res.naive_odds_ratio_ci[0] < 1 < res.naive_odds_ratio_ci[1]
    assert res.odds_ratio_ci[0] < 1 < res.odds_ratio_ci[1]
    assert "no clear difference, raw" in res.sentence() and "self-selection" not in res.sentence()


def test_participation_frame_one_row_per_employee_pooled(sample_programs):
    from workbench.kpi import participation_frame
    progs = list(sample_programs.values())
    one = participation_frame(progs[0])
    pooled = participation_frame(progs[0], programs=progs)
    assert len(one) == len(pooled) == len(progs[0].workforce)
    everyone = set().union(*(set(p.people["person_id"]) for p in progs))
    assert set(pooled.loc[pooled["treated"] == 1, "employee_id"]) == everyone
    assert pooled["treated"].sum() > one["treated"].sum()
    for col in ("left", "promoted", "tenure_years", "performance", "level", "department"):
        assert col in pooled
    assert pooled["tenure_years"].between(0, 10).all()


def test_people_gone_before_the_start_have_no_outcome_and_are_left_out(sample_programs):
    from workbench.kpi import participation_frame
    prog = sample_programs["onboarding-pilot"]
    f = participation_frame(prog)
    gone = f["exit_date"] <= pd.Timestamp(prog.config.start_date)
    assert gone.any() and f.loc[gone, "left"].isna().all() and (f.loc[gone, "in_window"] == 0).all()
    assert not f.loc[gone, "treated"].any()
    res = outcome_comparison(f, "left", "treated")
    assert res.n_treated + res.n_control == int(f["in_window"].sum())
    assert any("'left' in" in n for n in res.notes)


def test_small_cells_hidden_in_table_and_sentence():
    """3 of 40 participants left: with a minimum group of 5 their rate would point at 3 people."""
    frame = pd.DataFrame({"left": [1] * 3 + [0] * 37 + [1] * 60 + [0] * 240,
                          "treated": [1] * 40 + [0] * 300})
    res = outcome_comparison(frame, "left", "treated")
    assert res.small_cells(5) and res.small_cells(5, ["treated"]) and not res.small_cells(5, ["control"])
    assert not res.small_cells(3)
    row = comparison_table({"Left": res}, min_group=5).iloc[0]
    assert row["rate, participants"] == "hidden (under 5)" and row["rate, others"] == "20%"
    assert row["raw difference (95 % CI)"] == "hidden (under 5)"
    assert row["raw odds ratio"] in ("hidden (under 5)", "-")   # "-": too few events to compute
    text = res.sentence(min_group=5)
    assert "less often than others (raw rates not shown" in text
    assert "8%" not in text and "20%" not in text
    shown = comparison_table({"Left": res}).iloc[0]
    assert shown["rate, participants"] == "8%"            # default: nothing hidden
    assert "(8% against 20%, raw)" in res.sentence()
