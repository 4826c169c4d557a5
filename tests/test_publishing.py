"""Publishing: the client bundle holds nothing for the analyst only and links nothing of it."""
import json
import shutil

import pytest

from workbench.report.publishing import ANALYST_DIR
from workbench.report.run import report_program

from test_report import SAMPLE, _notebook

BODY = ("import pandas as pd\n"
        "from workbench.exports import export_table\n"
        "export_table(pd.DataFrame({'n': [40]}), output_dir, 'summary')\n"
        "paths = export_table(pd.DataFrame({'pair': ['E001-E002']}), output_dir, 'at_risk',\n"
        "                     audience='analyst')\n")


@pytest.mark.slow   # a whole report run (5-12 s): in make test-all
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


PAGE1 = ("from workbench import disclosure\n"
         "from workbench.io import load_program\n"
         "from workbench.views import goal_setting\n"
         "import pandas as pd\n"
         "from workbench.exports import export_table\n"
         "goal_setting(load_program(program_dir)).publish(output_dir)\n"
         "export_table(pd.DataFrame({'n': [len(disclosure.earlier_hidden())]}), output_dir, 'earlier')\n")


def _published(manifest, sig):
    return [p for p in manifest["disclosure"]["published"]
            if sorted(tuple(t[:3]) for t in p["terms"]) == sorted(map(tuple, sig))]


@pytest.mark.slow   # four report runs (about 40 s)
def test_a_release_records_what_it_published_and_the_next_one_hides_what_it_hid(tmp_path):
    """Releases audited together: the manifest holds the release's equations (no hidden value);
    the next report of the program in the same output folder starts from what it hid."""
    programs, nbs, reports = tmp_path / "programs", tmp_path / "nbs", tmp_path / "reports"
    # a program whose page 1 publishes departments (onboarding-pilot's are all small: one sentence)
    shutil.copytree(SAMPLE.parent / "peer-skills-exchange", programs / "alpha")
    nbs.mkdir()
    _notebook(nbs / "page1.ipynb", PAGE1)
    assert report_program(programs / "alpha", reports, ("page1",), nbs).status == "ok"
    manifest = json.loads((reports / "alpha" / "manifest.json").read_text())
    record = manifest["disclosure"]
    assert record["min_group_size"] >= 1 and record["published"]
    assert not (reports / "alpha" / "disclosure").exists()           # moved into the manifest
    assert not list((reports / "alpha").glob(".earlier*"))
    assert (reports / "alpha" / "exports" / "earlier.csv").read_text().split() == ["n", "0"]
    # a department published in release 1; pretend release 1 hid it: release 2 hides it too
    cell = next(p for p in record["published"]
                if p["terms"][0][:2] == ["mentees", "department"] and p["value"] > 0)
    sig = sorted([t[:3] for t in cell["terms"]])
    record["hidden"].append(sig)
    (reports / "alpha" / "manifest.json").write_text(json.dumps(manifest))
    assert report_program(programs / "alpha", reports, ("page1",), nbs).status == "ok"
    second = json.loads((reports / "alpha" / "manifest.json").read_text())
    assert (reports / "alpha" / "exports" / "earlier.csv").read_text().split()[1] != "0"
    assert _published(second, sig) == [] and sig in second["disclosure"]["hidden"]   # carried on
    # the third release still knows it (the second's manifest carries it)
    assert report_program(programs / "alpha", reports, ("page1",), nbs).status == "ok"
    third = json.loads((reports / "alpha" / "manifest.json").read_text())
    assert _published(third, sig) == [] and sig in third["disclosure"]["hidden"]
    # groups an earlier release pooled into "Other" stay pooled, even grown past the minimum
    departments = sorted({p["terms"][0][2] for p in record["published"]
                          if p["terms"][0][:2] == ["mentees", "department"]
                          and len({t[2] for t in p["terms"]}) == 1
                          and p["terms"][0][2] != "all"})[:2]
    assert len(departments) == 2
    third["disclosure"]["pooled"] = [["department", departments]]
    (reports / "alpha" / "manifest.json").write_text(json.dumps(third))
    assert report_program(programs / "alpha", reports, ("page1",), nbs).status == "ok"
    fourth = json.loads((reports / "alpha" / "manifest.json").read_text())["disclosure"]
    assert ["department", departments] in fourth["pooled"]                      # carried on
    pools = [{t[2] for t in p["terms"] if t[3] < 0} for p in fourth["published"]
             if any(t[2].startswith("Other (") and t[3] > 0 for t in p["terms"])]
    assert any(set(departments) <= pool for pool in pools)              # pooled again, with today's small
    assert not [p for p in fourth["published"] if {tuple(t[1:3]) for t in p["terms"]}
                == {("department", departments[0])}]                              # no longer alone


def test_earlier_releases_are_this_programs_and_its_previous_rounds(tmp_path):
    from types import SimpleNamespace

    from workbench.report.publishing import earlier_releases
    for slug in ("pilot", "round-2", "other"):
        (tmp_path / slug).mkdir()
        (tmp_path / slug / "manifest.json").write_text(json.dumps({"disclosure": {"hidden": [[[slug, "a", "b"]]]}}))
    found = earlier_releases(tmp_path, "round-2", SimpleNamespace(previous="../pilot"))
    assert [r["hidden"][0][0][0] for r in found] == ["round-2", "pilot"]
    assert earlier_releases(tmp_path, "round-2", SimpleNamespace(previous=None))[0]["hidden"][0][0][0] == "round-2"
    (tmp_path / "round-2" / "manifest.json").write_text("{broken")           # unreadable: none
    assert earlier_releases(tmp_path, "round-2") == []
    assert earlier_releases(tmp_path, "never-rendered") == []
