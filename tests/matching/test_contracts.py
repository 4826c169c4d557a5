"""Small contracts of the engine's public functions (issue 35, item 5): no silent wrong answer,
no silent truncation, no bare KeyError."""
from itertools import permutations

import networkx as nx
import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

from workbench.matching import assign, circles, pair_up, solve, stable, suggest


def _best_pairs_total(S):
    """Brute force: the most pairs, then the highest total (small, complete graphs)."""
    n = S.shape[0]
    best = -np.inf
    for perm in permutations(range(n)):
        if all(perm[i] < perm[i + 1] for i in range(0, n - 1, 2)) and \
                all(perm[i] < perm[i + 2] for i in range(0, n - 2, 2)):
            best = max(best, sum(S[perm[i], perm[i + 1]] for i in range(0, n - 1, 2)))
    return best


@pytest.mark.parametrize("scale", [1e38, 1e300])
def test_pair_up_huge_scores_still_optimal(scale):
    # scores past ~8.5e37 used to overflow the blossom's integer weights (128-bit totals):
    # 3 of these 40 six-person cases got a worse matching, 1e300 raised OverflowError
    rng = np.random.default_rng(1)
    for _ in range(40):
        A = rng.random((6, 6))
        S = (A + A.T) / 2 * scale
        np.fill_diagonal(S, 0)
        assert pair_up(S).total == pytest.approx(_best_pairs_total(S), rel=1e-9)


def test_pair_up_huge_scores_reduced_cost_path():
    # from 16 people pair_up fixes pairs by reduced cost first: same answer as networkx
    rng = np.random.default_rng(1)
    A = rng.random((30, 30))
    S = (A + A.T) / 2 * 1e38
    np.fill_diagonal(S, 0)
    G = nx.Graph()
    G.add_weighted_edges_from((i, j, S[i, j] / 1e38) for i in range(30) for j in range(i + 1, 30))
    best = sum(S[a, b] for a, b in nx.max_weight_matching(G, maxcardinality=True))
    assert pair_up(S).total == pytest.approx(best, rel=1e-9)


@pytest.mark.parametrize("call", [
    lambda: assign(np.ones((2, 2)), min_score=float("nan")),
    lambda: suggest(np.ones((2, 2)), min_score=np.nan),
    lambda: pair_up(np.ones((4, 4)), min_score=np.nan),
    lambda: pair_up(np.ones((1200, 1200)), min_score=np.nan),     # the large path's own mask
    lambda: circles(np.ones((4, 4)), 2, min_score=np.nan),
])
def test_nan_min_score_is_refused(call):
    with pytest.raises(ValueError, match="min_score must be a number or None; got nan"):
        call()


@pytest.mark.parametrize("k", [2.5, 1.01, float("inf"), True])
def test_suggest_fractional_k_is_refused(k):
    with pytest.raises(ValueError, match="k must be a whole number"):
        suggest(np.ones((2, 3)), k=k)


def test_suggest_whole_float_k_is_accepted():
    assert len(suggest(np.ones((2, 3)), k=2.0, capacity=2)) == 4


@pytest.mark.parametrize("size", [2.5, 3.9, "three"])
def test_circles_fractional_size_is_refused(size):
    with pytest.raises(ValueError, match="size must be a whole number"):
        circles(np.ones((6, 6)), size)


def test_stable_refuses_plus_inf_on_either_side():
    P = np.ones((2, 2))
    Q = np.ones((2, 2))
    with pytest.raises(ValueError, match=r"mentee_scores.*\+inf"):
        stable(np.where(np.eye(2, dtype=bool), np.inf, P), Q)
    with pytest.raises(ValueError, match=r"mentor_scores.*\+inf"):
        stable(P, np.where(np.eye(2, dtype=bool), np.inf, Q))


def test_solve_stable_without_mentor_scores_says_what_is_missing():
    with pytest.raises(ValueError, match="mentor_scores="):
        solve(np.ones((2, 2)), kind="stable")


@settings(max_examples=40, deadline=None)
@given(st.integers(min_value=0, max_value=300), st.integers(min_value=2, max_value=5))
def test_pair_up_total_is_scale_invariant(exponent, n2):
    # the matching chosen must not depend on the scores' magnitude (a power of two keeps it exact)
    n = 2 * n2
    rng = np.random.default_rng(exponent)
    A = rng.random((n, n))
    S = (A + A.T) / 2
    np.fill_diagonal(S, 0)
    base = pair_up(S)
    big = pair_up(np.ldexp(S, min(exponent * 3, 1000)))
    assert sorted(zip(base.pairs["a"], base.pairs["b"])) == sorted(zip(big.pairs["a"], big.pairs["b"]))
