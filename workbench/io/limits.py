"""Bounds on what one client file may hold, checked before anything large is built.

A small file can ask for a lot: one XLSX cell at ``XFD1048576`` makes a reader allocate the
whole 16,384 x 1,048,576 grid (hundreds of GB, a crash Python cannot catch), a CSV header of
25,000 names builds 25,000 columns, 3,000 merged ranges list every merged cell, and a zip bomb
expands to gigabytes. Each bound below is refused with one line (file, what, the limit, how to
proceed) within seconds, before the table is built. The bounds are far above any client export
of a mentoring program (an HR file of a few thousand to a few hundred thousand people).
"""
from __future__ import annotations

MAX_ROWS = 500_000               # data rows of one table
MAX_COLUMNS = 1_000              # columns of one table (an HR "all fields" export has a few hundred)
MAX_CELL_CHARS = 32_767          # characters in one cell: Excel's own limit
MAX_MERGED_RANGES = 1_000        # merged ranges in one sheet
MAX_MERGED_CELLS = 1_000_000     # cells covered by the merged ranges of one sheet, together
MAX_UNCOMPRESSED = 300 * 2 ** 20  # an XLSX (a zip) expanded: 300 MB
MAX_RATIO = 200                  # an XLSX member expanding more than 200-fold (text XML: ~10-30)
RATIO_FLOOR = 10 * 2 ** 20       # ... checked only for members over 10 MB expanded


class TooLarge(Exception):
    """A file over one of the bounds: ``what`` (with the limit) and ``fix`` (how to proceed);
    ``row`` when a row is to blame."""

    def __init__(self, what: str, fix: str, row=None):
        super().__init__(what)
        self.what, self.fix, self.row = what, fix, row


def n(x: int) -> str:
    """12,345 (thousands separated)."""
    return f"{x:,}"


def mb(x: int) -> str:
    """315 MB, 64 KB, 80 bytes."""
    if x >= 2 ** 20:
        return f"{x / 2 ** 20:,.0f} MB"
    return f"{x / 2 ** 10:,.0f} KB" if x >= 2 ** 10 else f"{x} bytes"
