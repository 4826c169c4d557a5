"""Score, constrain, match and explain mentee x mentor pairs.

- :func:`score_matrix` -> :class:`ScoreBreakdown` (per-criterion arrays, weighted ``total``,
  ``rescore(weights)`` without recomputation);
- :func:`allowed_mask` -> :class:`AllowedMask` (which pairs the rules allow and why not);
- :func:`explain` (per-criterion contributions, best alternative mentor and why not);
- :func:`match_program`, :func:`rematch`, :func:`rematch_program`, :func:`diff_matchings`.
"""
from .criteria import ScoreBreakdown, score_matrix
from .match import (MatchOutcome, diff_matchings, explain, match_program, mentor_capacity, rematch,
                    rematch_program)
from .rules import RULE_NAMES, AllowedMask, allowed_mask

__all__ = ["ScoreBreakdown", "score_matrix", "AllowedMask", "allowed_mask", "RULE_NAMES", "explain",
           "MatchOutcome", "match_program", "rematch", "rematch_program", "diff_matchings",
           "mentor_capacity"]
