"""The sample generator: deterministic, bundled data up to date, realistic, true effects recoverable."""
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import statsmodels.api as sm
import yaml
from scipy import stats

from workbench.config import ProgramConfig
from workbench.sample import truth, write_samples

ROOT = Path(__file__).resolve().parent.parent
BUNDLED = ROOT / "data" / "programs"
SLUGS = {"onboarding-pilot", "leadership-accelerator", "reverse-digital", *truth.LATE_PROGRAMS}


def _files(folder: Path) -> dict:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    out = tmp_path_factory.mktemp("samples")
    folders = write_samples(out, seed=truth.SEED)
    assert {f.name for f in folders} == SLUGS and all(f.parent == out for f in folders)
    return out


def test_same_seed_same_bytes_and_bundled_data_up_to_date(generated, tmp_path):
    write_samples(tmp_path, seed=truth.SEED)
    assert _files(tmp_path) == _files(generated)
    bundled = {k: v for k, v in _files(BUNDLED).items() if k != "README.md"}
    assert bundled == _files(generated), "data/programs drifted: run `make sample`"


def test_other_seed_other_data(generated, tmp_path):
    write_samples(tmp_path, seed=7)
    for rel in ("onboarding-pilot/people.csv", "onboarding-pilot/workforce.csv",
                "leadership-accelerator/meetings.csv"):
        assert (tmp_path / rel).read_bytes() != (generated / rel).read_bytes(), rel


@pytest.mark.parametrize("slug", sorted(SLUGS))
def test_program_yaml_validates(slug):
    raw = yaml.safe_load((BUNDLED / slug / "program.yaml").read_text(encoding="utf-8"))
    cfg = ProgramConfig.model_validate(raw)
    assert cfg.min_group_size == 5 and 2 <= len(cfg.kpis) <= 4
    assert cfg.charter.long_term_goals and cfg.charter.ideal_mentor and cfg.charter.challenges
    assert cfg.matching.criteria and cfg.snapshot_date == truth.SNAPSHOT
    assert set(cfg.tables) == {"workforce", "people", "relationships", "checkins", "surveys"}
    for src in cfg.tables.values():
        assert (BUNDLED / slug / src.file).is_file()


def test_leadership_is_the_clients_own_export():
    cfg = ProgramConfig.from_yaml(BUNDLED / "leadership-accelerator" / "program.yaml")
    wf_src = cfg.tables["workforce"]
    assert wf_src.file.endswith(".xlsx") and wf_src.date_order == "dayfirst"
    hr = pd.read_excel(BUNDLED / "leadership-accelerator" / wf_src.file, sheet_name=wf_src.sheet,
                       dtype=str)
    assert {"Emp No", "Dept", "Grade", "Start Date", "Line Manager"} <= set(hr.columns)
    assert hr["Start Date"].str.fullmatch(r"\d\d/\d\d/\d{4}").all()
    assert (hr["Start Date"].str[:2].astype(int) > 12).any()  # day-first, visibly
    rel = pd.read_excel(BUNDLED / "leadership-accelerator" / cfg.tables["relationships"].file,
                        dtype=str)
    assert set(rel["Status"]) <= {"Live", "Finished", "Dropped"} and "Dropped" in set(rel["Status"])
    assert cfg.tables["relationships"].values["status"]["Live"] == "active"


# --- loaded through the workbench's own loader ---------------------------------------------------

@pytest.fixture(scope="module")
def programs():
    io = pytest.importorskip("workbench.io", reason="workbench.io.load_program not available yet")
    return {p.name: io.load_program(p) for p in sorted(BUNDLED.iterdir()) if p.is_dir()}


def test_one_company_in_every_program(programs):
    assert set(programs) == SLUGS
    frames = [p.workforce.sort_values("employee_id").reset_index(drop=True) for p in programs.values()]
    assert len(frames[0]) == 3000
    cols = ["employee_id", "department", "level", "hire_date", "manager_id", "performance",
            "exit_date", "promotion_date"]
    for other in frames[1:]:
        pd.testing.assert_frame_equal(frames[0][cols], other[cols])
    wf = frames[0]
    assert wf["department"].nunique() == 8 and set(wf["level"]) == set(range(1, 8))
    assert wf["level"].value_counts().sort_index().is_monotonic_decreasing  # a pyramid
    # the manager tree: one root, every manager an employee, no cycles, managers senior
    mgr = wf.set_index("employee_id")["manager_id"]
    assert mgr.isna().sum() == 1 and mgr.dropna().isin(mgr.index).all()
    level = wf.set_index("employee_id")["level"]
    assert (level[mgr.dropna().to_numpy()].to_numpy() >= level[mgr.dropna().index].to_numpy()).all()
    for pid in programs["onboarding-pilot"].people["person_id"]:
        for _ in range(10):
            pid = mgr[pid]
            if pd.isna(pid):
                break
        assert pd.isna(pid)
    for p in programs.values():
        assert p.people["person_id"].isin(wf["employee_id"]).all()


def test_scale_and_formats(programs):
    pilot = programs["onboarding-pilot"]
    assert len(pilot.relationships) == 25 and pilot.config.format == "one_to_one"
    prof = pilot.profiles()
    mentees = prof[prof["role"] == "mentee"]
    tenure_at_start = (pd.Timestamp(pilot.config.start_date) - mentees["hire_date"]).dt.days
    assert (tenure_at_start < 183).all() and (prof[prof["role"] == "mentor"]["level"] >= 3).all()

    lead = programs["leadership-accelerator"]
    n_mentees, n_mentors = (lead.people["role"] == "mentee").sum(), (lead.people["role"] == "mentor").sum()
    assert 450 <= n_mentees <= 550 and 90 <= n_mentors <= 130 and n_mentees / n_mentors > 3
    assert lead.config.format == "group" and lead.config.mentor_capacity == 5
    load = lead.relationships.groupby("mentor_id").size()
    cap = lead.people.set_index("person_id")["capacity"]
    assert (load <= cap.reindex(load.index)).all()
    assert lead.relationships["healthy"].any() and not lead.relationships["healthy"].all()

    rev = programs["reverse-digital"]
    assert rev.config.format == "reverse" and len(rev.relationships) == 60
    prof = rev.profiles()
    assert (prof[prof["role"] == "mentor"]["level"] <= 2).all()
    assert (prof[prof["role"] == "mentee"]["level"] >= 5).all()
    # everyone takes part in at most one program
    people = pd.concat([p.people["person_id"] for p in programs.values()])
    assert people.is_unique


def test_activity_idle_early_responses_and_match_quality_signal(programs):
    for slug, prog in programs.items():
        rel = prog.relationships
        assert rel["match_score"].between(0, 1).all()
        if slug == "leadership-accelerator":
            assert (rel["status"] == "ended_early").any()
            last = prog.checkins.groupby("relationship_id")["date"].max()
            active = rel.set_index("relationship_id")["status"] == "active"
            gap = (pd.Timestamp(truth.SNAPSHOT) - last.reindex(active[active].index)).dt.days
            assert (gap > 3 * prog.config.cadence_days).any(), "some active pairs should be idle"
        answered = prog.surveys["person_id"].nunique() / len(prog.people)
        assert 0.5 < answered <= 1.0, slug
    lead = programs["leadership-accelerator"]
    meetings = lead.checkins.groupby("relationship_id").size()
    rel = lead.relationships.set_index("relationship_id")
    rho = stats.spearmanr(rel["match_score"], meetings.reindex(rel.index).fillna(0)).statistic
    assert rho > 0.2, "better matches should meet more"


def _frame(programs):
    wf = next(iter(programs.values())).workforce.copy()
    days = (pd.Timestamp(truth.WINDOW_START) - wf["hire_date"]).dt.days.clip(lower=0)
    wf["tenure_years"] = (days / 365.25).clip(upper=10)
    wf["exit"] = wf["exit_date"].notna().astype(float)
    wf["promotion"] = wf["promotion_date"].notna().astype(float)
    return wf


def _naive_and_adjusted(wf, treated, outcome):
    y = wf[outcome]
    naive = sm.Logit(y, sm.add_constant(treated.astype(float).to_frame("treated"))).fit(disp=0)
    X = wf[list(truth.ADJUST_FOR)].assign(treated=treated.astype(float))
    X = pd.get_dummies(X, columns=["department"], drop_first=True, dtype=float)
    adjusted = sm.Logit(y, sm.add_constant(X.astype(float))).fit(disp=0)
    lo, hi = adjusted.conf_int().loc["treated"]
    return naive.params["treated"], adjusted.params["treated"], lo, hi


@pytest.mark.parametrize("outcome", ["exit", "promotion"])
@pytest.mark.parametrize("who", ["pooled", "leadership-accelerator"])
def test_naive_comparison_overstates_and_adjusted_recovers_true_effect(programs, outcome, who):
    wf = _frame(programs)
    # participants of the programs whose outcomes carry the effect (the late ones carry none)
    everyone = set().union(*(set(p.people["person_id"]) for s, p in programs.items()
                             if s not in truth.LATE_PROGRAMS))
    if who == "pooled":
        treated = wf["employee_id"].isin(everyone)
    else:  # the program's participants against staff in no program
        mine = set(programs[who].people["person_id"])
        wf = wf[wf["employee_id"].isin(mine) | ~wf["employee_id"].isin(everyone)]
        treated = wf["employee_id"].isin(mine)
    naive, adjusted, lo, hi = _naive_and_adjusted(wf, treated, outcome)
    true = truth.TRUE_EFFECTS[outcome]["log_odds_ratio"]
    assert lo <= true <= hi, (lo, true, hi)
    assert not lo <= naive <= hi, f"naive {naive:.2f} should fall outside the adjusted CI"
    # self-selection makes mentoring look better than it is, by a lot
    assert abs(naive - true) > 0.4 and np.sign(naive - true) == np.sign(true)


def test_late_programs_peer_and_circles(programs):
    peer = programs["peer-skills-exchange"]
    assert peer.config.format == "peer" and set(peer.people["role"]) == {"peer"}
    assert set(peer.relationships["mentee_id"]) | set(peer.relationships["mentor_id"]) <= set(peer.people["person_id"])
    circ = programs["women-leadership-circles"]
    assert circ.config.format == "circles" and circ.config.circle_size == 6
    prof = circ.profiles()
    members = prof[prof["role"] == "mentee"]
    assert (members["gender"] == "F").all() and members["level"].isin([3, 4]).all()
    assert (prof[prof["role"] == "mentor"]["level"] >= 5).all()
    # each member's relationship is with their circle's facilitator
    assert set(circ.relationships["mentor_id"]) <= set(prof.index[prof["role"] == "mentor"])
    # their participants' outcomes were drawn as non-participants': joined at the start, nobody left before
    for p in (peer, circ):
        left = p.profiles()["exit_date"]
        assert not (left < pd.Timestamp(p.config.start_date)).any()
