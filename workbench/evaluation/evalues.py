"""E-values (VanderWeele & Ding, 2017): how strong an unmeasured confounder would have to be.

The E-value of a risk ratio RR > 1 is ``RR + sqrt(RR × (RR − 1))`` (for RR < 1 take 1/RR first):
the minimum strength of association, on the risk-ratio scale, that an unmeasured confounder
would need with both joining and the outcome to explain the estimate away. Odds and hazard
ratios are first turned into approximate risk ratios: unchanged when the outcome is rare (under
:data:`RARE` overall), else ``sqrt(OR)`` for an odds ratio and
``(1 − 0.5^sqrt(HR)) / (1 − 0.5^sqrt(1/HR))`` for a hazard ratio (VanderWeele 2017, Table 2).
The E-value of the interval is that of the limit nearest 1 (1 when the interval includes 1).

Example
-------
>>> round(e_value(3.9, (1.8, 8.7), "risk_ratio")[0], 2)   # VanderWeele & Ding's example
7.26
>>> round(e_value(3.9, (1.8, 8.7), "risk_ratio")[1], 2)
3.0
>>> e_value(0.9, (0.7, 1.2), "odds_ratio")[1]
1.0
"""
from __future__ import annotations

import math
from typing import Optional

RARE = 0.15


def _as_risk_ratio(x: float, measure: str, rare: bool) -> float:
    if measure == "odds_ratio" and not rare:
        return math.sqrt(x)
    if measure == "hazard_ratio" and not rare:
        return (1 - 0.5 ** math.sqrt(x)) / (1 - 0.5 ** math.sqrt(1 / x))
    return x


def _e(rr: float) -> float:
    rr = 1 / rr if rr < 1 else rr
    return rr + math.sqrt(rr * (rr - 1))


def e_value(estimate: Optional[float], ci: Optional[tuple[float, float]], measure: str,
            rare: bool = True) -> tuple[Optional[float], Optional[float]]:
    """(E-value of the estimate, E-value of the interval limit nearest 1); ``None`` without an
    estimate. ``measure``: ``odds_ratio``, ``hazard_ratio`` or ``risk_ratio``; ``rare``: the
    outcome occurs in under 15 % of people."""
    if estimate is None or ci is None or not estimate > 0:
        return None, None
    point = _e(_as_risk_ratio(estimate, measure, rare))
    lo, hi = ci
    if lo <= 1 <= hi:
        return point, 1.0
    limit = lo if estimate > 1 else hi
    return point, _e(_as_risk_ratio(limit, measure, rare))
