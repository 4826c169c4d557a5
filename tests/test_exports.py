import pandas as pd
from hypothesis import given, strategies as st

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
    # harmless text is untouched
    for before, after in zip(values, out["v"]):
        if not before.startswith(FORMULA_PREFIXES):
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
