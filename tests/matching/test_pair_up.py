"""pair_up: equals networkx max_weight_matching(maxcardinality=True) and a brute force."""
import networkx as nx
import numpy as np
import pandas as pd
import pytest
from conftest import brute_pairs
from hypothesis import given, settings, strategies as st
from hypothesis.extra.numpy import arrays

from workbench.matching import pair_up


def symmetric(S, A):
    S = np.triu(S, 1)
    return S + S.T, np.triu(A, 1) | np.triu(A, 1).T


@settings(max_examples=80, deadline=None)
@given(st.integers(1, 10).flatmap(lambda n: st.tuples(
    arrays(float, (n, n), elements=st.floats(-10, 10).map(lambda x: round(x, 2))),
    arrays(bool, (n, n), elements=st.sampled_from([True, True, False])))))
def test_equals_networkx_and_brute_force(case):
    S, A = symmetric(*case)
    res = pair_up(S, allowed=A)
    assert (res["a"] < res["b"]).all()
    people = list(res["a"]) + list(res["b"])
    assert len(people) == len(set(people))
    assert all(A[a, b] for a, b in zip(res["a"], res["b"]))
    G = nx.Graph()
    G.add_nodes_from(range(len(S)))
    lo = S.min()
    for i in range(len(S)):
        for j in range(i + 1, len(S)):
            if A[i, j]:
                G.add_edge(i, j, weight=S[i, j] - lo + 1)  # shifted: same max-cardinality optimum
    ref = nx.max_weight_matching(G, maxcardinality=True)
    assert len(res) == len(ref)
    assert res["score"].sum() == pytest.approx(sum(S[a, b] for a, b in ref))
    if len(S) <= 8:
        assert (len(res), round(res["score"].sum(), 6)) == pytest.approx(brute_pairs(S, A))
    assert len(people) + len(res.unmatched) == len(S)


@settings(max_examples=15, deadline=None)
@given(st.integers(10, 60), st.integers(0, 10_000))
def test_larger_random_equals_networkx(n, seed):
    rng = np.random.default_rng(seed)
    S, A = symmetric(rng.random((n, n)), rng.random((n, n)) < 0.4)
    res = pair_up(S, allowed=A)
    G = nx.Graph()
    G.add_weighted_edges_from((i, j, S[i, j] + 1) for i in range(n) for j in range(i + 1, n) if A[i, j])
    ref = nx.max_weight_matching(G, maxcardinality=True)
    assert len(res) == len(ref)
    assert res["score"].sum() == pytest.approx(sum(S[a, b] for a, b in ref))


def test_rejects_asymmetric_and_non_square():
    with pytest.raises(ValueError, match="symmetric"):
        pair_up(np.array([[0, 1.0], [2.0, 0]]))
    with pytest.raises(ValueError, match=r"scores.*square.*\(2, 3\)"):
        pair_up(np.zeros((2, 3)))


def test_labels_and_reasons():
    S = pd.DataFrame([[0, 1, 0.2, np.nan], [1, 0, 0.9, np.nan], [0.2, 0.9, 0, np.nan],
                      [np.nan] * 4], index=list("abcd"), columns=list("abcd"))
    res = pair_up(S, min_score=0.5)
    assert res[["a", "b"]].values.tolist() == [["a", "b"]]
    assert res.matched == 1
    reasons = res.unmatched.set_index("person")["reason"].to_dict()
    left = ({"a", "b", "c"} - set(res["a"]) - set(res["b"])).pop()
    assert reasons["d"] == "no allowed partner"
    assert reasons[left] == "every allowed partner full"
    res = pair_up(S, min_score=1.5)
    assert len(res) == 0
    assert res.unmatched.set_index("person")["reason"]["c"] == "below min_score"


@settings(max_examples=20, deadline=None)
@given(st.integers(16, 45), st.integers(0, 10_000), st.sampled_from([1.0, 0.9, 0.3]), st.booleans())
def test_reduced_cost_fixing_equals_the_engine(n, seed, density, ties):
    """Sizes that take the fixing path: complete or sparse, odd or even, ties, negatives."""
    from workbench.matching.algorithms.blossom import _engine, max_weight_pairs
    rng = np.random.default_rng(seed)
    S = rng.normal(size=(n, n))
    if ties:
        S = np.round(S)
    S, A = symmetric(S, rng.random((n, n)) < density)
    np.fill_diagonal(A, False)
    a, b = max_weight_pairs(S, A)
    a2, b2 = _engine(S, A, engine="networkx")
    assert len(a) == len(a2)
    assert S[a, b].sum() == pytest.approx(S[a2, b2].sum())
    assert A[a, b].all() and len(set(a) | set(b)) == 2 * len(a)


def test_extreme_magnitudes():
    S = np.array([[0, 1e-30, 1e-30, 0.3], [1e-30, 0, 0.2, 1e-30], [1e-30, 0.2, 0, 5e-31], [0.3, 1e-30, 5e-31, 0]])
    res = pair_up(S)
    assert res[["a", "b"]].values.tolist() == [[0, 3], [1, 2]]
    assert len(pair_up(np.array([[0, -1e300], [-1e300, 0.0]]))) == 1
    assert len(pair_up(np.array([[0, 1e-300, 3.0], [1e-300, 0, 2.5], [3.0, 2.5, 0]]))) == 1
