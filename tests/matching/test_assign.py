"""assign: capacities and rules never broken; optimum equals brute force for both objectives."""
import itertools

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings, strategies as st
from hypothesis.extra.numpy import arrays
from scipy.optimize import linear_sum_assignment

from workbench.matching import assign


def brute_force(S, ok, cap):
    """Every assignment of rows to a column or nothing; best (count, total) and (count, min, total)."""
    n, m = S.shape
    best_total, best_fair = None, None
    for choice in itertools.product(range(-1, m), repeat=n):
        used = np.bincount([c for c in choice if c >= 0], minlength=m)
        if (used > cap).any() or any(c >= 0 and not ok[i, c] for i, c in enumerate(choice)):
            continue
        vals = [S[i, c] for i, c in enumerate(choice) if c >= 0]
        count, total = len(vals), sum(vals)
        key_t = (count, round(total, 9))
        key_f = (count, round(min(vals), 9) if vals else 0, round(total, 9))
        best_total = key_t if best_total is None or key_t > best_total else best_total
        best_fair = key_f if best_fair is None or key_f > best_fair else best_fair
    return best_total, best_fair


small = st.integers(1, 4).flatmap(lambda n: st.integers(1, 3).flatmap(lambda m: st.tuples(
    arrays(float, (n, m), elements=st.floats(-5, 5, allow_nan=False).map(lambda x: round(x, 2))),
    arrays(bool, (n, m)),
    st.lists(st.integers(0, 2), min_size=m, max_size=m),
    st.one_of(st.none(), st.floats(-3, 3).map(lambda x: round(x, 1))))))


@settings(max_examples=120, deadline=None)
@given(small)
def test_optimum_equals_brute_force_and_rules_hold(case):
    S, A, cap, floor = case
    ok = A & (True if floor is None else S >= floor)
    cap = np.array(cap)
    want_t, want_f = brute_force(S, ok, cap)
    for objective, want in (("total", want_t), ("fair", want_f)):
        res = assign(S, capacity=cap, allowed=A, min_score=floor, objective=objective)
        assert not res["mentee"].duplicated().any()
        assert (res["mentor"].value_counts().reindex(range(S.shape[1]), fill_value=0).to_numpy() <= cap).all()
        assert all(ok[i, j] for i, j in zip(res["mentee"], res["mentor"]))
        vals = res["score"].to_numpy()
        got = (len(vals), round(vals.sum(), 9))
        if objective == "fair":
            got = (len(vals), round(vals.min(), 9) if len(vals) else 0, round(vals.sum(), 9))
        assert got == want
        # everyone is either matched or has a reason
        assert len(res) + len(res.attrs["unmatched"]) == S.shape[0]


@settings(max_examples=40, deadline=None)
@given(st.integers(2, 30).flatmap(lambda n: arrays(float, (n, n), elements=st.floats(-10, 10))))
def test_square_total_equals_scipy(S):
    r, c = linear_sum_assignment(S, maximize=True)
    assert assign(S)["score"].sum() == pytest.approx(S[r, c].sum())


def test_labels_nan_and_reasons():
    S = pd.DataFrame([[1.0, np.nan], [0.5, 0.2], [np.nan, np.nan], [0.1, 0.05]],
                     index=["ann", "bo", "cy", "di"], columns=["m1", "m2"])
    res = assign(S, capacity=1, min_score=0.1)
    assert dict(zip(res["mentee"], res["mentor"])) == {"ann": "m1", "bo": "m2"}
    reasons = res.attrs["unmatched"].set_index("mentee")["reason"].to_dict()
    assert reasons == {"cy": "no allowed partner", "di": "every allowed partner full"}
    assert assign(S, min_score=0.6).attrs["unmatched"].set_index("mentee")["reason"]["bo"] == "below min_score"


@pytest.mark.parametrize("kwargs, word", [
    ({"capacity": -1}, "capacity"), ({"capacity": [1, 1, 1]}, "capacity"),
    ({"allowed": np.ones((3, 3), bool)}, "allowed"), ({"objective": "best"}, "objective")])
def test_bad_arguments_name_the_argument(kwargs, word):
    with pytest.raises(ValueError, match=word):
        assign(np.zeros((2, 2)), **kwargs)
