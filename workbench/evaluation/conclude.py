"""One conclusion per outcome, from the intervals of the two adjusted estimators.

* ``clear benefit`` / ``clear harm``: **both** the regression and the weighting interval exclude 1
  on the same side (benefit: the side the outcome's direction calls good, e.g. fewer exits);
* ``no clear difference``: at least one of the intervals includes 1;
* ``cannot conclude``: an estimator could not give an interval, or they point in opposite
  directions; the reason says which.

Example
-------
>>> from workbench.evaluation.estimators import Estimate
>>> a = Estimate("regression", "odds_ratio", estimate=0.6, ci=(0.4, 0.9))
>>> b = Estimate("weighting", "odds_ratio", estimate=0.7, ci=(0.5, 0.95))
>>> conclude([a, b], good=-1)
('clear benefit', '')
>>> conclude([a, Estimate("weighting", "odds_ratio", estimate=0.8, ci=(0.6, 1.1))], good=-1)
('no clear difference', '')
"""
from __future__ import annotations

from typing import Sequence

CONCLUSIONS = ("clear benefit", "clear harm", "no clear difference", "cannot conclude")


def conclude(estimates: Sequence, good: int) -> tuple[str, str]:
    """(conclusion, reason) from the adjusted estimates; ``good`` is -1 when a ratio below 1 is
    good for the participants (leaving), +1 when above 1 is (promotion)."""
    for e in estimates:
        if not e.ok:
            return "cannot conclude", f"{e.estimator}: {e.reason}"
    sides = {e.side for e in estimates}
    if sides == {1, -1} or sides == {1, -1, 0}:
        return "cannot conclude", "the two estimators point in opposite directions"
    if len(sides) == 1 and 0 not in sides:
        return ("clear benefit" if sides.pop() == good else "clear harm"), ""
    return "no clear difference", ""
