"""Drawing the sample programs from their specifications (:mod:`.specs`): participants, their
profiles, the pairs made by hand, check-ins and surveys.

Each function draws from the generator it is handed, in the order :func:`workbench.sample.generate`
calls them; that order is what keeps the bundled files reproducible. The two late programs
(:data:`.specs.LATE_SPECS`) are drawn after the outcomes, from their own random stream
(:func:`select_late`, :func:`make_late_people`, :func:`historical_late`): their participants'
exits and promotions are drawn as non-participants' (their true effect on both is none, see
:mod:`.truth`), and the three earlier programs' files are byte for byte what they were before
the two were added. The second round (:func:`select_round`) is drawn last, likewise.
"""
from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from . import truth
from .specs import LATE_SPECS, Spec


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
