"""The portfolio ``reports/index.html`` under its Content-Security-Policy (issue 30 item 3): the
sort script runs (allowed by its sha256), any other inline script is refused by the browser."""
import sys
from pathlib import Path

import pytest

from workbench.pdf import chromium_path
from workbench.present import KeyFigure
from workbench.portfolio import read_row, write_portfolio

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from test_portfolio import bundle  # noqa: E402

pytestmark = pytest.mark.browser
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def test_the_sort_runs_under_the_policy_and_nothing_else_does(tmp_path):
    if not chromium_path():
        pytest.fail("chromium is not installed: run `make browser-setup`")
    from playwright.sync_api import sync_playwright
    for slug, n in (("alpha", 50), ("beta", 1200), ("gamma", 7)):
        bundle(tmp_path, slug, {"Client": slug.title(), "Program": "P", "Format": "one-to-one"},
               [KeyFigure.count("Participants", n)])
    page_file = write_portfolio(tmp_path, [read_row(tmp_path, s) for s in ("alpha", "beta", "gamma")])
    hostile = tmp_path / "hostile.html"       # the same page with a script the policy must refuse
    hostile.write_text(page_file.read_text().replace("</body>", "<script>window.__ran = 1</script></body>"))
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium_path(), args=FLAGS)
        try:
            page = browser.new_page()
            violations = []
            page.on("console", lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None)
            page.goto(page_file.as_uri(), wait_until="load")

            def clients():
                return page.eval_on_selector_all("tbody tr", "rows => rows.map(r => r.cells[0].textContent)")
            assert clients() == ["Alpha", "Beta", "Gamma"]
            col = next(i for i, h in enumerate(page.eval_on_selector_all(
                "th[data-col]", "hs => hs.map(h => h.textContent)")) if h == "Participants")
            page.click(f"th[data-col='{col}']")
            assert clients() == ["Gamma", "Alpha", "Beta"]          # 7, 50, 1,200: by value
            page.click(f"th[data-col='{col}']")
            assert clients() == ["Beta", "Alpha", "Gamma"]
            assert violations == []
            page.goto(hostile.as_uri(), wait_until="load")
            page.wait_for_timeout(100)
            assert page.evaluate("() => window.__ran || null") is None
            assert any("Content Security Policy" in v for v in violations)
        finally:
            browser.close()
