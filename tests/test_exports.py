import pandas as pd
from hypothesis import given, settings, strategies as st

from workbench.exports import FORMULA_PREFIXES, export_table, neutralize, record_headline


def test_formula_cells_neutralized_in_csv_and_xlsx(tmp_path):
    frame = pd.DataFrame({"name": ["=1+1", "+cmd", "-2+3", "@SUM(A1)", "Ann"],
                          "score": [-0.5, 1.0, 2.0, 3.0, 4.0]})
    csv, xlsx = export_table(frame, tmp_path, "pairs")
    back_csv = pd.read_csv(csv)
    back_xlsx = pd.read_excel(xlsx, engine="openpyxl")
    for back in (back_csv, back_xlsx):
        assert not any(str(v).startswith(FORMULA_PREFIXES) for v in back["name"])
        assert back["name"].iloc[-1] == "Ann"
        # numbers stay numbers (a negative score is a number, not a formula)
        assert back["score"].tolist() == frame["score"].tolist()


@given(st.lists(st.text(max_size=8), min_size=1, max_size=20))
def test_neutralize_never_leaves_a_formula_prefix(values):
    out = neutralize(pd.DataFrame({"v": values}))
    assert not any(isinstance(v, str) and v.startswith(FORMULA_PREFIXES) for v in out["v"])
    # harmless text (no control character, no formula prefix) is untouched
    for before, after in zip(values, out["v"]):
        if not before.lstrip(" ").startswith(FORMULA_PREFIXES) and before.isprintable():
            assert before == after


def test_no_output_dir_means_no_files(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)        # a write to "." or a relative folder would land here
    assert export_table(pd.DataFrame({"a": [1]}), None, "x") == []
    assert export_table(pd.DataFrame({"a": [1]}), None, "x", audience="analyst") == []
    record_headline(None, "Matched", "90 %")
    assert list(tmp_path.rglob("*")) == []


def test_analyst_lists_go_apart_with_a_warning_line(tmp_path):
    frame = pd.DataFrame({"mentee_id": ["E1"], "mentor_id": ["E2"]})
    client = export_table(frame.assign(n=1)[["n"]], tmp_path, "summary")
    analyst = export_table(frame, tmp_path, "at_risk", audience="analyst")
    assert {p.parent.name for p in client} == {"exports"}
    assert {p.parent.name for p in analyst} == {"analyst"}
    assert not (tmp_path / "exports" / "at_risk.csv").exists()
    assert "NOT for the client" in (tmp_path / "analyst" / "README.txt").read_text()
    assert not (tmp_path / "exports" / "README.txt").exists()


def test_unknown_audience_is_refused(tmp_path):
    import pytest
    with pytest.raises(ValueError, match="audience 'everyone'"):
        export_table(pd.DataFrame({"a": [1]}), tmp_path, "x", audience="everyone")
    assert list(tmp_path.iterdir()) == []


def test_headlines_accumulate(tmp_path):
    record_headline(tmp_path, "Matched", "90 %")
    record_headline(tmp_path, "Pairs", 25)
    import json
    assert json.loads((tmp_path / "headlines.json").read_text()) == {"Matched": "90 %", "Pairs": 25}


# ------------------------------------------------------------ hostile labels (issue 32.4)

import csv as _csv
import io as _io

import openpyxl
import pytest

GUARD_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
BREAKS = ["\r", "\n", "\r\n", "\x0b", "\x0c", "\x1c", "\x1d", "\x1e", "\x85", "\u2028", "\u2029"]


def _read_back(csv_path, xlsx_path):
    """Rows of the CSV (Python's csv module, and splitlines() as a naive spreadsheet would split
    rows) and of the XLSX (openpyxl)."""
    text = csv_path.read_bytes().decode("utf-8")
    rows_csv = list(_csv.reader(_io.StringIO(text, newline="")))
    wb = openpyxl.load_workbook(xlsx_path)
    rows_xlsx = [[("" if v is None else v) for v in r] for r in wb.worksheets[0].iter_rows(values_only=True)]
    return text, rows_csv, rows_xlsx


def _unguarded(cell) -> bool:
    return isinstance(cell, str) and cell.lstrip(" ").startswith(GUARD_PREFIXES)


def test_a_carriage_return_cannot_start_a_row_with_a_formula(tmp_path):
    """The issue's attack: ``Finance\r=cmd|' /C calc'!A0`` was written unquoted, a spreadsheet
    started a new row at the CR whose first cell was a formula."""
    label = "Finance\r=cmd|' /C calc'!A0"
    frame = pd.DataFrame({"department": [label, "Sales"], "pairs": [12, 9]})
    csv_path, xlsx_path = export_table(frame, tmp_path, "departments")
    text, rows_csv, rows_xlsx = _read_back(csv_path, xlsx_path)
    # one physical line per row, whichever line breaks a spreadsheet honours
    assert len(text.splitlines()) == 3
    assert len(rows_csv) == len(rows_xlsx) == 3
    assert rows_csv[1] == ["Finance =cmd|' /C calc'!A0", "12"]
    assert rows_xlsx[1][0] == "Finance =cmd|' /C calc'!A0"
    for rows in (rows_csv, rows_xlsx):
        assert not any(_unguarded(c) for r in rows for c in r)


@pytest.mark.parametrize("brk", BREAKS)
def test_every_line_break_is_neutralised_before_the_guard(tmp_path, brk):
    frame = pd.DataFrame({f"col{brk}=1+1": [f"a{brk}=HYPERLINK(\"x\")", f"{brk}@SUM(A1)", "x,y\"z"]})
    csv_path, xlsx_path = export_table(frame, tmp_path, "t")
    text, rows_csv, rows_xlsx = _read_back(csv_path, xlsx_path)
    assert len(text.splitlines()) == 4 and len(rows_csv) == 4 and len(rows_xlsx) == 4
    assert rows_csv[3] == ["x,y\"z"]        # separator and quote: the field is quoted
    assert rows_csv[2][0].startswith("'")    # a break before a formula: guarded after the break went
    for rows in (rows_csv, rows_xlsx):
        assert not any(_unguarded(c) for r in rows for c in r)


_hostile = st.text(alphabet=st.sampled_from(list("=+-@\t\r\n ,;\"'|aZ1") + BREAKS[3:] + ["\x00", "\x07"]),
                   max_size=12)


@settings(deadline=None)
@given(st.lists(st.tuples(_hostile, _hostile), min_size=1, max_size=8), _hostile)
def test_hostile_strings_never_reach_a_cell_unguarded_nor_add_rows(rows, colname):
    import tempfile
    from pathlib import Path
    frame = pd.DataFrame(rows, columns=["a", colname or "b"])
    with tempfile.TemporaryDirectory() as d:
        csv_path, xlsx_path = export_table(frame, Path(d), "hostile")
        text, rows_csv, rows_xlsx = _read_back(csv_path, xlsx_path)
    assert len(rows_csv) == len(frame) + 1
    assert len(text.splitlines()) == len(frame) + 1
    assert len(rows_xlsx) == len(frame) + 1
    for rows_back in (rows_csv, rows_xlsx):
        assert all(len(r) == 2 for r in rows_back)
        assert not any(_unguarded(c) for r in rows_back for c in r)
