"""Every client page of every bundled program printed from the browser fits A4 and Letter (issue 30
items 5 and 8): in print media, at the text width of each paper (portrait, or landscape inside a
``.wb-landscape`` sheet), no element reaches past the printable area and nothing is clipped by
an overflow; every heading is displayed; the page prints to PDF on both papers.

``WORKBENCH_PRINT_PROGRAMS`` (comma-separated slugs; default ``all``) narrows the check, e.g. to
leadership-accelerator, whose tables are the widest (about 4 minutes for all six programs)."""
import os
from pathlib import Path

import pytest

from workbench import pdf

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]
ALL = sorted(p.parent.name for p in (ROOT / "data" / "programs").glob("*/program.yaml"))
_wanted = os.environ.get("WORKBENCH_PRINT_PROGRAMS", "all")
PROGRAMS = ALL if _wanted == "all" else [s for s in _wanted.split(",") if s in ALL]
PX_PER_MM = 96 / 25.4
MARGIN_X = pdf.MARGIN_MM[1] + pdf.MARGIN_MM[3]
PAPERS = {paper: (round((w - MARGIN_X) * PX_PER_MM), round((h - MARGIN_X) * PX_PER_MM))
          for paper, (w, h) in pdf.SHEET_MM.items()}           # text width: portrait, landscape

MEASURE = """([portrait, landscape]) => {
  const out = {wide: [], clipped: [], hiddenHeadings: []};
  const say = el => `${el.tagName.toLowerCase()}.${[...el.classList].join('.')} "${(el.innerText || '').trim().slice(0, 50)}"`;
  for (const el of document.body.querySelectorAll('*')) {
    const style = getComputedStyle(el);
    if (style.display === 'none' || style.visibility === 'hidden') continue;
    const r = el.getBoundingClientRect();
    if (r.width === 0 && r.height === 0) continue;
    const limit = el.closest('.wb-landscape') ? landscape : portrait;
    if (r.right > limit + 1 || r.left < -1)
      out.wide.push(`${say(el)} spans ${Math.round(r.left)}..${Math.round(r.right)} px of ${limit}`);
    if (['hidden', 'clip', 'auto', 'scroll'].includes(style.overflowX) && el.scrollWidth > el.clientWidth + 1)
      out.clipped.push(`${say(el)} holds ${el.scrollWidth} px in ${el.clientWidth}`);
  }
  for (const h of document.body.querySelectorAll('h1, h2, h3'))
    if (h.offsetParent === null || h.getBoundingClientRect().height === 0) out.hiddenHeadings.push(h.innerText.trim());
  return out;
}"""


@pytest.fixture(scope="module")
def reports(tmp_path_factory):
    from workbench.report.run import report_program
    out = tmp_path_factory.mktemp("print-fit")
    for slug in PROGRAMS:
        result = report_program(ROOT / "data" / "programs" / slug, out)
        assert result.status == "ok", (slug, result.notebook, result.error)
    return out


@pytest.fixture(scope="module")
def browser():
    if not pdf.chromium_path():
        pytest.fail("chromium is not installed: run `make browser-setup`")
    from playwright.sync_api import sync_playwright
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=pdf.chromium_path(), args=FLAGS)
        yield b
        b.close()


@pytest.mark.parametrize("paper", sorted(PAPERS))
@pytest.mark.parametrize("slug", PROGRAMS)
def test_every_page_fits_the_printed_sheet(reports, browser, slug, paper):
    portrait, landscape = PAPERS[paper]
    pages = sorted((reports / slug).glob("*.html"))
    assert len(pages) >= 5, f"no pages for {slug}"
    page = browser.new_page(viewport={"width": portrait, "height": 1100})
    page.emulate_media(media="print")
    problems = []
    try:
        for html in pages:
            page.goto(html.as_uri(), wait_until="load")
            found = page.evaluate(MEASURE, [portrait, landscape])
            problems += [f"{html.name} ({paper}): {p}" for p in
                         found["wide"][:3] + found["clipped"][:3] +
                         [f"heading not shown: {h}" for h in found["hiddenHeadings"][:3]]]
            pdf_bytes = page.pdf(format=paper, print_background=True)
            assert pdf_bytes[:5] == b"%PDF-", html.name
    finally:
        page.close()
    assert not problems, f"{len(problems)} problem(s):\n" + "\n".join(problems[:12])
