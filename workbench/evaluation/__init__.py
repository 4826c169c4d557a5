"""Evaluation: did taking part change an outcome? One design, two estimators, balance, E-values.

Layers (each module imports only the ones above it):

* :mod:`.stats` — small exact helpers (p-value wording, Newcombe interval, design matrix with
  quasi-separated nuisance levels merged, logistic fit with plain-words failures);
* :mod:`.design` — :func:`comparison_group`: the ONE definition of comparable non-participants
  for a population and a date, with matched index dates (a landmark design: no immortal time);
* :mod:`.estimators` — raw, regression adjustment, overlap propensity weighting and a Cox
  model with time-varying participation, each an :class:`Estimate`;
* :mod:`.balance` — standardised mean differences before and after weighting;
* :mod:`.evalues` — VanderWeele & Ding (2017) E-values;
* :mod:`.conclude` — one conclusion per outcome from both estimators' intervals;
* :mod:`.evaluate` — :func:`evaluate` (everything for one outcome) and :func:`outcomes_table`.
"""
from .design import ComparisonGroup, comparison_group, landmark_design
from .estimators import ESTIMATOR_NAMES, Estimate, cox_time_varying, raw_estimate, regression, weighting
from .balance import balance_table
from .evalues import e_value
from .conclude import CONCLUSIONS, conclude
from .evaluate import OUTCOMES, OUTCOME_COLUMNS, OutcomeEvaluation, evaluate, outcomes_table

__all__ = ["ComparisonGroup", "comparison_group", "landmark_design", "Estimate", "ESTIMATOR_NAMES", "raw_estimate",
           "regression", "weighting", "cox_time_varying", "balance_table", "e_value", "conclude",
           "CONCLUSIONS", "evaluate", "OutcomeEvaluation", "outcomes_table", "OUTCOME_COLUMNS",
           "OUTCOMES"]
