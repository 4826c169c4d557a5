"""Stage 1, the evidence plan: can this program ever show the effect its charter expects?

For every KPI compared with non-participants, from its baseline share and the group sizes:

* the **minimum detectable difference** (MDD): the smallest gain a two-sided 5 % test of two
  shares finds with 80 % power, at the current size and at each planned wave. Large groups use
  statsmodels' :class:`~statsmodels.stats.power.NormalIndPower` on Cohen's h
  (``h = 2 asin sqrt(p1) - 2 asin sqrt(p0)``), turned back into points of the share. Small
  groups, where that approximation promises more than the test delivers (25 participants against
  1,300 colleagues at a baseline of 0.80: 80 % promised, 68 % simulated), use the exact power of
  the pooled z-test (``proportions_ztest``) summed over both binomial outcomes;
* the **participants needed** to detect the charter's expected difference (target minus
  baseline) with as many comparable colleagues;
* the **design** to recommend: a randomised waitlist when the program is oversubscribed (more
  mentees than mentor seats: who starts now and who starts next round is drawn by lot), else a
  staggered roll-out with randomised start dates, or the planned comparison when the program is
  already large enough; each with what it would let the client conclude.

The design comes first: an MDD says what a comparison *could* show, before any data is in.
``benchmarks/bench_evidence.py`` checks by simulation that a test at the MDD has 80 % power and
5 % false positives.

Example
-------
>>> round(minimum_detectable_difference(0.50, 25, 25), 2)     # a 25-pair pilot: 35 points
0.35
>>> minimum_detectable_difference(0.80, 25, 25) is None        # from 0.80, not even 100 % shows
True
>>> participants_needed(0.80, 0.05)                             # a 5-point gain: 903 per group
903
"""
from __future__ import annotations

import math
from dataclasses import asdict, dataclass
from typing import Optional, Sequence

import pandas as pd

from .metrics import METRICS
from . import next_level, goals
from .evaluation.design import comparison_group
from .results import Shown

ALPHA = 0.05
POWER = 0.80


def _power():
    from statsmodels.stats.power import NormalIndPower
    return NormalIndPower()


def _h(p1: float, p0: float) -> float:
    """Cohen's h between two shares."""
    return 2 * math.asin(math.sqrt(p1)) - 2 * math.asin(math.sqrt(p0))


EXACT_CELLS = 250_000   # (n1 + 1) x (n0 + 1) outcomes summed exactly up to this many


def exact_power(p1: float, p0: float, n1: int, n0: int, alpha: float = ALPHA) -> float:
    """Power of the two-sided pooled z-test of two shares (as ``proportions_ztest``), summed
    exactly over every pair of binomial outcomes."""
    import numpy as np
    from scipy.stats import binom, norm

    a = np.arange(n1 + 1)[:, None]
    b = np.arange(n0 + 1)[None, :]
    pooled = (a + b) / (n1 + n0)
    se = np.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n0))
    with np.errstate(divide="ignore", invalid="ignore"):
        z = np.where(se > 0, (a / n1 - b / n0) / se, 0.0)
    reject = np.abs(z) > norm.ppf(1 - alpha / 2)
    weights = binom.pmf(np.arange(n1 + 1), n1, p1)[:, None] * binom.pmf(np.arange(n0 + 1), n0, p0)[None, :]
    return float((weights * reject).sum())


def _is_small(n1: int, n0: int) -> bool:
    return (n1 + 1) * (n0 + 1) <= EXACT_CELLS


def minimum_detectable_difference(baseline: float, n_treated: int, n_control: int, *,
                                  alpha: float = ALPHA, power: float = POWER) -> Optional[float]:
    """The smallest rise above ``baseline`` (a share) that a two-sided test detects with
    ``power``; ``None`` when no rise within [0, 1] would be detected (too few people)."""
    if not 0 <= baseline < 1 or n_treated < 1 or n_control < 1:
        return None
    if _is_small(n_treated, n_control):
        if exact_power(1.0, baseline, n_treated, n_control, alpha) < power:
            return None
        lo, hi = 0.0, 1.0 - baseline
        for _ in range(30):   # bisection on the (near-monotone) exact power
            mid = (lo + hi) / 2
            lo, hi = (mid, hi) if exact_power(baseline + mid, baseline, n_treated, n_control,
                                              alpha) < power else (lo, mid)
        return hi
    h = _power().solve_power(effect_size=None, nobs1=n_treated, ratio=n_control / n_treated,
                             alpha=alpha, power=power, alternative="two-sided")
    angle = math.asin(math.sqrt(baseline)) + h / 2
    if angle > math.pi / 2:
        return None
    return math.sin(angle) ** 2 - baseline


def participants_needed(baseline: float, difference: float, *, ratio: float = 1.0,
                        alpha: float = ALPHA, power: float = POWER) -> Optional[int]:
    """Participants (with ``ratio`` times as many comparable colleagues) needed to detect a
    change of ``difference`` from ``baseline``; ``None`` when the change leaves [0, 1] or is 0."""
    target = baseline + difference
    if difference == 0 or not 0 <= baseline <= 1 or not 0 <= target <= 1:
        return None
    n = int(math.ceil(_power().solve_power(effect_size=abs(_h(target, baseline)), nobs1=None,
                                           ratio=ratio, alpha=alpha, power=power,
                                           alternative="two-sided")))
    # where the groups are small the approximation is optimistic: grow n until the exact power holds
    while _is_small(n, math.ceil(n * ratio)) and \
            exact_power(target, baseline, n, math.ceil(n * ratio), alpha) < power:
        n += max(1, n // 50)
    return n


@dataclass(frozen=True)
class EvidenceRow(Shown):
    """One KPI's evidence plan (the columns of ``exports/evidence_plan.csv`` plus its sentence)."""
    kpi: str
    metric: str
    baseline: Optional[float]
    expected_difference: Optional[float]
    n_participants: int
    n_comparison: int
    minimum_detectable_difference: Optional[float]
    participants_needed: Optional[int]
    design: str
    sentence: str
    waves: tuple = ()        # (participants, MDD) per planned wave

    # shown in a notebook (workbench.results)
    def to_frame(self) -> pd.DataFrame:
        """Its row of ``exports/evidence_plan.csv``."""
        return plan_table([self])


EXPORT_COLUMNS = ["kpi", "metric", "baseline", "expected_difference", "n_participants",
                  "n_comparison", "minimum_detectable_difference", "participants_needed", "design"]


def _points(share: float) -> str:
    return f"{abs(share) * 100:.0f} point{'s' if round(abs(share) * 100) != 1 else ''}"


def plan_kpi(kpi: str, metric: str, baseline: Optional[float], target: Optional[float], *,
             n_participants: int, n_comparison: int, waitlist: int = 0,
             waves: Sequence[int] = (), hidden: bool = False,
             waitlist_shown: bool = True) -> EvidenceRow:
    """The evidence plan of one KPI (see the module docstring).

    ``waitlist``: applicants the program cannot seat this round (mentees beyond mentor seats);
    ``waves``: planned numbers of participants at the next levels; ``hidden``: the baseline is
    hidden on the report's pages (a small group), so is every figure computed from it;
    ``waitlist_shown``: False when the page hides the waitlist's size (the sentence omits it).
    """
    def row(**kw):
        base = dict(kpi=kpi, metric=metric, baseline=baseline, expected_difference=None,
                    n_participants=n_participants, n_comparison=n_comparison,
                    minimum_detectable_difference=None, participants_needed=None)
        base.update(kw)
        return EvidenceRow(**base)

    if not METRICS[metric].is_share:     # the power calculation is for shares (registry)
        return row(design="not planned", sentence=(
            f"{kpi} is a mean, not a share of people: an evidence plan needs its spread "
            f"(standard deviation) from an earlier survey."))
    if hidden:
        return row(baseline=None, design="not shown", sentence=(
            f"{kpi}: the evidence plan is not shown: its baseline is hidden to protect a small "
            f"group, and the detectable difference would give it back."))
    if baseline is None:
        return row(design="measure the baseline first", sentence=(
            f"{kpi} has no baseline yet, so no one can say what size of gain this program could "
            f"show; measure it on comparable colleagues first."))
    expected = None if target is None else target - baseline
    mdd = minimum_detectable_difference(baseline, n_participants, max(n_comparison, 0)) \
        if n_participants > 0 and n_comparison > 0 else None
    needed = participants_needed(baseline, expected) if expected else None
    wave_mdd = tuple((int(n), minimum_detectable_difference(baseline, int(n), int(n)))
                     for n in waves if n > 0)

    can = (f"this program can detect a change of {_points(mdd)} or more" if mdd is not None else
           "at this size no change at all can be told apart from chance")
    if expected is None or expected == 0:
        goal = "the charter sets no expected difference from the baseline"
    elif needed is None:
        goal = f"the expected change of {_points(expected)} is outside the possible range"
    else:
        goal = (f"showing the expected {'gain' if expected > 0 else 'drop'} of {_points(expected)} "
                f"needs about {needed:,} participants and as many comparable colleagues")
    if needed is not None and needed <= n_participants and needed <= n_comparison:
        design = "compare with non-participants as planned"
        conclude = ("large enough for the planned comparison; a difference still shows association, "
                    "not cause, unless who joins is decided by lot")
    elif waitlist > 0:
        design = "randomise the waitlist"
        per_arm = needed if needed is not None else waitlist
        who = f"the {waitlist:,} waiting" if waitlist_shown else "those waiting"
        size = f" (about {per_arm:,} in each group, over rounds if needed)" \
            if waitlist_shown or needed is not None else " (over rounds if needed)"
        conclude = (f"more people want a mentor than there are seats: drawing by lot who of "
                    f"{who} start now and who next round{size} would show whether mentoring "
                    f"causes the change")
    else:
        design = "staggered roll-out"
        conclude = ("opening the program to departments in waves with start dates drawn by lot "
                    "compares those who started with those not yet started, and would show whether "
                    "mentoring causes the change")
    sentence = f"{kpi}: {can}; {goal}. Recommended design: {design}, {conclude}."
    return row(expected_difference=expected, minimum_detectable_difference=mdd,
               participants_needed=needed, design=design, sentence=sentence, waves=wave_mdd)


def plan_table(rows: Sequence[EvidenceRow]) -> pd.DataFrame:
    """The export (``exports/evidence_plan.csv``): :data:`EXPORT_COLUMNS`, one row per KPI."""
    return pd.DataFrame([{c: asdict(r)[c] for c in EXPORT_COLUMNS} for r in rows],
                        columns=EXPORT_COLUMNS)


def planned_waves(program) -> tuple:
    """Participants at each wave after today of page 1's one scale plan
    (:func:`workbench.next_level.plan`: to ``charter.next_level``, within the eligible workforce)."""
    return tuple(next_level.plan(program).waves["participants"].tolist()[1:])


def evidence_plan(program, waves: Optional[Sequence[int]] = None, baselines: Optional[dict] = None,
                  hidden: frozenset = frozenset(), waitlist_shown: bool = True) -> list[EvidenceRow]:
    """The plan of every KPI of ``program`` compared with non-participants.

    Baselines are those of :func:`workbench.goals.kpi_table` (given, or measured on comparable
    colleagues) unless ``baselines`` (KPI name -> value) are passed; a KPI named in ``hidden``
    has its baseline hidden on the pages and gets no figure from it. The group sizes are those
    of the report's one comparison group (:func:`workbench.evaluation.comparison_group`), as on
    page 4; the waitlist is the mentees beyond the mentor seats (``waitlist_shown``: its size may
    be printed); ``waves`` (participants; default
    :func:`planned_waves`) are planned next levels, kept where larger than today.
    """

    if not any(k.compare_to_non_participants for k in program.config.kpis):
        return []
    if waves is None:
        waves = planned_waves(program)
    if baselines is None:
        table = goals.kpi_table(program).set_index("kpi")
        baselines = {name: table.loc[name, "baseline"] for name in table.index}
    ready = goals.readiness(program)
    rows = []
    for k in program.config.kpis:
        if not k.compare_to_non_participants:
            continue
        # the one comparison group of the report: its sizes are those of page 4
        group = comparison_group(program, str(getattr(k.population, "value", k.population)),
                                 seed=program.config.evaluation.seed)
        n, n_comparison = group.n_treated, group.n_control
        base = baselines.get(k.name)
        base = None if base is None or pd.isna(base) else float(base)
        rows.append(plan_kpi(k.name, getattr(k.metric, "value", k.metric), base, k.target,
                             n_participants=n, n_comparison=n_comparison,
                             waitlist=max(0, ready["gap"]),
                             waves=tuple(w for w in waves if w > n), hidden=k.name in hidden,
                             waitlist_shown=waitlist_shown))
    return rows
