"""Where does the weighting's lean at 50 % uptake come from? (issue 34, third round)

Simulated companies (``tests/simulated_company.py``) at 50 % uptake, joining driven by engagement
and grade, **no effect** (every odds ratio's truth is 1). On the same companies, regression
adjustment and the weighting are computed as the report computes them and with one piece changed:

* ``stabilised``: the weighting's former weights (P(T)/e and (1 − P(T))/(1 − e), capped at their
  99th percentile, standing for everyone) instead of the overlap weights;
* ``stabilised, no cap``: the same without the cap;
* ``no censoring cap``: the censoring weights not capped (``MAX_CENSORING_WEIGHT``);
* ``true censoring``: the censoring weights from the simulation's own selection rule (each other's
  true chance of not having joined between their index date and their outcome or the snapshot:
  chosen with the chance their key beats the last chosen key, on a date uniform over the joining
  months), not from the stratified Cox model of joining.

Printed per variant and estimator: the mean log odds ratio (the lean) with its Monte Carlo
standard error, the spread of the log odds ratios against their mean standard error, the share of
intervals excluding 1, and the paired difference from the report's own computation (the same
companies, so its ``±`` is small).

Measured with the stabilised weights (200 companies, 0-199, before the weighting moved to overlap
weights): the caps are not the cause (+0.003 / +0.004 ± 0.002 without the censoring cap, −0.012 ±
0.004 for the weighting without its weight cap, regression / weighting); the true censoring weights
remove most of the lean (paired +0.036 / +0.038 ± 0.007: regression +0.006 ± 0.018, weighting
−0.013 ± 0.017) but are heavy, and the intervals then come out too narrow (spread 0.248 against a
mean standard error of 0.207; 9.5 % of regression's intervals exclude 1). The overlap weights
against the stabilised ones on companies 0-99 and 200-299: +0.024 ± 0.003, the weighting's lean
then regression's (+0.002 ± 0.0015 from it).

Run: ``python benchmarks/bench_lean.py [--companies 100] [--first 0] [--n 1500]`` (about 3 s a
company).
"""
from __future__ import annotations

import argparse
import math
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))   # the simulated companies

from workbench.evaluation import estimators as E, landmark_design  # noqa: E402
from simulated_company import SNAPSHOT, START, company  # noqa: E402

ADJUST = ["level", "department", "tenure_years", "engagement", "followup_years"]
MONTHS = 12
VARIANTS = ("report", "stabilised", "stabilised, no cap", "no censoring cap", "true censoring")


def true_until_joining(chance, window_days):
    """:func:`.estimators.until_joining` with each kept other's weight from the true chance of not
    having joined by their outcome or the snapshot, given not joined on their index date."""
    own = E.until_joining

    def until(frame, outcome, adjust, treated="treated", strata=None):
        out = own(frame, outcome, adjust, treated, strata)
        ctrl = out[treated] == 0
        c = out[ctrl]
        d = np.minimum((c["index_date"] - START).dt.days.to_numpy(float), window_days)
        end = np.minimum(d + c["days_observed"].to_numpy(float), window_days)
        s = chance.loc[c["employee_id"]].to_numpy(float)
        still = 1 - s * (end - d) / window_days / (1 - s * d / window_days)
        w = 1 / np.clip(still, 1e-3, 1)
        out.loc[ctrl, "ipcw"] = w / w.mean()
        return out
    return until


def one(c, n):
    rng = np.random.default_rng([0, c, 0, 100])     # bench_uptake's companies
    wf, joined, chance = company(rng, n=n, joiners=n // 2, months_joining=MONTHS, chances=True)
    frame = landmark_design(wf, joined, start=START, snapshot=SNAPSHOT, restrict=False)
    out = {}
    cap, until = E.MAX_CENSORING_WEIGHT, E.until_joining
    for v in VARIANTS:
        try:
            if v == "no censoring cap":
                E.MAX_CENSORING_WEIGHT = 1e9
            if v == "true censoring":
                E.until_joining = true_until_joining(chance, MONTHS * 30)
            trim = 1.0 if v == "stabilised, no cap" else E.TRIM_QUANTILE
            scheme = "stabilised" if v.startswith("stabilised") else E.WEIGHT_SCHEME
            r = E.regression(frame, "left", ADJUST)
            w, _ = E.weighting(frame, "left", ADJUST, trim=trim, scheme=scheme)
        finally:
            E.MAX_CENSORING_WEIGHT, E.until_joining = cap, until
        out[v] = {k: (math.log(e.estimate), math.log(e.ci[1] / e.estimate) / 1.959964)
                  for k, e in (("regression", r), ("weighting", w)) if e.ok}
    return out


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--companies", type=int, default=100)
    ap.add_argument("--first", type=int, default=0)
    ap.add_argument("--n", type=int, default=1500)
    args = ap.parse_args(argv)
    t0 = time.perf_counter()
    runs = [one(c, args.n) for c in range(args.first, args.first + args.companies)]
    print(f"{len(runs)} companies of {args.n}, 50 % uptake by engagement and grade, no effect (truth 1)")
    for v in VARIANTS:
        for k in ("regression", "weighting"):
            pairs = [(r[v][k], r["report"][k]) for r in runs if k in r[v] and k in r["report"]]
            b = np.array([p[0][0] for p in pairs])
            s = np.array([p[0][1] for p in pairs])
            d = b - np.array([p[1][0] for p in pairs])
            excl = np.mean(np.abs(b / s) > 1.959964)
            print(f"  {v:17s} {k:10s} lean {b.mean():+.3f} ± {b.std(ddof=1) / math.sqrt(len(b)):.3f}"
                  f"  spread {b.std(ddof=1):.3f} vs mean s.e. {s.mean():.3f}  excl. 1 {excl:5.1%}"
                  + (f"  paired {d.mean():+.4f} ± {d.std(ddof=1) / math.sqrt(len(d)):.4f}" if v != "report" else ""))
    print(f"\n({time.perf_counter() - t0:.0f} s)")
    return runs


if __name__ == "__main__":
    main()
