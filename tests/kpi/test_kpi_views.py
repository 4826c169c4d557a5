"""What notebook 04 shows: one comparison group with the same count on every page; a program not
matched yet gets a page saying what cannot be measured yet; no small figure in the views."""
import json
import shutil
from pathlib import Path

import pandas as pd
import pytest
import yaml

from workbench import goals, kpi
from workbench.evaluation import OUTCOME_COLUMNS, comparison_group

ROOT = Path(__file__).resolve().parent.parent.parent
SAMPLES = ROOT / "data" / "programs"


def test_one_comparison_group_same_count_on_every_page(sample_programs):
    prog = sample_programs["leadership-accelerator"]
    g = comparison_group(prog, "mentees")
    view = kpi.outcome_view(prog)
    assert f"{g.n_control:,} employees" in view.definitions["mentees"]
    assert set(view.table["others"]) == {g.n_control} and set(view.table["participants"]) == {g.n_treated}
    assert set(view.export["n_control"]) == {g.n_control}
    card = kpi.scorecard(prog, trend=False)
    for ev in card.comparisons.values():
        assert ev.regression.n_control == g.n_control and ev in view.evaluations
    table = goals.kpi_table(prog)
    measured = table[table["baseline note"].str.contains("comparison group")]
    assert len(measured) and measured["baseline note"].str.contains(f"{g.n_control:,} comparable").all()
    # one answer per outcome: the scorecard's comparison is the outcome table's conclusion
    left = next(ev for ev in view.evaluations if ev.outcome == "left")
    assert card.comparisons["Retention of mentees against comparable staff"].verdict == left.verdict


def test_outcome_export_columns(sample_programs):
    view = kpi.outcome_view(sample_programs["reverse-digital"])
    assert list(view.export.columns) == OUTCOME_COLUMNS
    assert "0.000" not in " ".join(view.table["p"])


def test_survival_view_hides_steps_of_few_exits(sample_programs):
    prog = sample_programs["onboarding-pilot"]
    k = prog.config.min_group_size
    view = kpi.survival_view(prog)
    g = comparison_group(prog, "mentees")
    for label, sub in (("participants", g.treated), ("comparable non-participants", g.control)):
        if label in set(view.points["group"]):
            q = (sub["days_observed"] // (365.25 / 4)).astype(int)
            per = sub[sub["left"] == 1].groupby(q).size()
            assert ((per == 0) | (per >= k)).all()
        else:
            assert label in view.caption
    assert view.alt.startswith("Kaplan–Meier curves.")


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
    assert kpi.engagement_view(prog).table is None
    assert "No pairs yet" in kpi.engagement_view(prog).sentence
    assert kpi.weights_view(prog).quality is None
    card = kpi.scorecard_view(prog)
    assert set(card.table["status"]) <= {"not measurable", "too early to tell", "met", "on track", "off track"}
    assert kpi.outcome_view(prog).table is not None


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
