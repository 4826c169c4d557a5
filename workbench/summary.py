"""The executive summary: a program's ``index.html`` and the first pages of its PDF (issue 16 item 1).

Every sentence is computed from the figures the four pages *published* (their headlines and their
client exports), never from the raw data: a figure the pages hid for privacy cannot come back
here, and the summary never says more than the evidence behind its link. Nothing is canned: a
finding whose figures are missing or hidden is left out, and what cannot be concluded says why.

* **findings** (five to eight): supply and format, the matching, engagement, each outcome's
  conclusion against comparable colleagues, the KPIs; each links to its page;
* **KPI chips**: each KPI's status at a glance;
* **actions** for the next round: weights to move (only those the evidence supports), mentors to
  recruit, pairs to follow up, the format with its reason, the evidence still needed;
* **cannot conclude yet**: outcomes and KPIs the data cannot answer, and why.

Example
-------
>>> s = build_summary({"Mentees / mentor seats": "30 / 20", "Recommended format": "group",
...                    "Format": "one-to-one", "Mentees matched": "67%"}, {})
>>> [f.text for f in s.findings]      # doctest: +NORMALIZE_WHITESPACE
['30 mentees for 20 mentor seats: mentees outnumber the seats, and group mentoring fits that
  supply better than the one-to-one format the program runs.',
 'The optimal matching gives 67% of mentees a mentor.']
"""
from __future__ import annotations

import base64
import html
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Mapping, Optional

import pandas as pd

from .present import interval
from .report.stages import PAGES   # stage key -> page, from the declared stages

OUTCOME_WORDS = {"left": "leaving the company", "promoted": "promotion"}
ESTIMATOR_ORDER = ("weighting", "doubly_robust", "regression", "cox", "raw")
STATUS_CLASS = {"met": "good", "on track": "good", "off track": "bad",
                "too early to tell": "open", "not measurable": "open"}


@dataclass(frozen=True)
class Item:
    text: str
    link: Optional[str] = None      # page (and anchor) holding the evidence


@dataclass
class Summary:
    findings: list[Item] = field(default_factory=list)
    chips: list[tuple[str, str]] = field(default_factory=list)     # (KPI, status)
    actions: list[Item] = field(default_factory=list)
    cannot: list[Item] = field(default_factory=list)


def _ratio(text) -> Optional[tuple[int, int]]:
    m = re.fullmatch(r"\s*([\d,]+)\s*/\s*([\d,]+)\s*", str(text))
    return (int(m.group(1).replace(",", "")), int(m.group(2).replace(",", ""))) if m else None


def _shown(value) -> bool:
    return value is not None and not (isinstance(value, float) and pd.isna(value)) and \
        str(value).strip().lower() not in ("", "hidden", "–", "-", "nan")


def _col(frame: pd.DataFrame, *names) -> Optional[str]:
    lower = {str(c).lower(): c for c in frame.columns}
    return next((lower[n] for n in names if n in lower), None)


def _supply(heads: Mapping) -> Optional[Item]:
    pair = _ratio(heads.get("Mentees / mentor seats", ""))
    rec, chosen = heads.get("Recommended format"), heads.get("Format")
    if not pair or not _shown(rec):
        return None
    mentees, seats = pair
    balance = ("mentor seats cover every mentee" if seats >= mentees else
               "mentees outnumber the seats")
    fit = (f"{rec} mentoring fits that supply, as chosen" if rec == chosen else
           f"{rec} mentoring fits that supply better than the {chosen} format the program runs")
    return Item(f"{mentees:,} mentees for {seats:,} mentor seats: {balance}, and {fit}.", PAGES["goals"])


def _reasons(unmatched: Optional[pd.DataFrame]) -> str:
    """Why the rest are unmatched, from page 3's protected export: the reasons, the most common
    first; a reason whose count is hidden is named without it (its row is on page 3 too)."""
    if unmatched is None or unmatched.empty or "reason" not in unmatched:
        return ""
    count = next((c for c in unmatched.columns if c != "reason"), None)
    rows = unmatched[unmatched["reason"].astype(str) != "Total"]
    if count is None or rows.empty:
        return ""
    value = pd.to_numeric(rows[count].astype(str).str.replace(",", ""), errors="coerce")
    order = rows.assign(_n=value).sort_values("_n", ascending=False, na_position="last")
    named = [f"{r['reason']} ({int(r['_n']):,})" if pd.notna(r["_n"]) else str(r["reason"])
             for _, r in order.iterrows()]
    return "; the rest: " + ", ".join(named[:3])


def _matching(heads: Mapping, unmatched: Optional[pd.DataFrame] = None) -> Optional[Item]:
    matched, score = heads.get("Mentees matched"), heads.get("Mean pair score")
    if not _shown(matched):
        return None
    tail = f", with a mean pair score of {score}" if _shown(score) else ""
    why = _reasons(unmatched) if str(matched).strip() not in ("100 %", "100%") else ""
    pool = unmatched is not None and "people" in unmatched.columns     # peers, circles: one pool
    who = "people a fitting partner" if pool else "mentees a mentor"
    return Item(f"The optimal matching gives {matched} of {who}{tail}{why}.", PAGES["matching"])


def _engagement(heads: Mapping) -> Optional[Item]:
    on_track = heads.get("Pairs on track")
    if not _shown(on_track):
        return None
    return Item(f"{on_track} of the current pairs meet at the planned cadence.", PAGES["kpi"])


def _outcome_rows(outcomes: pd.DataFrame) -> list[pd.Series]:
    """One row per outcome: the main population's preferred estimator."""
    if outcomes is None or outcomes.empty or "outcome" not in outcomes:
        return []
    rows = []
    populations = list(outcomes.get("population", pd.Series(["mentees"])).dropna().unique())
    main = "mentees" if "mentees" in populations else (populations[0] if populations else None)
    for outcome, group in outcomes.groupby("outcome", sort=False):
        if main is not None and "population" in group:
            group = group[group["population"] == main]
        if group.empty:
            continue
        order = {e: i for i, e in enumerate(ESTIMATOR_ORDER)}
        group = group.assign(_o=group.get("estimator", pd.Series("raw", index=group.index))
                             .map(lambda e: order.get(str(e), len(order))))
        rows.append(group.sort_values("_o").iloc[0])
    return rows


def _outcome_item(row: pd.Series) -> tuple[Optional[Item], Optional[Item]]:
    """(finding, cannot-conclude) for one outcome row of ``exports/outcomes.csv``."""
    what = OUTCOME_WORDS.get(str(row["outcome"]), str(row["outcome"]).replace("_", " "))
    who = str(row.get("population", "participants"))
    conclusion = str(row.get("conclusion", "")).strip()
    est = row.get("estimate")
    figure = ""
    if _shown(est):
        measure = str(row.get("measure", "odds_ratio")).replace("_", " ")
        figure = f" ({measure} {interval(est, row.get('ci_low'), row.get('ci_high'))})"
    if conclusion.startswith("cannot conclude"):
        reason = conclusion[len("cannot conclude"):].strip(" :;,-") or "too little data"
        return None, Item(f"Whether {who} differ from comparable colleagues in {what} cannot be "
                          f"concluded yet: {reason}.", PAGES["kpi"])
    if conclusion == "clear benefit":
        text = (f"{who.capitalize()} did better than comparable colleagues on {what}{figure}, and "
                f"the adjustment does not explain it away (an association, not proof of cause).")
    elif conclusion == "clear harm":
        text = (f"{who.capitalize()} did worse than comparable colleagues on {what}{figure}, and "
                f"the adjustment does not explain it away.")
    elif conclusion == "no clear difference":
        text = f"No clear difference between {who} and comparable colleagues in {what}{figure}."
    else:
        return None, None
    return Item(text, PAGES["kpi"]), None


def _kpis(card: Optional[pd.DataFrame]) -> tuple[list[tuple[str, str]], list[Item], Optional[Item]]:
    if card is None or card.empty:
        return [], [], None
    name, status = _col(card, "kpi", "name"), _col(card, "status")
    if not name or not status:
        return [], [], None
    chips = [(str(r[name]), str(r[status])) for _, r in card.iterrows()]
    note = _col(card, "why", "note", "reason", "status note")
    cannot = [Item(f"{r[name]}: {r[status]}" + (f" ({r[note]})" if note and _shown(r[note]) else "") + ".",
                   PAGES["kpi"])
              for _, r in card.iterrows() if str(r[status]) in ("too early to tell", "not measurable")]
    good = sum(s in ("met", "on track") for _, s in chips)
    finding = Item(f"{good} of {len(chips)} KPIs are met or on track"
                   + (f"; {len(chips) - good - len(cannot)} off track" if len(chips) - good - len(cannot) > 0 else "")
                   + ".", PAGES["kpi"])
    return chips, cannot, finding


def _weights(weights: Optional[pd.DataFrame]) -> list[Item]:
    if weights is None or weights.empty:
        return []
    crit = _col(weights, "criterion", "name")
    now, new = _col(weights, "current", "current weight", "weight"), _col(weights, "suggested", "suggested weight")
    if not crit or not now or not new:
        return []
    out = []
    for _, r in weights.iterrows():
        try:
            a, b = float(r[now]), float(r[new])
        except (TypeError, ValueError):
            continue
        if abs(a - b) > 1e-9:
            verb = "Raise" if b > a else "Lower"
            out.append(Item(f"{verb} the weight of {r[crit]} from {a:g} to {b:g} next round: the "
                            f"evidence on page 4 supports it.", PAGES["kpi"]))
    return out


def _evidence(plan: Optional[pd.DataFrame]) -> list[Item]:
    if plan is None or plan.empty or "design" not in plan:
        return []
    out = []
    for _, r in plan.iterrows():
        need = r.get("participants_needed")
        design = str(r["design"])
        if design in ("compare with non-participants as planned", "not planned", "not shown"):
            continue
        size = (f" (about {int(need):,} participants are needed to show its expected change)"
                if _shown(need) else "")
        out.append(Item(f"For {r['kpi']}{size}: {design[:1].upper()}{design[1:]}.", PAGES["goals"]))
    return out


def build_summary(heads: Mapping, exports: Mapping[str, pd.DataFrame]) -> Summary:
    """The summary from published headlines and client exports (by export name)."""
    s = Summary()
    for item in (_supply(heads), _matching(heads, exports.get("unmatched_reasons")), _engagement(heads)):
        if item:
            s.findings.append(item)
    for row in _outcome_rows(exports.get("outcomes")):
        found, cannot = _outcome_item(row)
        if found:
            s.findings.append(found)
        if cannot:
            s.cannot.append(cannot)
    s.chips, cannot_kpis, kpi_finding = _kpis(exports.get("kpi_scorecard"))
    if kpi_finding:
        s.findings.append(kpi_finding)
    s.cannot += cannot_kpis
    s.findings = s.findings[:8]

    s.actions += _weights(exports.get("weight_suggestions"))
    short = heads.get("Needs short of mentor seats")
    if _shown(short) and str(short) not in ("0",):
        s.actions.append(Item(f"Recruit mentors for the {short} need(s) that have fewer mentor seats "
                              f"than mentees wanting them.", PAGES["segments"]))
    pair = _ratio(heads.get("Mentees / mentor seats", ""))
    if pair and pair[0] > pair[1]:
        s.actions.append(Item(f"Recruit {pair[0] - pair[1]:,} more mentor seats, or keep a group "
                              f"format until sign-ups catch up.", PAGES["goals"]))
    risk = heads.get("Pairs at risk")
    if _shown(risk) and str(risk) != "0":
        s.actions.append(Item(f"Follow up the {risk} pairs at risk with the program manager.", PAGES["kpi"]))
    rec, chosen = heads.get("Recommended format"), heads.get("Format")
    if _shown(rec) and _shown(chosen) and rec != chosen:
        s.actions.append(Item(f"Consider {rec} mentoring next round (see the supply on page 1).", PAGES["goals"]))
    s.actions += _evidence(exports.get("evidence_plan"))
    return s


def read_exports(bundle: Path) -> dict[str, pd.DataFrame]:
    """The bundle's client exports (``exports/*.csv``) by name."""
    out = {}
    for path in sorted((Path(bundle) / "exports").glob("*.csv")):
        try:
            out[path.stem] = pd.read_csv(path)
        except (OSError, ValueError, pd.errors.ParserError):
            continue
    return out


STYLE = """:root{{--accent:{accent}}}
body{{font-family:system-ui,sans-serif;max-width:56rem;margin:2rem auto;padding:0 1rem;color:#222;line-height:1.45}}
.cover{{border-bottom:3px solid var(--accent);padding-bottom:1rem;margin-bottom:1.5rem}}
.cover img{{max-height:56px;max-width:220px;display:block;margin-bottom:.8rem}}
.cover .client{{color:var(--accent);font-weight:600;font-size:1.1rem}}
.cover h1{{margin:.2rem 0;font-size:1.9rem}} .cover .date{{color:#555}}
h2{{color:var(--accent);font-size:1.25rem;margin-top:1.8rem}}
li{{margin:.35rem 0}} a{{color:var(--accent)}}
.chips{{display:flex;flex-wrap:wrap;gap:.5rem;padding:0;list-style:none}}
.chip{{border-radius:1rem;padding:.25rem .8rem;font-size:.9rem;border:1px solid #ccc}}
.chip.good{{background:#e7f3e7;border-color:#9c9}} .chip.bad{{background:#fbe9e9;border-color:#d99}}
.chip.open{{background:#f3f3f3}} small{{color:#666}}
table.figures th,table.figures td{{text-align:left;padding:.25rem .9rem .25rem 0;border-bottom:1px solid #e4e4e4}}
@media print{{a{{color:inherit;text-decoration:none}} body{{margin:0}} h2{{break-after:avoid}}
 table,figure,.chips,li{{break-inside:avoid}}}}"""


def logo_data_uri(program_dir: Path, logo: Optional[str], max_bytes: int = 2_000_000) -> Optional[str]:
    """The logo file (inside the program folder, a regular file under 2 MB) as a data URI for an
    ``<img>`` (where an SVG's scripts never run); ``None`` if absent or not allowed."""
    if not logo:
        return None
    root = Path(program_dir).resolve()
    path = (root / logo).resolve()
    if root not in path.parents or not path.is_file() or path.stat().st_size > max_bytes:
        return None
    kind = {"png": "image/png", "jpg": "image/jpeg", "jpeg": "image/jpeg",
            "svg": "image/svg+xml"}.get(path.suffix.lower().lstrip("."))
    if kind is None:
        return None
    return f"data:{kind};base64,{base64.b64encode(path.read_bytes()).decode()}"


def _items(items: list[Item]) -> str:
    def one(i: Item) -> str:
        link = f' <a href="{html.escape(i.link)}">evidence</a>' if i.link else ""
        return f"<li>{html.escape(i.text)}{link}</li>"
    return "<ul>" + "".join(one(i) for i in items) + "</ul>"


def summary_html(summary: Summary, *, client: str, program: str, date: str, pages: list[tuple[str, str]],
                 accent: str = "#2F5D8A", logo: Optional[str] = None, pdf: Optional[str] = None,
                 figures: Optional[Mapping] = None) -> str:
    """The program's ``index.html``: cover, findings, KPI chips, actions, open questions, the
    key figures the pages published (``figures``), and the pages."""
    e = html.escape
    chips = "".join(f'<li class="chip {STATUS_CLASS.get(st, "open")}">{e(k)}: <b>{e(st)}</b></li>'
                    for k, st in summary.chips)
    links = "".join(f'<li><a href="{e(f)}">{e(t)}</a></li>' for t, f in pages)
    if pdf:
        links += f'<li><a href="{e(pdf)}">The whole report as a PDF</a></li>'
    logo_tag = f'<img src="{e(logo)}" alt="{e(client)} logo">' if logo else ""
    sections = [f"<h2>What we found</h2>{_items(summary.findings)}" if summary.findings else
                "<h2>What we found</h2><p>The pages below have too little published data for findings yet.</p>"]
    if chips:
        sections.append(f'<h2>KPIs at a glance</h2><ul class="chips">{chips}</ul>')
    if summary.actions:
        sections.append(f"<h2>What to do next round</h2>{_items(summary.actions)}")
    if summary.cannot:
        sections.append(f"<h2>What cannot be concluded yet</h2>{_items(summary.cannot)}")
    if figures:
        rows = "".join(f"<tr><th scope='row'>{e(str(k))}</th><td>{e(str(v))}</td></tr>"
                       for k, v in figures.items())
        sections.append(f"<h2>Key figures</h2><table class='figures'>{rows}</table>")
    return (f'<!doctype html><html lang="en"><head><meta charset="utf-8">'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">'
            f"<title>{e(client)}: {e(program)}</title><style>{STYLE.format(accent=accent)}</style></head><body>"
            f'<header class="cover">{logo_tag}<div class="client">{e(client)}</div><h1>{e(program)}</h1>'
            f'<div class="date">Mentoring program report, data as of {e(date)}</div></header>'
            + "".join(sections)
            + f"<h2>The report</h2><ol>{links}</ol>"
            f"<p><small>Every sentence above is computed from the figures on the pages it links to; "
            f"groups under the minimum size are hidden there and here.</small></p></body></html>")
