"""One presentation layer for the figures a client reads (issue 16 item 2).

Shares as ``%``, counts with thousands separators, dates as ``31 Dec 2026``, intervals as
``0.58 (0.41–0.84)``, p-values as ``p < 0.001`` (never ``p = 0.000``), plain-word column headers,
no index artifacts, missing values as ``–``. :func:`tidy` applies them to a whole table given
which columns are shares, counts, dates or decimals. :class:`KeyFigure` is a key figure as the
client reads it (label, value, text, hidden and why, definition): the views make them, and the
summary, the portfolio and ``figures.json`` read their values; :func:`render_template` writes
the HTML Python builds, autoescaped; :func:`plural` counts nouns (never "(s)").

Example
-------
>>> share(0.1234), count(12345), date("2026-12-31"), p_value(0.0000312), p_value(0.0412)
('12 %', '12,345', '31 Dec 2026', 'p < 0.001', 'p = 0.041')
>>> interval(0.58, 0.41, 0.84), header("mentor_seats"), header("response_rate"), header("kpi")
('0.58 (0.41–0.84)', 'Mentor seats', 'Response rate', 'KPI')
>>> share(None), count(float("nan"))
('–', '–')
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum
from typing import Any, Iterable, Optional

import pandas as pd
from .atomic import atomic_write
from .disclosure import MARK

MISSING = "–"
# words a header spells in capitals (``kpi`` → ``KPI``, ``smd_after`` → ``SMD after``)
ACRONYMS = {"kpi": "KPI", "kpis": "KPIs", "smd": "SMD", "ci": "CI", "id": "ID", "hr": "HR", "ai": "AI"}
DASH = "–"   # en dash, in ranges


def is_missing(x: Any) -> bool:
    """No value: None, NaN/NaT/NA, or a text that stands for none (``""``, ``"nan"``, the marker
    ``–``).

    >>> [is_missing(x) for x in (None, float("nan"), "", "–", "nan", 0, "0", "hidden")]
    [True, True, True, True, True, False, False, False]
    """
    if x is None:
        return True
    if isinstance(x, str):
        return x.strip() in ("", "nan", "NaT", "<NA>", MISSING)
    try:
        return bool(pd.isna(x))
    except (TypeError, ValueError):
        return False


def share(x: Any, digits: int = 0) -> str:
    """``0.1234`` → ``'12 %'`` (``digits`` decimals of the percentage)."""
    if is_missing(x):
        return MISSING
    return f"{float(x) * 100:.{digits}f} %"


def count(n: Any) -> str:
    """``12345`` → ``'12,345'``."""
    if is_missing(n):
        return MISSING
    return f"{int(round(float(n))):,}"


def number(x: Any, digits: int = 2) -> str:
    """A decimal with ``digits`` decimals and thousands separators; never a negative zero.

    >>> number(1234.567), number(-0.001), number(-0.006)
    ('1,234.57', '0.00', '-0.01')
    """
    if is_missing(x):
        return MISSING
    text = f"{float(x):,.{digits}f}"
    return text[1:] if text.startswith("-") and not text.strip("-0.,") else text


def date(d: Any) -> str:
    """Any date-like → ``'31 Dec 2026'``."""
    if is_missing(d):
        return MISSING
    ts = pd.Timestamp(d)
    return f"{ts.day} {ts:%b %Y}"


def p_value(p: Any) -> str:
    """``'p < 0.001'`` below a thousandth, else ``'p = 0.041'``."""
    if is_missing(p):
        return MISSING
    p = float(p)
    return "p < 0.001" if p < 0.001 else f"p = {p:.3f}"


def interval(estimate: Any, low: Any, high: Any, digits: int = 2) -> str:
    """``0.58 (0.41–0.84)``; ``-0.31 (-0.54 to -0.02)`` when an end is negative (never the
    dash beside a minus, ``–-``); the estimate alone when the interval is missing.

    >>> interval(-0.31, -0.54, -0.02), interval(0.09, -0.17, 0.35)
    ('-0.31 (-0.54 to -0.02)', '0.09 (-0.17 to 0.35)')
    """
    if is_missing(estimate):
        return MISSING
    if is_missing(low) or is_missing(high):
        return f"{float(estimate):.{digits}f}"
    sep = " to " if float(low) < 0 or float(high) < 0 else DASH
    return f"{float(estimate):.{digits}f} ({float(low):.{digits}f}{sep}{float(high):.{digits}f})"


def header(name: Any) -> str:
    """A column or index name in plain words: ``mentor_seats`` → ``'Mentor seats'``; names
    already in words keep their case (``'KPI'``, ``'why not'`` → ``'Why not'``)."""
    if isinstance(name, Enum):
        name = name.value
    text = re.sub(r"[_]+", " ", str(name)).strip()
    text = " ".join(ACRONYMS.get(word, word) for word in text.split(" "))
    return text[:1].upper() + text[1:] if text else text


def label(value: Any) -> str:
    """A category value as text: enum members by their value (``Population.mentees`` → ``mentees``),
    ``one_to_one`` → ``one-to-one``, missing as ``–``."""
    if isinstance(value, Enum):
        value = value.value
    if is_missing(value):
        return MISSING
    return str(value).replace("_", "-") if re.fullmatch(r"[a-z0-9]+(_[a-z0-9]+)+", str(value)) else str(value)


def tidy(frame: pd.DataFrame, *, shares: Iterable[str] = (), counts: Iterable[str] = (),
         dates: Iterable[str] = (), decimals: Optional[dict[str, int]] = None,
         index: Optional[bool] = None) -> pd.DataFrame:
    """A copy of ``frame`` ready to show: the named columns formatted, every other float to two
    decimals, category values via :func:`label`, headers in plain words, the index turned into
    a column when it carries meaning (a name, or ``index=True``) and dropped when it is a bare
    0, 1, 2 (``index=False``), so no ``0``/``1`` column and no two-row header appear."""
    out = frame.copy()
    keep_index = index if index is not None else (out.index.name is not None or
                                                  not isinstance(out.index, pd.RangeIndex))
    out = out.reset_index() if keep_index else out.reset_index(drop=True)
    shares, counts, dates = set(shares), set(counts), set(dates)
    decimals = decimals or {}
    for col in out.columns:
        s = out[col]
        if col in shares:
            out[col] = s.map(share)
        elif col in counts:
            out[col] = s.map(count)
        elif col in dates:
            out[col] = s.map(date)
        elif col in decimals:
            out[col] = s.map(lambda x, d=decimals[col]: number(x, d))
        elif pd.api.types.is_bool_dtype(s):
            out[col] = s.map(lambda x: MISSING if is_missing(x) else ("yes" if x else "no"))
        elif pd.api.types.is_integer_dtype(s):
            out[col] = s.map(count)
        elif pd.api.types.is_float_dtype(s):
            out[col] = s.map(lambda x: number(x, 2))
        elif pd.api.types.is_datetime64_any_dtype(s):
            out[col] = s.map(date)
        else:
            out[col] = s.map(lambda x: label(x) if not isinstance(x, (int, float)) or is_missing(x)
                             else (count(x) if float(x).is_integer() else number(x, 2)))
    out.columns = [header(c) for c in out.columns]
    return out


def plain_frame(frame: pd.DataFrame, *, index: bool = True,
                formats: Optional[dict] = None) -> tuple[pd.DataFrame, Optional[dict]]:
    """``frame`` shaped for a client table, with ``formats`` keyed to match: one header row of
    plain words (a named index or column axis never gets a row of its own, a column MultiIndex is
    joined), the index kept as the first column when it carries meaning and ``index`` is true,
    dropped when it is a bare 0, 1, 2. Cells are untouched (see :func:`tidy` for those).

    >>> f = pd.DataFrame({"mentor_seats": [3]}, index=pd.Index(["Sales"], name="department"))
    >>> f.columns.name = "side"
    >>> shown, _ = plain_frame(f)
    >>> list(shown.columns), shown.index.tolist()
    (['Department', 'Mentor seats'], [0])
    """
    out = frame.copy()
    if isinstance(out.columns, pd.MultiIndex):
        out.columns = [" ".join(str(part) for part in col if str(part).strip()) for col in out.columns]
    out.columns.name = None
    bare = isinstance(out.index, pd.RangeIndex) and all(n is None for n in out.index.names)
    if index and not bare:
        out.index.names = [n if n is not None else "" for n in out.index.names]
        out = out.reset_index()
    else:
        out = out.reset_index(drop=True)
    names = {c: header(c) for c in out.columns}
    out.columns = [names[c] for c in out.columns]
    if formats:
        formats = {names.get(k, header(k)): v for k, v in formats.items()}
    return out, formats


def plural(n: Any, noun: str, many: Optional[str] = None) -> str:
    """``n`` and its noun in the right number (never ``need(s)``): ``1 need``, ``3 needs``,
    ``2 of the 3 ...`` is the caller's; ``many`` for irregular plurals.

    >>> plural(1, "need"), plural(3, "need"), plural(0, "pair"), plural(2, "company", "companies")
    ('1 need', '3 needs', '0 pairs', '2 companies')
    """
    if is_missing(n):
        return f"{MISSING} {many or noun + 's'}"
    k = int(round(float(n)))
    return f"{count(k)} {noun if k == 1 else (many or noun + 's')}"


def and_list(items) -> str:
    """Items as a sentence lists them: ``a``, ``a and b``, ``a, b and c``.

    >>> and_list(["Product (5 seats short)", "Engineering (3 seats short)"]), and_list(["a", "b", "c"]), and_list([])
    ('Product (5 seats short) and Engineering (3 seats short)', 'a, b and c', '')
    """
    items = [str(i) for i in items]
    return " and ".join([", ".join(items[:-1]), items[-1]]) if len(items) > 1 else "".join(items)


def other_label(n: int, noun: str = "group") -> str:
    """The name of a breakdown's row pooling its small groups: ``Other (3 departments)`` (it
    names none of them).

    >>> other_label(3, "department"), is_pooled("Other (3 departments)"), is_pooled("Other")
    ('Other (3 departments)', True, False)
    """
    return f"Other ({plural(n, noun)})"


def is_pooled(row: Any) -> bool:
    """Whether a breakdown's row is the pool of its small groups (:func:`other_label`)."""
    return bool(re.fullmatch(r"Other \(\d[\d,]* [^()]+\)", str(row)))


def groups_in(row: Any) -> int:
    """How many groups a breakdown's row stands for: those it pools, else one.

    >>> groups_in("Other (5 tracks)"), groups_in("Track A: sql")
    (5, 1)
    """
    return int(re.search(r"\d[\d,]*", str(row)).group(0).replace(",", "")) if is_pooled(row) else 1


def clauses_once(text: Any) -> str:
    """A note of clauses (``a; b; c``) with each point said once (of two clauses opening with the
    same two words, such as "no baseline to judge progress by" and "no baseline: needs surveys
    ...", the longer stays), counts of people with separators, no trailing stop.

    >>> clauses_once("no baseline to judge progress by; 1451 answers; "
    ...              "no baseline: needs surveys from before the program.")
    'no baseline: needs surveys from before the program; 1,451 answers'
    """
    kept: dict = {}
    for clause in (c.strip().rstrip(".") for c in str(text).split("; ") if c.strip()):
        key = " ".join(clause.replace(":", " ").split()[:2]).lower()
        if len(clause) > len(kept.get(key, "")):
            kept[key] = clause
    out = "; ".join(kept.values())
    return re.sub(r"(?<![\d,.])(\d{4,})(?= (?:answers|mentees|people|pairs|participants|employees))",
                  lambda m: f"{int(m.group(1)):,}", out)


KINDS = ("share", "count", "fraction", "ratio", "decimal", "text")


@dataclass(frozen=True)
class KeyFigure:
    """One key figure as the client reads it (summary, headlines, portfolio, KPI status): its
    ``label``, the number (``value``: a share as 0-1, a count, a fraction's quotient), the
    ``text`` printed, whether it is ``hidden`` and the ``reason`` (also why there is no figure at
    all, ``value`` None and not hidden), its one-line ``definition`` (the report's glossary) and,
    for a fraction or a ratio, its ``parts`` (numerator, denominator; None where hidden).

    Every reader takes the value, never the text: the text is made here, once.

    >>> f = KeyFigure.share("Pairs on track", 0.92, definition="of the current pairs")
    >>> f.text, f.value, KeyFigure.from_dict(f.to_dict()) == f
    ('92 %', 0.92, True)
    >>> KeyFigure.ratio("Mentees / mentor seats", 30, None).text
    '30 / hidden'
    >>> h = KeyFigure.withheld("Needs short of mentor seats", "a need's seats are hidden")
    >>> h.text, h.value, h.hidden
    ('hidden', None, True)
    """
    label: str
    text: str
    value: Optional[float] = None
    kind: str = "text"
    hidden: bool = False
    reason: str = ""
    definition: str = ""
    parts: tuple = ()

    @property
    def shown(self) -> bool:
        """A number the reader may use."""
        return not self.hidden and self.value is not None

    # --- constructors: the one place a key figure's text is made
    @classmethod
    def share(cls, label: str, x: Optional[float], *, definition: str = "", reason: str = "",
              parts: tuple = ()) -> "KeyFigure":
        if x is None:
            return cls.withheld(label, reason, definition=definition, kind="share")
        return cls(label, share(x), float(x), "share", definition=definition, parts=tuple(parts))

    @classmethod
    def count(cls, label: str, n: Optional[float], *, definition: str = "", reason: str = "") -> "KeyFigure":
        if n is None:
            return cls.withheld(label, reason, definition=definition, kind="count")
        return cls(label, count(n), float(n), "count", definition=definition)

    @classmethod
    def fraction(cls, label: str, part: Optional[float], whole: Optional[float], *, text: str = "",
                 definition: str = "", reason: str = "") -> "KeyFigure":
        """``part of whole`` (``2 of 3``); ``text`` replaces the words, not the numbers' source."""
        if part is None or whole is None:
            return cls.withheld(label, reason, definition=definition, kind="fraction")
        value = float(part) / float(whole) if whole else None
        return cls(label, text or f"{count(part)} of {count(whole)}", value, "fraction",
                   definition=definition, parts=(float(part), float(whole)))

    @classmethod
    def ratio(cls, label: str, a: Optional[float], b: Optional[float], *, definition: str = "",
              reason: str = "") -> "KeyFigure":
        """``a / b`` with each side hidden on its own (``30 / hidden``)."""
        text = " / ".join(MARK if x is None else count(x) for x in (a, b))
        hidden = a is None or b is None
        value = None if hidden or not b else float(a) / float(b)
        return cls(label, text, value, "ratio", hidden=hidden, reason=reason if hidden else "",
                   definition=definition,
                   parts=tuple(None if x is None else float(x) for x in (a, b)))

    @classmethod
    def words(cls, label: str, text: str, *, definition: str = "") -> "KeyFigure":
        return cls(label, str(text), None, "text", definition=definition)

    @classmethod
    def withheld(cls, label: str, reason: str = "", *, definition: str = "", kind: str = "text") -> "KeyFigure":
        """A figure hidden to protect a small group: never a zero."""
        return cls(label, MARK, None, kind, hidden=True, reason=reason, definition=definition)

    @classmethod
    def absent(cls, label: str, reason: str, *, definition: str = "", kind: str = "text") -> "KeyFigure":
        """No figure because there is nothing to measure (``reason`` says why, as a sentence)."""
        return cls(label, MISSING, None, kind, reason=reason, definition=definition)

    def to_dict(self) -> dict:
        return {"label": self.label, "text": self.text, "value": self.value, "kind": self.kind,
                "hidden": self.hidden, "reason": self.reason, "definition": self.definition,
                "parts": list(self.parts)}

    @classmethod
    def from_dict(cls, d: dict) -> "KeyFigure":
        value = d.get("value")
        kind = d.get("kind", "text")
        return cls(str(d.get("label", "")), str(d.get("text", MISSING)),
                   None if value is None else float(value), kind if kind in KINDS else "text",
                   bool(d.get("hidden", False)), str(d.get("reason", "")), str(d.get("definition", "")),
                   tuple(None if x is None else float(x) for x in d.get("parts", ()) or ()))


FIGURES_FILE = "figures.json"   # the typed key figures beside headlines.json (label -> KeyFigure)


def read_figures(folder) -> dict:
    """The typed key figures a bundle published (``figures.json``), by label; empty without."""
    import json
    from pathlib import Path
    path = Path(folder) / FIGURES_FILE
    try:
        data = json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}
    except (OSError, ValueError):
        return {}
    return {str(k): KeyFigure.from_dict(v) for k, v in data.items() if isinstance(v, dict)}


def record_figures(folder, figures: Iterable["KeyFigure"]) -> None:
    """Add ``figures`` to the bundle's ``figures.json`` (atomic, like ``headlines.json``)."""
    import json
    from pathlib import Path

    path = Path(folder) / FIGURES_FILE
    data = {k: v.to_dict() for k, v in read_figures(folder).items()}
    data.update({f.label: f.to_dict() for f in figures})
    atomic_write(path, json.dumps(data, indent=2, ensure_ascii=False))


_TEMPLATES = None


def render_template(name: str, /, **context) -> str:
    """HTML from ``workbench/templates/<name>`` with every value autoescaped (jinja2): the one
    way Python writes a client page (the summary, the portfolio)."""
    global _TEMPLATES
    if _TEMPLATES is None:
        from pathlib import Path

        import jinja2
        _TEMPLATES = jinja2.Environment(
            loader=jinja2.FileSystemLoader(str(Path(__file__).resolve().parent / "templates")),
            autoescape=True, undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    return _TEMPLATES.get_template(name).render(**context)


# what a client page must never show (see tests/test_present.py's scan of every bundled page)
RAW_PATTERNS = {
    "enum repr": re.compile(r"\b(?:Population|Metric|Format|Purpose|Status)\.[a-z_]+\b"),
    "nan": re.compile(r"(?<![\w-])(?:nan|NaN|NaT|None)(?![\w-])"),
    "long float": re.compile(r"(?<![\w.])\d+\.\d{5,}(?![\w.])"),
    "p = 0.000": re.compile(r"p\s*=\s*0\.000\b"),
}


def raw_reprs(text: str) -> list[tuple[str, str]]:
    """``(kind, match)`` for every raw repr in ``text`` (a page's visible text)."""
    found = []
    for kind, pattern in RAW_PATTERNS.items():
        found += [(kind, m.group(0)) for m in pattern.finditer(text)]
    return found
