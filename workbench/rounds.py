"""Lessons across rounds (issue 18 item 4): what changed from one round of a program to the next.

A program carries rounds when its relationships have a ``round`` column with several values, or
when its ``program.yaml`` names its earlier round (``previous: ../<slug>``, a sibling program
folder). Round over round, with 95 % intervals:

* **pairs** and **ended early** (share, Wilson interval);
* **meetings per pair per month** (mean, t interval) against the planned cadence;
* **satisfaction** in check-in surveys (mean, t interval);
* **match score** of the pairs (mean, t interval);

and the difference from the previous round with its interval (Newcombe's hybrid score interval
for shares, Welch for means), said as "no clear change" unless the interval excludes zero. A round
with fewer pairs than ``min_group_size`` is not shown. :func:`settings_changes` lists what
changed in ``program.yaml`` between two rounds (format, cadence, capacity, weights, rules).

Example
-------
>>> tuple(round(x, 3) for x in share(8, 10))
(0.8, 0.49, 0.943)
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Optional

import numpy as np
import pandas as pd
from .scoring import match_format
from .scoring.rules import rule
from .problems import InputError, Problem
from .io import load_program

from .evaluation.stats import newcombe_interval, wilson
from .results import Shown


def share(successes: int, n: int) -> tuple[float, float, float]:
    """A share with its Wilson interval (:func:`workbench.evaluation.stats.wilson`)."""
    return (successes / n if n else math.nan), *wilson(successes, n)


def difference(a: tuple[int, int], b: tuple[int, int]) -> tuple[float, float, float]:
    """Difference of two shares ``b - a`` with Newcombe's interval
    (:func:`workbench.evaluation.stats.newcombe_interval`)."""
    d = b[0] / b[1] - a[0] / a[1] if a[1] and b[1] else math.nan
    return d, *newcombe_interval(b[0], b[1], a[0], a[1])


def mean_ci(values) -> tuple[float, float, float]:
    from scipy.stats import t
    x = np.asarray(pd.Series(values).dropna(), dtype=float)
    if len(x) == 0:
        return math.nan, math.nan, math.nan
    if len(x) == 1:
        return float(x[0]), math.nan, math.nan
    m, se = float(x.mean()), float(x.std(ddof=1) / math.sqrt(len(x)))
    if se <= 1e-12 * max(1.0, abs(m)):   # every value the same: the mean alone, no interval
        return m, math.nan, math.nan
    h = t.ppf(0.975, len(x) - 1) * se
    return m, m - h, m + h


def welch(a, b) -> tuple[float, float, float]:
    """Difference of means ``mean(b) - mean(a)`` with Welch's interval."""
    from scipy.stats import t
    x = np.asarray(pd.Series(a).dropna(), dtype=float)
    y = np.asarray(pd.Series(b).dropna(), dtype=float)
    if len(x) < 2 or len(y) < 2:
        return (float(y.mean() - x.mean()) if len(x) and len(y) else math.nan), math.nan, math.nan
    va, vb = x.var(ddof=1) / len(x), y.var(ddof=1) / len(y)
    d = float(y.mean() - x.mean())
    se = math.sqrt(va + vb)
    if se == 0:
        return d, d, d
    df = (va + vb) ** 2 / (va ** 2 / (len(x) - 1) + vb ** 2 / (len(y) - 1))
    h = t.ppf(0.975, df) * se
    return d, d - h, d + h


@dataclass(frozen=True)
class RoundData:
    label: str
    pairs: int
    ended_early: int
    meetings_per_month: pd.Series    # one value per pair
    satisfaction: pd.Series          # one value per survey answer
    match_score: pd.Series           # one value per pair
    own: bool = True                 # False: the ``previous:`` program's pairs (another program)


def _round_data(label: str, rel: pd.DataFrame, checkins: pd.DataFrame, surveys: pd.DataFrame,
                snapshot) -> RoundData:
    snapshot = pd.Timestamp(snapshot)
    start = pd.to_datetime(rel["start_date"])
    end = pd.to_datetime(rel["end_date"]).fillna(snapshot).clip(upper=snapshot)
    months = ((end - start).dt.days / 30.44).clip(lower=1)
    meets = checkins[checkins["relationship_id"].isin(rel["relationship_id"])] \
        .groupby("relationship_id").size().reindex(rel["relationship_id"], fill_value=0)
    per_month = pd.Series(meets.to_numpy() / months.to_numpy(), index=rel["relationship_id"].to_numpy())
    sat = surveys.loc[surveys["relationship_id"].isin(rel["relationship_id"]), "satisfaction"] \
        if "satisfaction" in surveys else pd.Series(dtype=float)
    score = rel["match_score"] if "match_score" in rel else pd.Series(dtype=float)
    early = int((rel["status"] == "ended_early").sum()) if "status" in rel else 0
    return RoundData(label, len(rel), early, per_month, pd.to_numeric(sat, errors="coerce"),
                     pd.to_numeric(score, errors="coerce"))


def rounds_of(program, previous=None) -> list[RoundData]:
    """The program's rounds, oldest first: the ``previous`` program's pairs as one round (if
    given), then each value of ``relationships.round`` (or the whole program as one round)."""
    out = []
    if previous is not None and len(previous.relationships):
        import dataclasses
        out.append(dataclasses.replace(
            _round_data(f"{previous.config.program}", previous.relationships,
                        previous.checkins, previous.surveys, previous.config.snapshot_date), own=False))
    rel = program.relationships
    if len(rel) == 0:
        return out
    if "round" in rel and rel["round"].dropna().nunique() > 1:
        for r, group in rel.groupby("round", sort=True):
            out.append(_round_data(f"round {int(r)}", group, program.checkins, program.surveys,
                                   program.config.snapshot_date))
    else:
        out.append(_round_data(program.config.program if previous is not None else "this round", rel,
                               program.checkins, program.surveys, program.config.snapshot_date))
    return out


def _fmt(v, lo, hi, pct=False, digits=2) -> str:
    if v is None or (isinstance(v, float) and math.isnan(v)):
        return "–"
    f = (lambda x: f"{x * 100:.0f}") if pct else (lambda x: f"{x:.{digits}f}")
    unit = " %" if pct else ""
    if lo is None or math.isnan(lo) or math.isnan(hi):
        return f(v) + unit
    return f"{f(v)}{unit} ({f(lo)}–{f(hi)}{unit})"     # as every interval: "20 % (9–39 %)"


def _change(d, lo, hi, pct=False, digits=2) -> str:
    if d is None or math.isnan(d):
        return "–"
    if math.isnan(lo):
        return "cannot tell (too few)"
    sign = lambda x: ("+" if x > 0 else "") + (f"{x * 100:.0f} points" if pct else f"{x:.{digits}f}")
    verdict = "no clear change" if lo <= 0 <= hi else ("clearly higher" if lo > 0 else "clearly lower")
    if pct:
        span = f"{lo * 100:+.0f} to {hi * 100:+.0f}"
    else:
        span = f"{lo:+.{digits}f} to {hi:+.{digits}f}"
    return f"{sign(d)} ({span}): {verdict}"


def comparison_table(rounds: list[RoundData], k: int) -> pd.DataFrame:
    """One row per round shown (at least ``k`` pairs): its figures with intervals and the change
    from the previous round shown."""
    rows, prev = [], None
    for r in rounds:
        if r.pairs < k:
            continue
        early = share(r.ended_early, r.pairs)
        row = {"round": r.label, "pairs": r.pairs,
               "ended early": _fmt(*early, pct=True),
               "meetings per pair per month": _fmt(*mean_ci(r.meetings_per_month)),
               "satisfaction (1-5)": _fmt(*mean_ci(r.satisfaction)) if len(r.satisfaction.dropna()) >= k else "–",
               "match score": _fmt(*mean_ci(r.match_score), pct=True) if len(r.match_score.dropna()) else "–"}
        if prev is None:
            row.update({"change in ended early": "", "change in meetings": ""})
        else:
            row["change in ended early"] = _change(*difference((prev.ended_early, prev.pairs),
                                                             (r.ended_early, r.pairs)), pct=True)
            row["change in meetings"] = _change(*welch(prev.meetings_per_month, r.meetings_per_month))
        rows.append(row)
        prev = r
    return pd.DataFrame(rows)


def _g(x) -> str:
    return "none" if x is None else (f"{x:g}" if isinstance(x, (int, float)) and not isinstance(x, bool) else str(x))


def settings_changes(before, after) -> list[str]:
    """What changed in the settings from ``before`` to ``after`` (two ``ProgramConfig``), in
    plain words: formats by their label, rules by what they forbid (the rule registry's text),
    criteria by name, numbers without trailing zeros."""

    out = []
    if before.format != after.format:
        out.append(f"format: {match_format(before.format).label} → {match_format(after.format).label}")
    for key in ("cadence", "mentor_capacity", "circle_size", "min_group_size"):
        a, b = getattr(before, key), getattr(after, key)
        if a != b:
            out.append(f"{key.replace('_', ' ')}: {_g(a)} → {_g(b)}")
    wa, wb = before.matching.weights, after.matching.weights
    for name in sorted(set(wa) | set(wb)):
        a, b = wa.get(name), wb.get(name)
        words = name.replace("_", " ")
        if a is None:
            out.append(f"criterion {words} added (weight {_g(b)})")
        elif b is None:
            out.append(f"criterion {words} dropped (weight was {_g(a)})")
        elif a != b:
            out.append(f"weight of {words}: {_g(a)} → {_g(b)}")
    ra, rb = before.matching.rules.model_dump(), after.matching.rules.model_dump()
    for name in sorted(set(ra) | set(rb)):
        a, b = ra.get(name), rb.get(name)
        if a == b:
            continue
        try:
            r = rule(name)
        except KeyError:
            out.append(f"rule {name.replace('_', ' ')}: {_g(a)} → {_g(b)}")
            continue
        if r.active(a) and r.active(b):
            out.append(f"forbidden pairs: {r.describe(b)} (before: {r.describe(a)})")
        elif r.active(b):
            out.append(f"newly forbidden: {r.describe(b)}")
        else:
            out.append(f"no longer forbidden: {r.describe(a)}")
    if before.matching.objective != after.matching.objective:
        out.append(f"objective: {before.matching.objective} → {after.matching.objective}")
    return out


def previous_program(program):
    """The program named by ``previous:`` (a sibling folder ``../<slug>``), loaded; ``None``
    without one. Anything but a sibling program folder is refused with a clear message."""
    ref = getattr(program.config, "previous", None)
    if not ref:
        return None
    from pathlib import Path
    here = Path(program.path).resolve()
    target = (here / ref).resolve()
    if target.parent != here.parent or not (target / "program.yaml").is_file():
        raise InputError([Problem("program.yaml", None, "previous",
                                  f"previous: {ref!r} is not a sibling program folder",
                                  "write it as ../<slug> of a program next to this one")])
    return load_program(target)


@dataclass(frozen=True)
class RoundsView(Shown):
    """What page 4 shows about rounds: a sentence, the comparison table (or None), the changes."""
    sentence: str
    table: Optional[pd.DataFrame]
    changes: tuple
    rounds: tuple = ()               # every round (RoundData), shown or not: for the audit

    # shown in a notebook (workbench.results)
    def to_frame(self) -> pd.DataFrame:
        """The comparison table page 4 shows (no rows when the rounds cannot be compared)."""
        return self.table.copy() if self.table is not None else pd.DataFrame(columns=["round"])


def rounds_view(program) -> RoundsView:
    """The rounds of ``program`` (and its ``previous`` round) compared, for page 4."""
    k = program.config.min_group_size
    try:
        previous = previous_program(program)
    except Exception as exc:   # an unreadable earlier round is said, never a traceback
        return RoundsView(f"The earlier round named in previous: could not be read ({exc}).", None, ())
    rounds = rounds_of(program, previous)
    changes = tuple(settings_changes(previous.config, program.config)) if previous is not None else ()
    if len(rounds) < 2:
        return RoundsView("This program has one round so far: round-over-round lessons start with "
                          "the next round (relationships.round, or previous: ../<slug>).", None, changes)
    table = comparison_table(rounds, k)
    if len(table) < 2:
        return RoundsView(f"The rounds cannot be compared here: a round with fewer than {k} pairs "
                          "is not shown.", None, changes, tuple(rounds))
    text = (f"{len(table)} rounds compared, each against the one before it (95 % intervals; a change "
            f"is clear only when its interval excludes zero).")
    if previous is not None:
        text += (" What changed in the settings: " + "; ".join(changes) + "." if changes
                 else " The settings did not change between the rounds.")
    return RoundsView(text, table, changes, tuple(rounds))
