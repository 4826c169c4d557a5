"""Collecting problems, warnings and notes in one pass: at most :data:`MAX_PER_COLUMN`
row-level lines per column and kind of message, then one "... and N more rows" line."""
from __future__ import annotations

from collections import defaultdict
from typing import Callable

from ..problems import Problem

MAX_PER_COLUMN = 20
LEVELS = ("problem", "warning", "note")


class Collector:
    """Problems, warnings and notes in order, at most ``cap`` row-level lines per (file, column)."""

    def __init__(self, cap: int = MAX_PER_COLUMN):
        self.cap = cap
        self.lines: dict[str, list[Problem]] = {lv: [] for lv in LEVELS}
        self.counts: dict[str, int] = {lv: 0 for lv in LEVELS}
        self._shown: dict = defaultdict(int)
        self._hidden: dict = defaultdict(int)
        self._kinds: dict = defaultdict(set)
        self._order: list = []

    @property
    def problems(self) -> list[Problem]:
        return self.lines["problem"]

    def add(self, problem: Problem, level: str = "problem") -> None:
        self.lines[level].append(problem)
        self.counts[level] += 1

    def warn(self, problem: Problem) -> None:
        self.add(problem, "warning")

    def note(self, problem: Problem) -> None:
        self.add(problem, "note")

    def rows(self, file: str, column: str, rows, values, what: Callable, fix, kind: str = "",
             level: str = "problem") -> None:
        """One line per row (``rows``/``values`` aligned); ``what(value, i)`` and ``fix`` (str
        or callable) describe it. Beyond the cap only a count is kept."""
        rows = list(rows)
        if not rows:
            return
        key = (level, file, column)
        if key not in self._shown and key not in self._hidden:
            self._order.append(key)
        self._kinds[key].add(kind or id(what))
        room = max(self.cap - self._shown[key], 0)
        values = list(values)
        for i, (row, value) in enumerate(zip(rows[:room], values[:room])):
            f = fix(value, i) if callable(fix) else fix
            self.lines[level].append(Problem(file, int(row), column, what(value, i), f))
        self.counts[level] += len(rows)
        self._shown[key] += min(room, len(rows))
        self._hidden[key] += max(len(rows) - room, 0)

    def finish(self, level: str = "problem") -> list[Problem]:
        out = list(self.lines[level])
        for key in self._order:
            n = self._hidden.get(key, 0)
            if n and key[0] == level:
                _, file, column = key
                same = "the same problem" if len(self._kinds[key]) == 1 else "problems like these"
                # put the summary right after the last shown line of that column
                last = max(i for i, p in enumerate(out) if (p.file, p.column) == (file, column))
                out.insert(last + 1, Problem(file, None, column, f"... and {n} more rows with {same}",
                                             "fix them the same way"))
        return out
