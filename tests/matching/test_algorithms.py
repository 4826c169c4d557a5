"""The array-level algorithms, compiled and as plain Python (the no-numba fallback)."""
import numpy as np
from conftest import brute_force
from hypothesis import given, settings, strategies as st
from hypothesis.extra.numpy import arrays

from workbench.matching.algorithms import cardinality, deferred, transport

cases = st.integers(1, 5).flatmap(lambda n: st.integers(1, 3).flatmap(lambda m: st.tuples(
    arrays(float, (n, m), elements=st.one_of(st.integers(-4, 4).map(float), st.just(np.nan))),
    st.lists(st.integers(0, 2), min_size=m, max_size=m))))


def py(fn):
    return getattr(fn, "py_func", fn)


@settings(max_examples=60, deadline=None)
@given(cases)
def test_plain_python_kernels_match_brute_force(case):
    W, cap = case
    cap = np.array(cap, np.int64)
    want_t, _ = brute_force(np.nan_to_num(W), ~np.isnan(W), cap)
    for lex in (True, False):
        if not lex and (np.isnan(W).any() or cap.sum() < len(W)):
            continue
        row_to = py(transport._solve)(W, cap, lex)[0]
        r = np.flatnonzero(row_to >= 0)
        assert (len(r), round(W[r, row_to[r]].sum(), 9)) == want_t
        assert (np.bincount(row_to[r], minlength=len(cap)) <= cap).all()
    assert py(cardinality._max_cardinality)(W, cap, -np.inf) == want_t[0]


def test_plain_python_deferred_acceptance():
    rng = np.random.default_rng(0)
    P, Q = rng.random((20, 4)), rng.random((20, 4))
    ok = np.ones((20, 4), bool)
    r, c = deferred.deferred_acceptance(P, Q, ok, np.array([3, 3, 3, 3]))
    prefs = np.argsort(-P, axis=1, kind="stable")
    order = np.argsort(-Q, axis=0, kind="stable")
    rank = np.empty((20, 4), np.int64)
    np.put_along_axis(rank, order, np.arange(20)[:, None], axis=0)
    row_to = py(deferred._deferred_acceptance)(prefs, np.full(20, 4), rank, np.array([3, 3, 3, 3]))
    assert dict(zip(r.tolist(), c.tolist())) == {i: j for i, j in enumerate(row_to.tolist()) if j >= 0}


def test_lsa_fallback_agrees():
    rng = np.random.default_rng(3)
    W = rng.random((30, 6))
    W[rng.random((30, 6)) < 0.3] = np.nan
    cap = np.array([2, 3, 0, 4, 1, 2])
    r1, c1 = transport.max_total(W, cap)
    r2, c2 = transport._lsa_slots(W, cap)
    assert len(r1) == len(r2) and np.isclose(W[r1, c1].sum(), W[r2, c2].sum())
