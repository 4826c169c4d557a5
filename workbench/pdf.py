"""One PDF per program (``report.pdf``), printed by headless Chromium from Debian's package.

The bundle's pages (the summary ``index.html`` first, then the four stages) are joined into one
print document (the autoescaped template ``workbench/templates/print.html.j2``): a cover with the
client, the program and the date; the contents, each section and heading with its page number;
each page as a section starting on a new sheet. Page numbers and the footer (client and date)
come from CSS ``@page`` margin boxes, which Chromium prints itself. Chromium is driven over its
DevTools protocol on a pipe (:class:`_DevTools`, a few JSON messages: no driver package, no
port, no browser download).

Printing can neither run nor read anything: client strings reach the print document only through
the autoescaped template (the footer, which lives in CSS, through :func:`css_string`, which
escapes every character but letters, digits and spaces); the pages' scripts are removed; the
document carries a Content-Security-Policy (:data:`CSP`: no script, no frame, no fetch, images
only as ``data:`` URIs) and Chromium prints it with JavaScript disabled
(``Emulation.setScriptExecutionDisabled`` before the page loads).

What prints: every heading and introduction (markdown cells sit in nbconvert's input area, so only
*code* inputs are hidden: :data:`PRINT_RULES`), every column of every table (:func:`fit_tables`
wraps text and, for a table too wide for a portrait sheet, turns it when it has few rows, else
sets a smaller type or moves it to a landscape sheet; a table too wide even there breaks its
longest words), contents with page numbers (printed twice: the first print's named destinations,
read back with pypdf, give each section's page; a rerun is still byte-identical).

Without Chromium the HTML bundle is still complete: :func:`write_pdf` returns ``None`` and
:data:`NO_CHROMIUM` says how to install it.

Example
-------
>>> html = print_document([("Summary", "<html><head><style>p{}</style></head><body><p>x</p></body></html>")],
...                       client="R&D <Ltd>", program="Pilot", date="1 Dec 2026")
>>> "R&amp;D &lt;Ltd&gt;" in html and "<p>x</p>" in html and "<script" not in html
True
"""
from __future__ import annotations

import contextlib
import html as _html
import os
import re
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Mapping, Optional, Sequence

NOT_WRITTEN = "report.pdf not written"
FAILED_FIX = ("the HTML pages are complete; check that `chromium --headless --version` runs "
              "(or set WORKBENCH_CHROMIUM to a working Chromium) and run the report again")
NO_CHROMIUM = (NOT_WRITTEN + ": Chromium is not installed; install it "
           "(Debian/Ubuntu: `sudo apt-get install chromium`, or `make browser-setup`) "
           "and run the report again")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--disable-extensions", "--no-pdf-header-footer", "--hide-scrollbars"]
# printing goes through the DevTools protocol on a pipe (no port), which disables scripts for the
# page before it loads (Chromium's --blink-settings=scriptEnabled=false stops --print-to-pdf
# from printing at all; --no-pdf-header-footer, a --print-to-pdf switch, stalls the pipe)
PIPE_FLAGS = (FLAGS[:2] + ["--remote-debugging-pipe"]
              + [f for f in FLAGS[2:] if f != "--no-pdf-header-footer"])
TIMEOUT = 120

# the Content-Security-Policy of the print document and of every client page: nothing fetched,
# nothing run, nothing framed; the pages' own inline styles and data: images only
CSP = ("default-src 'none'; img-src data:; style-src 'unsafe-inline'; font-src data:; "
       "script-src 'none'; object-src 'none'; frame-src 'none'; child-src 'none'; "
       "connect-src 'none'; base-uri 'none'; form-action 'none'")
CSP_META = f'<meta http-equiv="Content-Security-Policy" content="{CSP}">'

_SCRIPT = re.compile(r"<script\b.*?</script\s*>", re.S | re.I)
_LINK_EXT = re.compile(r"<link\b[^>]*>", re.I)
# what could show another document inside a page: gone (the policy forbids them too)
_FRAME = re.compile(r"<(iframe|frame|frameset|object|embed|portal)\b.*?</\1\s*>", re.S | re.I)
_FRAME_TAG = re.compile(r"</?(iframe|frame|frameset|object|embed|portal)\b[^>]*>", re.I)
_STYLE = re.compile(r"<style\b.*?</style\s*>", re.S | re.I)
_BODY = re.compile(r"<body\b[^>]*>(.*)</body\s*>", re.S | re.I)
_ANCHOR_LINK = re.compile(r"<a\b[^>]*\bclass=[\"']anchor-link[\"'][^>]*>.*?</a\s*>", re.S | re.I)
_H2 = re.compile(r"<h2\b[^>]*>(.*?)</h2\s*>", re.S | re.I)
_TAG = re.compile(r"<[^>]+>")
# links between the HTML pages mean nothing on paper (and would print the file's path): only the
# contents' own anchors stay links
_PAGE_LINK = re.compile(r"""\shref=(["'])(?!#)[^"']*\1""", re.I)

PAPER = {"A4": "A4", "Letter": "letter"}     # report.paper -> CSS page size
MARGIN_MM = (16, 14, 18, 14)                 # top, right, bottom, left
SHEET_MM = {"A4": (210.0, 297.0), "Letter": (215.9, 279.4)}
# the text width a table must fit: the narrower paper (A4), portrait and landscape
PORTRAIT_MM = SHEET_MM["A4"][0] - MARGIN_MM[1] - MARGIN_MM[3]      # 182 mm
LANDSCAPE_MM = SHEET_MM["Letter"][1] - MARGIN_MM[1] - MARGIN_MM[3]  # 251.4 mm (Letter is shorter)

TABLE_PT = 8          # type size of a printed table
# what any printed page of the report needs, whatever the paper: headings and introductions
# (markdown cells, which nbconvert's lab template puts in .jp-InputArea) printed, only code
# inputs and prompts hidden; nothing split that can be kept whole; headings kept with what
# follows; tables that wrap and fit the text width (the wide ones on a landscape sheet)
PRINT_RULES = """
.jp-CodeCell .jp-InputArea, .jp-InputPrompt, .jp-OutputPrompt, a.anchor-link { display: none !important; }
.jp-Collapser { display: none !important; }
.jp-Cell, .jp-Cell-inputWrapper, .jp-Cell-outputWrapper, .jp-InputArea, .jp-OutputArea,
.jp-OutputArea-child, .jp-OutputArea-output, .jp-RenderedHTMLCommon {
  display: block !important; overflow: visible !important; max-width: 100% !important;
  min-width: 0 !important; width: auto !important; }
.jp-Cell { padding: 0 !important; }
.jp-OutputArea-output, .jp-RenderedHTMLCommon { padding: 0 !important; }
table { font-size: __TABLE_PT__pt !important; table-layout: auto !important; width: auto !important;
  max-width: 100% !important; margin-left: 0 !important; border-collapse: collapse; }
th, td { white-space: normal !important; overflow-wrap: break-word; word-break: normal;
  vertical-align: top !important; padding: 0.25em 0.5em !important; line-height: 1.25 !important;
  max-width: none !important; }
table.wb-turned th { text-align: left !important; }
table.wb-small { font-size: __SMALL_PT__pt !important; }
table.wb-break th, table.wb-break td { overflow-wrap: anywhere; }
.wb-landscape { page: wb-wide; }
pre { white-space: pre-wrap !important; overflow-wrap: anywhere; }
table, figure, .wb-figure, img, svg, .chips, li { break-inside: avoid; page-break-inside: avoid; }
thead { display: table-header-group; }
tr { break-inside: avoid; }
h1, h2, h3 { break-after: avoid; page-break-after: avoid; }
p { orphans: 3; widows: 3; }
.jp-OutputArea-child:has(small) { break-before: avoid; page-break-before: avoid; }
img, svg { max-width: 100% !important; height: auto !important; }
a { color: inherit; text-decoration: none; }
""".replace("__TABLE_PT__", str(TABLE_PT)).replace("__SMALL_PT__", str(TABLE_PT - 1))

# the landscape sheet of a wide table in a page printed from the browser: the reader's paper
PAGE_PRINT_CSS = ("@page { margin: %dmm %dmm %dmm %dmm; }\n@page wb-wide { size: landscape; }\n"
                  % MARGIN_MM) + PRINT_RULES


def page_css(paper: str = "A4") -> str:
    """The ``@page`` rules for ``paper`` (``"A4"`` or ``"Letter"``): size, margins that leave the
    same text width on both, page numbers and the footer in the margin boxes, and the landscape
    sheet of wide tables.

    >>> "size: letter;" in page_css("Letter"), "size: A4;" in page_css("A4")
    (True, True)
    >>> "size: A4 landscape;" in page_css("A4")
    True
    """
    size = PAPER.get(paper, "A4")
    return ("@page { size: " + size + "; margin: %dmm %dmm %dmm %dmm;\n" % MARGIN_MM +
            "  @bottom-left { content: var(--wb-footer); font: 8pt system-ui, sans-serif; color: #666; }\n"
            '  @bottom-right { content: "Page " counter(page) " of " counter(pages);\n'
            "                  font: 8pt system-ui, sans-serif; color: #666; } }\n"
            "@page wb-wide { size: " + size + " landscape; }\n"
            "@page :first { @bottom-left { content: none; } @bottom-right { content: none; } }\n")


PRINT_CSS = """
html, body { background: #fff !important; }
body { font-family: system-ui, sans-serif; color: #222; margin: 0; padding: 0 !important; }
main { padding: 0 !important; }
.wb-cover { height: 225mm; display: flex; flex-direction: column; justify-content: center; }
.wb-cover h1 { font-size: 28pt; margin: 0 0 6mm; }
.wb-cover .wb-client { font-size: 16pt; color: #2F5D8A; }
.wb-cover .wb-date { margin-top: 10mm; color: #555; }
.wb-contents { break-before: page; }
.wb-toc { list-style: none; padding: 0; margin: 0; }
.wb-toc li { break-inside: avoid; }
.wb-toc a { display: flex; align-items: baseline; gap: 2mm; }
.wb-toc a::after { content: none; }
.wb-toc .wb-toc-title { flex: 1 1 auto; border-bottom: 1px dotted #bbb; }
.wb-toc .wb-toc-page { flex: 0 0 10mm; text-align: right; }
.wb-toc-section { font-size: 11pt; margin: 2.5mm 0 0.6mm; font-weight: 600; }
.wb-toc-heading { font-size: 9pt; margin: 0.2mm 0 0.2mm 6mm; }
.wb-section { break-before: page; }
.wb-section > h1.wb-section-title { font-size: 18pt; color: #2F5D8A; }
.wb-section h2 { break-before: auto; }
""" + PRINT_RULES


def css_string(text: str) -> str:
    """``text`` as a CSS string literal that cannot leave its string, rule or ``<style>``: every
    character but ASCII letters, digits and spaces becomes a 6-digit CSS hex escape.

    >>> css_string('a"b</style>')
    '"a\\\\000022b\\\\00003c\\\\00002fstyle\\\\00003e"'
    """
    return '"' + "".join(ch if (ch.isascii() and ch.isalnum()) or ch == " " else f"\\{ord(ch):06x}"
                         for ch in str(text)) + '"'


def _environment():
    from jinja2 import Environment, FileSystemLoader, StrictUndefined
    from markupsafe import Markup
    env = Environment(loader=FileSystemLoader(str(Path(__file__).parent / "templates")),
                      autoescape=True, undefined=StrictUndefined, keep_trailing_newline=True)
    env.filters["css_string"] = lambda text: Markup(css_string(text))
    return env


_ENV = None


def template(name: str):
    """A template of ``workbench/templates`` in an environment that autoescapes everything."""
    global _ENV
    if _ENV is None:
        _ENV = _environment()
    return _ENV.get_template(name)


def chromium_path() -> Optional[str]:
    """Chromium's executable: ``WORKBENCH_CHROMIUM``, else ``chromium`` / ``chromium-browser`` on PATH."""
    configured = os.environ.get("WORKBENCH_CHROMIUM")
    if configured:
        return configured if Path(configured).exists() else None
    return shutil.which("chromium") or shutil.which("chromium-browser")


# ----------------------------------------------------------------------------- client pages

def with_csp(page: str) -> str:
    """``page`` with :data:`CSP_META` as the first element of its head (a policy applies only
    to what follows it), once.

    >>> with_csp("<html><head><title>t</title></head></html>").startswith('<html><head><meta http-equiv')
    True
    """
    if CSP_META in page:
        return page
    m = re.search(r"<head\b[^>]*>", page, re.I)
    if m is None:
        return CSP_META + page
    return page[:m.end()] + CSP_META + page[m.end():]


def without_scripts(page: str) -> str:
    """``page`` without any ``<script>`` element (a client page needs none; its policy would
    refuse them anyway), without ``<link>`` (a client page loads nothing) and without frames,
    objects or embeds (it shows no other document).

    >>> without_scripts('<p>a<script>x()</script><iframe src="file:///etc/hostname"></iframe>b</p>')
    '<p>ab</p>'
    """
    return _FRAME_TAG.sub("", _FRAME.sub("", _LINK_EXT.sub("", _SCRIPT.sub("", page))))


_TABLE = re.compile(r"<table\b([^>]*)>(.*?)</table\s*>", re.S | re.I)
_ROW = re.compile(r"<tr\b[^>]*>(.*?)</tr\s*>", re.S | re.I)
_CELL = re.compile(r"<t([hd])\b([^>]*)>(.*?)</t[hd]\s*>", re.S | re.I)
_COLSPAN = re.compile(r"""colspan=["']?(\d+)""", re.I)

CHAR_EM = 0.64        # width of a character of a printed table, in em (DejaVu Sans digits and bold: wide)
PAD_EM = 1.0          # a cell's padding, both sides, in em
SAFETY = 0.97         # share of a sheet's width an estimate may fill
MAX_LINES = 6         # a row taller than this many lines in portrait: the table goes landscape


def _mm(chars: float, pt: float) -> float:
    return chars * CHAR_EM * pt * 25.4 / 72


@dataclass(frozen=True)
class TableWidth:
    """A printed table's columns: ``words`` the longest word of each, ``texts`` the longest
    text of each (characters)."""
    words: tuple[int, ...]
    texts: tuple[tuple[int, ...], ...]     # per column, the length of each cell's text

    @property
    def columns(self) -> int:
        return len(self.words)

    def least(self, pt: float) -> float:
        """Width (mm) with every column as narrow as its longest word, at ``pt`` points."""
        return sum(_mm(w + PAD_EM / CHAR_EM, pt) for w in self.words)

    def tallest_row(self, width_mm: float, pt: float) -> int:
        """Lines of the tallest row when the table is laid out in ``width_mm`` at ``pt`` points
        (columns at least their longest word, the rest shared in proportion to their longest
        text, as a browser's automatic table layout does)."""
        pad = PAD_EM / CHAR_EM
        chars = width_mm / _mm(1, pt) - pad * self.columns
        longest = [max(t, default=0) for t in self.texts]
        least = [float(w) for w in self.words]
        if sum(longest) <= chars:
            return 1
        extra = max(chars - sum(least), 0.0)
        spread = sum(max(m - w, 0) for m, w in zip(longest, least)) or 1
        widths = [w + extra * max(m - w, 0) / spread for m, w in zip(longest, least)]
        return max(-(-t // max(int(width), 1)) for width, col in zip(widths, self.texts) for t in col)


def table_width(table_html: str) -> TableWidth:
    """The columns of one ``<table>`` as printed text (see :class:`TableWidth`).

    >>> w = table_width("<table><tr><th>Name</th><th>Note</th></tr>"
    ...                 "<tr><td>Ann</td><td>a long sentence of many words</td></tr></table>")
    >>> w.columns, w.words, w.tallest_row(180, 8)
    (2, (4, 8), 1)
    """
    words: dict[int, int] = {}
    texts: dict[int, list[int]] = {}
    for row in _ROW.findall(table_html):
        col = 0
        for _, attrs, cell in _CELL.findall(row):
            text = " ".join(_html.unescape(_TAG.sub(" ", cell)).split())
            span = int(m.group(1)) if (m := _COLSPAN.search(attrs)) else 1
            if span == 1:
                texts.setdefault(col, []).append(len(text))
                words[col] = max([words.get(col, 0)] + [len(w) for w in text.split()])
            col += span
    cols = sorted(texts)
    return TableWidth(tuple(words.get(c, 0) for c in cols), tuple(tuple(texts[c]) for c in cols))


def table_fit(width: TableWidth) -> tuple[str, ...]:
    """How a table prints (its classes): as it is (``()``) when its words fit a portrait sheet
    (within :data:`SAFETY`)
    and no row runs over :data:`MAX_LINES` lines; ``wb-small`` (smaller type) when that makes
    it so; else on a landscape sheet (``wb-landscape``), with smaller type if that helps, and
    ``wb-break`` (long words broken) if even its longest words do not fit there."""
    small = TABLE_PT - 1
    for classes, sheet, pt in (((), PORTRAIT_MM, TABLE_PT), (("wb-small",), PORTRAIT_MM, small),
                               (("wb-landscape",), LANDSCAPE_MM, TABLE_PT),
                               (("wb-landscape", "wb-small"), LANDSCAPE_MM, small)):
        if width.least(pt) <= sheet * SAFETY and width.tallest_row(sheet, pt) <= MAX_LINES:
            return classes
    if width.least(small) <= LANDSCAPE_MM * SAFETY:
        return ("wb-landscape", "wb-small")
    return ("wb-landscape", "wb-small", "wb-break")


_THEAD = re.compile(r"<thead\b[^>]*>(.*?)</thead\s*>", re.S | re.I)
_TBODY = re.compile(r"<tbody\b[^>]*>(.*?)</tbody\s*>", re.S | re.I)
TRANSPOSE_ROWS = 3    # a table this short but too wide for a portrait sheet is printed turned


def transposed(table_html: str) -> Optional[str]:
    """``table_html`` turned a quarter: one row per column (its heading, then each row's
    value), for a table of one heading row and at most :data:`TRANSPOSE_ROWS` rows; ``None``
    for any other table (spanning cells, several heading rows, an index column).

    >>> print(transposed("<table><thead><tr><th>A</th><th>B</th></tr></thead>"
    ...                  "<tbody><tr><td>1</td><td>2</td></tr></tbody></table>"))
    <table class="wb-turned"><tbody><tr><th>A</th><td>1</td></tr><tr><th>B</th><td>2</td></tr></tbody></table>
    """
    if re.search(r"(col|row)span", table_html, re.I):
        return None
    head, body = _THEAD.search(table_html), _TBODY.search(table_html)
    if head is None or body is None:
        return None
    head_rows = _ROW.findall(head.group(1))
    rows = [_CELL.findall(r) for r in _ROW.findall(body.group(1))]
    if len(head_rows) != 1 or not 1 <= len(rows) <= TRANSPOSE_ROWS:
        return None
    headings = _CELL.findall(head_rows[0])
    if any(kind.lower() != "d" for row in rows for kind, _, _ in row) or \
            any(len(row) != len(headings) for row in rows):
        return None
    lines = []
    for j, (_, attrs, heading) in enumerate(headings):
        values = "".join(f"<td{row[j][1]}>{row[j][2]}</td>" for row in rows)
        lines.append(f"<tr><th{attrs}>{heading}</th>{values}</tr>")
    return f'<table class="wb-turned"><tbody>{"".join(lines)}</tbody></table>'


def fit_tables(page: str) -> str:
    """Every table of ``page`` fitted to a printed sheet (:func:`table_fit`): smaller type, a
    landscape sheet (the table wrapped in ``<div class="wb-landscape">``) or broken words, as
    it needs; never clipped. Idempotent.

    >>> narrow = "<table><tr><td>a</td></tr></table>"
    >>> fit_tables(narrow) == narrow.replace("<table>", '<table class="wb-fitted">')
    True
    >>> wide = "<table><tr>" + "<td>a-long-word</td>" * 30 + "</tr></table>"
    >>> 'class="wb-landscape"' in fit_tables(wide)
    True
    """
    def one(m: re.Match) -> str:
        whole, attrs = m.group(0), m.group(1)
        if "wb-fitted" in attrs:
            return whole
        fit = table_fit(table_width(whole))
        if fit:     # a wide table of few rows reads better turned than in small type or landscape
            turned = transposed(whole)
            if turned is not None and table_fit(table_width(turned)) == ():
                return fit_tables(turned)   # a wide table of few rows reads as a list, in the flow
        classes = " ".join(("wb-fitted",) + tuple(c for c in fit if c != "wb-landscape"))
        if re.search(r"""\bclass=["']""", attrs, re.I):
            attrs = re.sub(r"""\bclass=(["'])""", lambda c: f"class={c.group(1)}{classes} ",
                           attrs, count=1, flags=re.I)
        else:
            attrs += f' class="{classes}"'
        table = f"<table{attrs}>{m.group(2)}</table>"
        return f'<div class="wb-landscape">{table}</div>' if "wb-landscape" in fit else table
    return _TABLE.sub(one, page)


def client_page(page: str) -> str:
    """A client HTML page as published: no script, nothing loaded, the policy :data:`CSP`,
    tables fitted for print (:func:`fit_tables`)."""
    return with_csp(fit_tables(without_scripts(page)))


# ----------------------------------------------------------------------------- print document

@dataclass
class _Entry:
    level: str        # "section" or "heading"
    title: str
    anchor: str
    page: str = ""


def _prepare(index: int, page: str) -> tuple[list[str], str, list[_Entry]]:
    """The styles, the body (scripts, page links and heading anchors removed, each ``<h2>`` with
    an id of its own) and the ``<h2>`` headings of one page."""
    page = _PAGE_LINK.sub("", without_scripts(page))
    styles = _STYLE.findall(page)
    body = _BODY.search(page)
    inner = _ANCHOR_LINK.sub("", body.group(1) if body else _STYLE.sub("", page))
    headings: list[_Entry] = []

    def anchor(m: re.Match) -> str:
        title = " ".join(_html.unescape(_TAG.sub(" ", m.group(1))).split())
        if not title:
            return m.group(0)
        a = f"wb-section-{index + 1}-{len(headings) + 1}"
        headings.append(_Entry("heading", title, a))
        return f'<h2 id="{a}">{m.group(1)}</h2>'

    inner = _H2.sub(anchor, inner)
    return styles, fit_tables(inner), headings


def print_document(pages: Sequence[tuple[str, str]], *, client: str, program: str, date: str,
                   paper: str = "A4", page_numbers: Optional[Mapping[str, int]] = None) -> str:
    """One HTML document for print on ``paper`` (A4 or Letter): cover, contents, then each
    ``(title, page html)`` as a section starting on a new sheet. ``page_numbers`` (anchor ->
    page, from a first print: :func:`section_pages`) fills the contents' page column; without
    it the column holds a placeholder of the same width."""
    from markupsafe import Markup
    styles, sections, contents = [], [], []
    for i, (title, page) in enumerate(pages):
        page_styles, body, headings = _prepare(i, page)
        for style in page_styles:
            if style not in styles:
                styles.append(style)
        anchor = f"wb-section-{i + 1}"
        contents.append(_Entry("section", title, anchor))
        contents.extend(headings)
        sections.append({"title": title, "anchor": anchor, "body": Markup(body)})
    for entry in contents:
        number = (page_numbers or {}).get(entry.anchor)
        entry.page = str(number) if number is not None else "\u2007\u2007"
    return template("print.html.j2").render(
        csp=CSP, client=client, program=program, date=date, footer=f"{client} · {date}",
        styles=[Markup(s) for s in styles], css=Markup(page_css(paper) + PRINT_CSS),
        contents=contents, sections=sections)


def section_pages(pdf: Path) -> dict[str, int]:
    """Page number (1-based) of each named destination (the sections' and headings' anchors)
    of a printed ``pdf``; empty when pypdf is not installed or the file cannot be read."""
    try:
        import pypdf
    except ImportError:   # pragma: no cover - pypdf is a dependency
        return {}
    try:
        reader = pypdf.PdfReader(str(pdf))
        return {str(name).lstrip("/"): reader.get_destination_page_number(dest) + 1
                for name, dest in reader.named_destinations.items()}
    except Exception:   # a contents without numbers is better than no PDF
        return {}


_MOVE_FDS = ("import fcntl, os, sys\n"
             "a, b = (fcntl.fcntl(int(fd), fcntl.F_DUPFD, 10) for fd in sys.argv[1:3])\n"
             "os.dup2(a, 3); os.dup2(b, 4); os.close(a); os.close(b)\n"
             "os.execv(sys.argv[3], sys.argv[3:])\n")


class _DevTools:
    """Chromium's DevTools protocol over ``--remote-debugging-pipe`` (fds 3 and 4, JSON messages
    ending in NUL): enough to open a page with scripts disabled and print it. No driver, no port,
    nothing listening on the network."""

    def __init__(self, exe: str, work: str, timeout: float):
        import time
        self.deadline = time.monotonic() + timeout
        to_chromium, self._write = os.pipe()
        self._read, from_chromium = os.pipe()
        # a small exec moves the pipe ends to fds 3 and 4, where Chromium expects them (a shell's
        # redirection cannot name the high fds of a busy process)
        cmd = [sys.executable, "-c", _MOVE_FDS, str(to_chromium), str(from_chromium), exe,
               *PIPE_FLAGS, f"--user-data-dir={work}/profile", "about:blank"]
        self.log = open(Path(work) / "chromium.log", "w+")
        try:
            self.proc = subprocess.Popen(cmd, pass_fds=(to_chromium, from_chromium),
                                         stdin=subprocess.DEVNULL, stdout=self.log, stderr=self.log)
        except OSError:
            for fd in (self._write, self._read):
                os.close(fd)
            self.log.close()
            raise
        finally:
            os.close(to_chromium)
            os.close(from_chromium)
        self._buffer, self._id, self.events = b"", 0, []

    def _message(self) -> dict:
        import json
        import select
        import time
        while b"\0" not in self._buffer:
            left = self.deadline - time.monotonic()
            if left <= 0:
                raise subprocess.TimeoutExpired("chromium", TIMEOUT)
            ready, _, _ = select.select([self._read], [], [], left)
            if not ready:
                continue
            chunk = os.read(self._read, 1 << 20)
            if not chunk:
                raise RuntimeError("Chromium exited: " + self._last_log_line())
            self._buffer += chunk
        message, _, self._buffer = self._buffer.partition(b"\0")
        return json.loads(message)

    def _last_log_line(self) -> str:
        self.proc.poll()
        self.log.seek(0)
        lines = [line for line in self.log.read().splitlines()
                 if line.strip() and "dbus" not in line and "unexpected operator" not in line]
        return lines[-1] if lines else "no output"

    def call(self, method: str, params: Optional[dict] = None, session: Optional[str] = None) -> dict:
        import json
        self._id += 1
        message = {"id": self._id, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = session
        try:
            os.write(self._write, json.dumps(message).encode() + b"\0")
        except BrokenPipeError:
            raise RuntimeError("Chromium exited: " + self._last_log_line()) from None
        while True:
            reply = self._message()
            if reply.get("id") == self._id:
                if "error" in reply:
                    raise RuntimeError(f"{method}: {reply['error'].get('message', reply['error'])}")
                return reply.get("result", {})
            self.events.append(reply)

    def wait_event(self, method: str) -> None:
        while not any(e.get("method") == method for e in self.events):
            self.events.append(self._message())

    def close(self) -> None:
        try:
            self.call("Browser.close")
        except (RuntimeError, OSError, subprocess.TimeoutExpired, ValueError):
            pass
        for fd in (self._write, self._read):
            with contextlib.suppress(OSError):
                os.close(fd)
        try:
            self.proc.wait(10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        self.log.close()


def _print(exe: str, src: Path, out: Path, work: str, name: str) -> None:
    """Print ``src`` to ``out`` with scripts disabled (``Emulation.setScriptExecutionDisabled``
    before the page loads), on the sheet size and margins of the document's ``@page`` rules."""
    import base64
    chrome = _DevTools(exe, work, TIMEOUT)
    try:
        target = chrome.call("Target.createTarget", {"url": "about:blank"})["targetId"]
        session = chrome.call("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
        chrome.call("Emulation.setScriptExecutionDisabled", {"value": True}, session)
        chrome.call("Page.enable", {}, session)
        chrome.call("Page.navigate", {"url": src.as_uri()}, session)
        chrome.wait_event("Page.loadEventFired")
        pdf = chrome.call("Page.printToPDF", {
            "preferCSSPageSize": True, "printBackground": True, "displayHeaderFooter": False,
            "generateDocumentOutline": True, "generateTaggedPDF": True}, session)
        data = base64.b64decode(pdf.get("data", ""))
        if not data:
            raise RuntimeError("empty PDF")
        out.write_bytes(data)
    except RuntimeError as exc:
        raise RuntimeError(f"Chromium could not print {name}: {exc}") from None
    finally:
        chrome.close()


def write_pdf(bundle: Path, pages: Sequence[tuple[str, str]], *, client: str, program: str,
              date: str, chromium: Optional[str] = None, name: str = "report.pdf",
              stamp: str = "20000101000000", paper: str = "A4") -> Optional[Path]:
    """Print ``pages`` (``(title, file name in bundle)``) of ``bundle`` to ``bundle/name`` on
    ``paper`` (``report.paper``: A4 or Letter), dated
    ``stamp`` (``YYYYMMDDHHMMSS``, e.g. the data's snapshot date) so that a rerun is byte-identical.

    Printed twice: the first print gives each section's page, which the second writes into the
    contents (the contents take the same room both times, so no page moves).
    Returns the PDF's path, or ``None`` when Chromium is not installed (see :data:`NO_CHROMIUM`).
    Raises ``RuntimeError`` with Chromium's message when printing fails.
    """
    exe = chromium or chromium_path()
    if not exe:
        return None
    bundle = Path(bundle)
    docs = [(title, (bundle / file).read_text(encoding="utf-8")) for title, file in pages
            if (bundle / file).exists()]
    out = bundle / name
    with tempfile.TemporaryDirectory(prefix="wb-pdf-") as work:
        src = Path(work) / "print.html"
        first = Path(work) / "first.pdf"
        # images are embedded in the pages (nbconvert) and the summary (the logo): no base URL,
        # so no machine path ends up in the PDF
        src.write_text(print_document(docs, client=client, program=program, date=date,
                                      paper=paper), encoding="utf-8")
        _print(exe, src, first, work, name)
        numbers = section_pages(first)
        if numbers:
            src.write_text(print_document(docs, client=client, program=program, date=date,
                                          paper=paper, page_numbers=numbers), encoding="utf-8")
            _print(exe, src, out, work, name)
        else:
            shutil.copyfile(first, out)
    fix_dates(out, stamp)
    return out


_PDF_DATE = re.compile(rb"/(CreationDate|ModDate) \(D:\d{14}")


def fix_dates(path: Path, stamp: str = "20000101000000") -> None:
    """Replace the PDF's creation and modification dates (the only bytes that change between
    two prints of the same pages) by ``stamp`` (``YYYYMMDDHHMMSS``), in place and at the same
    length so the cross-reference offsets stay right: same inputs, same file."""
    data = path.read_bytes()
    fixed = _PDF_DATE.sub(lambda m: b"/" + m.group(1) + b" (D:" + stamp.encode()[:14].ljust(14, b"0"), data)
    if fixed != data:
        path.write_bytes(fixed)
