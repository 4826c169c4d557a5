"""The print document of report.pdf and the client pages, without a browser (issue 30 item 5,
issue 32 item 3): client strings escaped by the template (the footer's CSS string included),
the Content-Security-Policy first in every head, no script or frame, markdown kept in print,
every table fitted to a sheet."""
import html
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from workbench import pdf

PAYLOAD = ('Evil"; } </style><script>document.title="PWNED"</script>'
           '<iframe src="file:///etc/hostname"></iframe>\\ \n Corp')


def _unescape_css(literal: str) -> str:
    assert literal[0] == literal[-1] == '"'
    return re.sub(r"\\([0-9a-f]{6})", lambda m: chr(int(m.group(1), 16)), literal[1:-1])


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_css_string_is_inert_and_exact(text):
    literal = pdf.css_string(text)
    # nothing that could end the string, the rule or the <style>: letters, digits, spaces, escapes
    assert re.fullmatch(r'"(?:[A-Za-z0-9 ]|\\[0-9a-f]{6})*"', literal), literal
    assert _unescape_css(literal) == text


def test_hostile_client_strings_only_as_text():
    page = "<html><head><style>p{color:#333}</style></head><body><h2>Findings</h2><p>x</p></body></html>"
    doc = pdf.print_document([("Summary <b>1</b>", page)], client=PAYLOAD, program="<img src=x onerror=alert(1)>",
                             date="</title><script>x()</script>")
    assert "<script" not in doc.lower() and "<iframe" not in doc.lower() and "<img src=x" not in doc
    # one <style> per stylesheet and each closed once: the footer did not close one early
    assert doc.count("<style") == doc.count("</style>") == 2
    assert "&lt;script&gt;" in doc and "&lt;img src=x onerror=alert(1)&gt;" in doc
    assert "Summary &lt;b&gt;1&lt;/b&gt;" in doc
    footer = re.search(r"--wb-footer: (\"[^\"]*\");", doc).group(1)
    assert _unescape_css(footer).startswith(PAYLOAD)


def test_print_document_has_the_policy_first_and_no_active_content():
    page = ("<html><head><script>x()</script><link rel=stylesheet href=https://cdn.example/x.css>"
            "</head><body><p>a</p><script src=https://cdn.example/y.js></script>"
            "<iframe src='file:///etc/hostname'></iframe><object data='file:///etc/passwd'></object>"
            "<a href='02_segmentation.html'>next</a></body></html>")
    doc = pdf.print_document([("A", page)], client="c", program="p", date="d")
    head = doc[doc.index("<head>"):]
    assert head.index("Content-Security-Policy") < head.index("<title>")
    policy = html.unescape(re.search(r'http-equiv="Content-Security-Policy" content="([^"]*)"', doc).group(1))
    assert policy == pdf.CSP
    assert "default-src 'none'" in policy and "frame-src 'none'" in policy and "script-src 'none'" in policy
    for bad in ("<script", "<iframe", "<object", "<link", "cdn.example", "02_segmentation.html"):
        assert bad not in doc, bad


def test_client_page_policy_first_in_head_and_no_scripts():
    page = ('<!DOCTYPE html><html><head><meta charset="utf-8"><title>t</title>'
            '<script src="https://cdn.jsdelivr.net/npm/require.js"></script>'
            '<script type="text/x-mathjax-config">MathJax.Hub.Config({})</script></head>'
            '<body><script type="module">import m from "https://cdn/mermaid.js"</script><p>x</p></body></html>')
    out = pdf.client_page(page)
    assert "<script" not in out and out.count(pdf.CSP_META) == 1
    assert out.index(pdf.CSP_META) < out.index('<meta charset')
    assert pdf.client_page(out) == out      # idempotent


def _hidden_selectors(css: str) -> list[str]:
    hidden = []
    for selectors, body in re.findall(r"([^{}]+)\{([^{}]*)\}", css):
        if re.search(r"display:\s*none", body):
            hidden += [s.strip() for s in selectors.split(",")]
    return hidden


@pytest.mark.parametrize("css", [pdf.PRINT_RULES, pdf.PAGE_PRINT_CSS, pdf.PRINT_CSS])
def test_print_rules_hide_code_inputs_only(css):
    """nbconvert's lab template puts a markdown cell's rendered text in .jp-InputArea: hiding
    that class hides every heading and introduction; only a code cell's input may go."""
    hidden = _hidden_selectors(css)
    assert ".jp-CodeCell .jp-InputArea" in hidden
    for sel in hidden:
        assert not re.search(r"(jp-InputArea|jp-MarkdownCell|jp-RenderedMarkdown|jp-Cell-inputWrapper)(?![-\w])", sel) \
            or sel.startswith(".jp-CodeCell"), sel


def test_rendered_notebook_keeps_markdown_visible_in_print():
    """The real exporter: a markdown heading sits inside .jp-InputArea of a .jp-MarkdownCell,
    which no print rule hides."""
    import nbformat
    from workbench.report.rendering import _html_exporter, client_html
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("# Heading one\n\nIntro text."),
                                         nbformat.v4.new_code_cell("1 + 1")])
    body, _ = _html_exporter().from_notebook_node(nb)
    page = client_html(body)
    cell = re.search(r'<div class="jp-Cell jp-MarkdownCell[^"]*"[^>]*>.*?Heading one', page, re.S).group(0)
    assert "jp-InputArea" in cell          # where nbconvert puts it: the reason for the rule
    assert "<script" not in page and pdf.CSP_META in page
    assert "@media print" in page and ".jp-CodeCell .jp-InputArea" in page


def _table(header, rows):
    th = "".join(f"<th>{h}</th>" for h in header)
    body = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in r) + "</tr>" for r in rows)
    return f"<table><thead><tr>{th}</tr></thead><tbody>{body}</tbody></table>"


words = st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=1, max_size=30)
cells = st.lists(words, min_size=1, max_size=12).map(" ".join)


@settings(max_examples=150, deadline=None)
@given(st.integers(1, 16).flatmap(
    lambda n: st.tuples(st.lists(cells, min_size=n, max_size=n),
                        st.lists(st.lists(cells, min_size=n, max_size=n), min_size=1, max_size=6))))
def test_every_table_is_given_a_sheet_it_fits(table):
    """Invariant: after fit_tables, a table's longest words fit the width of its sheet at its
    type size, or it breaks words; it is marked once (idempotent)."""
    header, rows = table
    html = _table(header, rows)
    out = pdf.fit_tables(html)
    assert pdf.fit_tables(out) == out
    assert out.count("wb-fitted") == 1
    width = pdf.table_width(out)
    sheet = pdf.LANDSCAPE_MM if 'class="wb-landscape"' in out else pdf.PORTRAIT_MM
    pt = pdf.TABLE_PT - 1 if "wb-small" in out else pdf.TABLE_PT
    assert "wb-break" in out or width.least(pt) <= sheet + 0.01
    if "wb-turned" in out:
        assert width.columns == len(rows) + 1


def test_a_wide_scorecard_goes_landscape_and_a_wide_single_row_turns():
    notes = "share still employed 12 months after joining, Kaplan–Meier estimate over 500 mentees " * 2
    header = ["KPI", "Metric", "Population", "Baseline", "Target", "Current (95 % CI)",
              "People measured", "Due", "Status", "Trend", "Note"]
    rows = [["Retention of mentees against comparable staff", "retention", "mentees", "0.76", "0.92",
             "0.91 (0.88–0.93)", "500", "31 Jul 2026", "on track",
             "0.91 → 0.91 → 0.91 (steady, within the uncertainty)", notes]] * 4
    out = pdf.fit_tables(_table(header, rows))
    assert '<div class="wb-landscape">' in out and "wb-turned" not in out
    plan = _table([f"Recruit in department number {i}" for i in range(14)], [[str(i) for i in range(14)]])
    turned = pdf.fit_tables(plan)
    assert "wb-turned" in turned and "wb-landscape" not in turned
    assert turned.count("<tr>") == 14


def test_page_css_sizes_and_landscape_sheet():
    for paper, size in (("A4", "A4"), ("Letter", "letter")):
        css = pdf.page_css(paper)
        assert f"size: {size};" in css and f"@page wb-wide {{ size: {size} landscape; }}" in css
    assert "@page wb-wide { size: landscape; }" in pdf.PAGE_PRINT_CSS


def test_contents_numbers_filled_from_the_first_print():
    pages = [("Summary", "<html><body><h2>What we found</h2></body></html>"),
             ("1. Goals", "<html><body><h1>Goals</h1><h2>The charter</h2><h2>KPIs</h2></body></html>")]
    first = pdf.print_document(pages, client="c", program="p", date="d")
    assert 'href="#wb-section-2-2"' in first and 'id="wb-section-2-2"' in first
    numbers = {"wb-section-1": 3, "wb-section-1-1": 3, "wb-section-2": 4, "wb-section-2-1": 4,
               "wb-section-2-2": 5}
    second = pdf.print_document(pages, client="c", program="p", date="d", page_numbers=numbers)
    toc = re.findall(r'<span class="wb-toc-title">([^<]*)</span><span class="wb-toc-page">([^<]*)</span>', second)
    assert toc == [("Summary", "3"), ("What we found", "3"), ("1. Goals", "4"), ("The charter", "4"),
                   ("KPIs", "5")]
