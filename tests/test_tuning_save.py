"""save_settings: what the panel shows is what program.yaml holds after a save, and nothing else
in the file changes (comments, key order, quoting, permissions)."""
import difflib
import os
import shutil
import stat
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings, strategies as st

from workbench.config_yaml import parse_config
from workbench.interactive import (AllZeroWeights, Tuner, initial_state, save_settings, save_weights)
from workbench.io import load_program
from workbench.matchview import optimal_matching
from workbench.settings_edit import Edit, edit_text

SAMPLES = Path(__file__).resolve().parent.parent / "data" / "programs"
SLUGS = sorted(p.name for p in SAMPLES.iterdir() if (p / "program.yaml").exists())


def _copy(tmp_path, slug):
    folder = tmp_path / slug
    shutil.copytree(SAMPLES / slug, folder)
    return folder


def _changed_lines(before: str, after: str) -> tuple[list, list]:
    diff = list(difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="", n=0))
    removed = [l[1:] for l in diff if l.startswith("-") and not l.startswith("---")]
    added = [l[1:] for l in diff if l.startswith("+") and not l.startswith("+++")]
    return removed, added


def pairs(outcome):
    return outcome.pairs.set_index("mentee")["mentor"].sort_index()


@pytest.mark.parametrize("slug", SLUGS)
def test_save_then_reload_reproduces_the_matching_on_screen(tmp_path, slug):
    folder = _copy(tmp_path, slug)
    path = folder / "program.yaml"
    os.chmod(path, 0o640)
    original = path.read_text()
    prog = load_program(folder)
    tuner = Tuner(prog)
    first = next(iter(tuner.saved.weights))
    state = (tuner.saved.with_weight(first, 0.5).with_rule("no_shared_manager", True)
             .with_rule("max_timezone_gap", 5).with_capacity(2).with_min_share(0.3)
             .with_objective("fair"))
    tuner.update(state)
    shown = pairs(tuner.outcome)
    backup = save_settings(folder, state)
    assert backup.read_text() == original and backup != path
    after = path.read_text()
    assert stat.S_IMODE(path.stat().st_mode) == 0o640
    # every setting that shapes the matching is in the file, in the panel's units
    reloaded = load_program(folder)
    assert initial_state(reloaded) == state
    assert reloaded.config.matching.min_score == state.min_score      # points, as on screen
    assert pairs(optimal_matching(reloaded)).equals(shown)
    assert Tuner(reloaded).update(initial_state(reloaded))["changes"].empty
    # only the changed lines differ: comments, order and quoting kept
    removed, added = _changed_lines(original, after)
    assert all(l.lstrip().startswith(("objective:", "min_score:", "weight:", "no_shared_manager:",
                                      "max_timezone_gap:")) for l in removed), removed
    assert len(added) == len(removed) + sum(
        1 for k in ("capacity_override", "no_shared_manager", "max_timezone_gap")
        if f"{k}:" not in original)
    assert after.splitlines()[:2] == original.splitlines()[:2]          # header comments
    assert after.count("'") == original.count("'")                      # quoted dates stay quoted


@pytest.mark.parametrize("slug", SLUGS)
def test_saving_the_saved_state_changes_nothing(tmp_path, slug):
    folder = _copy(tmp_path, slug)
    original = (folder / "program.yaml").read_bytes()
    backup = save_settings(folder, initial_state(load_program(folder)))
    assert (folder / "program.yaml").read_bytes() == original and backup.exists()


def test_switching_off_a_value_rule_and_save_weights_alias(tmp_path):
    folder = _copy(tmp_path, "leadership-accelerator")
    state = initial_state(load_program(folder)).with_rule("min_level_gap", False).with_weight("overlap", 4.5)
    save_weights(folder, state)
    text = (folder / "program.yaml").read_text()
    assert "    min_level_gap: null" in text and "    weight: 4.5" in text
    assert initial_state(load_program(folder)) == state


def test_all_zero_weights_are_refused_by_save_and_by_validate(tmp_path):
    folder = _copy(tmp_path, "onboarding-pilot")
    state = initial_state(load_program(folder))
    for name in state.weights:
        state = state.with_weight(name, 0)
    before = (folder / "program.yaml").read_text()
    with pytest.raises(AllZeroWeights, match="every weight is 0"):
        save_settings(folder, state)
    assert (folder / "program.yaml").read_text() == before and not list(folder.glob("*.bak"))
    zero = before.replace("weight: 3.0", "weight: 0").replace("weight: 2.0", "weight: 0") \
        .replace("weight: 1.0", "weight: 0")
    (folder / "program.yaml").write_text(zero)
    problems = parse_config(folder).problems
    assert len(problems) == 1
    p = problems[0]
    assert p.column == "matching" and "weight 0" in p.what and "above 0" in p.fix
    assert p.row == zero.splitlines().index("matching:") + 1


def test_a_criterion_without_a_weight_and_a_program_without_rules(tmp_path):
    text = ("client: A  # the client\nprogram: P\npurposes: [onboarding]\nformat: group\n"
            "start_date: 2025-01-06\nsnapshot_date: '2026-06-30'\n"
            "matching:\n    criteria:\n        -   kind: overlap\n        -   kind: timezone\n"
            "            weight: 2\n"
            "tables: {workforce: {file: hr.csv}, people: {file: people.csv}}\n")
    out = edit_text(text, [Edit(("matching", "criteria", 0, "weight"), 1.5),
                           Edit(("matching", "criteria", 1, "weight"), 3.0),
                           Edit(("matching", "rules", "no_same_department"), True),
                           Edit(("matching", "capacity_override"), 4, integer=True),
                           Edit(("tables", "people", "sheet"), "S1")])
    data = yaml.safe_load(out)
    assert data["matching"]["criteria"] == [{"kind": "overlap", "weight": 1.5},
                                            {"kind": "timezone", "weight": 3}]
    assert data["matching"]["rules"] == {"no_same_department": True}
    assert data["matching"]["capacity_override"] == 4 and data["tables"]["people"]["sheet"] == "S1"
    assert "weight: 3\n" in out                              # whole numbers stay whole
    assert out.startswith("client: A  # the client\n")
    removed, added = _changed_lines(text, out)
    assert removed == ["            weight: 2", "tables: {workforce: {file: hr.csv}, people: {file: people.csv}}"]
    assert "            weight: 1.5" in added and "    rules:" in added
    assert "        no_same_department: true" in added   # the file's own indentation step


def test_crlf_line_endings_and_a_bom_are_kept(tmp_path):
    folder = _copy(tmp_path, "onboarding-pilot")
    path = folder / "program.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + path.read_text().replace("\n", "\r\n").encode("utf-8"))
    state = initial_state(load_program(folder)).with_weight("overlap", 2.5).with_capacity(3)
    save_settings(folder, state)
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and b"\n" not in raw.replace(b"\r\n", b"")
    assert initial_state(load_program(folder)) == state


VALUES = st.one_of(st.none(), st.booleans(), st.integers(-50, 50),
                   st.floats(-100, 100, allow_nan=False).map(lambda x: round(x, 3)),
                   st.sampled_from(["total", "fair", "a b", "x: y", "it's", "yes", "#hash"]))
PATHS = st.sampled_from([("matching", "objective"), ("matching", "min_score"),
                         ("matching", "criteria", 0, "weight"), ("matching", "criteria", 3, "max_hours"),
                         ("matching", "rules", "no_same_department"), ("matching", "new_key"),
                         ("charter", "sponsor"), ("cadence",), ("matching", "rules", "min_level_gap")])


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(PATHS, VALUES), min_size=1, max_size=5))
def test_edits_set_exactly_their_values_and_touch_only_their_lines(edits):
    text = (SAMPLES / "onboarding-pilot" / "program.yaml").read_text()
    out = edit_text(text, [Edit(p, v) for p, v in edits])
    want = yaml.safe_load(text)
    for path, value in edits:
        node = want
        for key in path[:-1]:
            node = node.setdefault(key, {}) if isinstance(key, str) else node[key]
        node[path[-1]] = value
    assert yaml.safe_load(out) == want
    removed, added = _changed_lines(text, out)
    assert len(removed) <= len({p for p, _ in edits}) and len(added) <= 2 * len({p for p, _ in edits})
    assert [l for l in out.splitlines() if l.startswith("#")] == [l for l in text.splitlines() if l.startswith("#")]
