"""The two tiers of tests are wired as the README says: `make test` leaves out what is marked
`slow`, `make test-all` runs it and is what CI (`.ci/run`) calls; every marker used is registered
(an unregistered one, e.g. a typo of `slow`, would silently put a slow test in the fast tier)."""
from __future__ import annotations

import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _recipe(target: str) -> str:
    text = (ROOT / "Makefile").read_text()
    m = re.search(rf"^{re.escape(target)}:.*\n((?:\t.*\n)+)", text, re.M)
    assert m, f"Makefile has no target {target}"
    return m.group(1)


def _registered() -> set[str]:
    cfg = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["pytest"]["ini_options"]
    return {m.split(":")[0].strip() for m in cfg["markers"]}


def test_make_test_is_the_fast_tier_and_make_test_all_runs_everything():
    fast, everything = _recipe("test"), _recipe("test-all")
    assert "-m 'not slow and not browser'" in fast
    assert "pytest" in everything and "-m 'not browser'" in everything and "slow" not in everything
    for recipe in (fast, everything):    # the same places, notebooks and doctests included
        assert "workbench tests notebooks" in recipe and "--nbval-lax" in recipe and "--doctest-modules" in recipe


def test_ci_runs_every_test_and_the_readme_says_so():
    ci = (ROOT / ".ci" / "run").read_text()
    assert "set -euo pipefail" in ci and re.search(r"^make test-all$", ci, re.M)
    readme = (ROOT / "README.md").read_text()
    assert "make demo" in readme and "make test " in readme
    assert ".ci/run" in readme and "make test-all" in readme


def test_every_marker_used_is_registered():
    assert {"slow", "browser"} <= _registered()
    builtin = {"parametrize", "skip", "skipif", "xfail", "filterwarnings", "usefixtures"}
    used = set()
    for path in (ROOT / "tests").rglob("*.py"):
        used |= set(re.findall(r"pytest\.mark\.([A-Za-z_]\w*)", path.read_text()))
    assert used - builtin <= _registered(), f"unregistered markers: {sorted(used - builtin - _registered())}"
