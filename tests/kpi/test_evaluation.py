"""The evaluation: one design without immortal time, two estimators checked against statsmodels,
balance, E-values, conclusions, the export; a quick version of benchmarks/bench_evaluation.py."""
import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import statsmodels.api as sm

from workbench.evaluation import (OUTCOME_COLUMNS, ComparisonGroup, balance_table, conclude,
                                  cox_time_varying, e_value, evaluate, landmark_design,
                                  outcomes_table, regression, weighting)
from workbench.evaluation.estimators import (Estimate, person_time, raw_estimate, stacked_log_or_se,
                                             weighted_standardised_log_or)
from simulated_company import SNAPSHOT, START, company
from workbench.evaluation.stats import Z, format_p

T = pd.Timestamp


def _frame(n=800, seed=0, effect=-0.5):
    """One row per person: treated depends on perf and a department; left on both."""
    rng = np.random.default_rng(seed)
    perf = rng.normal(3, 0.7, n)
    dept = rng.choice(["A", "B", "C"], n)
    treated = (rng.random(n) < 1 / (1 + np.exp(-(perf - 3) * 1.5 - 0.3 * (dept == "B")))).astype(int)
    logit = -1 - 0.8 * (perf - 3) + effect * treated + 0.4 * (dept == "B")
    left = (rng.random(n) < 1 / (1 + np.exp(-logit))).astype(int)
    return pd.DataFrame({"employee_id": [f"E{i}" for i in range(n)], "left": left,
                         "treated": treated, "perf": perf, "dept": dept})


# --- the design ----------------------------------------------------------------------------------

def _wf():
    """P joins on 1 Jul 2025; A leaves in Mar 2025 (before any index date), B in Sep 2025, C stays;
    Q joined 1 Jul too but left in May (cannot have joined in July)."""
    return pd.DataFrame({
        "employee_id": ["P", "A", "B", "C", "Q"], "level": 2,
        "hire_date": T("2020-01-01"),
        "exit_date": [pd.NaT, T("2025-03-01"), T("2025-09-01"), pd.NaT, T("2025-05-01")],
        "promotion_date": [T("2025-08-01"), T("2025-02-01"), pd.NaT, pd.NaT, pd.NaT]})


def test_landmark_design_follows_everyone_from_the_index_date():
    joined = pd.Series([T("2025-07-01"), T("2025-07-01")], index=["P", "Q"])
    f = landmark_design(_wf(), joined, start="2025-01-01", snapshot="2026-01-01").set_index("employee_id")
    # Q was not employed on the day they "joined": not a participant; A had left before the index
    # date: not comparable (counting A's exit against the program's others would flatter it)
    assert set(f.index) == {"P", "B", "C"}
    assert f.loc["P", "treated"] == 1 and f.loc["P", "index_date"] == T("2025-07-01")
    assert (f.loc[["B", "C"], "index_date"] == T("2025-07-01")).all()
    assert f.loc["B", "left"] == 1 and f.loc["B", "days_observed"] == (T("2025-09-01") - T("2025-07-01")).days
    assert f.loc["C", "left"] == 0 and f.loc["C", "days_observed"] == 184
    assert f.loc["P", "promoted"] == 1 and f["followup_years"].round(3).nunique() == 1


def test_later_joiners_are_others_until_they_join_by_default_and_person_time_is_split_at_joining():
    wf = pd.DataFrame({"employee_id": [f"E{i}" for i in range(40)], "level": 2,
                       "hire_date": T("2020-01-01"), "exit_date": pd.NaT, "promotion_date": pd.NaT})
    joined = pd.Series([T("2025-02-01")] * 20 + [T("2025-09-01")] * 20, index=wf["employee_id"][:40])
    joined = joined.iloc[list(range(0, 40, 2))]   # E0, E2, ... join: half in Feb, half in Sep
    old = landmark_design(wf, joined, start="2025-01-01", snapshot="2026-01-01", later_joiners=False)
    assert old.loc[old["treated"] == 0, "joined"].isna().all()
    f = landmark_design(wf, joined, start="2025-01-01", snapshot="2026-01-01")
    late = f[(f["treated"] == 0) & f["joined"].notna()]
    assert len(late) and (late["index_date"] < late["joined"]).all()   # others until they joined
    pt = person_time(f, [])
    for pid, rows in pt.groupby("employee_id"):
        assert (rows["start"].iloc[1:].to_numpy() >= rows["stop"].iloc[:-1].to_numpy()).all()
    split = pt.groupby("employee_id")["participant"].nunique()
    assert (split == 2).any()                                           # person-time split at joining


def test_comparison_group_is_cached_and_stated_once(sample_programs):
    from workbench.evaluation import comparison_group
    prog = sample_programs["leadership-accelerator"]
    g = comparison_group(prog, "mentees")
    assert comparison_group(prog, "mentees") is g
    assert f"{g.n_control:,} employees" in g.definition
    assert not g.control["employee_id"].isin(prog.mentors["person_id"]).any()
    assert set(g.treated["employee_id"]) == set(prog.mentees["person_id"])


# --- the estimators against statsmodels ----------------------------------------------------------

def test_regression_agrees_with_statsmodels():
    df = _frame()
    est = regression(df, "left", ["perf", "dept"])
    X = pd.get_dummies(df[["treated", "perf", "dept"]], columns=["dept"], dtype=float)
    X = sm.add_constant(X.drop(columns="dept_" + df["dept"].value_counts().idxmax()))
    ref = sm.Logit(df["left"], X).fit(disp=0, cov_type="cluster",
                                      cov_kwds={"groups": np.arange(len(df))})
    assert est.estimate == pytest.approx(math.exp(ref.params["treated"]), rel=1e-6)
    assert est.ci == pytest.approx(tuple(np.exp(ref.conf_int().loc["treated"])), rel=1e-6)
    assert est.p_value == pytest.approx(ref.pvalues["treated"], rel=1e-6)
    assert est.adjusted_for == ("perf", "dept")


def test_weighting_agrees_with_statsmodels():
    df = _frame()
    est, wts = weighting(df, "left", ["perf", "dept"], trim=1.0)
    X = sm.add_constant(pd.get_dummies(df[["perf", "dept"]], columns=["dept"], dtype=float)
                        .drop(columns="dept_" + df["dept"].value_counts().idxmax()))
    e = sm.Logit(df["treated"], X).fit(disp=0).predict(X)
    lo, hi = max(e[df.treated == 1].min(), e[df.treated == 0].min()), min(e[df.treated == 1].max(),
                                                                         e[df.treated == 0].max())
    keep = e.between(lo, hi)
    d, e = df[keep], e[keep]
    w = np.where(d["treated"] == 1, 1 - e, e)          # overlap weights
    # doubly robust (weighted regression adjustment): the outcome model with the adjusters fitted with
    # the weights, each row's chance with and without the program averaged with its e (1 - e),
    # odds(m1) / odds(m0)
    Xo = X[keep].assign(treated=d["treated"].astype(float))
    ref = sm.GLM(d["left"], Xo, family=sm.families.Binomial(),
                 var_weights=w).fit(cov_type="cluster", cov_kwds={"groups": np.arange(len(d))})
    s = e * (1 - e)
    m1 = np.average(ref.predict(Xo.assign(treated=1.0)), weights=s)
    m0 = np.average(ref.predict(Xo.assign(treated=0.0)), weights=s)
    assert est.estimate == pytest.approx((m1 / (1 - m1)) / (m0 / (1 - m0)), rel=1e-6)
    theta, se = weighted_standardised_log_or(ref, Xo, d["left"], w, s, np.arange(len(d)))
    # the interval printed carries the estimation of the weights (stacked equations, HC3): wider
    # than statsmodels' weights-known one, which the stacked form gives back with nothing carried
    assert stacked_log_or_se(wts, ref, Xo, d["left"], carry=False, leverage=False)[1] == pytest.approx(se, rel=1e-6)
    _, se_new = stacked_log_or_se(wts, ref, Xo, d["left"])
    assert se_new > se
    assert est.ci == pytest.approx((math.exp(theta - Z * se_new), math.exp(theta + Z * se_new)), rel=1e-6)
    assert wts.n_outside_overlap == int((~keep).sum())
    # the weights balance the confounder: |SMD| shrinks from 0.8 to about 0.1 (flagged when above)
    bal = balance_table(wts.data, ["perf", "dept"], min_group=5)
    perf = bal.table.set_index("variable").loc["perf"]
    assert abs(perf["smd_before"]) > 0.5 and abs(perf["smd_after"]) < abs(perf["smd_before"]) / 4
    assert (perf["flag"] == "differs") == (abs(perf["smd_after"]) > 0.1)
    assert bal.flagged == bal.table.loc[bal.table["smd_after"].abs() > 0.1, "variable"].tolist()


def test_trimming_caps_the_largest_weights_and_says_so():
    est, wts = weighting(_frame(), "left", ["perf", "dept"], trim=0.95, scheme="stabilised")
    assert wts.n_capped > 0 and wts.data["weight"].max() == pytest.approx(wts.cap)
    assert any("capped" in n for n in est.notes)
    # the overlap weights (used) are bounded by 1: nothing to cap, nothing said
    est, wts = weighting(_frame(), "left", ["perf", "dept"], trim=0.95)
    assert wts.n_capped == 0 and wts.data["weight"].max() <= 1
    assert not any("capped" in n for n in est.notes)
    with pytest.raises(ValueError, match="unknown weighting scheme"):
        weighting(_frame(), "left", ["perf"], scheme="ipw")
    est, wts = weighting(_frame(), "left", ["perf", "dept"], trim=0.95, scheme="stabilised")
    assert wts.n_capped > 0 and wts.data["weight"].max() == pytest.approx(wts.cap)
    assert any("capped" in n for n in est.notes)


def test_cox_agrees_with_statsmodels_when_everyone_starts_together():
    """All index dates equal (no staggering): the time-varying model is an ordinary Cox model."""
    rng = np.random.default_rng(3)
    n = 400
    wf = pd.DataFrame({"employee_id": [f"E{i}" for i in range(n)], "level": 2,
                       "hire_date": T("2020-01-01"), "promotion_date": pd.NaT,
                       "perf": rng.normal(3, 0.7, n)})
    days = rng.exponential(500, n).round() + 1
    wf["exit_date"] = (T("2025-01-01") + pd.to_timedelta(days, unit="D")).where(days < 365)
    joined = pd.Series(T("2025-01-01"), index=wf["employee_id"][: n // 3])
    f = landmark_design(wf, joined, start="2025-01-01", snapshot="2026-01-01", restrict=False)
    est = cox_time_varying(f, ["perf"])
    ref = sm.PHReg(f["days_observed"].astype(float), f[["treated", "perf"]].astype(float),
                   status=f["left"], ties="efron").fit()
    assert est.estimate == pytest.approx(math.exp(ref.params[0]), rel=1e-6)
    assert est.ci[0] == pytest.approx(math.exp(ref.params[0] - 1.959963984540054 * ref.bse[0]), rel=1e-6)
    assert est.measure == "hazard_ratio"


# --- what the page says --------------------------------------------------------------------------

def test_quasi_separation_in_a_nuisance_level_is_merged_and_said_without_naming_it():
    df = _frame(600)
    df.loc[df.index[:8], "dept"] = "Legal"
    df.loc[df["dept"] == "Legal", "left"] = 0          # nobody in the tiny department left
    est = regression(df, "left", ["perf", "dept"])
    assert est.ok, est.reason
    merged = [n for n in est.notes if "merged" in n]
    assert merged and not any("Legal" in n for n in est.notes)


def test_missing_adjusters_are_counted_and_raw_rates_use_every_row():
    df = _frame(600)
    df.loc[df.index[:30], "perf"] = np.nan
    est = regression(df, "left", ["perf", "dept", "engagement"])
    assert est.n_dropped_missing == 30 and est.n_treated + est.n_control == 570
    assert any("30 of 600 rows" in n for n in est.notes)
    assert any("not adjusted for: engagement" in n for n in est.notes)
    raw = raw_estimate(df, "left")
    assert raw.n_treated + raw.n_control == 600


def test_a_small_count_is_never_printed_in_a_note():
    df = _frame(600)
    df.loc[df.index[:3], "perf"] = np.nan
    est = regression(df, "left", ["perf"])
    assert est.n_dropped_missing == 3
    assert any("fewer than 5 of 600 rows" in n for n in est.notes)
    assert not any(" 3 " in f" {n} " for n in est.notes)


def test_conclusions_need_both_intervals_on_the_same_side():
    def e(lo, hi):
        return Estimate("x", "odds_ratio", estimate=math.sqrt(lo * hi), ci=(lo, hi))
    assert conclude([e(0.4, 0.9), e(0.5, 0.95)], good=-1) == ("clear benefit", "")
    assert conclude([e(0.4, 0.9), e(0.5, 0.95)], good=1) == ("clear harm", "")
    assert conclude([e(1.1, 2.0), e(1.2, 2.5)], good=1)[0] == "clear benefit"
    assert conclude([e(0.4, 0.9), e(0.6, 1.1)], good=-1) == ("no clear difference", "")
    assert conclude([e(0.4, 0.9), e(1.1, 1.5)], good=-1)[0] == "cannot conclude"
    failed = Estimate("weighting", "odds_ratio", reason="too few people")
    assert conclude([e(0.4, 0.9), failed], good=-1) == ("cannot conclude", "weighting: too few people")


def test_e_values_vanderweele_ding():
    point, limit = e_value(3.9, (1.8, 8.7), "risk_ratio")       # their worked example
    assert round(point, 2) == 7.26 and round(limit, 2) == 3.00
    point_or, _ = e_value(0.5, (0.3, 0.8), "odds_ratio", rare=False)   # common: sqrt(OR)
    rr = 1 / math.sqrt(0.5)
    assert point_or == pytest.approx(rr + math.sqrt(rr * (rr - 1)))
    assert e_value(0.8, (0.5, 1.3), "hazard_ratio")[1] == 1.0
    assert e_value(None, None, "odds_ratio") == (None, None)


def test_p_values_never_print_as_zero():
    assert format_p(1e-12) == "p < 0.001" and format_p(0.0004) == "p < 0.001"
    assert format_p(0.0012) == "p = 0.001" and format_p(0.05) == "p = 0.050"


def _group(frame):
    return ComparisonGroup("mentees", frame, "definition", START, SNAPSHOT)


def test_outcomes_table_has_exactly_the_export_columns_and_hides_small_rates():
    wf, joined = company(np.random.default_rng(5), n=1200, joiners=120)
    g = _group(landmark_design(wf, joined, start=START, snapshot=SNAPSHOT, restrict=False))
    ev = evaluate(g, "left", ["level", "department", "tenure_years", "engagement"])
    out = outcomes_table([ev], min_group=5)
    assert list(out.columns) == OUTCOME_COLUMNS
    assert out["estimator"].tolist() == ["raw", "regression", "weighting", "cox"]
    assert out["measure"].tolist() == ["odds_ratio"] * 3 + ["hazard_ratio"]
    assert (out["adjusted_for"].iloc[1] == "level;department;tenure_years;engagement;followup_years")
    assert out["n_treated"].nunique() == 1 and out["n_control"].nunique() == 1   # one group everywhere
    assert (out["conclusion"] == ev.verdict).all()
    huge = outcomes_table([ev], min_group=10_000)
    assert (huge["rate_treated"] == "hidden").all() and (huge["rate_control"] == "hidden").all()
    assert "%" not in ev.sentence(min_group=10_000).split(":")[0]


# --- quick version of benchmarks/bench_evaluation.py ---------------------------------------------

FULL = ("level", "department", "tenure_years", "engagement")
CANONICAL = ("level", "department", "tenure_years", "performance")


@pytest.mark.slow   # a simulation of many companies (10-20 s): in make test-all
def test_quick_simulation_no_effect_is_rarely_called_clear_unless_the_client_column_is_ignored():
    """20 companies where joining depends on engagement (a client column) and is staggered, and
    taking part changes nothing: adjusting for engagement calls a clear difference rarely; the
    canonical columns alone (the trap) call it often."""
    full, canonical = [], []
    for c in range(20):
        wf, joined = company(np.random.default_rng([7, c]), n=1000, joiners=100)
        g = _group(landmark_design(wf, joined, start=START, snapshot=SNAPSHOT, restrict=False))
        full.append(evaluate(g, "left", FULL).conclusion.startswith("clear"))
        canonical.append(evaluate(g, "left", CANONICAL).conclusion.startswith("clear"))
    assert np.mean(full) <= 0.10, np.mean(full)
    assert np.mean(canonical) >= 0.3, np.mean(canonical)


@pytest.mark.slow   # a simulation of many companies (10-20 s): in make test-all
def test_quick_simulation_true_effect_is_covered():
    covered = []
    for c in range(15):
        wf, joined = company(np.random.default_rng([8, c]), n=1000, joiners=150, hazard_ratio=0.6)
        g = _group(landmark_design(wf, joined, start=START, snapshot=SNAPSHOT, restrict=False))
        cox = evaluate(g, "left", FULL).cox
        covered.append(cox.ci[0] <= 0.6 <= cox.ci[1])
    assert np.mean(covered) >= 0.8, np.mean(covered)


def test_the_weighting_scheme_is_a_program_setting():
    """``evaluation.weights`` in program.yaml: the schemes the estimator knows, a wrong one refused
    with the allowed values, and the report's evaluation weights as the program says."""
    import dataclasses
    import typing

    from pydantic import ValidationError

    from workbench.config import EvaluationConfig
    from workbench.evaluation.estimators import WEIGHT_SCHEMES
    from workbench.io import load_program
    from workbench.kpi.effects import evaluation_of
    assert set(typing.get_args(EvaluationConfig.model_fields["weights"].annotation)) == set(WEIGHT_SCHEMES)
    assert EvaluationConfig().weights == "overlap"
    with pytest.raises(ValidationError, match="overlap"):
        EvaluationConfig(weights="ipw")
    program = load_program(Path(__file__).resolve().parents[2] / "data" / "programs" / "onboarding-round-2")
    used = evaluation_of(program, "mentees", "left").weighting
    cfg = program.config.model_copy(update={"evaluation": program.config.evaluation.model_copy(
        update={"weights": "stabilised"})})
    other = evaluation_of(dataclasses.replace(program, config=cfg), "mentees", "left").weighting
    assert used.ok and other.ok and used.estimate != pytest.approx(other.estimate, rel=1e-6)
