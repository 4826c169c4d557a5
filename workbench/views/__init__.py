"""Views per stage: what each client page shows, already protected by :mod:`workbench.disclosure`.

``PAGES`` maps a notebook to the function building its :class:`Page`; the attacker test
(``tests/test_attacker.py``) audits every registered page together, so a new page joins the audit
by registering here and keeping every figure it prints in its sections (tables as
:class:`workbench.disclosure.ProtectedTable`, numbers in sentences and headlines as ``Figure``).
"""
from __future__ import annotations

from .base import Page, Section
from .stage1 import goal_setting, VIEW, demand_table, participants
from .stage2 import segmentation
from .stage3 import match_optimization
from .stage4 import kpi_review
from ..scoring.formats import FORMATS

PAGES = {"01_goal_setting": goal_setting, "02_segmentation": segmentation,
         "03_match_optimization": match_optimization, "04_kpi_review": kpi_review}


def client_headlines(program) -> dict:
    """The headlines every report index starts with (participants protected like any figure)."""
    c = program.config
    entry = FORMATS.get(str(getattr(c.format, "value", c.format)))
    return {"Client": c.client, "Program": c.program,
            "Format": entry.label if entry is not None else c.format.replace("_", "-"),
            "Participants": participants(program, demand_table(program, VIEW))[0]}


__all__ = ["PAGES", "Page", "Section", "client_headlines", "goal_setting",
           "match_optimization", "segmentation"]
