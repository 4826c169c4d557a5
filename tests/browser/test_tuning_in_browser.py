"""An analyst tuning the matching in JupyterLab: notebook 03 runs on the leadership sample (a copy),
headless Chromium (Debian's package, driven by Playwright) moves a weight slider, pins scenario A,
tries B, saves, and resets. A screenshot is kept in tests/browser/artifacts/ as the test's artifact.
"""
import difflib
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
from jupyterlab import lab_server, launch, panel_page, prepare, weight_handle  # noqa: E402

pytestmark = pytest.mark.browser

ARTIFACTS = Path(__file__).resolve().parent / "artifacts"


def _wait_text(page, selector: str, text: str, present: bool = True, timeout: int = 60_000):
    page.wait_for_function(
        "([sel, text, present]) => { const el = document.querySelector(sel);"
        " return !!el && el.innerText.includes(text) === present; }",
        arg=[selector, text, present], timeout=timeout)


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    work = tmp_path_factory.mktemp("lab")
    program = prepare(work, "leadership-accelerator")
    with lab_server(work) as (base, token):
        yield base, token, program


def test_tuning_in_jupyterlab_compare_save_and_reset(lab):
    from playwright.sync_api import sync_playwright
    base, token, program = lab
    original = (program / "program.yaml").read_text()
    ARTIFACTS.mkdir(exist_ok=True)
    with sync_playwright() as p:
        browser = launch(p)
        try:
            page = panel_page(browser, base, token)
            diff = page.locator(".wb-tuning .wb-diff")
            assert "Same matching as saved" in diff.inner_text()   # capacity is each mentor's own
            capacity = page.locator(".wb-tuning select").first.evaluate(
                r"s => s.selectedIndex >= 0 ? s.options[s.selectedIndex].text.replace(/\s/g, ' ') : ''")
            assert capacity == "each mentor's own"

            # move the first weight (overlap, 3) to 0: mentees change mentor, with reasons
            weight_handle(page, 0).focus()
            weight_handle(page, 0).press("Home")
            _wait_text(page, ".wb-tuning .wb-diff", "Same matching", present=False)
            text = diff.inner_text()
            assert "of 500 mentees change mentor" in text and "overlap weight 3 → 0" in text
            assert "nan" not in text.lower()

            # pin it as A, try B (preference weight up): both side by side
            page.get_by_role("button", name="Pin as scenario A").click()
            _wait_text(page, ".wb-tuning .wb-compare", "Scenario A against B")
            compare = page.locator(".wb-tuning .wb-compare")
            pinned = compare.inner_text()
            weight_handle(page, 4).focus()
            weight_handle(page, 4).press("End")
            page.wait_for_function("([t]) => document.querySelector('.wb-tuning .wb-compare').innerText !== t",
                                   arg=[pinned], timeout=60_000)
            assert "Coverage by department" in compare.inner_text()
            page.locator(".wb-tuning").screenshot(path=str(ARTIFACTS / "tuning.png"))

            # save: exactly these settings, only the changed lines of program.yaml differ
            page.get_by_role("button", name="Save these settings").click()
            _wait_text(page, ".wb-tuning", "now the saved ones")
            _wait_text(page, ".wb-tuning .wb-diff", "Same matching as saved")
            saved = (program / "program.yaml").read_text()
            changed = [l for l in difflib.unified_diff(original.splitlines(), saved.splitlines(),
                                                       lineterm="", n=0)
                       if l[:1] in "+-" and l[:3] not in ("+++", "---")]
            assert changed == ["-    weight: 3.0", "+    weight: 0.0", "-    weight: 2.0", "+    weight: 5.0"]

            # reset after another move goes back to what was just saved
            weight_handle(page, 1).focus()
            weight_handle(page, 1).press("End")
            _wait_text(page, ".wb-tuning .wb-diff", "Same matching", present=False)
            page.get_by_role("button", name="Reset to saved").click()
            _wait_text(page, ".wb-tuning .wb-diff", "Same matching as saved")
            assert weight_handle(page, 0).get_attribute("aria-valuenow") in ("0", "0.0", "0.00")
        finally:
            browser.close()
