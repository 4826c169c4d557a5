"""Results that show themselves in a notebook (issue 33 item 6), as statsmodels' and lifelines'
results do: :class:`Shown` gives a result dataclass

* ``to_frame()``: its figures as a :class:`pandas.DataFrame` (a copy: changing it changes nothing);
* ``summary()``: a plain-text summary (its title, its sentence, the frame);
* ``_repr_html_()``: what JupyterLab's ``display(result)`` shows, an HTML table whose every label
  is escaped (``DataFrame.to_html(escape=True)``, the title and sentence through :func:`html.escape`).

A result says what its frame is by overriding :meth:`Shown.to_frame` (by default: one row per
field, its value, tables and nested results as their size) and, where it has one, its sentence by
overriding ``_headline()`` (by default a ``sentence`` field, else nothing). These are for
the analyst: the client's pages never render them (they render :mod:`workbench.views`).

This module is at the bottom of the package: it imports nothing from it.

Example
-------
>>> from dataclasses import dataclass
>>> @dataclass(frozen=True)
... class Tally(Shown):
...     label: str
...     count: int
>>> t = Tally("<b>mentors</b>", 12)
>>> print(t.summary())
Tally
field          value
label <b>mentors</b>
count             12
>>> "&lt;b&gt;mentors&lt;/b&gt;" in t._repr_html_() and "<b>mentors" not in t._repr_html_()
True
"""
from __future__ import annotations

import dataclasses
import html

import pandas as pd

SHOWN_ROWS = 30   # rows shown by summary() and _repr_html_(); to_frame() keeps every row


def _cell(value):
    """A field's value as one cell: scalars as they are, tables and results as what they hold."""
    if isinstance(value, (pd.DataFrame, pd.Series)):
        return f"{type(value).__name__} of {len(value)} rows"
    if isinstance(value, dict):
        return f"{len(value)} entries"
    if dataclasses.is_dataclass(value):
        return type(value).__name__
    if isinstance(value, (list, tuple)) and any(dataclasses.is_dataclass(v) or isinstance(v, pd.DataFrame)
                                                for v in value):
        return f"{len(value)} items"
    return value


def _named(frame: pd.DataFrame) -> bool:
    """Whether the frame's index says something (anything but 0, 1, 2, ...)."""
    return not isinstance(frame.index, pd.RangeIndex) or frame.index.name is not None


class Shown:
    """Mixin for result dataclasses: ``to_frame()``, ``summary()`` and ``_repr_html_()``."""

    def to_frame(self) -> pd.DataFrame:
        """The result's figures as a table (default: ``field, value``, one row per field)."""
        return pd.DataFrame([{"field": f.name, "value": _cell(getattr(self, f.name))}
                             for f in dataclasses.fields(self) if f.repr],
                            columns=["field", "value"])

    def _headline(self) -> str:
        """The result in one sentence, where it has one (default: its ``sentence`` field)."""
        sentence = getattr(self, "sentence", "")
        return sentence if isinstance(sentence, str) else ""

    def _title(self) -> str:
        return type(self).__name__

    def summary(self) -> str:
        """Plain text: the title, the sentence, the table (its first :data:`SHOWN_ROWS` rows)."""
        frame = self.to_frame()
        parts = [self._title()]
        if self._headline():
            parts.append(self._headline())
        if len(frame.columns):
            parts.append(frame.to_string(index=_named(frame), max_rows=SHOWN_ROWS, max_colwidth=60))
        return "\n".join(parts)

    def _repr_html_(self) -> str:
        """JupyterLab's view: the title, the sentence and the table, every label escaped."""
        frame = self.to_frame()
        head = f"<p><strong>{html.escape(self._title())}</strong></p>"
        if self._headline():
            head += f"<p>{html.escape(self._headline())}</p>"
        table = frame.to_html(escape=True, index=_named(frame), max_rows=SHOWN_ROWS, border=0, na_rep="–")
        return f'<div class="workbench-result">{head}{table}</div>'
