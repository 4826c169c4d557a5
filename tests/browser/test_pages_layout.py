"""Every client page of every bundled program at 1280 px and in print mode (issue 16 item 8): no
horizontal overflow, no console error, nothing fetched from the network; screenshots kept in
tests/browser/artifacts/pages/ for review."""
from pathlib import Path

import pytest

from workbench.pdf import chromium_path

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = Path(__file__).resolve().parent / "artifacts" / "pages"
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]
PROGRAMS = sorted(p.parent.name for p in (ROOT / "data" / "programs").glob("*/program.yaml"))


@pytest.fixture(scope="module")
def reports(tmp_path_factory):
    from workbench.batch import run_batch
    out = tmp_path_factory.mktemp("reports")
    code = run_batch(ROOT / "data" / "programs", out, workers=2)
    assert code == 0
    return out


@pytest.fixture(scope="module")
def browser():
    if not chromium_path():
        pytest.fail("chromium is not installed: run `make browser-setup`")
    from playwright.sync_api import sync_playwright
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=chromium_path(), args=FLAGS)
        yield b
        b.close()


@pytest.mark.parametrize("slug", PROGRAMS)
def test_pages_fit_1280_and_print_without_errors(reports, browser, slug):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    pages = sorted((reports / slug).glob("*.html"))
    assert pages, f"no pages for {slug}"
    for media in ("screen", "print"):
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        errors, remote = [], []
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.on("request", lambda r: remote.append(r.url) if r.url.startswith(("http:", "https:")) else None)
        page.emulate_media(media=media)
        for html in pages:
            page.goto(html.as_uri(), wait_until="load")
            overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
            assert overflow <= 1, f"{slug}/{html.name} ({media}) overflows by {overflow} px"
            page.screenshot(path=str(ARTIFACTS / f"{slug}-{html.stem}-{media}.png"), full_page=True)
        page.close()
        assert not errors, f"{slug} ({media}): console errors {errors[:3]}"
        assert not remote, f"{slug} ({media}): fetched {remote[:3]}"
