"""stable: no blocking pair, and equal to a plainly written reference deferred acceptance."""
import numpy as np
import pandas as pd
from hypothesis import given, settings

from workbench.matching import stable

from conftest import brute_blocking, two_sided_markets


def reference_da(P, Q, cap, ok):
    """Textbook deferred acceptance, mentees proposing, one proposal at a time."""
    n, m = P.shape
    prefs = [[j for j in sorted(range(m), key=lambda j: (-P[i, j], j)) if ok[i, j]] for i in range(n)]
    held = {j: [] for j in range(m)}
    nxt, free = [0] * n, list(range(n))
    while free:
        i = free.pop(0)
        if nxt[i] >= len(prefs[i]):
            continue
        j = prefs[i][nxt[i]]
        nxt[i] += 1
        held[j].append(i)
        held[j].sort(key=lambda x: (-Q[x, j], x))
        if len(held[j]) > cap[j]:
            free.append(held[j].pop())  # the mentor's least preferred proposes again later
    return {(i, j) for j, xs in held.items() for i in xs}


cases = two_sided_markets(7, 4, 3)


@settings(max_examples=120, deadline=None)
@given(cases)
def test_no_blocking_pair_and_equals_reference(case):
    P, Q, cap, A = case
    res = stable(P, Q, capacity=cap, allowed=A)
    got = set(zip(res["mentee"], res["mentor"]))
    assert got == reference_da(P, Q, cap, A)
    assert brute_blocking(got, P, Q, cap, A) == set()   # no blocking pair, by the definition
    assert len(res) + len(res.unmatched) == P.shape[0]


def test_labels_and_reasons():
    P = pd.DataFrame([[1.0, np.nan], [0.5, 0.2], [np.nan, np.nan]], index=["a", "b", "c"], columns=["x", "y"])
    Q = P.T.T.fillna(0.0)[["y", "x"]]  # same labels, other column order: aligned by label
    res = stable(P, Q, capacity={"x": 1, "y": 0})
    assert dict(zip(res["mentee"], res["mentor"])) == {"a": "x"}
    reasons = res.unmatched.set_index("mentee")["reason"].to_dict()
    assert reasons == {"b": "every allowed partner full", "c": "no allowed partner"}


def test_large_is_quick_and_capacities_hold():
    rng = np.random.default_rng(0)
    P, Q = rng.random((600, 120)), rng.random((600, 120))
    res = stable(P, Q, capacity=5)
    assert len(res) == 600 and res["mentor"].value_counts().max() <= 5
