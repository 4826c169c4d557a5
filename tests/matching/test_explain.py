"""Unmatched reasons on hand-built cases, and the figures of the typed result."""
import numpy as np
import pandas as pd

from workbench.matching import MatchResult, assign, solve


def test_reasons_by_hand():
    S = pd.DataFrame([[1.0, np.nan], [0.5, 0.2], [np.nan, np.nan], [0.1, 0.05], [0.9, 0.9]],
                     index=["ann", "bo", "cy", "di", "ed"], columns=["m1", "m2"])
    allowed = pd.DataFrame(True, index=S.index, columns=S.columns)
    allowed.loc["ed"] = False
    res = assign(S, capacity=1, min_score=0.15, allowed=allowed)
    assert dict(zip(res["mentee"], res["mentor"])) == {"ann": "m1", "bo": "m2"}
    reasons = res.unmatched.set_index("mentee")["reason"].to_dict()
    assert reasons == {"cy": "no allowed partner", "di": "below min_score", "ed": "no allowed partner"}
    res = assign(S, capacity=1)
    assert res.unmatched.set_index("mentee")["reason"]["di"] == "every allowed partner full"


def test_capacity_zero_counts_as_full():
    res = assign(np.array([[1.0, 2.0]]), capacity=[0, 0])
    assert res.unmatched["reason"].tolist() == ["every allowed partner full"]


def test_result_figures_and_solve():
    res = assign(np.array([[3.0, 1.0], [2.0, 1.0]]))
    assert res.total == 4.0 and res.lowest == 1.0 and res.matched == 2
    r = solve(np.array([[3.0, 1.0], [2.0, 1.0]]), objective="fair")
    assert isinstance(r, MatchResult) and r.total == 4.0 and r.objective == "fair"
    r = solve(np.eye(2), kind="stable", mentor_scores=np.eye(2))
    assert r.matched == 2
