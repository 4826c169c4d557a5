"""The report step and the batch: bundle contents, isolation, nothing lost (tiny notebooks)."""
import json
import shutil
from pathlib import Path

import nbformat
import pytest

from workbench.batch import run_batch
from workbench.report.run import report_program
from workbench.report.rendering import _to_html

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "data" / "programs" / "onboarding-pilot"


def _notebook(path: Path, body: str) -> None:
    nb = nbformat.v4.new_notebook()
    params = nbformat.v4.new_code_cell('program_dir = "."\noutput_dir = None')
    params.metadata["tags"] = ["parameters"]
    nb.cells = [nbformat.v4.new_markdown_cell("# A page for the client"), params,
                nbformat.v4.new_code_cell(body)]
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(nb, path)


GOOD = ("from workbench.io import load_program\n"
        "from workbench.exports import record_headline, export_table\n"
        "prog = load_program(program_dir)\n"
        "SECRET_CODE_MARKER = len(prog.people)\n"
        "record_headline(output_dir, 'People', SECRET_CODE_MARKER)\n"
        "export_table(prog.people[['person_id', 'role']], output_dir, 'people')\n"
        "print('people:', SECRET_CODE_MARKER)")


@pytest.fixture
def setup(tmp_path):
    if not SAMPLE.exists():
        pytest.skip("sample programs not generated yet")
    programs = tmp_path / "programs"
    for slug in ("alpha", "beta"):
        shutil.copytree(SAMPLE, programs / slug)
    nbs = tmp_path / "nbs"
    nbs.mkdir()
    _notebook(nbs / "good.ipynb", GOOD)
    _notebook(nbs / "bad.ipynb", "raise ValueError('boom in cell')")
    return programs, nbs, tmp_path / "reports"


def _snapshot(folder: Path) -> dict:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def test_bundle_has_client_pages_without_code(setup):
    programs, nbs, reports = setup
    result = report_program(programs / "alpha", reports, ("good",), nbs)
    assert result.status == "ok", result
    page = (reports / "alpha" / "good.html").read_text()
    assert "people:" in page                      # the output is there
    assert "SECRET_CODE_MARKER = len" not in page  # the code is not
    index = (reports / "alpha" / "index.html").read_text()
    assert "good.html" in index and "People" in index
    manifest = json.loads((reports / "alpha" / "manifest.json").read_text())
    assert set(manifest["inputs"]) >= {"program.yaml"}
    assert all(len(v) == 64 for v in manifest["inputs"].values())
    assert (reports / "alpha" / "exports" / "people.xlsx").exists()
    assert not [p for p in reports.iterdir() if p.name.startswith(".")]  # no temp folder left


def test_failing_notebook_keeps_previous_report_byte_for_byte(setup):
    programs, nbs, reports = setup
    assert report_program(programs / "alpha", reports, ("good",), nbs).status == "ok"
    before = _snapshot(reports / "alpha")
    result = report_program(programs / "alpha", reports, ("good", "bad"), nbs)
    assert result.status == "failed" and result.notebook == "bad"
    assert "boom in cell" in result.error and result.cell is not None
    assert _snapshot(reports / "alpha") == before
    assert not [p for p in reports.iterdir() if p.name.startswith(".")]


@pytest.mark.slow
def test_batch_broken_program_does_not_stop_others(setup, capsys):
    programs, nbs, reports = setup
    assert run_batch(programs, reports, notebooks=("good",), notebook_dir=nbs) == 0
    before = _snapshot(reports / "beta")
    people = programs / "beta" / "people.csv"
    people.write_text(people.read_text().replace("mentor", "mentr", 1))  # an unknown category
    (reports / "alpha" / "index.html").unlink()  # alpha must be rebuilt
    code = run_batch(programs, reports, workers=2, notebooks=("good",), notebook_dir=nbs)
    out = capsys.readouterr()
    assert code != 0
    assert (reports / "alpha" / "index.html").exists()
    assert _snapshot(reports / "beta") == before
    assert "beta" in out.out and "invalid" in out.out
    assert "people.csv:" in out.err
    assert "beta" in (reports / "index.html").read_text()


@pytest.mark.slow
def test_same_batch_twice_gives_same_reports_apart_from_timings(setup):
    programs, nbs, reports = setup
    run_batch(programs, reports, only=["alpha"], notebooks=("good",), notebook_dir=nbs)
    first = json.loads((reports / "alpha" / "manifest.json").read_text())
    exports1 = _snapshot(reports / "alpha" / "exports")
    run_batch(programs, reports, only=["alpha"], notebooks=("good",), notebook_dir=nbs)
    second = json.loads((reports / "alpha" / "manifest.json").read_text())
    for m in (first, second):
        m.pop("timings_seconds")
    assert first == second
    assert _snapshot(reports / "alpha" / "exports").keys() == exports1.keys()
    assert (reports / "alpha" / "exports" / "people.csv").read_bytes() == exports1["people.csv"]


@pytest.mark.slow   # a whole report run (5-12 s): in make test-all
def test_notebooks_share_one_kernel_with_an_empty_namespace_each(setup):
    """A program's notebooks run in one kernel (imports paid once) but none sees another's names."""
    programs, nbs, reports = setup
    pid = ("import os\nfrom workbench.exports import record_headline\n"
           "record_headline(output_dir, 'pid {}', os.getpid())\n")
    _notebook(nbs / "first.ipynb", pid.format(1) + "leaked = 42\nimport matplotlib.pyplot as plt\n"
                                                   "fig = plt.figure()")
    _notebook(nbs / "second.ipynb", pid.format(2) + "import matplotlib.pyplot as plt\n"
              "assert 'leaked' not in globals(), 'namespace leaked between notebooks'\n"
              "assert not plt.get_fignums(), 'figures leaked between notebooks'")
    result = report_program(programs / "alpha", reports, ("first", "second"), nbs)
    assert result.status == "ok", result
    heads = json.loads((reports / "alpha" / "headlines.json").read_text())
    assert heads["pid 1"] == heads["pid 2"]
    assert not (reports / "alpha" / "second.ipynb").exists()      # not in the client bundle
    second = nbformat.read(reports / "_analyst" / "alpha" / "notebooks" / "second.ipynb", as_version=4)
    counts = [c.execution_count for c in second.cells if c.cell_type == "code"]
    assert counts == list(range(1, len(counts) + 1))      # numbered as in a fresh kernel
    separate = report_program(programs / "beta", reports, ("first", "second"), nbs, shared_kernel=False)
    assert separate.status == "ok", separate
    heads = json.loads((reports / "beta" / "headlines.json").read_text())
    assert heads["pid 1"] != heads["pid 2"]


@pytest.mark.slow   # a whole report run (5-12 s): in make test-all
def test_a_bundled_stage_that_does_not_publish_what_it_declares_fails_and_keeps_the_old_report(
        setup, monkeypatch):
    """The declared stage list is checked after each run of a bundled notebook (a draft folder's
    notebooks are not bound by it): a stage that forgets its export fails its program."""
    from workbench.report import stages
    programs, nbs, reports = setup
    shutil.copy(nbs / "good.ipynb", nbs / "01_goal_setting.ipynb")   # writes 'people', not 'kpis'
    ok = report_program(programs / "alpha", reports, ("01_goal_setting",), nbs)
    assert ok.status == "ok", ok                       # a draft folder: run, not checked
    before = _snapshot(reports / "alpha")
    monkeypatch.setattr(stages, "BUNDLED_NOTEBOOKS", nbs.resolve())
    failed = report_program(programs / "alpha", reports, ("01_goal_setting",), nbs)
    assert failed.status == "failed" and failed.notebook == "01_goal_setting"
    assert "did not write the client export 'kpis'" in failed.error
    assert _snapshot(reports / "alpha") == before      # the earlier good report stays


def test_a_section_that_shows_nothing_has_no_heading_on_the_client_page(tmp_path):
    """Sections only where they apply: a circles program's page 3 has no trade-off, so its
    heading and paragraph are not printed; a section that shows something keeps its heading."""
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_markdown_cell("# Page"),
                nbformat.v4.new_markdown_cell("## The trade-off\n\nHow many people get a partner."),
                nbformat.v4.new_code_cell('display(page["frontier"])'),
                nbformat.v4.new_markdown_cell("## Coverage by department\n\nThe share matched."),
                nbformat.v4.new_code_cell('display(page["coverage"])', outputs=[
                    nbformat.v4.new_output("display_data", data={"text/html": "<p>81 % matched</p>"})])]
    path = tmp_path / "03_match_optimization.ipynb"
    nbformat.write(nb, path)
    html = _to_html(path).read_text()
    assert "Coverage by department" in html and "81 % matched" in html
    assert "The trade-off" not in html and "How many people get a partner" not in html
