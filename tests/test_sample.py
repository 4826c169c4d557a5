"""The sample generator: deterministic, bundled data up to date, realistic, true effects recoverable."""
import math
from pathlib import Path

import pandas as pd
import pytest
import yaml
from scipy import stats

from workbench.config import ProgramConfig
from workbench.config_yaml import read_config
from workbench.sample import truth, write_samples

ROOT = Path(__file__).resolve().parent.parent
BUNDLED = ROOT / "data" / "programs"
SLUGS = {"onboarding-pilot", "leadership-accelerator", "reverse-digital", *truth.LATE_PROGRAMS,
         *truth.ROUND_PROGRAMS}


def _files(folder: Path) -> dict:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    out = tmp_path_factory.mktemp("samples")
    folders = write_samples(out, seed=truth.SAMPLE_SEED)
    assert {f.name for f in folders} == SLUGS and all(f.parent == out for f in folders)
    return out


def test_same_seed_same_bytes_and_bundled_data_up_to_date(generated, tmp_path):
    write_samples(tmp_path, seed=truth.SAMPLE_SEED)
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
    cfg = read_config(BUNDLED / "leadership-accelerator" / "program.yaml")
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
    # weaker since the pairs of the regenerated sample (engagement-driven joining) meet less evenly:
    # rho 0.14 here (0.25 before); the criteria test in tests/kpi still recovers the overlap signal
    assert rho > 0.1, "better matches should meet more"


@pytest.fixture(scope="module")
def truth_designs():
    """The generator's own tables (with the client's engagement column, which the loader keeps only
    once it is mapped) in the evaluation's design, for the leadership mentees and the reverse
    program's mentors (who join over six months)."""
    from workbench.evaluation import ComparisonGroup, landmark_design
    from workbench.sample import generate
    wf, progs = generate()
    for c in ("hire_date", "exit_date", "promotion_date"):
        wf[c] = pd.to_datetime(wf[c])
    start, snap = pd.Timestamp(truth.WINDOW_START), pd.Timestamp(truth.SNAPSHOT)
    out = {}
    for slug, role in (("leadership-accelerator", "mentee"), ("reverse-digital", "mentor")):
        people = progs[slug]["people"]
        pop = people[people["role"] == role]
        joined = pd.Series(pd.to_datetime(pop["joined"]).to_numpy(), index=pop["person_id"])
        frame = landmark_design(wf, joined, start=start, snapshot=snap,
                                exclude=set(people["person_id"]) - set(pop["person_id"]))
        out[slug] = (ComparisonGroup(role + "s", frame, "", start, snap), wf, set(pop["person_id"]))
    return out


def _naive(wf, ids, outcome):
    """The old reading: everyone from the window start, a participant by the snapshot, no adjustment."""
    from workbench.evaluation import raw_estimate
    f = wf[wf["exit_date"].isna() | (wf["exit_date"] > pd.Timestamp(truth.WINDOW_START))].copy()
    f["treated"] = f["employee_id"].isin(ids).astype(int)
    f["left"], f["promoted"] = f["exit_date"].notna().astype(int), f["promotion_date"].notna().astype(int)
    return raw_estimate(f, outcome)


@pytest.mark.parametrize("outcome, key", [("left", "exit"), ("promoted", "promotion")])
@pytest.mark.parametrize("slug", ["leadership-accelerator", "reverse-digital"])
def test_full_adjustment_covers_the_true_effect_and_the_naive_reading_does_not(truth_designs, slug,
                                                                               outcome, key):
    from workbench.evaluation import evaluate
    group, wf, ids = truth_designs[slug]
    true = truth.TRUE_EFFECTS[key]["hazard_ratio"]
    full = evaluate(group, outcome, truth.ADJUST_FOR)
    for est in (full.regression, full.weighting) + ((full.cox,) if full.cox else ()):
        assert est.ok and est.ci[0] <= true <= est.ci[1], (est.estimator, est)
    naive = _naive(wf, ids, outcome)
    if slug == "leadership-accelerator" or outcome == "left":
        # the naive reading lies outside the adjusted interval, or (with later joiners among the
        # others until they join, the promotion interval reaches it) twice as far from the truth
        lo, hi = full.regression.ci
        adj = full.regression.estimate
        assert not lo <= naive.estimate <= hi or \
            abs(math.log(naive.estimate / true)) > 2 * abs(math.log(adj / true)), \
            f"naive {naive.estimate:.2f} inside the adjusted CI and no further from the truth than {adj:.2f}"
        # self-selection (and immortal time for the staggered program) flatter the program
        assert (naive.estimate - true) * (1 if outcome == "promoted" else -1) > 0


def test_canonical_columns_alone_miss_the_client_column_trap(truth_designs):
    """Leaving, leadership: without the client's engagement score the estimate excludes the truth."""
    from workbench.evaluation import evaluate
    group, _, _ = truth_designs["leadership-accelerator"]
    canonical = evaluate(group, "left", truth.CANONICAL_ADJUST).regression
    assert canonical.ci[1] < truth.TRUE_EFFECTS["exit"]["hazard_ratio"]


def test_staggered_joining_in_the_reverse_program(programs):
    rev = programs["reverse-digital"]
    joined = rev.people["joined"]
    start = pd.Timestamp(rev.config.start_date)
    assert (joined >= start).all() and (joined - start).dt.days.max() > 120
    first = pd.concat([rev.relationships.set_index("mentee_id")["start_date"],
                       rev.relationships.set_index("mentor_id")["start_date"]])
    signed = rev.people.set_index("person_id")["joined"]
    assert (first >= signed.reindex(first.index)).all()      # no pair before its people joined


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
