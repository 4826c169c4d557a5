"""Score, constrain, match and explain mentee x mentor pairs; the matching registries.

- registries (one entry = the whole truth about one thing; ``workbench.config`` checks names
  against them when it validates): :data:`CRITERIA` (criterion kinds), :data:`RULES` (hard
  rules), :data:`FORMATS` (program formats);
- :func:`score_matrix` -> :class:`ScoreBreakdown` (per-criterion arrays, weighted ``total``,
  ``rescore(weights)`` without recomputation);
- :func:`allowed_mask` -> :class:`AllowedMask` (which pairs the rules allow and why not);
- :func:`explain` (per-criterion contributions, best alternative mentor and why not);
- :func:`match_program` (any format), :func:`rematch`, :func:`rematch_program`, :func:`diff_matchings`.

The package sits below the config (it reads programs duck-typed and imports no config), above
the engine :mod:`workbench.matching`; see docs/architecture.md.
"""
from .criteria import CRITERIA, CriterionKind, ScoreBreakdown, score_matrix
from .formats import FORMATS, MatchFormat, match_format
from .match import MatchOutcome, diff_matchings, explain, match_program, mentor_capacity, rematch_program
from .rematching import rematch
from .rules import RULES, AllowedMask, Rule, allowed_mask, registered_rule, rule, rule_names

__all__ = ["ScoreBreakdown", "score_matrix", "AllowedMask", "allowed_mask", "rule_names", "explain",
           "MatchOutcome", "match_program", "rematch", "rematch_program", "diff_matchings",
           "mentor_capacity", "CRITERIA", "CriterionKind", "FORMATS", "MatchFormat", "match_format",
           "RULES", "Rule", "rule", "registered_rule"]
