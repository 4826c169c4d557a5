"""The portfolio page (``reports/index.html``): every program at a glance (issue 16 item 5).

One row per program: client, program, format, participants, match rate, pairs on track, KPIs
met or on track, last run, status, and links to the program's summary and PDF; the table sorts
by any column (a few lines of inline script: the page works offline, no CDN); small multiples
(inline SVG, one panel per figure, each with a title and a text alternative listing its figures)
compare the programs. Every figure is one the program's own pages published in its headlines,
which already passed the small-group protection: a figure a page hides is hidden here too.

Example
-------
>>> headline_number("48 %"), headline_number("48%"), headline_number("1 of 3"), headline_number("hidden")
(0.48, 0.48, 0.3333333333333333, None)
"""
from __future__ import annotations

import datetime as dt
import html
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional

from .atomic import atomic_write

# (column title, headline keys that carry it, kind); the first key present wins
COLUMNS = (
    ("Participants", ("Participants",), "count"),
    ("Match rate", ("Mentees matched", "Match rate"), "share"),
    ("Pairs on track", ("Pairs on track", "Engagement"), "share"),
    ("KPIs met or on track", ("KPIs met or on track",), "fraction"),
)
CHARTED = ("Match rate", "Pairs on track", "KPIs met or on track")


def headline_number(value) -> Optional[float]:
    """A headline's figure as a number: ``'48 %'`` → 0.48, ``'1 of 3'`` → 1/3, ``12`` → 12.0;
    ``None`` for text or a hidden figure."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, (int, float)):
        return float(value)
    text = str(value).strip().replace(",", "")
    m = re.fullmatch(r"(-?\d+(?:\.\d+)?)\s*%", text)
    if m:
        return float(m.group(1)) / 100
    m = re.fullmatch(r"(\d+)\s+of\s+(\d+)", text)
    if m:
        return int(m.group(1)) / int(m.group(2)) if int(m.group(2)) else None
    m = re.fullmatch(r"-?\d+(?:\.\d+)?", text)
    return float(text) if m else None


@dataclass
class Row:
    slug: str
    status: str
    client: str = ""
    program: str = ""
    format: str = ""
    figures: dict = field(default_factory=dict)      # column -> (display text, number or None)
    last_run: str = ""
    summary: Optional[str] = None                      # link to the program's index.html
    pdf: Optional[str] = None
    note: str = ""


def read_row(out_dir: Path, slug: str, status: str = "ok", note: str = "") -> Row:
    """A program's row from its published bundle (manifest headlines); empty figures without one."""
    bundle = out_dir / slug
    row = Row(slug, status, note=note)
    manifest = bundle / "manifest.json"
    try:
        data = json.loads(manifest.read_text()) if manifest.exists() else {}
    except (OSError, ValueError):
        data = {}
    heads = data.get("headlines", {})
    row.client = str(heads.get("Client", ""))
    row.program = str(heads.get("Program", data.get("title", "")))
    row.format = str(heads.get("Format", ""))
    for title, keys, _ in COLUMNS:
        key = next((k for k in keys if k in heads), None)
        if key is not None:
            row.figures[title] = (str(heads[key]), headline_number(heads[key]))
    if manifest.exists():
        stamp = dt.datetime.fromtimestamp(manifest.stat().st_mtime)
        row.last_run = f"{stamp.day} {stamp:%b %Y %H:%M}"
    if (bundle / "index.html").exists():
        row.summary = f"{slug}/index.html"
    if (bundle / "report.pdf").exists():
        row.pdf = f"{slug}/report.pdf"
    return row


def _cell(row: Row, title: str) -> str:
    text, number = row.figures.get(title, ("–", None))
    sort = "" if number is None else f' data-sort="{number:.6g}"'
    return f"<td class='num'{sort}>{html.escape(text)}</td>"


def _panel(rows: list[Row], title: str) -> str:
    """One small-multiple: a horizontal bar per program (share scale 0-100 %)."""
    shown = [(r, r.figures.get(title, ("–", None))) for r in rows]
    bar_h, gap, label_w, width = 14, 6, 150, 340
    height = len(shown) * (bar_h + gap) + 24
    parts, alt = [], []
    for i, (r, (text, number)) in enumerate(shown):
        y = 20 + i * (bar_h + gap)
        name = html.escape(r.slug)
        parts.append(f"<text x='0' y='{y + bar_h - 3}' font-size='11'>{name}</text>")
        if number is not None:
            w = max(0.0, min(1.0, number)) * (width - label_w - 45)
            parts.append(f"<rect x='{label_w}' y='{y}' width='{w:.1f}' height='{bar_h}' fill='#2F5D8A'/>")
            parts.append(f"<text x='{label_w + w + 4:.1f}' y='{y + bar_h - 3}' font-size='11'>{html.escape(text)}</text>")
            alt.append(f"{r.slug} {text}")
        else:
            parts.append(f"<text x='{label_w}' y='{y + bar_h - 3}' font-size='11' fill='#777'>not shown</text>")
            alt.append(f"{r.slug} not shown")
    desc = html.escape(f"{title} by program: " + "; ".join(alt) + ".")
    return (f"<figure class='panel'><svg role='img' aria-label='{desc}' width='{width}' height='{height}' "
            f"viewBox='0 0 {width} {height}' xmlns='http://www.w3.org/2000/svg'><title>{desc}</title>"
            f"<text x='0' y='12' font-size='12' font-weight='bold'>{html.escape(title)}</text>"
            + "".join(parts) + f"</svg><figcaption>{desc}</figcaption></figure>")


SORT_JS = """
document.querySelectorAll('th[data-col]').forEach(th => th.addEventListener('click', () => {
  const table = th.closest('table'), body = table.tBodies[0], col = +th.dataset.col;
  const asc = th.dataset.dir !== 'asc'; th.dataset.dir = asc ? 'asc' : 'desc';
  const key = td => td.dataset.sort !== undefined ? parseFloat(td.dataset.sort) : td.textContent.trim().toLowerCase();
  [...body.rows].sort((a, b) => { const x = key(a.cells[col]), y = key(b.cells[col]);
    return (x > y ? 1 : x < y ? -1 : 0) * (asc ? 1 : -1); }).forEach(r => body.appendChild(r));
}));
"""

STYLE = """body{font-family:system-ui,sans-serif;margin:2rem auto;max-width:80rem;color:#222}
h1{font-size:1.6rem}table{border-collapse:collapse;width:100%;font-size:.9rem}
td,th{padding:.35rem .6rem;border-bottom:1px solid #ddd;text-align:left;vertical-align:top}
th[data-col]{cursor:pointer;user-select:none}th[data-col]:after{content:' \\2195';color:#aaa}
td.num{text-align:right;font-variant-numeric:tabular-nums}.status-ok{color:#2d6a2d}
.status-failed,.status-invalid{color:#a33}.panels{display:flex;flex-wrap:wrap;gap:1.5rem;margin-top:2rem}
figure.panel{margin:0}figcaption{position:absolute;left:-9999px}small{color:#666}
@media print{th[data-col]:after{content:''}}"""


def portfolio_html(rows: list[Row]) -> str:
    heads = ["Client", "Program", "Format"] + [c[0] for c in COLUMNS] + ["Last run", "Status", "Report"]
    th = "".join(f"<th data-col='{i}' scope='col'>{html.escape(h)}</th>" for i, h in enumerate(heads))
    body = []
    for r in rows:
        program = html.escape(r.program or r.slug)
        if r.summary:
            program = f"<a href='{html.escape(r.summary)}'>{program}</a>"
        links = []
        if r.summary:
            links.append(f"<a href='{html.escape(r.summary)}'>summary</a>")
        if r.pdf:
            links.append(f"<a href='{html.escape(r.pdf)}'>PDF</a>")
        status = f"<span class='status-{html.escape(r.status)}'>{html.escape(r.status)}</span>"
        if r.note:
            status += f"<br><small>{html.escape(r.note)}</small>"
        body.append("<tr>" + f"<td>{html.escape(r.client)}</td><td>{program}</td><td>{html.escape(r.format)}</td>"
                    + "".join(_cell(r, c[0]) for c in COLUMNS)
                    + f"<td>{html.escape(r.last_run)}</td><td>{status}</td><td>{' · '.join(links)}</td></tr>")
    charted = [r for r in rows if r.figures]
    panels = "".join(_panel(charted, t) for t in CHARTED) if charted else ""
    return ("<!doctype html><html lang='en'><head><meta charset='utf-8'>"
            "<meta name='viewport' content='width=device-width, initial-scale=1'>"
            f"<title>Mentoring programs: portfolio</title><style>{STYLE}</style></head><body>"
            f"<h1>Mentoring programs</h1><p>{len(rows)} program(s). Click a column to sort.</p>"
            f"<table><thead><tr>{th}</tr></thead><tbody>{''.join(body)}</tbody></table>"
            f"<div class='panels'>{panels}</div><script>{SORT_JS}</script></body></html>")


def write_portfolio(out_dir: Path, rows: list[Row]) -> Path:
    """Write ``out_dir/index.html`` atomically."""
    path = out_dir / "index.html"
    return atomic_write(path, portfolio_html(rows))
