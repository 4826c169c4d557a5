"""The portfolio page (``reports/index.html``): every program at a glance (issue 16 item 5).

One row per program: client, program, format, participants, match rate, pairs on track, KPIs
met or on track, last run, status, and links to the program's summary and PDF; the table sorts
by any column (a few lines of inline script: the page works offline, no CDN); small multiples
(inline SVG, one panel per figure, each with a title and a text alternative listing its figures)
compare the programs. Every figure is a typed value (:class:`workbench.present.KeyFigure`) the
program's own pages published (its ``figures.json``), which already passed the small-group
protection: a figure a page hides is hidden here too, and no text is parsed back into a number.
The page comes from an autoescaped template (``templates/portfolio.html.j2``); links to a
program are relative paths with the folder name URL-quoted, so no folder name (``javascript:…``)
becomes anything but a file in the portfolio. A program that failed shows a generic line; its
problems (which may name people) are in the analyst's log, never on this page.
"""
from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional
from urllib.parse import quote

from .atomic import atomic_write
from .present import KeyFigure, plural, read_figures, render_template
from .pdf import CSP

# (column title, headline keys that carry it); the first key present wins
PORTFOLIO_COLUMNS = (
    ("Participants", ("Participants",)),
    ("Match rate", ("Match rate",)),
    ("Proposed matching coverage", ("Mentees matched",)),
    ("Pairs on track", ("Pairs on track",)),
    ("KPIs met or on track", ("KPIs met or on track",)),
)
CHARTED = ("Match rate", "Pairs on track", "KPIs met or on track")
# what the client-facing page says of a program that did not report (the analyst log has why)
NOT_REPORTED = {"invalid": "not reported: invalid data (see the analyst log)",
                "failed": "not reported: the run failed (see the analyst log)"}


@dataclass
class Row:
    slug: str
    status: str
    client: str = ""
    program: str = ""
    format: str = ""
    figures: dict = field(default_factory=dict)      # column -> KeyFigure
    last_run: str = ""
    summary: Optional[str] = None                      # link to the program's index.html
    pdf: Optional[str] = None
    note: str = ""                                     # for the analyst: never on the page


def link(slug: str, name: str) -> str:
    """A relative link to ``name`` in the program folder ``slug``: ``./`` first and every
    character that could make a scheme or leave the folder quoted.

    >>> link("javascript:alert(1)", "index.html")
    './javascript%3Aalert%281%29/index.html'
    """
    return f"./{quote(slug, safe='')}/{quote(name)}"


def read_row(out_dir: Path, slug: str, status: str = "ok", note: str = "") -> Row:
    """A program's row from its published bundle (manifest headlines, typed ``figures.json``);
    empty figures without one."""
    bundle = out_dir / slug
    row = Row(slug, status, note=note)
    manifest = bundle / "manifest.json"
    try:
        data = json.loads(manifest.read_text()) if manifest.exists() else {}
    except (OSError, ValueError):
        data = {}
    heads = data.get("headlines", {}) if isinstance(data, dict) else {}
    typed = read_figures(bundle)
    row.client = str(heads.get("Client", ""))
    row.program = str(heads.get("Program", data.get("title", "") if isinstance(data, dict) else ""))
    row.format = str(heads.get("Format", ""))
    for title, keys in PORTFOLIO_COLUMNS:
        key = next((k for k in keys if k in typed or k in heads), None)
        if key is not None:
            # a headline without its typed value (an older bundle) is shown, never charted
            row.figures[title] = typed.get(key) or KeyFigure.words(key, str(heads[key]))
    if manifest.exists():
        stamp = dt.datetime.fromtimestamp(manifest.stat().st_mtime)
        row.last_run = f"{stamp.day} {stamp:%b %Y}"
    if (bundle / "index.html").exists():
        row.summary = link(slug, "index.html")
    if (bundle / "report.pdf").exists():
        row.pdf = link(slug, "report.pdf")
    return row


def _number(f: Optional[KeyFigure]) -> Optional[float]:
    return f.value if f is not None and f.shown else None


def _panel(rows: list[Row], title: str) -> dict:
    """One small-multiple: a horizontal bar per program (share scale 0-100 %)."""
    label_w, width = 150, 340
    bars, alt = [], []
    for i, r in enumerate(rows):
        f = r.figures.get(title)
        number = _number(f)
        y = 20 + i * 20
        bar = {"y": y, "name": r.slug, "shown": number is not None}
        if number is not None:
            w = max(0.0, min(1.0, number)) * (width - label_w - 45)
            bar.update(w=f"{w:.1f}", tx=f"{label_w + w + 4:.1f}", text=f.text)
            alt.append(f"{r.slug} {f.text}")
        else:
            alt.append(f"{r.slug} not shown")
        bars.append(bar)
    return {"title": title, "desc": f"{title} by program: " + "; ".join(alt) + ".", "bars": bars,
            "width": width, "height": len(rows) * 20 + 24, "label_w": label_w}


def _view(r: Row) -> dict:
    cells = []
    for title, _ in PORTFOLIO_COLUMNS:
        f = r.figures.get(title)
        number = _number(f)
        cells.append({"text": f.text if f is not None else "–",
                      "sort": None if number is None else f"{number:.6g}"})
    links = ([("summary", r.summary)] if r.summary else []) + ([("PDF", r.pdf)] if r.pdf else [])
    note = ""
    if r.status != "ok":
        note = NOT_REPORTED.get(r.status, "not reported (see the analyst log)")
        if r.summary:
            note += "; showing the previous good report"
    elif r.note == "earlier run":
        note = r.note
    return {"client": r.client, "name": r.program or r.slug, "format": r.format,
            "href_summary": r.summary, "cells": cells, "last_run": r.last_run, "status": r.status,
            "status_class": r.status if r.status in ("ok", "failed", "invalid") else "other",
            "note": note, "links": links}


# the table's sort, the portfolio's one script: allowed by its hash, so the page's policy keeps
# every other script out ('unsafe-inline' never)
SORT_SCRIPT = """
document.querySelectorAll('th[data-col]').forEach(th => th.addEventListener('click', () => {
  const table = th.closest('table'), body = table.tBodies[0], col = +th.dataset.col;
  const asc = th.dataset.dir !== 'asc'; th.dataset.dir = asc ? 'asc' : 'desc';
  const key = td => td.dataset.sort !== undefined ? parseFloat(td.dataset.sort) : td.textContent.trim().toLowerCase();
  [...body.rows].sort((a, b) => { const x = key(a.cells[col]), y = key(b.cells[col]);
    return (x > y ? 1 : x < y ? -1 : 0) * (asc ? 1 : -1); }).forEach(r => body.appendChild(r));
}));
"""


def script_policy(script: str = SORT_SCRIPT) -> str:
    """The client pages' Content-Security-Policy (:data:`workbench.pdf.CSP`) allowing ``script``
    alone, by its sha256.

    >>> policy = script_policy("alert(1)")
    >>> "script-src 'sha256-" in policy and "unsafe-inline' " not in policy.split("script-src")[1].split(";")[0]
    True
    """
    import base64
    import hashlib

    digest = base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode("ascii")
    return CSP.replace("script-src 'none'", f"script-src 'sha256-{digest}'")


def portfolio_html(rows: list[Row]) -> str:
    heads = ["Client", "Program", "Format"] + [c[0] for c in PORTFOLIO_COLUMNS] + ["Last run", "Status", "Report"]
    charted = [r for r in rows if r.figures]
    panels = [_panel(charted, t) for t in CHARTED] if charted else []
    return render_template("portfolio.html.j2", heads=heads, rows=[_view(r) for r in rows],
                           panels=panels, count=plural(len(rows), "program"),
                           script=SORT_SCRIPT, csp=script_policy(SORT_SCRIPT))


def write_portfolio(out_dir: Path, rows: list[Row]) -> Path:
    """Write ``out_dir/index.html`` atomically."""
    path = out_dir / "index.html"
    return atomic_write(path, portfolio_html(rows))
