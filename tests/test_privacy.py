import numpy as np
import pandas as pd
from hypothesis import given, settings, strategies as st

from workbench.privacy import merge_small, suppress_counts, suppression_mask


def test_small_cell_is_hidden_and_cannot_be_recovered_from_totals():
    t = pd.DataFrame({"mentees": [12, 3, 40], "mentors": [6, 9, 11]}, index=["A", "B", "C"])
    shown = suppress_counts(t, k=5)
    assert shown.loc["B", "mentees"] == "<5"
    # B's row and the mentees column each have a second hidden cell
    assert (shown.loc["B"] != shown.loc["B"].str.isdigit()).sum() >= 2
    assert sum(v in ("<5", "hidden") for v in shown["mentees"]) >= 2


def test_zero_is_not_small():
    shown = suppress_counts(pd.DataFrame({"n": [0, 10]}, index=["a", "b"]), k=5)
    assert shown["n"].tolist() == ["0", "10", "10"]


def test_merge_small_for_charts():
    t = pd.DataFrame({"mentees": [30, 2, 3], "mentors": [9, 1, 2]}, index=["A", "B", "C"])
    out = merge_small(t, 5)
    assert list(out.index) == ["A", "Other"]
    assert out.loc["Other", "mentees"] == 5 and np.isnan(out.loc["Other", "mentors"])


@settings(max_examples=150, deadline=None)
@given(st.lists(st.lists(st.integers(0, 30), min_size=2, max_size=4), min_size=2, max_size=6),
       st.integers(2, 10))
def test_no_visible_small_cell_and_no_single_hidden_cell_per_line(rows, k):
    width = min(len(r) for r in rows)
    counts = np.array([r[:width] for r in rows])
    hidden = suppression_mask(counts, k)
    visible = counts[~hidden]
    assert not ((visible > 0) & (visible < k)).any()
    # a row or column with exactly one hidden cell would let a total reveal it: allowed only
    # where no other non-zero cell exists to hide, and then the shown total is hidden instead
    for axis in (0, 1):
        single = hidden.sum(axis=axis) == 1
        others = ((counts > 0) & ~hidden).sum(axis=axis)
        assert not (single & (others > 0)).any()
    shown = suppress_counts(pd.DataFrame(counts), k)
    for j in range(width):
        if hidden[:, j].sum() == 1:
            assert shown.loc["Total", j] == "hidden"
