"""The tuning engine: the saved settings' matching (the baseline) and fast re-solves.

A weight, objective or minimum-score change re-solves on the cached score matrices; a rule or
capacity change rebuilds the allowed pairs once per distinct set of rules and capacity (kept in a
small cache, so switching back is instant). The saved state always gives the baseline itself, so
the panel on the saved settings shows no change by construction.
"""
from __future__ import annotations

from collections import OrderedDict
from dataclasses import replace
from typing import Optional

import pandas as pd

from ..matchview import current_round
from ..program import Program
from ..scoring import MatchOutcome, match_program, rematch
from ..scoring.match import _summary   # the one definition of a matching's summary
from ..scoring.solve import assign
from .state import RULE_CONTROLS, TuningState, configured, initial_state
from .views import Context, view

__all__ = ["Tuner"]


def _quick_rematch(base: MatchOutcome, state: TuningState) -> MatchOutcome:
    """Re-solve ``base`` under the state's weights, objective and minimum score, without the
    per-pair explanations (the same solver call as :func:`workbench.scoring.rematch`, so the
    same pairs; :meth:`Tuner.explained` adds the explanations when they are shown)."""
    bd = base.breakdown.rescore(state.weights)
    res = assign(bd.total, capacity=base.capacity, allowed=base.allowed.allowed,
                 min_score=state.min_score, objective=state.objective)
    unmatched = res.unmatched[["mentee", "reason"]]
    pairs = res.pairs[["mentee", "mentor", "score"]].copy()
    if base.excluded is not None and len(base.excluded):
        unmatched = pd.concat([unmatched, base.excluded], ignore_index=True)
    n = len(bd.mentee_ids) + (len(base.excluded) if base.excluded is not None else 0)
    return replace(base, breakdown=bd, pairs=pairs, unmatched=unmatched.reset_index(drop=True),
                   totals=_summary(pairs, n, state.objective), min_score=state.min_score,
                   objective=state.objective)


class Tuner:
    """Holds the program, the saved state and its matching (the baseline), and a solve cache."""

    CACHE = 6   # distinct (rules, capacity) settings kept
    _explained = None

    def __init__(self, program: Program, state: Optional[TuningState] = None):
        self.program = current_round(program)
        self.saved = initial_state(program)
        self.baseline = self._solve_full(self.saved)
        self._cache: OrderedDict = OrderedDict({self.saved.structural_key(): self.baseline})
        self.context = Context.of(self.program, self.baseline)
        self.state = state or self.saved
        self.outcome = self.solve(self.state)

    def _solve_full(self, state: TuningState) -> MatchOutcome:
        """What a report run on the saved file would match (the state written into the config)."""
        return match_program(configured(self.program, state))

    def solve(self, state: TuningState) -> MatchOutcome:
        """The matching for ``state``."""
        if state == self.saved:
            return self.baseline
        key = state.structural_key()
        base = self._cache.get(key)
        if base is None:
            base = self._solve_full(state)
            self._cache[key] = base
            while len(self._cache) > self.CACHE:
                self._cache.popitem(last=False)
        else:
            self._cache.move_to_end(key)
        if (base.breakdown.weights == dict(state.weights) and base.objective == state.objective
                and base.min_score == state.min_score):
            return base
        if base.format == "circles":      # circles are formed by their own matcher, not assign
            return self._solve_full(state)
        if base.format == "peer" or (base.kept is not None and len(base.kept)):
            return self._explained_rematch(base, state)
        return _quick_rematch(base, state)

    @staticmethod
    def _explained_rematch(base: MatchOutcome, state: Optional[TuningState] = None) -> MatchOutcome:
        """:func:`rematch` of ``base`` under ``state`` (default: ``base``'s own settings)."""
        weights = state.weights if state else base.breakdown.weights
        objective = state.objective if state else base.objective
        min_score = state.min_score if state else base.min_score
        return rematch(base, weights=weights, objective=objective,
                       min_score=min_score if min_score is not None else -float("inf"))

    def explained(self, outcome: Optional[MatchOutcome] = None) -> MatchOutcome:
        """``outcome`` (default: the current one) with every pair explained (contributions, best
        alternative and why not), computed once per outcome: a slider move does not pay for it."""
        outcome = outcome or self.outcome
        if "alternative" in outcome.pairs.columns:
            return outcome
        if self._explained is not None and self._explained[0] is outcome:
            return self._explained[1]
        full = self._explained_rematch(outcome)
        self._explained = (outcome, full)
        return full

    def update(self, state: TuningState) -> dict:
        """Apply a new state; return the view (summary, changes against the saved, coverage)."""
        self.state = state
        self.outcome = self.solve(state)
        return self.view()

    def view(self) -> dict:
        return view(self.context, self.saved, self.baseline, self.state, self.outcome)

    def reset(self) -> dict:
        """Back to everything saved."""
        return self.update(self.saved)

    def rebase(self, state: Optional[TuningState] = None) -> dict:
        """After a save: ``state`` (default: the current one) becomes the saved baseline."""
        state = state or self.state
        outcome = self.solve(state)
        self.saved, self.baseline = state, outcome
        self.context = Context.of(self.program, self.baseline)
        return self.update(state)


def control_notes(tuner: Tuner) -> dict[str, str]:
    """For each control that cannot change this program's matching, why (shown beside it)."""
    notes = {}
    fmt = tuner.baseline.format
    if fmt in ("one_to_one", "peer"):
        notes["capacity"] = (f"a {fmt.replace('_', '-')} program gives each mentor one mentee: "
                             "capacity cannot change the matching")
    other = "fair" if tuner.saved.objective == "total" else "total"
    alt = tuner.solve(tuner.saved.with_objective(other))
    same = (alt.pairs.set_index("mentee")["mentor"].sort_index()
            .equals(tuner.baseline.pairs.set_index("mentee")["mentor"].sort_index()))
    if same:
        notes["objective"] = "with the saved settings both objectives give the same pairs"
    counts = tuner.baseline.allowed.counts()
    for rule, value in tuner.saved.rules.items():
        code = RULE_CONTROLS[rule].code
        if value not in (None, False) and not counts.get(code):
            notes[rule] = "forbids no pair here (the other rules already do, or no pair breaks it)"
    if tuner.program.relationships.empty:
        notes["no_repeat_pairs"] = "no earlier round: there is no pair to repeat"
    return notes
