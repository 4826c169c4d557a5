"""Simulated companies with known truth, for the benchmarks and their quick versions in the tests
(a test helper, not part of the package).

A company of ``n`` employees observed for 18 months from ``START``; a client column
``engagement`` (standard normal) and the grade (``level`` 1-5) drive both who joins and who
leaves; a small nuisance department (``Legal``, about 0.5 % of staff) often has no leaver
(quasi-separation). ``joiners`` people join at random dates over the first eight months
(staggered joining), chosen with weight exp(1.2 × engagement + 0.3 × (level − 3)) among those
still employed on their date. Exit hazard per year: 0.16 × exp(−0.6 × engagement + 0.1 ×
(level − 3) + department shift), multiplied by ``hazard_ratio`` from the day a person joins
(1: no effect). The true hazard ratio is ``hazard_ratio``; ``left`` and ``promoted`` never depend
on anything else.

Example
-------
>>> import numpy as np
>>> wf, joined = company(np.random.default_rng(1), n=400, joiners=40)
>>> len(wf), bool(joined.notna().sum() <= 40)
(400, True)
>>> wf2, joined2, chance = company(np.random.default_rng(1), n=400, joiners=40, chances=True)
>>> wf2.equals(wf), joined2.equals(joined), bool(chance[joined.index].mean() > 2 * chance.mean())
(True, True, True)
"""
from __future__ import annotations

import numpy as np
import pandas as pd
from workbench.kpi.match_outcomes import match_outcomes, pair_contributions, suggest_weights

START = pd.Timestamp("2025-01-01")
SNAPSHOT = pd.Timestamp("2026-07-01")
DEPARTMENTS = {"Sales": (0.35, 0.3), "Engineering": (0.35, -0.2), "Operations": (0.295, 0.0),
               "Legal": (0.005, -0.5)}


def company(rng: np.random.Generator, n: int = 1500, joiners: int = 150,
            hazard_ratio: float = 1.0, months_joining: int = 8, at_random: bool = False,
            chances: bool = False):
    """(workforce, joined): the workforce table (workbench columns plus ``engagement``) and the
    joining dates of the participants (indexed by employee id). ``at_random``: everyone still
    employed on their date is equally likely to join (no selection on engagement or grade).
    ``chances``: also each person's true chance of being chosen (a Series by employee id: the
    chance that their key beats the last chosen key), for the true censoring weights of
    ``benchmarks/bench_lean.py``; the same draws either way."""
    ids = np.array([f"S{i:05d}" for i in range(n)], dtype=object)
    names = list(DEPARTMENTS)
    share = np.array([DEPARTMENTS[d][0] for d in names])
    dept = np.array(names, dtype=object)[rng.choice(len(names), n, p=share / share.sum())]
    shift = np.array([DEPARTMENTS[d][1] for d in dept])
    level = rng.choice(np.arange(1, 6), n, p=[0.3, 0.3, 0.2, 0.12, 0.08])
    engagement = rng.normal(0, 1, n)
    tenure = rng.gamma(2.0, 2.0, n)
    hire = START - pd.to_timedelta(np.round(tenure * 365.25), unit="D")
    days = (SNAPSHOT - START).days
    rate = 0.16 * np.exp(-0.6 * engagement + 0.1 * (level - 3) + shift) / 365.25
    first = rng.exponential(1 / rate)                       # days to exit without the program
    # staggered joining: candidates with a date, weighted by engagement and grade
    when = rng.integers(0, months_joining * 30, n)
    weight = np.ones(n) if at_random else np.exp(1.2 * engagement + 0.3 * (level - 3))
    keys = np.log(weight) + rng.gumbel(size=n)
    order = np.argsort(-keys)
    chosen = [i for i in order if first[i] > when[i]][:joiners]
    exit_day = first.copy()
    for i in chosen:    # memoryless: the time left after joining, at the new hazard
        exit_day[i] = when[i] + rng.exponential(1 / (rate[i] * hazard_ratio))
    exit_date = pd.Series(START + pd.to_timedelta(np.round(exit_day), unit="D"))
    exit_date = exit_date.where(exit_day < days)
    wf = pd.DataFrame({"employee_id": ids, "department": dept, "level": level,
                       "hire_date": hire, "exit_date": exit_date, "promotion_date": pd.NaT,
                       "performance": np.round(rng.normal(3.3, 0.6, n), 1), "engagement": engagement})
    joined = pd.Series(START + pd.to_timedelta(when[chosen], unit="D"), index=ids[chosen])
    if chances:
        tau = keys[chosen].min() if chosen else np.inf
        return wf, joined, pd.Series(-np.expm1(-np.exp(np.log(weight) - tau)), index=ids)
    return wf, joined


def permuted_weight_changes(program, permutations: int = 100, seed: int = 0) -> float:
    """Share of reports whose weight advice moves at least one weight when the criteria scores are
    shuffled across pairs (so no criterion can matter): the advice's false-positive rate."""
    contrib = pair_contributions(program)
    rng = np.random.default_rng(seed)
    changed = 0
    for _ in range(permutations):
        shuffled = contrib.set_axis(contrib.index[rng.permutation(len(contrib))])
        weights = suggest_weights(program, match_outcomes(program, contributions=shuffled))
        changed += bool((weights["suggested"] != weights["weight"]).any())
    return changed / permutations
