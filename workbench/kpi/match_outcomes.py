"""Does match quality predict success? Rank correlations with 95 % intervals and a weight advice.

For each predictor (the relationships' recorded ``match_score`` and any per-criterion
contribution columns passed in) and each success measure (meetings per month, mean survey
satisfaction of the pair), Spearman's rank correlation with a 95 % interval:

* ``method="fisher"`` (default): Fisher z with the Fieller–Hartley–Pearson variance for
  Spearman's rho, ``var(z) = 1.06 / (n - 3)``;
* ``method="bootstrap"``: percentile bootstrap over pairs, :data:`N_BOOT` resamples, fixed seed.

Advice per predictor, under multiplicity control: every correlation (predictor × success
measure) is tested and the p-values Holm-adjusted together (``p_holm``); only correlations that
survive (family-wise 5 %) count:
``"increase"`` (a surviving correlation above 0 and none below), ``"decrease"`` (an interval below 0 and none
above), ``"no evidence"`` (every interval spans 0: keep the weight, collect another round),
``"mixed"`` (one above, one below), ``"too few pairs"`` (fewer than :data:`MIN_PAIRS`), or
``"cannot tell"`` (the predictor barely varies: everyone got the same score).

Example
-------
>>> import numpy as np
>>> rho, lo, hi, n = spearman_ci(np.arange(30), np.arange(30) + np.sin(np.arange(30)) * 3)
>>> round(rho, 2), lo > 0, n
(0.96, True, 30)
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Optional

import numpy as np
import pandas as pd
from scipy import stats

from ..evaluation.stats import Z
from ..program import Program
from .engagement import engagement_status
from ..scoring import score_matrix
from ..scoring.criteria import criterion_names
from ..results import Shown

MIN_PAIRS = 10
N_BOOT = 2000
BOOT_SEED = 20261123


def spearman_ci(x, y, method: str = "fisher", n_boot: int = N_BOOT, seed: int = BOOT_SEED):
    """Spearman's rho with a 95 % interval: (rho, lower, upper, n); NaNs when n < MIN_PAIRS or
    a variable is constant. Rows with a missing value are dropped."""
    data = pd.DataFrame({"x": np.asarray(x, float), "y": np.asarray(y, float)}).dropna()
    n = len(data)
    nan = (float("nan"),) * 3
    if n < MIN_PAIRS or data["x"].nunique() < 2 or data["y"].nunique() < 2:
        return (*nan, n)
    rho = float(stats.spearmanr(data["x"], data["y"]).statistic)
    if method == "fisher":
        z, se = np.arctanh(np.clip(rho, -0.999999, 0.999999)), math.sqrt(1.06 / (n - 3))
        return rho, float(np.tanh(z - Z * se)), float(np.tanh(z + Z * se)), n
    if method == "bootstrap":
        rng = np.random.default_rng(seed)
        xr, yr = data["x"].to_numpy(), data["y"].to_numpy()
        boots = []
        for _ in range(n_boot):
            idx = rng.integers(0, n, n)
            if np.ptp(xr[idx]) > 0 and np.ptp(yr[idx]) > 0:
                boots.append(stats.spearmanr(xr[idx], yr[idx]).statistic)
        lo, hi = np.percentile(boots, [2.5, 97.5])
        return rho, float(lo), float(hi), n
    raise ValueError(f"spearman_ci: unknown method {method!r} (fisher or bootstrap)")


def pair_outcomes(program: Program) -> pd.DataFrame:
    """One row per relationship: match_score, meetings_per_month, satisfaction (mean of the
    pair's survey answers), indexed by relationship_id."""
    st = engagement_status(program).set_index("relationship_id")
    rel = program.relationships.set_index("relationship_id")
    out = pd.DataFrame({"match_score": rel["match_score"].astype(float),
                        "meetings_per_month": st["meetings_per_month"]})
    sat = program.surveys.groupby("relationship_id")["satisfaction"].mean()
    out["satisfaction"] = sat.reindex(out.index).astype(float)
    return out


def pair_contributions(program: Program) -> pd.DataFrame:
    """Each relationship's score on every matching criterion of the program (in [0, 1], before
    weighting), indexed by ``relationship_id``, one column per criterion name.

    The pairs are scored with today's criteria (``program.yaml``), so a criterion added since
    the pairs were made is measured too: that is what tells whether it would have mattered.

    >>> from workbench.io import load_program                                        # doctest: +SKIP
    >>> pair_contributions(load_program("data/programs/onboarding-pilot")).columns   # doctest: +SKIP
    """
    criteria = program.config.matching.criteria
    rel = program.relationships
    if rel.empty or not criteria:
        return pd.DataFrame(index=pd.Index(rel["relationship_id"], name="relationship_id"))
    prof = program.profiles()
    mentees = prof.reindex(pd.unique(rel["mentee_id"]))
    mentors = prof.reindex(pd.unique(rel["mentor_id"]))
    fmt = str(getattr(program.config.format, "value", program.config.format))
    bd = score_matrix(mentees, mentors, criteria, reverse=fmt == "reverse")
    rows = bd.mentee_ids.get_indexer(rel["mentee_id"])
    cols = bd.mentor_ids.get_indexer(rel["mentor_id"])
    out = pd.DataFrame({name: arr[rows, cols] for name, arr in bd.per_criterion.items()})
    out.index = pd.Index(rel["relationship_id"].to_numpy(), name="relationship_id")
    return out


def holm(rho: pd.Series, n: pd.Series) -> pd.Series:
    """Holm-adjusted p-values of H0: rho = 0 (Fisher z with the Fieller variance), over every row
    that has a correlation; NaN elsewhere.

    >>> holm(pd.Series([0.5, 0.05, float("nan")]), pd.Series([40, 40, 40])).round(4).tolist()
    [0.0023, 0.7675, nan]
    """
    from statsmodels.stats.multitest import multipletests
    ok = rho.notna() & (n > 3)
    z = np.arctanh(np.clip(rho[ok].astype(float), -0.999999, 0.999999)) / np.sqrt(1.06 / (n[ok] - 3))
    out = pd.Series(np.nan, index=rho.index)
    if ok.any():
        out[ok] = multipletests(2 * stats.norm.sf(np.abs(z)), method="holm")[1]
    return out


def advise_holm(rows: pd.DataFrame, n: int, alpha: float = 0.05) -> str:
    """The weight advice from a predictor's rows (rho, p_holm): only correlations surviving Holm's
    correction move a weight (see the module docstring for the words)."""
    if n < MIN_PAIRS:
        return "too few pairs"
    known = rows.dropna(subset=["rho", "p_holm"])
    if known.empty:
        return "cannot tell"
    sig = known[known["p_holm"] < alpha]
    up, down = (sig["rho"] > 0).any(), (sig["rho"] < 0).any()
    return "mixed" if up and down else "increase" if up else "decrease" if down else "no evidence"


@dataclass(frozen=True)
class MatchQuality(Shown):
    """:func:`match_quality`'s answer: the correlation ``table``, the advice in words
    (``suggestion``) and the advice per predictor (``advice``)."""
    table: pd.DataFrame
    suggestion: str
    advice: dict

    # shown in a notebook (workbench.results)
    def to_frame(self) -> pd.DataFrame:
        return self.table.copy()

    def _headline(self) -> str:
        return self.suggestion


def match_quality(program: Program, contributions: Optional[pd.DataFrame] = None,
                  method: str = "fisher", seed: int = BOOT_SEED) -> MatchQuality:
    """Typed :func:`match_outcomes` (no ``DataFrame.attrs``)."""
    out = match_outcomes(program, contributions=contributions, method=method, seed=seed)
    table = out.copy()
    table.attrs = {}
    return MatchQuality(table, out.attrs["suggestion"], dict(out.attrs["advice"]))


def match_outcomes(program: Program, contributions: Optional[pd.DataFrame] = None,
                   method: str = "fisher", seed: int = BOOT_SEED) -> pd.DataFrame:
    """Rank correlation of match score (and per-criterion contributions) with engagement and
    satisfaction, with 95 % intervals and a weight advice for the next round.

    ``contributions``: optional frame of per-criterion scores, indexed by ``relationship_id`` (or
    with that column), one numeric column per criterion.

    Returns one row per predictor × success measure: predictor, against, pairs, rho, lower,
    upper, p_holm (Holm-adjusted over all rows), advice (per predictor). ``attrs["suggestion"]`` states the advice in words with its
    uncertainty.

    >>> from workbench.io import load_program                         # doctest: +SKIP
    >>> match_outcomes(load_program("data/programs/reverse-digital")).attrs["suggestion"]  # doctest: +SKIP
    'Match score: no evidence ...'
    """
    po = pair_outcomes(program)
    predictors = ["match_score"]
    if contributions is not None:
        contrib = contributions.set_index("relationship_id") if "relationship_id" in contributions else contributions
        contrib = contrib.select_dtypes("number")
        po = po.join(contrib.add_prefix("criterion: "), how="left")
        predictors += [f"criterion: {c}" for c in contrib.columns]
    rows = []
    for pred in predictors:
        for what in ("meetings_per_month", "satisfaction"):
            rho, lo, hi, n = spearman_ci(po[pred], po[what], method=method, seed=seed)
            rows.append({"predictor": pred.replace("_", " "), "against": what.replace("_", " "),
                         "pairs": n, "rho": rho, "lower": lo, "upper": hi})
    out = pd.DataFrame(rows)
    out["p_holm"] = holm(out["rho"], out["pairs"])
    advice = {p: advise_holm(g, int(g["pairs"].max())) for p, g in out.groupby("predictor", sort=False)}
    out["advice"] = out["predictor"].map(advice)
    out[["rho", "lower", "upper"]] = out[["rho", "lower", "upper"]].round(3)
    parts = []
    for p, a in advice.items():
        g = out[out["predictor"] == p].dropna(subset=["rho"])
        figures = "; ".join(f"rho {r.rho:+.2f} with {r.against} (95 % CI {r.lower:+.2f} to {r.upper:+.2f}, "
                            f"{r.pairs} pairs)" for r in g.itertuples())
        parts.append(f"{p[0].upper() + p[1:]}: {advice_words(a)}" + (f" ({figures})." if figures else "."))
    parts.append(holm_family_sentence(int(out["p_holm"].notna().sum())))
    out.attrs["suggestion"] = " ".join(parts)
    out.attrs["advice"] = advice
    return out


# what each advice says, of one predictor or several ({w}: "its weight" or "their weights")
ADVICE_WORDS = {
    "increase": "better-scored pairs did better (a correlation above zero that survives the Holm correction): raise {w}",
    "decrease": "better-scored pairs did worse (a correlation below zero that survives the Holm correction): lower {w}",
    "no evidence": "no evidence either way (no correlation survives the Holm correction): keep {w} and collect "
                   "another round",
    "mixed": "helps one measure and hurts the other: keep {w} and look closer",
    "too few pairs": f"too few pairs (under {MIN_PAIRS}) to judge",
    "cannot tell": "cannot tell: the score barely varies between pairs or the outcome is missing",
}


def advice_words(advice: str, several: bool = False) -> str:
    """The words of one advice (``several``: said of several predictors at once).

    >>> advice_words("mixed"), advice_words("increase", several=True).split(": ")[-1]
    ('helps one measure and hurts the other: keep the weight and look closer', 'raise their weights')
    """
    w = "their weights" if several else ("its weight" if advice in ("increase", "decrease") else "the weight")
    return ADVICE_WORDS[advice].format(w=w)


def holm_family_sentence(tested: int) -> str:
    return (f"{tested} correlations were tested (predictors × success measures); advice moves a weight only "
            "where one survives the Holm correction for testing them all (family-wise 5 %).")


STEP_UP, STEP_DOWN = 1.5, 0.5


def suggest_weights(program: Program, quality) -> pd.DataFrame:
    """Next round's weight for each matching criterion, from :func:`match_outcomes` run with
    :func:`pair_contributions`: criterion, weight, suggested, advice, evidence.

    A rule of thumb, stated as such in ``attrs["note"]``: one step up (x :data:`STEP_UP`) when
    a correlation of the criterion with success survives Holm's correction (above zero, none below),
    one step down (x :data:`STEP_DOWN`) in the opposite case, the same weight otherwise. The
    evidence column gives the strongest correlation with its interval, so the uncertainty
    travels with the advice.

    >>> from workbench.io import load_program                                   # doctest: +SKIP
    >>> prog = load_program("data/programs/leadership-accelerator")            # doctest: +SKIP
    >>> q = match_outcomes(prog, contributions=pair_contributions(prog))        # doctest: +SKIP
    >>> suggest_weights(prog, q)[["criterion", "weight", "suggested"]]          # doctest: +SKIP
    """
    if isinstance(quality, MatchQuality):
        advice_of = quality.advice
        quality = quality.table
    else:
        advice_of = quality.attrs.get("advice", {})
    criteria = program.config.matching.criteria
    rows = []
    for name, c in zip(criterion_names(criteria), criteria):
        pred = f"criterion: {name}".replace("_", " ")
        g = quality[quality["predictor"] == pred].dropna(subset=["rho"])
        advice = advice_of.get(pred, "not measured")
        factor = STEP_UP if advice == "increase" else STEP_DOWN if advice == "decrease" else 1.0
        if len(g):
            best = g.loc[g["rho"].abs().idxmax()]
            evidence = (f"rho {best.rho:+.2f} with {best.against} (95 % CI {best.lower:+.2f} to "
                        f"{best.upper:+.2f}, {int(best.pairs)} pairs)")
        else:
            evidence = "no correlation could be computed"
        rows.append({"criterion": name, "weight": float(c.weight),
                     "suggested": round(float(c.weight) * factor, 2), "advice": advice,
                     "evidence": evidence})
    out = pd.DataFrame(rows, columns=["criterion", "weight", "suggested", "advice", "evidence"])
    tested = int(quality["p_holm"].notna().sum()) if "p_holm" in quality else len(quality)
    out.attrs["note"] = (f"Rule of thumb: a weight moves one step (x{STEP_UP} or x{STEP_DOWN}) only where a "
                         f"correlation survives the Holm correction over all {tested} tested; elsewhere it stays. These are correlations from one "
                         "round, not proof that the criterion causes success: check again after the next round.")
    return out
