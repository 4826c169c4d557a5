"""suggest: never a full mentor, best first, taken in every accepted form."""
import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings, strategies as st
from hypothesis.extra.numpy import arrays

from workbench.matching import suggest


@settings(max_examples=60, deadline=None)
@given(st.integers(1, 6).flatmap(lambda n: st.integers(1, 5).flatmap(lambda m: st.tuples(
    arrays(float, (n, m), elements=st.one_of(st.floats(-3, 3), st.just(np.nan))),
    st.lists(st.integers(0, 2), min_size=m, max_size=m),
    st.lists(st.integers(0, 3), min_size=m, max_size=m),
    st.integers(1, 4)))))
def test_never_a_full_mentor_and_best_first(case):
    S, cap, load, k = case
    res = suggest(S, k=k, capacity=cap, taken=load)
    full = {j for j in range(S.shape[1]) if load[j] >= cap[j]}
    assert not (set(res["mentor"]) & full)
    assert not res["score"].isna().any()
    for i, g in res.pairs.groupby("mentee"):
        assert list(g["rank"]) == list(range(1, len(g) + 1))
        assert (np.diff(g["score"].to_numpy()) <= 0).all()
        open_ok = [S[i, j] for j in range(S.shape[1]) if j not in full and not np.isnan(S[i, j])]
        assert len(g) == min(k, len(open_ok))
        assert sorted(g["score"], reverse=True) == sorted(open_ok, reverse=True)[:len(g)]
    assert res["mentee"].nunique() + len(res.unmatched) == S.shape[0]


def test_taken_as_counts_series_or_pairs():
    S = pd.DataFrame([[0.9, 0.8, 0.1], [0.7, 0.95, 0.2]], index=["ann", "bo"], columns=["x", "y", "z"])
    by_list = suggest(S, k=2, capacity=[1, 2, 1], taken=[1, 0, 0])
    by_series = suggest(S, k=2, capacity=[1, 2, 1], taken=pd.Series({"x": 1}))
    pairs = pd.DataFrame({"mentee": ["bo"], "mentor": ["x"]})
    by_pairs = suggest(S, k=2, capacity=[1, 2, 1], taken=pairs)
    for res in (by_list, by_series, by_pairs):
        assert "x" not in set(res["mentor"])
        assert res.pairs[res["mentee"] == "ann"]["mentor"].tolist() == ["y", "z"]
    assert by_list.open.to_dict() == {"x": 0, "y": 2, "z": 1}


def test_reasons_when_nothing_to_suggest():
    S = np.array([[0.9, np.nan], [np.nan, np.nan], [0.1, 0.2]])
    res = suggest(S, capacity=1, taken=[1, 0], min_score=0.5)
    reasons = res.unmatched.set_index("mentee")["reason"].to_dict()
    assert reasons == {0: "every allowed partner full", 1: "no allowed partner", 2: "below min_score"}


@pytest.mark.parametrize("k", [0, -1, "x"])
def test_bad_k(k):
    with pytest.raises(ValueError, match="k must"):
        suggest(np.ones((2, 2)), k=k)


def test_bad_taken():
    with pytest.raises(ValueError, match=r"taken.*\(2,\)"):
        suggest(np.ones((2, 2)), taken=[1, 2, 3])
    with pytest.raises(ValueError, match="taken"):
        suggest(np.ones((2, 2)), taken=pd.DataFrame({"who": [1]}))
