"""The report's stages, declared once: notebook, page title, client exports, headline keys.

Every place that lists the notebooks or names a page (the report run, the executive summary's
links, the PDF's sections, the portfolio's columns) reads :data:`STAGES`. After each notebook of a
report run, :func:`check_stage` compares what the notebook wrote with what its stage declares and
the program fails with a message naming the stage, the notebook and what is missing, instead of
publishing a bundle whose summary silently lacks a figure.

* ``exports``: client exports (``exports/<name>.csv``) the notebook must always write;
* ``optional_exports``: those it writes only when the program has the data (an evidence plan,
  career tracks, weight suggestions);
* ``headlines``/``optional_headlines``: the same for the keys it records in ``headlines.json``.

A client export no stage declares also fails the run: a new export is declared here first, so
the summary, the portfolio and the docs can rely on the list.

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
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Optional


@dataclass(frozen=True)
class Stage:
    key: str                                  # short name: links in the summary use it
    notebook: str                             # file stem in the notebook folder
    title: str                                # the page's title (HTML page, PDF section, links)
    exports: tuple[str, ...] = ()             # client exports it must write
    optional_exports: tuple[str, ...] = ()    # client exports it writes when there is data
    headlines: tuple[str, ...] = ()           # headline keys it must record
    optional_headlines: tuple[str, ...] = ()  # headline keys it records when there is data

    @property
    def page(self) -> str:
        """The stage's HTML page in the bundle."""
        return f"{self.notebook}.html"

    @property
    def all_exports(self) -> tuple[str, ...]:
        return self.exports + self.optional_exports

    @property
    def all_headlines(self) -> tuple[str, ...]:
        return self.headlines + self.optional_headlines


STAGES: tuple[Stage, ...] = (
    Stage("goals", "01_goal_setting", "Goals, KPIs and readiness",
          exports=("kpis",), optional_exports=("evidence_plan",),
          headlines=("Mentees / mentor seats", "Recommended format", "Participants")),
    Stage("segments", "02_segmentation", "Who the mentees and mentors are",
          optional_exports=("tracks",),
          headlines=("Needs short of mentor seats",)),
    Stage("matching", "03_match_optimization", "The matching",
          exports=("match_coverage",), optional_exports=("unmatched_reasons", "frontier"),
          headlines=("Mentees matched", "Mean pair score")),
    Stage("kpi", "04_kpi_review", "Did the program work?",
          exports=("outcomes", "kpi_scorecard"), optional_exports=("weight_suggestions", "roi"),
          headlines=("KPIs met or on track",),
          optional_headlines=("Pairs on track", "Pairs at risk", "Return of the program")),
)

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


def declared_for(name: str, notebook_dir) -> Optional[Stage]:
    """The stage whose outputs a run of ``name`` from ``notebook_dir`` must produce: only the bundled
    notebooks are bound by the declarations (a draft folder's notebooks are run, never checked).

    >>> declared_for("01_goal_setting", BUNDLED_NOTEBOOKS).key, declared_for("01_goal_setting", "/tmp")
    ('goals', None)
    """
    if Path(notebook_dir).resolve() != BUNDLED_NOTEBOOKS:
        return None
    return stage(name)


def stage(name: str) -> Optional[Stage]:
    """The stage of a notebook stem or a stage key; ``None`` for a notebook no stage declares
    (a draft or a test notebook: run, never checked)."""
    for s in STAGES:
        if name in (s.notebook, s.key):
            return s
    return None


def title(notebook: str) -> str:
    s = stage(notebook)
    return s.title if s else notebook


def check_stage(s: Stage, *, exports: Iterable[str], headlines: Iterable[str],
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
            f"(add it to workbench.report.stages.STAGES)" for e in sorted(exports - declared)]
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
