import numpy as np
import pandas as pd
from hypothesis import given, settings, strategies as st

from workbench.disclosure import MARK, Column, outcome_hidden, protect
from workbench.privacy import merge_small, suppress_counts, suppression_mask


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


def test_derived_figures_follow_their_sources():
    t = pd.DataFrame({"mentors": [2, 30, 40], "seats": [8, 120, 160]}, index=["HR", "Eng", "Ops"])
    p = protect(t, 5, name="t", dimension="dept",
                columns=[Column("mentors", follows=("seats",)),
                         Column("seats", people=False, follows=("mentors",))])
    shown = p.shown()
    assert shown.loc["HR", "seats"] == MARK                  # 8 = 2 x 4 would give the 2 back
    assert (shown["seats"] == MARK).tolist() == (shown["mentors"] == MARK).tolist()


def test_outcome_groups():
    assert outcome_hidden(40, 3, 5) and outcome_hidden(40, 37, 5) and outcome_hidden(4, 2, 5)
    assert not outcome_hidden(40, 0, 5) and not outcome_hidden(40, 20, 5)


def test_merge_small_for_charts():
    t = pd.DataFrame({"mentees": [30, 2, 3], "mentors": [9, 1, 2]}, index=["A", "B", "C"])
    out = merge_small(t, 5)
    assert list(out.index) == ["A", "Other"]
    assert out.loc["Other", "mentees"] == 5 and np.isnan(out.loc["Other", "mentors"])


@settings(max_examples=150, deadline=None)
@given(st.lists(st.lists(st.integers(0, 30), min_size=2, max_size=4), min_size=2, max_size=6),
       st.integers(2, 10))
def test_no_visible_small_cell_and_hidden_cells_hold_k_together(rows, k):
    width = min(len(r) for r in rows)
    counts = np.array([r[:width] for r in rows])
    hidden = suppression_mask(counts, k)
    visible = counts[~hidden]
    assert not ((visible > 0) & (visible < k)).any()
    shown = suppress_counts(pd.DataFrame(counts), k)
    for j in range(width):
        col = hidden[:, j]
        if not col.any():
            continue
        if shown.loc["Total", j] == MARK:          # a small total: every non-zero cell hidden
            assert counts[:, j].sum() < k and (hidden[:, j] == (counts[:, j] > 0)).all()
        else:   # never a lone hidden non-zero cell; together at least k, so x in [0, >= k]
            assert (counts[col, j] > 0).sum() >= 2 and counts[col, j].sum() >= k
