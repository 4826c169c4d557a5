"""Small hostile client files, built in the test (issue 32.5): a workbook's XML written by hand so
a test can declare any dimension, cell position or merged range, and zip members that expand far
beyond their size, all in a few KB."""
from __future__ import annotations

import io
import zipfile
from xml.sax.saxutils import escape

_CT = ('<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
       'content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
       'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName='
       '"/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.'
       'main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.'
       'openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>')
_RELS = ('<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/'
         'package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/'
         'officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>')
_WB = ('<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/'
       'spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/'
       'relationships"><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>')
_WB_RELS = ('<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/'
            'package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/'
            'officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>')


def col_letter(col: int) -> str:
    s = ""
    while col:
        col, r = divmod(col - 1, 26)
        s = chr(65 + r) + s
    return s


def sheet_xml(cells: dict, dimension: str | None = None, merged=()) -> str:
    """``cells``: (row, col) -> text (inline strings)."""
    by_row: dict = {}
    for (r, c), v in sorted(cells.items()):
        by_row.setdefault(r, []).append(
            f'<c r="{col_letter(c)}{r}" t="inlineStr"><is><t>{escape(str(v))}</t></is></c>')
    rows = "".join(f'<row r="{r}">{"".join(cs)}</row>' for r, cs in sorted(by_row.items()))
    dim = f'<dimension ref="{dimension}"/>' if dimension else ""
    merge = (f'<mergeCells count="{len(merged)}">' + "".join(f'<mergeCell ref="{m}"/>' for m in merged)
             + "</mergeCells>") if merged else ""
    return ('<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/'
            f'spreadsheetml/2006/main">{dim}<sheetData>{rows}</sheetData>{merge}</worksheet>')


def xlsx(cells: dict, dimension: str | None = None, merged=(), padding: int = 0,
         extra_members: dict | None = None) -> bytes:
    """A workbook of one sheet; ``padding`` bytes of whitespace inside the sheet XML (compressed
    to almost nothing: a zip bomb); ``extra_members``: name -> number of zero bytes."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", _CT)
        z.writestr("_rels/.rels", _RELS)
        z.writestr("xl/workbook.xml", _WB)
        z.writestr("xl/_rels/workbook.xml.rels", _WB_RELS)
        xml = sheet_xml(cells, dimension, merged)
        with z.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as fh:
            head, tail = xml.split("<sheetData>", 1)
            fh.write(head.encode())
            chunk = b" " * 2 ** 20
            left = padding
            while left > 0:
                fh.write(chunk[:left])
                left -= len(chunk)
            fh.write(("<sheetData>" + tail).encode())
        for name, size in (extra_members or {}).items():
            with z.open(name, "w", force_zip64=True) as fh:
                chunk = b"\0" * 2 ** 20
                left = size
                while left > 0:
                    fh.write(chunk[:left])
                    left -= len(chunk)
    return buf.getvalue()


def header_cells(names=("employee_id", "department", "level", "hire_date")) -> dict:
    return {(1, i + 1): n for i, n in enumerate(names)}


def people_cells(n: int = 3) -> dict:
    cells = header_cells()
    for r in range(2, n + 2):
        cells.update({(r, 1): f"E{r}", (r, 2): "Sales", (r, 3): "1", (r, 4): "2024-01-01"})
    return cells
