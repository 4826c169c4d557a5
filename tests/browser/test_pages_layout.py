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


ID_COLUMNS = ("mentee", "mentor", "person", "alternative", "a", "b")


def _analyst_ids(folder: Path) -> set:
    """Every person or pair id the analyst folder's lists name."""
    import pandas as pd
    ids = set()
    for csv in folder.rglob("*.csv"):
        frame = pd.read_csv(csv, dtype=str)
        for col in frame.columns:
            if col.endswith("_id") or col in ID_COLUMNS:
                ids |= {v for v in frame[col].dropna() if len(v) >= 4 and any(ch.isdigit() for ch in v)}
    return ids


@pytest.mark.parametrize("slug", PROGRAMS)
def test_the_client_bundle_and_pdf_link_nothing_of_the_analyst(reports, slug):
    """Issue 14 item 5: the client index, pages and PDF link nothing of the analyst folder, and no
    id of its named lists appears in the client bundle (pages, exports, PDF text)."""
    import html as html_lib
    import re

    import pypdf
    from workbench.report.publishing import ANALYST_DIR
    bundle, analyst = reports / slug, reports / ANALYST_DIR / slug
    pdf = bundle / "report.pdf"
    assert pdf.exists(), f"{slug}: no report.pdf"
    reader = pypdf.PdfReader(pdf)
    text = "\n".join(p.extract_text() or "" for p in reader.pages)
    uris = [a.get_object().get("/A", {}).get("/URI", "") for p in reader.pages
            for a in (p.get("/Annots") or [])]
    assert not [u for u in uris if ANALYST_DIR in str(u) or "analyst" in str(u)], f"{slug}: {uris}"
    ids = _analyst_ids(analyst) if analyst.exists() else set()
    client = {"report.pdf": text}
    for f in bundle.rglob("*"):
        if f.suffix in (".html", ".csv", ".md", ".txt", ".json") and "analyst" not in f.name:
            client[f.relative_to(bundle).as_posix()] = f.read_text(encoding="utf-8", errors="replace")
    for name, body in client.items():
        if name.endswith(".html"):
            links = re.findall(r"""(?:href|src)\s*=\s*["']([^"']+)""", body)
            assert not [u for u in links if ANALYST_DIR in u or "analyst" in u], f"{slug}/{name}"
            body = html_lib.unescape(re.sub(r"<[^>]+>", " ", body))
        found = sorted(i for i in ids if re.search(rf"(?<![\w-]){re.escape(i)}(?![\w-])", body))
        assert not found, f"{slug}/{name} names {found[:5]} from the analyst's lists"
