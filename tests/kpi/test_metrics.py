"""The KPI metric registry: every entry runs the same battery; config, docs and pages derive from it."""
from pathlib import Path

import pandas as pd
import pytest

from workbench import config, goals
from workbench.config import KPI
from workbench.evaluation import OUTCOMES
from workbench.metrics import METRICS, Measurement, baseline_of, docs_table, measure
from workbench.kpi.scorecard import scorecard

from kpi_helpers import make_program

ROOT = Path(__file__).resolve().parent.parent.parent


def test_config_accepts_exactly_the_registry_s_metrics():
    for name in METRICS:
        assert KPI(name="k", metric=name, target=0.5, due="2026-01-01").metric == name
    with pytest.raises(ValueError, match="'retension' is not a known metric \\(did you mean 'retention'\\?\\)"):
        KPI(name="k", metric="retension", target=0.5, due="2026-01-01")


def test_docs_metric_table_is_the_registry():
    text = (ROOT / "docs" / "program.md").read_text(encoding="utf-8")
    assert docs_table() in text, "docs/program.md's metric table differs from workbench/metrics.py"


def _kpi(metric, **kw):
    spec = METRICS[metric]
    target = spec.low + 0.9 * (spec.high - spec.low)
    return KPI.model_validate({"name": metric, "metric": metric, "target": target, "due": "2026-06-30", **kw})


def _bare_program(metric):
    wf = [{"employee_id": f"P{i}"} for i in range(30)]
    people = [{"person_id": f"P{i}", "role": "mentee" if i < 10 else "mentor"} for i in range(20)]
    return make_program(people, wf, kpis=[_kpi(metric).model_dump()])


@pytest.mark.parametrize("name", list(METRICS))
def test_every_metric_entry(name):
    spec = METRICS[name]
    assert spec.name == name and spec.definition and spec.how and spec.baseline
    assert spec.low < spec.high and spec.direction in (1, -1)
    assert spec.source in config.TABLE_NAMES
    assert spec.outcome is None or spec.outcome in OUTCOMES
    # the one definition text is what notebook 01's KPI table shows
    prog = _bare_program(name)
    assert goals.kpi_table(prog)["definition"].iloc[0] == spec.text(12)
    # measured on a program with no activity yet: a Measurement, never an exception
    m = measure(prog, prog.config.kpis[0])
    assert isinstance(m, Measurement)
    if m.measurable:
        assert m.lower <= m.value <= m.upper
    else:
        assert m.note
    assert isinstance(baseline_of(prog, prog.config.kpis[0]), Measurement)
    # a target outside the scale is refused with a hint
    bad = _kpi(name).model_copy(update={"target": spec.high + 10})
    assert goals.check_kpi(bad, pd.Timestamp("2025-01-01"))
    # the scorecard judges it with its direction, whatever baseline and target say
    assert scorecard(prog, trend=False).table["status"].iloc[0]


def test_wrong_side_target_is_flagged():
    kpi = _kpi("retention", baseline=0.92).model_copy(update={"target": 0.90})
    assert any("wrong side" in h for h in goals.check_kpi(kpi, pd.Timestamp("2025-01-01")))


@pytest.mark.parametrize("name", list(METRICS))
def test_every_metric_on_the_samples(sample_programs, name):
    for prog in sample_programs.values():
        m = measure(prog, _kpi(name))
        assert isinstance(m, Measurement)
        if m.measurable:
            assert m.lower <= m.value <= m.upper
