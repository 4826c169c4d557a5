"""HTML fragments of the tuning panel (every id, name and label escaped).

Levels are shares of the best possible score (``66.7 %``); differences between two levels are
percentage points (``+1.2 pts``); a difference that rounds to nothing is not printed.
"""
from __future__ import annotations

import math
from typing import Optional

import pandas as pd

from ..render import esc_html as e

__all__ = ["pct", "pts", "summary_html", "changes_html", "page_of", "explanation_html",
           "compare_html", "FILTERS"]

SHOWN = 0.0005   # half of 0.1 pts: smaller differences print as nothing


def pct(x: float, digits: int = 1) -> str:
    return "–" if x is None or (isinstance(x, float) and math.isnan(x)) else f"{x * 100:.{digits}f} %"


def pts(d: float) -> str:
    """A difference of shares in percentage points, or '' when it rounds to zero."""
    if d is None or (isinstance(d, float) and math.isnan(d)) or abs(d) < SHOWN:
        return ""
    return f"{d * 100:+.1f} pts".replace("-", "−")


def _count_delta(n: int) -> str:
    return "" if n == 0 else f"{n:+d}".replace("-", "−")


def _delta(text: str) -> str:
    return f" <small class='wb-delta'>({text})</small>" if text else ""


def _who(mid, name: str = "") -> str:
    if mid is None or (isinstance(mid, float) and math.isnan(mid)) or mid == "":
        return "—"
    return e(mid) + (f" <small>{e(name)}</small>" if name else "")


def summary_html(v: dict) -> str:
    """The current matching against the saved one, both scored with the saved weights."""
    s, b = v["summary"], v["baseline"]
    crit = " · ".join(f"{e(n)} {pct(x, 0)}{_delta(pts(x - b['criteria'].get(n, x)))}"
                      for n, x in s["criteria"].items())
    return (f"<div class='wb-summary'><b>Matched</b> {s['matched']} of {s['mentees']} "
            f"({pct(s['matched_share'], 0)}){_delta(_count_delta(s['matched'] - b['matched']))} &nbsp; "
            f"<b>Mentors used</b> {s['mentors_used']}{_delta(_count_delta(s['mentors_used'] - b['mentors_used']))} &nbsp; "
            f"<b>Mean pair score</b> {pct(s['mean_score'])}{_delta(pts(s['mean_score'] - b['mean_score']))} &nbsp; "
            f"<b>Lowest pair</b> {pct(s['lowest_score'])}{_delta(pts(s['lowest_score'] - b['lowest_score']))}"
            f"<br><small>Scores with the saved weights, as a share of the best possible. "
            f"Criteria met on average: {crit}</small></div>")


FILTERS = {"all": lambda d: d.index == d.index,
           "gains": lambda d: d["gain"] > 0,
           "losses": lambda d: d["gain"] < 0,
           "newly matched": lambda d: d["change"] == "newly matched",
           "lost mentor": lambda d: d["change"] == "lost mentor"}


def page_of(ch: pd.DataFrame, which: str = "all", query: str = "", page: int = 0,
            per_page: int = 12) -> tuple[pd.DataFrame, int, int]:
    """The rows of page ``page`` after the filter and a search on ids and names; returns
    (rows, rows matching, page actually shown)."""
    rows = ch[FILTERS[which](ch)] if len(ch) else ch
    q = (query or "").strip().lower()
    if q and len(rows):
        cols = [c for c in ("mentee", "mentee_name", "old_mentor", "old_mentor_name", "new_mentor",
                            "new_mentor_name") if c in rows.columns]
        hay = rows[cols].astype(str).apply(lambda c: c.str.lower())
        rows = rows[hay.apply(lambda c: c.str.contains(q, regex=False)).any(axis=1)]
    n = len(rows)
    pages = max(1, math.ceil(n / per_page))
    page = min(max(0, page), pages - 1)
    return rows.iloc[page * per_page:(page + 1) * per_page], n, page


def changes_html(v: dict, which: str = "all", query: str = "", page: int = 0, per_page: int = 12) -> str:
    ch, ties, total = v["changes"], v.get("ties", 0), v.get("mentees", 0)
    tie_note = (f" {ties} swap(s) between equally scored mentors are not counted." if ties else "")
    if ch.empty:
        return f"<div class='wb-diff'>Same matching as saved.{tie_note}</div>"
    gains, losses = int((ch["gain"] > 0).sum()), int((ch["gain"] < 0).sum())
    newly, lost = int((ch["change"] == "newly matched").sum()), int((ch["change"] == "lost mentor").sum())
    rows, n, page = page_of(ch, which, query, page, per_page)
    body = "".join(
        f"<tr><td>{_who(r.mentee, r.mentee_name)}</td><td>{_who(r.old_mentor, r.old_mentor_name)}</td>"
        f"<td>{_who(r.new_mentor, r.new_mentor_name)}</td>"
        f"<td>{pct(r.old_score, 0) if r.change != 'newly matched' else '—'} → "
        f"{pct(r.new_score, 0) if r.change != 'lost mentor' else '—'}</td>"
        f"<td>{pts(r.gain) or ('±0' if r.change == 'new mentor' else '')}</td><td>{e(r.why)}</td></tr>"
        for r in rows.itertuples())
    first = page * per_page + 1 if n else 0
    shown = (f"showing {first}–{page * per_page + len(rows)} of {n}"
             + ("" if which == "all" and not query else f" ({e(which)}{', ' + repr(e(query)) if query else ''})"))
    return (f"<div class='wb-diff'><b>{len(ch)} of {total} mentees change mentor</b>: {gains} gain, "
            f"{losses} lose, {newly} newly matched, {lost} lose their mentor.{tie_note} "
            f"<small>Scores under the current weights.</small><br><small class='wb-page'>{shown}</small>"
            f"<table><tr><th>mentee</th><th>saved mentor</th><th>now</th><th>score</th>"
            f"<th>gain</th><th>why</th></tr>{body}</table></div>")


def explanation_html(x: dict) -> str:
    who = _who(x["mentee"], x.get("mentee_name", ""))
    alt = x.get("alternative")
    alt_text = "" if alt is None else \
        f" Best alternative: {e(alt)} ({e(x.get('alternative_reason'))})."
    if x.get("mentor") is None:
        rules = x.get("forbidden_by") or {}
        ruled = ("; rules forbid " + ", ".join(f"{n} mentor(s) for {e(r)}" for r, n in rules.items())
                 if rules else "")
        return f"<div class='wb-explain'>{who} has no mentor: {e(x.get('reason'))}{ruled}.{alt_text}</div>"
    parts = ", ".join(f"{e(k)} {pct(v, 0)}" for k, v in x["contributions"].items() if v > 0)
    return (f"<div class='wb-explain'>{who} → {_who(x['mentor'], x.get('mentor_name', ''))}: "
            f"score {pct(x['score'], 0)} = {parts or 'nothing'}.{alt_text}</div>")


def _frame_html(df: pd.DataFrame, index: bool = True) -> str:
    head = ("<th></th>" if index else "") + "".join(f"<th>{e(c)}</th>" for c in df.columns)
    rows = "".join("<tr>" + (f"<th>{e(i)}</th>" if index else "") +
                   "".join(f"<td>{e(c)}</td>" for c in r) + "</tr>"
                   for i, r in zip(df.index, df.itertuples(index=False)))
    return f"<table><tr>{head}</tr>{rows}</table>"


def compare_html(cmp: Optional[dict], labels: tuple = ("A", "B")) -> str:
    """Scenario A (pinned) and B (the current controls) side by side."""
    if cmp is None:
        return ("<div class='wb-compare'><small>Pin the current settings as scenario A, then try "
                "others: A and B are shown side by side here.</small></div>")
    sa, sb = cmp["summary"]["A"], cmp["summary"]["B"]
    rows = [("matched", f"{sa['matched']} of {sa['mentees']}", f"{sb['matched']} of {sb['mentees']}"),
            ("mentors used", sa["mentors_used"], sb["mentors_used"]),
            ("mean pair score", pct(sa["mean_score"]), pct(sb["mean_score"])),
            ("lowest pair", pct(sa["lowest_score"]), pct(sb["lowest_score"]))]
    rows += [(f"{n} met", pct(sa["criteria"][n], 0), pct(sb["criteria"][n], 0)) for n in sa["criteria"]]
    summary = pd.DataFrame(rows, columns=["", *labels]).set_index("")
    cov = cmp["coverage"]
    both = pd.concat({labels[0]: cov["A"]["coverage"], labels[1]: cov["B"]["coverage"]}, axis=1).fillna("–")
    return (f"<div class='wb-compare'><b>Scenario A against B</b> <small>(scores with the saved "
            f"weights)</small><div style='display:flex;gap:2em;flex-wrap:wrap'>"
            f"<div>{_frame_html(summary)}</div>"
            f"<div><b>Pairs by score</b>{_frame_html(cmp['distribution'])}</div>"
            f"<div><b>Coverage by {e(cov['A'].index.name or 'segment')}</b>{_frame_html(both)}</div>"
            f"</div></div>")
