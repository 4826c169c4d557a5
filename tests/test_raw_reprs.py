"""Issue 16 item 2: every client page of every bundled program, as the batch writes it, is free of
raw reprs: no enum names, ``nan``/``None``, floats with five or more decimals, ``p = 0.000``,
snake_case headers, two-row headers (an index or column name on a row of its own), a bare
``0, 1, 2`` index column, ``? / ?`` or an image without alternative text."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from workbench import present

SAMPLES = Path(__file__).resolve().parent.parent / "data" / "programs"
PROGRAMS = sorted(p.name for p in SAMPLES.iterdir() if (p / "program.yaml").exists())
SNAKE = re.compile(r"^[a-z0-9]+(?:_[a-z0-9]+)+$")


def page_problems(html: str) -> list[tuple[str, str]]:
    """``(kind, text)`` for every raw repr a reader of ``html`` would see."""
    soup = BeautifulSoup(html, "html.parser")
    for hidden in soup(["script", "style"]):
        hidden.decompose()
    text = soup.get_text(" ")
    found = list(present.raw_reprs(text))
    if "? / ?" in text:
        found.append(("placeholder", "? / ?"))
    for th in soup.find_all("th"):
        words = th.get_text(" ").strip()
        if SNAKE.match(words):
            found.append(("snake_case header", words))
    for table in soup.find_all("table"):
        head = table.find("thead")
        if head is not None and len(head.find_all("tr")) > 1:
            found.append(("two-row header", " | ".join(tr.get_text(" ", strip=True) for tr in head.find_all("tr"))))
        body = table.find("tbody")
        if body is not None:
            first = [row.find(["th", "td"]) for row in body.find_all("tr")]
            labels = [cell.get_text(strip=True) for cell in first if cell is not None]
            if len(labels) > 1 and labels == [str(i) for i in range(len(labels))]:
                found.append(("bare index", ", ".join(labels[:3])))
    for img in soup.find_all("img"):
        if not (img.get("alt") or "").strip():
            found.append(("image without alt", str(img)[:60]))
    return found


def test_the_scan_finds_what_it_looks_for():
    """The scanner itself can fail: each artifact of the issue, shown by plain pandas, is found."""
    import pandas as pd
    frame = pd.DataFrame({"mentor_seats": [0.8271234]}, index=pd.Index(["Sales"], name="department"))
    frame.columns.name = "side"
    html = frame.to_html() + "<p>Population.mentees, nan, p = 0.000, ? / ?</p><img src='x.png'>"
    html += pd.DataFrame({"a b": [1, 2]}).to_html()
    kinds = {kind for kind, _ in page_problems(html)}
    assert kinds == {"enum repr", "nan", "long float", "p = 0.000", "placeholder", "snake_case header",
                     "two-row header", "bare index", "image without alt"}


def _client_pages(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*.html") if "_analyst" not in p.relative_to(folder).parts)


@pytest.mark.slow
@pytest.mark.parametrize("slug", PROGRAMS)
def test_no_raw_reprs_on_any_client_page(bundled_reports, slug):
    out, code, log = bundled_reports
    pages = _client_pages(out / slug)
    assert len(pages) >= 5, log        # the summary and the four stages
    problems = {p.name: page_problems(p.read_text(encoding="utf-8")) for p in pages}
    assert {name: found for name, found in problems.items() if found} == {}


@pytest.mark.slow
def test_no_raw_reprs_on_the_portfolio(bundled_reports):
    out, _, log = bundled_reports
    assert page_problems((out / "index.html").read_text(encoding="utf-8")) == [], log


def _visible_text(html: str) -> str:
    soup = BeautifulSoup(html, "html.parser")
    for hidden in soup(["script", "style"]):
        hidden.decompose()
    return soup.get_text(" ")


@pytest.mark.slow
@pytest.mark.parametrize("slug", PROGRAMS)
def test_no_identifier_or_config_syntax_on_any_client_page(bundled_reports, slug):
    """Issue 30 item 7, on the pages as written (the notebooks' words, the summary, the footers):
    no ``level_gap``, ``one_to_one``, ``matching.rules``, ``key: value`` or backticks."""
    from test_client_language import client_text_problems
    out, _, log = bundled_reports
    pages = _client_pages(out / slug) + [out / "index.html"]
    problems = {p.name: client_text_problems(_visible_text(p.read_text(encoding="utf-8"))) for p in pages}
    assert {name: found for name, found in problems.items() if found} == {}, log


def script_policy_problems(html: str) -> list[str]:
    """What is wrong with a page's Content-Security-Policy for scripts (empty: a policy in a meta
    tag before any script, allowing no inline script but by hash)."""
    import html as _html
    m = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]*)"', html)
    if m is None:
        return ["no Content-Security-Policy"]
    policy = _html.unescape(m.group(1))
    found = []
    script_src = re.search(r"script-src ([^;]*)", policy)
    if script_src is None and "default-src 'none'" not in policy:
        found.append("scripts not restricted")
    if script_src is not None and ("unsafe-inline" in script_src.group(1) or "*" in script_src.group(1)):
        found.append(f"script-src {script_src.group(1)}")
    first_script = html.find("<script")
    if first_script != -1 and first_script < m.start():
        found.append("a script before the policy")
    return found


def test_the_policy_check_can_fail():
    assert script_policy_problems("<html><script>x</script></html>") == ["no Content-Security-Policy"]
    bad = "<meta http-equiv=\"Content-Security-Policy\" content=\"script-src 'unsafe-inline'\">"
    assert script_policy_problems(bad) == ["script-src 'unsafe-inline'"]


@pytest.mark.slow
def test_every_page_the_batch_writes_carries_a_script_policy(bundled_reports):
    """Issue 30 item 3: the program pages, the summaries and the portfolio ``reports/index.html``."""
    out, _, log = bundled_reports
    pages = [p for slug in PROGRAMS for p in _client_pages(out / slug)] + [out / "index.html"]
    problems = {str(p.relative_to(out)): script_policy_problems(p.read_text(encoding="utf-8")) for p in pages}
    assert {name: found for name, found in problems.items() if found} == {}, log
