"""The program's evaluations, computed once per program and shared by every page.

:func:`evaluation_of` evaluates one individual outcome (``left``, ``promoted``) for one
population on :func:`workbench.evaluation.comparison_group`, adjusted for the program's
``evaluation.adjust_for``; results are cached on the program, so the outcome table, the
scorecard and the export give the same answer from the same people.
"""
from __future__ import annotations

from ..evaluation import OutcomeEvaluation, comparison_group, evaluate
from ..program import Program
from ..metrics import METRICS


def evaluation_of(program: Program, population: str, outcome: str) -> OutcomeEvaluation:
    """The evaluation of ``outcome`` for ``population`` (cached on the program)."""
    ev_cfg = program.config.evaluation
    group = comparison_group(program, population, seed=ev_cfg.seed)
    key = (population, outcome, tuple(ev_cfg.adjust_for), ev_cfg.trim_weights, ev_cfg.weights, id(group))
    cache = program.__dict__.setdefault("_evaluations", {})
    if key not in cache:
        cache[key] = evaluate(group, outcome, ev_cfg.adjust_for, min_group=program.config.min_group_size,
                              trim=ev_cfg.trim_weights, scheme=ev_cfg.weights)
    return cache[key]


def evaluations(program: Program) -> list[OutcomeEvaluation]:
    """Every evaluated outcome × population of the program (cached, shared with the scorecard):
    leaving, and promotion where the workforce records promotions."""
    outcomes = ["left"]
    if program.workforce["promotion_date"].notna().any():
        outcomes.append("promoted")
    return [evaluation_of(program, pop, o) for pop in populations(program) for o in outcomes]


def populations(program: Program) -> list[str]:
    """Populations to evaluate: those of the KPIs with an individual outcome, else the mentees
    (all participants when the program has no mentee role, e.g. circles of peers)."""
    pops = [k.population for k in program.config.kpis if METRICS[k.metric].outcome]
    if not pops:
        pops = ["mentees"] if len(program.mentees) else ["participants"]
    return list(dict.fromkeys(pops))
