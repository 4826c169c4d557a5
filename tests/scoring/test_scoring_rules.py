"""allowed_mask: each rule forbids exactly the pairs it should, and names itself."""
from __future__ import annotations

import numpy as np
import pandas as pd

from workbench.config import Rules
from workbench.scoring import allowed_mask

OFF = dict(no_reporting_line=False, no_shared_manager=False, no_same_department=False,
           max_timezone_gap=None, min_level_gap=None, no_repeat_pairs=False)


def frame(ids, **cols):
    return pd.DataFrame(cols, index=pd.Index(ids))


def forbidden(mask):
    a = mask.allowed
    return {(a.index[i], a.columns[j], mask.reason(a.index[i], a.columns[j]))
            for i, j in zip(*np.nonzero(~a.to_numpy()))}


def test_everything_allowed_when_rules_off():
    a = frame(["T1", "T2"], level=[1, 2])
    b = frame(["B1", "B2"], level=[5, 5])
    m = allowed_mask(a, b, Rules(**OFF))
    assert m.allowed.to_numpy().all() and (m.codes == 0).all()


def test_self_pairs_always_forbidden():
    a = frame(["P1", "P2"], level=[2, 2])
    m = allowed_mask(a, a, Rules(**OFF))
    assert forbidden(m) == {("P1", "P1", "self"), ("P2", "P2", "self")}


def test_reporting_line_manager_and_managers_manager():
    wf = pd.DataFrame({"employee_id": ["T1", "M1", "T2", "T3", "B1", "B2", "B3"],
                       "manager_id": ["M1", "B1", "B2", "Y", "Z", "Z", "T3"]})
    a = frame(["T1", "T2", "T3"], level=[1, 1, 1])
    b = frame(["B1", "B2", "B3"], level=[5, 5, 5])
    m = allowed_mask(a, b, Rules(**{**OFF, "no_reporting_line": True}), workforce=wf)
    # B1 manages T1's manager M1 (not a participant); B2 manages T2; T3 manages B3
    assert forbidden(m) == {("T1", "B1", "reporting_line"), ("T2", "B2", "reporting_line"),
                            ("T3", "B3", "reporting_line")}


def test_shared_manager():
    wf = pd.DataFrame({"employee_id": ["T1", "T2", "B1", "B2"], "manager_id": ["M", "N", "M", None]})
    a = frame(["T1", "T2"], level=[1, 1])
    b = frame(["B1", "B2"], level=[5, 5])
    m = allowed_mask(a, b, Rules(**{**OFF, "no_shared_manager": True}), workforce=wf)
    assert forbidden(m) == {("T1", "B1", "shared_manager")}
    # off: nothing forbidden
    assert not forbidden(allowed_mask(a, b, Rules(**OFF), workforce=wf))


def test_same_department():
    a = frame(["T1", "T2"], department=["Eng", None])
    b = frame(["B1", "B2"], department=["Eng", "HR"])
    m = allowed_mask(a, b, Rules(**{**OFF, "no_same_department": True}))
    assert forbidden(m) == {("T1", "B1", "same_department")}


def test_timezone_gap():
    a = frame(["T1", "T2"], timezone=[0.0, np.nan])
    b = frame(["B1", "B2", "B3"], timezone=[0.0, 3.0, 3.5])
    m = allowed_mask(a, b, Rules(**{**OFF, "max_timezone_gap": 3}))
    assert forbidden(m) == {("T1", "B3", "timezone_gap")}


def test_level_gap_and_reverse():
    a = frame(["T1"], level=[3])
    b = frame(["B1", "B2", "B3"], level=[3, 4, 2])
    rules = Rules(**{**OFF, "min_level_gap": 1})
    assert forbidden(allowed_mask(a, b, rules)) == {("T1", "B1", "level_gap"), ("T1", "B3", "level_gap")}
    # reverse mentoring: the junior mentors, mentee minus mentor must be >= 1
    assert forbidden(allowed_mask(a, b, rules, reverse=True)) == {("T1", "B1", "level_gap"),
                                                                   ("T1", "B2", "level_gap")}


def test_repeat_pairs():
    a = frame(["T1", "T2"], level=[1, 1])
    b = frame(["B1", "B2"], level=[5, 5])
    hist = pd.DataFrame({"mentee_id": ["T1", "X"], "mentor_id": ["B2", "B1"]})
    m = allowed_mask(a, b, Rules(**{**OFF, "no_repeat_pairs": True}), history=hist)
    assert forbidden(m) == {("T1", "B2", "repeat_pair")}
    assert not forbidden(allowed_mask(a, b, Rules(**OFF), history=hist))


def test_first_rule_recorded_and_counts():
    a = frame(["T1"], level=[3], timezone=[0.0])
    b = frame(["B1"], level=[3], timezone=[9.0])
    m = allowed_mask(a, b, Rules(**{**OFF, "max_timezone_gap": 3, "min_level_gap": 1}))
    assert m.reason("T1", "B1") == "timezone_gap"
    assert m.counts() == {"timezone_gap": 1}
    assert m.reasons.loc["T1", "B1"] == "timezone_gap"
