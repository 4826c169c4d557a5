"""The portfolio page (issue 16 item 5, issue 32): one row per program with its published typed
figures, sortable, small multiples with text alternatives, offline, nothing a program's pages hid;
no folder name becomes a script link; no problem text (it may name people) on the client page."""
import json
import re

from workbench.present import FIGURES_FILE, KeyFigure
from workbench.portfolio import link, portfolio_html, read_row, write_portfolio


def bundle(out, slug, heads, figures=(), pdf=False):
    (out / slug).mkdir(parents=True)
    (out / slug / "manifest.json").write_text(json.dumps({"headlines": heads, "title": slug}))
    (out / slug / FIGURES_FILE).write_text(json.dumps({f.label: f.to_dict() for f in figures}))
    (out / slug / "index.html").write_text("<html></html>")
    if pdf:
        (out / slug / "report.pdf").write_bytes(b"%PDF-1.4")


def test_rows_figures_links_and_charts(tmp_path):
    bundle(tmp_path, "alpha", {"Client": "Acme <Ltd>", "Program": "Pilot", "Format": "one-to-one"},
           [KeyFigure.count("Participants", 50), KeyFigure.share("Match rate", 0.48),
            KeyFigure.share("Pairs on track", 0.32), KeyFigure.fraction("KPIs met or on track", 1, 3)],
           pdf=True)
    bundle(tmp_path, "beta", {"Client": "Beta", "Program": "Circles", "Format": "circles"},
           [KeyFigure.count("Participants", 1200), KeyFigure.withheld("Match rate", "small group"),
            KeyFigure.fraction("KPIs met or on track", 2, 2)])
    rows = [read_row(tmp_path, "alpha"), read_row(tmp_path, "beta", "failed", "04_kpi_review: boom")]
    page = write_portfolio(tmp_path, rows).read_text()
    assert "Acme &lt;Ltd&gt;" in page and "<Ltd>" not in page                   # escaped
    assert "href='./alpha/report.pdf'" in page and "beta/report.pdf" not in page
    assert "href='./beta/index.html'" in page
    assert "boom" not in page and "not reported: the run failed (see the analyst log)" in page
    assert 'data-sort="0.48"' in page and 'data-sort="1200"' in page
    # a hidden figure is shown as hidden, never charted
    assert re.search(r"<td class='num'>hidden</td>", page)
    labels = re.findall(r"aria-label='([^']*)'", page)
    assert len(labels) == 3
    assert "Match rate by program: alpha 48 %; beta not shown." in labels
    assert "KPIs met or on track by program: alpha 1 of 3; beta 2 of 2." in labels
    assert "http://" not in page.replace("http://www.w3.org/2000/svg", "") and "https://" not in page


def test_a_headline_without_its_typed_value_is_shown_never_parsed(tmp_path):
    bundle(tmp_path, "old", {"Client": "Old", "Match rate": "48 %"})
    row = read_row(tmp_path, "old")
    assert row.figures["Match rate"].text == "48 %" and row.figures["Match rate"].value is None
    assert 'data-sort' not in portfolio_html([row])


def test_a_javascript_folder_name_is_not_a_link(tmp_path):
    slug = "javascript:alert(document.domain)"
    bundle(tmp_path, slug, {"Client": "X", "Program": "P"}, pdf=True)
    page = portfolio_html([read_row(tmp_path, slug)])
    hrefs = re.findall(r"href=['\"]([^'\"]*)['\"]", page)
    assert hrefs and all(h.startswith("./") for h in hrefs)
    assert not re.search(r"href=['\"]\s*javascript:", page, re.I)
    assert link(slug, "index.html") == "./javascript%3Aalert%28document.domain%29/index.html"


def test_an_invalid_program_shows_no_problem_text(tmp_path):
    note = "input: people.csv:4:2: employee E1027 is not in the workforce; fix the id"
    page = portfolio_html([read_row(tmp_path, "gamma", "invalid", note)])
    assert "E1027" not in page and "people.csv" not in page
    assert "not reported: invalid data (see the analyst log)" in page


def test_empty_portfolio():
    page = portfolio_html([])
    assert "0 programs" in page and "<figure" not in page


def test_the_portfolio_carries_a_policy_allowing_its_sort_script_alone():
    import base64
    import hashlib
    import html as _html
    from workbench.portfolio import SORT_SCRIPT
    page = portfolio_html([])
    policy = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]*)">', page)
    assert policy and page.index(policy.group(0)) < page.index("<script>")     # before any script
    script_src = re.search(r"script-src ([^;]*)", _html.unescape(policy.group(1))).group(1)
    assert "unsafe-inline" not in script_src and "'none'" not in script_src
    scripts = re.findall(r"<script>(.*?)</script>", page, re.S)
    assert scripts == [SORT_SCRIPT]
    digest = base64.b64encode(hashlib.sha256(scripts[0].encode()).digest()).decode()
    assert script_src == f"'sha256-{digest}'"
