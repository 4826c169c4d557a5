"""Does the evaluation hold at any uptake? (issue 34.1)

Simulated companies (``tests/simulated_company.py``) at **15 %** and **50 %** uptake (half
the staff joining over twelve months), joining **driven by an observed column** (engagement and
grade, adjusted for) or **at random**, with **no effect** and a **known effect** (hazard ratio
0.6 from the day a person joins). For each scenario and each estimator the report shows it prints:

* ``clear``: the share of reports calling a clear difference (both adjusted odds ratios exclude 1
  on the same side; with no effect this is the false "clear" rate, goal at most 7 %);
* ``excl. 1``: the share of intervals excluding 1 (with no effect, goal at most 7 %);
* ``cover``: the share of intervals covering the truth (goal at least 93 %): the Cox model's truth
  is the simulated hazard ratio; with no effect every ratio's truth is 1; with an effect the odds
  ratios' truth is what the design estimates (joining on a date against not having joined by
  then), their mean on two companies 20 times larger;
* ``bias``: the mean log estimate minus the log truth.

``--design landmark`` runs the old design (later joiners left out of the others) to compare.

Run: ``python benchmarks/bench_uptake.py [--companies 100] [--n 1500] [--design sequential]``.

Measured (100 companies of 1,500 per scenario, default design; excl. 1 / coverage / bias of
regression, weighting, Cox):

==========================  ======  ==================  ==================  ======================
scenario                    clear   excl. 1             coverage            bias (log)
==========================  ======  ==================  ==================  ======================
15 %, engagement, HR 1      2 %     4 / 3 / 6 %         96 / 97 / 94 %      +0.04 / -0.01 / +0.03
15 %, engagement, HR 0.6    26 %    47 / 35 / 52 %      96 / 92 / 97 %      +0.01 / +0.07 / -0.03
15 %, at random, HR 1       3 %     3 / 4 / 4 %         97 / 96 / 96 %      -0.02 / -0.02 / -0.02
15 %, at random, HR 0.6     64 %    70 / 65 / 70 %      93 / 93 / 92 %      -0.01 / -0.00 / -0.01
50 %, engagement, HR 1      3 %     7 / 5 / 5 %         93 / 95 / 95 %      -0.10 / -0.12 / +0.01
50 %, engagement, HR 0.6    76 %    90 / 76 / 86 %      99 / 94 / 99 %      -0.03 / +0.04 / -0.03
50 %, at random, HR 1       4 %     5 / 5 / 6 %         95 / 95 / 94 %      -0.01 / -0.05 / -0.01
50 %, at random, HR 0.6     92 %    92 / 94 / 92 %      92 / 94 / 91 %      +0.00 / +0.00 / +0.01
==========================  ======  ==================  ==================  ======================

With 100 companies a rate's standard error is about 2 points near 95 % and 2.5 near 5 %: the
coverages of 91-92 % with an effect and joining at random are within two of 95 % (not yet shown to
reach 93 %; more companies would tell). The odds ratios lean to "benefit" by about 0.1 on the log scale at 50 % uptake driven by
engagement with no effect (the censoring weights, from a proportional-hazards model of joining,
do not fully undo selection that strong), without raising the false "clear" rate above 3 %.
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


def scenario(companies, n, uptake, at_random, hazard_ratio, later_joiners=True, seed=0, truths=None):
    """Per estimator: excl. 1, cover, bias; and the share of clear calls."""
    if truths is None:   # no effect: every ratio's truth is 1 (joining changes nothing)
        truths = ({k: 1.0 for k in ESTIMATORS} if hazard_ratio == 1.0
                  else truth(n, uptake, at_random, hazard_ratio, later_joiners))
    out = {k: {"excl": [], "cover": [], "log": []} for k in ESTIMATORS}
    clear, cannot = [], []
    for c in range(companies):
        ev = evaluation(np.random.default_rng([seed, c, int(at_random), int(100 * hazard_ratio)]),
                        n, uptake, at_random, hazard_ratio, later_joiners)
        clear.append(ev.conclusion.startswith("clear"))
        cannot.append(ev.conclusion == "cannot conclude")
        for k in ESTIMATORS:
            e = getattr(ev, k)
            if e is None or not e.ok:
                continue
            out[k]["excl"].append(e.side != 0)
            out[k]["cover"].append(e.ci[0] <= truths[k] <= e.ci[1])
            out[k]["log"].append(math.log(e.estimate) - math.log(truths[k]))
    summary = {k: {"excl": float(np.mean(v["excl"])) if v["excl"] else float("nan"),
                   "cover": float(np.mean(v["cover"])) if v["cover"] else float("nan"),
                   "bias": float(np.mean(v["log"])) if v["log"] else float("nan"),
                   "n": len(v["log"])} for k, v in out.items()}
    return {"clear": float(np.mean(clear)), "cannot": float(np.mean(cannot)), "estimators": summary,
            "truth": truths}


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--companies", type=int, default=100)
    ap.add_argument("--n", type=int, default=1500)
    ap.add_argument("--design", choices=("sequential", "landmark"), default="sequential")
    ap.add_argument("--uptake", choices=tuple(UPTAKES), nargs="*", default=list(UPTAKES))
    args = ap.parse_args(argv)
    later = args.design == "sequential"
    t0 = time.perf_counter()
    print(f"{args.companies} companies of {args.n} per scenario; design: "
          + ("later joiners are others until they join (default)" if later else
             "later joiners left out of the others (old)"))
    results = {}
    for uptake in args.uptake:
        for at_random in (False, True):
            for hr in (1.0, EFFECT):
                res = scenario(args.companies, args.n, uptake, at_random, hr, later)
                results[(uptake, at_random, hr)] = res
                how = "at random" if at_random else "by engagement and grade"
                print(f"\nuptake {uptake}, joining {how}, true hazard ratio {hr}:"
                      f"  clear called {res['clear']:.1%}" + ("   (goal <= 7 %)" if hr == 1 else " (power)")
                      + f", cannot conclude {res['cannot']:.1%}")
                for k, s in res["estimators"].items():
                    print(f"  {k:10s} truth {res['truth'][k]:.3f}  excl. 1 {s['excl']:6.1%}"
                          + ("  (goal <= 7 %)" if hr == 1 else "               ")
                          + f"  cover {s['cover']:6.1%} (goal >= 93 %)  bias {s['bias']:+.3f} (log)  n {s['n']}")
    print(f"\n({time.perf_counter() - t0:.0f} s)")
    return results


if __name__ == "__main__":
    main()
