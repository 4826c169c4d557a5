"""Stage 4, KPI review: engagement, exit curves, the scorecard. The comparison of participants
with comparable non-participants is :mod:`workbench.evaluation` (and ``exports/outcomes.csv``).

Modules: :mod:`.survival`
(Kaplan–Meier time to exit), :mod:`.engagement` (pairs against the cadence, at-risk list,
surveys), :mod:`.scorecard` (each charter KPI against baseline and target, metrics from the
registry :mod:`workbench.metrics`), :mod:`.effects` (the program's evaluations, computed once),
:mod:`.match_outcomes` (does match quality predict success), :mod:`.trend` (each KPI at earlier
dates). What notebook 04 shows, every figure protected and drawn by :mod:`workbench.charts`, is
:mod:`workbench.views.stage4`.

The package holds no code and re-exports nothing, so its modules sit at their own layers
(docs/architecture.md): :mod:`.survival` and :mod:`.engagement` below the metric registry that
measures with them, :mod:`.scorecard`, :mod:`.effects`, :mod:`.trend` and
:mod:`.match_outcomes` with the analysis. Import from the module:
``from workbench.kpi.scorecard import scorecard``.
"""
