"""The worked examples of docs/extending.md, real: a KPI metric, a matching criterion, a hard rule
and a page section, each defined here, registered for one test only (a fixture adds it and takes
it out again, so no other test sees it), and shown to take effect end to end on a small program.

The code blocks of docs/extending.md are this file's code: :func:`test_docs_snippets_are_this_files_code`
finds every ``<!-- example: NAME -->`` block in this file's source and runs it pasted into the
module the docs say it belongs to; :func:`test_docs_lines_are_what_the_registries_generate` checks
each ``<!-- docs-line: NAME -->`` row is the row the registry generates for the entry.
"""
from __future__ import annotations

import ast
import importlib
import re
import sys
import textwrap
from dataclasses import fields, replace
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from workbench import config, views
from workbench.disclosure import MARK, ProtectedColumn, protect
from workbench.kpi.scorecard import scorecard
from workbench.metrics import METRICS, Measurement, MetricSpec, _population, _share, docs_table, registered_metric
from workbench.program import Program
from workbench.scoring import match_program
from workbench.scoring.criteria import CRITERIA, CriterionKind, score_same
from workbench.scoring.registry_docs import tables
from workbench.scoring.rules import RULES, Rule, _same, registered_rule
from workbench.io import load_program as load_folder
from workbench.views import notebooks, outline
from workbench.views.base import Section, plain
from workbench.views.stage3 import VIEW, match_optimization

from program_factory import kpi_program, make_program

HERE = Path(__file__).resolve()
ROOT = HERE.parents[1]
EXTENDING = ROOT / "docs" / "extending.md"
PROGRAM_MD = ROOT / "docs" / "program.md"
sys.path[:0] = [str(HERE.parent / "kpi"), str(HERE.parent / "scoring")]   # the common batteries
import test_metrics as metric_battery        # noqa: E402  (a module: its tests are not collected here)
import test_registries as matching_battery   # noqa: E402


# ------------------------------------------------------------------------------- 1. a KPI metric
# docs/extending.md, "A KPI metric": the measure function and the entry, as in workbench/metrics.py
def _early_endings(program, kpi) -> Measurement:
    if not program.has("relationships"):
        return Measurement(None, note="needs relationships")
    ids = set(_population(program, kpi))
    rel = program.relationships
    rel = rel[rel["mentee_id"].isin(ids) | rel["mentor_id"].isin(ids)]
    k = program.config.min_group_size
    if len(rel) < k:
        return Measurement(None, n=len(rel), note=f"fewer than {k} pairs: not measured")
    ended = int((rel["status"] == "ended_early").sum())
    return _share(ended, len(rel), f"pairs ended early, of {len(rel)}")


EARLY_ENDINGS = MetricSpec(
    "early_endings", "share of pairs that ended early", "relationships", "0–1", 0, 1, False,
    "share of the population's pairs whose `status` is `ended_early`",
    "none (give it in the charter)", None, _early_endings)


@pytest.fixture
def early_endings():
    with registered_metric(EARLY_ENDINGS):
        yield EARLY_ENDINGS


KPI = {"name": "Pairs ended early", "metric": "early_endings", "target": 0.3, "due": "2026-06-30"}


def test_metric_is_measured_by_the_scorecard(early_endings):
    # 30 pairs of which 2 ended early (tests/program_factory.py:kpi_program)
    program = kpi_program(kpis=[KPI])
    row = scorecard(program).table.iloc[0]
    assert (row["metric"], row["current"], row["n"]) == ("early_endings", 0.067, 30)
    assert row["lower"] < 0.067 < row["upper"] < 0.3
    # lower is better: 0.067 with its whole interval under the target 0.3 is met (were higher
    # better, the same figures would be "too early to tell")
    assert row["status"] == "met"
    assert row["note"].startswith("pairs ended early, of 30")


def test_metric_passes_the_common_battery(early_endings):
    metric_battery.test_every_metric_entry("early_endings")
    assert config.KPI.model_validate(KPI).metric == "early_endings"    # the config reads the live registry


def test_registered_metric_is_taken_out_again():
    before = list(METRICS)
    with registered_metric(EARLY_ENDINGS):
        assert config.KPI.model_validate(KPI).metric == "early_endings"
        with pytest.raises(ValueError, match="already registered"):
            with registered_metric(EARLY_ENDINGS):
                pass
        assert "early_endings" in METRICS                  # the refused second one took nothing out
    assert list(METRICS) == before and "early_endings" not in METRICS
    with pytest.raises(ValueError, match="'early_endings' is not a known metric"):
        config.KPI.model_validate(KPI)


def test_metric_is_refused_when_not_registered():
    with pytest.raises(ValueError, match="kpis.0.metric"):
        kpi_program(kpis=[KPI])
    assert "early_endings" not in METRICS


# -------------------------------------------------------------------------- 2. a matching criterion
# docs/extending.md, "A matching criterion": the entry, as in workbench/scoring/criteria.py
SAME_TRACK = CriterionKind(
    "same_track", "same track", "1 when mentee and mentor are on the same `track`",
    lambda c, a, b, reverse: score_same(a, b, "track"))


@pytest.fixture
def same_track(monkeypatch):
    monkeypatch.setitem(CRITERIA, SAME_TRACK.kind, SAME_TRACK)     # taken out after the test
    yield SAME_TRACK


def track_program(criteria):
    """E0, E1 on track T1 and E2, E3 on T2; mentors M0, M1 on T2 and M2, M3 on T1; mentee Ei
    wants topic ti, mentor Mi offers it: topics alone pair Ei with Mi, across tracks."""
    people = [{"person_id": f"E{i}", "role": "mentee", "wants": (f"t{i}",), "track": "T1" if i < 2 else "T2"}
              for i in range(4)]
    people += [{"person_id": f"M{i}", "role": "mentor", "offers": (f"t{i}",), "track": "T2" if i < 2 else "T1"}
               for i in range(4)]
    wf = [{"employee_id": p["person_id"]} for p in people]
    return make_program(people, wf, matching={"criteria": criteria})


def test_criterion_changes_the_scores_and_the_matching(same_track):
    topics = match_program(track_program([{"kind": "overlap"}]))
    assert sorted(zip(topics.pairs["mentee"], topics.pairs["mentor"])) == [
        ("E0", "M0"), ("E1", "M1"), ("E2", "M2"), ("E3", "M3")]
    program = track_program([{"kind": "overlap"}, {"kind": "same_track", "weight": 2}])
    out = match_program(program)
    bd = out.breakdown
    np.testing.assert_array_equal(bd.per_criterion["same_track"],
                                  [[0, 0, 1, 1], [0, 0, 1, 1], [1, 1, 0, 0], [1, 1, 0, 0]])
    assert bd.weights["same_track"] == 2.0
    # every mentee is now with a mentor of their own track (score 2 each, against 1 for a topic)
    track = program.people.set_index("person_id")["track"]
    assert all(track[a] == track[b] for a, b in zip(out.pairs["mentee"], out.pairs["mentor"]))
    assert out.totals["mean_score"] == pytest.approx(2.0)
    # notebook 03 names it in words
    page = match_optimization(program)
    assert "same track" in page["criteria"].frame().to_csv()


def test_criterion_passes_the_common_battery(same_track):
    matching_battery.test_every_criterion(SAME_TRACK)


def test_criterion_is_refused_when_not_registered():
    with pytest.raises(ValueError, match="'same_track' is not a known criterion kind"):
        track_program([{"kind": "same_track"}])


# ------------------------------------------------------------------------------------ 3. a hard rule
# docs/extending.md, "A hard rule": the entry, as in workbench/scoring/rules.py
NO_SAME_LOCATION = Rule(
    "no_same_location", "switch", False, "a mentor in the mentee's own office", "same_location",
    "mentor and mentee work in the same office",
    lambda on, ctx: _same(ctx.mentees["location"], ctx.mentors["location"]))


@pytest.fixture
def no_same_location():
    with registered_rule(NO_SAME_LOCATION):      # program.yaml accepts its key while it is in
        yield NO_SAME_LOCATION


def office_program(rules=None):
    """E0 and M0 in London, E1 and M1 in Paris; Ei wants what Mi offers."""
    people = [{"person_id": "E0", "role": "mentee", "wants": ("t0",)},
              {"person_id": "E1", "role": "mentee", "wants": ("t1",)},
              {"person_id": "M0", "role": "mentor", "offers": ("t0",)},
              {"person_id": "M1", "role": "mentor", "offers": ("t1",)}]
    wf = [{"employee_id": p, "location": "London" if p.endswith("0") else "Paris"}
          for p in ("E0", "E1", "M0", "M1")]
    return make_program(people, wf, matching={"criteria": [{"kind": "overlap"}], "rules": rules or {}})


def test_rule_forbids_a_pair(no_same_location):
    off = match_program(office_program())                         # default: no
    assert sorted(zip(off.pairs["mentee"], off.pairs["mentor"])) == [("E0", "M0"), ("E1", "M1")]
    program = office_program({"no_same_location": True})
    out = match_program(program)
    assert sorted(zip(out.pairs["mentee"], out.pairs["mentor"])) == [("E0", "M1"), ("E1", "M0")]
    assert out.allowed.reason("E0", "M0") == "same_location"
    assert out.allowed.reason("E0", "M1") == ""
    assert out.allowed.counts() == {"same_location": 2}
    # notebook 03's sentence says it in the client's words
    assert "a mentor in the mentee's own office" in match_optimization(program)["criteria"].text


def test_rule_passes_the_common_battery(no_same_location):
    matching_battery.test_every_rule(NO_SAME_LOCATION)


def test_rule_is_refused_when_not_registered():
    with pytest.raises(ValueError, match="no_same_location"):
        office_program({"no_same_location": True})
    assert "no_same_location" not in [r.key for r in RULES] + config.Rules.known_keys()


# ------------------------------------------------------------------------------- 4. a page section
# docs/extending.md, "A page section": the section, as in workbench/views/stage3.py
def mentor_load(program: Program, result) -> Section:
    """Mentors by how many mentees the matching gives each, protected like every count."""
    load = result.pairs["mentor"].value_counts().value_counts().sort_index()
    raw = pd.DataFrame({"mentors": load.to_numpy()},
                       index=pd.Index([f"{n} mentee(s)" for n in load.index], name="mentees each"))
    table = protect(raw, program.config.min_group_size, name="mentor load", dimension="mentees each",
                    columns=[ProtectedColumn("mentors", {"mentors_used": 1})], view=VIEW)
    return Section("mentor_load", table=table, index=True,
                   text=plain("Mentors by the number of mentees the matching gives each."))


def with_mentor_load(program, by="department", result=None, view=VIEW):
    """Page 3 with the new section: what match_optimization does once its one line is added."""
    from workbench import matchview
    result = result if result is not None else matchview.optimal_matching(program)
    page = match_optimization(program, by, result, view)
    page.sections["mentor_load"] = mentor_load(program, result)
    return page


@pytest.fixture
def page3_with_mentor_load(monkeypatch):
    # views.PAGES is what the report audit (tests/test_attacker.py) reads every page from
    monkeypatch.setitem(views.PAGES, VIEW, with_mentor_load)
    yield with_mentor_load


def load_program(k):
    """Group format, capacity 3: 11 mentees and 5 mentors; 4 mentors get 2 mentees and 1 gets 3."""
    people = [{"person_id": f"E{i}", "role": "mentee", "wants": ("a",)} for i in range(11)]
    people += [{"person_id": f"M{i}", "role": "mentor", "offers": ("a",), "capacity": 3 if i == 0 else 2}
               for i in range(5)]
    wf = [{"employee_id": p["person_id"], "level": 1 if p["role"] == "mentee" else 4} for p in people]
    return make_program(people, wf, fmt="group", capacity=3, min_group_size=k,
                        matching={"criteria": [{"kind": "overlap"}]})


def test_section_appears_on_the_page(page3_with_mentor_load):
    program = load_program(k=1)
    page = views.PAGES[VIEW](program)
    shown = page["mentor_load"].frame()
    assert shown["mentors"].to_dict() == {"2 mentee(s)": "4", "3 mentee(s)": "1", "Total": "5"}
    assert "Mentors by the number of mentees" in " ".join(page.texts())
    # its figures are the page's: the report audit reads them with every other figure
    assert {f.where for f in page["mentor_load"].published()} <= {f.where for f in page.figures()}


def test_section_hides_small_groups_and_keeps_the_attacker_out(page3_with_mentor_load):
    from test_attacker import leaks, report_figures
    program = load_program(k=5)
    page = views.PAGES[VIEW](program)
    shown = page["mentor_load"].frame()["mentors"].to_dict()
    assert shown == {"2 mentee(s)": MARK, "3 mentee(s)": MARK, "Total": "5"}   # 4 and 1 hidden
    assert not leaks(report_figures(program), 5)


def test_section_is_absent_when_not_added():
    assert "mentor_load" not in views.PAGES[VIEW](load_program(k=1)).sections


def outline_entry():
    """docs/extending.md's outline entry of the section, evaluated in workbench.views.outline."""
    (key, code), = re.findall(r"<!-- outline-entry: (\w+) -->\n```python\n(.*?)```",
                              EXTENDING.read_text(encoding="utf-8"), re.S)
    return key, eval(compile(code.strip().rstrip(","), "docs/extending.md", "eval"), vars(outline))


def test_section_outline_entry_writes_its_notebook_cell(page3_with_mentor_load):
    """The docs' outline entry, added after "Coverage by department", is what the drift test asks
    for, and ``make notebooks`` writes the section's heading, paragraph and cell."""
    from test_page_specs import outline_drift
    key, entry = outline_entry()
    assert key == "mentor_load" and entry.shows == ("mentor_load",)
    spec = views.page_spec(VIEW)
    page = views.PAGES[VIEW](load_folder(ROOT / "data" / "programs" / notebooks.DEFAULT_PROGRAM))
    assert outline_drift(spec, page) == [
        "the outline of page 'matching' (workbench.views.outline, PAGE_SPECS): the page builds the "
        "section 'mentor_load' but no outline entry shows it: add SectionOutline(('mentor_load',), "
        "heading, paragraph) where it belongs, then run make notebooks"]
    parts = list(spec.outline.parts)
    parts.insert(next(i for i, p in enumerate(parts) if p.shows == ("coverage",)) + 1, entry)
    added = replace(spec, outline=replace(spec.outline, parts=tuple(parts)))
    assert outline_drift(added, page) == []
    cells = [(c.cell_type, c.source) for c in notebooks.notebook(added).cells]
    at = cells.index(("code", 'display(page["coverage"])'))
    assert cells[at + 1] == ("markdown", f"## Mentor load\n\n{entry.intro}")
    assert cells[at + 2] == ("code", 'display(page["mentor_load"])')
    # the committed notebook is now stale: tests/test_page_specs.py asks for make notebooks
    committed = (ROOT / "notebooks" / f"{VIEW}.ipynb").read_text(encoding="utf-8")
    assert notebooks.notebook_text(added) != committed == notebooks.notebook_text(spec)


# ------------------------------------------------------------------------------- the docs, checked
EXAMPLES = {"metric": "workbench.metrics", "criterion": "workbench.scoring.criteria",
            "rule": "workbench.scoring.rules", "section": "workbench.views.stage3"}
ENTRIES = {"metric": EARLY_ENDINGS, "criterion": SAME_TRACK, "rule": NO_SAME_LOCATION}


def blocks(kind: str) -> dict:
    """``<!-- kind: NAME -->`` followed by a fenced block in docs/extending.md: NAME -> its code."""
    text = EXTENDING.read_text(encoding="utf-8")
    pattern = rf"<!-- {kind}: (\w+) -->\n```\w*\n(.*?)```"
    return {m.group(1): m.group(2) for m in re.finditer(pattern, text, re.S)}


def _squash(code: str) -> str:
    return re.sub(r"\s+", " ", textwrap.dedent(code)).strip().rstrip(",").strip()


def test_docs_snippets_are_this_files_code():
    snippets = blocks("example")
    assert set(snippets) == set(EXAMPLES)
    source = _squash(HERE.read_text(encoding="utf-8"))
    for name, code in snippets.items():
        code = textwrap.dedent(code)
        tree = ast.parse(code)
        for stmt in tree.body:      # each function and entry of the docs is written above
            assert _squash(ast.get_source_segment(code, stmt)) in source, (
                f"docs/extending.md's {name} example differs from {HERE.name}")
        # pasted into the module the docs name, it runs there and builds the entry used above
        namespace = dict(vars(importlib.import_module(EXAMPLES[name])))
        exec(compile(code, f"<docs/extending.md: {name}>", "exec"), namespace)
        if name in ENTRIES:
            last = tree.body[-1]
            assert isinstance(last, ast.Expr), "an entry's example ends with the entry, as in its registry"
            built = eval(compile(ast.Expression(last.value), name, "eval"), namespace)
            built = built[0] if isinstance(built, tuple) else built   # "Entry(...)," as in the registry
            entry = ENTRIES[name]
            assert type(built) is type(entry)
            for f in fields(entry):
                if not callable(getattr(entry, f.name)):
                    assert getattr(built, f.name) == getattr(entry, f.name), (name, f.name)
        else:
            assert namespace["mentor_load"].__code__.co_varnames[:2] == ("program", "result")
    # the section's one line in the page builder, and its notebook cell
    text = EXTENDING.read_text(encoding="utf-8")
    line = 'sections["mentor_load"] = mentor_load(program, result)'
    assert line in text and line in HERE.read_text(encoding="utf-8")
    assert 'display(page["mentor_load"])' in text


def test_docs_lines_are_what_the_registries_generate(early_endings, same_track, no_same_location):
    lines = {name: code.strip() for name, code in blocks("docs-line").items()}
    assert set(lines) == {"metric", "criterion", "rule"}
    generated = {"metric": docs_table(), "criterion": tables()["criteria"], "rule": tables()["rules"]}
    program_md = PROGRAM_MD.read_text(encoding="utf-8")
    for name, line in lines.items():
        assert line in generated[name].splitlines(), f"docs/extending.md's {name} docs line is not generated"
        # docs/program.md lacks it, so its drift test fails until the line is added
        assert line not in program_md
    assert docs_table() not in program_md                     # tests/kpi/test_metrics.py would fail
    with pytest.raises(AssertionError):
        matching_battery.test_docs_tables_are_the_registries()   # tests/scoring/test_registries.py


def test_docs_name_paths_that_exist():
    text = EXTENDING.read_text(encoding="utf-8")
    paths = set(re.findall(r"`((?:workbench|tests|docs|notebooks)/[\w/.-]+\.(?:py|md|ipynb))", text))
    assert paths and not [p for p in sorted(paths) if not (ROOT / p).exists()]
    for module, name in re.findall(r"`(workbench(?:\.\w+)+):(\w+)`", text):
        assert hasattr(importlib.import_module(module), name), f"{module}:{name}"


# ------------------------------------------------- a new share metric is protected like a built-in one
def test_page4_protects_a_new_share_metric_like_the_built_in_ones(early_endings):
    from workbench.views.stage4 import kpi_review
    program = kpi_program(kpis=[KPI])                       # 2 pairs ended early, k = 5
    shown = kpi_review(program)["scorecard"].frame().iloc[0]
    assert shown["current (95 % CI)"] == "hidden"
