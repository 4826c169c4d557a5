"""report.pdf printed by Debian's Chromium (issue 16 item 4): opened with pypdf, it holds the
client's name, every section title, page numbers, and nothing from the data runs or is fetched."""

import pytest

from workbench.pdf import chromium_path, write_pdf

pytestmark = pytest.mark.browser

PAGE = """<!doctype html><html><head><style>.x{{color:#333}}</style>
<script src="https://cdn.example.invalid/require.js"></script></head>
<body><h2>{title}</h2><p class="x">{body}</p>{filler}</body></html>"""


def test_pdf_has_client_sections_and_page_numbers(tmp_path):
    if not chromium_path():
        pytest.fail("chromium is not installed: run `make browser-setup`")
    import pypdf
    titles = ["Summary", "1. Goal-setting", "2. Segmentation", "3. Match optimization", "4. KPI review"]
    pages = []
    for i, title in enumerate(titles):
        name = f"p{i}.html"
        filler = "".join(f"<p>row {j}</p>" for j in range(60 if i == 2 else 3))   # page 2 spans sheets
        (tmp_path / name).write_text(PAGE.format(title=f"Heading {i}", body="<b>bold</b> &lt;script&gt;",
                                                 filler=filler))
        pages.append((title, name))
    out = write_pdf(tmp_path, pages, client="Northwind <Logistics>", program="Onboarding pilot",
                    date="30 Jun 2026")
    assert out == tmp_path / "report.pdf"
    reader = pypdf.PdfReader(out)
    text = "\n".join(p.extract_text() for p in reader.pages)
    assert "Northwind <Logistics>" in text and "Onboarding pilot" in text and "Contents" in text
    for title in titles:
        assert text.count(title) >= 2, title           # in the contents and as its section's heading
    n = len(reader.pages)
    assert n >= 2 + len(titles) + 1                    # cover, contents, a sheet per section, one overflows
    assert f"Page 2 of {n}" in text and f"Page {n} of {n}" in text
    assert "Page 1 of" not in text                     # the cover carries no footer
    assert "30 Jun 2026" in text


def test_without_chromium_no_pdf_and_a_clear_message(tmp_path, monkeypatch):
    from workbench import pdf
    monkeypatch.setenv("WORKBENCH_CHROMIUM", str(tmp_path / "no-such-browser"))
    (tmp_path / "a.html").write_text("<html><body>x</body></html>")
    assert pdf.write_pdf(tmp_path, [("A", "a.html")], client="c", program="p", date="d") is None
    assert "apt-get install chromium" in pdf.NO_CHROMIUM
