"""The matching's shared building blocks on hand-built programs whose answers are known, and the
privacy of the coverage table the tuning panel shows (with a check that fails when its suppression
is turned off). Page 3 itself is tested in test_stage3_view.py."""
from __future__ import annotations

import dataclasses
from types import SimpleNamespace

import pandas as pd
import pytest

from workbench import matchview
from workbench.disclosure import MARK
from workbench.matchview import (compare_with_existing, coverage, criteria_table, optimal_matching, rules_sentence,
                                 suppress_counts)

from program_factory import make_program


def _relationships(rows):
    return pd.DataFrame([{"relationship_id": f"R{i}", "start_date": pd.Timestamp("2025-02-01"),
                          "end_date": pd.NaT, "status": "active", "round": 1, "healthy": True,
                          "match_score": 0.5, **r} for i, r in enumerate(rows)])


@pytest.fixture
def pilot():
    """Three mentees, two mentors. T1 reports to B1 (forbidden). Scores (best 4): T2-B1 4,
    T3-B2 4, T1-B2 1, T2-B2 1, T3-B1 1. One-to-one: T2-B1, T3-B2; T1 left out (B2 is full)."""
    people = [{"person_id": p, "role": r} for p, r in
              (("T1", "mentee"), ("T2", "mentee"), ("T3", "mentee"), ("B1", "mentor"), ("B2", "mentor"))]
    wf = [{"employee_id": "T1", "department": "Eng", "manager_id": "B1"},
          {"employee_id": "T2", "department": "Eng"}, {"employee_id": "T3", "department": "Ops"},
          {"employee_id": "B1", "department": "Eng"}, {"employee_id": "B2", "department": "Ops"}]
    prog = make_program(people, wf, matching={"criteria": [{"kind": "same", "field": "department", "weight": 3},
                                                           {"kind": "timezone", "weight": 1}]})
    return dataclasses.replace(prog, relationships=_relationships([{"mentee_id": "T1", "mentor_id": "B1"}]))


def test_criteria_and_rules_in_words(pilot):
    t = criteria_table(pilot)
    assert t.values.tolist() == [["department", "same department", "3", "75%"],
                                 ["timezone", "time zones close (no credit at 6 hours apart or more)", "1", "25%"]]
    assert rules_sentence(pilot) == ("Never matched: a mentor in the mentee's reporting line; "
                                     "a pair from an earlier round.")
    off = pilot.config.matching.rules.model_copy(update={"no_reporting_line": False, "no_repeat_pairs": False,
                                                         "max_timezone_gap": 2.5})
    cfg = pilot.config.model_copy(update={"matching": pilot.config.matching.model_copy(update={"rules": off})})
    assert rules_sentence(dataclasses.replace(pilot, config=cfg)) == "Never matched: time zones more than 2.5 hours apart."


def test_comparison_with_the_matching_made_by_hand(pilot):
    result = optimal_matching(pilot)
    assert dict(zip(result.pairs["mentee"], result.pairs["mentor"])) == {"T2": "B1", "T3": "B2"}
    cmp = compare_with_existing(pilot, result).set_index("")
    assert cmp.loc["Pairs"].tolist() == ["1", "2"]
    assert cmp.loc["Mean pair score"].tolist() == ["100%", "100%"]
    assert cmp.loc["Pairs breaking a hard rule"].tolist() == ["1", "0"]    # T1-B1: reporting line


# --------------------------------------------------------------------------------- coverage
def _cohort():
    """Eng 6 (all matched), Ops 5 (4 matched), Sales 4 (2 matched); k = 3."""
    rows, matched = [], []
    for dept, n, m in (("Eng", 6, 6), ("Ops", 5, 4), ("Sales", 4, 2)):
        for i in range(n):
            pid = f"{dept}{i}"
            rows.append((pid, dept))
            if i < m:
                matched.append(pid)
    prog = make_program([{"person_id": p, "role": "mentee"} for p, _ in rows],
                        [{"employee_id": p, "department": d} for p, d in rows], min_group_size=3)
    left = [p for p, _ in rows if p not in matched]
    result = SimpleNamespace(pairs=pd.DataFrame({"mentee": matched + left}),
                             unmatched=pd.DataFrame({"mentee": left, "reason": "no allowed partner"}))
    return prog, result


def assert_no_small_figures(table: pd.DataFrame, k: int, count_columns, share_column=None, size_column=None):
    """No shown count below k (and above 0); no shown share that gives away fewer than k people."""
    for col in count_columns:
        for v in table[col]:
            if str(v).isdigit():
                assert not 0 < int(v) < k, f"{col}: {v} shown with k={k}"
    if share_column:
        for n, share in zip(table[size_column], table[share_column]):
            if str(share).endswith("%") and str(n).isdigit():
                done = round(int(n) * float(share[:-1]) / 100)
                for part in (done, int(n) - done):
                    assert not 0 < part < k, f"{share_column}: {share} of {n} gives away {part}"


def test_coverage_known_answer():
    prog, result = _cohort()
    t = coverage(prog, result, "department", 3)
    assert t.to_dict("index") == {
        "Eng": {"mentees": "6", "matched": "6", "coverage": "100%"},
        "Ops": {"mentees": "5", "matched": "hidden", "coverage": "hidden"},
        "Sales": {"mentees": "4", "matched": "hidden", "coverage": "hidden"},
        # a total beside hidden segments would give them back (15 - 6 shown)
        "Total": {"mentees": "15", "matched": "hidden", "coverage": "hidden"}}
    assert_no_small_figures(t.drop(index="Total"), 3, ["mentees", "matched"], "coverage", "mentees")


def test_coverage_merges_small_departments_into_other():
    prog, result = _cohort()
    t = coverage(prog, result, "department", 5)
    # Sales (4 < 5) alone would be a small Other: Ops joins it; rows by matched, then size
    assert list(t.index) == ["Other", "Eng", "Total"]
    # Other: 3 not matched (< 5) hides its matched too (its size is shown: 9 - matched gives it
    # away), and then the total (else 12 - 6 = 6 gives it back); Eng's 6 of 6 leave 0 unmatched
    assert t.to_dict("index") == {"Other": {"mentees": "9", "matched": "hidden", "coverage": "hidden"},
                                  "Eng": {"mentees": "6", "matched": "6", "coverage": "100%"},
                                  "Total": {"mentees": "15", "matched": "hidden", "coverage": "hidden"}}


def _no_suppression(table, k, columns=None, total=True, total_label="Total"):
    out = table.copy().astype(object)
    for c in columns or table.select_dtypes("number").columns:
        out[c] = table[c].astype(int).astype(str)
    if total:
        out.loc[total_label] = table.sum().astype(int).astype(str)
    return out


def test_turning_suppression_off_in_coverage_is_caught(monkeypatch):
    """The privacy checks above fail when the views stop suppressing (the guard can fail)."""
    monkeypatch.setattr(matchview, "suppress_counts", _no_suppression)
    prog, result = _cohort()
    with pytest.raises(AssertionError):
        assert_no_small_figures(coverage(prog, result, "department", 3).drop(index="Total"), 3,
                                ["mentees", "matched"], "coverage", "mentees")
    with pytest.raises(AssertionError):
        test_coverage_known_answer()


def test_peer_comparison_counts_pairs_once():
    people = [{"person_id": f"E{i}", "role": "peer"} for i in range(4)]
    wf = [{"employee_id": f"E{i}", "department": "Eng" if i < 2 else "Ops"} for i in range(4)]
    prog = make_program(people, wf, fmt="peer", matching={"criteria": [{"kind": "different", "field": "department"}]})
    result = optimal_matching(prog)
    assert compare_with_existing(prog, result).set_index("").loc["Pairs"].tolist() == ["0", "2"]


# ------------------------------------------------------------------- the small-count rule
def test_small_cell_is_hidden_and_cannot_be_recovered_from_totals():
    t = pd.DataFrame({"mentees": [12, 3, 40], "mentors": [6, 9, 11]}, index=["A", "B", "C"])
    shown = suppress_counts(t, k=5)
    assert shown.loc["B", "mentees"] == MARK
    assert shown.loc["B", "mentors"] == "9"                   # B's mentors are not small
    hidden = shown["mentees"] == MARK
    assert hidden.sum() == 2 and shown.loc["Total", "mentees"] == "55"
    # the hidden cells hold at least k together: 55 - 40 = 15 is all a reader learns
    assert t.loc[hidden[hidden].index, "mentees"].sum() >= 5
    assert set(shown["mentors"]) <= {str(v) for v in (6, 9, 11, 26)}   # nothing hidden there


def test_marker_reveals_nothing():
    t = pd.DataFrame({"n": [1, 30, 40]}, index=["a", "b", "c"])
    shown = suppress_counts(t, k=2)
    assert "<2" not in shown.to_string() and shown.loc["a", "n"] == shown.loc["b", "n"] == MARK


def test_zero_is_not_small():
    shown = suppress_counts(pd.DataFrame({"n": [0, 10]}, index=["a", "b"]), k=5)
    assert shown["n"].tolist() == ["0", "10", "10"]


def test_a_total_below_k_is_hidden_with_its_cells():
    shown = suppress_counts(pd.DataFrame({"n": [1, 2, 0]}, index=["a", "b", "c"]), k=5)
    assert shown["n"].tolist() == [MARK, MARK, "0", MARK]
