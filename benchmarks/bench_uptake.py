"""Does the evaluation hold at any uptake? (issue 34.1)

Simulated companies (``tests/simulated_company.py``) at **15 %** and **50 %** uptake (half
the staff joining over twelve months), joining **driven by an observed column** (engagement and
grade, adjusted for) or **at random**, with **no effect** and a **known effect** (hazard ratio
0.6 from the day a person joins). For each scenario and each estimator the report shows it prints:

* ``clear``: the share of reports calling a clear difference (both adjusted odds ratios exclude 1
  on the same side; with no effect this is the false "clear" rate, goal at most 7 %);
* ``excl. 1``: the share of intervals excluding 1 (with no effect, goal at most 7 %);
* ``cover``: the share of intervals covering the truth (goal at least 93 %): the Cox model's truth
  is the simulated hazard ratio; with no effect every ratio's truth is 1; with an effect the
  weighting's truth is each company's true **marginal** odds ratio (everyone with against everyone
  without the program, from the simulated exit rates: :func:`marginal_odds_ratio`), the
  regression's its value on two companies 20 times larger (a conditional odds ratio has no single
  true value when the logistic model is not the true one);
* ``bias``: the mean log estimate minus the log truth;
* each with its Monte Carlo standard error (``±``), and the seconds a company takes.

``--design landmark`` runs the old design (later joiners left out of the others) to compare.

Run: ``python benchmarks/bench_uptake.py [--companies 100] [--n 1500] [--design sequential]
[--uptake "50 %"] [--joining random] [--hr 0.6] [--truth-reps 1]``.

What was wrong before (issue 34), and what changed:

* the weighting's truth with an effect was its own value on a large company (0.49 at 50 %
  uptake), which hid its bias: against the true marginal odds ratio (0.59) it leans −0.16 ± 0.03
  and covers 92 ± 4 % (60 companies);
* regression adjustment leaned to "benefit" at 50 % uptake with no effect (−0.10 in 100
  companies, −0.080 ± 0.025 in 60): its censoring weights came from one proportional-hazards model
  of joining, which does not fit joining driven by engagement (the engaged join early and nearly
  all of them join), so the others who stayed without joining were under-weighted. The model is
  now on calendar time with its own baseline in 10 groups of the chance of joining: −0.016 ±
  0.027 on the same 60 companies;
* the weighting keeps its lean of −0.08 ± 0.03 at 50 % uptake with no effect: with the propensity
  model fitted on every row (correct in principle) it leaned −0.14, with the stratified censoring
  weights +0.15 (20 companies each): near-positivity, the engaged others who never join are too
  few to stand for all (their true weights reach several hundred; capped at 20). Its false
  "clear" and excludes-1 rates stay within the goal.

Measured (joining by engagement and grade unless said; excl. 1 / coverage / bias of regression,
weighting, Cox; ``±`` the Monte Carlo standard error; 60 companies of 1,500 a scenario at 50 %
uptake with this version, 5-10 s a company on the shared 2-core machine, about 1 s of CPU; the
15 % rows are the 100-company measurement of the previous version, whose regression censoring
weights and weighting truth differed; 50 % uptake took 1,338 s for 240 companies and the truths):

======================  ===========  =====================  ====================  ===========================
scenario                clear        excl. 1 (%)            coverage (%)          bias (log)
======================  ===========  =====================  ====================  ===========================
50 %, HR 1              1.7 ± 1.7 %  5 / 3 / 5 (± 2-3)      95 / 97 / 95 (± 2-3)  -0.016 / -0.082 / +0.022
                                                                                  (± 0.027 / 0.031 / 0.022)
50 %, HR 0.6            73 ± 6 %     85 / 75 / 87 (± 4-6)  98 / 92 / 98 (± 2-4)  -0.053 / -0.157 / -0.038
                                                                                  (± 0.028 / 0.034 / 0.023)
15 %, HR 1 (prev.)      2 %          4 / 3 / 6              96 / 97 / 94          +0.04 / -0.01 / +0.03
15 %, HR 0.6 (prev.)    26 %         47 / 35 / 52           96 / 92 / 97          +0.01 / +0.07 / -0.03
15 %, random, HR 1      3 %          3 / 4 / 4              97 / 96 / 96          -0.02 / -0.02 / -0.02
15 %, random, HR 0.6    64 %         70 / 65 / 70           93 / 93 / 92          -0.01 / -0.00 / -0.01
50 %, random, HR 1      1.7 ± 1.7 %  3 / 3 / 3 (± 2)        97 / 97 / 97 (± 2)    -0.009 / -0.050 / -0.009
                                                                                  (± 0.018 / 0.017 / 0.016)
50 %, random, HR 0.6    88 ± 4 %     88 / 92 / 88 (± 4)     90 / 95 / 90 (± 3-4)  +0.026 / -0.002 / +0.034
                                                                                  (± 0.022 / 0.021 / 0.020)
======================  ===========  =====================  ====================  ===========================

Monte Carlo error: with 100 companies a coverage near 94 % has a standard error of 2.4 points,
with 60 of 3.1. The regression's and the Cox model's 90 ± 3.9 % at 50 % uptake at random with an
effect (the Cox model, unchanged, covered 91 ± 2.9 % of the previous run's 100 companies, whose
first 60 are these) are the one place where coverage may truly fall short of 93 %, for the Cox
model too, which is correctly specified here (bias +0.03 ± 0.02): its model-based variance on person-time split at joining is
the first suspect (a person-clustered robust variance is not tried yet). A fair judgement of 93 %
against 95 % needs about 500 companies a scenario (standard error 1 point), about ten minutes of
CPU a scenario: not run on the shared machine (6 helpers, 2 cores).
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

from workbench.evaluation import evaluate, landmark_design  # noqa: E402
from workbench.evaluation.design import ComparisonGroup  # noqa: E402
from simulated_company import SNAPSHOT, START, company  # noqa: E402

ADJUST = ("level", "department", "tenure_years", "engagement")
ESTIMATORS = ("regression", "weighting", "cox")
UPTAKES = {"15 %": dict(share=0.15, months=8), "50 %": dict(share=0.5, months=12)}
EFFECT = 0.6


def evaluation(rng, n, uptake, at_random, hazard_ratio, later_joiners=True):
    u = UPTAKES[uptake]
    wf, joined = company(rng, n=n, joiners=int(u["share"] * n), hazard_ratio=hazard_ratio,
                         months_joining=u["months"], at_random=at_random)
    frame = landmark_design(wf, joined, start=START, snapshot=SNAPSHOT, restrict=False,
                            later_joiners=later_joiners)
    return evaluate(ComparisonGroup("mentees", frame, "", START, SNAPSHOT), "left", ADJUST)


def truth(n, uptake, at_random, hazard_ratio, later_joiners, big=20, reps=2) -> dict:
    """The odds ratios the design estimates (mean log over ``reps`` companies ``big`` times
    larger) and the simulated hazard ratio."""
    logs = {"regression": [], "weighting": []}
    for r in range(reps):
        ev = evaluation(np.random.default_rng([999, r]), big * n, uptake, at_random, hazard_ratio,
                        later_joiners)
        for k in logs:
            logs[k].append(math.log(getattr(ev, k).estimate))
    return {"regression": math.exp(np.mean(logs["regression"])),
            "weighting": math.exp(np.mean(logs["weighting"])), "cox": hazard_ratio}


def marginal_odds_ratio(wf, frame, hazard_ratio) -> float:
    """The weighting's true estimand in one company: the marginal odds ratio of leaving by the
    snapshot over every row of the design (participants from joining, others from their drawn
    date: the population the stabilised weights stand for), everyone with and everyone without
    the program, from the simulated exit rates (``T`` the days from the index date to the
    snapshot): odds(mean 1 − exp(−rate · HR · T)) / odds(mean 1 − exp(−rate · T))."""
    from simulated_company import DEPARTMENTS
    p = wf.set_index("employee_id").loc[frame["employee_id"]]
    shift = p["department"].map(lambda d: DEPARTMENTS[d][1]).to_numpy(float)
    rate = 0.16 * np.exp(-0.6 * p["engagement"].to_numpy(float) + 0.1 * (p["level"].to_numpy(float) - 3)
                         + shift) / 365.25
    t = (SNAPSHOT - frame["index_date"]).dt.days.to_numpy(float)
    p1, p0 = np.mean(1 - np.exp(-rate * hazard_ratio * t)), np.mean(1 - np.exp(-rate * t))
    return (p1 / (1 - p1)) / (p0 / (1 - p0))


def mc_se(xs) -> float:
    """Monte Carlo standard error of a mean over companies."""
    xs = np.asarray(xs, float)
    return float(xs.std(ddof=1) / math.sqrt(len(xs))) if len(xs) > 1 else float("nan")


def scenario(companies, n, uptake, at_random, hazard_ratio, later_joiners=True, seed=0, truths=None,
             first=0):
    """Per estimator: excl. 1, cover, bias (each with its Monte Carlo standard error); and the
    share of clear calls. Truths: with no effect every ratio's is 1; with an effect the Cox
    model's is the simulated hazard ratio, the weighting's the true marginal odds ratio of each
    company (:func:`marginal_odds_ratio`), the regression's its value on two companies 20 times
    larger (a conditional odds ratio has no single true value when the logistic model is not the
    true one, here a complementary log-log: its large-sample value is what it estimates)."""
    if truths is None:
        truths = ({k: 1.0 for k in ESTIMATORS} if hazard_ratio == 1.0
                  else truth(n, uptake, at_random, hazard_ratio, later_joiners))
    out = {k: {"excl": [], "cover": [], "log": []} for k in ESTIMATORS}
    clear, cannot, seconds = [], [], []
    marginal = []
    for c in range(first, first + companies):
        t0 = time.perf_counter()
        rng = np.random.default_rng([seed, c, int(at_random), int(100 * hazard_ratio)])
        u = UPTAKES[uptake]
        wf, joined = company(rng, n=n, joiners=int(u["share"] * n), hazard_ratio=hazard_ratio,
                             months_joining=u["months"], at_random=at_random)
        frame = landmark_design(wf, joined, start=START, snapshot=SNAPSHOT, restrict=False,
                                later_joiners=later_joiners)
        ev = evaluate(ComparisonGroup("mentees", frame, "", START, SNAPSHOT), "left", ADJUST)
        seconds.append(time.perf_counter() - t0)
        true = dict(truths)
        if hazard_ratio != 1.0:
            true["weighting"] = marginal_odds_ratio(wf, frame, hazard_ratio)
            marginal.append(true["weighting"])
        clear.append(ev.conclusion.startswith("clear"))
        cannot.append(ev.conclusion == "cannot conclude")
        for k in ESTIMATORS:
            e = getattr(ev, k)
            if e is None or not e.ok:
                continue
            out[k]["excl"].append(e.side != 0)
            out[k]["cover"].append(e.ci[0] <= true[k] <= e.ci[1])
            out[k]["log"].append(math.log(e.estimate) - math.log(true[k]))
    summary = {k: {"excl": float(np.mean(v["excl"])) if v["excl"] else float("nan"),
                   "cover": float(np.mean(v["cover"])) if v["cover"] else float("nan"),
                   "bias": float(np.mean(v["log"])) if v["log"] else float("nan"),
                   "excl_se": mc_se(v["excl"]), "cover_se": mc_se(v["cover"]), "bias_se": mc_se(v["log"]),
                   "n": len(v["log"])} for k, v in out.items()}
    if marginal:
        truths = dict(truths, weighting=float(np.exp(np.mean(np.log(marginal)))))
    return {"clear": float(np.mean(clear)), "clear_se": mc_se(clear), "cannot": float(np.mean(cannot)),
            "estimators": summary, "truth": truths, "seconds": float(np.mean(seconds))}


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--companies", type=int, default=100)
    ap.add_argument("--n", type=int, default=1500)
    ap.add_argument("--design", choices=("sequential", "landmark"), default="sequential")
    ap.add_argument("--uptake", choices=tuple(UPTAKES), nargs="*", default=list(UPTAKES))
    ap.add_argument("--joining", choices=("engagement", "random"), nargs="*", default=["engagement", "random"])
    ap.add_argument("--hr", type=float, choices=(1.0, EFFECT), nargs="*", default=[1.0, EFFECT])
    ap.add_argument("--truth-reps", type=int, default=2, help="large companies for regression's truth")
    ap.add_argument("--first", type=int, default=0, help="the first company's number (to extend a run)")
    args = ap.parse_args(argv)
    later = args.design == "sequential"
    t0 = time.perf_counter()
    print(f"{args.companies} companies of {args.n} per scenario; design: "
          + ("later joiners are others until they join (default)" if later else
             "later joiners left out of the others (old)"))
    results = {}
    for uptake in args.uptake:
        for at_random in [j == "random" for j in args.joining]:
            for hr in args.hr:
                truths = (None if hr == 1.0 else
                          truth(args.n, uptake, at_random, hr, later, reps=args.truth_reps))
                res = scenario(args.companies, args.n, uptake, at_random, hr, later, truths=truths,
                               first=args.first)
                results[(uptake, at_random, hr)] = res
                how = "at random" if at_random else "by engagement and grade"
                print(f"\nuptake {uptake}, joining {how}, true hazard ratio {hr}:"
                      f"  clear called {res['clear']:.1%} (MC s.e. {res['clear_se']:.1%})"
                      + ("   (goal <= 7 %)" if hr == 1 else " (power)")
                      + f", cannot conclude {res['cannot']:.1%}, {res['seconds']:.2f} s a company")
                for k, s in res["estimators"].items():
                    print(f"  {k:10s} truth {res['truth'][k]:.3f}  excl. 1 {s['excl']:6.1%} ± {s['excl_se']:.1%}"
                          + ("  (goal <= 7 %)" if hr == 1 else "               ")
                          + f"  cover {s['cover']:6.1%} ± {s['cover_se']:.1%} (goal >= 93 %)  "
                          f"bias {s['bias']:+.3f} ± {s['bias_se']:.3f} (log)  n {s['n']}")
    print(f"\n({time.perf_counter() - t0:.0f} s)")
    return results


if __name__ == "__main__":
    main()
