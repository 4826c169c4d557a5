"""The weighting is doubly robust (issue 34, weighted regression adjustment) and the Cox model's
variance is clustered by person when a person has several rows: both checked against statsmodels."""
import math

import numpy as np
import pandas as pd
import pytest
import statsmodels.api as sm

from workbench.evaluation import landmark_design
from workbench.evaluation.estimators import (cox_cluster_covariance, cox_time_varying, person_time,
                                             stacked_log_or_se, until_joining,
                                             weighted_standardised_log_or, weighting)
from workbench.evaluation.stats import Z, design_matrix, fit_logit
from simulated_company import SNAPSHOT, START, company

ADJUST = ["level", "engagement", "followup_years"]


def half_join(seed, n=800, hazard_ratio=1.0):
    wf, joined = company(np.random.default_rng(seed), n=n, joiners=n // 2, hazard_ratio=hazard_ratio,
                         months_joining=12)
    return landmark_design(wf, joined, start=START, snapshot=SNAPSHOT, restrict=False)


def test_weighting_is_statsmodels_weighted_glm_standardised_over_every_row():
    """The estimate: statsmodels' binomial GLM of leaving on joining and the adjusters with the
    propensity × censoring weights (var_weights, cluster-robust by person), each row's predicted
    chance with and without the program averaged with the censoring weights times e (1 − e) (the
    overlap weights' population; 1 for the stabilised weights), odds(m1)/odds(m0). The β part of
    its variance is statsmodels' cluster-robust covariance, to 1e-6."""
    f = half_join(5, hazard_ratio=0.6)
    est, wts = weighting(f, "left", ADJUST)
    d = wts.data
    assert wts.scheme == "overlap"
    e = d["propensity"]
    assert np.allclose(d["weight"], np.where(d["treated"] == 1, 1 - e, e))
    d = d.assign(ipcw=d["ipcw"] * e * (1 - e))      # the rows standardised over, and how much
    w = d["weight"] * wts.data["ipcw"]
    X = sm.add_constant(d[["treated", *ADJUST]].astype(float))
    groups = d["employee_id"].astype("category").cat.codes
    ref = sm.GLM(d["left"].astype(float), X, family=sm.families.Binomial(), var_weights=w).fit(
        cov_type="cluster", cov_kwds={"groups": groups})
    x1, x0 = X.assign(treated=1.0), X.assign(treated=0.0)
    m1 = np.average(ref.predict(x1), weights=d["ipcw"])
    m0 = np.average(ref.predict(x0), weights=d["ipcw"])
    assert est.estimate == pytest.approx((m1 / (1 - m1)) / (m0 / (1 - m0)), rel=1e-6)
    # the β part of the sandwich: the delta method on statsmodels' covariance
    b = ref.params.to_numpy()
    p1, p0 = ref.predict(x1).to_numpy(), ref.predict(x0).to_numpy()
    q = d["ipcw"].to_numpy() / d["ipcw"].sum()
    grad = ((q * p1 * (1 - p1)) @ x1.to_numpy() / (m1 * (1 - m1))
            - (q * p0 * (1 - p0)) @ x0.to_numpy() / (m0 * (1 - m0)))
    beta_only = math.sqrt(grad @ ref.cov_params().to_numpy() @ grad)
    Xd = design_matrix(d, "treated", ADJUST)
    res, _ = fit_logit(d["left"].astype(float), Xd, "treated", weights=w, groups=groups)
    theta, se_beta = weighted_standardised_log_or(res, Xd, d["left"], w, d["ipcw"], groups, means=False)
    assert theta == pytest.approx(math.log(est.estimate), rel=1e-9)
    assert se_beta == pytest.approx(beta_only, rel=1e-6)
    assert b[1] != pytest.approx(theta, abs=1e-3)          # marginal, not the conditional coefficient
    # the full variance adds the rows standardised over: wider; the interval printed also carries
    # the estimation of the weights (stacked_log_or_se, tested below)
    _, se = weighted_standardised_log_or(res, Xd, d["left"], w, d["ipcw"], groups)
    assert se > se_beta
    _, se_new = stacked_log_or_se(wts, res, Xd, d["left"])
    assert est.ci[1] == pytest.approx(math.exp(theta + Z * se_new), rel=1e-9)


def test_double_robustness_a_wrong_model_of_joining_is_rescued_by_the_outcome_model():
    """20,000 people, joining and leaving both driven by x (a true logistic outcome model): with
    useless weights (all 1, a wrong model of who joins) the weighted odds ratio alone is
    confounded, the doubly robust one finds the true marginal odds ratio."""
    rng = np.random.default_rng(7)
    n = 20_000
    x = rng.normal(size=n)
    t = (rng.random(n) < 1 / (1 + np.exp(-1.5 * x))).astype(float)
    lin = -1 + 1.0 * x - 0.5 * t
    y = (rng.random(n) < 1 / (1 + np.exp(-lin))).astype(float)
    p1, p0 = 1 / (1 + np.exp(-(-1 + x - 0.5))), 1 / (1 + np.exp(-(-1 + x)))
    true = math.log(p1.mean() / (1 - p1.mean())) - math.log(p0.mean() / (1 - p0.mean()))
    d = pd.DataFrame({"y": y, "treated": t, "x": x})
    ones = pd.Series(1.0, index=d.index)
    X = design_matrix(d, "treated", ["x"])
    res, _ = fit_logit(d["y"], X, "treated", weights=ones)
    theta, se = weighted_standardised_log_or(res, X, d["y"], ones, ones)
    assert abs(theta - true) < 2 * se and se < 0.05
    crude, _ = fit_logit(d["y"], design_matrix(d, "treated", []), "treated", weights=ones)
    assert abs(float(crude.params["treated"]) - true) > 10 * se      # confounded without the model


def test_cox_variance_is_clustered_by_person_when_split_at_joining():
    """Person-time split at joining (several rows a person): the robust covariance clustered by
    person, equal to statsmodels' PHReg.fit(groups=...) on the rows at risk at some exit time
    (statsmodels' own risk sets: entering on or before the exit; the others add nothing to
    the partial likelihood, and statsmodels gives NaN for them)."""
    f = half_join(6, n=1000, hazard_ratio=0.6)
    adjust = ["engagement", "level"]
    est = cox_time_varying(f, adjust)
    pt = person_time(f, adjust)
    assert pt["employee_id"].duplicated().any()
    exits = pt.loc[pt["event"] == 1, "stop"].to_numpy()
    at_risk = np.array([((a <= exits) & (exits <= b)).any() for a, b in zip(pt["start"], pt["stop"])])
    sub = pt[at_risk]
    X = sub[["participant", *adjust]].astype(float)
    ref = sm.PHReg(sub["stop"], X, status=sub["event"], entry=sub["start"], ties="efron").fit(
        groups=sub["employee_id"].astype("category").cat.codes.to_numpy())
    assert np.isfinite(ref.bse).all()
    # the two fits converge to the same point within the optimiser's tolerance
    assert est.estimate == pytest.approx(math.exp(ref.params[0]), rel=1e-6)
    assert est.ci[1] == pytest.approx(math.exp(ref.params[0] + Z * ref.bse[0]), rel=1e-4)
    # at the same parameters the covariances agree (to 1e-3: the rows dropped still count in a
    # risk set's size at the edges, where statsmodels and this differ slightly)
    full = sm.PHReg(pt["stop"], pt[["participant", *adjust]].astype(float), status=pt["event"],
                    entry=pt["start"], ties="efron")
    cov = cox_cluster_covariance(full, np.asarray(ref.params), pt["employee_id"].to_numpy())
    assert cov == pytest.approx(ref.cov_params(), rel=1e-3, abs=1e-6)


def test_cox_keeps_the_model_variance_with_one_row_per_person():
    """One row per person (later joiners left out of the others: the old design, or a trial such
    as Rossi's): the model-based variance, as published figures use."""
    wf, joined = company(np.random.default_rng(8), n=800, joiners=200, hazard_ratio=0.6, months_joining=8)
    f = landmark_design(wf, joined, start=START, snapshot=SNAPSHOT, restrict=False, later_joiners=False)
    adjust = ["engagement", "level"]
    pt = person_time(f, adjust)
    assert not pt["employee_id"].duplicated().any()
    est = cox_time_varying(f, adjust)
    ref = sm.PHReg(pt["stop"], pt[["participant", *adjust]].astype(float), status=pt["event"],
                   entry=pt["start"], ties="efron").fit()
    assert est.ci[0] == pytest.approx(math.exp(ref.params[0] - Z * ref.bse[0]), rel=1e-6)


def test_weighting_falls_back_to_the_weighted_ratio_when_the_outcome_model_fails(monkeypatch):
    import workbench.evaluation.estimators as E
    f = half_join(9, n=600)
    monkeypatch.setattr(E, "stacked_log_or_se", lambda *a, **k: (float("nan"),) * 4)
    est, wts = E.weighting(f, "left", ADJUST)
    assert est.ok and any("relies on the model of who joins alone" in n for n in est.notes)
    d = wts.data
    ref = sm.GLM(d["left"].astype(float), sm.add_constant(d[["treated"]].astype(float)),
                 family=sm.families.Binomial(), var_weights=d["weight"] * d["ipcw"]).fit(
        cov_type="cluster", cov_kwds={"groups": d["employee_id"].astype("category").cat.codes})
    assert est.estimate == pytest.approx(math.exp(ref.params["treated"]), rel=1e-6)



def test_the_model_of_who_joins_is_fitted_with_the_censoring_weights():
    """The others left after censoring at joining stand for every other through their censoring
    weights: the propensity model is statsmodels' binomial GLM with those weights (var_weights),
    and the stabilising share is the weighted share of participants."""
    f = half_join(10)
    est, wts = weighting(f, "left", ADJUST, scheme="stabilised")
    u = until_joining(f, "left", ADJUST).dropna(subset=["left", "treated", *ADJUST])
    assert (u["ipcw"] != 1).any()
    X = sm.add_constant(u[ADJUST].astype(float))
    ref = sm.GLM(u["treated"].astype(float), X, family=sm.families.Binomial(), var_weights=u["ipcw"]).fit()
    e = ref.predict(X).loc[wts.data.index]
    assert wts.data["propensity"].to_numpy() == pytest.approx(e.to_numpy(), rel=1e-6)
    unweighted = sm.GLM(u["treated"].astype(float), X, family=sm.families.Binomial()).fit().predict(X)
    assert np.max(np.abs(unweighted.loc[wts.data.index] - e)) > 0.01
    share = np.average(wts.data["treated"], weights=wts.data["ipcw"])     # over the overlap
    t1 = wts.data["treated"] == 1
    raw = share / wts.data.loc[t1, "propensity"]
    kept = raw <= wts.cap
    assert wts.data.loc[t1, "weight"][kept].to_numpy() == pytest.approx(raw[kept].to_numpy(), rel=1e-6)


def test_the_balance_table_and_effective_sizes_use_the_weights_the_estimate_uses():
    """Propensity weights times censoring weights, as the outcome model is fitted: the balance the
    page reports is the balance the estimate rests on (the propensity weights alone left the
    censoring out and flagged a difference the estimate does not have)."""
    from workbench.evaluation import evaluate
    from workbench.evaluation.balance import balance_table
    from workbench.evaluation.design import ComparisonGroup
    f = half_join(3)
    ev = evaluate(ComparisonGroup("mentees", f, "", START, SNAPSHOT), "left", ["level", "engagement"])
    _, wts = weighting(f, "left", ["level", "engagement", "followup_years"])
    d = wts.data
    assert (d["ipcw"] != 1).any()
    both = balance_table(d.assign(weight=d["weight"] * d["ipcw"]), wts.used).table
    alone = balance_table(d, wts.used).table
    assert ev.balance.table["smd_after"].tolist() == both["smd_after"].tolist()
    assert ev.balance.table["smd_after"].tolist() != alone["smd_after"].tolist()
    assert np.abs(both["smd_after"]).max() < np.abs(alone["smd_after"]).max()
    w = d["weight"] * d["ipcw"]
    others = w[d["treated"] == 0]
    ess = f"{others.sum() ** 2 / (others ** 2).sum():,.0f} others"
    assert any(ess in n for n in ev.weighting.notes)
