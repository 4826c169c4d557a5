"""Edmonds' primal-dual method (workbench.matching.algorithms.edmonds): the matching is perfect
and of maximum weight (networkx agrees), and the dual it returns proves it (feasible on every
listed pair, tight on the matched ones, value equal to the matching's total)."""
from __future__ import annotations

import networkx as nx
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.optimize import linprog

from workbench.matching.algorithms.edmonds import bound, perfect


def graph(rng, n, deg, wmax=50, negative=False):
    """Random pairs on ``n`` (even) people holding a perfect matching, integer weights."""
    perm = rng.permutation(n)
    pairs = {(min(a, b), max(a, b)) for a, b in zip(perm[0::2], perm[1::2])}
    for _ in range(n * deg // 2):
        a, b = rng.integers(0, n, 2)
        if a != b:
            pairs.add((min(a, b), max(a, b)))
    eu, ev = np.array(sorted(pairs)).T
    lo = -wmax if negative else 0
    w = rng.integers(lo, wmax + 1, eu.size).astype(float)
    return eu, ev, w


def cold_dual(n, eu, ev, w):
    y = np.zeros(n)
    np.maximum.at(y, eu, np.abs(w))
    np.maximum.at(y, ev, np.abs(w))
    return y


def inside(parent, v):
    out = []
    while parent[v] >= 0:
        v = parent[v]
        out.append(int(v))
    return out


def assert_certified(n, eu, ev, w, r, eps=1e-7):
    mate = r.mate
    assert (mate >= 0).all() and (mate[mate] == np.arange(n)).all() and (mate != np.arange(n)).all()
    edge = {(int(a), int(b)): float(x) for a, b, x in zip(eu, ev, w)}
    edge.update({(b, a): x for (a, b), x in list(edge.items())})
    total = sum(edge[(i, int(mate[i]))] for i in range(n) if i < mate[i])
    assert (r.z >= -eps).all()
    for a, b, x in zip(eu, ev, w):
        common = set(inside(r.parent, a)) & set(inside(r.parent, b))
        slack = r.y[a] + r.y[b] + sum(r.z[c] for c in common) - x
        assert slack >= -eps, (a, b, slack)
        if mate[a] == b:
            assert abs(slack) <= eps, (a, b, slack)
    assert bound(r) == pytest.approx(total, abs=1e-6)
    return total


def reference(n, eu, ev, w):
    g = nx.Graph()
    g.add_weighted_edges_from((int(a), int(b), float(x) + 1e4) for a, b, x in zip(eu, ev, w))
    m = nx.max_weight_matching(g, maxcardinality=True)
    assert len(m) == n // 2
    return sum(g[a][b]["weight"] - 1e4 for a, b in m)


@pytest.mark.parametrize("seed,n,deg", [(0, 40, 4), (1, 120, 8), (2, 200, 6),
                                        pytest.param(3, 300, 16, marks=pytest.mark.slow), (4, 64, 30)])
def test_cold_start_matches_networkx_and_proves_it(seed, n, deg):
    rng = np.random.default_rng(seed)
    for trial in range(3):
        eu, ev, w = graph(rng, n, deg, negative=trial == 2)
        r = perfect(n, eu, ev, w, cold_dual(n, eu, ev, w), np.full(n, -1))
        assert r is not None
        assert assert_certified(n, eu, ev, w, r) == pytest.approx(reference(n, eu, ev, w))


def lp_start(n, eu, ev, w):
    """The fractional LP's optimal dual (scipy) and a matching of its tight pairs: the warm
    start :mod:`.peer_large` gives."""
    A = np.zeros((eu.size, n))
    A[np.arange(eu.size), eu] = -1
    A[np.arange(eu.size), ev] = -1
    res = linprog(np.ones(n), A_ub=A, b_ub=-w, bounds=[(None, None)] * n, method="highs")
    y = res.x + 1e-9
    mate = np.full(n, -1)
    for a, b, x in zip(eu, ev, w):
        if mate[a] < 0 and mate[b] < 0 and abs(y[a] + y[b] - x) < 1e-6:
            mate[a], mate[b] = b, a
    return y, mate


@pytest.mark.parametrize("seed", range(4))
def test_warm_start_from_the_lp_dual(seed):
    rng = np.random.default_rng(100 + seed)
    n = 150
    eu, ev, w = graph(rng, n, 6)
    y, mate = lp_start(n, eu, ev, w)
    assert (mate >= 0).sum() > n // 2          # the warm start really starts somewhere
    r = perfect(n, eu, ev, w, y, mate, eps=1e-9)
    assert r is not None
    assert assert_certified(n, eu, ev, w, r, eps=1e-6) == pytest.approx(reference(n, eu, ev, w))
    cold = perfect(n, eu, ev, w, cold_dual(n, eu, ev, w), np.full(n, -1))
    assert r.stages <= cold.stages


def test_no_perfect_matching_is_none():
    # a star: 0 joined to 1, 2, 3; nobody else joined
    eu, ev, w = np.array([0, 0, 0]), np.array([1, 2, 3]), np.array([1.0, 2.0, 3.0])
    assert perfect(4, eu, ev, w, cold_dual(4, eu, ev, w), np.full(4, -1)) is None
    # two triangles: six people, no perfect matching inside the listed pairs
    eu, ev = np.array([0, 1, 2, 3, 4, 5]), np.array([1, 2, 0, 4, 5, 3])
    w = np.ones(6)
    assert perfect(6, eu, ev, w, cold_dual(6, eu, ev, w), np.full(6, -1)) is None


def test_a_starting_pair_must_be_listed():
    eu, ev, w = np.array([0, 2]), np.array([1, 3]), np.array([1.0, 1.0])
    with pytest.raises(ValueError, match="listed"):
        perfect(4, eu, ev, w, np.ones(4), np.array([2, -1, 0, -1]))


def test_blossoms_are_needed_and_reported():
    # two triangles joined by one pair: the optimum needs the odd-set duals
    eu = np.array([0, 1, 2, 3, 4, 5, 2])
    ev = np.array([1, 2, 0, 4, 5, 3, 3])
    w = np.array([10.0, 10, 10, 10, 10, 10, 1])
    r = perfect(6, eu, ev, w, cold_dual(6, eu, ev, w), np.full(6, -1))
    assert assert_certified(6, eu, ev, w, r) == 21.0
    assert r.mate[2] == 3


@settings(max_examples=60, deadline=None)
@given(st.integers(1, 12), st.integers(1, 6), st.integers(0, 2 ** 31 - 1), st.booleans())
def test_property_optimal_and_certified(half, deg, seed, negative):
    n = 2 * half
    rng = np.random.default_rng(seed)
    eu, ev, w = graph(rng, n, deg, wmax=9, negative=negative)
    r = perfect(n, eu, ev, w, cold_dual(n, eu, ev, w), np.full(n, -1))
    assert r is not None
    assert assert_certified(n, eu, ev, w, r) == pytest.approx(reference(n, eu, ev, w))
