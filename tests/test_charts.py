"""Charts a client reads (issue 30.6): tick labels that never overlap (measured with matplotlib's
renderer), one unit per axes (the KPI trend split by scale), and a sentence instead of an empty
chart."""
import pandas as pd
import pytest

from workbench.charts import LineChart, _overlap, share_bars, tick_label_boxes
from workbench.views.stage4 import kpi_review, trend_section


def months(n):
    return [d.strftime("%b %Y") for d in pd.date_range("2024-01-01", periods=n, freq="MS")]


def assert_readable(chart):
    fig = chart.figure
    for ax in fig.axes:
        boxes = tick_label_boxes(fig, ax)
        assert not _overlap(boxes, pad=0), [t.get_text() for t in ax.get_xticklabels()]
    bottom = fig.axes[-1]
    shown = [t.get_text() for t in bottom.get_xticklabels() if t.get_text()]
    assert shown and shown[0] == str(chart.data.index[0])      # labelled from the first point
    return shown


@pytest.mark.parametrize("n", [3, 12, 24, 40])
def test_month_labels_never_overlap_and_stay_in_order(n):
    data = pd.DataFrame({"meetings held": range(n), "planned": [n] * n}, index=months(n))
    chart = LineChart(data, "Meetings per month against the plan", "alt", ylabel="meetings")
    shown = assert_readable(chart)
    assert shown == [m for m in months(n) if m in shown]         # a subset, in order
    if n <= 6:
        assert shown == months(n)                                # few months: every one labelled


def test_overlap_detector_sees_overlapping_labels():
    """The measure the tests rely on: every label of 40 months, unthinned, does overlap."""
    import matplotlib.pyplot as plt
    fig, ax = plt.subplots(figsize=(8, 3.6))
    ax.plot(range(40), range(40))
    ax.set_xticks(range(40))
    ax.set_xticklabels(months(40))
    assert _overlap(tick_label_boxes(fig, ax), pad=0)
    plt.close(fig)


@pytest.mark.slow
def test_bundled_meetings_charts_are_readable(sample_programs):
    checked = 0
    for slug, program in sample_programs.items():
        section = kpi_review(program).sections.get("meetings")
        if section is None or section.chart is None or section.chart.empty:
            continue
        assert_readable(section.chart)
        checked += 1
    assert checked >= 3


def test_kpi_trend_gets_one_axes_per_unit():
    points = pd.DataFrame({
        "kpi": ["Goal progress"] * 3 + ["Retention"] * 3 + ["Cadence"] * 3,
        "as_of": list(pd.to_datetime(["2025-03-31", "2025-06-30", "2025-09-30"]).date) * 3,
        "value": [40.0, 55.0, 62.0, 0.95, 0.93, 0.91, 0.6, 0.7, 0.72],
        "scale": ["0–100 %"] * 3 + ["0–1"] * 6})
    chart = trend_section(points).chart
    fig = chart.figure
    assert len(fig.axes) == 2
    units = {}
    for ax in fig.axes:
        labels = {ln.get_label() for ln in ax.get_lines()}
        assert len({points.loc[points["kpi"] == k, "scale"].iloc[0] for k in labels}) == 1
        units[ax.get_ylabel()] = labels
        lo, hi = ax.get_ylim()
        if labels == {"Retention", "Cadence"}:   # the shares in percent, as the scorecard prints them
            assert 90 < max(max(ln.get_ydata()) for ln in ax.get_lines()) <= 100 and hi <= 105
    assert units == {"value (0–100 %)": {"Goal progress"}, "value (0–100 %, share)": {"Retention", "Cadence"}}
    assert "Retention: 31 Mar 2025 95 %" in chart.alt
    assert_readable(chart)


@pytest.mark.slow
def test_bundled_kpi_trend_charts_hold_one_unit_per_axes(sample_programs):
    from workbench.metrics import METRICS
    for slug, program in sample_programs.items():
        chart = kpi_review(program)["trend"].chart
        if chart is None or chart.empty:
            continue
        scale = {k.name: METRICS[k.metric].scale for k in program.config.kpis}
        for ax in chart.figure.axes:
            assert len({scale[ln.get_label()] for ln in ax.get_lines()}) == 1, slug


def test_an_empty_chart_is_a_sentence_not_a_frame():
    chart = LineChart(pd.DataFrame(), "Share still employed", "alt", caption="Not drawn: mentees.")
    html = chart._repr_html_()
    assert "<svg" not in html and "nothing to draw" in html and "Not drawn: mentees." in html
    full = LineChart(pd.DataFrame({"a": [1.0, 2.0]}, index=["Jan 2025", "Feb 2025"]), "T", "alt")
    assert "<svg" in full._repr_html_()
    nan = LineChart(pd.DataFrame({"a": [float("nan")]}, index=["Jan 2025"]), "T", "alt")
    assert nan.empty and "<svg" not in nan._repr_html_()


def test_share_bars_read_in_percent_without_a_legend_repeating_the_axis():
    chart = share_bars(pd.Series({"skills": 0.43, "location": 0.29}), "Fit", xlabel="average contribution")
    ax = chart.figure.axes[0]
    assert ax.get_legend() is None
    ax.figure.canvas.draw()
    ticks = [t.get_text() for t in ax.get_xticklabels() if t.get_text()]
    assert ticks and all(t.endswith(" %") for t in ticks), ticks
