"""Results that show themselves (issue 33 item 6): the common battery over every result type of
:mod:`workbench.results` (like scikit-learn's common tests). Each has ``summary()``, ``to_frame()``
(rows, a copy) and ``_repr_html_()``, and a hostile label in any of its text fields or tables
comes out escaped. A result type that takes the mixin joins the battery (the drift test)."""
from __future__ import annotations

import dataclasses
import importlib
import pkgutil
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import workbench
from workbench.results import Shown
from workbench.scoring.match import match_program

SAMPLES = Path(__file__).resolve().parent.parent / "data" / "programs"

HOSTILE = "<script>alert('x')</script>"
ESCAPED = "&lt;script&gt;"


@pytest.fixture(scope="module")
def program():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return workbench.load_program(SAMPLES / "onboarding-round-2")   # two rounds, compared KPIs


def _evaluation(p):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return workbench.evaluations(p)[0]


def _hybrid(p):
    from workbench.scoring.modes import Hybrid
    r = workbench.assign(np.random.default_rng(0).random((6, 4)), capacity=2)
    return Hybrid(r.pairs, "mentees", r.matched, r.total, r.matched, r.total, 0, 0, 6)


def _match_quality(p):
    from workbench.kpi.match_outcomes import match_quality
    return match_quality(p)


def _scorecard(p):
    from workbench.kpi.scorecard import Scorecard
    # the real scorecard takes seconds on a program; the display only reads its table
    table = pd.DataFrame({"kpi": ["retention", "promotion"], "status": ["met", "off track"],
                          "current": [0.91, 0.12]})
    return Scorecard(table)


# result type -> how to get one from a program (the real computation where it is cheap)
MAKERS = {
    "Estimate": lambda p: _evaluation(p).raw,
    "OutcomeEvaluation": _evaluation,
    "Balance": lambda p: _evaluation(p).balance,
    "Return": lambda p: workbench.returns(_evaluation(p), program_cost=1000.0, cost_per_leaver=500.0,
                                          currency="EUR")[0],
    "Scorecard": _scorecard,
    "MatchOutcome": match_program,
    "MatchResult": lambda p: workbench.shortlists(np.random.default_rng(1).random((5, 3)), k=2, capacity=2),
    "Hybrid": _hybrid,
    "NextLevelPlan": workbench.next_level_plan,
    "EvidenceRow": lambda p: workbench.evidence_plan(p)[0],
    "RoundsView": workbench.rounds_view,
    "ExitCurves": workbench.exit_curves,
    "MatchQuality": _match_quality,
    "SurveyResults": workbench.survey_results,
}


def _poisoned(result):
    """The result with every text field and every table carrying the hostile label (a cell of
    each text column, a column name)."""
    changes = {}
    for f in dataclasses.fields(result):
        v = getattr(result, f.name)
        if isinstance(v, str):
            changes[f.name] = HOSTILE
        elif isinstance(v, pd.DataFrame) and len(v.columns):
            v = v.copy()
            for col in v.columns:
                if v[col].dtype == object:
                    v[col] = v[col].astype(object)
                    v.iloc[0, v.columns.get_loc(col)] = HOSTILE
            changes[f.name] = v.rename(columns={v.columns[-1]: HOSTILE})
    return dataclasses.replace(result, **changes)


def _shown_types():
    for info in pkgutil.walk_packages(workbench.__path__, "workbench."):
        if info.name.split(".")[-1] not in ("__main__",):
            importlib.import_module(info.name)
    found, todo = set(), [Shown]
    while todo:
        for sub in todo.pop().__subclasses__():
            if sub.__module__.startswith("workbench."):
                found.add(sub.__name__)
            todo.append(sub)
    return found


def test_every_result_type_is_in_the_battery():
    assert _shown_types() == set(MAKERS)


@pytest.fixture(scope="module", params=sorted(MAKERS))
def result(request, program):
    return MAKERS[request.param](program)


def test_to_frame_has_rows_and_is_a_copy(result):
    assert isinstance(result, Shown)
    frame = result.to_frame()
    assert isinstance(frame, pd.DataFrame) and len(frame) > 0 and len(frame.columns) > 0
    rows = len(frame)
    frame.drop(frame.index, inplace=True)
    frame["added"] = 1
    again = result.to_frame()
    assert len(again) == rows and "added" not in again.columns   # the result is untouched


def test_summary_is_text_with_the_title_and_the_figures(result):
    text = result.summary()
    assert isinstance(text, str) and text.startswith(result._title())
    first = str(result.to_frame().columns[0])
    assert first in text


def test_repr_html_is_a_table_with_every_label_escaped(result):
    page = result._repr_html_()
    assert "<table" in page and "</table>" in page
    hostile = _poisoned(result)
    page = hostile._repr_html_()
    assert HOSTILE not in page and "<script" not in page
    assert ESCAPED in page
    assert HOSTILE in hostile.summary() or HOSTILE in hostile.to_frame().to_string()   # plain text stays plain


def test_the_display_leaves_the_client_pages_alone():
    """``_repr_html_`` is the analyst's notebook view: no view module calls it or ``to_frame``."""
    from pathlib import Path
    views = Path(workbench.__file__).parent / "views"
    for path in views.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        assert "_repr_html_" not in text and ".summary()" not in text, path


def test_match_outcome_shows_its_totals_and_keeps_them_as_data(program):
    """``MatchOutcome.summary()`` is the text; its figures are the ``totals`` dict (the field was
    called ``summary`` and hid the method)."""
    out = match_program(program)
    assert callable(out.summary) and isinstance(out.totals, dict)
    t = out.totals
    text = out.summary()
    assert text.startswith("MatchOutcome (") and f"{t['matched']} of {t['mentees']} matched" in text
    assert f"{len(out.unmatched)} unmatched" in text
    assert list(out.to_frame().columns) == list(out.pairs.columns) and len(out.to_frame()) == t["matched"]
