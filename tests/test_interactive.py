"""The tuning functions the widgets call, tested directly."""
import shutil
from pathlib import Path

import pytest

from workbench.config_yaml import read_config
from workbench.interactive import (TuningPanel, Tuner, changes, explain_mentee, initial_state,
                                   save_weights, summarize)
from workbench.io import load_program

SAMPLES = Path(__file__).resolve().parent.parent / "data" / "programs"


@pytest.fixture(scope="module")
def lead():
    return load_program(SAMPLES / "leadership-accelerator")


def test_saved_state_reproduces_baseline_and_no_changes(lead):
    tuner = Tuner(lead)
    v = tuner.update(initial_state(lead))
    assert v["changes"].empty
    assert v["summary"] == v["baseline"]


def test_weight_change_changes_pairs_and_respects_capacity(lead):
    tuner = Tuner(lead)
    v = tuner.update(tuner.saved.with_weight("overlap", 0.0))
    assert len(v["changes"]) > 0
    load = tuner.outcome.pairs.groupby("mentor").size()
    assert (load <= tuner.outcome.capacity.reindex(load.index)).all()
    # reset returns to the saved matching
    assert tuner.reset()["changes"].empty


def test_rule_switch_rebuilds_allowed_pairs(lead):
    tuner = Tuner(lead)
    before = tuner.outcome.allowed.allowed.to_numpy().sum()
    tuner.update(tuner.saved.with_rule("max_timezone_gap", False).with_rule("min_level_gap", False))
    assert tuner.outcome.allowed.allowed.to_numpy().sum() > before


def test_min_score_leaves_low_pairs_unmatched_and_back(lead):
    tuner = Tuner(lead)
    import dataclasses
    strict = tuner.update(dataclasses.replace(tuner.saved, min_share=0.85))["summary"]
    assert strict["matched"] < tuner.baseline.summary["matched"]
    assert strict["lowest_score"] >= 0.85 - 1e-9
    relaxed = tuner.update(dataclasses.replace(tuner.saved, min_share=0.0))["summary"]
    assert relaxed["matched"] == tuner.baseline.summary["matched"]


def test_fair_objective_never_lowers_the_weakest_pair(lead):
    tuner = Tuner(lead)
    import dataclasses
    fair = tuner.update(dataclasses.replace(tuner.saved, objective="fair"))["summary"]
    assert fair["matched"] == tuner.baseline.summary["matched"]
    assert fair["lowest_score"] >= summarize(tuner.baseline)["lowest_score"] - 1e-9


def test_explanation_contributions_sum_to_score(lead):
    tuner = Tuner(lead)
    mentee = tuner.outcome.pairs["mentee"].iloc[0]
    e = explain_mentee(tuner.outcome, mentee)
    assert sum(e["contributions"].values()) == pytest.approx(e["score"])
    left = tuner.outcome.unmatched["mentee"].iloc[0]
    assert explain_mentee(tuner.outcome, left)["mentor"] is None


def test_save_weights_writes_yaml_and_keeps_backup(tmp_path):
    folder = tmp_path / "prog"
    shutil.copytree(SAMPLES / "onboarding-pilot", folder)
    original = (folder / "program.yaml").read_text()
    prog = load_program(folder)
    state = initial_state(prog).with_weight("overlap", 4.5)
    backup = save_weights(folder, state)
    assert backup.read_text() == original
    weights = {c.name: c.weight for c in read_config(folder / "program.yaml").matching.criteria}
    assert weights["overlap"] == 4.5
    assert load_program(folder).config.matching.criteria[0].weight == 4.5  # next run uses them


def test_panel_callbacks_are_thin(lead, tmp_path):
    panel = TuningPanel(lead)
    before = panel.summary.value
    panel.sliders["overlap"].value = 0.0          # the callback fires on the value change
    assert panel.summary.value != before and "change mentor" in panel.diff.value
    panel.on_reset()
    assert panel.sliders["overlap"].value == 3.0 and "Same matching" in panel.diff.value
