"""assign_large: pruned candidates + dual certificate, checked against scipy on repeated mentor columns."""
import numpy as np
import pytest
from conftest import brute_force
from hypothesis import given, settings, strategies as st
from hypothesis.extra.numpy import arrays
from scipy import sparse
from scipy.optimize import linear_sum_assignment

from workbench.matching.algorithms import pruned
from workbench.matching.algorithms.pruned import assign_large


def lsa_value(S, cap):
    R = np.repeat(S.astype(np.float64), cap, axis=1)
    r, c = linear_sum_assignment(R, maximize=True)
    return R[r, c].sum()


def check(S, cap, res):
    cap = np.broadcast_to(cap, (S.shape[1],))
    assert (res.mentor >= 0).all()
    assert (np.bincount(res.mentor, minlength=S.shape[1]) <= cap).all()
    assert np.isclose(res.value, S[np.arange(len(S)), res.mentor].astype(np.float64).sum())
    assert np.isclose(res.value, lsa_value(S, cap), rtol=0, atol=1e-9)
    assert abs(res.gap) <= 1e-9


@pytest.mark.parametrize("n,m,cap,seed", [(200, 40, 5, 0), (600, 120, 5, 1), (300, 100, 4, 2), (900, 300, 3, 3)])
def test_certified_optimum_matches_scipy(n, m, cap, seed):
    S = np.random.default_rng(seed).random((n, m), dtype=np.float32)
    res = assign_large(S, cap)
    check(S, cap, res)


@pytest.mark.parametrize("kind", ["shared taste", "ties", "float64"])
def test_widening_reaches_the_optimum_when_the_first_candidates_do_not(kind):
    rng = np.random.default_rng(7)
    n, m = 240, 60
    S = rng.random((n, m), dtype=np.float32)
    if kind == "shared taste":   # everyone wants the same few mentors: top-k alone is far off
        S = (0.2 * S + rng.random(m, dtype=np.float32)[None, :]).astype(np.float32)
    elif kind == "ties":
        S = rng.integers(0, 3, (n, m)).astype(np.float32)
    else:
        S = S.astype(np.float64)
    cap = rng.integers(3, 7, m)
    res = assign_large(S, cap, k=2, widen=2)
    assert res.rounds > 1 or kind == "ties"
    check(S, cap, res)


def test_gap_is_positive_when_stopped_before_the_optimum():
    rng = np.random.default_rng(1)
    S = (0.2 * rng.random((200, 40), dtype=np.float32) + rng.random(40, dtype=np.float32)[None, :])
    res = assign_large(S.astype(np.float32), 5, k=1, widen=1, max_rounds=1)
    assert res.gap > 1e-6   # the certificate says "not proven", and by how much at most
    assert lsa_value(S, 5) - res.value <= res.gap + 1e-9


cases = st.integers(1, 5).flatmap(lambda n: st.integers(1, 3).flatmap(lambda m: st.tuples(
    arrays(np.float32, (n, m), elements=st.integers(-4, 4).map(float)),
    st.lists(st.integers(0, 3), min_size=m, max_size=m))))


@settings(max_examples=60, deadline=None)
@given(cases, st.integers(1, 3))
def test_tiny_problems_against_brute_force(case, k):
    S, cap = case
    cap = np.array(cap, np.int64)
    if cap.sum() < len(S):
        with pytest.raises(ValueError, match="places for every mentee"):
            assign_large(S, cap, k=k)
        return
    res = assign_large(S, cap, k=k, widen=1)
    (count, total), _ = brute_force(S.astype(float), np.ones(S.shape, bool), cap)
    assert count == len(S) and round(res.value, 9) == total and abs(res.gap) <= 1e-9
    assert (np.bincount(res.mentor, minlength=len(cap)) <= cap).all()


@settings(max_examples=60, deadline=None)
@given(st.integers(1, 5).flatmap(lambda n: st.integers(1, 3).flatmap(lambda m: st.tuples(
    arrays(float, (n, m), elements=st.one_of(st.integers(-4, 4).map(float), st.just(np.nan))),
    st.lists(st.integers(0, 2), min_size=m, max_size=m)))))
def test_candidates_path_is_most_matched_then_highest_total(case):
    W, cap = case
    cap = np.array(cap, np.int64)
    r, c = np.nonzero(~np.isnan(W))
    res = assign_large(candidates=(r, c, W[r, c]), capacity=cap)
    want = brute_force(np.nan_to_num(W), ~np.isnan(W), cap)[0]
    got = res.mentor[: len(W)]
    hit = np.flatnonzero(got >= 0)
    assert (len(hit), round(W[hit, got[hit]].sum(), 9)) == want
    if len(hit):
        assert round(res.value, 9) == want[1]


def test_candidates_as_a_sparse_matrix_agree_with_the_dense_solve():
    rng = np.random.default_rng(4)
    S = rng.random((300, 60), dtype=np.float32)
    res = assign_large(S, 5)
    C = sparse.csr_matrix(S.astype(np.float64))
    sp = assign_large(candidates=C, capacity=5)
    assert np.isclose(sp.value, res.value) and np.isnan(sp.gap)
    a, b, g = res   # unpacks as mentor, value, gap
    assert a is res.mentor and b == res.value and g == res.gap


def test_kernels_run_as_plain_python_too():
    rng = np.random.default_rng(5)
    S = rng.random((40, 8))
    cols, counts, rowmax, bad = pruned.scan(S, np.zeros(8), np.full(40, -np.inf), 3)
    assert (np.sort(cols, axis=1) == np.sort(np.argsort(-S, axis=1)[:, :3], axis=1)).all()
    assert np.allclose(rowmax, S.max(axis=1)) and not bad.any()
    indptr, c, r = pruned._csr(np.repeat(np.arange(40), 8), np.tile(np.arange(8), 40), 40, 8)
    py = getattr(pruned._sparse_solve, "py_func", pruned._sparse_solve)
    row_to = py(indptr, c, S[r, c], np.full(8, 5, np.int64), False, np.zeros(3, np.int64), np.zeros(8))[0]
    assert np.isclose(S[np.arange(40), row_to].sum(), lsa_value(S, 5))


@pytest.mark.parametrize("args,match", [
    (dict(scores=[[1.0, 2.0]]), "2-D float32 or float64 numpy array"),
    (dict(scores=np.array([[1.0, np.nan]], np.float32)), "row 0 has 1 NaN/inf"),
    (dict(scores=np.ones((3, 1), np.float32), capacity=2), "capacity sums to 2 for 3 mentees"),
    (dict(scores=np.ones((3, 2), np.float32), capacity=[1, 2, 3]), r"capacity must be one int or one per mentor \(2,\)"),
    (dict(candidates=([0], [0], [np.inf])), "pair 0 .row 0, col 0. is inf"),
    (dict(candidates=([0, 1], [0], [1.0])), "must be 1-D of one length"),
    (dict(candidates=([0], [3], [1.0]), capacity=[1, 1]), "name mentor 3 but capacity has 2 mentors"),
    (dict(scores=np.ones((1, 1), np.float32), candidates=([0], [0], [1.0])), "not both"),
])
def test_bad_input_is_a_clear_message(args, match):
    with pytest.raises(ValueError, match=match):
        assign_large(**args)


def test_assign_dispatches_large_problems_to_the_certified_solver(monkeypatch):
    """assign() above LARGE_CELLS goes to assign_large, with the same optimum as the dense path."""
    from workbench.matching import assign, bipartite
    rng = np.random.default_rng(11)
    S = rng.random((600, 120)).astype(np.float32)
    dense = assign(S, capacity=5)
    monkeypatch.setattr(bipartite, "LARGE_CELLS", S.size)
    large = assign(S, capacity=5)
    assert large.gap is not None and large.gap <= 1e-6
    assert large.total == pytest.approx(dense.total, rel=1e-6) and large.matched == dense.matched == 600
    assert large.pairs.groupby("mentor").size().max() <= 5
    assert (large.pairs["mentee"].diff().dropna() > 0).all()        # sorted by mentee, as assign's rows
