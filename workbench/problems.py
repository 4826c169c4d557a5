"""Input problems and warnings, collected in one pass and reported one line each.

Every line names the file, the row as a spreadsheet shows it (header is row 1, so the first
data row is row 2; for YAML the line number), the column (or YAML key), what is wrong and how
to fix it::

    people.csv:14:capacity: 'three' is not a whole number; write the capacity as a number such as 3

A *problem* stops the program (``validate`` exits 2, no report); a *warning* is printed and the
program loads (``--strict`` turns warnings into problems); a *note* says what the loader did on
its own (merged label spellings, a header found under title rows) and never stops anything.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable, Optional


@dataclass(frozen=True)
class Problem:
    file: str
    row: Optional[int]
    column: Optional[str]
    what: str
    fix: str

    def __str__(self) -> str:
        row = "" if self.row is None else str(self.row)
        col = self.column or ""
        return f"{self.file}:{row}:{col}: {self.what}; {self.fix}"


class InputError(Exception):
    """Raised when a program's inputs have problems; carries every problem found.

    ``problems`` are the lines to show (at most a few per column, then one "... and N more"
    line); ``count`` is the true number of problems, the hidden rows included.
    """

    exit_code = 2

    def __init__(self, problems: Iterable[Problem], count: Optional[int] = None,
                 warnings: Iterable[Problem] = ()):
        self.problems = list(problems)
        self.count = len(self.problems) if count is None else count
        self.warnings = list(warnings)
        super().__init__("\n".join(str(p) for p in self.problems))
