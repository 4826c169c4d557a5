"""One page spec (issue 33 item 5): each client page is one entry of ``workbench.views.PAGE_SPECS``,
and the page registry, the report's stages, the page titles and the notebooks follow from it.

:func:`notebook_drift` compares a notebook with its entry: its one ``#`` heading is the entry's
title, it builds its page with the entry's builder and publishes it, and it displays every
section its page builds on the notebook's own default program (sections that are only exports
aside) and no section the page does not build (unless the cell asks first). The drift tests below
show it failing on a notebook that drifted one way or another.
"""
from __future__ import annotations

import ast
import copy
import json
import re
import warnings
from pathlib import Path

import pytest

from workbench import views
from workbench.io import load_program
from workbench.report import stages
from workbench.views import PAGE_SPECS, PAGES, PageSpec, page_spec

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOK_DIR = ROOT / "notebooks"


def _source(cell) -> str:
    src = cell["source"]
    return src if isinstance(src, str) else "".join(src)


def _code(nb) -> list[str]:
    return [_source(c) for c in nb["cells"] if c["cell_type"] == "code"]


def default_program_dir(nb, notebook_dir: Path = NOTEBOOK_DIR) -> Path:
    """The program the notebook runs on by itself: ``program_dir`` of its parameters cell."""
    for cell in nb["cells"]:
        if "parameters" in cell.get("metadata", {}).get("tags", []):
            for node in ast.parse(_source(cell)).body:
                if (isinstance(node, ast.Assign) and isinstance(node.targets[0], ast.Name)
                        and node.targets[0].id == "program_dir"):
                    return (notebook_dir / ast.literal_eval(node.value)).resolve()
    raise AssertionError("the notebook has no parameters cell setting program_dir")


def notebook_drift(spec: PageSpec, nb: dict, page=None) -> list[str]:
    """How the notebook ``nb`` differs from its page's entry ``spec``, one sentence each (empty:
    it follows). ``page``: the page built on the notebook's default program, to check the sections
    displayed (``None``: not checked)."""
    where = f"notebooks/{spec.notebook}.ipynb"
    out = []
    # the heading: one '#' heading, the first line of the first cell, the entry's title
    first = nb["cells"][0]
    head = _source(first).splitlines()[0] if first["cell_type"] == "markdown" and _source(first) else ""
    if head != f"# {spec.title}":
        out.append(f"{where}: its first line is {head!r}; the page's title is {spec.title!r} "
                   f"(workbench.views.PAGE_SPECS): write '# {spec.title}'")
    h1 = [line for c in nb["cells"] if c["cell_type"] == "markdown"
          for line in _source(c).splitlines() if line.startswith("# ")]
    if len(h1) > 1:
        out.append(f"{where}: {len(h1)} '#' headings ({h1}); the page has one title, the rest are '##'")
    # the builder: `page = <the entry's builder>(program...)`, then page.publish(output_dir)
    trees = [ast.parse(src) for src in _code(nb)]
    namespace: dict = {}
    for tree in trees:
        for node in ast.walk(tree):
            if isinstance(node, (ast.Import, ast.ImportFrom)):
                exec(compile(ast.Module([node], []), where, "exec"), namespace)
    calls = [node.value.func for tree in trees for node in ast.walk(tree)
             if isinstance(node, ast.Assign) and isinstance(node.value, ast.Call)
             and [getattr(t, "id", None) for t in node.targets] == ["page"]]
    built_by = [eval(compile(ast.Expression(f), where, "eval"), dict(namespace)) for f in calls]
    name = f"{spec.builder.__module__}:{spec.builder.__name__}"
    if len(built_by) != 1 or built_by[0] is not spec.builder:
        out.append(f"{where}: builds its page with {[ast.unparse(f) for f in calls]}; the page's "
                   f"builder is {name}: write 'page = {spec.builder.__name__}(program)'")
    code = "\n".join(_code(nb))
    if "page.publish(output_dir)" not in code:
        out.append(f"{where}: never calls page.publish(output_dir), so its exports and headlines are lost")
    # the sections: every section shown, none unknown
    if page is not None:
        shown = set(re.findall(r"""page\[["'](\w+)["']\]""", code))
        asked = set(re.findall(r"""["'](\w+)["'] in page\.sections""", code))
        export_only = set(page.exports.values()) - shown
        out += [f"{where}: the page builds the section {k!r} but the notebook does not show it: "
                f"add a cell display(page[{k!r}])" for k in sorted(set(page.sections) - shown - export_only)]
        out += [f"{where}: shows page[{k!r}], a section the page does not build on its default "
                f"program: remove the cell or ask first (if {k!r} in page.sections)"
                for k in sorted(shown - asked - set(page.sections))]
    return out


def _read(spec: PageSpec) -> dict:
    return json.loads((NOTEBOOK_DIR / f"{spec.notebook}.ipynb").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def built():
    """Each page built on its notebook's own default program, as a run of the notebook builds it."""
    out = {}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for spec in PAGE_SPECS:
            out[spec.notebook] = spec.builder(load_program(default_program_dir(_read(spec))))
    return out


# --------------------------------------------------------------------------- one declaration
def test_every_notebook_is_a_page_and_every_page_a_notebook():
    assert sorted(p.stem for p in NOTEBOOK_DIR.glob("*.ipynb")) == sorted(s.notebook for s in PAGE_SPECS)
    assert len({s.key for s in PAGE_SPECS}) == len({s.title for s in PAGE_SPECS}) == len(PAGE_SPECS)


def test_the_registry_and_the_report_stages_are_derived_from_the_specs():
    assert stages.STAGES is PAGE_SPECS
    assert PAGES == {s.notebook: s.builder for s in PAGE_SPECS}
    assert stages.NOTEBOOKS == tuple(s.notebook for s in PAGE_SPECS)
    assert stages.TITLES == {s.notebook: s.title for s in PAGE_SPECS}
    assert stages.STAGE_PAGES == {s.key: f"{s.notebook}.html" for s in PAGE_SPECS}
    for s in PAGE_SPECS:
        assert stages.stage(s.key) is stages.stage(s.notebook) is page_spec(s.key) is s
        assert stages.title(s.notebook) == s.title
        # the page module's own name for its page is the entry's notebook
        assert __import__(s.builder.__module__, fromlist=["VIEW"]).VIEW == s.notebook


@pytest.mark.parametrize("spec", PAGE_SPECS, ids=lambda s: s.notebook)
def test_notebook_follows_its_page_spec(spec, built):
    nb = _read(spec)
    assert notebook_drift(spec, nb, built[spec.notebook]) == []
    assert built[spec.notebook].name == spec.notebook


def test_notebooks_are_thin_and_without_outputs():
    for spec in PAGE_SPECS:
        for cell in _read(spec)["cells"]:
            if cell["cell_type"] == "code":
                assert cell.get("outputs") == [] and cell.get("execution_count") is None, spec.notebook


# --------------------------------------------------------------------------- drift is caught
def test_a_retitled_notebook_drifts():
    spec = page_spec("segments")
    nb = copy.deepcopy(_read(spec))
    nb["cells"][0]["source"] = ["# Who is in the program\n", "\n", "The people."]
    problems = notebook_drift(spec, nb)
    assert len(problems) == 1 and "write '# Who the mentees and mentors are'" in problems[0]
    # and a second title further down
    nb = copy.deepcopy(_read(spec))
    nb["cells"].append({"cell_type": "markdown", "metadata": {}, "source": ["# Another title"]})
    assert "2 '#' headings" in " ".join(notebook_drift(spec, nb))


def test_a_retitled_spec_drifts_from_its_notebook():
    spec = page_spec("matching")
    other = PageSpec(spec.key, spec.notebook, "Matching", spec.builder)
    assert notebook_drift(spec, _read(spec)) == []
    assert "the page's title is 'Matching'" in notebook_drift(other, _read(spec))[0]


def test_a_notebook_building_another_page_drifts():
    spec = page_spec("segments")
    nb = copy.deepcopy(_read(spec))
    for cell in nb["cells"]:
        cell["source"] = _source(cell).replace("views.segmentation(program)", "views.goal_setting(program)")
    problems = notebook_drift(spec, nb)
    assert len(problems) == 1 and "workbench.views.stage2:segmentation" in problems[0]
    # the builder imported under its own name is the same builder
    same = copy.deepcopy(_read(spec))
    for cell in same["cells"]:
        cell["source"] = (_source(cell).replace("from workbench import views",
                                                "from workbench.views.stage2 import segmentation")
                          .replace("views.segmentation(program)", "segmentation(program)"))
    assert notebook_drift(spec, same) == []


def test_a_section_missing_from_its_notebook_or_unknown_to_its_page_drifts(built):
    spec = page_spec("segments")
    page = built[spec.notebook]
    nb = copy.deepcopy(_read(spec))
    nb["cells"] = [c for c in nb["cells"] if 'page["location"]' not in _source(c)]
    problems = notebook_drift(spec, nb, page)
    assert problems == [f"notebooks/{spec.notebook}.ipynb: the page builds the section 'location' but the "
                        f"notebook does not show it: add a cell display(page['location'])"]
    nb = copy.deepcopy(_read(spec))
    nb["cells"].append({"cell_type": "code", "metadata": {}, "outputs": [], "execution_count": None,
                        "source": ['display(page["mentor_load"])']})
    assert "shows page['mentor_load']" in " ".join(notebook_drift(spec, nb, page))
    nb["cells"][-1]["source"] = ['if "mentor_load" in page.sections:\n    display(page["mentor_load"])']
    assert notebook_drift(spec, nb, page) == []


# --------------------------------------------------------------------------- docs/extending.md
EXTENDING = ROOT / "docs" / "extending.md"


def page_table() -> str:
    """docs/extending.md's table of the pages, as PAGE_SPECS generates it."""
    rows = ["| page | title | view function | notebook |", "|---|---|---|---|"]
    rows += [f"| {i} | {s.title} | `{s.builder.__module__}:{s.builder.__name__}` | `notebooks/{s.notebook}.ipynb` |"
             for i, s in enumerate(PAGE_SPECS, 1)]
    return "\n".join(rows)


def test_extending_page_table_is_the_specs():
    text = EXTENDING.read_text(encoding="utf-8")
    assert f"<!-- page-table -->\n{page_table()}\n" in text


def test_extending_page_entry_is_the_spec():
    """The entry docs/extending.md shows, evaluated in workbench.views, is the page's entry."""
    text = EXTENDING.read_text(encoding="utf-8")
    (key, code), = re.findall(r"<!-- page-entry: (\w+) -->\n```python\n(.*?)```", text, re.S)
    shown = eval(compile(code.strip().rstrip(","), "docs/extending.md", "eval"), vars(views))
    assert shown == page_spec(key)
