"""Every format's matching of a program against an independent result: brute force over every
assignment, partition or facilitator choice on small programs, networkx for peers, and the
scores themselves recomputed by hand."""
from __future__ import annotations

import itertools
import sys
from pathlib import Path

import networkx as nx
import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings, strategies as st

from workbench.scoring import AllowedMask, ScoreBreakdown, match_program

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from program_factory import make_program  # noqa: E402

TOPICS = ["a", "b", "c", "d"]
CRITERIA = [{"kind": "overlap", "weight": 2}, {"kind": "different", "field": "department"},
            {"kind": "level_gap", "min_gap": 1, "max_gap": 2}, {"kind": "timezone", "max_hours": 6}]


def random_program(fmt, n_members, n_partners, seed, member_role="mentee", capacity=1, **cfg):
    rng = np.random.default_rng(seed)
    people, wf = [], []
    for i in range(n_members + n_partners):
        pid = f"{'M' if i < n_members else 'P'}{i}"
        role = member_role if i < n_members else "mentor"
        people.append({"person_id": pid, "role": role,
                       "wants": tuple(rng.choice(TOPICS, rng.integers(1, 3), replace=False)),
                       "offers": tuple(rng.choice(TOPICS, rng.integers(1, 3), replace=False))})
        wf.append({"employee_id": pid, "department": str(rng.choice(["Eng", "Ops", "HR"])),
                   "level": int(rng.integers(1, 6)), "timezone": float(rng.choice([0, 1, 3, 8]))})
    rules = {"no_reporting_line": False, "no_repeat_pairs": False, "max_timezone_gap": 5}
    return make_program(people, wf, fmt=fmt, capacity=capacity,
                        matching={"criteria": CRITERIA, "rules": rules}, **cfg)


def brute_assignment(S, ok, cap):
    """Best (matched, total) over every assignment of rows to columns within capacity."""
    n, m = S.shape
    best = (0, 0.0)
    for choice in itertools.product(range(-1, m), repeat=n):
        used = np.bincount([c for c in choice if c >= 0], minlength=m)
        if (used > cap).any() or any(c >= 0 and not ok[i, c] for i, c in enumerate(choice)):
            continue
        vals = [S[i, c] for i, c in enumerate(choice) if c >= 0]
        best = max(best, (len(vals), round(sum(vals), 9)))
    return best


def _ours(out):
    return out.totals["matched"], round(float(out.pairs["score"].sum()), 9)


@pytest.mark.parametrize("seed", range(4))
@pytest.mark.parametrize("fmt,capacity", [("one_to_one", 3), ("group", 2), ("reverse", 2)])
def test_pairs_formats_against_brute_force(fmt, capacity, seed):
    program = random_program(fmt, 5, 3, seed, capacity=capacity)
    out = match_program(program)
    S, ok = out.breakdown.total.to_numpy(), out.allowed.allowed.to_numpy()
    cap = np.full(S.shape[1], 1 if fmt == "one_to_one" else capacity)   # one_to_one: always 1
    assert _ours(out) == pytest.approx(brute_assignment(S, ok, cap))


def test_reverse_measures_the_level_gap_senior_minus_junior():
    people = [{"person_id": "S", "role": "mentee"}, {"person_id": "J", "role": "mentor"}]
    wf = [{"employee_id": "S", "level": 5}, {"employee_id": "J", "level": 2}]
    crit = {"criteria": [{"kind": "level_gap", "min_gap": 3, "max_gap": 3}], "rules": {"min_level_gap": 3}}
    rev = match_program(make_program(people, wf, fmt="reverse", matching=crit))
    assert rev.pairs[["mentee", "mentor", "score"]].values.tolist() == [["S", "J", 1.0]]
    one = match_program(make_program(people, wf, fmt="one_to_one", matching=crit))
    assert one.pairs.empty and one.allowed.reason("S", "J") == "level_gap"


@pytest.mark.parametrize("seed", range(5))
def test_peer_against_networkx(seed):
    program = random_program("peer", 9, 0, seed, member_role="peer")
    out = match_program(program)
    S, ok = out.breakdown.total.to_numpy(), out.allowed.allowed.to_numpy()
    ids = list(out.breakdown.mentee_ids)
    np.testing.assert_allclose(S, S.T)                     # averaged over both directions
    G = nx.Graph()
    G.add_nodes_from(range(len(ids)))
    G.add_weighted_edges_from((i, j, S[i, j]) for i in range(len(ids)) for j in range(i + 1, len(ids))
                              if ok[i, j] and ok[j, i])
    ref = nx.max_weight_matching(G, maxcardinality=True)
    pairs = {frozenset(p) for p in zip(out.pairs["mentee"], out.pairs["mentor"])}
    assert len(pairs) == len(ref) == out.totals["matched"] // 2
    ours = sum(S[ids.index(a), ids.index(b)] for a, b in map(tuple, pairs))
    assert ours == pytest.approx(sum(S[i, j] for i, j in ref))


def _partitions(people, size):
    """Every split of ``people`` into groups of ``size`` (unordered)."""
    if not people:
        yield []
        return
    first, rest = people[0], people[1:]
    for mates in itertools.combinations(rest, size - 1):
        left = [p for p in rest if p not in mates]
        for tail in _partitions(left, size):
            yield [(first, *mates)] + tail


@pytest.mark.parametrize("seed", range(5))
@pytest.mark.parametrize("n,size", [(6, 3), (8, 4), (9, 3)])
def test_circles_against_every_split_and_facilitators_against_every_choice(n, size, seed):
    program = random_program("circles", n, 3, seed, capacity=1, circle_size=size)
    out = match_program(program)
    s = out.totals
    W = np.where(out.allowed.allowed.to_numpy(), out.breakdown.total.to_numpy(), 0.0)
    ids = list(out.breakdown.mentee_ids)
    best = max(sum(W[np.ix_(g, g)].sum() / 2 for g in split) for split in _partitions(list(range(n)), size))
    assert s["total"] <= best + 1e-9 <= s["upper_bound"] + 2e-9      # the bound holds
    assert s["gap"] == pytest.approx(max(0.0, (s["upper_bound"] - s["total"]) / s["upper_bound"]))
    assert s["total"] >= 0.9 * best                                    # the heuristic on small cases
    # the circles' facilitators: the best fitting choice among every allowed one
    groups = [[ids.index(p) for p in g] for _, g in out.circles.groupby("circle")["person"]]
    F = out.facilitators[0].total.to_numpy()
    A = out.facilitators[1].allowed.to_numpy()
    choices = [(len([f for f in c if f is not None]), round(sum(F[groups[k]].mean(axis=0)[f] for k, f in enumerate(c)
                                                                if f is not None), 9))
               for c in itertools.product([None, 0, 1, 2], repeat=len(groups))
               if len({f for f in c if f is not None}) == len([f for f in c if f is not None])
               and all(f is None or A[groups[k], f].all() for k, f in enumerate(c))]
    fac = {c: f for c, f in zip(out.circles["circle"], out.circles["facilitator"])}
    cols = list(out.facilitators[0].mentor_ids)
    got = [cols.index(fac[k + 1]) if isinstance(fac[k + 1], str) else None for k in range(len(groups))]
    got_key = (len([f for f in got if f is not None]),
               round(sum(F[groups[k]].mean(axis=0)[f] for k, f in enumerate(got) if f is not None), 9))
    assert got_key == pytest.approx(max(choices))


def test_circles_keep_a_forbidden_pair_apart_where_they_can():
    people = [{"person_id": f"E{i}", "role": "peer"} for i in range(6)]
    wf = [{"employee_id": f"E{i}", "timezone": 0.0 if i < 3 else 9.0} for i in range(6)]
    # every pair scores the same; only the rule (time zones) tells the two groups apart
    program = make_program(people, wf, fmt="circles", circle_size=3, matching={
        "criteria": [{"kind": "different", "field": "department"}], "rules": {"max_timezone_gap": 3}})
    out = match_program(program)
    circles = sorted(sorted(g) for g in out.circles.groupby("circle")["person"].apply(list))
    assert circles == [["E0", "E1", "E2"], ["E3", "E4", "E5"]] and out.totals["forbidden_pairs"] == 0


def test_ten_person_circles_program_places_everyone():
    """Issue 12: a ten-person circles program used to report 0 mentees and match nobody."""
    people = [{"person_id": f"E{i}", "role": "peer", "wants": ("a",), "offers": ("a",)} for i in range(10)]
    program = make_program(people, [{"employee_id": f"E{i}"} for i in range(10)], fmt="circles",
                           matching={"criteria": [{"kind": "overlap"}]})
    out = match_program(program)
    assert out.totals["mentees"] == 10 and out.totals["matched"] == 10
    assert sorted(out.circles.groupby("circle").size()) == [5, 5]      # circle_size defaults to 5


@settings(max_examples=30, deadline=None)
@given(st.integers(2, 7), st.integers(0, 10_000))
def test_one_pool_scores_and_rules_are_symmetric(n, seed):
    """Peers and circles: a score is the same both ways, and a pair is allowed only if allowed both ways."""
    rng = np.random.default_rng(seed)
    ids = pd.Index([f"E{i}" for i in range(n)])
    per = {"x": rng.random((n, n))}
    bd = ScoreBreakdown(ids, ids, per, {"x": 1.0}).symmetric()
    np.testing.assert_allclose(bd.total.to_numpy(), bd.total.to_numpy().T)
    np.testing.assert_allclose(bd.per_criterion["x"], (per["x"] + per["x"].T) / 2)
    codes = rng.choice([0, 0, 2, 3], size=(n, n)).astype(np.int8)
    mask = AllowedMask(pd.DataFrame(codes == 0, index=ids, columns=ids), codes).symmetric()
    a = mask.allowed.to_numpy()
    assert (a == a.T).all() and (a == ((codes == 0) & (codes.T == 0))).all()
    assert ((mask.codes == codes) | (codes == 0)).all()          # a pair keeps its own first reason
