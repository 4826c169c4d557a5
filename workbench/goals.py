"""Stage 1, goal-setting: the charter, measurable KPIs with HR baselines, readiness and scale.

Example
-------
>>> from workbench.io import load_program                         # doctest: +SKIP
>>> prog = load_program("data/programs/leadership-accelerator")   # doctest: +SKIP
>>> readiness(prog)["recommended_format"]                          # doctest: +SKIP
'group'
"""
from __future__ import annotations

import math

import pandas as pd

from .config import KPI, purpose_label
from .disclosure import ProtectedColumn
from .evaluation.design import comparison_group
from .metrics import METRICS, baseline_of
from .program import Program
from .schema import career_stage, table_label
from .scoring.formats import format_phrase, match_format
from . import next_level


# answers that stand for "nothing": a client's "None" means none (of earlier experience, say),
# an empty or "n/a" answer means not stated; neither is shown as a raw placeholder
_NONE_WORDS = {"none", "no", "nil"}
_UNSTATED = {"", "n/a", "na", "nan", "null", "-", "?", "tbd"}


def _answer(text) -> str:
    """A charter answer as the page shows it: ``"not stated yet"`` when empty or a placeholder,
    ``"none"`` for a client's own "None", otherwise the client's words.

    >>> _answer(None), _answer(" N/A "), _answer("None"), _answer("Two pilots in 2024")
    ('not stated yet', 'not stated yet', 'none', 'Two pilots in 2024')
    """
    words = "" if text is None else str(text).strip()
    if words.lower() in _UNSTATED:
        return "not stated yet"
    if words.lower() in _NONE_WORDS:
        return "none"
    return words


def charter_summary(program: Program) -> pd.DataFrame:
    """The strategy answers as a two-column table (question, answer) for the one-page summary."""
    c, ch = program.config, program.config.charter
    rows = [
        ("Client and program", f"{c.client}: {c.program}"),
        ("Why the program exists", ", ".join(purpose_label(p) for p in c.purposes)),
        ("Link to long-term goals", _answer(ch.long_term_goals)),
        ("Challenges it addresses", "; ".join(ch.challenges) or "not stated yet"),
        ("Ideal mentor", _answer(ch.ideal_mentor)),
        ("Ideal mentee", _answer(ch.ideal_mentee)),
        ("Earlier mentoring experience", _answer(ch.prior_experience)),
        ("Expected outcomes", "; ".join(ch.expected_outcomes) or "not stated yet"),
        ("Format and cadence", f"{c.format.replace('_', '-')}, meetings every {c.cadence_days} days"),
        ("Sponsor", _answer(ch.sponsor)),
        ("Program manager", _answer(ch.program_manager)),
    ]
    return pd.DataFrame(rows, columns=["question", "answer"])


def check_kpi(kpi: KPI, program_start) -> list[str]:
    """Reasons a KPI is too vague to manage by, each with a hint; empty when it is specific.
    Scales and directions come from the metric registry (:mod:`workbench.metrics`)."""
    spec = METRICS[kpi.metric]
    hints = []
    if kpi.baseline is not None and math.isclose(kpi.baseline, kpi.target):
        hints.append("the target equals the baseline; state the change you expect (e.g. +5 points)")
    elif kpi.baseline is not None and (kpi.target - kpi.baseline) * spec.direction < 0:
        hints.append(f"the target is on the wrong side of the baseline: for this KPI "
                     f"{'higher' if spec.higher_is_better else 'lower'} is better")
    if pd.Timestamp(kpi.due) <= pd.Timestamp(program_start):
        hints.append("the due date is not after the program start; give the date it is judged")
    if not spec.low <= kpi.target <= spec.high:
        if spec.scale == "0–1":
            hints.append("this metric is a share; write the target between 0 and 1 (e.g. 0.9 for 90 %)")
        else:
            hints.append(f"{kpi.metric.replace('_', ' ')} is on a {spec.scale} scale; set a target within it")
    return hints


def hr_baseline(program: Program, kpi: KPI) -> tuple[float | None, str]:
    """A KPI's baseline measured from the data: for retention and promotion, the same measure as
    the KPI (registry) on the comparison group (:func:`workbench.evaluation.comparison_group`),
    each person followed from their index date; other metrics have none (the note says what
    data would be needed)."""
    m = baseline_of(program, kpi)
    if not m.measurable:
        return None, m.note
    group = comparison_group(program, kpi.population, seed=program.config.evaluation.seed)
    return m.value, (f"measured on the comparison group of the {kpi.population} ({group.n_control:,} "
                     f"comparable non-participants, 95 % CI {METRICS[kpi.metric].range_text(m.lower, m.upper)})")


def kpi_table(program: Program) -> pd.DataFrame:
    """Each KPI: definition, population, baseline (given or measured), target, due, source, issues."""
    rows = []
    tables_given = set(program.config.tables)
    for k in program.config.kpis:
        spec = METRICS[k.metric]
        baseline, note = (k.baseline, "given in the charter") if k.baseline is not None else hr_baseline(program, k)
        source = spec.source
        measurable = source in tables_given and (source != "surveys" or len(program.surveys) > 0)
        hints = check_kpi(k, program.config.start_date)
        if k.baseline is None and baseline is not None and (k.target - baseline) * spec.direction < 0:
            hints.append(f"the target is on the wrong side of the measured baseline: for this KPI "
                         f"{'higher' if spec.higher_is_better else 'lower'} is better")
        rows.append({
            "kpi": k.name, "definition": k.definition or spec.text(k.horizon_months, peer=program.config.format == "peer"),
            "population": k.population, "baseline": baseline, "target": k.target,
            "due": pd.Timestamp(k.due).date(), "data source": k.source or table_label(source),
            "measurable": "yes" if measurable else f"no: needs the {table_label(source)}",
            "baseline note": note, "specific?": "yes" if not hints else "; ".join(hints),
        })
    return pd.DataFrame(rows)


def _seats(program: Program) -> pd.Series:
    """Mentor seats per mentor: their stated capacity, else the program default (1 for one-to-one)."""
    mentors = program.people[program.people["role"] == "mentor"]
    default = 1 if program.config.format in ("one_to_one", "reverse") else program.config.mentor_capacity
    return mentors.set_index("person_id")["capacity"].fillna(default).astype(float)


def demand_supply(program: Program, by: str | None = None, roles: bool = False) -> pd.DataFrame:
    """Mentee demand against mentor seats, in total (``by=None``) or per segment column.

    ``by`` is a profile column such as ``department`` or ``career_stage``. Peers count on both sides.
    ``roles=True`` adds the count of each role (``role:mentee``, ``role:mentor``, ``role:peer``):
    the parts a protected page checks but does not show.
    """
    prof = program.profiles().assign(career_stage=lambda d: career_stage(d["level"]))
    seats = _seats(program)
    prof["seats"] = prof.index.map(seats).fillna(0)
    prof.loc[prof["role"] == "peer", "seats"] = 1
    key = (lambda d: pd.Series("all", index=d.index)) if by is None else (lambda d: d[by])
    mentees = prof[prof["role"].isin(["mentee", "peer"])]
    mentors = prof[prof["role"].isin(["mentor", "peer"])]
    out = pd.DataFrame({
        "mentees": mentees.groupby(key(mentees)).size(),
        "mentors": mentors.groupby(key(mentors)).size(),
        "mentor_seats": mentors.groupby(key(mentors))["seats"].sum(),
    }).fillna(0).astype(int)
    out["gap"] = out["mentees"] - out["mentor_seats"]
    if roles:
        for role in ("mentee", "mentor", "peer"):
            part = prof[prof["role"] == role]
            out[f"role:{role}"] = part.groupby(key(part)).size().reindex(out.index).fillna(0).astype(int)
    out.index.name = by or "program"
    return out.sort_values("mentees", ascending=False)


def demand_columns() -> list:
    """How :func:`demand_supply`'s columns are protected (:mod:`workbench.disclosure`): each in
    base counts (peers count on both sides and hold one seat each), seats hidden with the mentors
    they come from and the other way round, the gap (mentees less seats, peers aside) with the mentee or mentor count it comes from. The role
    counts (``roles=True``) are checked, never shown: a side holding fewer than k mentors or peers
    is hidden even when mentors and peers together are more."""
    return [
        ProtectedColumn("mentees", {"mentees": 1, "peers": 1}, follows=("role:mentee", "role:peer")),
        ProtectedColumn("mentors", {"mentors": 1, "peers": 1}, follows=("mentor_seats", "role:mentor", "role:peer")),
        ProtectedColumn("mentor_seats", {"seats": 1, "peers": 1}, people=False, follows=("mentors",)),
        ProtectedColumn("gap", {"mentees": 1, "seats": -1}, people=False, follows=("role:mentee", "role:mentor"),
               partition=False),
    ] + [ProtectedColumn(f"role:{r}", {f"{r}s": 1}, show=False) for r in ("mentee", "mentor", "peer")]


def seat_bounds(program: Program) -> tuple[float, float]:
    """The fewest and most seats one mentor holds in this program (what a reader may assume)."""
    seats = _seats(program)
    return (float(seats.min()), float(seats.max())) if len(seats) else (1.0, 1.0)


def recommend_format(mentees: int, mentors: int, seats: int, purposes=(),
                     shown: dict | None = None) -> tuple[str, str]:
    """The format that fits the supply, and a sentence why.

    ``shown`` maps ``mentees``/``mentors``/``seats`` to the text a page may print for them (a
    hidden figure's marker): the decision uses the true counts, the sentence only ``shown``.

    >>> recommend_format(40, 40, 40)[0]
    'one_to_one'
    >>> recommend_format(500, 110, 550)[0]
    'group'
    >>> recommend_format(40, 3, 40, shown={"mentors": "hidden"})[1]
    'mentees outnumber mentors but mentor capacity (40 seats) covers them: group mentoring now, one-to-one as more mentors join'
    """
    say = {"mentees": str(mentees), "mentors": str(mentors), "seats": str(seats), **(shown or {})}
    if "reverse_mentoring" in purposes:
        return "reverse", "the purpose is for juniors to pass on skills they hold to senior staff"
    if mentors >= mentees:
        if say["mentors"] != str(mentors) or say["mentees"] != str(mentees):
            return "one_to_one", "there are at least as many mentors as mentees"
        return "one_to_one", f"{mentors} mentors cover {mentees} mentees one-to-one"
    ratio = f" {mentees / max(mentors, 1):.1f} to 1" if say["mentors"] == str(mentors) \
        and say["mentees"] == str(mentees) else ""
    capacity = f" ({say['seats']} seats)" if say["seats"] == str(seats) else ""
    if seats >= mentees:
        return "group", (f"mentees outnumber mentors{ratio} but mentor capacity{capacity} "
                         f"covers them: group mentoring now, one-to-one as more mentors join")
    against = f" ({say['mentees']} against {say['seats']})" if capacity and say["mentees"] == str(mentees) else ""
    return "circles", (f"mentees outnumber mentor seats{against}: mentoring circles "
                       f"led by the available mentors until supply grows")


PEER_SUPPLY = "peers pair up among themselves, each both mentee and mentor, so supply meets demand"


def readiness(program: Program, shown: dict | None = None) -> dict:
    """Demand, supply, ratio, recommended format and why, and the cadence's check-in load
    (``shown``: the texts a page may print for the counts, as :func:`recommend_format` takes)."""
    ds = demand_supply(program).iloc[0]
    fmt, why = recommend_format(int(ds["mentees"]), int(ds["mentors"]), int(ds["mentor_seats"]),
                                program.config.purposes, shown=shown)
    if match_format(program.config.format).same_pool:
        # peers pair among themselves: each is both mentee and mentor, supply is demand
        fmt, why = program.config.format, PEER_SUPPLY
    pairs = min(int(ds["mentees"]), int(ds["mentor_seats"]))
    return {"mentees": int(ds["mentees"]), "mentors": int(ds["mentors"]),
            "mentor_seats": int(ds["mentor_seats"]), "gap": int(ds["gap"]),
            "mentees_per_mentor": round(ds["mentees"] / max(ds["mentors"], 1), 2),
            "recommended_format": fmt, "why": why, "chosen_format": program.config.format,
            "checkins_per_month": round(pairs * 30 / program.config.cadence_days)}


def scale_plan(program: Program, stages=None, seats_per_mentor: float | None = None) -> pd.DataFrame:
    """Per stage (number of mentees): mentors needed and to recruit, format, staff, check-in load
    (the rows of :func:`workbench.next_level.wave_rows`, the one way the report counts them).

    ``stages``: default the waves of page 1's one plan (:func:`workbench.next_level.plan`: to the
    charter's next level, never beyond the eligible workforce). ``seats_per_mentor``: default
    today's mean seats per mentor (a page whose mentor count is hidden passes the configured
    capacity instead: a mean over a hidden group is hidden too).
    """
    r = readiness(program)
    if seats_per_mentor is None:
        seats_per_mentor = max(1.0, r["mentor_seats"] / max(r["mentors"], 1))
    if stages is None:
        stages = next_level.plan(program).waves["participants"].tolist()
    fmt = "one_to_one" if seats_per_mentor <= 1 else "group"
    rows = next_level.wave_rows(program, stages, fmt, seats_per_mentor, r["mentors"])
    out = pd.DataFrame(rows).rename(columns={"participants": "mentees"})
    out.insert(3, "format", "one-to-one" if seats_per_mentor <= 1 else f"group of up to {seats_per_mentor:.0f}")
    return out


def interpret_readiness(r: dict, shown: dict | None = None) -> str:
    """One sentence on supply and format, computed from :func:`readiness`.

    ``shown`` maps ``mentees``/``mentor_seats``/``gap`` to the text a page may print (a hidden
    figure's marker); a sentence never prints a hidden figure, it leaves the figure out.

    >>> r = {"mentees": 40, "mentors": 3, "mentor_seats": 12, "gap": 28, "recommended_format": "circles",
    ...      "chosen_format": "group", "why": "supply is short"}
    >>> interpret_readiness(r, {"mentor_seats": "hidden", "gap": "hidden"})
    'Mentor seats do not cover every mentee. The recommended format, mentoring circles, differs from the format the program runs, group mentoring: supply is short.'
    """
    keys = ("mentees", "mentor_seats", "gap")
    say = {key: str(r[key]) for key in keys}
    say.update({key: v for key, v in (shown or {}).items() if key in keys})
    exact = all(say[key] == str(r[key]) for key in say)
    if r["gap"] > 0:
        supply = (f"{r['gap']} mentees have no mentor seat ({r['mentees']} mentees, {r['mentor_seats']} seats)"
                  if exact else "mentor seats do not cover every mentee")
    else:
        supply = (f"mentor seats cover every mentee ({r['mentor_seats']} seats for {r['mentees']} mentees)"
                  if exact else "mentor seats cover every mentee")
    same = r["recommended_format"] == r["chosen_format"]
    if same and match_format(r["chosen_format"]).same_pool:
        return f"{PEER_SUPPLY[0].upper()}{PEER_SUPPLY[1:]} ({r['mentees']} peers): peer mentoring fits, as chosen."
    verdict = ("matches the chosen format" if same else
               f"differs from the format the program runs, {format_phrase(r['chosen_format'])}")
    return (f"{supply[0].upper()}{supply[1:]}. The recommended format, "
            f"{format_phrase(r['recommended_format'])}, {verdict}: {r['why']}.")
