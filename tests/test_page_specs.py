"""One page spec (issue 33 item 5): each client page is one entry of ``workbench.views.PAGE_SPECS``,
and the page registry, the report's stages, the page titles and the notebooks follow from it.

The notebooks are generated (``make notebooks``, :mod:`workbench.views.notebooks`) from each
entry and its outline (:mod:`workbench.views.outline`: the intro, each ``##`` heading, its
paragraph and the sections its cell shows). :func:`outline_drift` compares an outline with what
its page builds on the notebook's own default program: every section shown (sections that are
only exports aside), and none the page does not build there (unless its cell asks first, and
then one the page's modules build somewhere). ``test_notebooks_are_generated`` fails when a
committed notebook is not what the declaration writes (hand-edited, or an outline changed without
``make notebooks``). :func:`notebook_drift` checks a notebook's title, builder and publishing.
The drift tests below show each failing on a declaration or notebook that drifted.
"""
from __future__ import annotations

import ast
import copy
import dataclasses
import json
import re
import shutil
import warnings
from pathlib import Path

import nbformat
import pytest
from hypothesis import given, settings, strategies as st

from workbench import views
from workbench.io import load_program
from workbench.report import stages
from workbench.views import PAGE_SPECS, PAGES, PageSpec, page_spec
from workbench.views import notebooks as generator
from workbench.views.outline import SectionOutline

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOK_DIR = ROOT / "notebooks"
VIEWS_DIR = ROOT / "workbench" / "views"


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


def notebook_drift(spec: PageSpec, nb: dict) -> list[str]:
    """How the notebook ``nb`` differs from its page's entry ``spec``, one sentence each (empty:
    it follows): its title, the builder it calls, its publishing."""
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
    return out


def _page_sources() -> str:
    """The source of the page modules (what builds sections), the declarations aside."""
    return "\n".join(p.read_text(encoding="utf-8") for p in sorted(VIEWS_DIR.glob("*.py"))
                     if p.stem not in ("__init__", "outline", "notebooks"))


def outline_drift(spec: PageSpec, page) -> list[str]:
    """How the outline of ``spec`` differs from ``page``, the page built on its notebook's default
    program, one sentence each (empty: it follows)."""
    where = f"the outline of page {spec.key!r} (workbench.views.outline, PAGE_SPECS)"
    o = spec.outline
    if o is None:
        return [f"{where}: none; give the page's PageSpec an outline"]
    shown, asked = o.sections(), set(o.asked())
    out = [f"{where}: shows {k!r} {n} times" for k, n in sorted(
        {k: shown.count(k) for k in shown}.items()) if n > 1]
    export_only = set(page.exports.values()) - set(shown)
    out += [f"{where}: the page builds the section {k!r} but no outline entry shows it: add "
            f"SectionOutline(({k!r},), heading, paragraph) where it belongs, then run make notebooks"
            for k in page.sections if k not in shown and k not in export_only]
    out += [f"{where}: shows {k!r}, a section the page does not build on its default program: "
            f"remove it or mark its entry ask=True (its cell asks first)"
            for k in shown if k not in page.sections and k not in asked]
    source = _page_sources()
    out += [f"{where}: shows {k!r} when the page builds it, but no page module ever builds a "
            f"section {k!r}" for k in sorted(asked - set(page.sections))
            if not re.search(rf"""["']{k}["']""", source)]
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
    assert notebook_drift(spec, _read(spec)) == []
    assert outline_drift(spec, built[spec.notebook]) == []
    assert built[spec.notebook].name == spec.notebook


def test_notebooks_are_generated():
    """Each committed notebook is, byte for byte, what its page's declaration writes."""
    stale = generator.stale(NOTEBOOK_DIR)
    assert not stale, (f"{[p.name for p in stale]} differ from their pages' declarations "
                       f"(workbench.views.PAGE_SPECS and workbench.views.outline): run make notebooks")


def test_the_notebook_is_the_outline():
    """Every '##' heading, paragraph and section cell of a notebook comes from its outline, in order."""
    for spec in PAGE_SPECS:
        cells = _read(spec)["cells"]
        assert _source(cells[0]) == f"# {spec.title}\n\n{spec.outline.intro}"
        parts = cells[3:]
        expected = []
        for part in spec.outline.parts:
            if part.heading:
                expected.append(("markdown", f"## {part.heading}\n\n{part.intro}"))
            expected.append(("code", part.source()))
        assert [(c["cell_type"], _source(c)) for c in parts] == expected, spec.notebook
        assert len({c["id"] for c in cells}) == len(cells)   # stable, unique ids


def test_notebooks_are_thin_and_without_outputs():
    for spec in PAGE_SPECS:
        for cell in _read(spec)["cells"]:
            if cell["cell_type"] == "code":
                assert cell.get("outputs") == [] and cell.get("execution_count") is None, spec.notebook


def test_conditional_cells_ask_first_and_the_tuning_panel_stays_with_the_analyst():
    kpi = {c["id"]: _source(c) for c in _read(page_spec("kpi"))["cells"]}
    assert kpi["roi"] == 'if "roi" in page.sections:\n    display(page["roi"])'
    assert kpi["meetings"] == 'if "meetings" in page.sections:\n    display(page["meetings"])'
    tagged = [c for c in _read(page_spec("matching"))["cells"] if "analyst-only" in c["metadata"].get("tags", [])]
    assert [c["cell_type"] for c in tagged] == ["markdown", "code"]
    assert _source(tagged[0]).startswith("## Tune the matching") and "TuningPanel(program, program_dir)" in _source(tagged[1])


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


def _without(spec: PageSpec, key: str) -> PageSpec:
    o = spec.outline
    parts = tuple(p for p in o.parts if key not in p.shows)
    return dataclasses.replace(spec, outline=dataclasses.replace(o, parts=parts))


def _with(spec: PageSpec, part: SectionOutline) -> PageSpec:
    o = spec.outline
    return dataclasses.replace(spec, outline=dataclasses.replace(o, parts=o.parts + (part,)))


def test_a_section_missing_from_its_outline_or_unknown_to_its_page_drifts(built):
    spec = page_spec("segments")
    page = built[spec.notebook]
    assert outline_drift(spec, page) == []
    assert outline_drift(_without(spec, "location"), page) == [
        "the outline of page 'segments' (workbench.views.outline, PAGE_SPECS): the page builds the "
        "section 'location' but no outline entry shows it: add SectionOutline(('location',), heading, "
        "paragraph) where it belongs, then run make notebooks"]
    # an entry for a section the page does not build, asked first or not
    extra = _with(spec, SectionOutline(("mentor_load",), "Mentor load", "Mentors by mentees each."))
    assert "shows 'mentor_load', a section the page does not build" in " ".join(outline_drift(extra, page))
    asked = _with(spec, SectionOutline(("mentor_load",), "Mentor load", "Mentors by mentees each.", ask=True))
    assert "no page module ever builds a section 'mentor_load'" in " ".join(outline_drift(asked, page))
    # page 4 without the meetings it builds only when there are check-ins: its entry asks first
    kpi = page_spec("kpi")
    without = dataclasses.replace(built[kpi.notebook], sections={
        k: v for k, v in built[kpi.notebook].sections.items() if k != "meetings"})
    assert outline_drift(kpi, without) == []
    unasked = dataclasses.replace(kpi, outline=dataclasses.replace(kpi.outline, parts=tuple(
        dataclasses.replace(p, ask=False) for p in kpi.outline.parts)))
    assert "shows 'meetings', a section the page does not build" in " ".join(outline_drift(unasked, without))
    # a section shown twice
    twice = _with(spec, SectionOutline(("location",), "Location again", "Again.", name="location-again"))
    assert "shows 'location' 2 times" in " ".join(outline_drift(twice, page))


def test_a_hand_edited_or_stale_notebook_drifts(tmp_path, capsys):
    for spec in PAGE_SPECS:
        shutil.copy(NOTEBOOK_DIR / f"{spec.notebook}.ipynb", tmp_path)
    assert generator.stale(tmp_path) == [] and generator.main(["--check", str(tmp_path)]) == 0
    # a paragraph edited by hand
    path = tmp_path / "02_segmentation.ipynb"
    path.write_text(path.read_text(encoding="utf-8").replace("Where people sit", "Where people work"),
                    encoding="utf-8")
    assert generator.stale(tmp_path) == [path]
    assert generator.main(["--check", str(tmp_path)]) == 1
    err = capsys.readouterr().err
    assert "02_segmentation.ipynb: differs from its page's declaration" in err and "run make notebooks" in err
    # make notebooks writes it back; a second run writes nothing (the same bytes)
    assert generator.write_notebooks(tmp_path) == [path] and generator.write_notebooks(tmp_path) == []
    assert path.read_bytes() == (NOTEBOOK_DIR / path.name).read_bytes()
    # a section added to (or dropped from) an outline without regenerating
    spec = page_spec("segments")
    for changed in (_without(spec, "location"),
                    _with(spec, SectionOutline(("location",), "Location again", "Again.", name="again"))):
        assert generator.notebook_text(changed) != (NOTEBOOK_DIR / f"{spec.notebook}.ipynb").read_text(encoding="utf-8")
    assert generator.notebook_text(spec) == (NOTEBOOK_DIR / f"{spec.notebook}.ipynb").read_text(encoding="utf-8")
    # two cells of one id: a message, not nbformat's random replacement id
    with pytest.raises(ValueError, match="name='...'"):
        generator.notebook(_with(spec, SectionOutline(("location",), "Location again", "Again.")))


def test_the_generated_notebook_has_no_outputs_and_no_machine_paths():
    for spec in PAGE_SPECS:
        text = generator.notebook_text(spec)
        nb = json.loads(text)
        assert [c for c in nb["cells"] if "parameters" in c["metadata"].get("tags", [])][0]["id"] == "parameters"
        assert not re.search(r"/(work|tmp|root|home)/\w", text)
        assert all(c["outputs"] == [] and c["execution_count"] is None for c in nb["cells"] if c["cell_type"] == "code")
        assert generator.notebook_text(spec) == text


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


# --------------------------------------------------------------------------- the generator, any outline
_keys = st.lists(st.from_regex(r"[a-z][a-z_]{0,15}", fullmatch=True), min_size=1, max_size=8, unique=True)
_text = st.text(st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=80).map(str.strip).filter(bool)


@settings(max_examples=40, deadline=None)
@given(keys=_keys, data=st.data())
def test_any_outline_gives_a_valid_notebook_of_its_words_written_the_same_twice(keys, data):
    """Whatever the headings and paragraphs, the notebook holds them verbatim, in order, under
    valid unique ids, and writing it twice gives the same bytes."""
    parts = tuple(SectionOutline((k,), data.draw(_text), data.draw(_text), ask=data.draw(st.booleans()))
                  for k in keys)
    spec = page_spec("segments")
    spec = dataclasses.replace(spec, outline=dataclasses.replace(spec.outline, parts=parts))
    text = generator.notebook_text(spec)
    assert text == generator.notebook_text(spec)
    nb = nbformat.reads(text, as_version=4)
    nbformat.validate(nb)
    cells = nb.cells[3:]
    assert [c.source for c in cells if c.cell_type == "markdown"] == [p.markdown() for p in parts]
    assert [c.id for c in cells] == [i for k in keys for i in (f"{k}-md", k)]
    shown = set(re.findall(r"""page\["(\w+)"\]""", "\n".join(c.source for c in cells if c.cell_type == "code")))
    assert shown == set(keys)
