"""What the analyst can change in the tuning panel, as one value: :class:`TuningState`.

The state holds exactly the settings of ``program.yaml`` that shape the matching, in the file's
own units, so the state on screen and the state saved are the same thing:

- ``weights``: criterion name -> weight (``matching.criteria[].weight``);
- ``rules``: rule name -> ``True``/``False`` (switch rules) or a number / ``None`` (value rules,
  ``None`` = off) (``matching.rules``);
- ``capacity``: one capacity for every mentor, or ``None`` for each mentor's own
  (``matching.capacity_override``);
- ``min_score``: minimum pair score in points, on the 0 .. sum-of-weights scale, or ``None``
  (``matching.min_score``); :attr:`TuningState.min_share` is the same as a share of the best;
- ``objective``: ``total`` or ``fair`` (``matching.objective``).

The rule controls (:data:`RULE_CONTROLS`) are read from the live rules registry
:data:`workbench.scoring.rules.RULES` at each use (a switch for each yes/no rule, a number for
each optional value): a rule appended or registered there gets a control here at once.

Example
-------
>>> from workbench.io import load_program                                   # doctest: +SKIP
>>> s = initial_state(load_program("data/programs/leadership-accelerator"))  # doctest: +SKIP
>>> s.with_weight("overlap", 5).with_rule("max_timezone_gap", 4).rules       # doctest: +SKIP
"""
from __future__ import annotations

import dataclasses
import typing
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Iterator, Optional

from ..config import MatchingConfig
from ..program import Program
from ..scoring import rules as rule_registry
from ..scoring.criteria import criterion_names

__all__ = ["TuningState", "RuleControl", "RULE_CONTROLS", "initial_state", "configured", "all_zero"]


@dataclass(frozen=True)
class RuleControl:
    """One hard rule as a control: a switch, or a value rule (a number, off when ``None``)."""
    name: str
    kind: str                 # "switch" or "value"
    integer: bool = False     # value rules holding whole numbers
    default_on: float = 1.0   # the value a value rule takes when switched on without one
    unit: str = ""
    code: str = ""            # the reason a pair it forbids records (workbench.scoring.rules.rule_names())

    @property
    def label(self) -> str:
        return self.name.replace("_", " ")


_UNITS = {"max_timezone_gap": "hours", "min_level_gap": "levels"}


def rule_control(rule: "rule_registry.Rule") -> RuleControl:
    """The control of one registry entry: a switch, or a value (its ``on_value`` when switched on)."""
    if rule.kind == "switch":
        return RuleControl(rule.key, "switch", code=rule.reason)
    start = rule.on_value if rule.on_value is not None else 1
    return RuleControl(rule.key, "value", rule.type is int, start, _UNITS.get(rule.key, ""), rule.reason)


class RuleControls(Mapping):
    """Rule key -> :class:`RuleControl`, read from the live registry at each use (never a copy)."""

    def _controls(self) -> dict[str, RuleControl]:
        return {r.key: rule_control(r) for r in rule_registry.RULES}

    def __getitem__(self, key: str) -> RuleControl:
        return self._controls()[key]

    def __iter__(self) -> Iterator[str]:
        return iter([r.key for r in rule_registry.RULES])

    def __len__(self) -> int:
        return len(rule_registry.RULES)

    def __repr__(self) -> str:
        return f"RuleControls({list(self)})"


RULE_CONTROLS = RuleControls()


@dataclass(frozen=True)
class TuningState:
    """The settings that shape the matching (see the module docstring for each field)."""
    weights: dict
    rules: dict
    capacity: Optional[int] = None
    min_score: Optional[float] = None
    objective: str = "total"
    # a value rule switched off remembers its value, so switching it on again restores it
    remembered: dict = field(default_factory=dict, compare=False, repr=False)

    def with_weight(self, name: str, value: float) -> "TuningState":
        if name not in self.weights:
            raise KeyError(f"unknown criterion {name!r}; criteria are {', '.join(self.weights)}")
        if float(value) < 0:
            raise ValueError(f"weight of {name!r} must not be negative (got {value})")
        return dataclasses.replace(self, weights={**self.weights, name: float(value)})

    def with_rule(self, name: str, value) -> "TuningState":
        """Switch a rule on or off (``True``/``False``), or give a value rule its number."""
        control = RULE_CONTROLS.get(name)
        if control is None:
            raise KeyError(f"unknown rule {name!r}; rules are {', '.join(RULE_CONTROLS)}")
        remembered = dict(self.remembered)
        if control.kind == "switch":
            if not isinstance(value, bool):
                raise ValueError(f"{name} is switched on or off: give True or False, not {value!r}")
            new = value
        elif value is None or value is False:
            if self.rules.get(name) is not None:
                remembered[name] = self.rules[name]
            new = None
        elif value is True:
            current = self.rules.get(name)
            new = current if current is not None else remembered.get(name, control.default_on)
        else:
            number = float(value)
            if number < 0:
                raise ValueError(f"{name} must be at least 0 (got {value})")
            new = int(round(number)) if control.integer else number
        return dataclasses.replace(self, rules={**self.rules, name: new}, remembered=remembered)

    def with_capacity(self, capacity: Optional[int]) -> "TuningState":
        """One capacity for every mentor, or ``None`` for each mentor's own."""
        if capacity is not None and int(capacity) < 1:
            raise ValueError("a capacity override must be at least 1 (None: each mentor's own)")
        return dataclasses.replace(self, capacity=None if capacity is None else int(capacity))

    def with_min_score(self, points: Optional[float]) -> "TuningState":
        """Minimum pair score in points (``None`` or 0: no minimum)."""
        return dataclasses.replace(self, min_score=None if not points else float(points))

    def with_min_share(self, share: Optional[float]) -> "TuningState":
        """Minimum pair score as a share of the best possible under the current weights."""
        return self.with_min_score(None if not share else round(share * self.total_weight, 6))

    def with_objective(self, objective: str) -> "TuningState":
        allowed = typing.get_args(MatchingConfig.model_fields["objective"].annotation)
        if objective not in allowed:
            raise ValueError(f"unknown objective {objective!r}; use one of {', '.join(allowed)}")
        return dataclasses.replace(self, objective=objective)

    @property
    def total_weight(self) -> float:
        return float(sum(self.weights.values()))

    @property
    def min_share(self) -> float:
        """The minimum score as a share of the best possible (0 when there is none)."""
        if not self.min_score or not self.total_weight:
            return 0.0
        return self.min_score / self.total_weight

    def structural_key(self) -> tuple:
        """What changes the allowed pairs or the mentors' seats (a rebuild rather than a re-solve)."""
        return tuple(sorted(self.rules.items())), self.capacity


def all_zero(state: TuningState) -> bool:
    """Every weight is 0: every pair scores 0 and any matching is as good as any other."""
    return bool(state.weights) and not any(w > 0 for w in state.weights.values())


def initial_state(program: Program) -> TuningState:
    """The saved settings of ``program.yaml``."""
    m = program.config.matching
    names = criterion_names(m.criteria)
    rules = m.rules.model_dump()
    return TuningState({n: float(c.weight) for n, c in zip(names, m.criteria)},
                       {r: rules[r] for r in RULE_CONTROLS}, m.capacity_override, m.min_score or None,
                       m.objective)


def configured(program: Program, state: TuningState) -> Program:
    """``program`` with the state's settings in its config: what a report would match after a save."""
    m = program.config.matching
    names = criterion_names(m.criteria)
    criteria = [c.model_copy(update={"weight": state.weights.get(n, c.weight)})
                for n, c in zip(names, m.criteria)]
    rules = m.rules.model_copy(update={r: state.rules[r] for r in RULE_CONTROLS if r in state.rules})
    matching = m.model_copy(update={"criteria": criteria, "rules": rules, "objective": state.objective,
                                    "min_score": state.min_score,
                                    "capacity_override": state.capacity})
    config = program.config.model_copy(update={"matching": matching})
    return dataclasses.replace(program, config=config)
