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

Every key figure is read as a typed value (:class:`workbench.present.KeyFigure`: the page's
``figures.json``), never parsed back from its text; the page comes from an autoescaped template
(``templates/summary.html.j2``) and ends with a glossary: each key figure's definition in one line.

Example
-------
>>> from workbench.present import KeyFigure as K
>>> s = build_summary({"Mentees / mentor seats": K.ratio("", 30, 20), "Recommended format": "group",
...                    "Format": "one-to-one", "Mentees matched": K.share("", 0.67)}, {})
>>> [f.text for f in s.findings]      # doctest: +NORMALIZE_WHITESPACE
['30 mentees for 20 mentor seats: mentees outnumber the seats, and group mentoring fits that
  supply better than the one-to-one mentoring the program runs.',
 'The proposed matching gives 67 % of the mentees still with the company a mentor.']
"""
from __future__ import annotations

import base64
import re
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Mapping, Optional

import pandas as pd

from ..kpi.scorecard import GOOD, HIDDEN_STATUS, kpi_tally
from ..present import KeyFigure, and_list, clauses_once, interval, plural, read_figures, render_template
from ..scoring.criteria import CRITERIA
from ..scoring.formats import FORMATS, format_phrase
from .stages import STAGE_PAGES   # stage key -> page, from the declared stages

OUTCOME_WORDS = {"left": "leaving the company", "promoted": "promotion"}
ESTIMATOR_ORDER = ("weighting", "doubly_robust", "regression", "cox", "raw")
STATUS_CLASS = {"met": "good", "on track": "good", "off track": "bad",
                "too early to tell": "open", "not measurable": "open", HIDDEN_STATUS: "open"}
# statistics words the pages use, explained once (the glossary's second part)
WORDS = (
    ("hidden", "A figure about fewer people than the minimum group size, or one that would let "
               "such a figure be worked out from the others: not published."),
    ("95 % interval (CI)", "The range the true value lies in with 95 % confidence, given the data."),
    ("Odds ratio", "How the odds of an outcome compare between participants and comparable "
                   "colleagues: 1 is no difference, below 1 fewer, above 1 more."),
    ("p-value", "How often a difference this large would appear by chance alone if there were "
                "none; below 0.05 is usually called clear."),
    ("Raw and adjusted comparison", "Raw compares the groups as they are; adjusted first accounts "
                                    "for how participants differ from others (level, tenure, "
                                    "department, performance)."),
)


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
    figures: list[KeyFigure] = field(default_factory=list)          # the key figures, typed
    kpi_note: str = ""                                               # KPIs beside the comparison


class Exports(dict):
    """A bundle's client exports by name, with its typed key figures (``figures``)."""
    figures: dict

    def __init__(self, *args, figures: Optional[dict] = None, **kw):
        super().__init__(*args, **kw)
        self.figures = dict(figures or {})


def key_figures(heads: Mapping, typed: Optional[Mapping] = None) -> dict[str, KeyFigure]:
    """Label -> :class:`KeyFigure`: the typed figure where the bundle has one, a headline that is
    already typed as is, any other headline as words (its text is never read as a number)."""
    out = {}
    typed = typed or {}
    for label in list(heads) + [k for k in typed if k not in heads]:
        value = typed.get(label, heads.get(label))
        if isinstance(value, KeyFigure):
            out[label] = value if value.label == label else replace(value, label=label)
        elif value is not None:
            out[label] = KeyFigure.words(label, str(value))
    return out


def _shown(value) -> bool:
    return value is not None and not (isinstance(value, float) and pd.isna(value)) and \
        str(value).strip().lower() not in ("", "hidden", "–", "-", "nan")


def _col(frame: pd.DataFrame, *names) -> Optional[str]:
    lower = {str(c).lower(): c for c in frame.columns}
    return next((lower[n] for n in names if n in lower), None)


def _text(figs: Mapping, label: str) -> Optional[str]:
    f = figs.get(label)
    return f.text if f is not None and not f.hidden and _shown(f.text) else None


def _supply(figs: Mapping) -> Optional[Item]:
    f = figs.get("Mentees / mentor seats")
    rec, chosen = _text(figs, "Recommended format"), _text(figs, "Format")
    if f is None or len(f.parts) != 2 or None in f.parts or not rec:
        return None
    mentees, seats = (int(x) for x in f.parts)
    if rec == chosen and _is_peer(chosen):
        return Item(f"{mentees:,} peers pair up among themselves, each both mentee and mentor: peer "
                    f"mentoring needs no separate mentor supply.", STAGE_PAGES["goals"])
    balance = ("mentor seats cover every mentee" if seats >= mentees else
               "mentees outnumber the seats")
    fit = (f"{_phrase(rec)} fits that supply, as chosen" if rec == chosen else
           f"{_phrase(rec)} fits that supply better than the {_phrase(chosen)} the program runs")
    return Item(f"{mentees:,} mentees for {seats:,} mentor seats: {balance}, and {fit}.", STAGE_PAGES["goals"])


def _phrase(label: str) -> str:
    """A format's label on the pages (``one-to-one``) as a sentence names it (``one-to-one mentoring``)."""
    key = next((k for k, f in FORMATS.items() if f.label == label), None)
    return format_phrase(key) if key else f"{label} mentoring"


def _is_peer(label: Optional[str]) -> bool:
    """The format the pages name ``label`` is peer mentoring (peers pair among themselves)."""
    return label == FORMATS["peer"].label


def _reasons(unmatched: Optional[pd.DataFrame]) -> str:
    """Why the rest are unmatched, from page 3's protected export: the reasons, the most common
    first; a reason whose count is hidden is named without it (its row is on page 3 too)."""
    if unmatched is None or unmatched.empty or "reason" not in unmatched:
        return ""
    count = next((c for c in unmatched.columns if c != "reason"), None)
    # those who left the company are not counted as unmatched: not a reason for "the rest"
    rows = unmatched[~unmatched["reason"].astype(str).isin(["Total", "left the company"])]
    if count is None or rows.empty:
        return ""
    value = pd.to_numeric(rows[count].astype(str).str.replace(",", ""), errors="coerce")
    order = rows.assign(_n=value).sort_values("_n", ascending=False, na_position="last")
    named = [f"{r['reason']} ({int(r['_n']):,})" if pd.notna(r["_n"]) else str(r["reason"])
             for _, r in order.iterrows()]
    return "; the rest: " + and_list(named[:3])


def _matching(figs: Mapping, unmatched: Optional[pd.DataFrame] = None) -> list[Item]:
    """The program's own match rate (its pairs table) and the proposed matching's coverage: two
    figures, two names."""
    out = []
    rate = figs.get("Match rate")
    if rate is not None and rate.shown:
        who, partner = (("peers", "a partner") if str(_text(figs, "Format") or "").startswith("peer")
                        else ("mentees", "a mentor"))   # the same sentence as page 4's
        out.append(Item(f"{rate.text} of the {who} still with the company were matched with {partner} "
                        f"in the program's pairs (its match rate).", STAGE_PAGES["kpi"]))
    cov = figs.get("Mentees matched")
    if cov is None or not cov.shown:
        return out
    score = _text(figs, "Mean pair score")
    tail = f", with a mean pair score of {score}" if score else ""
    why = _reasons(unmatched) if cov.value < 1 else ""
    pool = unmatched is not None and "people" in unmatched.columns     # peers, circles: one pool
    who = "people still with the company a fitting partner" if pool else \
        "mentees still with the company a mentor"
    out.append(Item(f"The proposed matching gives {cov.text} of the {who}{tail}{why}.", STAGE_PAGES["matching"]))
    return out


def _engagement(figs: Mapping) -> Optional[Item]:
    f = figs.get("Pairs on track")
    if f is None or f.hidden:
        return None
    if not f.shown:     # no current pair: a sentence, no figure
        return Item(f.reason, STAGE_PAGES["kpi"]) if f.reason else None
    return Item(f"{f.text} of the current pairs meet at the planned cadence (pairs that have "
                f"ended are not counted).", STAGE_PAGES["kpi"])


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
        best = group.sort_values("_o").iloc[0].copy()
        best["overall"] = overall(group)
        best["_split"] = _split(group)
        rows.append(best)
    return rows


ADJUSTED = ("regression", "weighting")


def overall(rows: pd.DataFrame) -> str:
    """The outcome's one conclusion from its adjusted rows' own conclusions (each row of the
    export carries its own): both clear the same way, else cannot conclude (one cannot, or they
    disagree), else no clear difference. Rows without an estimator column: their conclusion.

    >>> overall(pd.DataFrame({"estimator": ["raw", "regression", "weighting"],
    ...                       "conclusion": ["clear harm", "no clear difference", "clear harm"]}))
    'no clear difference'
    """
    if "estimator" in rows and rows["estimator"].isin(ADJUSTED).any():
        rows = rows[rows["estimator"].isin(ADJUSTED)]
    said = [str(c).strip() for c in rows.get("conclusion", pd.Series(dtype=object)) if _shown(c)]
    if not said:
        return ""
    blocked = next((c for c in said if c.startswith("cannot conclude")), None)
    if blocked:
        return blocked
    clear = {c for c in said if c.startswith("clear")}
    if len(clear) > 1:
        return "cannot conclude: the two estimators point in opposite directions"
    return said[0] if len(set(said)) == 1 else "no clear difference"


def _split(rows: pd.DataFrame) -> list:
    """The adjusted rows when one is clear and the other is not (the overall reads "no clear
    difference", yet one interval excludes 1): ``[(estimator, conclusion, figure, estimate)]``, the clear
    one first; empty otherwise."""
    if "estimator" not in rows or "conclusion" not in rows:
        return []
    adj = rows[rows["estimator"].isin(ADJUSTED)]
    said = [str(c) for c in adj["conclusion"]]
    if len(said) != 2 or sum(c.startswith("clear") for c in said) != 1 or any(
            c.startswith("cannot") for c in said) or not all(_shown(e) for e in adj.get("estimate", [])):
        return []
    out = [(str(r["estimator"]), str(r["conclusion"]),
            f"{str(r.get('measure', 'odds_ratio')).replace('_', ' ')} "
            f"{interval(r['estimate'], r.get('ci_low'), r.get('ci_high'))}", float(r["estimate"]))
           for _, r in adj.iterrows()]
    return sorted(out, key=lambda t: not t[1].startswith("clear"))


SPLIT_NAMES = {"regression": "the regression", "weighting": "the weighting"}


def _outcome_item(row: pd.Series) -> tuple[Optional[Item], Optional[Item]]:
    """(finding, cannot-conclude) for one outcome row of ``exports/outcomes.csv`` (its
    ``overall`` conclusion set by :func:`_outcome_rows`)."""
    what = OUTCOME_WORDS.get(str(row["outcome"]), str(row["outcome"]).replace("_", " "))
    who = str(row.get("population", "participants"))
    conclusion = str(row.get("overall", row.get("conclusion", ""))).strip()
    est = row.get("estimate")
    figure = ""
    if _shown(est):
        measure = str(row.get("measure", "odds_ratio")).replace("_", " ")
        figure = f" ({measure} {interval(est, row.get('ci_low'), row.get('ci_high'))})"
    if conclusion.startswith("cannot conclude"):
        reason = conclusion[len("cannot conclude"):].strip(" :;,-") or "too little data"
        return None, Item(f"Whether {who} differ from comparable colleagues in {what} cannot be "
                          f"concluded yet: {reason}.", STAGE_PAGES["kpi"])
    if conclusion == "clear benefit":
        text = (f"{who.capitalize()} did better than comparable colleagues on {what}{figure}, and "
                f"the adjustment does not explain it away (an association, not proof of cause).")
    elif conclusion == "clear harm":
        text = (f"{who.capitalize()} did worse than comparable colleagues on {what}{figure}, and "
                f"the adjustment does not explain it away.")
    elif conclusion == "no clear difference" and isinstance(row.get("_split"), list) and row["_split"]:
        (e1, _, f1, v1), (e2, _, f2, _) = row["_split"]
        text = (f"No clear difference between {who} and comparable colleagues in {what}: "
                f"{SPLIT_NAMES.get(e1, e1)} finds {'higher' if v1 > 1 else 'lower'} odds ({f1}) but the "
                f"interval of {SPLIT_NAMES.get(e2, e2)} includes 1 ({f2}); a difference is called clear "
                f"only when both adjusted estimates agree.")
    elif conclusion == "no clear difference":
        text = f"No clear difference between {who} and comparable colleagues in {what}{figure}."
    else:
        return None, None
    return Item(text, STAGE_PAGES["kpi"]), None


def _kpis(card: Optional[pd.DataFrame]) -> tuple[list[tuple[str, str]], list[Item], Optional[Item]]:
    if card is None or card.empty:
        return [], [], None
    name, status = _col(card, "kpi", "name"), _col(card, "status")
    if not name or not status:
        return [], [], None
    chips = [(str(r[name]), str(r[status])) for _, r in card.iterrows()]
    note = _col(card, "why", "note", "reason", "status note")
    cannot = [Item(f"{r[name]}: {r[status]}" + (f"; {_note(r[note])}" if note and _shown(r[note]) else "") + ".",
                   STAGE_PAGES["kpi"])
              for _, r in card.iterrows() if str(r[status]) in ("too early to tell", "not measurable")]
    counted = kpi_tally(s for _, s in chips)   # the one tally page 4's key figure reads
    text = (f"KPIs: {counted.words}" + (f"; {counted.off} off track" if counted.off else "")
            + (f"; {counted.early} too early to tell" if counted.early else "") + ".")
    return chips, cannot, Item(text, STAGE_PAGES["kpi"])


def _note(text) -> str:
    """A scorecard note for a sentence (:func:`workbench.present.clauses_once`).

    >>> _note("mean over 450 mentees (1451 answers); no baseline to judge progress by; "
    ...       "no baseline: needs surveys from before the program")
    'mean over 450 mentees (1,451 answers); no baseline: needs surveys from before the program'
    """
    return clauses_once(text)


def _kpi_note(chips: list, outcomes: list) -> str:
    """One sentence when a KPI is met or on track while the adjusted comparison finds no clear
    difference: both hold, they answer different questions."""
    if not any(s in GOOD for _, s in chips):
        return ""
    if not any(str(r.get("overall", "")).startswith("no clear difference") for r in outcomes):
        return ""
    return ("A KPI can be met or on track while the comparison with colleagues shows no clear difference: "
            "the KPI measures participants against its baseline and target, the comparison asks "
            "whether they differ from comparable colleagues once level, tenure, department and "
            "performance are accounted for.")


def _criterion(name) -> str:
    """A criterion as the client reads it: its registry label when it is named by its kind
    (``overlap`` -> ``skills wanted and offered``), never an identifier."""
    entry = CRITERIA.get(str(name))
    if entry is not None and entry.label:
        return entry.label
    return str(name).replace("_", " ")


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
            out.append(Item(f"{verb} the weight of “{_criterion(r[crit])}” from {a:g} to {b:g} next round: the "
                            f"evidence on page 4 supports it.", STAGE_PAGES["kpi"]))
    return out


# an evidence plan's design (exports/evidence_plan.csv) as the action the summary advises
DESIGN_ACTIONS = {"staggered roll-out": "plan a staggered roll-out, start dates drawn by lot",
                  "randomise the waitlist": "draw by lot who of those waiting starts now"}


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
        out.append(Item(f"For {r['kpi']}{size}: {DESIGN_ACTIONS.get(design, design)}.", STAGE_PAGES["goals"]))
    return out


def _return(figs: Mapping) -> tuple[Optional[Item], Optional[Item]]:
    """(finding, cannot) from the typed "Return of the program" (value: the net; parts: its 95 %
    interval): a finding when the interval lies on one side of zero, else a "cannot conclude"."""
    f = figs.get("Return of the program")
    if f is None or f.hidden:
        return None, None
    if not f.shown or len(f.parts) != 2 or None in f.parts:
        return None, (Item(f"Return of the program: {f.reason}.", STAGE_PAGES["kpi"]) if f.reason else None)
    lo, hi = f.parts
    if lo <= 0 <= hi:
        return None, Item(f"Whether the program paid for itself: its return is {f.text}; the "
                          "interval spans zero.", STAGE_PAGES["kpi"])
    return Item(f"Return of the program over the period (leavers avoided, valued, minus its cost): "
                f"{f.text}.", STAGE_PAGES["kpi"]), None


def build_summary(heads: Mapping, exports: Mapping[str, pd.DataFrame],
                  figures: Optional[Mapping] = None) -> Summary:
    """The summary from published headlines (typed where the bundle has them: ``figures``, or
    ``exports.figures`` from :func:`read_exports`) and client exports (by export name)."""
    figs = key_figures(heads, figures if figures is not None else getattr(exports, "figures", None))
    s = Summary(figures=[f for f in figs.values()])
    for item in (_supply(figs), *_matching(figs, exports.get("unmatched_reasons")), _engagement(figs)):
        if item:
            s.findings.append(item)
    outcome_rows = _outcome_rows(exports.get("outcomes"))
    for row in outcome_rows:
        found, cannot = _outcome_item(row)
        if found:
            s.findings.append(found)
        if cannot:
            s.cannot.append(cannot)
    found, cannot = _return(figs)
    if found:
        s.findings.append(found)
    if cannot:
        s.cannot.append(cannot)
    s.chips, cannot_kpis, kpi_finding = _kpis(exports.get("kpi_scorecard"))
    if kpi_finding:
        s.findings.append(kpi_finding)
    s.kpi_note = _kpi_note(s.chips, outcome_rows)
    s.cannot += cannot_kpis
    s.findings = s.findings[:8]

    s.actions += _weights(exports.get("weight_suggestions"))
    short = figs.get("Needs short of mentor seats")
    if short is not None and short.hidden:
        s.actions.append(Item("Check the mentor seats of the needs whose figures are hidden to protect "
                              "small groups: whether they are short cannot be published.", STAGE_PAGES["segments"]))
    elif short is not None and short.shown and short.value > 0:
        one = short.value == 1
        if _is_peer(_text(figs, "Format")):
            s.actions.append(Item(f"Invite peers who can offer the {plural(short.value, 'need')} that more "
                                  f"peers want than offer.", STAGE_PAGES["segments"]))
        else:
            s.actions.append(Item(f"Recruit mentors for the {plural(short.value, 'need')} that "
                                  f"{'has' if one else 'have'} fewer mentor seats than "
                                  f"mentees wanting {'it' if one else 'them'}.", STAGE_PAGES["segments"]))
    supply = figs.get("Mentees / mentor seats")
    rec, chosen = _text(figs, "Recommended format"), _text(figs, "Format")
    # mentees outnumbering the seats is an action only when the format run does not fit that
    # supply (circles or groups that fit it need no seat per mentee: no "recruit 29 seats")
    if supply is not None and len(supply.parts) == 2 and None not in supply.parts \
            and supply.parts[0] > supply.parts[1] and not (rec and rec == chosen):
        instead = f"or run the {rec} format that supply fits" if rec else "or keep a group format"
        s.actions.append(Item(f"Recruit {int(supply.parts[0] - supply.parts[1]):,} more mentor seats, "
                              f"{instead} until sign-ups catch up.", STAGE_PAGES["goals"]))
    risk = figs.get("Pairs at risk")
    if risk is not None and risk.shown and risk.value > 0:
        s.actions.append(Item(f"Follow up the {plural(risk.value, 'pair')} at risk with the program "
                              f"manager.", STAGE_PAGES["kpi"]))
    rec, chosen = _text(figs, "Recommended format"), _text(figs, "Format")
    if rec and chosen and rec != chosen:
        s.actions.append(Item(f"Consider {_phrase(rec)} next round (see the supply on page 1).", STAGE_PAGES["goals"]))
    s.actions += _evidence(exports.get("evidence_plan"))
    return s


def read_exports(bundle: Path) -> Exports:
    """The bundle's client exports (``exports/*.csv``) by name, and its typed key figures
    (``figures.json``) as ``.figures``."""
    out = Exports(figures=read_figures(bundle))
    for path in sorted((Path(bundle) / "exports").glob("*.csv")):
        try:
            out[path.stem] = pd.read_csv(path)
        except (OSError, ValueError, pd.errors.ParserError):
            continue
    return out


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


# the client's accent colour goes into CSS: only a plain colour, else the house colour
ACCENT = "#2F5D8A"
_COLOUR = re.compile(r"#[0-9A-Fa-f]{3}(?:[0-9A-Fa-f]{3})?")


# a key figure's name where its headline key (kept for headlines.json) says less
NAMES = {"Mentees matched": "Mentees matched by the proposed matching"}


def glossary(figures: list[KeyFigure]) -> list[tuple[str, str]]:
    """Each key figure's definition (one line each), then the statistics words."""
    seen, out = set(), []
    for f in figures:
        if f.definition and f.label and f.label not in seen:
            seen.add(f.label)
            out.append((NAMES.get(f.label, f.label), f.definition))
    return out + list(WORDS)


def summary_html(summary: Summary, *, client: str, program: str, date: str, pages: list[tuple[str, str]],
                 accent: str = ACCENT, logo: Optional[str] = None, pdf: Optional[str] = None,
                 figures: Optional[Mapping] = None) -> str:
    """The program's ``index.html``: cover, findings, KPI chips, actions, open questions, the
    key figures the pages published (typed in ``summary.figures``; ``figures``, label -> text,
    adds any the summary does not hold), the pages and the glossary."""
    typed = list(summary.figures)
    have = {f.label for f in typed}
    typed += [KeyFigure.words(str(k), str(v)) for k, v in (figures or {}).items() if str(k) not in have]
    order = list(figures or {})
    typed.sort(key=lambda f: order.index(f.label) if f.label in order else len(order))
    return render_template(
        "summary.html.j2", summary=summary, client=client, program=program, date=date, pages=pages,
        accent=accent if _COLOUR.fullmatch(str(accent or "")) else ACCENT, logo=logo, pdf=pdf,
        figures=[replace(f, label=NAMES.get(f.label, f.label)) for f in typed if f.label],
        glossary=glossary(typed), status_class=STATUS_CLASS)
