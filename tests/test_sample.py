"""The sample generator: deterministic, bundled data up to date, realistic, true effects recoverable."""
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import statsmodels.api as sm

from workbench.io import load_program
from workbench.sample import truth, write_samples

ROOT = Path(__file__).resolve().parent.parent
BUNDLED = ROOT / "data" / "programs"


def _files(folder: Path) -> dict:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    out = tmp_path_factory.mktemp("samples")
    write_samples(out)
    return out


def test_same_seed_same_bytes_and_bundled_data_up_to_date(generated, tmp_path):
    write_samples(tmp_path)
    assert _files(tmp_path) == _files(generated)
    bundled = {k: v for k, v in _files(BUNDLED).items() if k != "README.md"}
    assert bundled == _files(generated), "data/programs drifted: run `make sample`"


def test_other_seed_other_data(generated, tmp_path):
    write_samples(tmp_path, seed=7)
    a = (tmp_path / "onboarding-pilot" / "people.csv").read_bytes()
    assert a != (generated / "onboarding-pilot" / "people.csv").read_bytes()


@pytest.fixture(scope="module")
def programs():
    return {p.name: load_program(p) for p in sorted(BUNDLED.iterdir()) if p.is_dir()}


def test_scale_and_formats(programs):
    assert set(programs) == {"onboarding-pilot", "leadership-accelerator", "reverse-digital"}
    pilot = programs["onboarding-pilot"]
    assert len(pilot.relationships) == 25 and pilot.config.format == "one_to_one"
    lead = programs["leadership-accelerator"]
    n_mentees, n_mentors = (lead.people["role"] == "mentee").sum(), (lead.people["role"] == "mentor").sum()
    assert n_mentees >= 450 and n_mentees / n_mentors > 3
    load = lead.relationships.groupby("mentor_id").size()
    cap = lead.people.set_index("person_id")["capacity"]
    assert (load <= cap.reindex(load.index)).all()
    assert programs["reverse-digital"].config.format == "reverse"
    assert len(pilot.workforce) == 3000


def test_activity_has_idle_and_early_ended_pairs(programs):
    lead = programs["leadership-accelerator"]
    assert (lead.relationships["status"] == "ended_early").any()
    last = lead.checkins.groupby("relationship_id")["date"].max()
    active = lead.relationships.set_index("relationship_id")["status"] == "active"
    gap = (pd.Timestamp(truth.SNAPSHOT) - last.reindex(active[active].index)).dt.days
    assert (gap > 3 * lead.config.cadence_days).any(), "some active pairs should be idle"
    answered = lead.surveys["person_id"].nunique() / len(lead.people)
    assert 0.5 < answered <= 1.0


def _frame(programs):
    wf = next(iter(programs.values())).workforce.copy()
    people = set().union(*(set(p.people["person_id"]) for p in programs.values()))
    wf["treated"] = wf["employee_id"].isin(people).astype(float)
    wf["left"] = wf["exit_date"].notna().astype(float)
    days = (pd.Timestamp(truth.WINDOW_START) - wf["hire_date"]).dt.days.clip(lower=0)
    wf["tenure_years"] = (days / 365.25).clip(upper=10)
    return wf


def test_naive_comparison_overstates_and_adjusted_recovers_true_exit_effect(programs):
    wf = _frame(programs)
    naive = sm.Logit(wf["left"], sm.add_constant(wf[["treated"]])).fit(disp=0)
    X = pd.get_dummies(wf[["treated", "performance", "level", "tenure_years", "department"]],
                       columns=["department"], drop_first=True, dtype=float)
    adjusted = sm.Logit(wf["left"], sm.add_constant(X.astype(float))).fit(disp=0)
    lo, hi = adjusted.conf_int().loc["treated"]
    true = truth.TRUE_EFFECTS["exit"]["log_odds_ratio"]
    assert lo <= true <= hi, (lo, true, hi)
    assert not lo <= naive.params["treated"] <= hi, "naive estimate should fall outside the adjusted CI"
    assert naive.params["treated"] < true  # self-selection makes mentoring look better than it is
