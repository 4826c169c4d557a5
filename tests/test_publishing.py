"""Publishing: the client bundle holds nothing for the analyst only and links nothing of it."""
import json
import shutil

from workbench.report import ANALYST_DIR, report_program

from test_report import SAMPLE, _notebook

BODY = ("import pandas as pd\n"
        "from workbench.exports import export_table\n"
        "export_table(pd.DataFrame({'n': [40]}), output_dir, 'summary')\n"
        "paths = export_table(pd.DataFrame({'pair': ['E001-E002']}), output_dir, 'at_risk',\n"
        "                     audience='analyst')\n")


def test_analyst_material_lives_beside_the_bundle_and_is_never_linked(tmp_path):
    programs, nbs, reports = tmp_path / "programs", tmp_path / "nbs", tmp_path / "reports"
    shutil.copytree(SAMPLE, programs / "alpha")
    nbs.mkdir()
    _notebook(nbs / "lists.ipynb", BODY)
    for _ in range(2):   # a second run replaces the analyst folder as it replaces the bundle
        result = report_program(programs / "alpha", reports, ("lists",), nbs)
        assert result.status == "ok", result
    bundle = reports / "alpha"
    analyst = reports / ANALYST_DIR / "alpha"
    assert (analyst / "at_risk.csv").exists() and "NOT for the client" in (analyst / "README.txt").read_text()
    assert not any("analyst" in p.relative_to(bundle).as_posix() or p.name.startswith("at_risk")
                   for p in bundle.rglob("*"))
    manifest = json.loads((bundle / "manifest.json").read_text())
    assert manifest["exports"] == ["exports/summary.csv", "exports/summary.xlsx"]
    for page in bundle.glob("*.html"):
        text = page.read_text()
        assert "at_risk" not in text and ANALYST_DIR not in text and "analyst/" not in text
    # the participant headline comes from the disclosure layer (50 people: published)
    assert manifest["headlines"]["Participants"] == "50"
    # a later run without analyst material leaves no stale named list behind
    _notebook(nbs / "lists.ipynb", "print('nothing per person')")
    assert report_program(programs / "alpha", reports, ("lists",), nbs).status == "ok"
    assert not (analyst / "at_risk.csv").exists()
    # the executed notebook (analyst-only cells' output included) is analyst material too
    assert (analyst / "notebooks" / "lists.ipynb").exists() and not (bundle / "lists.ipynb").exists()
