"""Exact, explainable, constraint-aware matching of mentees to mentors (and peers, circles).

Layout (problem, players and algorithms kept apart, in the spirit of the ``matching`` package):

* :mod:`.problem` normalizes inputs into arrays + labels + masks (and raises ``ValueError``
  naming the bad argument and the shapes);
* :mod:`.algorithms` works on plain numpy arrays: ``transport`` (exact capacitated
  assignment by successive shortest paths), ``cardinality`` (maximum cardinality and the
  "fair" bottleneck optimum), ``deferred`` (deferred acceptance), ``blossom`` (general
  matching), ``circles`` (heuristic + upper bound);
* :mod:`.explain` builds "who is unmatched and why" and the result frames;
* :mod:`.bipartite`, :mod:`.peers`, :mod:`.groups` are the public functions below, on
  :mod:`.result` (:class:`MatchResult`, imported by all and importing none);
  :mod:`.by_name` runs any of them by name (:func:`solve`).

Every function takes scores as a 2-D array or a DataFrame (rows: mentees or people, columns:
mentors); labels in the result are the DataFrame's labels, else 0-based positions. A pair
whose ``allowed`` is False, whose score is NaN (or -inf), or whose score is below
``min_score`` is never used. Every function returns a :class:`MatchResult`: its rows
(``res.pairs``; ``res["mentor"]`` and ``len(res)`` read them), ``unmatched`` (a DataFrame
``mentee|person, reason`` with reasons "no allowed partner", "every allowed partner full",
"below min_score"), ``objective``, ``total``, ``lowest`` and ``matched``; an infeasible or
tight problem is a result, not an exception. :func:`solve` runs any of them by name.

>>> import numpy as np
>>> res = assign(np.array([[3.0, 1.0], [2.0, 1.0], [0.0, 5.0]]), capacity=[2, 1])
>>> res[["mentee", "mentor"]].values.tolist(), res.total
([[0, 0], [1, 0], [2, 1]], 10.0)
"""
from __future__ import annotations

from .bipartite import assign, stable, suggest
from .groups import circles
from .peers import pair_up
from .by_name import solve
from .result import MatchResult

__all__ = ["assign", "pair_up", "stable", "suggest", "circles", "solve", "MatchResult"]
