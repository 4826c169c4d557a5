"""score_matrix: each criterion on a hand-built 3x3 case with known values; rescore; bounds."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from workbench.config import Criterion
from workbench.scoring import score_matrix

NAN = np.nan


@pytest.fixture
def trio():
    mentees = pd.DataFrame({
        "department": ["Eng", "Sales", NAN],
        "level": [1, 3, 2],
        "timezone": [0.0, 5.0, NAN],
        "wants": [("x", "y"), ("z",), ()],
        "languages": [("en", "de"), ("fr",), ()],
        "preferences": [("B2",), (), ("B1", "B3")],
    }, index=pd.Index(["A1", "A2", "A3"]))
    mentors = pd.DataFrame({
        "department": ["Eng", "HR", "Sales"],
        "level": [2, 6, 1],
        "timezone": [0.0, -1.0, 8.0],
        "offers": [("x",), ("x", "y", "z"), ()],
        "languages": [("de",), ("en",), ("fr", "en")],
    }, index=pd.Index(["B1", "B2", "B3"]))
    return mentees, mentors


def one(trio, reverse=False, **kw):
    bd = score_matrix(*trio, [Criterion(**kw)], reverse=reverse)
    (arr,) = bd.per_criterion.values()
    return arr


def test_same_scalar(trio):
    np.testing.assert_array_equal(one(trio, kind="same", field="department"),
                                  [[1, 0, 0], [0, 0, 1], [0, 0, 0]])


def test_different_scalar_missing_is_zero(trio):
    np.testing.assert_array_equal(one(trio, kind="different", field="department"),
                                  [[0, 1, 1], [1, 1, 0], [0, 0, 0]])


def test_same_list_shares_any(trio):
    np.testing.assert_array_equal(one(trio, kind="same", field="languages"),
                                  [[1, 1, 1], [0, 0, 1], [0, 0, 0]])


def test_different_list(trio):
    np.testing.assert_array_equal(one(trio, kind="different", field="languages"),
                                  [[0, 0, 0], [1, 1, 0], [0, 0, 0]])


def test_overlap_share_of_wants(trio):
    np.testing.assert_allclose(one(trio, kind="overlap"), [[0.5, 1, 0], [0, 1, 0], [0, 0, 0]])


def test_level_gap_linear_falloff(trio):
    # gap = mentor - mentee; 1 in [1, 3], 0 two levels (one range) outside
    np.testing.assert_allclose(one(trio, kind="level_gap", min_gap=1, max_gap=3),
                               [[1, 0, 0.5], [0, 1, 0], [0.5, 0.5, 0]])


def test_level_gap_reverse(trio):
    np.testing.assert_allclose(one(trio, reverse=True, kind="level_gap", min_gap=1, max_gap=3),
                               [[0, 0, 0.5], [1, 0, 1], [0.5, 0, 1]])


def test_timezone(trio):
    np.testing.assert_allclose(one(trio, kind="timezone", max_hours=6),
                               [[1, 5 / 6, 0], [1 / 6, 0, 0.5], [0, 0, 0]])


def test_preference(trio):
    np.testing.assert_array_equal(one(trio, kind="preference"), [[0, 1, 0], [0, 0, 0], [1, 0, 1]])


CRITERIA = [Criterion(kind="overlap", weight=3), Criterion(kind="different", field="department"),
            Criterion(kind="same", field="languages", weight=0.5),
            Criterion(kind="level_gap", weight=2), Criterion(kind="timezone"),
            Criterion(kind="preference", weight=2)]


def test_total_is_weighted_sum_and_labelled(trio):
    bd = score_matrix(*trio, CRITERIA)
    assert list(bd.total.index) == ["A1", "A2", "A3"] and list(bd.total.columns) == ["B1", "B2", "B3"]
    expect = sum(bd.weights[n] * a for n, a in bd.per_criterion.items())
    np.testing.assert_allclose(bd.total.to_numpy(), expect)
    # A1-B2: overlap 1*3 + different dept 1 + languages .5 + level 0 + tz 5/6 + preference 2
    assert bd.total.loc["A1", "B2"] == pytest.approx(3 + 1 + 0.5 + 0 + 5 / 6 + 2)


def test_rescore_equals_full_recompute(trio):
    bd = score_matrix(*trio, CRITERIA)
    new = {"overlap": 1.0, "timezone": 4.0, "preference": 0.0}
    crit2 = [c.model_copy(update={"weight": new.get(c.name, c.weight)}) for c in CRITERIA]
    full = score_matrix(*trio, crit2)
    re = bd.rescore(new)
    pd.testing.assert_frame_equal(re.total, full.total)
    assert re.weights == full.weights
    assert bd.weights["overlap"] == 3  # original untouched
    with pytest.raises(KeyError):
        bd.rescore({"nope": 1})


def test_duplicate_names_made_unique(trio):
    bd = score_matrix(*trio, [Criterion(kind="timezone", max_hours=3), Criterion(kind="timezone")])
    assert list(bd.per_criterion) == ["timezone", "timezone_2"]


words = st.sampled_from(["a", "b", "c", "d"])
people = st.integers(1, 6).flatmap(lambda n: st.fixed_dictionaries({
    "department": st.lists(st.sampled_from(["Eng", "HR", None]), min_size=n, max_size=n),
    "level": st.lists(st.integers(1, 10), min_size=n, max_size=n),
    "timezone": st.lists(st.one_of(st.none(), st.floats(-12, 14)), min_size=n, max_size=n),
    "wants": st.lists(st.lists(words, max_size=3).map(tuple), min_size=n, max_size=n),
    "offers": st.lists(st.lists(words, max_size=3).map(tuple), min_size=n, max_size=n),
    "languages": st.lists(st.lists(words, max_size=2).map(tuple), min_size=n, max_size=n),
    "preferences": st.lists(st.lists(st.sampled_from(["m0", "m1", "m2"]), max_size=2).map(tuple),
                            min_size=n, max_size=n),
}))


@settings(max_examples=60, deadline=None)
@given(a=people, b=people, w=st.lists(st.floats(0, 5), min_size=6, max_size=6))
def test_totals_within_zero_and_sum_of_weights(a, b, w):
    mentees = pd.DataFrame(a)
    mentees.index = [f"e{i}" for i in range(len(mentees))]
    mentors = pd.DataFrame(b)
    mentors.index = [f"m{i}" for i in range(len(mentors))]
    crit = [c.model_copy(update={"weight": x}) for c, x in zip(CRITERIA, w)]
    bd = score_matrix(mentees, mentors, crit)
    for arr in bd.per_criterion.values():
        assert arr.shape == (len(mentees), len(mentors))
        assert np.all((arr >= 0) & (arr <= 1))
    t = bd.total.to_numpy()
    assert np.all(t >= -1e-12) and np.all(t <= sum(w) + 1e-9)


def test_speed_500_by_100():
    import time
    rng = np.random.default_rng(1)
    sk = [f"s{i}" for i in range(30)]

    def make(n, p):
        return pd.DataFrame({
            "department": rng.choice(list("ABCDE"), n), "level": rng.integers(1, 9, n),
            "timezone": rng.choice([-5.0, 0.0, 1.0, 5.5], n),
            "wants": [tuple(rng.choice(sk, 3, replace=False)) for _ in range(n)],
            "offers": [tuple(rng.choice(sk, 4, replace=False)) for _ in range(n)],
            "languages": [("en",)] * n, "preferences": [()] * n}, index=[f"{p}{i}" for i in range(n)])
    a, b = make(500, "a"), make(100, "b")
    score_matrix(a, b, CRITERIA)
    t = time.perf_counter()
    bd = score_matrix(a, b, CRITERIA)
    t1 = time.perf_counter() - t
    t = time.perf_counter()
    bd.rescore({"overlap": 1.0})
    t2 = time.perf_counter() - t
    assert t1 < 0.5 and t2 < 0.05   # generous bounds for busy CI machines
