"""Readiness essentials for taking a program to the next level (issue 18 item 1).

One registry entry per essential: its ``charter.essentials`` key, the label a client reads and
one sentence on why it matters (from the field's practice: a dedicated program manager, a senior
champion, training, guidelines, communication protocols, a launch event, clear metrics,
participation as an honour). ``docs/program.md`` lists the same keys; a test checks they agree.

A consultant records each as ``yes``, ``partly``, ``no`` or ``unknown`` with a note::

    charter:
      essentials:
        program_manager: {status: yes, note: "Onboarding lead, 0.5 FTE"}
        training: partly          # the short form: just the status

:func:`checklist` turns them into the page's table (missing ones listed as ``unknown``), in
registry order, what is missing first.

Example
-------
>>> [e.key for e in ESSENTIALS][:3]
['program_manager', 'senior_champion', 'training']
>>> checklist_sentence({"program_manager": "yes", "training": "no"})
'1 of 8 essentials in place, 1 partly or missing and 6 not yet known.'
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Mapping

import pandas as pd

ESSENTIAL_STATUSES = ("yes", "partly", "no", "unknown")


@dataclass(frozen=True)
class Essential:
    key: str          # the key under charter.essentials
    label: str        # what the client reads
    why: str          # one sentence: why it matters


ESSENTIALS: tuple[Essential, ...] = (
    Essential("program_manager", "A dedicated program manager and staff to support the pairs",
              "Someone who owns matching, training and follow-up keeps pairs meeting; without one, "
              "stalled pairs go unnoticed."),
    Essential("senior_champion", "A senior champion and C-suite endorsement",
              "A respected executive backing the program keeps it a priority, secures resources "
              "and makes joining credible."),
    Essential("training", "Training for mentors, mentees and program managers",
              "Pairs that know what to expect and how to run the relationship start faster and "
              "stall less."),
    Essential("guidelines", "Guidelines on roles, confidentiality and conflict resolution",
              "A clear framework tells everyone their role and what to do when a pair does not work."),
    Essential("communication", "Communication protocols (channels, response times, cadence)",
              "Agreed ways and rhythms of contact keep meetings happening at the planned cadence."),
    Essential("launch_event", "A launch event with a skills workshop",
              "A visible start builds momentum and gives every pair the same footing."),
    Essential("clear_metrics", "Clear, measurable goals with baselines and targets",
              "Without a baseline and a target nobody can say whether the next level worked."),
    Essential("participation_honour", "Participation seen as an honour",
              "When being chosen to mentor or be mentored is recognised, the best people sign up."),
)
BY_KEY = {e.key: e for e in ESSENTIALS}
_ORDER = {"no": 0, "partly": 1, "unknown": 2, "yes": 3}


def _status(value) -> tuple[str, str]:
    if isinstance(value, Mapping):
        return str(value.get("status", "unknown")), str(value.get("note", "") or "")
    if hasattr(value, "status"):
        return str(value.status), str(getattr(value, "note", "") or "")
    return str(value), ""


def checklist(essentials: Mapping[str, object]) -> pd.DataFrame:
    """One row per registry essential: ``essential``, ``status``, ``note``, ``why it matters``;
    missing first (no, partly, unknown, then yes), registry order within a status."""
    rows = []
    for i, e in enumerate(ESSENTIALS):
        status, note = _status(essentials.get(e.key, "unknown"))
        rows.append({"essential": e.label, "status": status, "note": note,
                     "why it matters": e.why if status != "yes" else "", "_order": (_ORDER[status], i)})
    out = pd.DataFrame(rows).sort_values("_order", kind="stable").drop(columns="_order")
    return out.reset_index(drop=True)


def checklist_sentence(essentials: Mapping[str, object]) -> str:
    """How many essentials are in place, partly or missing, and not yet known."""
    statuses = [_status(essentials.get(e.key, "unknown"))[0] for e in ESSENTIALS]
    yes = statuses.count("yes")
    gap = statuses.count("partly") + statuses.count("no")
    unknown = statuses.count("unknown")
    parts = [f"{yes} of {len(ESSENTIALS)} essentials in place"]
    parts += [f"{gap} partly or missing"] if gap else []
    parts += [f"{unknown} not yet known"] if unknown else []
    return (", ".join(parts[:-1]) + " and " + parts[-1] if len(parts) > 1 else parts[0]) + "."
