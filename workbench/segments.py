"""Stage 2, segmentation: who the mentees and mentors are, unmet needs, and suggested tracks.

Example
-------
>>> from workbench.io import load_program                     # doctest: +SKIP
>>> prog = load_program("data/programs/leadership-accelerator")   # doctest: +SKIP
>>> suggest_tracks(prog)[["track", "mentees", "top_needs"]]    # doctest: +SKIP
"""
from __future__ import annotations

import numpy as np
import pandas as pd
from scipy.cluster.hierarchy import fcluster, linkage
from scipy.spatial.distance import pdist, squareform

from .program import Program
from .schema import career_stage
from .goals import _seats
from .present import and_list, is_pooled
from .present import groups_in

TENURE_BANDS = [(0, 1, "under 1 year"), (1, 3, "1-3 years"), (3, 7, "3-7 years"), (7, 99, "7+ years")]
# breakdowns whose values have an order of their own (shown in it, never by size)
ORDERED = {"tenure_band": [b[2] for b in TENURE_BANDS], "career_stage": ["early", "mid", "senior"]}


def _profiles(program: Program) -> pd.DataFrame:
    prof = program.profiles()
    snap = pd.Timestamp(program.config.snapshot_date)
    years = (snap - prof["hire_date"]).dt.days / 365.25
    prof["career_stage"] = career_stage(prof["level"])
    prof["tenure_band"] = pd.cut(years, [b[0] for b in TENURE_BANDS] + [99],
                                 labels=[b[2] for b in TENURE_BANDS], right=False).astype(str)
    prof["side"] = prof["role"].map({"mentee": "mentees", "mentor": "mentors", "peer": "peers"})
    return prof


def profile_counts(program: Program, by: str) -> pd.DataFrame:
    """Mentees and mentors per value of ``by`` (career_stage, department, location, timezone,
    tenure_band). Raw counts: pages show them through :mod:`workbench.views`."""
    prof = _profiles(program)
    prof[by] = prof[by].astype(object).where(prof[by].notna() & (prof[by].astype(str) != "nan"),
                                             "not given")   # every person counted once
    table = prof.groupby([by, "side"]).size().unstack("side", fill_value=0)
    order = ORDERED.get(by)
    if order:   # bands read in their own order (under 1 year, 1-3 years, ...), "not given" last
        known = [v for v in order if v in table.index]
        return table.reindex(known + [v for v in table.index if v not in known])
    return table.sort_values(table.columns[0], ascending=False)


def skill_counts(program: Program) -> pd.DataFrame:
    """Per skill or topic: mentees who want it and mentor seats that offer it."""
    prof = _profiles(program)
    seats = _seats(program)
    wants = prof.loc[prof["role"] != "mentor", "wants"].explode().dropna().value_counts()
    offers = prof.loc[prof["role"] != "mentee", ["offers"]].explode("offers").dropna()
    offers["seats"] = offers.index.map(seats).fillna(1)
    out = pd.DataFrame({"mentees wanting": wants,
                        "mentors offering": offers.groupby("offers").size(),
                        "seats offering": offers.groupby("offers")["seats"].sum()}).astype(float).fillna(0).astype(int)
    out.index.name = "skill"
    return out.sort_values("mentees wanting", ascending=False)


def unmet_needs(program: Program) -> pd.DataFrame:
    """Skills whose mentee demand exceeds the mentor seats offering them, with recruiting options.

    ``candidates`` counts employees in the workforce who list the skill, are senior enough
    (level at least the mentees' median level + 1, or any level for reverse mentoring) and are
    not yet mentors: the pool to recruit from.
    """
    counts = skill_counts(program)
    gap = counts[counts["mentees wanting"] > counts["seats offering"]].copy()
    gap["seats short"] = gap["mentees wanting"] - gap["seats offering"]
    wf = program.workforce
    mentors = set(program.people.loc[program.people["role"] != "mentee", "person_id"])
    mentee_level = program.profiles().loc[lambda d: d["role"] != "mentor", "level"].median()
    senior = wf["level"] >= (0 if program.config.format == "reverse" else mentee_level + 1)
    pool = wf[senior & ~wf["employee_id"].isin(mentors) & wf["exit_date"].isna()]
    skills = pool["skills"].explode().str.lower()
    gap["candidates"] = [int((skills == s.lower()).sum()) for s in gap.index]
    cap = max(1, program.config.mentor_capacity if program.config.format == "group" else 1)
    gap["mentors to recruit"] = np.ceil(gap["seats short"] / cap).astype(int)
    return gap.sort_values("seats short", ascending=False)


def suggest_tracks(program: Program, k: int | None = None, max_k: int = 6,
                   roles: bool = False) -> pd.DataFrame:
    """Groups of mentees with similar needs (hierarchical clustering on wants + career stage).

    ``k`` is chosen in 2..max_k by the best mean silhouette unless given. Each track is explained
    by its top needs, dominant career stage and department, its size, and the number of mentors
    whose offers cover at least one of its top needs. ``roles=True`` adds each track's count of
    mentees and of peers (``role:mentee``, ``role:peer``), for a protected page to check.
    """
    prof = _profiles(program)
    mentees = prof[prof["role"] != "mentor"]
    topics = sorted({t for w in mentees["wants"] for t in w})
    if len(mentees) < 4 or not topics:
        return pd.DataFrame(columns=["track", "mentees", "top_needs", "career_stage", "department",
                                     "mentors_who_fit"])
    X = np.array([[t in w for t in topics] for w in mentees["wants"]], dtype=float)
    stage = pd.get_dummies(mentees["career_stage"]).to_numpy(dtype=float) * 0.5
    X = np.hstack([X, stage])
    dist = pdist(X, "euclidean")
    Z = linkage(X, "ward")
    D = squareform(dist)

    def silhouette(labels):
        """Mean silhouette (a lone member of its cluster scores 0), vectorized over people."""
        ids, inverse = np.unique(labels, return_inverse=True)
        if len(ids) < 2:   # everyone alike: one cluster, nothing to separate
            return 0.0
        onehot = np.eye(len(ids))[inverse]
        sizes = onehot.sum(axis=0)
        sums = D @ onehot                                   # distance of each person to each cluster
        own = sizes[inverse]
        a = sums[np.arange(len(labels)), inverse] / np.maximum(own - 1, 1)
        others = np.where(onehot.astype(bool), np.inf, sums / sizes)
        b = others.min(axis=1)
        scale = np.maximum(a, b)
        score = np.where((own > 1) & (scale > 0), (b - a) / np.where(scale > 0, scale, 1), 0.0)
        return float(score.mean())

    candidates = [k] if k else range(2, min(max_k, len(mentees) - 1) + 1)
    best = max(((silhouette(fcluster(Z, c, "maxclust")), c) for c in candidates))
    labels = fcluster(Z, best[1], "maxclust")
    mentors = prof[prof["role"] != "mentee"]
    rows = []
    for lab in sorted(set(labels)):
        members = mentees[labels == lab]
        needs = members["wants"].explode().value_counts()
        top = list(needs.index[:3])
        fit = int(sum(bool(set(top) & set(o)) for o in mentors["offers"]))
        rows.append({"mentees": len(members), "top_needs": ", ".join(top),
                     "career_stage": members["career_stage"].mode().iat[0],
                     "department": members["department"].mode().iat[0],
                     "mentors_who_fit": fit,
                     **({f"role:{r}": int((members["role"] == r).sum()) for r in ("mentee", "peer")}
                        if roles else {})})
    out = pd.DataFrame(rows).sort_values("mentees", ascending=False).reset_index(drop=True)
    out.insert(0, "track", [f"Track {chr(65 + i)}: {n.split(',')[0]}" for i, n in enumerate(out["top_needs"])])
    out.attrs["silhouette"] = round(best[0], 3)
    return out


def shortfalls(table) -> list:
    """Rows of a protected :func:`workbench.goals.demand_supply` table (see
    :mod:`workbench.views`) whose demand and gap are both published and the gap is positive,
    largest first: the only segments a sentence may name with a figure (the pool of the small
    ones is not a segment to recruit in)."""
    rows = [r for r in table.body if not is_pooled(r)      # "Other (3 departments)" is no segment
            and table.value(r, "gap") is not None and table.value(r, "mentees") is not None
            and table.value(r, "gap") > 0]
    return sorted(rows, key=lambda r: (-table.value(r, "gap"), str(r)))


def interpret_demand(table) -> str:
    """One sentence on where demand outruns supply, from a protected demand table.

    Only segments whose figures are published are named; a hidden segment is never named with
    a figure ("HR (6 seats short)" for a hidden HR cannot appear).
    """
    short = shortfalls(table)
    judged = [r for r in table.body if not is_pooled(r)
              and table.value(r, "gap") is not None and table.value(r, "mentees") is not None]
    if not judged:
        return ("No segment is large enough to compare its mentees with its mentor seats on its own; "
                "the totals above compare them for the whole program.")
    if not short:
        return "Mentor seats cover mentee demand in every segment large enough to report."
    names = and_list(f"{idx} ({int(table.value(idx, 'gap'))} seats short)" for idx in short[:3])
    if len(short) == 1:
        return (f"Demand outruns supply in 1 of the segments large enough to report: {names}; mentors "
                f"from other segments or recruiting there close the gap.")
    return (f"Demand outruns supply in {len(short)} of the segments large enough to report, most in "
            f"{names}; mentors from other segments or recruiting there close the gap.")


def interpret_tracks(tracks: pd.DataFrame, peer: bool = False) -> str:
    """One sentence on the suggested tracks (a shown table: hidden counts read as the marker;
    ``peer``: a peer program, whose peers both want and offer)."""
    who, offer = ("peers", "peers") if peer else ("mentees", "mentors")
    if tracks.empty:
        return f"Too few {who} with stated needs to suggest tracks."
    top = tracks.iloc[0]
    n = sum(groups_in(t) for t in tracks["track"]) if "track" in tracks else len(tracks)
    if not str(top["mentees"]).isdigit() or groups_in(top["track"]) > 1:
        return f"The {who}' needs fall into {n} tracks."
    fit = (f", and {top['mentors_who_fit']} {offer} offer at least one of those needs"
           if str(top["mentors_who_fit"]).isdigit() else "")
    return (f"The {who}' needs fall into {n} tracks; the largest, {top['track']}, "
            f"gathers {top['mentees']} {who} around {and_list(str(top['top_needs']).split(', '))}{fit}.")
