"""The tuning panel's engine, views and saving; :mod:`workbench.interactive` is its public face."""
from .save import AllZeroWeights, save_settings, save_weights, settings_edits
from .state import RULE_CONTROLS, TuningState, all_zero, configured, initial_state
from .tuner import Tuner
from .views import (Context, changes, compare, coverage_by, explain_mentee, score_distribution,
                    summarize, view)

__all__ = ["AllZeroWeights", "save_settings", "save_weights", "settings_edits", "RULE_CONTROLS",
           "TuningState", "all_zero", "configured", "initial_state", "Tuner", "Context", "changes",
           "compare", "coverage_by", "explain_mentee", "score_distribution", "summarize", "view"]
