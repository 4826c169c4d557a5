"""workbench: diagnose a client's mentoring program, match its people, report on it.

The names an analyst calls, in one place (:data:`__all__`); each lives in the module named beside
it in ``_HOME``, where the rest of its layer is (``docs/architecture.md``):

* **loading**: ``load_program`` (a program folder, checked), ``check_program``, ``Program``,
  ``ProgramConfig``, ``InputError``;
* **reporting**: ``report_program`` (one folder: the four notebooks, the HTML bundle and
  ``report.pdf``), ``run_batch`` (every program of a folder, in parallel), ``ReportResult``;
* **matching**: ``assign``, ``pair_up``, ``stable``, ``suggest``, ``circles``, ``shortlists``,
  ``frontier``, ``MatchResult``;
* **tuning**: ``Tuner``, ``TuningPanel``, ``save_settings``;
* **evaluation**: ``comparison_group``, ``evaluate``, ``evaluations`` (a program's compared KPIs),
  ``returns`` (the ROI), and their results;
* **KPI review and planning**: ``scorecard``, ``exit_curves``, ``survey_results``,
  ``match_outcomes``, ``next_level_plan``, ``evidence_plan``, ``rounds_view``, ``suggest_tracks``.

Results show themselves in JupyterLab (``summary()``, ``to_frame()``, an HTML table:
:mod:`workbench.results`). The names are imported on first use, so ``import workbench`` (and the
command line) stays light:

>>> import workbench
>>> workbench.assign is __import__("workbench.matching", fromlist=["assign"]).assign
True
"""
from __future__ import annotations

import importlib

__version__ = "0.1.0"

# name -> (module, name there)
_HOME = {
    # loading
    "load_program": ("workbench.io", "load_program"),
    "check_program": ("workbench.io", "check_program"),
    "Program": ("workbench.program", "Program"),
    "ProgramConfig": ("workbench.config", "ProgramConfig"),
    "InputError": ("workbench.problems", "InputError"),
    # reporting
    "report_program": ("workbench.report.run", "report_program"),
    "ReportResult": ("workbench.report.run", "ReportResult"),
    "run_batch": ("workbench.batch", "run_batch"),
    # matching
    "assign": ("workbench.matching", "assign"),
    "pair_up": ("workbench.matching", "pair_up"),
    "stable": ("workbench.matching", "stable"),
    "suggest": ("workbench.matching", "suggest"),
    "circles": ("workbench.matching", "circles"),
    "shortlists": ("workbench.matching.modes", "shortlists"),
    "frontier": ("workbench.matching.modes", "frontier"),
    "MatchResult": ("workbench.matching", "MatchResult"),
    # tuning
    "Tuner": ("workbench.interactive", "Tuner"),
    "TuningPanel": ("workbench.interactive", "TuningPanel"),
    "save_settings": ("workbench.interactive", "save_settings"),
    # evaluation
    "comparison_group": ("workbench.evaluation", "comparison_group"),
    "ComparisonGroup": ("workbench.evaluation", "ComparisonGroup"),
    "evaluate": ("workbench.evaluation", "evaluate"),
    "OutcomeEvaluation": ("workbench.evaluation", "OutcomeEvaluation"),
    "Estimate": ("workbench.evaluation", "Estimate"),
    "evaluations": ("workbench.kpi.effects", "evaluations"),
    "returns": ("workbench.evaluation.roi", "returns"),
    "Return": ("workbench.evaluation.roi", "Return"),
    # KPI review and planning
    "scorecard": ("workbench.kpi.scorecard", "scorecard"),
    "Scorecard": ("workbench.kpi.scorecard", "Scorecard"),
    "exit_curves": ("workbench.kpi.survival", "exit_curves"),
    "ExitCurves": ("workbench.kpi.survival", "ExitCurves"),
    "survey_results": ("workbench.kpi.engagement", "survey_results"),
    "match_outcomes": ("workbench.kpi.match_outcomes", "match_outcomes"),
    "next_level_plan": ("workbench.next_level", "plan"),
    "NextLevelPlan": ("workbench.next_level", "NextLevelPlan"),
    "evidence_plan": ("workbench.evidence", "evidence_plan"),
    "rounds_view": ("workbench.rounds", "rounds_view"),
    "suggest_tracks": ("workbench.segments", "suggest_tracks"),
}

__all__ = [
    "load_program", "check_program", "Program", "ProgramConfig", "InputError",
    "report_program", "ReportResult", "run_batch",
    "assign", "pair_up", "stable", "suggest", "circles", "shortlists", "frontier", "MatchResult",
    "Tuner", "TuningPanel", "save_settings",
    "comparison_group", "ComparisonGroup", "evaluate", "OutcomeEvaluation", "Estimate", "evaluations",
    "returns", "Return",
    "scorecard", "Scorecard", "exit_curves", "ExitCurves", "survey_results", "match_outcomes",
    "next_level_plan", "NextLevelPlan", "evidence_plan", "rounds_view", "suggest_tracks",
]


def __getattr__(name: str):
    """Import a facade name from its home module on first use (PEP 562)."""
    try:
        module, attr = _HOME[name]
    except KeyError:
        raise AttributeError(f"module 'workbench' has no attribute {name!r}") from None
    value = getattr(importlib.import_module(module), attr)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
