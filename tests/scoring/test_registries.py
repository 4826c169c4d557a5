"""Every entry of every matching registry through the same battery (in the spirit of
scikit-learn's ``parametrize_with_checks``), the docs tables against the registries, and the
worked examples of docs/extending.md: a criterion, a rule and a format defined here, used by a
program."""
from __future__ import annotations

import re
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from workbench import config
from workbench.config import Criterion, ProgramConfig
from workbench.schema import PEOPLE
from workbench.scoring import match_program, score_matrix
from workbench.scoring import criteria as criteria_mod
from workbench.scoring import rules as rules_mod
from workbench.scoring.criteria import CRITERIA, CriterionKind
from workbench.scoring.formats import FORMATS, MatchFormat
from workbench.scoring.registry_docs import BLOCK, tables
from workbench.scoring.rules import RULES, Rule, RuleContext, allowed_mask, registered_rule

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from program_factory import make_program  # noqa: E402

DOCS = Path(__file__).resolve().parents[2] / "docs" / "program.md"
EXTENDING = Path(__file__).resolve().parents[2] / "docs" / "extending.md"


def profiles(n, seed, prefix):
    """Profiles with every column a criterion or rule reads, some values missing."""
    rng = np.random.default_rng(seed)
    topics = ["a", "b", "c", "d"]
    df = pd.DataFrame({
        "department": rng.choice(["Eng", "Ops", None], n), "location": rng.choice(["L", "P"], n),
        "level": rng.integers(1, 7, n).astype(float), "timezone": rng.choice([0.0, 1.0, 5.5, np.nan], n),
        "wants": [tuple(rng.choice(topics, rng.integers(0, 3), replace=False)) for _ in range(n)],
        "offers": [tuple(rng.choice(topics, rng.integers(0, 3), replace=False)) for _ in range(n)],
        "languages": [tuple(rng.choice(["en", "fr"], rng.integers(0, 3), replace=False)) for _ in range(n)],
        "preferences": [() for _ in range(n)], "manager_id": [None] * n,
    }, index=pd.Index([f"{prefix}{i}" for i in range(n)]))
    return df


def _criterion(kind: CriterionKind) -> Criterion:
    return Criterion(kind=kind.kind, **{p: "department" for p in kind.needs})


# ------------------------------------------------------------------------------------- criteria
@pytest.mark.parametrize("kind", list(CRITERIA.values()), ids=list(CRITERIA))
def test_every_criterion(kind):
    c = _criterion(kind)                                   # the config accepts it
    assert c.name == (c.field if kind.named_by == "field" else kind.kind)
    a, b = profiles(7, 1, "A"), profiles(5, 2, "B")
    b.loc["B0", "level"] = np.nan                            # a missing value scores 0
    s = criteria_mod.score_criterion(c, a, b)
    assert s.shape == (7, 5) and s.dtype == np.float64
    assert np.isfinite(s).all() and (s >= 0).all() and (s <= 1).all()
    if "level" in kind.params or kind.kind == "level_gap":
        assert (s[:, 0] == 0).all()
    bd = score_matrix(a, b, [c.model_copy(update={"weight": 2.0})])
    np.testing.assert_allclose(bd.total.to_numpy(), 2 * s)
    # its meaning reads as words: every parameter filled in, no template left
    for pool in (False, True):
        text = kind.describe(c.model_dump(), pool)
        assert text and "{" not in text and "None" not in text
    assert kind.doc and set(kind.needs) <= set(kind.params)
    assert all(p in Criterion.model_fields for p in kind.params)


def test_an_unknown_kind_is_refused_with_the_known_ones():
    with pytest.raises(ValueError, match="'sames' is not a known criterion kind \\(did you mean 'same'\\?\\); "
                                         "use one of: same, different"):
        Criterion(kind="sames")
    with pytest.raises(ValueError, match="'xyz' is not a known criterion kind; use one of: same, different"):
        Criterion(kind="xyz")


# ---------------------------------------------------------------------------------------- rules
@pytest.mark.parametrize("rule", RULES, ids=[r.key for r in RULES])
def test_every_rule(rule):
    assert rule.key in config.Rules.known_keys()
    assert getattr(config.Rules(), rule.key) == rule.default     # a key not given takes the default
    on = True if rule.kind == "switch" else rule.on_value
    assert getattr(config.Rules.model_validate({rule.key: on}), rule.key) == on
    assert rule.active(on) and not rule.active(None) and not rule.active(False)
    a, b = profiles(6, 3, "A"), profiles(4, 4, "B")
    ctx = RuleContext(a, b, history=pd.DataFrame({"mentee_id": ["A0"], "mentor_id": ["B1"]}))
    hit = rule.mask(on, ctx)
    assert hit.shape == (6, 4) and hit.dtype == bool
    # switched off, it forbids nothing; on, the pairs it forbids record its reason
    off = {r.key: (False if r.kind == "switch" else None) for r in RULES}
    m_off = allowed_mask(a, b, {**off})
    assert m_off.allowed.to_numpy().all()
    m_on = allowed_mask(a, b, {**off, rule.key: on}, history=ctx.history)
    assert set(m_on.reasons.to_numpy()[hit].tolist()) <= {rule.reason}
    assert (~m_on.allowed.to_numpy() == hit).all()
    text = rule.describe(on)
    assert text and "{" not in text and rule.help


def test_rule_reasons_and_keys_are_unique():
    assert len({r.reason for r in RULES}) == len(RULES) and len({r.key for r in RULES}) == len(RULES)
    assert rules_mod.rule_names()[:2] == ("", "self")


# -------------------------------------------------------------------------------------- formats
def _program_for(entry: MatchFormat, n=6):
    """Members and partners by the format's roles, all in one department, levels 1 and 4."""
    members = [{"person_id": f"M{i}", "role": entry.members[0], "wants": ("a",), "offers": ("a",)} for i in range(n)]
    partners = [] if entry.same_pool else [{"person_id": f"P{i}", "role": entry.partners[0], "offers": ("a",)}
                                           for i in range(2)]
    wf = [{"employee_id": p["person_id"], "level": 1 if p["person_id"].startswith("M") else 4}
          for p in members + partners]
    if entry.reverse:
        for w in wf:
            w["level"] = 5 - w["level"]
    return make_program(members + partners, wf, fmt=entry.key, capacity=3, circle_size=3,
                        matching={"criteria": [{"kind": "overlap"}, {"kind": "level_gap"}]})


@pytest.mark.parametrize("entry", list(FORMATS.values()), ids=list(FORMATS))
def test_every_format(entry):
    roles = set(PEOPLE.column("role").choices)
    assert set(entry.members) <= roles and set(entry.partners) <= roles
    assert entry.page in ("pairs", "circles")
    for text in (entry.label, entry.doc, entry.capacity, entry.solver, entry.result, entry.shows):
        assert text
    program = _program_for(entry)
    out = match_program(program)
    assert out.format == entry.key and out.entry is entry
    s = out.totals
    assert s["mentees"] == 6 and 0 <= s["matched"] <= 6
    assert set(out.pairs["mentee"]) <= {f"M{i}" for i in range(6)}
    if entry.page == "circles":
        assert out.circles is not None and sorted(out.circles.groupby("circle").size()) == [3, 3]
        assert s["gap"] >= 0 and s["upper_bound"] >= s["total"] - 1e-9
        assert out.circles["facilitator"].notna().all()        # two facilitators, two circles
    elif entry.same_pool:
        pairs = dict(zip(out.pairs["mentee"], out.pairs["mentor"]))
        assert all(pairs[pairs[x]] == x and pairs[x] != x for x in pairs)   # partners both ways
        assert s["matched"] == 6
    else:
        load = out.pairs["mentor"].value_counts()
        assert (load <= (1 if entry.one_each else 3)).all()
        assert s["matched"] == (2 if entry.one_each else 6)
        assert (out.pairs["score"] > 1.99).all()              # overlap 1 and the level gap met


def test_an_unknown_format_is_refused_with_the_known_ones():
    with pytest.raises(ValueError, match="'mob' is not a known format; use one of: one_to_one, group, peer"):
        make_program([], [], fmt="mob")


# ----------------------------------------------------------------------------------------- docs
def test_docs_tables_are_the_registries():
    text = DOCS.read_text(encoding="utf-8")
    blocks = {m.group(2): m.group(3) for m in BLOCK.finditer(text)}
    assert set(blocks) == {"formats", "criteria", "rules"}
    generated = tables()
    for name, block in blocks.items():
        assert block == generated[name], (
            f"docs/program.md's {name} table differs from the registry: run "
            "`python -m workbench.scoring.registry_docs docs/program.md`")


def test_docs_tables_fail_when_a_registry_changes(monkeypatch):
    text = DOCS.read_text(encoding="utf-8")
    monkeypatch.setitem(CRITERIA, "same", CRITERIA["same"].__class__(
        **{**CRITERIA["same"].__dict__, "doc": "changed"}))
    blocks = {m.group(2): m.group(3) for m in BLOCK.finditer(text)}
    assert blocks["criteria"] != tables()["criteria"]


# ---------------------------------------------------------------------------- worked examples
# docs/extending.md shows these three entries; the test below uses them as a user would.
SAME_TRACK = CriterionKind(
    "same_track", "same track", "1 when mentee and mentor are on the same `track`",
    lambda c, a, b, reverse: criteria_mod.score_same(a, b, "track"))

NO_SAME_LOCATION = Rule(
    "no_same_location", "switch", False, "a mentor in the mentee's own office", "same_location",
    "mentor and mentee work in the same office",
    lambda on, ctx: rules_mod._same(ctx.mentees["location"], ctx.mentors["location"]))

TRIOS = MatchFormat(
    "trios", "trios", "circles of three, no facilitator", ("peer",), ("mentor",),
    "three people per circle", "`matching.circles`", "circles: person, circle, score", "circles",
    "workbench.scoring.circles:match_circles", page="circles")


def test_worked_examples_criterion_rule_and_format(monkeypatch):
    monkeypatch.setitem(CRITERIA, SAME_TRACK.kind, SAME_TRACK)
    monkeypatch.setitem(FORMATS, TRIOS.key, TRIOS)
    with registered_rule(NO_SAME_LOCATION):
        people = [{"person_id": f"E{i}", "role": "peer", "track": "T1" if i < 3 else "T2"} for i in range(6)]
        wf = [{"employee_id": f"E{i}", "location": f"City{i % 3}"} for i in range(6)]
        program = make_program(people, wf, fmt="trios", circle_size=3, matching={
            "criteria": [{"kind": "same_track", "weight": 2}], "rules": {"no_same_location": True}})
        assert program.config.matching.rules.no_same_location is True
        out = match_program(program)
        circles = sorted(sorted(g) for g in out.circles.groupby("circle")["person"].apply(list))
        assert circles == [["E0", "E1", "E2"], ["E3", "E4", "E5"]]     # by track
        assert out.totals["gap"] == pytest.approx(0.0)
        # the rule: E0 and E3 (both in City0) never share a circle, and nothing had to break it
        assert out.allowed.reason("E0", "E3") == "same_location" and out.totals["forbidden_pairs"] == 0
        from workbench import matchview
        assert "same track" in matchview.criteria_table(program)["means"].tolist()
        assert "a mentor in the mentee's own office" in matchview.rules_sentence(program)
    assert "no_same_location" not in config.Rules.known_keys()     # taken out again
    with pytest.raises(ValueError):
        ProgramConfig.model_validate({**program.config.model_dump(mode="json"), "format": "one_to_one",
                                      "matching": {"rules": {"no_same_location": True}}})


def test_extending_md_shows_the_tested_entries():
    text = EXTENDING.read_text(encoding="utf-8")
    for name in ('"same_track"', '"no_same_location"', '"trios"', "test_worked_examples_criterion_rule_and_format"):
        assert name in text, name
    assert re.search(r"registry_docs", text)
