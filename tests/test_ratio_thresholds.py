"""Issue 32 item 1 (ratios): an estimator's thresholds follow ``min_group_size``.

A raw odds ratio with its Woolf interval, printed to 4 decimals beside the two group sizes, pins
the four counts: the attack below recovers the number of participants who left from the export
alone. It was published once each group had 5 people with and 5 without the outcome, whatever the
program's ``min_group_size``; now an estimate needs ``max(5, min_group_size)`` of each (and
``max(10, min_group_size)`` people per group)."""
import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings, strategies as st

from program_factory import kpi_program
from workbench.evaluation import raw_estimate, regression
from workbench.evaluation.estimators import thresholds
from workbench.views import PAGES


def frame(n1, x1, n0, x0, seed=0):
    rng = np.random.default_rng(seed)
    t = np.r_[np.ones(n1), np.zeros(n0)]
    y = np.r_[np.ones(x1), np.zeros(n1 - x1), np.ones(x0), np.zeros(n0 - x0)]
    return pd.DataFrame({"treated": t, "left": y, "level": rng.integers(1, 4, n1 + n0)})


def recover(n1, n0, est, lo, hi) -> list:
    """Every (x1, x0) whose odds ratio and Woolf interval round to the published 4 decimals."""
    found = []
    for x1 in range(1, n1):
        for x0 in range(1, n0):
            b = math.log(x1 * (n0 - x0) / ((n1 - x1) * x0))
            s = math.sqrt(1 / x1 + 1 / (n1 - x1) + 1 / x0 + 1 / (n0 - x0))
            if (round(math.exp(b), 4), round(math.exp(b - 1.959963984540054 * s), 4),
                    round(math.exp(b + 1.959963984540054 * s), 4)) == (est, lo, hi):
                found.append((x1, x0))
    return found


def test_the_published_ratio_gives_the_count_back():
    """Why the threshold matters: 8 of 40 participants left, 30 of 200 others."""
    e = raw_estimate(frame(40, 8, 200, 30), "left", min_group=5)
    assert e.ok
    published = (round(e.estimate, 4), round(e.ci[0], 4), round(e.ci[1], 4))
    assert recover(40, 200, *published) == [(8, 30)]


@pytest.mark.parametrize("k,x1", [(12, 8), (8, 6), (8, 7)])
def test_no_ratio_for_fewer_than_min_group_size_with_the_outcome(k, x1):
    data = frame(40, x1, 200, 30)
    assert raw_estimate(data, "left", min_group=5).ok             # the old fixed floor published it
    e = raw_estimate(data, "left", min_group=k)
    assert not e.ok and e.estimate is None and e.ci is None
    assert f"at least {k} with and {k} without" in e.reason
    assert not regression(data, "left", ["level"], min_group=k).ok
    assert raw_estimate(frame(40, k, 200, 30), "left", min_group=k).ok   # k of them: published


def test_without_the_outcome_counts_too():
    assert not raw_estimate(frame(40, 33, 200, 30), "left", min_group=8).ok    # 7 stayed
    assert raw_estimate(frame(40, 32, 200, 30), "left", min_group=8).ok


@settings(max_examples=40, deadline=None)
@given(k=st.integers(2, 25), n1=st.integers(10, 60), x1=st.integers(0, 60), x0=st.integers(0, 100))
def test_any_ratio_published_has_k_with_and_without_in_each_group(k, n1, x1, x0):
    x1 = min(x1, n1)
    e = raw_estimate(frame(n1, x1, 100, x0), "left", min_group=k)
    people, events = thresholds(k)
    if e.ok:
        assert min(x1, n1 - x1, x0, 100 - x0) >= max(k, 5) and min(n1, 100) >= max(k, 10)
    assert (people, events) == (max(10, k), max(5, k))


@pytest.mark.parametrize("k,leavers", [(12, 8), (8, 6)])
def test_the_page_and_export_publish_no_ratio_of_a_small_count(k, leavers):
    """The issue's attack on the report: 30 mentees, ``leavers`` of them left."""
    program = kpi_program(min_group_size=k, leavers=leavers)
    page = PAGES["04_kpi_review"](program)
    export = page.sections["outcomes_export"].table
    rows = export[(export["outcome"] == "left") & (export["population"] == "mentees")] \
        if "left" in set(export["outcome"]) else export[export["population"] == "mentees"]
    assert len(rows)
    raw = rows[rows["estimator"] == "raw"]
    assert len(raw) and (raw["estimate"] == "").all() and (raw["ci_low"] == "").all()
    for est in ("regression", "weighting", "cox"):
        assert (rows.loc[rows["estimator"] == est, "estimate"] == "").all(), est
