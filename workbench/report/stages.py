"""The report's stages: the client pages of :data:`workbench.views.PAGE_SPECS`, in order.

A stage is a page's :class:`workbench.views.PageSpec` (notebook, page title, client exports,
headline keys), declared once, there. Every place that lists the notebooks or names a page (the
report run, the executive summary's links, the HTML pages' and the PDF's titles) reads
:data:`STAGES`. After each notebook of a
report run, :func:`check_stage` compares what the notebook wrote with what its stage declares and
the program fails with a message naming the stage, the notebook and what is missing, instead of
publishing a bundle whose summary silently lacks a figure.

* ``exports``: client exports (``exports/<name>.csv``) the notebook must always write;
* ``optional_exports``: those it writes only when the program has the data (an evidence plan,
  career tracks, weight suggestions);
* ``headlines``/``optional_headlines``: the same for the keys it records in ``headlines.json``.

A client export no stage declares also fails the run: a new export is declared in its page's
entry first, so the summary, the portfolio and the docs can rely on the list.

Example
-------
>>> [s.notebook for s in STAGES]
['01_goal_setting', '02_segmentation', '03_match_optimization', '04_kpi_review']
>>> stage("03_match_optimization").title, stage("03_match_optimization").page
('The matching', '03_match_optimization.html')
>>> check_stage(stage("03_match_optimization"), exports={"match_coverage"},
...             headlines={"Mean pair score"}, declared_exports=DECLARED_EXPORTS)
["stage 'The matching' (03_match_optimization) did not record the headline 'Mentees matched'"]
"""
from __future__ import annotations

import os
from pathlib import Path
from typing import Iterable, Optional

from ..views import PAGE_SPECS, PageSpec, page_spec


# the report's stages are the client pages, in order: one entry each in workbench.views.PAGE_SPECS
STAGES: tuple[PageSpec, ...] = PAGE_SPECS

# the headlines the report adds itself (workbench.views.client_headlines), on every index
REPORT_HEADLINES = ("Client", "Program", "Format", "Participants")

NOTEBOOKS: tuple[str, ...] = tuple(s.notebook for s in STAGES)
TITLES: dict[str, str] = {s.notebook: s.title for s in STAGES}
STAGE_PAGES: dict[str, str] = {s.key: s.page for s in STAGES}
DECLARED_EXPORTS: frozenset[str] = frozenset(e for s in STAGES for e in s.all_exports)

# the bundled notebooks: the ones the stages declare (their exports and headlines are checked)
BUNDLED_NOTEBOOKS = Path(__file__).resolve().parent.parent.parent / "notebooks"
# WORKBENCH_NOTEBOOK_DIR lets an analyst try draft notebooks without touching the command line
NOTEBOOK_DIR = Path(os.environ.get("WORKBENCH_NOTEBOOK_DIR") or BUNDLED_NOTEBOOKS)


def declared_for(name: str, notebook_dir) -> Optional[PageSpec]:
    """The stage whose outputs a run of ``name`` from ``notebook_dir`` must produce: only the bundled
    notebooks are bound by the declarations (a draft folder's notebooks are run, never checked).

    >>> declared_for("01_goal_setting", BUNDLED_NOTEBOOKS).key, declared_for("01_goal_setting", "/tmp")
    ('goals', None)
    """
    if Path(notebook_dir).resolve() != BUNDLED_NOTEBOOKS:
        return None
    return stage(name)


def stage(name: str) -> Optional[PageSpec]:
    """The stage of a notebook stem or a stage key; ``None`` for a notebook no stage declares
    (a draft or a test notebook: run, never checked)."""
    return page_spec(name)


def title(notebook: str) -> str:
    s = stage(notebook)
    return s.title if s else notebook


def check_stage(s: PageSpec, *, exports: Iterable[str], headlines: Iterable[str],
                declared_exports: Iterable[str] = DECLARED_EXPORTS) -> list[str]:
    """What the notebook of stage ``s`` failed to write, one sentence each (empty: all there).

    ``exports``: the client export names in the bundle so far; ``headlines``: the keys of
    ``headlines.json`` so far; ``declared_exports``: every export some stage declares.
    """
    exports, headlines, declared = set(exports), set(headlines), set(declared_exports)
    where = f"stage {s.title!r} ({s.notebook})"
    out = [f"{where} did not write the client export {e!r} (exports/{e}.csv)"
           for e in s.exports if e not in exports]
    out += [f"{where} did not record the headline {h!r}" for h in s.headlines if h not in headlines]
    out += [f"{where}: the client export {e!r} is declared by no stage "
            f"(add it to its page's entry in workbench.views.PAGE_SPECS)" for e in sorted(exports - declared)]
    return out


def bundle_exports(folder: Path) -> set[str]:
    """The client export names in a bundle (or a run's working folder)."""
    folder = Path(folder) / "exports"
    return {p.stem for p in folder.glob("*.csv")} if folder.is_dir() else set()


def bundle_headlines(folder: Path) -> set[str]:
    import json
    path = Path(folder) / "headlines.json"
    if not path.exists():
        return set()
    try:
        return set(json.loads(path.read_text(encoding="utf-8")))
    except ValueError:
        return set()
