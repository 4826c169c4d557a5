"""What notebook 04 shows (page 4, :func:`workbench.views.stage4.kpi_review`): one comparison group
with the same count on every section; a program not matched yet gets a page saying what cannot be
measured yet; the survival curves draw no quarter of few exits."""
import json
import shutil
from pathlib import Path

import pandas as pd
import pytest
import yaml

from workbench import goals, present
from workbench.kpi.effects import evaluations as kpi_evaluations
from workbench.kpi.effects import populations as kpi_populations
from workbench.kpi.scorecard import scorecard as kpi_scorecard
from workbench.evaluation import OUTCOME_COLUMNS, comparison_group
from workbench.views.stage4 import QUARTER, kpi_review

ROOT = Path(__file__).resolve().parent.parent.parent
SAMPLES = ROOT / "data" / "programs"


def test_one_comparison_group_same_count_on_every_page(sample_programs):
    prog = sample_programs["leadership-accelerator"]
    g = comparison_group(prog, "mentees")
    page = kpi_review(prog)
    assert f"{present.count(g.n_control)} employees" in page["definitions"].text
    table = page["outcomes"].frame()
    assert set(table["Others"]) == {present.count(g.n_control)}
    assert set(table["Participants"]) == {present.count(g.n_treated)}
    assert set(page.export_frames()["outcomes"]["n_control"]) == {g.n_control}
    evaluations = kpi_evaluations(prog)          # what the outcome section is built from
    card = kpi_scorecard(prog, trend=False)
    for ev in card.comparisons.values():
        assert ev.regression.n_control == g.n_control and ev in evaluations
    table = goals.kpi_table(prog)
    measured = table[table["baseline note"].str.contains("comparison group")]
    assert len(measured) and measured["baseline note"].str.contains(f"{g.n_control:,} comparable").all()
    # one answer per outcome: the scorecard's comparison is the outcome table's conclusion
    left = next(ev for ev in evaluations if ev.outcome == "left")
    assert card.comparisons["Retention of mentees against comparable staff"].verdict == left.verdict
    shown = page["outcomes"].frame()
    rows = shown[shown["Outcome"] == "leaving"]   # the outcome in words, not its key
    assert left.conclusion in page["outcomes"].text        # the overall conclusion: the sentence's
    # each row its own conclusion (issue 30): an interval clear of 1 is never "no clear difference"
    from workbench.views.stage4 import row_conclusion
    own = [row_conclusion(left, est) for est in left.estimates]
    assert list(rows["Conclusion"]) == own
    for est, said in zip(left.estimates, own):
        if est.ok and (est.ci[1] < 1 or est.ci[0] > 1):
            assert said.startswith("clear")


def test_outcome_export_columns(sample_programs):
    page = kpi_review(sample_programs["reverse-digital"])
    assert list(page.export_frames()["outcomes"].columns) == OUTCOME_COLUMNS
    assert "0.000" not in " ".join(page["outcomes"].frame()["P-value"])


@pytest.mark.parametrize("slug, drawn", [("onboarding-pilot", 0), ("leadership-accelerator", 2)])
def test_survival_curves_draw_no_quarter_of_few_exits(sample_programs, slug, drawn):
    prog = sample_programs[slug]
    k = prog.config.min_group_size
    chart = kpi_review(prog)["survival"].chart
    assert len(chart.data.columns) == drawn
    pop = kpi_populations(prog)[0]
    g = comparison_group(prog, pop)
    for label, sub in ((pop, g.treated), ("comparable non-participants", g.control)):
        if label in chart.data.columns:
            drawn = chart.data[label].dropna().index
            q = (sub["days_observed"] // QUARTER).astype(int)
            per = sub[sub["left"] == 1].groupby(q).size().reindex(range(int(max(drawn)) // 3 + 1), fill_value=0)
            assert ((per == 0) | (per >= k)).all()
        else:
            assert label in chart.caption
    assert chart.alt.startswith("Step chart.")


def _not_matched(tmp_path: Path) -> Path:
    """The onboarding pilot before matching: only the HR snapshot and the sign-ups."""
    folder = tmp_path / "new-program"
    folder.mkdir()
    for name in ("workforce.csv", "people.csv"):
        shutil.copy(SAMPLES / "onboarding-pilot" / name, folder / name)
    cfg = yaml.safe_load((SAMPLES / "onboarding-pilot" / "program.yaml").read_text(encoding="utf-8"))
    cfg["tables"] = {k: v for k, v in cfg["tables"].items() if k in ("workforce", "people")}
    (folder / "program.yaml").write_text(yaml.safe_dump(cfg, sort_keys=False), encoding="utf-8")
    return folder


def test_views_of_a_program_not_matched_yet(tmp_path):
    from workbench.io import load_program
    prog = load_program(_not_matched(tmp_path))
    assert not prog.has("relationships") and prog.has("people")
    page = kpi_review(prog)
    assert page["engagement"].table is None and "No pairs yet" in page["engagement"].text
    assert page["quality"].table is None and "No pairs yet" in page["quality"].text
    card = page.export_frames()["kpi_scorecard"]
    assert set(card["status"]) <= {"not measurable", "too early to tell", "met", "on track", "off track"}
    assert page["outcomes"].table is not None


def test_notebook_04_runs_on_a_program_not_matched_yet(tmp_path):
    papermill = pytest.importorskip("papermill")
    out = tmp_path / "04.ipynb"
    papermill.execute_notebook(str(ROOT / "notebooks" / "04_kpi_review.ipynb"), str(out),
                               parameters={"program_dir": str(_not_matched(tmp_path)),
                                           "output_dir": str(tmp_path / "report")},
                               kernel_name="python3", cwd=str(ROOT / "notebooks"), progress_bar=False)
    nb = json.loads(out.read_text())
    text = " ".join("".join(o.get("data", {}).get("text/markdown", ""))
                    for c in nb["cells"] for o in c.get("outputs", []))
    assert "No pairs yet" in text and "match quality can be judged after a round" in text
    assert not any(o.get("output_type") == "error" for c in nb["cells"] for o in c.get("outputs", []))
    exported = pd.read_csv(tmp_path / "report" / "exports" / "outcomes.csv")
    assert list(exported.columns) == OUTCOME_COLUMNS
