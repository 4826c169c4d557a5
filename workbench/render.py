"""The one way a notebook shows text and tables to a client: every value from the client or from
``program.yaml`` is escaped, so a name holding ``<script>`` or ``<img onerror=...>`` is shown as
text and never acts in the page.

* :func:`esc` escapes one value for HTML and Markdown (``<``, ``>``, ``&``, quotes, and the
  Markdown characters that could build a link, an image or emphasis).
* :func:`md` fills a template of ours with escaped values: ``md("**{client}**", client=name)``.
  The template is trusted (it is our wording); only the values are escaped.
* :func:`table` turns a DataFrame into a Styler whose cells, column labels and index labels are
  all HTML-escaped; :func:`show` displays one.

Example
-------
>>> esc("O'Neil")
'O&#39;Neil'
>>> esc("<img src=x onerror=alert(1)>")
'&lt;img src=x onerror=alert&#40;1&#41;&gt;'
>>> md("**{name}** has {n} mentees", name="R&D <b>", n=3).data
'**R&amp;D &lt;b&gt;** has 3 mentees'
>>> import pandas as pd
>>> html = table(pd.DataFrame({"<th>": ["<script>x</script>"]})).to_html()
>>> "<script>" in html, "&lt;script&gt;" in html, "&lt;th&gt;" in html
(False, True, True)
"""
from __future__ import annotations

import html
from typing import Any, Mapping, Optional

import pandas as pd

# Markdown characters that can turn plain text into a link, image, emphasis or code: replaced by
# HTML entities (rendered as the same characters, never parsed as Markdown).
_MARKDOWN = {"[": "&#91;", "]": "&#93;", "(": "&#40;", ")": "&#41;", "*": "&#42;", "_": "&#95;",
             "`": "&#96;", "!": "&#33;", "|": "&#124;", "\\": "&#92;", "#": "&#35;", "~": "&#126;"}
_MD_TABLE = str.maketrans(_MARKDOWN)


def esc(value: Any) -> str:
    """``value`` as text that is safe inside HTML and Markdown (shown exactly, acts as nothing)."""
    text = "" if value is None else str(value)
    # HTML first, with the quote as a decimal entity, so the Markdown pass never meets the "#" of
    # an entity of its own (a hex &#x27; would become "&&#35;x27;" and print literally)
    escaped = html.escape(text, quote=False).replace('"', "&quot;").replace("'", "\x00")
    return escaped.translate(_MD_TABLE).replace("\x00", "&#39;")


def esc_html(value: Any) -> str:
    """``value`` escaped for HTML only (for HTML fragments that Markdown does not parse)."""
    return html.escape("" if value is None else str(value), quote=True)


def md(template: str, /, **values: Any):
    """An IPython ``Markdown`` of our ``template`` with every ``{name}`` filled by an escaped value.

    Numbers keep their format spec (``{share:.0%}``); any other value is escaped after formatting.
    """
    from IPython.display import Markdown

    safe = {k: _Safe(v) for k, v in values.items()}
    return Markdown(template.format(**safe))


class _Safe:
    """A value that formats itself with the caller's spec, then escapes the result."""

    __slots__ = ("value",)

    def __init__(self, value: Any):
        self.value = value

    def __format__(self, spec: str) -> str:
        return esc(format(self.value, spec))

    def __str__(self) -> str:
        return esc(self.value)


def table(frame: pd.DataFrame, *, index: bool = False, formats: Optional[Mapping[str, Any]] = None,
          na_rep: str = "–"):
    """A pandas Styler of ``frame`` with cells and labels HTML-escaped (Styler does not escape)."""
    styler = frame.style.format(na_rep=na_rep, escape="html")
    if formats:  # a dict formats only its own columns: the others keep the escaping above
        styler = styler.format(formats, na_rep=na_rep, escape="html")
    styler = styler.format_index(escape="html", axis=0).format_index(escape="html", axis=1)
    if not index:
        styler = styler.hide(axis="index")
    return styler


def show(frame: pd.DataFrame, **options) -> None:
    """Display :func:`table` of ``frame`` in the notebook."""
    from IPython.display import display

    display(table(frame, **options))
