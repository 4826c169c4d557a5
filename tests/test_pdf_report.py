"""report.pdf read back (issue 30 items 5 and 8): a bundled program is reported once per test
session (`python -m workbench report`, so the portfolio is updated too), and its PDF, opened
with pypdf, holds every heading of the four pages and the summary (the markdown ``#`` lines of
the notebooks), every table heading of the pages, and contents whose page numbers point at the
pages where the sections start."""
import html
import json
import re
import unicodedata
from pathlib import Path

import pytest

from workbench import pdf

ROOT = Path(__file__).resolve().parents[1]
PROGRAM = ROOT / "data" / "programs" / "onboarding-pilot"
NOTEBOOKS = ("01_goal_setting", "02_segmentation", "03_match_optimization", "04_kpi_review")

pytestmark = [pytest.mark.skipif(pdf.chromium_path() is None,
                                 reason="chromium is not installed (make browser-setup): no report.pdf to read"),
              pytest.mark.slow]   # one report with its PDF (about 45 s): in make test-all


@pytest.fixture(scope="session")
def bundle(tmp_path_factory):
    from workbench.cli import main
    out = tmp_path_factory.mktemp("pdf-report")
    code = main(["report", str(PROGRAM), "--out", str(out)])
    assert code == 0
    return out / PROGRAM.name


def _flat(text: str) -> str:
    """Text without spaces or line breaks (a wrapped cell breaks lines anywhere), ligatures and
    the PDF's typographic forms folded."""
    return "".join(unicodedata.normalize("NFKC", text).split())


@pytest.fixture(scope="session")
def pdf_pages(bundle):
    import pypdf
    reader = pypdf.PdfReader(str(bundle / "report.pdf"))
    return [p.extract_text() or "" for p in reader.pages]


def _texts(fragment: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", fragment)).split())


def _headings(page: str) -> list[str]:
    page = re.sub(r'<a class="anchor-link".*?</a>', "", page)
    return [t for t in (_texts(h) for h in re.findall(r"<h[1-3]\b[^>]*>(.*?)</h[1-3]>", page, re.S)) if t]


def _markdown_headings() -> list[str]:
    out = []
    for nb in NOTEBOOKS:
        cells = json.loads((ROOT / "notebooks" / f"{nb}.ipynb").read_text())["cells"]
        for cell in cells:
            if cell["cell_type"] != "markdown" or "analyst-only" in cell.get("metadata", {}).get("tags", []):
                continue
            out += [line.lstrip("#").strip() for line in "".join(cell["source"]).splitlines()
                    if line.startswith("#")]
    return out


def _body(pdf_pages) -> str:
    """The printed pages after the contents (which list the headings too)."""
    contents = next(i for i, t in enumerate(pdf_pages) if "Contents" in t.splitlines())
    return _flat("\n".join(pdf_pages[contents + 1:]))


MARKDOWN = re.compile(r'<div class="jp-InputArea jp-Cell-inputArea">\s*<div class="[^"]*jp-RenderedMarkdown[^"]*"[^>]*>'
                      r"(.*?)</div>", re.S)


@pytest.mark.slow
def test_every_heading_and_introduction_is_printed(bundle, pdf_pages):
    text = _body(pdf_pages)
    pages = {f.name: f.read_text(encoding="utf-8") for f in sorted(bundle.glob("*.html"))}
    headings = [h for page in pages.values() for h in _headings(page)]
    page_text = _flat(" ".join(_texts(p) for p in pages.values()))
    # the notebooks' markdown headings the pages show (a section may be left out where it does
    # not apply): at least all but a few, and each of them printed
    shown = [h for h in _markdown_headings() if _flat(h) in page_text]
    assert len(shown) >= len(_markdown_headings()) - 4, set(_markdown_headings()) - set(shown)
    missing = [h for h in headings + shown if _flat(h) not in text]
    assert not missing, f"{len(missing)} of {len(headings + shown)} headings not in report.pdf: {missing[:6]}"
    # the introduction under each heading (the markdown cells' paragraphs)
    intros = [_texts(p) for page in pages.values() for cell in MARKDOWN.findall(page)
              for p in re.findall(r"<p\b[^>]*>(.*?)</p>", cell, re.S)]
    assert len(intros) >= 20
    missing = [t for t in intros if _flat(t) not in text]
    assert not missing, f"{len(missing)} of {len(intros)} introductions not in report.pdf: {missing[:3]}"


def test_every_table_heading_of_the_pages_is_printed(bundle, pdf_pages):
    text = _flat("\n".join(pdf_pages))
    missing, count = [], 0
    for page in sorted(bundle.glob("*.html")):
        for table in re.findall(r"<table\b.*?</table>", page.read_text(encoding="utf-8"), re.S):
            for th in re.findall(r"<th\b[^>]*>(.*?)</th>", table, re.S):
                label = _texts(th)
                if label:
                    count += 1
                    if _flat(label) not in text:
                        missing.append(f"{page.name}: {label}")
    assert count >= 40
    assert not missing, f"{len(missing)} of {count} table headings not in report.pdf: {missing[:8]}"


def test_contents_give_the_page_each_section_starts_on(pdf_pages):
    contents = next(i for i, t in enumerate(pdf_pages) if "Contents" in t.splitlines())
    lines = [ln.strip() for ln in pdf_pages[contents].splitlines()]
    lines = lines[lines.index("Contents") + 1:]         # the footer may be extracted first
    entries = [(m.group(1), int(m.group(2))) for ln in lines
               if (m := re.fullmatch(r"(.+?)\s+(\d+)", ln))]
    assert len(entries) >= 20, lines[:10]
    pages = len(pdf_pages)
    for title, number in entries:
        assert contents + 1 < number <= pages, (title, number)
        assert _flat(title) in _flat(pdf_pages[number - 1]), f"{title!r} is not on page {number}"


def test_report_updates_the_portfolio(bundle):
    index = bundle.parent / "index.html"
    assert index.exists()
    assert f"{PROGRAM.name}/report.pdf" in index.read_text(encoding="utf-8")
