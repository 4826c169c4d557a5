"""Does the evaluation call a clear difference where there is none? Does it cover a true effect?

Simulated companies (``tests/simulated_company.py``): participation depends on a client
column (engagement) and the grade, joining is staggered over eight months, a tiny department
often has no leaver. Prints, over ``--companies`` companies (default 200):

* with **no effect**: the share of reports that call a clear difference on leaving (both adjusted
  estimators' 95 % intervals exclude 1 on the same side), adjusting for the client column
  (target at most 7 %), for the canonical columns only (the trap), and the share the old design
  (everyone from the program start, ``treated`` = a participant by the snapshot) would call
  clear at the 5 % level (immortal time); the Cox model's false-positive rate; and how often
  nothing could be concluded;
* with a **true effect** (hazard ratio 0.6): the share of Cox intervals covering 0.6 (target at
  least 90 %), and of regression / weighting intervals covering the odds ratio the design
  estimates (its value on one company 30 times larger).

* weight advice with the criteria scores shuffled across pairs of each bundled program: the share
  of reports that still move a weight (Holm over criteria × success measures).

Run: ``python benchmarks/bench_evaluation.py [--companies 200] [--n 1500]``.
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))   # the simulated companies

from workbench.evaluation import evaluate, landmark_design  # noqa: E402
from workbench.evaluation.design import ComparisonGroup  # noqa: E402
from workbench.evaluation.estimators import regression  # noqa: E402
from simulated_company import SNAPSHOT, START, company  # noqa: E402

FULL = ("level", "department", "tenure_years", "engagement")
CANONICAL = ("level", "department", "tenure_years", "performance")


def group(wf, joined) -> ComparisonGroup:
    frame = landmark_design(wf, joined, start=START, snapshot=SNAPSHOT, restrict=False)
    return ComparisonGroup("mentees", frame, "", START, SNAPSHOT)


def naive_clear(wf, joined) -> bool:
    """The old design: everyone from the start, treated = a participant by the snapshot."""
    f = wf.copy()
    f["treated"] = f["employee_id"].isin(joined.index).astype(int)
    f["left"] = f["exit_date"].notna().astype(int)
    f["tenure_years"] = ((START - f["hire_date"]).dt.days / 365.25).clip(0, 10)
    est = regression(f, "left", ["level", "department", "tenure_years", "engagement"])
    return est.ok and est.side != 0


def run(companies: int, n: int, joiners: int, seed: int = 0, hazard_ratio: float = 1.0):
    out = {"full": [], "canonical": [], "naive": [], "cox": [], "cannot": [], "cover_cox": [],
           "cover_reg": [], "cover_wt": [], "reg": [], "wt": []}
    for c in range(companies):
        rng = np.random.default_rng([seed, c])
        wf, joined = company(rng, n=n, joiners=joiners, hazard_ratio=hazard_ratio)
        g = group(wf, joined)
        full = evaluate(g, "left", FULL)
        out["full"].append(full.conclusion.startswith("clear"))
        out["cannot"].append(full.conclusion == "cannot conclude")
        out["cox"].append(full.cox.ok and full.cox.side != 0)
        if full.cox.ok:
            out["cover_cox"].append(full.cox.ci[0] <= hazard_ratio <= full.cox.ci[1])
        out["reg"].append(full.regression.ci if full.regression.ok else None)
        out["wt"].append(full.weighting.ci if full.weighting.ok else None)
        if hazard_ratio == 1.0:
            out["canonical"].append(evaluate(g, "left", CANONICAL).conclusion.startswith("clear"))
            out["naive"].append(naive_clear(wf, joined))
    return out


def share(xs) -> str:
    return f"{np.mean(xs):.1%} of {len(xs)}" if len(xs) else "n/a"


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--companies", type=int, default=200)
    ap.add_argument("--n", type=int, default=1500)
    ap.add_argument("--joiners", type=int, default=150)
    args = ap.parse_args(argv)
    t0 = time.perf_counter()
    null = run(args.companies, args.n, args.joiners)
    print(f"No effect, {args.companies} companies of {args.n} ({args.joiners} join over 8 months, "
          "joining driven by engagement and grade):")
    print(f"  clear difference, client column adjusted:     {share(null['full'])}   (target <= 7 %)")
    print(f"  clear difference, canonical columns only:     {share(null['canonical'])}")
    print(f"  clear at 5 %, old design (immortal time):     {share(null['naive'])}")
    print(f"  Cox time-varying interval excludes 1:         {share(null['cox'])}")
    print(f"  cannot conclude:                              {share(null['cannot'])}")
    hr = 0.6
    eff = run(args.companies, args.n, args.joiners, seed=1, hazard_ratio=hr)
    big = evaluate(group(*company(np.random.default_rng(99), n=30 * args.n, joiners=30 * args.joiners,
                                  hazard_ratio=hr)), "left", FULL)
    reg_true, wt_true = big.regression.estimate, big.weighting.estimate
    cover_reg = [lo <= reg_true <= hi for lo, hi in filter(None, eff["reg"])]
    cover_wt = [lo <= wt_true <= hi for lo, hi in filter(None, eff["wt"])]
    print(f"True hazard ratio {hr} from joining on:")
    print(f"  Cox interval covers {hr}:                     {share(eff['cover_cox'])}   (target >= 90 %)")
    print(f"  regression interval covers OR {reg_true:.3f}:        {share(cover_reg)}")
    print(f"  weighting interval covers OR {wt_true:.3f}:         {share(cover_wt)}")
    print(f"  clear difference called (power):              {share(eff['full'])}")
    from simulated_company import permuted_weight_changes
    from workbench.io import load_program
    root = Path(__file__).resolve().parent.parent / "data" / "programs"
    print("Weight advice with the criteria scores shuffled across pairs (no criterion matters), "
          "Holm over criteria x success measures:")
    for slug in ("onboarding-pilot", "reverse-digital", "leadership-accelerator"):
        share_changed = permuted_weight_changes(load_program(root / slug), permutations=100)
        print(f"  {slug:24s} reports moving a weight: {share_changed:.0%} of 100   (target about 5 % or less)")
    print(f"({time.perf_counter() - t0:.0f} s)")
    return null, eff


if __name__ == "__main__":
    main()
