"""Matching modes end to end on a copy of a bundled program (issue 35): ``matching.mode`` in
program.yaml, the ``preferences`` table, page 3's mode, frontier and "what it would take" sections
(protected), ``exports/frontier.csv`` and the analyst's ``shortlists.csv``."""
import re
import shutil

import numpy as np
import pandas as pd
import pytest

from workbench import disclosure
from workbench.config import ProgramConfig
from workbench.io import check_program, load_program
from workbench.matching import assign
from workbench.scoring import modes as sm
from workbench.views import match_optimization

from program_factory import SAMPLES

PROGRAM = SAMPLES / "leadership-accelerator"   # group format, capacity 5


def copy_with(tmp_path, mode, extra="", preferences=None, name=None):
    """The bundled program copied with ``matching.mode`` (and more matching keys) set."""
    dest = tmp_path / (name or f"la-{mode}")
    shutil.copytree(PROGRAM, dest)
    y = dest / "program.yaml"
    text = y.read_text(encoding="utf-8")
    text = re.sub(r"(?m)^matching:\n", f"matching:\n  mode: {mode}\n{extra}", text, count=1)
    if preferences is not None:
        preferences.to_csv(dest / "choices.csv", index=False)
        text = re.sub(r"(?m)^tables:\n", "tables:\n  preferences:\n    file: choices.csv\n", text, count=1)
    y.write_text(text, encoding="utf-8")
    return dest


def published_people(page, k):
    return [f for f in page.figures() if f.people and not f.hidden and 0 < f.value < k]


def test_config_keys_and_defaults():
    base = {"client": "A", "program": "B", "purposes": ["onboarding"], "format": "group",
            "start_date": "2025-01-01", "snapshot_date": "2026-01-01",
            "tables": {"workforce": {"file": "w.csv"}, "people": {"file": "p.csv"}}}
    m = ProgramConfig.model_validate(base).matching
    assert (m.mode, m.shortlist_size, m.proposing) == ("assigned", 3, "mentees")
    with pytest.raises(Exception, match="self_directed"):
        ProgramConfig.model_validate({**base, "matching": {"mode": "self-directed"}})
    with pytest.raises(Exception):
        ProgramConfig.model_validate({**base, "matching": {"shortlist_size": 0}})


def test_assigned_is_todays_page_plus_the_frontier(tmp_path):
    prog = load_program(PROGRAM)
    page = match_optimization(prog)
    assert {"mode", "frontier", "take"} <= set(page.sections)
    assert page.exports["frontier"] == "frontier"
    assert "shortlists" not in page.analyst
    fr = page["frontier"].frame()
    assert len(fr) == 10 and list(fr.columns)[:3] == ["aim", "minimum score", "mentees matched"]
    assert fr["mentees matched"].iloc[0] != fr["mentees matched"].iloc[4]   # the floors bind
    page.publish(tmp_path)
    out = pd.read_csv(tmp_path / "exports" / "frontier.csv")
    assert len(out) == 10
    # each frontier point is the exact optimum at its objective and floor
    res = match_optimization(prog)   # noqa: F841  (same program, same figures)
    outcome = __import__("workbench.matchview", fromlist=["x"]).optimal_matching(prog)
    S, A, cap = sm._inputs(outcome)
    raw = sm.program_frontier(outcome)
    for _, r in raw.iterrows():
        floor = None if np.isnan(r["min_score"]) else r["min_score"]
        want = assign(S, capacity=cap, allowed=A, min_score=floor, objective=r["objective"])
        assert (r["matched"], round(r["total"], 9)) == (want.matched, round(want.total, 9))


def test_self_directed_end_to_end(tmp_path):
    prog = load_program(copy_with(tmp_path, "self_directed", "  shortlist_size: 2\n"))
    assert prog.config.matching.mode == "self_directed"
    page = match_optimization(prog)
    lists = page.analyst["shortlists"]
    assert list(lists.columns) == ["mentee_id", "rank", "mentor_id", "score", "why"]
    assert lists.groupby("mentee_id")["rank"].max().max() <= 2
    assert lists["why"].str.len().gt(0).all()
    cap = prog.people.set_index("person_id")["capacity"]
    per = lists["mentor_id"].value_counts()
    assert (per <= 2 * cap.reindex(per.index).fillna(5).astype(int) + 1).all()
    table = page["mode"].frame()
    assert table.iloc[0, 0].startswith("Mentees matched when the program team assigns")
    assert not published_people(page, prog.config.min_group_size)
    page.publish(tmp_path / "out")
    assert (tmp_path / "out" / "analyst" / "shortlists.csv").exists()
    assert not (tmp_path / "out" / "exports" / "shortlists.csv").exists()
    text = " ".join(page.texts())
    assert "self_directed" not in text and "shortlist_size" not in text   # no config syntax


def preferences_for(prog, seed=0):
    """Every mentee ranks three mentors; every mentor ranks four mentees (seeded)."""
    rng = np.random.default_rng(seed)
    mentees = prog.people.loc[prog.people["role"] == "mentee", "person_id"].tolist()
    mentors = prog.people.loc[prog.people["role"] == "mentor", "person_id"].tolist()
    rows = []
    for e in mentees:
        for r, m in enumerate(rng.choice(mentors, 3, replace=False), 1):
            rows.append({"Employee": e, "Choice": m, "Rank": r})
    for m in mentors:
        for r, e in enumerate(rng.choice(mentees, 4, replace=False), 1):
            rows.append({"Employee": m, "Choice": e, "Rank": r})
    return pd.DataFrame(rows)


def with_columns(dest):
    y = dest / "program.yaml"
    text = y.read_text(encoding="utf-8").replace(
        "    file: choices.csv\n",
        "    file: choices.csv\n    columns: {Employee: person_id, Choice: partner_id, Rank: rank}\n")
    y.write_text(text, encoding="utf-8")
    return dest


@pytest.mark.parametrize("side", ["mentees", "mentors"])
def test_hybrid_end_to_end_is_stable_and_states_its_cost(tmp_path, side):
    prog0 = load_program(PROGRAM)
    dest = with_columns(copy_with(tmp_path, "hybrid", f"  proposing: {side}\n", preferences_for(prog0)))
    prog = load_program(dest)
    assert len(prog.preferences) > 0 and list(prog.preferences.columns) == ["person_id", "partner_id", "rank"]
    from workbench.matchview import optimal_matching
    outcome = optimal_matching(prog)
    h = sm.program_hybrid(prog, outcome, proposing=side)
    assert h.stable_blocking == 0 and h.preferences_used > 0
    assert h.total <= h.optimum_total + 1e-9 and h.matched <= h.optimum_matched
    # ranked choices are respected: most mentees get a mentor they ranked
    P, _, _ = sm.preference_scores(prog, outcome)
    got = P.to_numpy()[P.index.get_indexer(h.pairs["mentee"]), P.columns.get_indexer(h.pairs["mentor"])]
    if side == "mentees":
        assert (got > 1).mean() > 0.5
    page = match_optimization(prog)
    assert "stable_matching" in page.analyst
    rows = dict(page["mode"].frame().values.tolist())
    assert "Score given up to respect the rankings" in rows
    assert not published_people(page, prog.config.min_group_size)


def test_preferences_table_problems_are_reported(tmp_path):
    prog0 = load_program(PROGRAM)
    prefs = preferences_for(prog0)
    prefs.loc[0, "Choice"] = "NOBODY"
    prefs.loc[1, "Rank"] = 0
    dest = with_columns(copy_with(tmp_path, "hybrid", "", prefs))
    res = check_program(dest)
    text = "\n".join(str(p) for p in res.problems)
    assert res.program is None
    assert "choices.csv:2:" in text and "choices.csv:3:" in text


def test_what_it_would_take_pools_by_need_under_the_rules(tmp_path):
    """Capacity cut to 2: mentees are left out; each listed change re-solved matches more, and the
    pooled client table hides needs of fewer than k mentees."""
    dest = copy_with(tmp_path, "assigned", "  capacity_override: 2\n")
    text = (dest / "program.yaml").read_text(encoding="utf-8")
    text = text.replace("mentor_capacity: 5", "mentor_capacity: 2")
    (dest / "program.yaml").write_text(text, encoding="utf-8")
    prog = load_program(dest)
    from workbench.matchview import optimal_matching
    outcome = optimal_matching(prog)
    take = sm.program_take(prog, outcome)
    assert len(take) > 0 and (take["change"] == "seat").any()
    S, A, cap = sm._inputs(outcome)
    base = assign(S, capacity=cap, allowed=A).matched
    for _, r in take[take["change"] == "seat"].head(5).iterrows():
        c2 = cap.copy()
        c2[r["mentor_id"]] += 1
        assert assign(S, capacity=c2, allowed=A).matched == base + 1
    # the pooled claim: all the seats of a need at once match that many more mentees
    seats = take[take["change"] == "seat"]
    for need, g in seats.groupby("need"):
        c2 = cap.copy()
        for mentor, count in g["mentor_id"].value_counts().items():
            c2[mentor] += count
        assert assign(S, capacity=c2, allowed=A).matched >= base + len(g), need
    page = match_optimization(prog)
    k = prog.config.min_group_size
    t = page["take"].table
    for r in t.body:
        v = t.value(r, "mentees")
        assert v is None or v >= k
    assert not published_people(page, k)
    assert "match_the_rest" in page.analyst
    with disclosure.disabled("03_match_optimization"):
        raw = match_optimization(prog)["take"].table
    assert raw.counts.loc["Total", "mentees"] == len(take)


def test_tuning_panel_picks_a_frontier_point_and_saves_it(tmp_path):
    """The panel's frontier: pick a point, its objective and minimum score go into the state, and
    the panel's Save writes them to program.yaml (read back by the loader)."""
    pytest.importorskip("ipywidgets")
    from workbench.interactive import TuningPanel
    from workbench.tuning.frontier import at_point, labels, points
    dest = copy_with(tmp_path, "assigned", name="la-tune")
    panel = TuningPanel(load_program(dest), str(dest))
    panel.render_frontier()
    pts = points(panel.tuner)
    assert len(pts) == 10 and len(panel.frontier.options) == 10
    assert "on the frontier" in panel.frontier_table.value
    pick = int(pts.index[(pts["objective"] == "fair") & pts["min_score"].notna()][1])
    panel.frontier.value = pick
    panel.on_point()
    assert panel.tuner.state.objective == "fair"
    assert panel.tuner.state.min_score == pytest.approx(pts.loc[pick, "min_score"])
    assert panel.tuner.outcome.totals["matched"] == pts.loc[pick, "matched"]
    panel.on_save()
    saved = load_program(dest).config.matching
    assert saved.objective == "fair" and saved.min_score == pytest.approx(pts.loc[pick, "min_score"], rel=1e-6)
    assert saved.mode == "assigned"   # the rest of the file kept
    assert labels(pts)[pick][1] == pick and at_point(panel.tuner.state, pts.iloc[pick]) == panel.tuner.state
    assert panel.frontier_table.value.count('class="chosen"') == 1 and "<svg" in panel.frontier_table.value


def test_frontier_chart_marks_the_chosen_point_and_pick_is_the_nearest():
    """The panel's chart: one dot per point (beaten ones hollow), the chosen one ringed; ``pick``
    (what pointing at the chart selects) is the point nearest on the scaled axes."""
    from workbench.tuning.frontier import frontier_html, frontier_svg, pick
    pts = pd.DataFrame({"objective": ["total", "total", "fair"], "min_score": [np.nan, 2.0, 3.0],
                        "matched": [10, 9, 5], "coverage": [1.0, 0.9, 0.5],
                        "mean_score_share": [0.6, 0.7, np.nan], "lowest_score_share": [0.2, 0.4, np.nan],
                        "efficient": [True, True, False]})
    svg = frontier_svg(pts, chosen=1)
    assert svg.count("<circle") == 4 and svg.count('fill="white"') == 1 and svg.count('class="chosen"') == 1
    assert 'class="chosen"' not in frontier_svg(pts) and frontier_svg(pts.iloc[:0]) == ""
    assert [pick(pts, *xy) for xy in [(1.0, 0.61), (0.88, 0.72), (0.4, 0.0)]] == [0, 1, 2]
    html = frontier_html(pts, chosen=2)
    assert html.index("<svg") < html.index("<table") and "on the frontier" in html
    with pytest.raises(ValueError, match="no frontier points"):
        pick(pts.iloc[:0], 0.5, 0.5)


@pytest.mark.parametrize("mode,k", [("self_directed", 5),   # the fast tier; the rest with `make test-all`
                                    pytest.param("hybrid", 5, marks=pytest.mark.slow),
                                    pytest.param("self_directed", 40, marks=pytest.mark.slow),
                                    pytest.param("hybrid", 40, marks=pytest.mark.slow)])
def test_attacker_learns_nothing_about_small_groups_in_either_mode(tmp_path, mode, k):
    """The attacker of tests/test_attacker.py on the whole report of a copy in each mode (k = 40:
    the counts of people left out by the floors or the modes are hidden)."""
    from test_attacker import leaks, report_figures, unregistered_numbers
    from workbench import views
    prefs = preferences_for(load_program(PROGRAM)) if mode == "hybrid" else None
    dest = copy_with(tmp_path, mode, "", prefs)
    if prefs is not None:
        with_columns(dest)
    y = dest / "program.yaml"
    y.write_text(re.sub(r"(?m)^min_group_size:.*$", f"min_group_size: {k}", y.read_text(encoding="utf-8")),
                 encoding="utf-8")
    program = load_program(dest)
    assert program.config.min_group_size == k
    assert leaks(report_figures(program), k) == []
    page = match_optimization(program)
    assert unregistered_numbers(views.Page(page.name, page.sections, page.headlines), k) == []
    if k == 40:   # the frontier's smallest points (9 and 57 matched at k = 5) are hidden
        shown = page["frontier"].frame()["mentees matched"].tolist()
        assert "hidden" in shown


def test_hybrid_highest_score_beats_both_sides_and_falls_back_when_too_large(tmp_path):
    from workbench.matchview import optimal_matching
    small = SAMPLES / "reverse-digital"
    prog = load_program(small)
    outcome = optimal_matching(prog)
    prog.preferences = preferences_for(prog, seed=3).rename(
        columns={"Employee": "person_id", "Choice": "partner_id", "Rank": "rank"})
    best = sm.program_hybrid(prog, outcome, proposing="highest_score")
    assert not best.fallback and best.stable_blocking == 0 and best.preferences_used > 0
    for side in ("mentees", "mentors"):
        other = sm.program_hybrid(prog, outcome, proposing=side)
        assert best.total >= other.total - 1e-9
    big = load_program(PROGRAM)
    big.preferences = preferences_for(big).rename(columns={"Employee": "person_id", "Choice": "partner_id",
                                                           "Rank": "rank"})
    h = sm.program_hybrid(big, optimal_matching(big), proposing="highest_score")
    assert h.fallback and h.stable_blocking == 0
