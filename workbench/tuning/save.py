"""Save a :class:`TuningState` into ``program.yaml`` as a round-trip edit.

Only the settings that differ from the file are touched (see :mod:`workbench.settings_edit`):
comments, key order, quoting, line endings and permissions stay; the previous file is kept as
``program.yaml.<timestamp>.bak``. The edited file is validated, and read back to check that it
holds exactly the state, before it replaces the original.
"""
from __future__ import annotations

import tempfile
from pathlib import Path

from ..config import ProgramConfig
from ..config_yaml import parse_config
from ..problems import InputError
from ..scoring.criteria import criterion_names
from ..settings_edit import Edit, edit_file
from .state import RULE_CONTROLS, TuningState, all_zero

__all__ = ["save_settings", "save_weights", "settings_edits", "state_of_config", "AllZeroWeights"]


class AllZeroWeights(ValueError):
    """Refused: a matching where every weight is 0 is arbitrary."""


ALL_ZERO = ("every weight is 0, so every pair would score 0 and the matching would be arbitrary; "
            "give at least one criterion a weight above 0")


def _same(a, b) -> bool:
    if a is None or b is None:
        return (a in (None, 0)) and (b in (None, 0))
    return float(a) == float(b) if not isinstance(a, (str, bool)) else a == b


def state_of_config(cfg: ProgramConfig) -> dict:
    """The matching settings of a config, in the state's terms (for comparing with a state)."""
    m = cfg.matching
    return {"weights": {n: float(c.weight) for n, c in zip(criterion_names(m.criteria), m.criteria)},
            "rules": {r: getattr(m.rules, r) for r in RULE_CONTROLS}, "capacity": m.capacity_override,
            "min_score": m.min_score or None, "objective": m.objective}


def settings_edits(cfg: ProgramConfig, state: TuningState) -> list[Edit]:
    """The edits that turn ``cfg``'s matching settings into ``state``'s (none for equal ones)."""
    m = cfg.matching
    edits = []
    names = criterion_names(m.criteria)
    unknown = sorted(set(state.weights) - set(names))
    if unknown:
        raise KeyError(f"criterion {unknown[0]!r} is not in program.yaml; criteria are {', '.join(names)}")
    for i, (name, c) in enumerate(zip(names, m.criteria)):
        if name in state.weights and not _same(state.weights[name], c.weight):
            edits.append(Edit(("matching", "criteria", i, "weight"), float(state.weights[name])))
    for r, control in RULE_CONTROLS.items():
        if r in state.rules and not _same(state.rules[r], getattr(m.rules, r)):
            edits.append(Edit(("matching", "rules", r), state.rules[r], integer=control.integer))
    if not _same(state.capacity, m.capacity_override):
        edits.append(Edit(("matching", "capacity_override"), state.capacity, integer=True))
    if not _same(state.min_score, m.min_score):
        edits.append(Edit(("matching", "min_score"), state.min_score))
    if state.objective != m.objective:
        edits.append(Edit(("matching", "objective"), state.objective))
    return edits


def _checker(path: Path, state: TuningState):
    """Refuse an edited text that is invalid or does not hold exactly ``state``."""
    def check(text: str) -> None:
        with tempfile.TemporaryDirectory() as tmp:
            probe = Path(tmp) / "program.yaml"
            probe.write_text(text, encoding="utf-8")
            result = parse_config(probe)
        if result.problems:
            raise InputError(result.problems)
        got = state_of_config(result.config)
        want = {"weights": dict(state.weights),
                "rules": {r: state.rules.get(r, got["rules"][r]) for r in RULE_CONTROLS},
                "capacity": state.capacity, "min_score": state.min_score, "objective": state.objective}
        want["weights"] = {**got["weights"], **want["weights"]}
        if got != want:
            raise RuntimeError(f"{path}: the edited file would not hold the panel's settings "
                               f"(read back {got}, wanted {want}); nothing was saved")
    return check


def save_settings(program_dir: str | Path, state: TuningState) -> Path:
    """Write the state's weights, rules (with their values), capacity override, minimum score
    and objective into ``program_dir/program.yaml``, changing only the lines that differ.

    Returns the backup's path. Raises :class:`AllZeroWeights` when every weight is 0, and
    :class:`workbench.problems.InputError` when ``program.yaml`` itself is invalid.
    """
    path = Path(program_dir)
    path = path / "program.yaml" if path.is_dir() else path
    if all_zero(state):
        raise AllZeroWeights(f"{path.name}: not saved: {ALL_ZERO}")
    result = parse_config(path)
    if result.problems:
        raise InputError(result.problems)
    return edit_file(path, settings_edits(result.config, state), check=_checker(path, state))


def save_weights(program_dir: str | Path, state: TuningState) -> Path:
    """Former name of :func:`save_settings` (it now saves every setting of the state)."""
    return save_settings(program_dir, state)
