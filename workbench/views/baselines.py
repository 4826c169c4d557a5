"""Each KPI's baseline as every page shows it: one decision, the same on pages 1 and 4.

A baseline given in the charter is the client's own number and is shown as given. A baseline
*measured* on the comparison group (retention, promotion: the comparable non-participants
followed ``horizon`` months, see :mod:`workbench.metrics`) is a figure of those people: it gives
back how many of them had the outcome by the horizon. It is hidden, with everything derived from
it (its interval in the note, the "target on the wrong side" hint, the scorecard status that
compares with it, the evidence plan's detectable difference and participants needed), when

* fewer than ``k`` of the comparable non-participants had the outcome by the horizon, or fewer
  than ``k`` did not, or
* page 4's comparison hides the same group's rate (fewer than ``k`` had the outcome at all, or
  fewer than ``k`` did not): the same group is hidden on every page.

Each baseline carries its :class:`~workbench.disclosure.Figure` objects for the audit
(``tests/test_attacker.py``): the group's size ``("people", "comparison group of <population>",
"others")`` (the key page 4 uses) and the people with the outcome by the horizon
``("had <outcome> by <h> months", ...)``, published as an exact count when the baseline is shown
(the audit assumes the worst: a reader who inverts the estimate).

Example
-------
>>> hidden_note(5)
'hidden: fewer than 5 comparable non-participants had the outcome by the horizon, or fewer than 5 did not'
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

import pandas as pd

from ..disclosure import Figure, outcome_hidden
from ..metrics import DAYS_PER_MONTH, METRICS
from ..goals import hr_baseline
from ..evaluation.design import comparison_group

DURATION = {"left": "days_observed", "promoted": "days_to_promotion"}


@dataclass(frozen=True)
class Baseline:
    """One KPI's baseline: ``value`` (given or measured, ``None`` when there is none), where it
    comes from (``source``: ``"charter"``, ``"measured"`` or ``"none"``), the note a page prints
    beside it, whether it is ``hidden``, and the figures it publishes."""
    kpi: str
    value: Optional[float]
    source: str
    note: str
    hidden: bool = False
    figures: tuple = ()

    @property
    def shown(self) -> Optional[float]:
        """The value a page may print (``None`` when there is none or it is hidden)."""
        return None if self.hidden else self.value

    @property
    def measured(self) -> bool:
        return self.source == "measured"


def hidden_note(k: int) -> str:
    return (f"hidden: fewer than {k} comparable non-participants had the outcome by the horizon, "
            f"or fewer than {k} did not")


def _population(kpi) -> str:
    return str(getattr(kpi.population, "value", kpi.population))


def baseline(program, kpi, on: bool = True) -> Baseline:
    """The baseline of ``kpi`` as the pages show it (``on``: protection active)."""
    if kpi.baseline is not None:
        return Baseline(kpi.name, float(kpi.baseline), "charter", "given in the charter")
    value, note = hr_baseline(program, kpi)
    if value is None:
        return Baseline(kpi.name, None, "none", note)
    spec = METRICS[kpi.metric]
    pop = _population(kpi)
    k = program.config.min_group_size
    control = comparison_group(program, pop, seed=program.config.evaluation.seed).control
    n = len(control)
    event = control[spec.outcome].fillna(0).astype(int) == 1
    duration = pd.to_numeric(control[DURATION[spec.outcome]], errors="coerce")
    by_h = int((event & (duration <= kpi.horizon_months * DAYS_PER_MONTH)).sum())
    ever = int(event.sum())
    hidden = on and (outcome_hidden(n, by_h, k) or outcome_hidden(n, ever, k))
    dim = f"comparison group of {pop}"
    where = f"baseline [{kpi.name}]"
    figures = (
        Figure(((("people", dim, "others"), 1.0),), None if on and 0 < n < k else float(n),
               float(n), f"{where} comparable non-participants", people=True),
        Figure((((f"had {spec.outcome} by {kpi.horizon_months} months", dim, "others"), 1.0),),
               None if hidden else float(by_h), float(by_h), where, people=False),
    )
    if hidden:
        return Baseline(kpi.name, value, "measured", hidden_note(k), True, figures)
    return Baseline(kpi.name, value, "measured", note, False, figures)


def baselines(program, on: bool = True) -> dict:
    """KPI name -> :class:`Baseline`, every KPI of the charter."""
    return {kpi.name: baseline(program, kpi, on) for kpi in program.config.kpis}


HINT = "the target is on the wrong side of the measured baseline"


def without_baseline_hints(text: str) -> str:
    """A KPI's hints without the one that compares the target with a hidden baseline."""
    parts = [p for p in str(text).split("; ") if not p.startswith(HINT)]
    return "; ".join(parts) if parts else "yes"


__all__ = ["Baseline", "baseline", "baselines", "hidden_note", "without_baseline_hints"]
