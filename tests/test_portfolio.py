"""The portfolio page (issue 16 item 5): one row per program with its published figures, sortable,
small multiples with text alternatives, offline, nothing a program's pages hid."""
import json
import re

from workbench.portfolio import headline_number, portfolio_html, read_row, write_portfolio


def bundle(out, slug, heads, pdf=False):
    (out / slug).mkdir(parents=True)
    (out / slug / "manifest.json").write_text(json.dumps({"headlines": heads, "title": slug}))
    (out / slug / "index.html").write_text("<html></html>")
    if pdf:
        (out / slug / "report.pdf").write_bytes(b"%PDF-1.4")


def test_rows_figures_links_and_charts(tmp_path):
    bundle(tmp_path, "alpha", {"Client": "Acme <Ltd>", "Program": "Pilot", "Format": "one-to-one",
                               "Participants": 50, "Mentees matched": "48%", "Pairs on track": "32%",
                               "KPIs met or on track": "1 of 3"}, pdf=True)
    bundle(tmp_path, "beta", {"Client": "Beta", "Program": "Circles", "Format": "circles",
                              "Participants": 1200, "Mentees matched": "hidden",
                              "KPIs met or on track": "2 of 2"})
    rows = [read_row(tmp_path, "alpha"), read_row(tmp_path, "beta", "failed", "04_kpi_review: boom")]
    page = write_portfolio(tmp_path, rows).read_text()
    assert "Acme &lt;Ltd&gt;" in page and "<Ltd>" not in page                   # escaped
    assert "href='alpha/report.pdf'" in page and "beta/report.pdf" not in page
    assert "href='beta/index.html'" in page and "04_kpi_review: boom" in page
    assert 'data-sort="0.48"' in page and 'data-sort="1200"' in page
    # a hidden figure is shown as hidden, never charted
    assert re.search(r"<td class='num'>hidden</td>", page)
    labels = re.findall(r"aria-label='([^']*)'", page)
    assert len(labels) == 3
    assert "Match rate by program: alpha 48%; beta not shown." in labels
    assert "KPIs met or on track by program: alpha 1 of 3; beta 2 of 2." in labels
    assert "http://" not in page.replace("http://www.w3.org/2000/svg", "") and "https://" not in page


def test_headline_numbers():
    assert headline_number("12,345") == 12345.0 and headline_number(7) == 7.0
    assert headline_number("32 %") == 0.32 and headline_number("0 of 0") is None
    assert headline_number("one-to-one") is None and headline_number(True) is None


def test_empty_portfolio():
    page = portfolio_html([])
    assert "0 program(s)" in page and "<figure" not in page
