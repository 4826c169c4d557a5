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
    """The compiled kernel and its plain-Python form agree, with rows long enough that proposers
    pass from scanning their row to sorting it (more than LAZY proposals)."""
    rng = np.random.default_rng(0)
    P, Q = rng.random((60, 40)).round(1), rng.random((60, 40)).round(1)   # ties on both sides
    P[:, :30] = 0.9   # everyone wants the same 30 mentors first: long proposal runs
    ok = rng.random((60, 40)) < 0.9
    cap = np.full(40, 1)
    r, c = deferred.deferred_acceptance(P, Q, ok, cap)
    held, start = py(deferred._propose)(np.where(ok, P, 0.0), np.ascontiguousarray(np.where(ok, Q, 0.0).T), ok,
                                        np.ones(60, np.int64), cap)
    cols = np.repeat(np.arange(40), np.diff(start))
    got = {int(i): int(j) for i, j in zip(held[:len(cols)], cols) if i >= 0}
    assert dict(zip(r.tolist(), c.tolist())) == got
    assert len(got) == 40


def test_lsa_fallback_agrees():
    rng = np.random.default_rng(3)
    W = rng.random((30, 6))
    W[rng.random((30, 6)) < 0.3] = np.nan
    cap = np.array([2, 3, 0, 4, 1, 2])
    r1, c1 = transport.max_total(W, cap)
    r2, c2 = transport._lsa_slots(W, cap)
    assert len(r1) == len(r2) and np.isclose(W[r1, c1].sum(), W[r2, c2].sum())
