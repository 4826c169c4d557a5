"""Client text never acts in a page (issue 15 item 1): a program whose every text field holds
hostile markup is reported with the real notebooks, each client page is opened in Chromium, and
the DOM must hold no element, attribute or script that came from the data, and no handler ran."""
import shutil
from pathlib import Path

import pytest

from workbench.pdf import chromium_path

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "data" / "programs" / "onboarding-pilot"
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]

IMG = "<img src=x onerror=window.__pwned=1 class=wbx>"
SCRIPT = "<script>window.__pwned=2</script>"
SVG = "<svg onload=window.__pwned=3 class=wbx></svg>"
LINK = "[click](javascript:window.__pwned=4)"


def hostile_program(folder: Path) -> Path:
    dest = folder / "hostile"
    shutil.copytree(SAMPLE, dest)
    cfg = (dest / "program.yaml").read_text(encoding="utf-8")
    cfg = cfg.replace("client: Northwind Logistics", f"client: '{IMG} Northwind'")
    cfg = cfg.replace("program: New-hire onboarding buddy pilot", f"program: '{SCRIPT} Pilot {LINK}'")
    cfg = cfg.replace("- name: Mentee satisfaction", f"- name: '{SVG} Mentee satisfaction'")
    cfg = cfg.replace("  sponsor: Chief People Officer", f"  sponsor: '{IMG}'")
    (dest / "program.yaml").write_text(cfg, encoding="utf-8")
    wf = (dest / "workforce.csv").read_text(encoding="utf-8")
    (dest / "workforce.csv").write_text(wf.replace(",Engineering,", f",{IMG}Engineering,")
                                          .replace(",Berlin,", f",{SCRIPT}Berlin,"), encoding="utf-8")
    people = (dest / "people.csv").read_text(encoding="utf-8")
    (dest / "people.csv").write_text(people.replace("time management", f"{SVG}time management"),
                                     encoding="utf-8")
    return dest


def test_no_markup_from_the_data_in_any_client_page(tmp_path):
    if not chromium_path():
        pytest.fail("chromium is not installed: run `make browser-setup`")
    from playwright.sync_api import sync_playwright
    from workbench.report.run import report_program
    program = hostile_program(tmp_path)
    result = report_program(program, tmp_path / "reports")
    assert result.status == "ok", (result.notebook, result.error, result.problems[:3])
    bundle = tmp_path / "reports" / "hostile"
    pages = sorted(p for p in bundle.glob("*.html"))
    assert len(pages) >= 5
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium_path(), args=FLAGS)
        try:
            page = browser.new_page()
            for html in pages:
                page.goto(html.as_uri(), wait_until="load")
                page.wait_for_timeout(100)
                found = page.evaluate("""() => ({
                    pwned: window.__pwned || null,
                    injected: document.querySelectorAll('.wbx, img[src="x"], svg[onload]').length,
                    handlers: [...document.querySelectorAll('*')].filter(e =>
                        [...e.attributes].some(a => a.name.startsWith('on') && a.value.includes('__pwned'))).length,
                    scripts: [...document.scripts].filter(s => s.text.includes('__pwned')).length,
                    links: [...document.links].filter(a => a.href.startsWith('javascript:')).length,
                    text: document.body.innerText.length > 0,
                    client: document.body.innerText.includes('<img src=x onerror=window.__pwned=1 class=wbx> Northwind'),
                })""")
                # the hostile name is shown as text where the page names the client
                expected_client = html.name == "index.html" or found["client"]
                assert found == {"pwned": None, "injected": 0, "handlers": 0, "scripts": 0,
                                 "links": 0, "text": True, "client": expected_client}, html.name
        finally:
            browser.close()
