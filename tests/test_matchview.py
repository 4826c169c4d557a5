"""Stage 3 views on hand-built programs whose answers are known, and the privacy of the tables
page 3 shows (with a check that fails when their suppression is turned off)."""
from __future__ import annotations

import dataclasses
from types import SimpleNamespace

import pandas as pd
import pytest

from workbench import matchview, privacy
from workbench.matchview import (circles_table, compare_with_existing, coverage, criteria_table, headlines,
                                 interpret, optimal_matching, page, rules_sentence, summary_table,
                                 unmatched_reasons)

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
                                 ["timezone", "time zones close (0 at 6.0 h apart)", "1", "25%"]]
    assert rules_sentence(pilot) == ("Never matched: a mentor in the mentee's reporting line; "
                                     "a pair from an earlier round.")
    off = pilot.config.matching.rules.model_copy(update={"no_reporting_line": False, "no_repeat_pairs": False,
                                                         "max_timezone_gap": 2.5})
    cfg = pilot.config.model_copy(update={"matching": pilot.config.matching.model_copy(update={"rules": off})})
    assert rules_sentence(dataclasses.replace(pilot, config=cfg)) == "Never matched: time zones more than 2.5 hours apart."


def test_summary_sentence_headlines_and_comparison(pilot):
    result = optimal_matching(pilot)
    assert dict(zip(result.pairs["mentee"], result.pairs["mentor"])) == {"T2": "B1", "T3": "B2"}
    assert dict(summary_table(result).values.tolist()) == {
        "Mentees to match": "3", "Matched": "2 (67%)", "Mentors used": "2", "Mean pair score": "100%",
        "Lowest pair score": "100%", "Objective": "highest total score"}
    assert interpret(result) == ("2 of 3 mentees get a mentor, with pairs scoring 100% of the best possible on "
                                 "average and 100% at worst; the main reason for the rest: every allowed partner full.")
    assert headlines(result) == {"Mentees matched": "67%", "Mean pair score": "100%"}
    cmp = compare_with_existing(pilot, result).set_index("")
    assert cmp.loc["Pairs"].tolist() == ["1", "2"]
    assert cmp.loc["Mean pair score"].tolist() == ["100%", "100%"]
    assert cmp.loc["Pairs breaking a hard rule"].tolist() == ["1", "0"]    # T1-B1: reporting line


def test_unmatched_reasons_suppressed(pilot):
    result = optimal_matching(pilot)
    assert unmatched_reasons(result, 5)["mentees"].to_dict() == {"every allowed partner full": "hidden",
                                                                  "Total": "hidden"}
    assert unmatched_reasons(result, 1)["mentees"].to_dict() == {"every allowed partner full": "1", "Total": "1"}


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


def test_turning_suppression_off_in_coverage_and_unmatched_is_caught(monkeypatch, pilot):
    """The privacy checks above fail when the views stop suppressing (the guard can fail)."""
    monkeypatch.setattr(matchview, "suppress_counts", _no_suppression)
    prog, result = _cohort()
    with pytest.raises(AssertionError):
        assert_no_small_figures(coverage(prog, result, "department", 3).drop(index="Total"), 3,
                                ["mentees", "matched"], "coverage", "mentees")
    with pytest.raises(AssertionError):
        test_coverage_known_answer()
    with pytest.raises(AssertionError):
        assert_no_small_figures(unmatched_reasons(optimal_matching(pilot), 5), 5, ["mentees"])
    with pytest.raises(AssertionError):
        test_unmatched_reasons_suppressed(pilot)


def test_views_use_the_privacy_module():
    assert matchview.suppress_counts is privacy.suppress_counts
    assert matchview.visible_groups is privacy.visible_groups


# ---------------------------------------------------------------------------------- circles
@pytest.fixture
def circle_program():
    """Six members, two tracks of three (same track scores 1), one facilitator; circles of 3.
    Best split: the two tracks (each circle's pairs all score 1): gap 0."""
    people = [{"person_id": f"E{i}", "role": "mentee", "track": "A" if i < 3 else "B"} for i in range(6)]
    people.append({"person_id": "F1", "role": "mentor", "track": "A"})
    wf = [{"employee_id": p["person_id"]} for p in people]
    return make_program(people, wf, fmt="circles", circle_size=3, min_group_size=4,
                        matching={"criteria": [{"kind": "same", "field": "track"}],
                                  "rules": {"no_reporting_line": False}})


def test_circles_page(circle_program):
    p = page(circle_program)
    assert p.layout == "circles" and p.circles is not None
    assert dict(p.summary.table.values.tolist()) == {
        "People to place": "6", "Placed in a circle with a fitting partner": "6 (100%)",
        "Circles": "2 (sizes 3, 3)", "Circles with a facilitator": "1 of 2",
        "Mean fit of two members of a circle": "100%",
        "Best possible split scores at most": "0% more than this one",
        "Pairs a rule forbids sharing a circle": "0"}
    t = p.circles.table
    assert t["people"].tolist() == ["3", "3"]
    assert sorted(t["facilitator"]) == ["none fits every member", "yes"]
    assert t["mean fit"].tolist() == ["hidden (<4 people)"] * 2           # circles under k show no figure
    assert "2 circles" in p.summary.sentence.data and "no split into circles" in p.summary.sentence.data
    assert p.headlines.keys() == {"Mentees matched", "Mean pair score"}
    assert "Never in the same circle" in p.criteria.sentence.data or "No hard rules" in p.criteria.sentence.data
    assert set(p.export.columns) >= {"person", "facilitator", "circle", "score"}
    # the facilitator leads the track-A circle (F1 is on track A)
    led = p.export.dropna(subset=["facilitator"])["person"].tolist()
    assert sorted(led) == ["E0", "E1", "E2"]


def test_circles_table_shows_fit_from_k_people(circle_program):
    result = optimal_matching(circle_program)
    assert circles_table(result, 3)["mean fit"].tolist() == ["100%", "100%"]


def test_pairs_page_and_escaping(pilot):
    crit = [{"kind": "same", "field": "department", "name": "<b>dept</b>", "weight": 3}]
    cfg = pilot.config.model_copy(update={"matching": pilot.config.matching.model_copy(
        update={"criteria": [pilot.config.matching.criteria[0].model_validate(c) for c in crit]})})
    p = page(dataclasses.replace(pilot, config=cfg))
    assert p.layout == "pairs" and p.circles is None
    assert "<b>" not in p.why.sentence.data and "&lt;b&gt;dept&lt;/b&gt;" in p.why.sentence.data
    assert p.intro.data.startswith("Format: one-to-one")
    assert p.unmatched.table["mentees"].to_dict() == {"every allowed partner full": "hidden", "Total": "hidden"}


def test_peer_page_counts_pairs_once():
    people = [{"person_id": f"E{i}", "role": "peer"} for i in range(4)]
    wf = [{"employee_id": f"E{i}", "department": "Eng" if i < 2 else "Ops"} for i in range(4)]
    prog = make_program(people, wf, fmt="peer", matching={"criteria": [{"kind": "different", "field": "department"}]})
    p = page(prog)
    assert dict(p.summary.table.values.tolist())["Pairs"] == "2"
    assert p.by_hand.table.set_index("").loc["Pairs"].tolist() == ["0", "2"]
    assert p.summary.sentence.data.startswith("4 of 4 peers have a partner")
