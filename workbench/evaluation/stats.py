"""Small statistical helpers shared by the estimators.

* :func:`format_p`: ``p = 0.012`` or ``p < 0.001`` (never ``p = 0.000``);
* :func:`wilson` and :func:`newcombe_interval`: the 95 % interval of a share and of a difference
  of two shares (statsmodels' Wilson and Newcombe intervals);
* :func:`design_matrix`: ``const``, ``treated``, numeric columns as they are, categories dummy-coded
  against their most frequent level;
* :func:`merge_constant_levels`: a category level in which everyone (or no one) had the outcome
  carries no information for the adjustment but makes the logistic fit diverge (quasi-separation);
  it is merged into the reference level and the caller says so;
* :func:`fit_logit`: a statsmodels ``Logit`` (optionally weighted GLM) fit that returns the reason
  in plain words instead of raising.

Example
-------
>>> format_p(0.0004), format_p(0.0123), format_p(float("nan"))
('p < 0.001', 'p = 0.012', 'p not available')
"""
from __future__ import annotations

import math
import warnings
from typing import Optional, Sequence

import numpy as np
import pandas as pd
from scipy import stats
from statsmodels.stats.proportion import confint_proportions_2indep, proportion_confint

LEVEL = 0.95   # every interval of the package is a 95 % interval
Z = float(stats.norm.ppf(0.5 + LEVEL / 2))
MAX_LOG_SE = 5.0   # standard error of a log ratio above this: the estimate is unstable


def format_p(p: Optional[float]) -> str:
    """``p = 0.012``, or ``p < 0.001``; ``p not available`` when missing."""
    if p is None or not np.isfinite(p):
        return "p not available"
    return "p < 0.001" if p < 0.001 else f"p = {p:.3f}"


def wilson(x: float, n: float) -> tuple[float, float]:
    """95 % Wilson score interval of the proportion ``x / n``: statsmodels' ``proportion_confint``
    (``method="wilson"``, clipped to 0–1), widened by rounding error where it would leave out
    the share itself (25 of 25: the upper end is 1, not 0.9999999999999999); ``(nan, nan)`` when
    ``n`` is 0. The one proportion interval of the package (the KPI measurements and the rounds
    comparison read it).

    >>> [round(v, 4) for v in wilson(461, 500)]
    [0.8951, 0.9424]
    >>> wilson(25, 25)[1]
    1.0
    """
    if n == 0:
        return math.nan, math.nan
    lo, hi = proportion_confint(x, n, alpha=1 - LEVEL, method="wilson")
    p = x / n
    return min(float(lo), p), max(float(hi), p)


def newcombe_interval(x1: int, n1: int, x2: int, n2: int) -> tuple[float, float]:
    """95 % interval of the difference ``x1/n1 - x2/n2``: Newcombe's hybrid score interval
    (method 10, from two Wilson intervals), statsmodels' ``confint_proportions_2indep``
    (``method="newcomb"``), holding the difference itself; ``(nan, nan)`` when either count of
    trials is 0.

    >>> lo, hi = newcombe_interval(56, 70, 48, 80)   # Newcombe (1998), example (a)
    >>> round(lo, 4), round(hi, 4)
    (0.0524, 0.3339)
    """
    if n1 == 0 or n2 == 0:
        return math.nan, math.nan
    lo, hi = confint_proportions_2indep(x1, n1, x2, n2, method="newcomb", compare="diff", alpha=1 - LEVEL)
    d = x1 / n1 - x2 / n2
    return min(float(lo), d), max(float(hi), d)


def is_number(s: pd.Series) -> bool:
    return pd.api.types.is_numeric_dtype(s) and not pd.api.types.is_bool_dtype(s)


def reference_level(s: pd.Series) -> str:
    """The most frequent level (ties broken alphabetically)."""
    counts = s.astype(str).value_counts()
    return sorted(counts[counts == counts.max()].index)[0]


def design_matrix(frame: pd.DataFrame, treated: Optional[str], adjust: Sequence[str]) -> pd.DataFrame:
    """``const``, ``treated`` (when given), numeric adjust columns as they are, other columns
    dummy-coded as ``col[level]`` against their most frequent level.

    >>> d = pd.DataFrame({"t": [1, 0, 0], "dept": ["A", "B", "B"], "perf": [3.0, 2.0, 4.0]})
    >>> list(design_matrix(d, "t", ["dept", "perf"]).columns)
    ['const', 't', 'dept[A]', 'perf']
    """
    parts = [pd.Series(1.0, index=frame.index, name="const")]
    if treated is not None:
        parts.append(frame[treated].astype(float))
    for col in adjust:
        s = frame[col]
        if is_number(s):
            parts.append(s.astype(float))
        else:
            s = s.astype(str)
            ref = reference_level(s)
            for level in sorted(set(s) - {ref}):
                parts.append((s == level).astype(float).rename(f"{col}[{level}]"))
    return pd.concat(parts, axis=1)


def merge_constant_levels(data: pd.DataFrame, by: str, columns: Sequence[str]) -> tuple[pd.DataFrame, int]:
    """Merge into the reference level every level of the categorical ``columns`` within which
    ``by`` (the outcome, or participation) never varies; return the frame and how many levels
    were merged. Numeric columns are left alone.

    >>> d = pd.DataFrame({"y": [0, 1, 0, 1, 0, 0, 0], "dept": ["A", "A", "A", "B", "B", "C", "C"]})
    >>> out, n = merge_constant_levels(d, "y", ["dept"])
    >>> n, sorted(set(out["dept"]))
    (1, ['A', 'B'])
    """
    out, merged = data, 0
    for col in columns:
        s = data[col]
        if is_number(s):
            continue
        s = s.astype(str)
        ref = reference_level(s)
        spread = data.groupby(s)[by].nunique()
        bad = [lv for lv in spread.index if spread[lv] <= 1 and lv != ref]
        if bad:
            out = out.copy() if out is data else out
            out[col] = s.where(~s.isin(bad), ref)
            merged += len(bad)
    return out, merged


def fit_logit(y: pd.Series, X: pd.DataFrame, coef: Optional[str], weights=None, groups=None,
              name_culprit: bool = False):
    """Fit a logistic regression; return (result, None) or (None, reason in plain words).

    ``weights``: a weighted binomial GLM with sandwich (robust) standard errors; ``groups``:
    cluster-robust standard errors (one person may appear in several rows). statsmodels warns that
    a robust ``cov_type`` is "not fully supported with var_weights"; for these weights (inverse
    probability weights, scale 1) its cluster sandwich equals the textbook one, H⁻¹ (Σ_g s_g s_gᵀ)
    H⁻¹ with s_g = Σ w (y − p) x over a person's rows and the G/(G−1)·(N−1)/(N−K) correction
    (checked by hand on simulated data, issue 34). ``coef`` is the
    coefficient whose standard error must be finite and below :data:`MAX_LOG_SE` (``None``: only
    convergence is checked, as for a propensity model, whose predictions are what counts).
    ``name_culprit``: name the category in which everyone (or no one) had the outcome (for the
    analyst; client pages never name a group with its outcome)."""
    import statsmodels.api as sm
    from statsmodels.tools.sm_exceptions import (ConvergenceWarning, PerfectSeparationError,
                                                 PerfectSeparationWarning)
    if np.linalg.matrix_rank(X.to_numpy()) < X.shape[1]:
        return None, ("the adjustment columns are redundant (one is a combination of the others), "
                      "so their effects cannot be told apart")
    hint = ""
    if name_culprit:
        culprits = [c for c in X.columns if c != "const" and set(X[c].unique()) <= {0.0, 1.0}
                    and y[X[c] == 1].nunique() == 1]
        if culprits:
            c = culprits[0]
            word = "had the outcome" if y[X[c] == 1].iloc[0] == 1 else "had no outcome"
            hint = f" (everyone in {c} {word})"
    kw = {}
    if groups is not None:
        kw = {"cov_type": "cluster", "cov_kwds": {"groups": np.asarray(groups)}}
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            if weights is None:
                res = sm.Logit(y.astype(float), X).fit(disp=0, maxiter=200, **kw)
                converged = res.mle_retvals.get("converged", True)
            else:
                model = sm.GLM(y.astype(float), X, family=sm.families.Binomial(),
                               var_weights=np.asarray(weights, float))
                res = model.fit(maxiter=200, **(kw or {"cov_type": "HC0"}))
                converged = bool(getattr(res, "converged", True))
        except PerfectSeparationError:
            return None, f"the outcome is perfectly predicted (perfect separation){hint}"
        except np.linalg.LinAlgError:
            return None, "the regression could not be fitted (singular design: redundant columns)"
        except (ValueError, OverflowError) as exc:
            return None, f"the regression could not be fitted ({exc})"
    kinds = {w.category for w in caught}
    if any(issubclass(k, PerfectSeparationWarning) for k in kinds):
        return None, f"the outcome is perfectly predicted (perfect separation){hint}"
    if any(issubclass(k, ConvergenceWarning) for k in kinds) or not converged:
        return None, f"the regression did not converge, usually a sign of quasi-separation{hint}"
    if coef is None:
        return res, None
    se = float(res.bse.get(coef, np.nan))
    if not np.isfinite(se) or se > MAX_LOG_SE:
        return None, f"the estimate is unstable (standard error {se:.1f} on the log scale){hint}"
    return res, None
