"""pair_up, stable, suggest, circles."""
import networkx as nx
import numpy as np
import pytest
from hypothesis import given, settings, strategies as st
from hypothesis.extra.numpy import arrays

from workbench.matching import circles, pair_up, stable, suggest


@settings(max_examples=60, deadline=None)
@given(st.integers(2, 9).flatmap(lambda n: st.tuples(
    arrays(float, (n, n), elements=st.floats(0, 10).map(lambda x: round(x, 2))), arrays(bool, (n, n)))))
def test_pair_up_equals_networkx(case):
    S, A = case
    S, A = (S + S.T) / 2, A & A.T
    res = pair_up(S, allowed=A)
    assert (res["a"] < res["b"]).all()
    people = list(res["a"]) + list(res["b"])
    assert len(people) == len(set(people))
    G = nx.Graph()
    for i in range(len(S)):
        for j in range(i + 1, len(S)):
            if A[i, j]:
                G.add_edge(i, j, weight=S[i, j] + 1)  # +1 keeps zero-score edges in play
    ref = nx.max_weight_matching(G, maxcardinality=True)
    assert len(res) == len(ref)
    assert res["score"].sum() == pytest.approx(sum(S[a, b] for a, b in ref))


def test_pair_up_rejects_asymmetric_and_non_square():
    with pytest.raises(ValueError, match="symmetric"):
        pair_up(np.array([[0, 1.0], [2.0, 0]]))
    with pytest.raises(ValueError, match="square"):
        pair_up(np.zeros((2, 3)))


def reference_da(P, Q, cap):
    """Plain textbook deferred acceptance, mentees proposing."""
    n, m = P.shape
    prefs = [sorted(range(m), key=lambda j: (-P[i, j], j)) for i in range(n)]
    held = {j: [] for j in range(m)}
    nxt, free = [0] * n, list(range(n))
    while free:
        i = free.pop(0)
        if nxt[i] >= m:
            continue
        j = prefs[i][nxt[i]]
        nxt[i] += 1
        held[j].append(i)
        held[j].sort(key=lambda x: (-Q[x, j], x))
        if len(held[j]) > cap[j]:
            free.append(held[j].pop())  # the mentor's least preferred proposes again later
    return {(i, j) for j, xs in held.items() for i in xs}


@settings(max_examples=80, deadline=None)
@given(st.integers(1, 6).flatmap(lambda n: st.integers(1, 4).flatmap(lambda m: st.tuples(
    arrays(float, (n, m), elements=st.integers(0, 5).map(float)),
    arrays(float, (n, m), elements=st.integers(0, 5).map(float)),
    st.lists(st.integers(0, 2), min_size=m, max_size=m)))))
def test_stable_has_no_blocking_pair_and_equals_reference(case):
    P, Q, cap = case
    res = stable(P, Q, capacity=cap)
    got = set(zip(res["mentee"], res["mentor"]))
    assert got == reference_da(P, Q, cap)
    partner = dict(got)
    for i in range(P.shape[0]):
        for j in range(P.shape[1]):
            if cap[j] == 0 or partner.get(i) == j:
                continue
            wants = i not in partner or P[i, j] > P[i, partner[i]] or (P[i, j] == P[i, partner[i]] and j < partner[i])
            holders = [x for x, y in got if y == j]
            has_room = len(holders) < cap[j]
            prefers = any((-Q[i, j], i) < (-Q[x, j], x) for x in holders)
            assert not (wants and (has_room or prefers)), (i, j)


def test_suggest_never_suggests_a_full_mentor():
    S = np.array([[0.9, 0.8, 0.1], [0.7, 0.95, 0.2]])
    res = suggest(S, k=2, capacity=[1, 2, 1], taken=[1, 0, 0])
    assert 0 not in set(res["mentor"])
    assert res.groupby("mentee")["rank"].max().tolist() == [2, 2]
    with pytest.raises(ValueError, match="k must"):
        suggest(S, k=0)


@settings(max_examples=30, deadline=None)
@given(st.integers(3, 14), st.integers(2, 5), st.integers(0, 10_000))
def test_circles_sizes_and_bound(n, size, seed):
    rng = np.random.default_rng(seed)
    W = rng.random((n, n))
    W = (W + W.T) / 2
    res = circles(W, size)
    sizes = res.groupby("circle").size()
    assert sizes.sum() == n
    if n >= size - 1:
        assert sizes.between(size - 1, size + 1).all() or len(sizes) == 1
    assert res.attrs["upper_bound"] >= res.attrs["total"] - 1e-9
    assert res.attrs["gap"] >= 0
