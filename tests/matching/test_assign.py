"""assign: capacities and rules never broken; the optimum equals brute force for both
objectives (negative scores, NaN, min_score included) and scipy's on square problems."""
import numpy as np
import pandas as pd
import pytest
from conftest import brute_force
from hypothesis import given, settings, strategies as st
from hypothesis.extra.numpy import arrays
from scipy.optimize import linear_sum_assignment

from workbench.matching import assign

scores_el = st.one_of(st.floats(-5, 5, allow_nan=False).map(lambda x: round(x, 1)), st.just(np.nan))
small = st.integers(1, 5).flatmap(lambda n: st.integers(1, 3).flatmap(lambda m: st.tuples(
    arrays(float, (n, m), elements=scores_el),
    arrays(bool, (n, m)),
    st.lists(st.integers(0, 3), min_size=m, max_size=m),
    st.one_of(st.none(), st.floats(-3, 3).map(lambda x: round(x, 1))))))


def check_rules(res, S, ok, cap):
    assert not res["mentee"].duplicated().any()
    used = res["mentor"].value_counts().reindex(range(S.shape[1]), fill_value=0).to_numpy()
    assert (used <= cap).all()
    assert all(ok[i, j] for i, j in zip(res["mentee"], res["mentor"]))
    assert np.allclose(res["score"], S[res["mentee"], res["mentor"]])
    assert len(res) + len(res.unmatched) == S.shape[0]


@settings(max_examples=150, deadline=None)
@given(small)
def test_optimum_equals_brute_force_and_rules_hold(case):
    S, A, cap, floor = case
    with np.errstate(invalid="ignore"):
        ok = A & ~np.isnan(S) & (True if floor is None else S >= floor)
    cap = np.array(cap)
    want_t, want_f = brute_force(S, ok, cap)
    for objective, want in (("total", want_t), ("fair", want_f)):
        res = assign(S, capacity=cap, allowed=A, min_score=floor, objective=objective)
        check_rules(res, S, ok, cap)
        vals = res["score"].to_numpy()
        got = (len(vals), round(vals.sum(), 9))
        if objective == "fair":
            got = (len(vals), round(vals.min(), 9) if len(vals) else 0, round(vals.sum(), 9))
        assert got == want
        assert res.objective == objective
        assert res.matched == len(res)


@settings(max_examples=40, deadline=None)
@given(st.integers(1, 25).flatmap(lambda n: st.integers(1, 25).flatmap(
    lambda m: arrays(float, (n, m), elements=st.floats(-10, 10)))))
def test_one_to_one_total_equals_scipy(S):
    r, c = linear_sum_assignment(S, maximize=True)
    res = assign(S)
    assert len(res) == min(S.shape)
    assert res["score"].sum() == pytest.approx(S[r, c].sum())
    # through the general solver too (a NaN elsewhere forces the lexicographic path)
    S2 = np.vstack([S, np.full((1, S.shape[1]), np.nan)])
    assert assign(S2)["score"].sum() == pytest.approx(S[r, c].sum())


@settings(max_examples=25, deadline=None)
@given(st.integers(1, 30), st.integers(1, 8), st.integers(1, 4), st.integers(0, 10_000))
def test_capacity_total_equals_scipy_on_repeated_columns(n, m, cap, seed):
    rng = np.random.default_rng(seed)
    S = rng.normal(size=(n, m))
    rep = np.repeat(S, cap, axis=1)
    r, c = linear_sum_assignment(rep, maximize=True)
    res = assign(S, capacity=cap)
    assert len(res) == min(n, m * cap)
    assert res["score"].sum() == pytest.approx(rep[r, c].sum())


def test_most_matched_beats_a_higher_total():
    S = np.array([[10.0, 9.0], [8.0, np.nan]])
    res = assign(S)
    assert dict(zip(res["mentee"], res["mentor"])) == {0: 1, 1: 0}


def test_negative_scores_still_matched():
    res = assign(np.array([[-5.0, -1.0], [-2.0, -8.0]]), capacity=[1, 1])
    assert len(res) == 2 and res.total == -3.0


def test_fair_raises_the_lowest():
    S = np.array([[10.0, 6.0], [9.0, 1.0]])
    assert assign(S).lowest == 6.0  # 9 + 6 = 15 > 10 + 1
    fair = assign(S, objective="fair")
    assert fair.lowest == 6.0 and fair.total == 15.0
    S = np.array([[10.0, 5.0], [9.0, 0.0], [8.0, 4.0]])
    fair = assign(S, objective="fair", capacity=[1, 1])
    assert fair.lowest == 5.0 and fair.total == 14.0


def test_labels_capacity_by_label_and_allowed_frame():
    S = pd.DataFrame([[1.0, 0.5], [0.9, 0.8], [0.2, 0.1]], index=["ann", "bo", "cy"], columns=["m1", "m2"])
    res = assign(S, capacity={"m2": 1, "m1": 2})
    assert dict(zip(res["mentee"], res["mentor"])) == {"ann": "m1", "bo": "m2", "cy": "m1"}
    allowed = pd.DataFrame({"m1": [False, True, True]}, index=["ann", "bo", "cy"])  # m2 missing -> not allowed
    res = assign(S, allowed=allowed, capacity=1)
    assert list(res["mentor"]) == ["m1"]
    assert set(res.unmatched["reason"]) == {"no allowed partner", "every allowed partner full"}


def test_infeasible_is_a_result():
    res = assign(np.full((3, 2), np.nan))
    assert len(res) == 0 and res.total == 0.0
    assert list(res.unmatched["reason"]) == ["no allowed partner"] * 3
    assert len(assign(np.ones((3, 2)), capacity=0)) == 0
    assert len(assign(np.zeros((0, 2)))) == 0 and len(assign(np.zeros((2, 0)))) == 0


def test_capacity_larger_than_mentees():
    res = assign(np.random.default_rng(0).random((5, 2)), capacity=100)
    assert len(res) == 5 and (res["score"].to_numpy() == np.random.default_rng(0).random((5, 2)).max(axis=1)).all()
