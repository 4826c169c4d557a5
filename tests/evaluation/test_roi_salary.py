"""``roi: cost_per_leaver_salary_share`` end to end (issue 34.3): a hand-built program folder whose
workforce table keeps the client's ``Annual pay`` column as ``salary`` through
``tables.workforce.extra_columns`` (:func:`tests.program_factory.salary_program_dir`). The
mentees earn 40,000 and 60,000 in turn, the others 90,000 and the mentors 200,000: half the
mentees' mean salary is 25,000 a leaver, and any other group's salaries would give another figure.
A missing or non-numeric salary column is a located problem, never a traceback."""
from __future__ import annotations

import pandas as pd
import pytest

from tests.program_factory import salary_program_dir
from workbench.evaluation.roi import ROI_COLUMNS
from workbench.io import load_program
from workbench.problems import InputError

COST = 25_000.0      # 0.5 x the mentees' mean pay (40,000 and 60,000 in turn)


@pytest.fixture(scope="module")
def published(tmp_path_factory):
    from workbench.views.stage4 import kpi_review
    tmp = tmp_path_factory.mktemp("salary")
    program = load_program(salary_program_dir(tmp / "prog"))
    page = kpi_review(program)
    out = tmp / "out"
    page.publish(out)
    return program, page, out


def test_the_mapped_salary_reaches_the_workforce_table(published):
    program, _, _ = published
    wf = program.workforce.set_index("employee_id")
    assert wf.loc["E0", "salary"] == 40_000 and wf.loc["E1", "salary"] == 60_000
    assert wf.loc["C0", "salary"] == 90_000


def test_roi_export_and_page_four_value_leavers_at_half_the_participants_mean_salary(published):
    _, page, out = published
    t = pd.read_csv(out / "exports" / "roi.csv")
    assert list(t.columns) == ROI_COLUMNS
    assert list(t["estimator"]) == ["regression", "weighting", "cox"]
    assert (t["currency"] == "EUR").all() and (t["program_cost"] == 10_000).all()
    for _, r in t.iterrows():
        # value = leavers avoided x 25,000 (the export rounds leavers to 0.1 and money to 1)
        for v, la in (("value", "leavers_avoided"), ("value_low", "leavers_avoided_low"),
                      ("value_high", "leavers_avoided_high")):
            assert r[v] == pytest.approx(r[la] * COST, abs=0.05 * COST + 1)
        assert r["net"] == pytest.approx(r["value"] - 10_000, abs=1)
        assert r["net_low"] == pytest.approx(r["value_low"] - 10_000, abs=1)
    # exactly: the unrounded leavers avoided (the regression's, standardised over the 60 mentees)
    from workbench.kpi.effects import evaluation_of
    d = evaluation_of(published[0], "mentees", "left").regression.participants_difference
    assert t.at[0, "value"] == pytest.approx(60 * d[0] * COST, abs=1)
    assert t.at[0, "value_low"] == pytest.approx(60 * d[1] * COST, abs=1)
    text = page.sections["roi"].text
    assert "EUR 25,000 a leaver" in text
    assert "50 % of the participants" in text and "mean salary" in text
    assert "90,000" not in text and "45,000" not in text     # not the others' salaries


def test_a_salary_column_that_is_not_mapped_is_located_in_program_yaml(tmp_path):
    with pytest.raises(InputError) as err:
        load_program(salary_program_dir(tmp_path / "prog", map_salary=False))
    lines = [str(p) for p in err.value.problems]
    hit = [x for x in lines if "salary" in x]
    assert len(hit) == 1, lines
    file, row, column = hit[0].split(": ")[0].split(":")
    assert file == "program.yaml" and row.isdigit() and column == "roi.cost_per_leaver_salary_share"
    text = (tmp_path / "prog" / "program.yaml").read_text().splitlines()
    assert "cost_per_leaver_salary_share" in text[int(row) - 1]
    assert "no column 'salary'" in hit[0] and "extra_columns" in hit[0]


def test_a_non_numeric_salary_is_located_at_its_file_row_and_column(tmp_path):
    with pytest.raises(InputError) as err:
        load_program(salary_program_dir(tmp_path / "prog", bad_cell=(3, "fifty thousand")))
    lines = [str(p) for p in err.value.problems]
    hit = [x for x in lines if "fifty thousand" in x]
    assert len(hit) == 1, lines
    # the 4th data row is the spreadsheet's row 5 (the header is row 1)
    assert hit[0].startswith("workforce.csv:5:Annual pay: ")
    assert "not a number" in hit[0]


def test_numeric_salaries_with_an_empty_cell_still_load(tmp_path):
    program = load_program(salary_program_dir(tmp_path / "prog", bad_cell=(3, "")))
    assert pd.isna(program.workforce.set_index("employee_id").loc["E3", "salary"])
