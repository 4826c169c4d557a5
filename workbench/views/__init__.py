"""Views per stage: what each client page shows, already protected by :mod:`workbench.disclosure`.

A client page is declared once, as one :class:`PageSpec` in :data:`PAGE_SPECS`: its stage key, its
notebook, its title, the function building its :class:`Page` and what its notebook must publish.
Everything else is derived from that entry:

* :data:`PAGES` (notebook -> page builder): the attacker test (``tests/test_attacker.py``) audits
  every registered page together, so a new page joins the audit by having its entry here and
  keeping every figure it prints in its sections (tables as
  :class:`workbench.disclosure.ProtectedTable`, numbers in sentences and headlines as ``Figure``);
* the report's stages (:data:`workbench.report.stages.STAGES` *is* :data:`PAGE_SPECS`): which
  notebooks a report runs and in what order, the title of each HTML page, PDF section and summary
  link, the exports and headline keys checked after each notebook;
* the notebook ``notebooks/<notebook>.ipynb``, generated from the entry and its ``outline``
  (:mod:`workbench.views.outline`: the paragraph under the title, each ``##`` heading, its
  paragraph and the sections its cell shows) by ``make notebooks``
  (:mod:`workbench.views.notebooks`): its one ``#`` heading is the title, it builds the page with
  the entry's builder and displays every section the page shows (``tests/test_page_specs.py``
  fails when a notebook differs from what the declaration generates, or the outline from what
  the page builds).

Example
-------
>>> [(s.key, s.notebook) for s in PAGE_SPECS][:2]
[('goals', '01_goal_setting'), ('segments', '02_segmentation')]
>>> page_spec("matching").title, page_spec("03_match_optimization").builder is PAGES["03_match_optimization"]
('The matching', True)
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Optional

from . import outline, stage1, stage2, stage3, stage4
from .base import Page, Section
from .outline import PageOutline
from .stage1 import goal_setting, demand_table, participants
from .stage2 import segmentation
from .stage3 import match_optimization
from .stage4 import kpi_review
from ..scoring.formats import FORMATS


@dataclass(frozen=True)
class PageSpec:
    """One client page: the one declaration its views, report stage and notebook come from."""
    key: str                                  # short name: the summary's links use it
    notebook: str                             # notebooks/<notebook>.ipynb, the page's name (its VIEW)
    title: str                                # notebook heading, HTML page title, PDF section, links
    builder: Callable[..., Page]              # program -> the page, every figure protected
    exports: tuple[str, ...] = ()             # client exports its notebook must write
    optional_exports: tuple[str, ...] = ()    # client exports it writes when there is data
    headlines: tuple[str, ...] = ()           # headline keys it must record
    optional_headlines: tuple[str, ...] = ()  # headline keys it records when there is data
    outline: Optional[PageOutline] = None     # its notebook's story: intro, '##' headings, sections shown

    @property
    def page(self) -> str:
        """The page's HTML file in the report bundle."""
        return f"{self.notebook}.html"

    @property
    def all_exports(self) -> tuple[str, ...]:
        return self.exports + self.optional_exports

    @property
    def all_headlines(self) -> tuple[str, ...]:
        return self.headlines + self.optional_headlines


# the client pages, in report order
PAGE_SPECS: tuple[PageSpec, ...] = (
    PageSpec("goals", stage1.VIEW, "Goals, KPIs and readiness", goal_setting,
             exports=("kpis",), optional_exports=("evidence_plan",),
             headlines=("Mentees / mentor seats", "Recommended format", "Participants"),
             outline=outline.GOAL_SETTING),
    PageSpec("segments", stage2.VIEW, "Who the mentees and mentors are", segmentation,
             optional_exports=("tracks",),
             headlines=("Needs short of mentor seats",), outline=outline.SEGMENTATION),
    PageSpec("matching", stage3.VIEW, "The matching", match_optimization,
             exports=("match_coverage",), optional_exports=("unmatched_reasons", "frontier"),
             headlines=("Mentees matched", "Mean pair score"), outline=outline.MATCH_OPTIMIZATION),
    PageSpec("kpi", stage4.VIEW, "Did the program work?", kpi_review,
             exports=("outcomes", "kpi_scorecard"), optional_exports=("weight_suggestions", "roi"),
             headlines=("KPIs met or on track",),
             optional_headlines=("Pairs on track", "Pairs at risk", "Return of the program"),
             outline=outline.KPI_REVIEW),
)

# notebook -> page builder (a test may add to it for a while; the report audit reads it)
PAGES: dict[str, Callable[..., Page]] = {s.notebook: s.builder for s in PAGE_SPECS}


def page_spec(name: str) -> Optional[PageSpec]:
    """The entry of a notebook stem or a stage key; ``None`` for a notebook no page declares."""
    for s in PAGE_SPECS:
        if name in (s.notebook, s.key):
            return s
    return None


def client_headlines(program) -> dict:
    """The headlines every report index starts with (participants protected like any figure)."""
    c = program.config
    entry = FORMATS.get(str(getattr(c.format, "value", c.format)))
    return {"Client": c.client, "Program": c.program,
            "Format": entry.label if entry is not None else c.format.replace("_", "-"),
            "Participants": participants(program, demand_table(program, stage1.VIEW))[0]}


__all__ = ["PAGES", "PAGE_SPECS", "Page", "PageSpec", "Section", "client_headlines", "goal_setting",
           "kpi_review", "match_optimization", "page_spec", "segmentation"]
