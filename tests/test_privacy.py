import numpy as np
import pandas as pd
from hypothesis import given, settings, strategies as st

from workbench.disclosure import MARK, ProtectedColumn, outcome_hidden, protect


def test_derived_figures_follow_their_sources():
    t = pd.DataFrame({"mentors": [2, 30, 40], "seats": [8, 120, 160]}, index=["HR", "Eng", "Ops"])
    p = protect(t, 5, name="t", dimension="dept",
                columns=[ProtectedColumn("mentors", follows=("seats",)),
                         ProtectedColumn("seats", people=False, follows=("mentors",))])
    shown = p.shown()
    assert shown.loc["HR", "seats"] == MARK                  # 8 = 2 x 4 would give the 2 back
    assert (shown["seats"] == MARK).tolist() == (shown["mentors"] == MARK).tolist()


def test_outcome_groups():
    assert outcome_hidden(40, 3, 5) and outcome_hidden(40, 37, 5) and outcome_hidden(4, 2, 5)
    assert not outcome_hidden(40, 0, 5) and not outcome_hidden(40, 20, 5)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.lists(st.integers(0, 30), min_size=2, max_size=4), min_size=2, max_size=6),
       st.integers(2, 10))
def test_no_visible_small_cell_and_hidden_cells_hold_k_together(rows, k):
    width = min(len(r) for r in rows)
    counts = np.array([r[:width] for r in rows])
    frame = pd.DataFrame(counts, columns=[str(j) for j in range(width)])
    cols = [ProtectedColumn(c, partition=True) for c in frame.columns]
    p = protect(frame, k, name="table", dimension="row", columns=cols, total=True)
    hidden = p.hidden.loc[p.body].to_numpy()
    visible = counts[~hidden]
    assert not ((visible > 0) & (visible < k)).any()
    shown = p.shown()
    shown.columns = range(width)
    for j in range(width):
        col = hidden[:, j]
        if not col.any():
            continue
        if shown.loc["Total", j] == MARK:          # a small total: every non-zero cell hidden
            assert counts[:, j].sum() < k and (hidden[:, j] == (counts[:, j] > 0)).all()
        else:   # never a lone hidden non-zero cell; together at least k, so x in [0, >= k]
            assert (counts[col, j] > 0).sum() >= 2 and counts[col, j].sum() >= k
