"""The program's return in money (issue 34.3): arithmetic, statsmodels, disclosure, config, the
page, the export, the summary and a quick simulation (``benchmarks/bench_roi.py``)."""
from __future__ import annotations

import json
import math
import re
import shutil
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from workbench.config import ProgramConfig, RoiConfig
from workbench.evaluation.estimators import Estimate
from workbench.evaluation.roi import (ROI_COLUMNS, avoided, cost_of_leaver, counterfactual_rate, overall,
                                      program_return, ratio_for, roi_table, sensitivity, sentence)

ROOT = Path(__file__).resolve().parents[2]
BUNDLED = ROOT / "data" / "programs" / "leadership-accelerator"
ROI_YAML = "\nroi:\n  currency: EUR\n  program_cost: 60000\n  cost_per_leaver: 30000\n"


def without_roi(text: str) -> str:
    """A program.yaml's text without its own ``roi:`` section (the bundled program has one)."""
    return re.sub(r"(?m)^roi:\n(?:[ ].*\n)*", "", text)


@settings(max_examples=200, deadline=None)
@given(st.integers(10, 5000), st.floats(0.01, 0.9), st.floats(0.2, 5.0), st.sampled_from(["odds_ratio", "hazard_ratio"]))
def test_avoided_and_ratio_for_invert_each_other(n1, p1, r, measure):
    la = avoided(n1, p1, r, measure)
    assert (la > 0) == (r < 1) or abs(r - 1) < 1e-9 or abs(la) < 1e-9
    back = ratio_for(n1, p1, la, measure)
    assert back == pytest.approx(r, rel=1e-6)
    # monotone: a larger ratio (more leaving among participants) never avoids more leavers
    assert avoided(n1, p1, r * 1.1, measure) <= la + 1e-9


def test_counterfactual_rates_by_hand():
    assert counterfactual_rate(0.2, 0.5, "odds_ratio") == pytest.approx(1 / 3)
    assert counterfactual_rate(0.19, 0.5, "hazard_ratio") == pytest.approx(1 - 0.81 ** 2)
    assert counterfactual_rate(0.3, 1.0, "odds_ratio") == pytest.approx(0.3)


class _Ev:
    """A stand-in evaluation: participants' counts and one estimate."""
    def __init__(self, n1, p1, n0=500, p0=0.2, rare=False):
        self.raw = Estimate("raw", "odds_ratio", n_treated=n1, n_control=n0, rate_treated=p1, rate_control=p0)
        self.rare = rare

    def small_cells(self, k, group):
        n, r = (self.raw.n_treated, self.raw.rate_treated) if group == "treated" else \
            (self.raw.n_control, self.raw.rate_control)
        x = round(r * n)
        return min(x, n - x) < k


def test_interval_carried_and_conclusions():
    ev = _Ev(200, 0.10)
    est = Estimate("regression", "odds_ratio", estimate=0.5, ci=(0.3, 0.8))
    r = program_return(ev, est, program_cost=50_000, cost_per_leaver=20_000, currency="EUR")
    la, lo, hi = r.leavers_avoided
    assert lo < la < hi and lo > 0
    assert la == pytest.approx(200 * (counterfactual_rate(0.1, 0.5, "odds_ratio") - 0.1))
    assert hi == pytest.approx(avoided(200, 0.1, 0.3, "odds_ratio"))     # the low ratio: most avoided
    assert r.net == pytest.approx(tuple(x * 20_000 - 50_000 for x in r.leavers_avoided))
    assert r.conclusion == "net gain"     # low: odds ratio 0.8 -> 4.4 leavers avoided, 88k > 50k
    assert r.net[1] == pytest.approx(avoided(200, 0.1, 0.8, "odds_ratio") * 20_000 - 50_000)
    # the same effect, a dearer program: the net interval spans zero
    r2 = program_return(ev, est, program_cost=250_000, cost_per_leaver=20_000, currency="EUR")
    assert r2.net[1] < 0 < r2.net[2] and r2.conclusion == "cannot conclude"
    assert "cannot conclude" in sentence(r2)
    # an interval including 1: cannot conclude, leavers added in its upper part
    r3_est = Estimate("cox", "hazard_ratio", estimate=0.9, ci=(0.6, 1.4))
    r3 = program_return(ev, r3_est,
                        program_cost=0, cost_per_leaver=20_000, currency="EUR")
    assert r3.leavers_avoided[1] < 0 < r3.leavers_avoided[2] and r3.conclusion == "cannot conclude"
    # harm: a net loss
    r4 = program_return(ev, Estimate("regression", "odds_ratio", estimate=2.0, ci=(1.5, 2.8)),
                        program_cost=1000, cost_per_leaver=20_000, currency="EUR")
    assert r4.conclusion == "net loss" and r4.leavers_avoided[2] < 0
    assert "fewer" not in sentence(r4).split("(")[0]
    # no estimate: cannot conclude, with the reason, no figure
    r5 = program_return(ev, Estimate("weighting", "odds_ratio", reason="too few people"), program_cost=1,
                        cost_per_leaver=1, currency="EUR")
    assert r5.net is None and r5.conclusion == "cannot conclude"
    assert overall([r, r5]) == "net gain"        # no Cox: the regression's
    assert overall([r, program_return(ev, replace_name(r3_est, "cox"), program_cost=0, cost_per_leaver=20_000,
                                      currency="EUR")]) == "cannot conclude"   # the Cox model's leads
    assert overall([]) == "cannot conclude"
    assert overall([r, program_return(ev, replace_name(est, "weighting"), program_cost=50_000,
                                      cost_per_leaver=20_000, currency="EUR")]) == "net gain"


def replace_name(est, name):
    from dataclasses import replace
    return replace(est, estimator=name)


def test_sensitivity_is_the_e_value_of_the_shift_to_break_even():
    ev = _Ev(200, 0.10, rare=True)
    est = Estimate("regression", "odds_ratio", estimate=0.5, ci=(0.3, 0.8))
    r = program_return(ev, est, program_cost=50_000, cost_per_leaver=20_000, currency="EUR")
    r_star = ratio_for(200, 0.1, 2.5, "odds_ratio")    # 2.5 leavers pay for the program
    assert 0.5 < r_star < 1
    rr = r_star / 0.5
    assert r.e_value == pytest.approx(rr + math.sqrt(rr * (rr - 1)))
    assert r.e_value_ci > 1 and r.e_value_ci < r.e_value
    assert f"{r.e_value:.1f}" in sensitivity(r)
    # a program that does not pay at its point estimate needs no confounding to cancel it
    r0 = program_return(ev, est, program_cost=10_000_000, cost_per_leaver=20_000, currency="EUR")
    assert r0.e_value is None and "no unmeasured confounding is needed" in sensitivity(r0)


def test_small_groups_hide_the_leavers_avoided():
    ev = _Ev(40, 3 / 40)           # 3 participants left: under k = 5
    est = Estimate("regression", "odds_ratio", estimate=0.5, ci=(0.3, 0.8))
    r = program_return(ev, est, program_cost=1000, cost_per_leaver=20_000, currency="EUR", min_group=5)
    t = roi_table([r])
    assert list(t.columns) == ROI_COLUMNS
    for c in ("leavers_avoided", "leavers_avoided_low", "leavers_avoided_high", "value", "value_low",
              "value_high", "net", "net_low", "net_high"):
        assert t.at[0, c] == "hidden"
    assert "3" not in sentence(r).replace("k", "") or "not shown" in sentence(r)
    assert "not shown" in sentence(r)
    shown = roi_table([program_return(ev, est, program_cost=1000, cost_per_leaver=20_000, currency="EUR",
                                      min_group=3)])
    assert shown.at[0, "leavers_avoided"] != "hidden"


def test_against_statsmodels_logit():
    """No later joiners, no clusters: the regression estimate is statsmodels' Logit, and the leavers
    avoided are its predictions for the participants with and without the program (marginal
    standardisation), the interval the delta method on its covariance (gradient taken numerically
    here); the odds ratio applied to the participants' rate (non-collapsible) is not what is used."""
    import statsmodels.api as sm
    rng = np.random.default_rng(5)
    n = 1200
    level = rng.integers(1, 4, n)
    treated = rng.binomial(1, 0.2 + 0.1 * (level == 3))
    left = rng.binomial(1, 1 / (1 + np.exp(-(-1.2 + 0.6 * level - 0.7 * treated))))
    frame = pd.DataFrame({"treated": treated, "left": left, "level": level,
                          "followup_years": rng.uniform(0.5, 1.5, n)})
    from workbench.evaluation import raw_estimate, regression
    ev = _Ev(0, 0.0)
    ev.raw = raw_estimate(frame, "left")
    ev.regression = regression(frame, "left", ["level", "followup_years"])
    X = sm.add_constant(frame[["treated", "level", "followup_years"]].astype(float))
    res = sm.Logit(frame["left"], X).fit(disp=0)
    b = res.params["treated"]
    assert ev.regression.estimate == pytest.approx(math.exp(b), abs=1e-4)
    r = program_return(ev, ev.regression, program_cost=0, cost_per_leaver=1.0, currency="EUR")
    n1 = int(treated.sum())
    x1 = X[frame["treated"] == 1]

    def diff(beta):
        p = pd.Series(beta, index=X.columns)
        return float(np.mean(1 / (1 + np.exp(-(x1.assign(treated=0.0) @ p)))
                             - 1 / (1 + np.exp(-(x1 @ p)))))
    point = diff(res.params.to_numpy())
    grad = np.array([(diff(res.params.to_numpy() + h) - diff(res.params.to_numpy() - h)) / 2e-6
                     for h in np.eye(len(res.params)) * 1e-6])
    se = math.sqrt(grad @ res.cov_params().to_numpy() @ grad)
    assert r.leavers_avoided[0] == pytest.approx(n1 * point, abs=1e-4)
    assert r.leavers_avoided[1] == pytest.approx(n1 * (point - 1.959964 * se), abs=1e-3)
    assert r.leavers_avoided[2] == pytest.approx(n1 * (point + 1.959964 * se), abs=1e-3)
    # the conditional odds ratio applied to the participants' overall rate says more
    p1 = left[treated == 1].mean()
    odds0 = p1 / (1 - p1) / math.exp(b)
    assert n1 * (odds0 / (1 + odds0) - p1) > r.leavers_avoided[0] + 0.5


def test_config_section():
    base = dict(currency="EUR", program_cost=1000)
    assert RoiConfig(**base, cost_per_leaver=5).cost_per_leaver == 5
    assert RoiConfig(**base, cost_per_leaver_salary_share=0.5).salary_column == "salary"
    for bad in (dict(base), dict(base, cost_per_leaver=5, cost_per_leaver_salary_share=0.5),
                dict(base, cost_per_leaver=-1), dict(currency="EUR", program_cost=-5, cost_per_leaver=1)):
        with pytest.raises(ValueError):
            RoiConfig(**bad)
    assert ProgramConfig.model_fields["roi"].default is None


def test_config_error_is_located(tmp_path):
    from workbench.config_yaml import read_config
    from workbench.problems import InputError
    text = without_roi((BUNDLED / "program.yaml").read_text(encoding="utf-8"))
    (tmp_path / "program.yaml").write_text(text + "\nroi:\n  currency: EUR\n  program_cost: 1000\n",
                                           encoding="utf-8")
    with pytest.raises(InputError) as err:
        read_config(tmp_path / "program.yaml")
    assert "program.yaml:" in str(err.value) and "cost_per_leaver" in str(err.value)


def test_salary_share():
    class Cfg:
        cost_per_leaver, cost_per_leaver_salary_share, salary_column = None, 0.5, "salary"
    cost, how = cost_of_leaver(Cfg, pd.DataFrame({"salary": [40_000, 60_000, None]}))
    assert cost == 25_000 and "50 %" in how
    assert cost_of_leaver(Cfg, pd.DataFrame({"x": [1]}))[0] is None


@pytest.fixture(scope="module")
def bundle(tmp_path_factory):
    """A copy of a bundled program with a ``roi:`` section, its page 4 written to a bundle."""
    from workbench.io import load_program
    from workbench.views.stage4 import kpi_review
    tmp = tmp_path_factory.mktemp("roi")
    prog = tmp / "prog"
    shutil.copytree(BUNDLED, prog)
    yaml_path = prog / "program.yaml"
    yaml_path.write_text(without_roi(yaml_path.read_text(encoding="utf-8")) + ROI_YAML, encoding="utf-8")
    program = load_program(prog)
    page = kpi_review(program)
    out = tmp / "out"
    page.publish(out)
    return program, page, out


def test_page_export_and_summary_end_to_end(bundle):
    from workbench.report.summary import build_summary, read_exports
    program, page, out = bundle
    csv = out / "exports" / "roi.csv"
    t = pd.read_csv(csv)
    assert list(t.columns) == ROI_COLUMNS
    assert list(t["estimator"]) == ["regression", "weighting", "cox"]
    assert (t["program_cost"] == 60000).all() and (t["currency"] == "EUR").all()
    for _, r in t.iterrows():
        assert r["leavers_avoided_low"] <= r["leavers_avoided"] <= r["leavers_avoided_high"]
        assert r["net"] == pytest.approx(r["value"] - 60000, abs=1)
        spans = r["net_low"] <= 0 <= r["net_high"]
        assert (r["conclusion"] == "cannot conclude") == spans
    text = page.sections["roi"].text
    assert "cannot conclude" in text or "net gain" in text or "net loss" in text
    assert "Sensitivity" in text and "roi" not in text.lower().replace("period", "")
    figures = json.loads((out / "figures.json").read_text())
    fig = figures["Return of the program"] if isinstance(figures, dict) else \
        next(f for f in figures if f["label"] == "Return of the program")
    assert fig["value"] == pytest.approx(t.at[2, "net"], abs=1)       # the Cox model's return leads
    assert fig["parts"] == pytest.approx([t.at[2, "net_low"], t.at[2, "net_high"]], abs=1)
    s = build_summary({}, read_exports(out))
    said = [i.text for i in s.findings + s.cannot if "paid for itself" in i.text or "Return of the program" in i.text]
    assert len(said) == 1 and "EUR" in said[0]
    spans = t.at[2, "net_low"] <= 0 <= t.at[2, "net_high"]
    assert (said[0] in [i.text for i in s.cannot]) == spans
    # the report's stage check knows the export and the headline
    from workbench.report.stages import bundle_exports, bundle_headlines, check_stage, stage
    assert check_stage(stage("kpi"), exports=bundle_exports(out), headlines=bundle_headlines(out)) == []


def test_no_roi_section_no_export(bundle, tmp_path):
    from workbench.io import load_program
    from workbench.views.stage4 import kpi_review
    page = kpi_review(load_program(BUNDLED.parent / "onboarding-round-2"))   # a program without roi:
    assert "roi_export" not in page.sections and "roi" not in page.exports
    assert "Return of the program" not in page.headlines
    # the heading "Return in money" is not left empty: one sentence says why there is no figure
    section = page.sections["roi"]
    assert section.table is None and section.text.startswith("Not estimated: the program's cost")


def test_salary_share_end_to_end(bundle):
    from workbench.views.stage4 import roi_sections
    program, _, _ = bundle
    import dataclasses
    cfg = program.config.model_copy(update={"roi": RoiConfig(currency="EUR", program_cost=60000,
                                                             cost_per_leaver_salary_share=0.5)})
    wf = program.workforce.copy()
    wf["salary"] = 50_000.0
    prog = dataclasses.replace(program, config=cfg, workforce=wf)
    sections, heads = roi_sections(prog, prog.config.min_group_size, True)
    t = sections["roi_export"].table
    assert "50 % of the participants" in sections["roi"].text
    direct, _ = roi_sections(program, program.config.min_group_size, True)
    d = direct["roi_export"].table
    # a leaver costs 25,000 instead of 30,000: the same leavers, values scaled
    assert t.at[0, "leavers_avoided"] == d.at[0, "leavers_avoided"]
    assert t.at[0, "value"] == pytest.approx(d.at[0, "value"] * 25 / 30, abs=2)


def test_hidden_when_groups_are_small(bundle, tmp_path):
    from tests.program_factory import with_min_group_size
    from workbench.views.stage4 import roi_sections
    program, _, _ = bundle
    import dataclasses
    prog = with_min_group_size(BUNDLED, 10_000, tmp_path)
    prog = dataclasses.replace(prog, config=prog.config.model_copy(update={"roi": program.config.roi}))
    sections, heads = roi_sections(prog, prog.config.min_group_size, True)
    t = sections["roi_export"].table
    assert (t["leavers_avoided"] == "hidden").all() and (t["net"] == "hidden").all()
    assert heads["Return of the program"].key.hidden


@pytest.mark.slow   # a few simulated companies (5 s): in make test-all
def test_quick_simulation():
    """A few simulated companies (benchmarks/bench_roi.py): with no effect, no program is called
    profitable; with an effect the net interval covers the true net."""
    sys.path.insert(0, str(ROOT / "benchmarks"))
    import bench_roi
    none = bench_roi.scenario(5, 900, "15 %", 1.0, seed=3)
    assert none["profitable"] <= 0.2
    some = bench_roi.scenario(5, 900, "50 %", bench_roi.EFFECT, seed=3)
    assert some["estimators"]["regression"]["cover"] >= 0.6
    assert some["estimators"]["cox"]["cover"] >= 0.6


def test_the_weighting_return_is_its_odds_ratio_map_and_regression_s_is_standardised():
    """Regression's return uses its participants' standardised difference; the weighting's stays
    the map of its marginal odds ratio even when it carries one (standardising it measured worse at
    50 % uptake: benchmarks/bench_roi.py, row ``weighting (standardised)``)."""
    ev = _Ev(200, 0.10)
    diff = (0.05, 0.02, 0.08)
    for name in ("regression", "weighting"):
        est = Estimate(name, "odds_ratio", estimate=0.5, ci=(0.3, 0.8), participants_difference=diff)
        r = program_return(ev, est, program_cost=0, cost_per_leaver=1, currency="EUR")
        if name == "regression":
            assert r.leavers_avoided == pytest.approx(tuple(200 * d for d in diff))
        else:
            assert r.leavers_avoided == pytest.approx((avoided(200, 0.1, 0.5, "odds_ratio"),
                                                       avoided(200, 0.1, 0.8, "odds_ratio"),
                                                       avoided(200, 0.1, 0.3, "odds_ratio")))


def test_page_table_one_row_an_estimator_with_intervals():
    """The page's return table: one row an estimator, each figure with its interval in one cell,
    as the sentence says them (whole leavers, 3 significant figures, a true minus); hidden stays
    hidden and an estimator without an estimate reads a dash, never a zero."""
    from workbench.views.stage4 import _roi_shown
    export = pd.DataFrame([
        {"estimator": "cox", "leavers_avoided": 19.6, "leavers_avoided_low": -4.2, "leavers_avoided_high": 53.1,
         "value": 1198776.4, "value_low": -241000.0, "value_high": 3171234.0, "net": 798776.4,
         "net_low": -641038.0, "net_high": 2771234.0, "conclusion": "cannot conclude"},
        {"estimator": "weighting", **{f"{n}{s}": "hidden" for n in ("leavers_avoided", "value", "net")
                                      for s in ("", "_low", "_high")}, "conclusion": "net gain"},
        {"estimator": "regression", **{f"{n}{s}": "" for n in ("leavers_avoided", "value", "net")
                                       for s in ("", "_low", "_high")},
         "conclusion": "cannot conclude: too few people"}])
    t = _roi_shown(export, "EUR")
    assert list(t.columns) == ["Estimator", "Leavers avoided (95 % interval)", "Value, EUR (95 % interval)",
                               "Net of the program's cost, EUR (95 % interval)", "Conclusion"]
    assert t.iloc[0, 1:4].tolist() == ["20 (\u22124 to 53)", "1,200,000 (\u2212241,000 to 3,170,000)",
                                       "799,000 (\u2212641,000 to 2,770,000)"]
    assert t.iloc[1, 1:4].tolist() == ["hidden"] * 3
    assert t.iloc[2, 1:4].tolist() == ["\u2013"] * 3 and "0" not in "".join(t.iloc[2, 1:4])
    assert t["Estimator"].tolist() == ["Cox (time to leaving)", "propensity weighting", "regression adjustment"]
