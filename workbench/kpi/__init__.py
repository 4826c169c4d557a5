"""Stage 4, KPI review: engagement, exit curves, the scorecard. The comparison of participants
with comparable non-participants is :mod:`workbench.evaluation` (and ``exports/outcomes.csv``).

Modules: :mod:`.survival`
(Kaplan–Meier time to exit), :mod:`.engagement` (pairs against the cadence, at-risk list,
surveys), :mod:`.scorecard` (each charter KPI against baseline and target, metrics from the
registry :mod:`workbench.metrics`), :mod:`.effects` (the program's evaluations, computed once),
:mod:`.match_outcomes` (does match quality predict success), :mod:`.trend` (each KPI at earlier
dates). What notebook 04 shows, every figure protected and drawn by :mod:`workbench.charts`, is
:mod:`workbench.views.stage4`.
"""
from ..metrics import METRICS, Measurement, MetricSpec
from .engagement import (at_risk, engagement_status, expected_surveys, meetings_over_time,
                         status_counts, survey_results)
from .match_outcomes import match_outcomes, pair_contributions, spearman_ci, suggest_weights
from .effects import evaluation_of, evaluations, populations
from ..metrics import measure
from .scorecard import Scorecard, scorecard, status_of
from .trend import kpi_trend, trend_dates, trend_words
from .survival import (ExitCurves, km_curves, exit_curves, exit_frame, kaplan_meier, logrank_p, logrank_test,
                       median_survival, survival_at)

__all__ = ["engagement_status", "status_counts", "at_risk", "meetings_over_time", "survey_results",
           "expected_surveys", "scorecard", "Scorecard", "measure", "status_of",
           "match_outcomes", "spearman_ci", "kaplan_meier", "survival_at", "median_survival",
           "logrank_test", "logrank_p", "exit_frame", "exit_curves", "ExitCurves", "km_curves",
           "pair_contributions", "suggest_weights", "kpi_trend", "trend_dates", "trend_words",
           "METRICS", "MetricSpec", "Measurement", "evaluations", "evaluation_of",
           "populations"]
