"""The facade (issue 33 item 6): ``workbench`` names what users call, a few dozen names in an
explicit ``__all__``, each the very object of its home module, imported on first use so that
``import workbench`` and the command line stay light."""
import importlib
import subprocess
import sys

import pytest

import workbench

CONTRACT = {"load_program", "report_program", "run_batch", "assign", "pair_up", "stable", "suggest",
            "Tuner", "save_settings", "evaluate", "comparison_group", "scorecard"}


def test_all_is_explicit_and_small():
    assert 20 <= len(workbench.__all__) <= 60
    assert len(set(workbench.__all__)) == len(workbench.__all__)
    assert set(workbench.__all__) == set(workbench._HOME)
    assert CONTRACT <= set(workbench.__all__)


@pytest.mark.parametrize("name", workbench.__all__)
def test_each_name_is_its_home_modules_object(name):
    module, attr = workbench._HOME[name]
    assert getattr(workbench, name) is getattr(importlib.import_module(module), attr)
    assert name in dir(workbench)


def test_an_unknown_name_is_an_attribute_error():
    with pytest.raises(AttributeError, match="no attribute 'asign'"):
        workbench.asign   # noqa: B018


def test_import_workbench_stays_light():
    code = ("import sys, workbench; heavy = [m for m in ('workbench.matching', 'workbench.evaluation', "
            "'workbench.report', 'pandas') if m in sys.modules]; print(heavy)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_star_import_gives_the_facade():
    space = {}
    exec("from workbench import *", space)
    assert set(workbench.__all__) <= set(space)
