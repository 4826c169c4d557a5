"""Interactive tuning of the matching: move a weight, switch a rule, change capacity, the minimum
score or the objective, and see the new matching and what changed against the saved settings.

The public face of :mod:`workbench.tuning` (engine, views, saving, widgets):

- :func:`initial_state` reads the saved settings into a :class:`TuningState`, in the units of
  ``program.yaml`` (capacity ``None``: each mentor's own; minimum score in points);
- :class:`Tuner` re-solves fast; ``Tuner(program).update(state)`` returns the view, whose
  ``"changes"`` lists the mentees whose mentor changed (empty when nothing did) with why;
- :func:`save_settings` writes the state into ``program.yaml`` as a round-trip edit (only the
  changed lines differ; the previous file kept as a backup) and returns the backup's path;
- :class:`TuningPanel` wires ipywidgets to these functions.

Example
-------
>>> from workbench.io import load_program                          # doctest: +SKIP
>>> prog = load_program("data/programs/leadership-accelerator")    # doctest: +SKIP
>>> tuner = Tuner(prog)                                            # doctest: +SKIP
>>> view = tuner.update(tuner.saved.with_weight("overlap", 5.0))   # doctest: +SKIP
>>> len(view["changes"]), view["summary"]["mean_score"]            # doctest: +SKIP
"""
from .tuning import (RULE_CONTROLS, AllZeroWeights, Context, Tuner, TuningState, all_zero, changes, compare,
                     configured, coverage_by, explain_mentee, initial_state, save_settings,
                     save_weights, score_distribution, summarize, view)
from .tuning.html import changes_html, compare_html, explanation_html, summary_html
from .tuning.panel import TuningPanel
from .tuning.tuner import control_notes

__all__ = ["RULE_CONTROLS", "AllZeroWeights", "Context", "Tuner", "TuningState", "all_zero", "changes",
           "compare", "configured", "coverage_by", "explain_mentee", "initial_state", "save_settings",
           "save_weights", "score_distribution", "summarize", "view", "changes_html", "compare_html",
           "explanation_html", "summary_html", "TuningPanel", "control_notes"]
