"""circles: sizes are size ± 1, the bound is >= the achieved total, the gap >= 0."""
import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

from workbench.matching import circles
from workbench.matching.algorithms.circles import circle_sizes


@settings(max_examples=40, deadline=None)
@given(st.integers(1, 40), st.integers(2, 6), st.integers(0, 10_000))
def test_sizes_and_bound(n, size, seed):
    rng = np.random.default_rng(seed)
    W = rng.normal(size=(n, n))
    W = (W + W.T) / 2
    res = circles(W, size)
    sizes = res.pairs.groupby("circle").size()
    assert sizes.sum() == n and res["person"].nunique() == n
    assert list(sizes.sort_values(ascending=False)) == sorted(circle_sizes(n, size), reverse=True)
    assert res.upper_bound >= res.total - 1e-9
    assert res.gap >= 0
    W0 = W.copy()
    np.fill_diagonal(W0, 0)
    got = sum(W0[np.ix_(g, g)].sum() / 2 for g in res.pairs.groupby("circle")["person"].apply(list))
    assert got == pytest.approx(res.total)


def test_circle_sizes():
    for n in range(1, 60):
        for size in range(2, 7):
            s = circle_sizes(n, size)
            assert sum(s) == n and max(s) - min(s) <= 1
            possible = any(all(size - 1 <= x <= size + 1 for x in (n // k, -(-n // k))) for k in range(1, n + 1))
            if possible:  # e.g. not 9 people in circles of 6 (5..7): then as even as can be
                assert all(size - 1 <= x <= size + 1 for x in s)


def test_finds_planted_groups_and_reasons():
    rng = np.random.default_rng(1)
    perm = rng.permutation(12)
    W = np.kron(np.eye(3), np.ones((4, 4)))[np.ix_(perm, perm)]
    res = circles(W, 4)
    assert res.gap == pytest.approx(0.0)
    allowed = np.ones((12, 12), bool)
    allowed[0, :] = allowed[:, 0] = False
    res = circles(W, 4, allowed=allowed)
    assert res.unmatched.set_index("person")["reason"].to_dict() == {0: "no allowed partner"}


def test_bad_size():
    with pytest.raises(ValueError, match="size"):
        circles(np.zeros((3, 3)), 1)
