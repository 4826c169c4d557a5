"""Stage 2 page (notebook 02, segmentation): profiles, demand by department, needs, tracks."""
from __future__ import annotations

from .. import goals, present, segments
from ..disclosure import MARK, Figure, ProtectedColumn, fact, protect
from ..present import KeyFigure
from ..program import Program
from .base import Page, Section, headline, plain, pooled_groups, protect_breakdown, safe
from .stage1 import active_table, demand_chart, demand_table, nothing_apart, too_small_sentence

VIEW = "02_segmentation"
PROFILE_TITLES = {"career_stage": "Career stage", "tenure_band": "Tenure", "location": "Location"}


def profile_table(program: Program, by: str, view: str = VIEW):
    """Mentees, mentors and peers per value of ``by``, protected (each column splits its total)."""
    raw = segments.profile_counts(program, by)
    return protect_breakdown(raw, program.config.min_group_size, name=f"profile by {by}", dimension=by,
                             columns=[ProtectedColumn(str(c), {f"{c}": 1}) for c in raw.columns], view=view)


# what a profile's groups are called in a sentence
GROUP_WORDS = {"career_stage": "career stages", "tenure_band": "tenure bands", "location": "locations"}


def _profile_section(program: Program, by: str, view: str) -> Section:
    """A profile table, or one sentence when no group of it can be shown in full."""
    table = profile_table(program, by, view)
    if active_table(table) and nothing_apart(table):
        nouns = {c: c[:-1] for c in table.counts.columns if c.endswith("s")}
        text, figs = too_small_sentence(table, nouns, GROUP_WORDS.get(by, "groups"), f"{by} sentence")
        return Section(by, text=plain(text), figures=figs)
    return Section(by, table=table)


def skills_table(program: Program, view: str = VIEW):
    """Per skill: mentees wanting it, mentors and seats offering it (no total: a person counts
    under several skills), protected; seats hidden with their mentors and the other way round."""
    raw = segments.skill_counts(program)
    table = protect(raw, program.config.min_group_size, name="skills", dimension="skill", total=False,
                    columns=[ProtectedColumn("mentees wanting", {"wanting": 1}, partition=False),
                             ProtectedColumn("mentors offering", {"offering": 1}, partition=False,
                                    follows=("seats offering",)),
                             ProtectedColumn("seats offering", {"offer_seats": 1}, people=False, partition=False,
                                    follows=("mentors offering",))],
                    view=view)
    lo, hi = goals.seat_bounds(program)
    lo = min(lo, 1.0)   # a peer offering a skill holds one seat
    for s in table.body:
        seats, mentors = ("offer_seats", "skill", str(s)), ("offering", "skill", str(s))
        table.facts.append(fact({seats: 1.0, mentors: -hi}, 0.0, "seats per mentor, most", "<="))
        table.facts.append(fact({seats: -1.0, mentors: lo}, 0.0, "seats per mentor, fewest", "<="))
    return table


# a peer program's words for the needs tables (each peer offering a skill holds one place)
PEER_HEADERS = {"mentees wanting": "peers wanting", "mentors offering": "peers offering",
                "seats offering": "places offering", "seats short": "places short",
                "mentors to recruit": "peers to invite"}


def unmet_table(program: Program, skills, view: str = VIEW):
    """Needs short of mentor seats among the skills whose figures are published."""
    raw = segments.unmet_needs(program)
    published = [s for s in raw.index if s in skills.body
                 and not skills.hidden.loc[s, ["mentees wanting", "seats offering"]].any()]
    raw = raw.loc[published]
    cols = [ProtectedColumn("mentees wanting", {"wanting": 1}, partition=False),
            ProtectedColumn("mentors offering", {"offering": 1}, partition=False, follows=("seats offering",)),
            ProtectedColumn("seats offering", {"offer_seats": 1}, people=False, partition=False,
                   follows=("mentors offering",)),
            ProtectedColumn("seats short", {"wanting": 1, "offer_seats": -1}, people=False, partition=False,
                   follows=("mentees wanting", "seats offering")),
            ProtectedColumn("candidates", {"candidates": 1}, partition=False),
            ProtectedColumn("mentors to recruit", {"to_recruit": 1}, people=False, partition=False,
                   follows=("seats short",))]
    return protect(raw, program.config.min_group_size, name="unmet needs", dimension="skill",
                   columns=cols, total=False, view=view)


def tracks_table(program: Program, view: str = VIEW):
    """Suggested tracks with their mentees (they split all mentees) and the mentors who fit; a
    track whose count is hidden is not described (its needs, stage and department left out)."""
    raw = segments.suggest_tracks(program, roles=True)
    if raw.empty:
        return None
    raw = raw.set_index("track")
    cols = [ProtectedColumn("mentees", {"mentees": 1, "peers": 1}, follows=("role:mentee", "role:peer")),
            ProtectedColumn("mentors_who_fit", {"fit": 1}, partition=False),
            ProtectedColumn("role:mentee", {"mentees": 1}, show=False),
            ProtectedColumn("role:peer", {"peers": 1}, show=False)]
    k = program.config.min_group_size
    mentors = program.profiles().loc[lambda d: d["role"] != "mentee", "offers"]

    top = raw["top_needs"].copy()   # before a hidden track's needs are blanked

    def fit(groups):   # mentors offering one of the top needs of any of the pooled tracks
        needs = {n for t in groups for n in str(top[t]).split(", ")}
        return {"mentors_who_fit": int(sum(bool(needs & set(o)) for o in mentors))}
    first = protect_breakdown(raw, k, name="tracks", dimension="track", columns=cols, view=view,
                              values=fit)
    pooled = [g for groups in pooled_groups(first).values() for g in groups]   # small tracks as "Other"
    secret = [t for t in first.body if first.hidden.at[t, "mentees"] and t in raw.index]
    raw.loc[secret, [c for c in raw.columns if c not in [c.name for c in cols]]] = "–"
    names = {t: t.split(":")[0] for t in secret}   # "Track D: career planning" -> "Track D"
    raw = raw.rename(index=names)
    return protect_breakdown(raw, k, name="tracks", dimension="track", columns=cols, view=view,
                             groups=[names.get(t, t) for t in pooled],
                             values=lambda groups: fit([t for t in top.index if names.get(t, t) in groups]))


def segmentation(program: Program, view: str = VIEW) -> Page:
    """Everything notebook 02 shows, protected."""
    k = program.config.min_group_size
    sections = {"intro": Section("intro", text=safe(
        "Groups smaller than {k} people are shown as *{mark}*, and so is any figure that would let "
        "one be worked out from the totals, another table or a chart.", k=k, mark=MARK))}
    for by in PROFILE_TITLES:
        sections[by] = _profile_section(program, by, view)
    demand = demand_table(program, view)
    short = segments.shortfalls(demand)
    none_apart = active_table(demand) and nothing_apart(demand)
    sections["demand"] = Section(
        "demand", text=plain(segments.interpret_demand(demand)),
        figures=[demand.figure(r, "gap", where=f"demand sentence [{r}]") for r in short[:3]]
        + [Figure((), float(len(short)), float(len(short)), "segments short (a count of segments)")],
        chart=None if none_apart else   # the sentence says so
        demand_chart(demand, program.config.format == "peer", "Mentees and mentor seats by department"))
    if none_apart and not short:   # page 2 shows no seats: say the totals it compares (not "the totals above")
        nouns = ({"mentees": "peer"} if program.config.format == "peer" else
                 {"mentees": "mentee", "mentor_seats": "mentor seat"})
        text, figs = too_small_sentence(demand, nouns, "departments", "demand sentence")
        if program.config.format != "peer":
            text = text.replace(" In the whole program:", " Mentees against mentor seats in the whole program:")
        sections["demand"].text = plain(text)
        sections["demand"].figures += figs
    peer = program.config.format == "peer"
    headers = PEER_HEADERS if peer else None   # peers offer to and want from one another
    skills = skills_table(program, view)
    sections["skills"] = Section("skills", table=skills, total=False, headers=headers)
    unmet = unmet_table(program, skills, view)
    n = len(unmet.body)
    # a need whose mentees or seats are hidden cannot be judged: never counted as "not short"
    unknown = [s for s in skills.body if skills.hidden.loc[s, ["mentees wanting", "seats offering"]].any()]
    offer, want = ("peers offering", "peers wanting") if peer else ("mentor seats", "mentees wanting")
    if n:
        text = (f"{present.plural(n, 'need')} among those large enough to report "
                f"{'has' if n == 1 else 'have'} fewer {offer} than {want} {'it' if n == 1 else 'them'}.")
    else:
        text = f"Every need whose figures are published has enough {offer} for those wanting it."
    if unknown:
        text += (f" Whether {present.plural(len(unknown), 'other need')} "
                 f"{'is' if len(unknown) == 1 else 'are'} short cannot be said: "
                 f"{'its' if len(unknown) == 1 else 'their'} figures are hidden to protect small groups.")
    sections["unmet"] = Section("unmet", text=plain(text), table=unmet if n else None, total=False,
                                headers=headers)
    needs = Figure((), float(n), float(n), "needs short of mentor seats (a count of needs)")
    others = Figure((), float(len(unknown)), float(len(unknown)), "needs with hidden figures (a count of needs)")
    sections["unmet"].figures += [needs, others]
    definition = ("Skills that more mentees want than the seats of the mentors offering them; a "
                  "skill whose figures are hidden cannot be counted either way.")
    key = (KeyFigure.withheld("Needs short of mentor seats", f"{present.plural(len(unknown), 'need')} "
                              f"with hidden figures cannot be judged", definition=definition, kind="count")
           if unknown else KeyFigure.count("Needs short of mentor seats", n, definition=definition))
    heads = {"Needs short of mentor seats": headline(key, needs, others)}
    tracks = tracks_table(program, view)
    exports = {}
    if tracks is not None:
        shown = tracks.shown(total=False)
        sections["tracks"] = Section("tracks", text=plain(segments.interpret_tracks(shown.reset_index(), peer=peer)),
                                     table=tracks, figures=_track_sentence(tracks), total=False,
                                     headers={"mentees": "peers", "mentors_who_fit": "peers who fit"} if peer else None)
        exports["tracks"] = "tracks"
    else:
        sections["tracks"] = Section("tracks", text=plain(segments.interpret_tracks(
            segments.suggest_tracks(program), peer=peer)))
    return Page(VIEW, sections, heads, exports)


def _track_sentence(tracks) -> list:
    top = tracks.body[0] if tracks.body else None
    if top is None:
        return []
    n = float(sum(present.groups_in(t) for t in tracks.body))   # "Other (5 tracks)" counts five
    count = Figure((), n, n, "tracks (a count of tracks)")
    return [count] + [tracks.figure(top, c, where=f"tracks sentence ({c})") for c in ("mentees", "mentors_who_fit")]
