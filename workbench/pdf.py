"""One PDF per program (``report.pdf``), printed by headless Chromium from Debian's package.

The bundle's pages (the summary ``index.html`` first, then the four stages) are joined into one
print document: a cover with the client, the program and the date; a contents list; each page as
a section starting on a new sheet. Page numbers and the footer (client and date) come from CSS
``@page`` margin boxes, which Chromium prints itself, so no browser driver is needed at run time
and no browser is downloaded. Scripts are left out of the print document (a report page needs
none to print, and a PDF must not depend on the network). Client strings are escaped.

Without Chromium the HTML bundle is still complete: :func:`write_pdf` returns ``None`` and
:data:`MISSING` says how to install it.

Example
-------
>>> html = print_document([("Summary", "<html><head><style>p{}</style></head><body><p>x</p></body></html>")],
...                       client="R&D <Ltd>", program="Pilot", date="1 Dec 2026")
>>> "R&amp;D &lt;Ltd&gt;" in html and "<p>x</p>" in html and "<script" not in html
True
"""
from __future__ import annotations

import html as _html
import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Optional, Sequence

MISSING = ("report.pdf not written: Chromium is not installed "
           "(Debian/Ubuntu: `sudo apt-get install chromium`, or `make browser-setup`)")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--disable-extensions", "--no-pdf-header-footer", "--hide-scrollbars"]
TIMEOUT = 120

_SCRIPT = re.compile(r"<script\b.*?</script\s*>", re.S | re.I)
_LINK_EXT = re.compile(r"<link\b[^>]*href=[\"']https?://[^>]*>", re.I)
_STYLE = re.compile(r"<style\b.*?</style\s*>", re.S | re.I)
_BODY = re.compile(r"<body\b[^>]*>(.*)</body\s*>", re.S | re.I)
# links between the HTML pages mean nothing on paper (and would print the file's path): only the
# contents' own anchors stay links
_PAGE_LINK = re.compile(r"""\shref=(["'])(?!#)[^"']*\1""", re.I)

PAPER = {"A4": "A4", "Letter": "letter"}     # report.paper -> CSS page size

# what any printed page of the report needs, whatever the paper: nothing split that can be kept
# whole, headings kept with what follows, a width that fits A4 (the narrower of the two sizes)
PRINT_RULES = """
table, figure, .wb-figure, img, svg, .chips { break-inside: avoid; page-break-inside: avoid; }
thead { display: table-header-group; }
tr { break-inside: avoid; }
h1, h2, h3 { break-after: avoid; page-break-after: avoid; }
img, svg { max-width: 100% !important; height: auto !important; }
.jp-InputArea, .jp-InputPrompt, .jp-OutputPrompt { display: none !important; }
a { color: inherit; text-decoration: none; }
"""


def page_css(paper: str = "A4") -> str:
    """The ``@page`` rule for ``paper`` (``"A4"`` or ``"Letter"``): size, margins that leave the
    same text width on both, page numbers and the footer in the margin boxes.

    >>> "size: letter;" in page_css("Letter"), "size: A4;" in page_css("A4")
    (True, True)
    """
    size = PAPER.get(paper, "A4")
    return ("@page { size: " + size + "; margin: 16mm 14mm 18mm 14mm;\n"
            "  @bottom-left { content: var(--wb-footer); font: 8pt system-ui, sans-serif; color: #666; }\n"
            '  @bottom-right { content: "Page " counter(page) " of " counter(pages);\n'
            "                  font: 8pt system-ui, sans-serif; color: #666; } }\n"
            "@page :first { @bottom-left { content: none; } @bottom-right { content: none; } }\n")


PRINT_CSS = """
html, body { background: #fff !important; }
body { font-family: system-ui, sans-serif; color: #222; }
.wb-cover { height: 225mm; display: flex; flex-direction: column; justify-content: center; }
.wb-cover h1 { font-size: 28pt; margin: 0 0 6mm; }
.wb-cover .wb-client { font-size: 16pt; color: #2F5D8A; }
.wb-cover .wb-date { margin-top: 10mm; color: #555; }
.wb-contents { break-before: page; }
.wb-contents li { margin: 2mm 0; font-size: 12pt; }
.wb-section { break-before: page; }
.wb-section > h1.wb-section-title { font-size: 18pt; color: #2F5D8A; }
.wb-section h2 { break-before: auto; }
table { border-collapse: collapse; font-size: 9pt; }
""" + PRINT_RULES


def chromium_path() -> Optional[str]:
    """Chromium's executable: ``WORKBENCH_CHROMIUM``, else ``chromium`` / ``chromium-browser`` on PATH."""
    configured = os.environ.get("WORKBENCH_CHROMIUM")
    if configured:
        return configured if Path(configured).exists() else None
    return shutil.which("chromium") or shutil.which("chromium-browser")


def _css_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ") + '"'


def print_document(pages: Sequence[tuple[str, str]], *, client: str, program: str, date: str,
                   paper: str = "A4") -> str:
    """One HTML document for print on ``paper`` (A4 or Letter): cover, contents, then each
    ``(title, page html)`` as a section starting on a new sheet."""
    styles, sections, contents = [], [], []
    for i, (title, page) in enumerate(pages):
        page = _PAGE_LINK.sub("", _LINK_EXT.sub("", _SCRIPT.sub("", page)))
        for style in _STYLE.findall(page):
            if style not in styles:
                styles.append(style)
        body = _BODY.search(page)
        inner = body.group(1) if body else page
        anchor = f"wb-section-{i + 1}"
        contents.append(f'<li><a href="#{anchor}">{_html.escape(title)}</a></li>')
        sections.append(f'<section class="wb-section" id="{anchor}">'
                        f'<h1 class="wb-section-title">{_html.escape(title)}</h1>{inner}</section>')
    footer = _css_string(f"{client} · {date}")
    return ("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">"
            f"<title>{_html.escape(client)}: {_html.escape(program)}</title>"
            + "".join(styles)
            + f"<style>:root {{ --wb-footer: {footer}; }}{page_css(paper)}{PRINT_CSS}</style></head><body>"
            f'<div class="wb-cover"><div class="wb-client">{_html.escape(client)}</div>'
            f"<h1>{_html.escape(program)}</h1><div>Mentoring program report</div>"
            f'<div class="wb-date">{_html.escape(date)}</div></div>'
            f'<nav class="wb-contents"><h2>Contents</h2><ol>{"".join(contents)}</ol></nav>'
            + "".join(sections) + "</body></html>")


def write_pdf(bundle: Path, pages: Sequence[tuple[str, str]], *, client: str, program: str,
              date: str, chromium: Optional[str] = None, name: str = "report.pdf",
              stamp: str = "20000101000000", paper: str = "A4") -> Optional[Path]:
    """Print ``pages`` (``(title, file name in bundle)``) of ``bundle`` to ``bundle/name`` on
    ``paper`` (``report.paper``: A4 or Letter), dated
    ``stamp`` (``YYYYMMDDHHMMSS``, e.g. the data's snapshot date) so that a rerun is byte-identical.

    Returns the PDF's path, or ``None`` when Chromium is not installed (see :data:`MISSING`).
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
        # images are embedded in the pages (nbconvert) and the summary (the logo): no base URL,
        # so no machine path ends up in the PDF
        src.write_text(print_document(docs, client=client, program=program, date=date,
                                      paper=paper),
                       encoding="utf-8")
        proc = subprocess.run([exe, *FLAGS, f"--user-data-dir={work}/profile",
                               f"--print-to-pdf={out}", src.as_uri()],
                              capture_output=True, text=True, timeout=TIMEOUT)
        if proc.returncode != 0 or not out.exists() or out.stat().st_size == 0:
            tail = (proc.stderr or proc.stdout).strip().splitlines()[-1:] or ["no output"]
            raise RuntimeError(f"Chromium could not print {name}: {tail[0]}")
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
