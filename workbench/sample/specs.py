"""The sample programs as specifications, one :class:`Spec` each, drawn from the one sample company.

- ``onboarding-pilot``: 25-pair one-to-one onboarding pilot for recent hires (CSV, our column names).
- ``leadership-accelerator``: ~500 high-potential mentees, ~110 senior mentors with capacity 5,
  exported as the client's own XLSX files with the client's column names and labels.
- ``reverse-digital``: 60 juniors with digital skills mentoring senior leaders.
- ``peer-skills-exchange`` (peer): 40 mid-level staff pair up to trade skills across departments.
- ``women-leadership-circles`` (circles): 36 women managers in circles of six, each led by a
  senior facilitator.
- ``onboarding-round-2``: the pilot's second round (:data:`ROUND_SPECS`).

The last two of the five (:data:`LATE_SPECS`) started in November 2025. Plain data: who, when,
the charter, KPIs, criteria and rules, and each program's readiness for the next level
(:data:`READINESS`); :mod:`.programs` draws the people, pairs and activity from them.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

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
    # the return in money (page 4): the program's cost over the period and what one leaver costs
    extra={"roi": {"currency": "EUR", "program_cost": 400000, "cost_per_leaver": 60000}},
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
