"""The stage notebooks, written from their pages' declarations: ``make notebooks``.

Each entry of :data:`workbench.views.PAGE_SPECS` gives its notebook ``notebooks/<notebook>.ipynb``:
the ``#`` title and the paragraph under it, the ``parameters`` cell papermill fills in, the cell
that builds the page with the entry's builder and publishes it, then one markdown cell (the
``##`` heading and its paragraph) and one code cell (the sections shown) per part of the entry's
:class:`workbench.views.outline.PageOutline`. No outputs, no machine paths, cell ids from the
section keys: writing twice gives the same bytes, and ``tests/test_page_specs.py`` fails when a
committed notebook is not what this module writes.

    python -m workbench.views.notebooks            # write notebooks/ (only the files that change)
    python -m workbench.views.notebooks --check    # exit 1 naming each notebook that differs

Example
-------
>>> from workbench.views import page_spec
>>> nb = notebook(page_spec("segments"))
>>> [c.id for c in nb.cells][:5]
['title', 'parameters', 'page', 'career_stage-md', 'career_stage']
>>> nb.cells[4].source
'display(page["career_stage"])\\ndisplay(page["tenure_band"])'
"""
from __future__ import annotations

import argparse
import copy
import sys
from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from . import PAGE_SPECS, PageSpec
from ..report.stages import BUNDLED_NOTEBOOKS

DEFAULT_PROGRAM = "onboarding-pilot"   # the program a notebook runs on by itself (data/programs/)

PARAMETERS = f"""\
# Parameters (papermill injects the real ones)
program_dir = "../data/programs/{DEFAULT_PROGRAM}"
output_dir = None  # where exports and headline figures go; None: nowhere"""

METADATA = {"kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
            "language_info": {"name": "python"}}


def _build_lines(spec: PageSpec) -> tuple[list[str], str]:
    """The imports that reach the entry's builder, and the call building the page."""
    builder = spec.builder   # one workbench.views exports is called through it
    if getattr(sys.modules[__package__], builder.__name__, None) is builder:
        return ["from workbench import views"], f"views.{builder.__name__}(program)"
    return [f"from {builder.__module__} import {builder.__name__}"], f"{builder.__name__}(program)"


def setup_source(spec: PageSpec) -> str:
    """The cell that loads the program, builds and publishes the page, and shows its lead sections."""
    o = spec.outline
    imports, call = _build_lines(spec)
    build = f"page = {call}"
    publish = "page.publish(output_dir)"
    width = max(len(build), len(publish)) + 2
    lines = ["from IPython.display import display", *imports, "from workbench.io import load_program",
             *o.imports, "",
             "program = load_program(program_dir)",
             build.ljust(width) + "# every figure already protected",
             publish.ljust(width) + "# client exports and headline figures",
             *o.setup]
    lines += [f'display(page["{k}"])' for k in o.lead]
    return "\n".join(lines)


def notebook(spec: PageSpec) -> nbformat.NotebookNode:
    """The notebook of page ``spec``, from its entry and outline."""
    o = spec.outline
    if o is None:
        raise ValueError(f"the page {spec.key!r} has no outline (workbench.views.outline); "
                         f"give its PageSpec one to generate notebooks/{spec.notebook}.ipynb")
    cells = [new_markdown_cell(f"# {spec.title}\n\n{o.intro}", id="title"),
             new_code_cell(PARAMETERS, id="parameters", metadata={"tags": ["parameters"]}),
             new_code_cell(setup_source(spec), id="page")]
    for part in o.parts:
        if part.cell_id in {c.id for c in cells}:
            raise ValueError(f"two parts of the outline of page {spec.key!r} have the cell id "
                             f"{part.cell_id!r}: give one a name='...' of its own")
        meta = {"tags": list(part.tags)} if part.tags else {}
        if part.heading:
            cells.append(new_markdown_cell(part.markdown(), id=f"{part.cell_id}-md",
                                           metadata=copy.deepcopy(meta)))
        cells.append(new_code_cell(part.source(), id=part.cell_id, metadata=copy.deepcopy(meta)))
    return new_notebook(cells=cells, metadata=copy.deepcopy(METADATA))


def notebook_text(spec: PageSpec) -> str:
    """The notebook's file, as committed (nbformat's JSON, one newline at the end)."""
    text = nbformat.writes(notebook(spec))
    return text if text.endswith("\n") else text + "\n"


def stale(folder: Path = BUNDLED_NOTEBOOKS) -> list[Path]:
    """The notebooks in ``folder`` that differ from what their declarations write (or are missing)."""
    out = []
    for spec in PAGE_SPECS:
        path = Path(folder) / f"{spec.notebook}.ipynb"
        if not path.exists() or path.read_text(encoding="utf-8") != notebook_text(spec):
            out.append(path)
    return out


def write_notebooks(folder: Path = BUNDLED_NOTEBOOKS) -> list[Path]:
    """Write every page's notebook into ``folder``; the paths written (those that changed)."""
    written = []
    for path in stale(folder):
        spec = next(s for s in PAGE_SPECS if s.notebook == path.stem)
        path.write_text(notebook_text(spec), encoding="utf-8")
        written.append(path)
    return written


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m workbench.views.notebooks",
                                     description="Write the stage notebooks from workbench.views.PAGE_SPECS.")
    parser.add_argument("folder", nargs="?", default=str(BUNDLED_NOTEBOOKS), help="default: notebooks/")
    parser.add_argument("--check", action="store_true",
                        help="write nothing; exit 1 if a notebook differs from its declaration")
    args = parser.parse_args(argv)
    if args.check:
        old = stale(Path(args.folder))
        for path in old:
            print(f"{path}: differs from its page's declaration (workbench.views.outline); "
                  f"run make notebooks", file=sys.stderr)
        return 1 if old else 0
    for path in write_notebooks(Path(args.folder)):
        print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
