"""Five sample programs drawn from the one sample company, with their matches, check-ins, surveys.

- ``onboarding-pilot``: 25-pair one-to-one onboarding pilot for recent hires (CSV, our column names).
- ``leadership-accelerator``: ~500 high-potential mentees, ~110 senior mentors with capacity 5,
  exported as the client's own XLSX files with the client's column names and labels.
- ``reverse-digital``: 60 juniors with digital skills mentoring senior leaders.
- ``peer-skills-exchange`` (peer): 40 mid-level staff pair up to trade skills across departments.
- ``women-leadership-circles`` (circles): 36 women managers in circles of six, each led by a
  senior facilitator.

The last two (:data:`LATE_SPECS`) started in November 2025 and are drawn after the outcomes,
from their own random stream: their participants' exits and promotions are drawn as
non-participants' (their true effect on both is none, see :mod:`.truth`), and the three earlier
programs' files are byte for byte what they were before the two were added.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from . import truth

D = dt.date


@dataclass
class Spec:
    slug: str
    program: str
    purposes: list
    format: str
    cadence: str
    cadence_days: int
    start: dt.date
    end: dt.date
    topics: list
    charter: dict
    kpis: list
    criteria: list
    rules: dict
    mentor_capacity: int = 1
    client_export: bool = False
    extra: dict = field(default_factory=dict)


CLIENT = "Northwind Logistics"

PILOT = Spec(
    slug="onboarding-pilot", program="New-hire onboarding buddy pilot",
    purposes=["onboarding", "retention"], format="one_to_one", cadence="biweekly", cadence_days=14,
    start=D(2025, 10, 6), end=D(2026, 10, 5),
    topics=["company culture", "networking", "tools and systems", "career planning",
            "time management", "customer knowledge"],
    charter={
        "long_term_goals": "Cut first-year attrition so hiring keeps pace with growth in the 2027 plan.",
        "challenges": ["One in four new hires leaves within a year",
                       "New hires take months to find who to ask"],
        "ideal_mentor": "Two or more years with the company, a level or two above, in the same office",
        "ideal_mentee": "Hired in the last six months, early career",
        "prior_experience": "Informal buddy system in Engineering only, never measured",
        "expected_outcomes": ["Higher 12-month retention of new hires",
                              "New hires productive sooner"],
        "sponsor": "Chief People Officer", "program_manager": "Onboarding lead",
    },
    kpis=[
        {"name": "12-month retention of new hires in the pilot", "metric": "retention",
         "population": "mentees", "horizon_months": 12, "target": 0.9, "due": "2026-10-05",
         "compare_to_non_participants": True, "source": "HR snapshot"},
        {"name": "Mentee satisfaction", "metric": "satisfaction", "population": "mentees",
         "target": 4.0, "due": "2026-10-05", "source": "check-in surveys"},
        {"name": "Pairs meeting every two weeks", "metric": "meeting_cadence",
         "population": "participants", "target": 0.75, "due": "2026-04-30", "source": "check-ins"},
    ],
    criteria=[
        {"kind": "overlap", "weight": 3.0},
        {"kind": "same", "field": "location", "weight": 2.0},
        {"kind": "level_gap", "min_gap": 1, "max_gap": 3, "weight": 1.0},
        {"kind": "timezone", "max_hours": 3, "weight": 1.0},
    ],
    rules={"no_reporting_line": True, "no_shared_manager": True, "max_timezone_gap": 3},
)

LEADERSHIP = Spec(
    slug="leadership-accelerator", program="Leadership Accelerator",
    purposes=["leadership", "high_potential", "retention"], format="group", cadence="monthly",
    cadence_days=30, start=D(2025, 2, 3), end=D(2026, 7, 31), mentor_capacity=5,
    topics=["strategic thinking", "people management", "executive presence",
            "stakeholder management", "coaching", "decision making", "finance for managers",
            "change management"],
    charter={
        "long_term_goals": "Fill 60 % of senior openings from inside by 2028.",
        "challenges": ["High-potential managers leave for promotions elsewhere",
                       "Thin succession bench below director level"],
        "ideal_mentor": "Director or above with a record of developing people",
        "ideal_mentee": "High-potential mid-level staff nominated in talent review",
        "prior_experience": "A 2023 pilot of 20 pairs; well liked, not measured",
        "expected_outcomes": ["More internal promotions", "Lower regretted attrition",
                              "Mentees lead cross-functional work"],
        "sponsor": "Chief Operating Officer", "program_manager": "Talent programs team",
    },
    kpis=[
        {"name": "Retention of mentees against comparable staff", "metric": "retention",
         "population": "mentees", "horizon_months": 12, "target": 0.92, "due": "2026-07-31",
         "compare_to_non_participants": True, "source": "HR snapshot"},
        {"name": "Mentees promoted within 18 months", "metric": "promotion", "population": "mentees",
         "horizon_months": 18, "target": 0.3, "due": "2026-07-31",
         "compare_to_non_participants": True, "source": "HR snapshot"},
        {"name": "Mentee goal progress", "metric": "goal_progress", "population": "mentees",
         "target": 60, "due": "2026-07-31", "source": "check-in surveys"},
        {"name": "Mentees with a mentor", "metric": "match_rate", "population": "mentees",
         "target": 0.95, "due": "2025-03-31", "source": "relationships"},
    ],
    criteria=[
        {"kind": "overlap", "weight": 3.0},
        {"kind": "different", "field": "department", "weight": 1.0},
        {"kind": "level_gap", "min_gap": 1, "max_gap": 3, "weight": 2.0},
        {"kind": "timezone", "max_hours": 6, "weight": 1.0},
        {"kind": "preference", "weight": 2.0},
    ],
    rules={"no_reporting_line": True, "no_shared_manager": False, "min_level_gap": 1,
           "max_timezone_gap": 8},
    client_export=True,
)

REVERSE = Spec(
    slug="reverse-digital", program="Reverse mentoring: digital fluency for leaders",
    purposes=["reverse_mentoring", "upskilling", "diversity_inclusion"], format="reverse",
    cadence="monthly", cadence_days=30, start=D(2025, 6, 2), end=D(2026, 5, 29),
    topics=["data analysis", "AI tools", "social media", "collaboration tools", "digital marketing"],
    charter={
        "long_term_goals": "Leaders fluent in the digital tools the 2027 strategy depends on.",
        "challenges": ["Leaders rarely use the data and AI tools their teams use",
                       "Junior voices seldom reach leadership"],
        "ideal_mentor": "Early-career employee fluent in a digital skill, curious about strategy",
        "ideal_mentee": "Senior leader willing to learn from a junior colleague",
        "prior_experience": "None",
        "expected_outcomes": ["Leaders use data and AI tools", "Juniors visible to leadership"],
        "sponsor": "Chief Digital Officer", "program_manager": "Learning and development",
    },
    kpis=[
        {"name": "Satisfaction of senior mentees", "metric": "satisfaction", "population": "mentees",
         "target": 4.2, "due": "2026-05-29", "source": "check-in surveys"},
        {"name": "Survey response rate", "metric": "response_rate", "population": "participants",
         "target": 0.7, "due": "2026-05-29", "source": "check-in surveys"},
        {"name": "Retention of junior mentors", "metric": "retention", "population": "mentors",
         "horizon_months": 12, "target": 0.9, "due": "2026-05-29",
         "compare_to_non_participants": True, "source": "HR snapshot"},
    ],
    criteria=[
        {"kind": "overlap", "weight": 3.0},
        {"kind": "different", "field": "department", "weight": 1.0},
        {"kind": "timezone", "max_hours": 6, "weight": 1.0},
    ],
    rules={"no_reporting_line": True, "max_timezone_gap": 6},
    extra={"stagger_days": 180},   # people join over six months after the start
)

def _ess(**kw) -> dict:
    """``charter.essentials`` from ``key=(status, note)``."""
    return {key: {"status": status, "note": note} for key, (status, note) in kw.items()}


# Readiness for the next level (issue 18): each program's essentials and its next level, as the
# consultant recorded them; added to the charter when the program.yaml is written (data files
# are untouched).
READINESS = {
    "onboarding-pilot": {
        "essentials": _ess(
            program_manager=("partly", "The onboarding lead runs the pilot beside her own job"),
            senior_champion=("yes", "The Chief People Officer opened the pilot"),
            training=("no", "Buddies got a one-page guide, no session"),
            guidelines=("partly", "Roles written down; nothing on confidentiality or conflicts"),
            communication=("yes", "Biweekly reminders from the HR system"),
            launch_event=("no", ""),
            clear_metrics=("partly", "Retention target set; no baseline measured yet"),
            participation_honour=("unknown", "")),
        "next_level": {"participants": 5000, "format": "one_to_one", "date": "2028-06-30"},
    },
    "leadership-accelerator": {
        "essentials": _ess(
            program_manager=("yes", "Talent programs team, two coordinators"),
            senior_champion=("yes", "The COO sponsors and speaks at each cohort start"),
            training=("yes", "Half-day mentor training; mentee kick-off"),
            guidelines=("yes", "Charter with confidentiality and a no-fault exit"),
            communication=("partly", "Monthly check-ins; no agreed response times"),
            launch_event=("yes", "Cohort launch with a skills workshop"),
            clear_metrics=("yes", "Promotion and retention targets with baselines"),
            participation_honour=("yes", "Nomination through the talent review")),
        "next_level": {"participants": 1500, "format": "group", "date": "2027-12-31"},
    },
    "reverse-digital": {
        "essentials": _ess(
            program_manager=("partly", "Learning and development, no one dedicated"),
            senior_champion=("yes", "The Chief Digital Officer is a mentee herself"),
            training=("partly", "Junior mentors trained; leaders were not"),
            guidelines=("no", "Nothing on what a junior may raise with a leader"),
            communication=("partly", ""),
            launch_event=("yes", "Launch with a hands-on AI tools session"),
            clear_metrics=("partly", "Satisfaction and response targets; no skills measure"),
            participation_honour=("unknown", "")),
        "next_level": {"participants": 300, "format": "reverse", "date": "2027-09-30"},
    },
    "peer-skills-exchange": {
        "essentials": _ess(
            program_manager=("no", "Run by volunteers from Learning and development"),
            senior_champion=("partly", "Endorsed by the CPO by e-mail"),
            training=("no", ""),
            guidelines=("partly", "A short page on how sessions work"),
            communication=("yes", "A chat channel and biweekly prompts"),
            launch_event=("no", ""),
            clear_metrics=("partly", "Targets set; no baselines"),
            participation_honour=("no", "Seen as extra work by some managers")),
        "next_level": {"participants": 400, "format": "peer", "date": "2027-10-31"},
    },
    "onboarding-round-2": {
        "essentials": _ess(
            program_manager=("yes", "An onboarding coordinator now owns the program"),
            senior_champion=("yes", "The Chief People Officer"),
            training=("partly", "A one-hour buddy session at the start"),
            guidelines=("yes", "Roles, confidentiality and what to do when a pair stalls"),
            communication=("yes", "Biweekly reminders from the HR system"),
            launch_event=("partly", "A welcome lunch, no workshop"),
            clear_metrics=("partly", "Retention target; the baseline still needs 12 months of follow-up"),
            participation_honour=("unknown", "")),
        "next_level": {"participants": 5000, "format": "one_to_one", "date": "2028-06-30"},
    },
    "women-leadership-circles": {
        "essentials": _ess(
            program_manager=("yes", "The diversity and inclusion lead and an assistant"),
            senior_champion=("yes", "The Chief Executive opened the first circle"),
            training=("partly", "Facilitators trained; members briefed"),
            guidelines=("yes", "Circle charter with confidentiality rules"),
            communication=("yes", "Monthly circle meetings in the calendar"),
            launch_event=("yes", "Launch with a negotiation workshop"),
            clear_metrics=("partly", "Promotion goal set for 2028; no interim baseline"),
            participation_honour=("yes", "Places are offered by the executive team")),
        "next_level": {"participants": 180, "format": "circles", "date": "2027-11-30"},
    },
}


def _charter(goals, challenges, mentor, mentee, prior, outcomes, sponsor, manager) -> dict:
    """A charter from its answers in the order a consultant asks them."""
    return {"long_term_goals": goals, "challenges": challenges, "ideal_mentor": mentor,
            "ideal_mentee": mentee, "prior_experience": prior, "expected_outcomes": outcomes,
            "sponsor": sponsor, "program_manager": manager}


def _kpi(name, metric, population, target, due, source) -> dict:
    return {"name": name, "metric": metric, "population": population, "target": target, "due": due,
            "source": source}


PEER = Spec(
    slug="peer-skills-exchange", program="Peer skills exchange",
    purposes=["upskilling", "knowledge_transfer", "engagement"], format="peer", cadence="biweekly",
    cadence_days=14, start=D(2025, 11, 3), end=D(2026, 10, 30),
    topics=["data analysis", "presentation", "project management", "negotiation", "writing",
            "AI tools", "customer knowledge"],
    charter=_charter(
        "Spread the skills the company already has, without a training budget.",
        ["Skills sit in silos", "Mid-level staff say they stopped learning"],
        "Any colleague with a skill to share (peers teach each other)",
        "Mid-level staff who want to learn a skill another department has",
        "Lunch-and-learn sessions, poorly attended",
        ["Peers learn a skill from another department", "Higher engagement"],
        "Chief People Officer", "Learning and development"),
    kpis=[_kpi("Peer satisfaction", "satisfaction", "mentees", 4.0, "2026-10-30", "check-in surveys"),
          _kpi("Pairs meeting every two weeks", "meeting_cadence", "participants", 0.7, "2026-06-30", "check-ins"),
          _kpi("Peers with a partner", "match_rate", "mentees", 0.95, "2025-12-31", "relationships")],
    criteria=[{"kind": "overlap", "weight": 3.0}, {"kind": "different", "field": "department", "weight": 1.0},
              {"kind": "timezone", "max_hours": 4, "weight": 1.0}],
    rules={"no_reporting_line": True, "no_shared_manager": True, "max_timezone_gap": 4},
    extra={"size": 40, "engage_slope": truth.LATE_EFFECTS["peer-skills-exchange"]["engage_slope"]},
)

CIRCLES = Spec(
    slug="women-leadership-circles", program="Leadership circles for women managers",
    purposes=["diversity_inclusion", "leadership"], format="circles", cadence="monthly",
    cadence_days=30, start=D(2025, 11, 3), end=D(2026, 10, 30),
    topics=["executive presence", "negotiation", "people management", "stakeholder management",
            "career planning", "decision making"],
    charter=_charter(
        "Half of the new directors appointed from 2028 on are women.",
        ["Women are 47 % of staff but a third of senior leaders",
         "Women managers report less access to sponsors"],
        "A senior leader who facilitates one circle of six",
        "Women managers at levels 3-4 aiming for senior roles",
        "An informal women's network, no structured program",
        ["More women promoted to senior roles", "A peer network across departments"],
        "Chief Executive", "Diversity and inclusion lead"),
    kpis=[_kpi("Member satisfaction", "satisfaction", "mentees", 4.0, "2026-10-30", "check-in surveys"),
          _kpi("Circles meeting monthly", "meeting_cadence", "participants", 0.7, "2026-06-30", "check-ins"),
          _kpi("Survey response rate", "response_rate", "participants", 0.7, "2026-10-30", "check-in surveys")],
    criteria=[{"kind": "overlap", "weight": 2.0}, {"kind": "different", "field": "department", "weight": 2.0},
              {"kind": "timezone", "max_hours": 3, "weight": 2.0}],
    rules={"no_reporting_line": True, "max_timezone_gap": 3},
    extra={"size": 36, "facilitators": 7, "circle_size": 6,
           "engage_slope": truth.LATE_EFFECTS["women-leadership-circles"]["engage_slope"]},
)

SPECS = (PILOT, LEADERSHIP, REVERSE)
LATE_SPECS = (PEER, CIRCLES)

# The pilot's successor (issue 18): a second round of the same program for the next hires, with
# what the pilot taught (a weekly first month is too much: biweekly stays; the time-zone rule is
# tighter, the culture topics weigh more), its folder naming the pilot as its earlier round.
ROUND_2 = Spec(
    slug="onboarding-round-2", program="New-hire onboarding buddy program, round 2",
    purposes=["onboarding", "retention"], format="one_to_one", cadence="biweekly", cadence_days=14,
    start=D(2026, 2, 2), end=D(2027, 1, 29),
    topics=PILOT.topics,
    charter={**PILOT.charter,
             "prior_experience": "The 25-pair pilot from October 2025 (onboarding-pilot), its "
                                 "first round"},
    kpis=PILOT.kpis,
    criteria=[{"kind": "overlap", "weight": 3.0}, {"kind": "same", "field": "location", "weight": 1.0},
              {"kind": "timezone", "max_hours": 2, "weight": 1.0}],
    rules={"no_reporting_line": True, "no_shared_manager": True, "max_timezone_gap": 2},
    extra={"size": 40, "previous": "../onboarding-pilot",
           "engage_slope": truth.ROUND_EFFECTS["onboarding-round-2"]["engage_slope"]},
)
ROUND_SPECS = (ROUND_2,)


def _top_k(rng, weights: np.ndarray, k: int) -> np.ndarray:
    """Weighted sample without replacement (Gumbel top-k): positions of the k chosen."""
    keys = np.log(np.maximum(weights, 1e-12)) + rng.gumbel(size=len(weights))
    return np.argsort(-keys, kind="stable")[:k]


def select_participants(rng, wf: pd.DataFrame) -> dict[str, tuple[np.ndarray, np.ndarray]]:
    """Mentee and mentor row positions per program; a person joins at most one program."""
    taken = np.zeros(len(wf), bool)
    hire = pd.to_datetime(wf["hire_date"])
    perf = wf["performance"].to_numpy()
    level = wf["level"].to_numpy()
    dept = wf["department"].to_numpy()
    skills = wf["skills"].to_numpy()
    engaged = wf["engagement"].to_numpy() - truth.ENGAGEMENT_MEAN
    veteran = (hire < pd.Timestamp(truth.WINDOW_START)).to_numpy()
    out = {}

    def pick(mask, weights, k):
        idx = np.flatnonzero(mask & ~taken)
        chosen = idx[_top_k(rng, weights[idx], k)]
        taken[chosen] = True
        return np.sort(chosen)

    # leadership: self-selection on performance (the confounder) and department
    dept_pull = np.where(np.isin(dept, ["Engineering", "Product"]), 0.4, 0.0)
    w_lead = np.exp(2.2 * (perf - 3.3) + 1.6 * engaged + dept_pull)
    lead_mentees = pick(veteran & np.isin(level, [3, 4]), w_lead, 500)
    lead_mentors = pick(veteran & (level >= 5), np.exp(0.8 * (perf - 3.3)), 110)
    out["leadership-accelerator"] = (lead_mentees, lead_mentors)
    # onboarding pilot: recent hires, buddies a level or two up (volunteers perform a bit better)
    recent = ((hire >= pd.Timestamp("2025-05-01")) & (hire <= pd.Timestamp("2025-09-30"))).to_numpy()
    pilot_mentees = pick(recent & (level <= 2), np.exp(0.6 * (perf - 3.3)), 25)
    pilot_mentors = pick(veteran & np.isin(level, [3, 4, 5]), np.exp(1.0 * (perf - 3.3)), 25)
    out["onboarding-pilot"] = (pilot_mentees, pilot_mentors)
    # reverse mentoring: digitally fluent juniors mentor senior leaders
    digital = np.array([bool({"data analysis", "AI tools", "social media", "digital marketing"} & set(x))
                        for x in skills])
    rev_mentors = pick(veteran & (level <= 2) & digital, np.exp(0.8 * (perf - 3.3) + 1.2 * engaged), 60)
    rev_mentees = pick(veteran & (level >= 5), np.exp(0.8 * (perf - 3.3) + 1.2 * engaged), 60)
    out["reverse-digital"] = (rev_mentees, rev_mentors)
    return out


def _topics(rng, topics, lo, hi):
    k = int(rng.integers(lo, hi + 1))
    return tuple(sorted(rng.choice(topics, size=min(k, len(topics)), replace=False)))


def _joined(rng, spec: Spec) -> dt.date:
    """Sign-up date: shortly before the start, or over ``extra["stagger_days"]`` after it."""
    if spec.extra.get("stagger_days"):
        return spec.start + dt.timedelta(days=int(rng.integers(0, spec.extra["stagger_days"])))
    return spec.start - dt.timedelta(days=int(rng.integers(7, 40)))


def make_people(rng, spec: Spec, wf: pd.DataFrame, mentees, mentors, languages) -> pd.DataFrame:
    rows = []
    for pos in mentees:
        rows.append({"person_id": wf["employee_id"].iat[pos], "role": "mentee",
                     "joined": _joined(rng, spec),
                     "wants": _topics(rng, spec.topics, 1, 3), "offers": (),
                     "capacity": None, "languages": languages[pos], "preferences": ()})
    for pos in mentors:
        cap = 1 if spec.mentor_capacity == 1 else int(rng.choice([4, 5, 5, 5, 6]))
        rows.append({"person_id": wf["employee_id"].iat[pos], "role": "mentor",
                     "joined": _joined(rng, spec),
                     "wants": (), "offers": _topics(rng, spec.topics, 2, 4),
                     "capacity": cap, "languages": languages[pos], "preferences": ()})
    return pd.DataFrame(rows)


def _overlap(wants, offers) -> float:
    return len(set(wants) & set(offers)) / len(wants) if wants else 0.0


def historical_match(rng, spec: Spec, people: pd.DataFrame, wf: pd.DataFrame) -> pd.DataFrame:
    """The client's own earlier matching: greedy, first come first served, by a simple score."""
    mentees = people[people["role"] == "mentee"].reset_index(drop=True)
    mentors = people[people["role"] == "mentor"].reset_index(drop=True)
    tz = wf.set_index("employee_id")["timezone"]
    left = mentors["capacity"].fillna(1).astype(int).to_numpy().copy()
    mentor_ids = mentors["person_id"].to_numpy()
    mentor_tz = tz.reindex(mentor_ids).to_numpy(dtype=float)
    mentor_offers = [set(o) for o in mentors["offers"]]
    mentee_ids = mentees["person_id"].to_numpy()
    mentee_wants = mentees["wants"].to_numpy()
    pairs = []
    for i in rng.permutation(len(mentees)):
        wants = mentee_wants[i]
        overlap = np.array([len(set(wants) & o) / len(wants) if wants else 0.0
                            for o in mentor_offers])
        near = np.maximum(0.0, 1 - np.abs(tz[mentee_ids[i]] - mentor_tz) / 8)
        scores = 0.6 * overlap + 0.4 * near
        scores = scores + rng.normal(0, 0.12, len(scores))  # what the old process could not see
        scores[left <= 0] = -np.inf
        j = int(np.argmax(scores))
        if not np.isfinite(scores[j]):
            continue
        left[j] -= 1
        pairs.append((mentee_ids[i], mentor_ids[j], float(np.clip(scores[j], 0, 1))))
    return pd.DataFrame(pairs, columns=["mentee_id", "mentor_id", "match_score"])


def make_activity(rng, spec: Spec, pairs: pd.DataFrame, exits: pd.Series):
    """Relationships, check-ins and surveys; engagement rises with match quality."""
    snapshot = truth.SNAPSHOT
    rel_rows, chk_rows, srv_rows = [], [], []
    for n, p in enumerate(pairs.itertuples(index=False), start=1):
        rid = f"{spec.slug[:3].upper()}-{n:04d}"
        start = max(spec.start, getattr(p, "joined", spec.start)) + dt.timedelta(days=int(rng.integers(0, 15)))
        slope = spec.extra.get("engage_slope", 0.9)
        engage = float(np.clip(0.35 + slope * p.match_score + rng.normal(0, 0.15), 0.15, 1.3))
        stop = min(spec.end, snapshot)
        status = "completed" if spec.end <= snapshot else "active"
        end_date = spec.end if status == "completed" else None
        gone = [exits.get(p.mentee_id), exits.get(p.mentor_id)]
        gone = [g for g in gone if g is not None and not pd.isna(g)]
        if rng.random() < 0.16 - 0.1 * p.match_score or gone:
            status = "ended_early"
            span = max(30, (stop - start).days)
            end_date = start + dt.timedelta(days=int(rng.integers(45, max(46, span))))
            if gone:
                end_date = min([end_date] + [pd.Timestamp(g).date() for g in gone])
            end_date = max(end_date, start + dt.timedelta(days=1))
            stop = min(stop, end_date)
        elif status == "active" and rng.random() < 0.28 - 0.2 * p.match_score:
            # idle: stopped meeting some time ago without ending the relationship
            stop = snapshot - dt.timedelta(days=int(spec.cadence_days * rng.uniform(1.7, 7)))
        day = start + dt.timedelta(days=int(rng.integers(3, spec.cadence_days)))
        while day <= stop:
            chk_rows.append({"relationship_id": rid, "date": day,
                             "minutes": int(rng.choice([30, 45, 45, 60, 60, 90]))})
            gap = spec.cadence_days / engage * rng.lognormal(0, 0.25)
            day = day + dt.timedelta(days=max(3, int(round(gap))))
        healthy = (status == "active" and stop >= snapshot - dt.timedelta(days=spec.cadence_days * 1.5))
        rel_rows.append({"relationship_id": rid, "mentee_id": p.mentee_id, "mentor_id": p.mentor_id,
                         "start_date": start, "end_date": end_date, "status": status, "round": 1,
                         "healthy": healthy, "match_score": round(p.match_score, 3)})
        # quarterly check-in survey to both people while the pair runs
        survey_day = start + dt.timedelta(days=90)
        last = min(stop if status == "ended_early" else min(spec.end, snapshot), snapshot)
        while survey_day <= last:
            elapsed = (survey_day - start).days
            for who, role in ((p.mentee_id, "mentee"), (p.mentor_id, "mentor")):
                if rng.random() < 0.72:
                    sat = int(np.clip(round(2.2 + 2.0 * engage + rng.normal(0, 0.6)), 1, 5))
                    prog = (float(np.clip(100 * elapsed / 365 * engage * rng.uniform(0.6, 1.1), 0, 100))
                            if role == "mentee" else None)
                    srv_rows.append({"person_id": who, "relationship_id": rid, "date": survey_day,
                                     "satisfaction": sat,
                                     "goal_progress": None if prog is None else round(prog, 1)})
            survey_day += dt.timedelta(days=91)
    return pd.DataFrame(rel_rows), pd.DataFrame(chk_rows), pd.DataFrame(srv_rows)


def add_preferences(rng, people: pd.DataFrame, share: float = 0.3) -> pd.DataFrame:
    """Some mentees name one or two mentors they would like (those who offer what they want)."""
    people = people.copy()
    mentors = people[people["role"] == "mentor"]
    for i in people.index[people["role"] == "mentee"]:
        if rng.random() < share:
            fit = mentors[[bool(set(people.at[i, "wants"]) & set(o)) for o in mentors["offers"]]]
            if len(fit):
                k = min(len(fit), int(rng.integers(1, 3)))
                people.at[i, "preferences"] = tuple(sorted(rng.choice(fit["person_id"].to_numpy(),
                                                                       size=k, replace=False)))
    return people


# --- the two late programs (peer and circles) ------------------------------------------------------

def select_late(rng, wf: pd.DataFrame, taken: np.ndarray) -> dict[str, tuple[np.ndarray, np.ndarray]]:
    """Members and (circles) facilitators of the late programs, among staff still employed at
    their start and in no other program."""
    taken = taken.copy()
    hire = pd.to_datetime(wf["hire_date"])
    level = wf["level"].to_numpy()
    perf = wf["performance"].to_numpy()
    out = {}
    for spec in LATE_SPECS:
        start = pd.Timestamp(spec.start)
        exit_ = pd.to_datetime(wf["exit_date"])
        here = ((hire < start) & (exit_.isna() | (exit_ > start))).to_numpy()
        if spec.format == "peer":
            mask = here & np.isin(level, [2, 3, 4])
            members, lead = mask, np.zeros(len(wf), bool)
        else:
            members = here & np.isin(level, [3, 4]) & (wf["gender"] == "F").to_numpy()
            lead = here & (level >= 5)
        chosen = []
        for mask, k in ((members, spec.extra["size"]), (lead, spec.extra.get("facilitators", 0))):
            idx = np.flatnonzero(mask & ~taken)
            pick = np.sort(idx[_top_k(rng, np.exp(0.5 * (perf[idx] - 3.3)), k)]) if k else idx[:0]
            taken[pick] = True
            chosen.append(pick)
        out[spec.slug] = (chosen[0], chosen[1])
    return out


def select_round(rng, wf: pd.DataFrame, taken: np.ndarray, spec: Spec) -> tuple[np.ndarray, np.ndarray]:
    """Mentees and buddies of a successor onboarding round: hires of the months before its start
    and veterans a level or two up, all still employed at its start and in no other program."""
    hire = pd.to_datetime(wf["hire_date"])
    start = pd.Timestamp(spec.start)
    exit_ = pd.to_datetime(wf["exit_date"])
    here = (exit_.isna() | (exit_ > start)).to_numpy()
    level = wf["level"].to_numpy()
    perf = wf["performance"].to_numpy()
    recent = ((hire >= start - pd.Timedelta(days=300)) & (hire < start - pd.Timedelta(days=14))).to_numpy()
    veteran = (hire < pd.Timestamp(truth.WINDOW_START)).to_numpy()
    taken = taken.copy()
    out, size = [], spec.extra["size"]
    for mask, weight in ((here & recent & (level <= 2), 0.6), (here & veteran & np.isin(level, [3, 4, 5]), 1.0)):
        idx = np.flatnonzero(mask & ~taken)
        pick = np.sort(idx[_top_k(rng, np.exp(weight * (perf[idx] - 3.3)), min(size, len(idx)))])
        taken[pick] = True
        out.append(pick)
        size = len(pick)          # one buddy per new hire
    return out[0], out[1]


def make_late_people(rng, spec: Spec, wf: pd.DataFrame, members, leads, languages) -> pd.DataFrame:
    """Peers (role ``peer``) or circle members (``mentee``) wanting and offering topics, and
    facilitators (``mentor``, one circle each)."""
    role = "peer" if spec.format == "peer" else "mentee"
    rows = [{"person_id": wf["employee_id"].iat[pos], "role": role,
             "joined": spec.start - dt.timedelta(days=int(rng.integers(7, 40))),
             "wants": _topics(rng, spec.topics, 1, 2), "offers": _topics(rng, spec.topics, 1, 3),
             "capacity": None, "languages": languages[pos], "preferences": ()} for pos in members]
    rows += [{"person_id": wf["employee_id"].iat[pos], "role": "mentor",
              "joined": spec.start - dt.timedelta(days=int(rng.integers(7, 40))),
              "wants": (), "offers": _topics(rng, spec.topics, 2, 4), "capacity": 1,
              "languages": languages[pos], "preferences": ()} for pos in leads]
    return pd.DataFrame(rows)


def _fit(a, b, tz_a, tz_b, max_hours) -> float:
    both = (_overlap(a["wants"], b["offers"]) + _overlap(b["wants"], a["offers"])) / 2
    return 0.6 * both + 0.4 * max(0.0, 1 - abs(tz_a - tz_b) / max_hours)


def historical_late(rng, spec: Spec, people: pd.DataFrame, wf: pd.DataFrame) -> pd.DataFrame:
    """The client's own first round: peers paired in sign-up order with the best-fitting free
    peer; circles formed at random, each facilitator taking the next circle. Circle members are
    one relationship each with their facilitator (``mentee_id`` member, ``mentor_id`` facilitator)."""
    tz = wf.set_index("employee_id")["timezone"]
    members = people[people["role"] != "mentor"].reset_index(drop=True)
    order = rng.permutation(len(members))
    pairs = []
    if spec.format == "peer":
        free = list(order)
        while len(free) > 1:
            i = free.pop(0)
            a = members.iloc[i]
            fits = [_fit(a, members.iloc[j], tz[a.person_id], tz[members.iloc[j].person_id], 8)
                    + rng.normal(0, 0.12) for j in free]
            j = free.pop(int(np.argmax(fits)))
            pairs.append((a.person_id, members.iloc[j].person_id, float(np.clip(max(fits), 0, 1))))
        return pd.DataFrame(pairs, columns=["mentee_id", "mentor_id", "match_score"])
    leads = people[people["role"] == "mentor"]["person_id"].to_numpy()
    size = spec.extra["circle_size"]
    groups = [order[k:k + size] for k in range(0, len(order), size)]
    for g, lead in zip(groups, leads):
        for i in g:
            a = members.iloc[i]
            mates = [members.iloc[j] for j in g if j != i]
            fit = np.mean([_fit(a, b, tz[a.person_id], tz[b.person_id], 8) for b in mates]) if mates else 0.0
            pairs.append((a.person_id, lead, float(np.clip(fit + rng.normal(0, 0.05), 0, 1))))
    return pd.DataFrame(pairs, columns=["mentee_id", "mentor_id", "match_score"])
