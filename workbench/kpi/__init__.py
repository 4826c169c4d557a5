"""Stage 4, KPI review: engagement, outcomes against the comparison group, the scorecard.

Public contract: :func:`outcome_comparison` (see its docstring).

Modules: :mod:`.metrics` (the KPI metric registry), :mod:`.outcomes` (raw vs adjusted comparison
of a ready frame), :mod:`.survival` (Kaplan–Meier time to exit), :mod:`.engagement` (pairs against
the cadence, at-risk list, surveys), :mod:`.scorecard` (each charter KPI against baseline and
target), :mod:`.match_outcomes` (does match quality predict success), :mod:`.trend` (each KPI at
earlier dates), :mod:`.views` (what notebook 04 shows), :mod:`.plots` (the only module that draws).

Names are loaded on first use (PEP 562), so that :mod:`workbench.config` can build its ``Metric``
enum from :mod:`.metrics` without importing the rest of the stage.
"""
from importlib import import_module

_NAMES = {
    "engagement": ["at_risk", "engagement_status", "expected_surveys", "meetings_over_time",
                   "status_counts", "survey_summary"],
    "match_outcomes": ["match_outcomes", "pair_contributions", "spearman_ci", "suggest_weights"],
    "outcomes": ["OutcomeComparison", "comparison_table", "outcome_comparison"],
    "plots": ["plot_kpi_trend", "plot_survival", "plot_balance", "plot_survival_view"],
    "scorecard": ["measure", "participation_frame", "scorecard", "Scorecard", "status_of"],
    "suppress": ["suppress_small_groups"],
    "trend": ["kpi_trend", "trend_dates", "trend_words"],
    "survival": ["ExitCurves", "km_curves", "exit_curves", "exit_frame", "kaplan_meier", "logrank_p",
                 "logrank_test", "median_survival", "survival_at"],
    "metrics": ["METRICS", "MetricSpec", "Measurement"],
    "views": ["outcome_view", "survival_view", "scorecard_view", "engagement_view", "weights_view",
              "evaluations", "OutcomeView"],
}
_WHERE = {name: module for module, names in _NAMES.items() for name in names}
__all__ = sorted(_WHERE)


def __getattr__(name):
    if name in _WHERE:
        value = getattr(import_module(f".{_WHERE[name]}", __name__), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__():
    return sorted(list(globals()) + __all__)
