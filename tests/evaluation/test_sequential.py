"""The default design at any uptake (issue 34.1): later joiners are comparable non-participants
from their drawn date until they join; the estimates with persons in both groups agree with
statsmodels (cluster-robust by person; the Cox model on person-time split at joining), and a
quick version of benchmarks/bench_uptake.py runs here."""
import math

import numpy as np
import pandas as pd
import pytest
import statsmodels.api as sm

from workbench.evaluation import ComparisonGroup, cox_time_varying, evaluate, landmark_design, regression
from workbench.evaluation.estimators import cox_cluster_covariance, person_time, until_joining
from simulated_company import SNAPSHOT, START, company
from workbench.evaluation.stats import Z

T = pd.Timestamp
ADJUST = ["level", "department", "tenure_years", "engagement"]


def half_join(seed, n=800, hazard_ratio=1.0, at_random=False):
    wf, joined = company(np.random.default_rng(seed), n=n, joiners=n // 2, hazard_ratio=hazard_ratio,
                         months_joining=12, at_random=at_random)
    return wf, joined


def test_default_design_keeps_later_joiners_as_others_until_they_join():
    wf, joined = half_join(1)
    f = landmark_design(wf, joined, start=START, snapshot=SNAPSHOT, restrict=False)
    both = set(f.loc[f["treated"] == 0, "employee_id"]) & set(f.loc[f["treated"] == 1, "employee_id"])
    assert len(both) > 50                                     # at 50 % uptake, many are in both
    late = f[(f["treated"] == 0) & f["joined"].notna()]
    assert (late["index_date"] < late["joined"]).all()
    old = landmark_design(wf, joined, start=START, snapshot=SNAPSHOT, restrict=False, later_joiners=False)
    assert old.loc[old["treated"] == 0, "joined"].isna().all()


def test_regression_counts_later_joiners_until_they_join_as_statsmodels_with_the_same_weights():
    """Others who joined later are censored on joining; the others left are weighted by the
    inverse chance of not having joined by their outcome (Cox model of the time to joining); the
    odds ratio is statsmodels' weighted GLM with cluster-robust errors by person."""
    wf, joined = half_join(2)
    f = landmark_design(wf, joined, start=START, snapshot=SNAPSHOT, restrict=False)
    adjust = ["level", "tenure_years", "engagement", "followup_years"]
    u = until_joining(f, "left", adjust)
    ctrl = f["treated"] == 0
    until = (pd.to_datetime(f["joined"]) - f["index_date"]).dt.days
    censored = ctrl & (until < f["days_observed"])
    assert len(u) == len(f) - censored.sum() and censored.sum() > 50
    assert (u.loc[u["treated"] == 1, "ipcw"] == 1).all()
    w = u.loc[u["treated"] == 0, "ipcw"]
    assert w.mean() == pytest.approx(1) and w.std() > 0.05      # mean 1, not all equal
    # who joins soon (engaged people) is under-represented among the uncensored others: up-weighted
    assert np.corrcoef(u.loc[u["treated"] == 0, "engagement"], w)[0, 1] > 0.3
    est = regression(f, "left", adjust)
    X = sm.add_constant(u[["treated", *adjust]].astype(float))
    groups = u["employee_id"].astype("category").cat.codes
    ref = sm.GLM(u["left"].astype(float), X, family=sm.families.Binomial(), var_weights=u["ipcw"]).fit(
        cov_type="cluster", cov_kwds={"groups": groups})
    assert est.estimate == pytest.approx(math.exp(ref.params["treated"]), rel=1e-6)
    assert est.ci == pytest.approx(tuple(np.exp(ref.conf_int().loc["treated"])), rel=1e-6)
    assert est.n_control == int(ctrl.sum())                    # every other counts, joined later or not


def test_person_time_hand_built_and_cox_against_statsmodels():
    """Three people: L is drawn as an other on 1 Feb, joins 1 May, leaves 1 Sep; P joins 1 Mar
    and stays; N is an other from 1 Feb and leaves 1 Jul."""
    wf = pd.DataFrame({"employee_id": ["L", "P", "N"], "level": 2, "hire_date": T("2020-01-01"),
                       "exit_date": [T("2025-09-01"), pd.NaT, T("2025-07-01")], "promotion_date": pd.NaT})
    f = pd.DataFrame({
        "employee_id": ["L", "L", "P", "N"], "treated": [0, 1, 1, 0],
        "index_date": [T("2025-02-01"), T("2025-05-01"), T("2025-03-01"), T("2025-02-01")],
        "joined": [T("2025-05-01"), T("2025-05-01"), T("2025-03-01"), pd.NaT],
        "hire_date": T("2020-01-01"), "left": [1, 1, 0, 1]})
    snap = T("2026-01-01")
    f["days_observed"] = [(T("2025-09-01") - T("2025-02-01")).days, (T("2025-09-01") - T("2025-05-01")).days,
                          (snap - T("2025-03-01")).days, (T("2025-07-01") - T("2025-02-01")).days]
    pt = person_time(f, []).sort_values(["employee_id", "start"]).reset_index(drop=True)
    day = lambda d: (T(d) - T("2025-02-01")).days   # noqa: E731
    expect = [("L", 0, day("2025-05-01"), 0, 0), ("L", day("2025-05-01"), day("2025-09-01"), 1, 1),
              ("N", 0, day("2025-07-01"), 1, 0), ("P", day("2025-03-01"), day("2026-01-01"), 0, 1)]
    got = list(pt[["employee_id", "start", "stop", "event", "participant"]].itertuples(index=False, name=None))
    assert got == expect

    wf, joined = half_join(3, n=1000, hazard_ratio=0.6)
    f = landmark_design(wf, joined, start=START, snapshot=SNAPSHOT, restrict=False)
    est = cox_time_varying(f, ["engagement", "level"])
    pt = person_time(f, ["engagement", "level"])
    ref = sm.PHReg(pt["stop"], pt[["participant", "engagement", "level"]].astype(float), status=pt["event"],
                   entry=pt["start"], ties="efron").fit()
    assert est.estimate == pytest.approx(math.exp(ref.params[0]), rel=1e-6)
    # a person split at joining has two rows: the variance is clustered by person (Lin & Wei; the
    # same as statsmodels' fit(groups=...), tests/evaluation/test_weighting_dr.py)
    cov = cox_cluster_covariance(ref.model, np.asarray(ref.params), pt["employee_id"].to_numpy())
    assert est.ci[1] == pytest.approx(math.exp(ref.params[0] + Z * math.sqrt(cov[0, 0])), rel=1e-6)
    assert est.ci[1] != pytest.approx(math.exp(ref.params[0] + Z * ref.bse[0]), rel=1e-6)


def _run(seeds, hazard_ratio, later_joiners=True, at_random=False, n=700):
    out = []
    for s in seeds:
        wf, joined = half_join([11, s, int(at_random)], n=n, hazard_ratio=hazard_ratio, at_random=at_random)
        f = landmark_design(wf, joined, start=START, snapshot=SNAPSHOT, restrict=False,
                            later_joiners=later_joiners)
        out.append(evaluate(ComparisonGroup("mentees", f, "", START, SNAPSHOT), "left", ADJUST))
    return out


@pytest.mark.slow   # a simulation of many companies (10-20 s): in make test-all
def test_quick_uptake_simulation_half_the_staff_joining():
    """12 companies where half the staff join over a year (joining driven by engagement): with no
    effect the default design rarely calls "clear", its Cox interval rarely excludes 1 and no
    estimator leans either way (the old design's lean the other way fails this); with a
    hazard ratio of 0.6 the Cox interval covers it and its mean log error is small."""
    null = _run(range(12), 1.0)
    assert np.mean([e.conclusion.startswith("clear") for e in null]) <= 2 / 12
    assert np.mean([e.cox.side != 0 for e in null]) <= 2 / 12
    # the old design (later joiners left out of the others) leans to "benefit": mean log -0.21
    for name in ("cox", "regression", "weighting"):
        assert abs(np.mean([math.log(getattr(e, name).estimate) for e in null])) < 0.15, name
    eff = _run(range(12), 0.6)
    cover = [e.cox.ci[0] <= 0.6 <= e.cox.ci[1] for e in eff]
    assert np.mean(cover) >= 10 / 12
    assert abs(np.mean([math.log(e.cox.estimate / 0.6) for e in eff])) < 0.1
    assert np.mean([e.regression.ci[0] <= 0.6 <= e.regression.ci[1] for e in eff]) >= 10 / 12


def test_censoring_weights_are_statsmodels_stratified_calendar_time_cox():
    """Regression's censoring weights: a Cox model of joining on calendar time (entering on the
    index date) with its own baseline in 10 groups of the chance of joining; each kept other's
    weight is 1 / P(not joined from their index date to their outcome), rescaled to mean 1. The
    same from statsmodels' PHReg and its baseline cumulative hazards, read with merge_asof."""
    wf, joined = half_join(4, n=900)
    f = landmark_design(wf, joined, start=START, snapshot=SNAPSHOT, restrict=False)
    adjust = ["level", "engagement"]
    u = until_joining(f, "left", adjust)
    c = f[f["treated"] == 0]
    until = (pd.to_datetime(c["joined"]) - c["index_date"]).dt.days
    joins = (until.notna() & (until < c["days_observed"])).to_numpy()
    entry = (c["index_date"] - c["index_date"].min()).dt.days.to_numpy(float)
    stop = entry + np.maximum(np.where(joins, until, c["days_observed"]).astype(float), 0.5)
    X = c[adjust].astype(float).to_numpy()
    lp0 = X @ sm.PHReg(stop, X, status=joins.astype(int), entry=entry, ties="efron").fit().params
    groups = pd.qcut(pd.Series(lp0).rank(method="first"), 10, labels=False).to_numpy()
    res = sm.PHReg(stop, X, status=joins.astype(int), entry=entry, ties="efron", strata=groups).fit()
    base = res.model.baseline_cumulative_hazard(res.params)
    names = list(res.model.surv.stratum_names)
    keep = ~joins
    end = entry + np.maximum(c["days_observed"].to_numpy(float), 0.5)

    def H(g, t):
        b = base[names.index(g)]
        table = pd.DataFrame({"t": b[0], "h": b[1]}).sort_values("t")
        q = pd.DataFrame({"t": t, "i": np.arange(len(t))}).sort_values("t")
        m = pd.merge_asof(q, table, on="t").sort_values("i")
        return m["h"].fillna(0.0).to_numpy()

    surv = np.exp(-np.array([(H(g, [b])[0] - H(g, [a])[0]) * np.exp(x @ res.params)
                             for g, a, b, x in zip(groups[keep], entry[keep], end[keep], X[keep])]))
    w = 1 / np.clip(surv, 1 / 20, 1)
    got = u.loc[c.index[keep], "ipcw"].to_numpy()
    assert got == pytest.approx(w / w.mean(), rel=1e-6)
    assert w.max() / w.min() > 2          # the weights do vary
