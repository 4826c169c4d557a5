"""The weighting's variance carries the estimation of its weights (issue 34, second round):
stacked estimating equations (:func:`stacked_log_or_se`) checked against an independent
finite-difference reference, against statsmodels' weights-known sandwich, against a hand-made
HC3 correction and against a person-level bootstrap of the whole weighting."""
import math

import numpy as np
import pandas as pd
import pytest
import statsmodels.api as sm

import workbench.evaluation.estimators as E
from workbench.evaluation.estimators import stacked_log_or_se, weighted_standardised_log_or, weighting
from workbench.evaluation.stats import design_matrix, fit_logit


def small_case(seed=2, n=600, strength=3.0):
    """Joining driven by x, leaving by x² with an effect that varies with x² (the outcome model,
    linear in x, is wrong: the weights do work, so their estimation shows in the variance)."""
    rng = np.random.default_rng(seed)
    x = rng.normal(size=n)
    t = (rng.random(n) < 1 / (1 + np.exp(-strength * x))).astype(int)
    lin = -1.0 + 2 * x ** 2 - 0.4 * t - 1.5 * t * x ** 2
    y = (rng.random(n) < 1 / (1 + np.exp(-lin))).astype(int)
    return pd.DataFrame({"employee_id": [f"P{i}" for i in range(n)], "treated": t, "left": y, "x": x})


def fitted(frame, trim=1.0, scheme="overlap"):
    est, wts = weighting(frame, "left", ["x"], trim=trim, scheme=scheme)
    d = wts.data
    X = design_matrix(d, "treated", wts.used)
    w = d["weight"] * d["ipcw"]
    res, _ = fit_logit(d["left"].astype(float), X, "treated", weights=w,
                       groups=d["employee_id"].astype("category").cat.codes)
    return est, wts, d, X, res


def scheme_weights(t, e, share, cap_rows, cap, scheme):
    """(weights, the weight of each row in the means) of a weighting scheme, by hand."""
    if scheme == "overlap":
        return np.where(t == 1, 1 - e, e), e * (1 - e)
    return np.where(cap_rows, cap, np.where(t == 1, share / e, (1 - share) / (1 - e))), np.ones(len(e))


def theta_at(d, X, gamma, share, cap_rows, cap, scheme):
    """The weighting's log odds ratio with the model of who joins at ``gamma`` and the share at
    ``share`` (the outcome model refitted by statsmodels): the pipeline with its data held fixed."""
    e = 1 / (1 + np.exp(-sm.add_constant(d[["x"]].astype(float)).to_numpy() @ gamma))
    t = d["treated"].to_numpy()
    w, s = scheme_weights(t, e, share, cap_rows, cap, scheme)
    ref = sm.GLM(d["left"].astype(float), X, family=sm.families.Binomial(), var_weights=w).fit()
    m1 = np.average(ref.predict(X.assign(treated=1.0)), weights=s)
    m0 = np.average(ref.predict(X.assign(treated=0.0)), weights=s)
    return math.log(m1 / (1 - m1)) - math.log(m0 / (1 - m0))


def reference_se(wts, d, X, res, carry=True):
    """Independent reference: each person's influence on the log odds ratio with the weights known
    (the weighted score and the two means, by hand), plus ∂θ/∂γ · (the influence on γ of the
    model of who joins) and ∂θ/∂π · (the influence on the share), the derivatives by refitting the
    outcome model at shifted γ and π (central differences); summed over persons, squared, with
    the cluster correction G/(G−1)·(N−1)/(N−K)."""
    f = wts.fitted
    Xp, Xo = sm.add_constant(f[["x"]].astype(float)).to_numpy(), X.to_numpy()
    tf, to, y = f["treated"].to_numpy(float), d["treated"].to_numpy(float), d["left"].to_numpy(float)
    b = np.asarray(res.params)
    mu = 1 / (1 + np.exp(-Xo @ b))
    x1, x0 = X.assign(treated=1.0).to_numpy(), X.assign(treated=0.0).to_numpy()
    p1, p0 = 1 / (1 + np.exp(-x1 @ b)), 1 / (1 + np.exp(-x0 @ b))
    e = d["propensity"].to_numpy()
    s = e * (1 - e) if wts.scheme == "overlap" else np.ones(len(d))
    m1, m0 = np.average(p1, weights=s), np.average(p0, weights=s)
    w = d["weight"].to_numpy()
    H = (Xo * (w * mu * (1 - mu))[:, None]).T @ Xo
    grad = ((s * p1 * (1 - p1)) @ x1 / (m1 * (1 - m1)) - (s * p0 * (1 - p0)) @ x0 / (m0 * (1 - m0))) / s.sum()
    known = (Xo * (w * (y - mu))[:, None]) @ np.linalg.solve(H, grad) \
        + s * ((p1 - m1) / (m1 * (1 - m1)) - (p0 - m0) / (m0 * (1 - m0))) / s.sum()
    infl = pd.Series(0.0, index=f["employee_id"])
    infl.loc[d["employee_id"].to_numpy()] += known
    if carry:
        gamma, share = np.asarray(wts.gamma), wts.share
        e_all = 1 / (1 + np.exp(-Xp @ gamma))
        info = (Xp * (e_all * (1 - e_all))[:, None]).T @ Xp
        if_gamma = np.linalg.solve(info, (Xp * (tf - e_all)[:, None]).T).T        # rows × kγ
        cap_rows = np.where(to == 1, share / e, (1 - share) / (1 - e)) > wts.cap
        j_gamma = np.zeros(len(gamma))
        for k in range(len(gamma)):
            h = np.zeros(len(gamma))
            h[k] = 1e-5
            j_gamma[k] = (theta_at(d, X, gamma + h, share, cap_rows, wts.cap, wts.scheme)
                          - theta_at(d, X, gamma - h, share, cap_rows, wts.cap, wts.scheme)) / 2e-5
        j_share = (theta_at(d, X, gamma, share + 1e-5, cap_rows, wts.cap, wts.scheme)
                   - theta_at(d, X, gamma, share - 1e-5, cap_rows, wts.cap, wts.scheme)) / 2e-5
        infl += if_gamma @ j_gamma
        infl.loc[d["employee_id"].to_numpy()] += j_share * (to - share) / len(d)
    else:        # the people outside the overlap add nothing: not counted as clusters
        infl = infl.loc[d["employee_id"].to_numpy()]
    G, N, K = len(infl), len(d), Xo.shape[1]
    return math.sqrt(float(infl @ infl) * G / (G - 1) * (N - 1) / (N - K))


@pytest.mark.parametrize("scheme", ["overlap", "stabilised"])
def test_stacked_variance_matches_a_finite_difference_reference_and_needs_the_weights_term(scheme):
    est, wts, d, X, res = fitted(small_case(), scheme=scheme)
    assert wts.n_outside_overlap > 0             # rows only the model of who joins uses
    theta, se = stacked_log_or_se(wts, res, X, d["left"], leverage=False)
    ref = reference_se(wts, d, X, res)
    assert se == pytest.approx(ref, rel=2e-4)
    # dropping the estimation of the weights (γ and π held fixed) misses the reference
    _, known = stacked_log_or_se(wts, res, X, d["left"], carry=False, leverage=False)
    assert abs(known / ref - 1) > 0.005          # 25 times the agreement above
    assert reference_se(wts, d, X, res, carry=False) == pytest.approx(known, rel=1e-6)
    # ... and that is statsmodels' weights-known sandwich (the β part) with the means added
    e = d["propensity"].to_numpy()
    q = e * (1 - e) if scheme == "overlap" else np.ones(len(d))
    groups = d["employee_id"].astype("category").cat.codes
    assert weighted_standardised_log_or(res, X, d["left"], d["weight"], q, groups)[1] == pytest.approx(known,
                                                                                                      rel=1e-6)
    assert theta == pytest.approx(math.log(est.estimate), rel=1e-9)


@pytest.mark.parametrize("scheme", ["overlap", "stabilised"])
def test_the_interval_printed_is_the_stacked_one_with_the_hc3_correction_and_wider_than_weights_known(scheme):
    est, wts, d, X, res = fitted(small_case(seed=4, strength=2.0), trim=0.99, scheme=scheme)
    assert (wts.n_capped > 0) == (scheme == "stabilised")     # capped weights are held at the cap
    e = d["propensity"].to_numpy()
    s = e * (1 - e) if scheme == "overlap" else np.ones(len(d))     # the rows' weight in the means
    _, se = stacked_log_or_se(wts, res, X, d["left"])
    assert est.ci[1] == pytest.approx(math.exp(math.log(est.estimate) + E.Z * se), rel=1e-9)
    # HC3 by hand: each row's residual over (1 − its leverage) in the weights-known sandwich
    y = d["left"].to_numpy(float)
    b = np.asarray(res.params)
    Xo = X.to_numpy()
    mu = 1 / (1 + np.exp(-Xo @ b))
    w = d["weight"].to_numpy()
    lev = w * mu * (1 - mu) * np.einsum("ij,ji->i", Xo, np.linalg.solve((Xo * (w * mu * (1 - mu))[:, None]).T @ Xo,
                                                                         Xo.T))
    star = mu + (y - mu) / (1 - lev)
    groups = d["employee_id"].astype("category").cat.codes
    _, hand = weighted_standardised_log_or(res, X, star, w, s, groups)
    assert stacked_log_or_se(wts, res, X, d["left"], carry=False)[1] == pytest.approx(hand, rel=1e-6)
    _, known = weighted_standardised_log_or(res, X, y, w, s, groups)
    assert se > known


def test_the_participants_difference_is_standardised_over_them_with_the_stacked_variance():
    """The weighting's money return (:mod:`.roi`): its outcome model's predicted chances of the
    participants without and with the program, averaged; the interval's standard error is the
    stacked one, checked against the delta method on a finite-difference Jacobian."""
    est, wts, d, X, res = fitted(small_case(seed=5, strength=1.5))
    t1 = d["treated"] == 1
    point, lo, hi = est.participants_difference
    p1 = res.predict(X[t1].assign(treated=1.0))
    p0 = res.predict(X[t1].assign(treated=0.0))
    assert point == pytest.approx(float(np.mean(p0 - p1)), rel=1e-9)
    _, _, diff, diff_se = stacked_log_or_se(wts, res, X, d["left"], participants=True)
    assert (lo, hi) == pytest.approx((diff - E.Z * diff_se, diff + E.Z * diff_se), rel=1e-9)
    # weights known, no HC3: the delta method on the weighted score's sandwich, by hand
    b = np.asarray(res.params)
    Xo, y, w = X.to_numpy(), d["left"].to_numpy(float), d["weight"].to_numpy()
    mu = 1 / (1 + np.exp(-Xo @ b))
    H = (Xo * (w * mu * (1 - mu))[:, None]).T @ Xo
    x1, x0 = X[t1].assign(treated=1.0).to_numpy(), X[t1].assign(treated=0.0).to_numpy()
    q1, q0 = 1 / (1 + np.exp(-x1 @ b)), 1 / (1 + np.exp(-x0 @ b))
    g = ((q0 * (1 - q0)) @ x0 - (q1 * (1 - q1)) @ x1) / t1.sum()
    infl = (Xo * (w * (y - mu))[:, None]) @ np.linalg.solve(H, g)
    infl[t1.to_numpy()] += ((q0 - q1) - (q0 - q1).mean()) / t1.sum()
    n, k = len(d), Xo.shape[1]
    hand = math.sqrt(float(infl @ infl) * n / (n - 1) * (n - 1) / (n - k))
    assert stacked_log_or_se(wts, res, X, d["left"], carry=False, leverage=False,
                             participants=True)[3] == pytest.approx(hand, rel=1e-6)


@pytest.mark.slow   # 300 refits of the weighting (about 15 s): in make test-all
def test_a_person_level_bootstrap_of_the_whole_weighting_agrees_to_ten_percent():
    """Reference: resample persons with replacement and rerun everything (the model of who joins,
    the overlap, the cap, the weighted outcome model): the standard deviation of the 300 log odds
    ratios is within 10 % of the stacked standard error (its own Monte Carlo error is about 4 %)."""
    frame = small_case(seed=6, n=500, strength=1.5)
    est, wts, d, X, res = fitted(frame, trim=0.99)
    _, se = stacked_log_or_se(wts, res, X, d["left"])
    rng = np.random.default_rng(0)
    logs = []
    for _ in range(300):
        boot = frame.iloc[rng.integers(0, len(frame), len(frame))].reset_index(drop=True)
        boot["employee_id"] = [f"B{i}" for i in range(len(boot))]
        e, _ = weighting(boot, "left", ["x"], trim=0.99)
        if e.ok:
            logs.append(math.log(e.estimate))
    assert len(logs) >= 290
    assert np.std(logs, ddof=1) == pytest.approx(se, rel=0.10)


@pytest.mark.slow   # 30 simulated companies (15-30 s): in make test-all
def test_quick_simulation_half_the_staff_joining_by_engagement_with_no_effect():
    """The case issue 34 left open (``benchmarks/bench_uptake.py``: the weights-known interval
    excluded 1 in 9.5 % of 200 companies): 30 companies of 1,000 where half the staff join over a
    year, joining driven by engagement, no effect. The weighting's interval rarely excludes 1, its
    standard error is about the spread of its estimates, and it is wider than the weights-known one."""
    from simulated_company import SNAPSHOT, START, company
    from workbench.evaluation import landmark_design
    adjust = ["level", "department", "tenure_years", "engagement", "followup_years"]
    logs, ses, known = [], [], []
    for c in range(30):
        wf, joined = company(np.random.default_rng([34, c]), n=1000, joiners=500, months_joining=12)
        f = landmark_design(wf, joined, start=START, snapshot=SNAPSHOT, restrict=False)
        est, wts = weighting(f, "left", adjust)
        d = wts.data
        X = design_matrix(d, "treated", wts.used)
        groups = d["employee_id"].astype("category").cat.codes
        res, _ = fit_logit(d["left"].astype(float), X, "treated", weights=d["weight"] * d["ipcw"], groups=groups)
        logs.append(math.log(est.estimate))
        ses.append((math.log(est.ci[1]) - math.log(est.estimate)) / E.Z)
        known.append(weighted_standardised_log_or(res, X, d["left"], d["weight"] * d["ipcw"], d["ipcw"], groups)[1])
    logs, ses = np.array(logs), np.array(ses)
    assert np.mean(np.abs(logs) > E.Z * ses) <= 3 / 30
    assert np.mean(ses) / np.std(logs, ddof=1) > 0.8
    assert np.mean(ses) > np.mean(known)
