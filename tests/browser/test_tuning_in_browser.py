"""A person tuning weights: Voila serves notebook 03 on localhost, headless Chromium (Debian's
package, driven by Playwright) moves a weight slider, and the summary and the diff change.

A screenshot is kept in tests/browser/artifacts/ as the test's artifact.
"""
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def voila(tmp_path_factory):
    if not Path(CHROMIUM).exists():
        pytest.fail("chromium is not installed: run `make browser-setup`")
    port = _free_port()
    # serve a copy so "Save these weights" in a test never touches the bundled sample
    work = tmp_path_factory.mktemp("voila")
    shutil.copytree(ROOT / "notebooks", work / "notebooks")
    shutil.copytree(ROOT / "data", work / "data")
    log = open(work / "voila.log", "w")
    proc = subprocess.Popen(
        [sys.executable, "-m", "voila", "notebooks/03_match_optimization.ipynb", f"--port={port}",
         "--no-browser", "--Voila.ip=127.0.0.1", "--show_tracebacks=True"],
        cwd=work, stdout=log, stderr=subprocess.STDOUT, env={**os.environ, "PYTHONUNBUFFERED": "1"})
    url = f"http://127.0.0.1:{port}/"
    deadline = time.time() + 60
    while time.time() < deadline:
        try:
            urllib.request.urlopen(url, timeout=2)
            break
        except OSError:
            time.sleep(0.5)
    else:
        proc.terminate()
        pytest.fail("voila did not start:\n" + (work / "voila.log").read_text()[-2000:])
    yield url
    proc.terminate()
    try:
        proc.wait(10)
    except subprocess.TimeoutExpired:
        proc.kill()
    log.close()


def test_moving_a_weight_slider_changes_summary_and_diff(voila):
    from playwright.sync_api import sync_playwright
    ARTIFACTS.mkdir(exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        page = browser.new_page(viewport={"width": 1200, "height": 2200})
        page.goto(voila, timeout=120_000)
        summary = page.locator(".wb-summary")
        summary.wait_for(timeout=120_000)
        diff = page.locator(".wb-diff")
        before_summary, before_diff = summary.inner_text(), diff.inner_text()
        assert "Same matching" in before_diff
        # the first weight slider is the first criterion ("overlap"): drag it to zero
        handle = page.locator(".wb-tuning .widget-slider .noUi-handle").first
        handle.focus()
        handle.press("Home")
        page.wait_for_function(
            "([s]) => !document.querySelector('.wb-diff').innerText.includes('Same matching')",
            arg=[before_summary], timeout=60_000)
        after_summary, after_diff = summary.inner_text(), diff.inner_text()
        page.screenshot(path=str(ARTIFACTS / "tuning.png"), full_page=True)
        browser.close()
    assert after_summary != before_summary
    assert "change mentor" in after_diff
