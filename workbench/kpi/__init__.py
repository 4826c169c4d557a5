"""Stage 4, KPI review: engagement, outcomes against comparable non-participants, the scorecard.

Public contract: :func:`outcome_comparison` (see its docstring).
"""
from .engagement import at_risk, engagement_status, meetings_over_time, survey_summary
from .outcomes import OutcomeComparison, comparison_table, outcome_comparison
from .scorecard import match_outcomes, measure, participation_frame, scorecard
from .survival import kaplan_meier, logrank_p, plot_survival

__all__ = ["outcome_comparison", "OutcomeComparison", "comparison_table", "engagement_status",
           "at_risk", "meetings_over_time", "survey_summary", "participation_frame", "scorecard",
           "measure", "match_outcomes", "kaplan_meier", "logrank_p", "plot_survival"]
