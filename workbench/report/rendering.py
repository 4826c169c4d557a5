"""Rendering a program's pages: each executed notebook to client HTML, the summary and the PDF.

The client HTML has no code and no prompts, none of the cells tagged :data:`ANALYST_ONLY`, no
script at all (nbconvert's CDN and inline scripts are removed: a client page works offline and
runs nothing) and a Content-Security-Policy that forbids scripts, frames and fetches
(:data:`workbench.pdf.CSP`); its print rules keep every heading and fit every table to the sheet. ``index.html`` is the executive summary
(:mod:`workbench.report.summary`) linking the stage pages in :data:`workbench.report.stages.STAGES`
order, and ``report.pdf`` is printed from them where Chromium is installed (:mod:`workbench.pdf`).
"""
from __future__ import annotations

import subprocess
import threading
from pathlib import Path
from typing import Optional

from .stages import title as stage_title
from ..pdf import PAGE_PRINT_CSS, client_page
from .. import pdf, present
from .summary import build_summary, logo_data_uri, read_exports, summary_html


ANALYST_ONLY = "analyst-only"   # cell tag: shown in JupyterLab, never in the client's HTML


_EXPORTERS = threading.local()


def drop_empty_sections(cells: list) -> list:
    """The cells without the ``##`` heading (and its paragraph) of a section that shows nothing
    on this program: every code cell after the heading, up to the next Markdown cell, ran without
    output (a page section the program does not have, such as the trade-off of a circles
    program). A heading with no code cell after it stays.

    >>> md = lambda s: {"cell_type": "markdown", "source": s}
    >>> code = lambda *out: {"cell_type": "code", "source": "display(x)", "outputs": list(out)}
    >>> cells = [md("## Shown"), code({"output_type": "display_data"}), md("## Empty"), code(), md("## Note")]
    >>> [c["source"] for c in drop_empty_sections(cells) if c["cell_type"] == "markdown"]
    ['## Shown', '## Note']
    """
    keep = []
    for i, cell in enumerate(cells):
        source = cell.get("source", "")
        source = source if isinstance(source, str) else "".join(source)
        if cell.get("cell_type") == "markdown" and source.startswith("## "):
            following = []
            for nxt in cells[i + 1:]:
                if nxt.get("cell_type") != "code":
                    break
                following.append(nxt)
            if following and not any(c.get("outputs") for c in following):
                continue
        keep.append(cell)
    return keep


def _empty_section_preprocessor():
    from nbconvert.preprocessors import Preprocessor

    class EmptySectionRemovePreprocessor(Preprocessor):
        """:func:`drop_empty_sections` as an nbconvert step (after the analyst-only cells go)."""
        def preprocess(self, nb, resources):
            nb.cells = drop_empty_sections(nb.cells)
            return nb, resources
    return EmptySectionRemovePreprocessor()


def _html_exporter():
    """One HTML exporter per thread: building one compiles its Jinja templates (a third of a
    second), which every notebook would otherwise pay again."""
    exporter = getattr(_EXPORTERS, "html", None)
    if exporter is None:
        from nbconvert import HTMLExporter
        from nbconvert.preprocessors import TagRemovePreprocessor
        exporter = HTMLExporter(exclude_input=True, exclude_input_prompt=True,
                                exclude_output_prompt=True)
        exporter.register_preprocessor(TagRemovePreprocessor(remove_cell_tags={ANALYST_ONLY}),
                                       enabled=True)
        exporter.register_preprocessor(_empty_section_preprocessor(), enabled=True)
        _EXPORTERS.html = exporter
    return exporter


def _with_print_css(body: str) -> str:
    """The page printed from a browser: on the reader's paper (A4 or Letter), headings and
    introductions printed, tables fitted, nothing split that can be kept whole
    (:data:`workbench.pdf.PAGE_PRINT_CSS`)."""
    css = f"<style>@media print {{ {PAGE_PRINT_CSS} }}</style>"
    head_end = body.find("</head>")
    return body[:head_end] + css + body[head_end:] if head_end >= 0 else css + body


def client_html(body: str) -> str:
    """A client page as published (:func:`workbench.pdf.client_page`: no script, nothing
    loaded, the Content-Security-Policy, tables fitted for print) with its print rules."""
    return _with_print_css(client_page(body))


def _to_html(nb_path: Path, title: Optional[str] = None) -> Path:
    import nbformat
    resources = {"metadata": {"name": title}} if title else None
    body, _ = _html_exporter().from_notebook_node(nbformat.read(nb_path, as_version=4),
                                                  resources=resources)
    out = nb_path.with_suffix(".html")
    out.write_text(client_html(body), encoding="utf-8")
    return out


def _publish_summary(tmp: Path, program, headlines: dict, notebooks, result) -> None:
    """The executive summary as ``index.html`` and, where Chromium is installed, ``report.pdf``
    (summary first, then the pages); without Chromium, or if printing fails, the HTML bundle is
    complete all the same and the result says why there is no PDF."""
    look = program.config.report
    client = look.display_name or program.config.client
    date = present.date(program.config.snapshot_date)
    pages = [(stage_title(nb), f"{nb}.html") for nb in notebooks if (tmp / f"{nb}.html").exists()]
    summary = build_summary(headlines, read_exports(tmp))
    logo = logo_data_uri(program.path, look.logo)

    def write_index(with_pdf: bool) -> None:
        (tmp / "index.html").write_text(client_html(
            summary_html(summary, client=client, program=program.config.program, date=date,
                         pages=pages, accent=look.accent, logo=logo, figures=headlines,
                         pdf="report.pdf" if with_pdf else None)), encoding="utf-8")

    write_index(True)
    try:
        printed = pdf.write_pdf(tmp, [("Summary", "index.html")] + pages, client=client,
                                program=program.config.program, date=date,
                                stamp=f"{program.config.snapshot_date:%Y%m%d}000000",
                                paper=look.paper)
    except (RuntimeError, OSError, subprocess.TimeoutExpired) as exc:
        printed = None
        why = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        if isinstance(exc, subprocess.TimeoutExpired):
            why = f"Chromium did not finish printing within {pdf.TIMEOUT} s"
        result.notes.append(f"{pdf.NOT_WRITTEN}: {why}; {pdf.FAILED_FIX}")
    else:
        if printed is None:
            result.notes.append(pdf.NO_CHROMIUM)
    if printed is None:
        write_index(False)

