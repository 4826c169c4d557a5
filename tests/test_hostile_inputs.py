"""Small client files that ask for a lot (issue 32.5): each is refused with one line (file, what,
the limit, how to proceed) within seconds and a bounded amount of memory, in a child process
whose address space is capped, so a reader that tries to build the whole grid fails the test
instead of aborting the test run."""
from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from workbench.config import TableSource
from workbench.io import limits
from workbench.io.collect import Collector
from workbench.io.readers import read_table_file

sys.path.insert(0, str(Path(__file__).parent))
from hostile_files import header_cells, people_cells, xlsx  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
CAP_BYTES = 1536 * 2 ** 20      # address space of the child: 1.5 GB
SECONDS = 20                    # wall-clock bound of one refusal (on a loaded 2-core machine)

_CHILD = """
import json, resource, sys, time
from pathlib import Path
from workbench.config import TableSource
from workbench.io.collect import Collector
from workbench.io.readers import read_table_file
t = time.perf_counter()
out = Collector()
raw = read_table_file(Path(sys.argv[1]), TableSource(file=sys.argv[2]), "workforce", out)
print(json.dumps({"seconds": time.perf_counter() - t, "problems": [str(p) for p in out.problems],
                  "rows": None if raw.frame is None else len(raw.frame),
                  "columns": None if raw.frame is None else len(raw.frame.columns),
                  "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def _cap():
    resource.setrlimit(resource.RLIMIT_AS, (CAP_BYTES, CAP_BYTES))


def read_in_child(folder: Path, name: str) -> dict:
    """Read ``folder/name`` in a child process capped at :data:`CAP_BYTES`: its problems, its
    reading time and its peak memory (whole process, imports included)."""
    t = time.perf_counter()
    run = subprocess.run([sys.executable, "-c", _CHILD, str(folder), name], capture_output=True, text=True,
                         cwd=ROOT, timeout=120, preexec_fn=_cap,
                         env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert run.returncode == 0, run.stderr[-2000:]
    assert "Traceback" not in run.stderr
    res = json.loads(run.stdout.strip().splitlines()[-1])
    res["wall"] = time.perf_counter() - t
    return res


def refused(res: dict, name: str, *needles: str) -> str:
    assert res["rows"] is None, res
    assert len(res["problems"]) == 1, res["problems"]
    line = res["problems"][0]
    assert line.startswith(f"{name}:") and "\n" not in line
    assert "limit" in line and ";" in line          # what, the limit; how to proceed
    for needle in needles:
        assert needle in line, line
    assert res["seconds"] < SECONDS, res
    return line


def test_one_cell_at_xfd1048576_is_refused_before_the_grid_is_built(tmp_path):
    """1.5 KB: one cell at the sheet's last position. Calamine would allocate the whole
    16,384 x 1,048,576 grid (512 GB) and abort the process."""
    cells = header_cells()
    cells[(1_048_576, 16_384)] = "x"
    (tmp_path / "hr.xlsx").write_bytes(xlsx(cells, dimension="A1:XFD1048576"))
    assert (tmp_path / "hr.xlsx").stat().st_size < 2000
    line = refused(read_in_child(tmp_path, "hr.xlsx"), "hr.xlsx", "XFD1048576", "row 1,048,576",
                   "delete the empty rows and columns")
    # without the declared dimension, the cell itself is found
    (tmp_path / "hr2.xlsx").write_bytes(xlsx(cells))
    assert "row numbered 1,048,576" in refused(read_in_child(tmp_path, "hr2.xlsx"), "hr2.xlsx")
    cells = header_cells()
    cells[(3, 16_384)] = "x"
    (tmp_path / "hr3.xlsx").write_bytes(xlsx(cells))
    assert "has a cell at XFD3" in refused(read_in_child(tmp_path, "hr3.xlsx"), "hr3.xlsx")
    assert line


def test_a_declared_dimension_alone_is_refused(tmp_path):
    """openpyxl pads every row to the declared width: a dimension of XFD1048576 over 3 rows."""
    (tmp_path / "hr.xlsx").write_bytes(xlsx(people_cells(), dimension="A1:XFD1048576"))
    out = Collector()
    raw = read_table_file(tmp_path, TableSource(file="hr.xlsx"), "workforce", out)
    assert raw.frame is None and "declares cells up to XFD1048576" in str(out.problems[0])


def test_a_header_of_25000_columns_is_refused_at_once(tmp_path):
    """0.5 MB: building 25,000 columns took 99 s and 2.6 GB."""
    names = ["employee_id", "department", "level", "hire_date"] + [f"c{i}" for i in range(25_000)]
    row = ["E1", "Sales", "1", "2024-01-01"] + [""] * 25_000
    (tmp_path / "hr.csv").write_text(",".join(names) + "\n" + ",".join(row) + "\n")
    refused(read_in_child(tmp_path, "hr.csv"), "hr.csv", "25,004 columns", "1,000")


def test_3000_merged_ranges_are_refused(tmp_path):
    """8.9 KB: 3,000 merged ranges took 5.9 GB, then a MemoryError traceback."""
    merged = [f"B{r}:D{r + 60_000}" for r in range(2, 3002)]
    (tmp_path / "hr.xlsx").write_bytes(xlsx(people_cells(), merged=merged))
    assert (tmp_path / "hr.xlsx").stat().st_size < 40_000
    refused(read_in_child(tmp_path, "hr.xlsx"), "hr.xlsx", "merged", "Unmerge Cells")


def test_merged_ranges_over_the_data_stay_bounded(tmp_path):
    """A few merged ranges reaching far below the data: reported over the data rows only."""
    (tmp_path / "hr.xlsx").write_bytes(xlsx(people_cells(), merged=["B2:B400000"]))
    out = Collector()
    raw = read_table_file(tmp_path, TableSource(file="hr.xlsx"), "workforce", out)
    assert raw.frame is not None
    (issue,) = raw.cell_issues["department"]
    assert issue[4] == (2, 3, 4)


def test_a_zip_bomb_is_refused_without_expanding_it(tmp_path):
    """A sheet part expanding over 200-fold (whitespace), then a workbook whose parts are honest
    but expand past 300 MB together."""
    (tmp_path / "bomb.xlsx").write_bytes(xlsx(people_cells(), padding=64 * 2 ** 20))
    assert (tmp_path / "bomb.xlsx").stat().st_size < 200_000
    refused(read_in_child(tmp_path, "bomb.xlsx"), "bomb.xlsx", "zip bomb", "times")
    parts = {f"xl/media/pad{i}.bin": 9 * 2 ** 20 for i in range(35)}     # 315 MB of zeros
    (tmp_path / "big.xlsx").write_bytes(xlsx(people_cells(), extra_members=parts))
    out = Collector()
    read_table_file(tmp_path, TableSource(file="big.xlsx"), "workforce", out)
    assert "expands to 315 MB, over the limit of 300 MB" in str(out.problems[0])


@pytest.mark.parametrize("size", [140_000, 40_000])
def test_one_long_csv_cell_is_one_line_not_a_traceback(tmp_path, size):
    """Over 131,072 characters the csv module raised `_csv.Error`; over Excel's 32,767 the cell
    is refused too."""
    (tmp_path / "hr.csv").write_text("employee_id,department,level\nE1,Sales,1\nE2," + "x" * size + ",2\n")
    line = refused(read_in_child(tmp_path, "hr.csv"), "hr.csv", "32,767")
    assert line.startswith("hr.csv:3:")


def test_a_long_xlsx_cell_is_refused(tmp_path):
    cells = people_cells()
    cells[(3, 2)] = "y" * 40_000
    (tmp_path / "hr.xlsx").write_bytes(xlsx(cells))
    out = Collector()
    assert read_table_file(tmp_path, TableSource(file="hr.xlsx"), "workforce", out).frame is None
    assert "32,767" in str(out.problems[0]) and str(out.problems[0]).startswith("hr.xlsx:3:")


def test_only_the_usable_columns_are_built_and_all_are_named(tmp_path):
    """Columns the program cannot use are not built; a missing column's message still lists
    every column of the file."""
    names = ["employee_id", "Department", "level", "hire_date", "shoe size", "notes"]
    (tmp_path / "hr.csv").write_text(",".join(names) + "\nE1,Sales,1,2024-01-01,44,x\n")
    out = Collector()
    raw = read_table_file(tmp_path, TableSource(file="hr.csv"), "workforce", out)
    assert list(raw.frame.columns) == ["employee_id", "Department", "level", "hire_date"]
    assert raw.header == names
    src = TableSource(file="hr.csv", extra_columns={"shoe size": "shoe"})
    raw = read_table_file(tmp_path, src, "workforce", out)
    assert "shoe size" in raw.frame.columns and "notes" not in raw.frame.columns


# ------------------------------------------------------------ generated hostile files

@pytest.fixture
def small_limits(monkeypatch):
    for name, value in (("MAX_ROWS", 40), ("MAX_COLUMNS", 12), ("MAX_CELL_CHARS", 50),
                        ("MAX_MERGED_RANGES", 5), ("MAX_MERGED_CELLS", 200)):
        monkeypatch.setattr(limits, name, value)


_pos = st.tuples(st.integers(1, 200), st.integers(1, 40))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(extra=st.dictionaries(_pos, st.text("ab=", max_size=80), max_size=6),
       merged=st.lists(st.tuples(_pos, _pos), max_size=8), dim=st.none() | _pos)
def test_generated_workbooks_are_read_or_refused_in_one_line(tmp_path, small_limits, extra, merged, dim):
    """Whatever the cells, their positions, the declared dimension and the merged ranges, a
    workbook is read or refused with problems of one line each, never an exception, and a
    refusal over a bound names the limit."""
    from hostile_files import col_letter
    cells = people_cells(2)
    cells.update(extra)
    ranges = [f"{col_letter(a[1])}{a[0]}:{col_letter(b[1])}{b[0]}" for a, b in merged]
    dimension = f"A1:{col_letter(dim[1])}{dim[0]}" if dim else None
    (tmp_path / "g.xlsx").write_bytes(xlsx(cells, dimension=dimension, merged=ranges))
    out = Collector()
    raw = read_table_file(tmp_path, TableSource(file="g.xlsx"), "workforce", out)
    far = max([r for r, _ in cells] + [max(a[0], b[0]) for a, b in merged] + [dim[0] if dim else 0])
    wide = max([c for _, c in cells] + [max(a[1], b[1]) for a, b in merged] + [dim[1] if dim else 0])
    long_cell = any(len(v) > 50 for v in extra.values())
    if far > 140 or wide > 12 or long_cell:
        assert raw.frame is None
    if raw.frame is None:
        assert out.problems
    else:
        assert len(raw.frame) <= 40 and len(raw.frame.columns) <= 12
    for p in out.problems:
        assert "\n" not in str(p)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(width=st.integers(1, 30), height=st.integers(0, 60), cell=st.integers(0, 80),
       quote=st.booleans())
def test_generated_csvs_are_read_or_refused_in_one_line(tmp_path, small_limits, width, height, cell, quote):
    header = ["employee_id", "department"] + [f"c{i}" for i in range(width)]
    body = [[f"E{i}", "Sales"] + ["z" * cell] * width for i in range(height)]
    if quote and body:
        body[-1][-1] = '"' + body[-1][-1]
    text = "\n".join(",".join(r) for r in [header] + body) + "\n"
    (tmp_path / "g.csv").write_text(text)
    out = Collector()
    raw = read_table_file(tmp_path, TableSource(file="g.csv"), "workforce", out)
    over = width + 2 > 12 or height > 40 + 30 or (cell > 50 and height > 0)
    if over:
        assert raw.frame is None and len(out.problems) == 1
        # a quote opened in the last value and never closed is reported as such
        assert "limit" in str(out.problems[0]) or (quote and "never closed" in str(out.problems[0]))
    if raw.frame is not None:
        assert len(raw.frame.columns) <= 12 and len(raw.frame) <= 40


# ------------------------------------------------ init reads within the same bounds (issue 32.5)
_DRAFT_CHILD = """
import json, resource, sys, time
from workbench.draft import draft_program
t = time.perf_counter()
text = draft_program(sys.argv[1])
print(json.dumps({"seconds": time.perf_counter() - t, "text": text,
                  "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def draft_in_child(folder: Path) -> dict:
    """``init``'s draft of ``folder`` in a child capped at :data:`CAP_BYTES`."""
    run = subprocess.run([sys.executable, "-c", _DRAFT_CHILD, str(folder)], capture_output=True, text=True,
                         cwd=ROOT, timeout=120, preexec_fn=_cap, env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert run.returncode == 0, run.stderr[-2000:]
    assert "Traceback" not in run.stderr
    return json.loads(run.stdout.strip().splitlines()[-1])


def not_read(res: dict, name: str, *needles: str) -> str:
    lines = [ln for ln in res["text"].splitlines() if ln.startswith(f"# {name}: ")]
    assert len(lines) == 1, res["text"]
    line = lines[0]
    assert "not read:" in line and "limit" in line and ";" in line     # what, the limit; how to proceed
    for needle in needles:
        assert needle in line, line
    assert res["seconds"] < SECONDS, res
    return line


def test_init_refuses_a_header_of_25000_columns_in_one_line(tmp_path):
    names = ["employee_id", "department", "level", "hire_date"] + [f"c{i}" for i in range(25_000)]
    row = ["E1", "Sales", "1", "2024-01-01"] + [""] * 25_000
    (tmp_path / "hr.csv").write_text(",".join(names) + "\n" + ",".join(row) + "\n")
    not_read(draft_in_child(tmp_path), "hr.csv", "25,004 columns", "1,000", "export only the columns")


def test_init_refuses_a_cell_at_xfd1048576_in_one_line(tmp_path):
    cells = header_cells()
    cells[(1_048_576, 16_384)] = "x"
    (tmp_path / "hr.xlsx").write_bytes(xlsx(cells, dimension="A1:XFD1048576"))
    (tmp_path / "people.csv").write_text("person_id,role\nE1,mentee\nE2,mentor\n")
    res = draft_in_child(tmp_path)
    not_read(res, "hr.xlsx", "XFD1048576", "delete the empty rows and columns")
    assert "people.csv" in res["text"]                       # the other files are drafted as before


def test_init_refuses_merged_ranges_and_a_zip_bomb_in_one_line(tmp_path):
    merged = [f"B{r}:D{r + 60_000}" for r in range(2, 3002)]
    (tmp_path / "hr.xlsx").write_bytes(xlsx(people_cells(), merged=merged))
    (tmp_path / "bomb.xlsx").write_bytes(xlsx(people_cells(), padding=64 * 2 ** 20))
    res = draft_in_child(tmp_path)
    not_read(res, "hr.xlsx", "merged", "Unmerge Cells")
    not_read(res, "bomb.xlsx", "zip bomb")


def test_init_refuses_a_long_csv_cell_in_one_line(tmp_path):
    (tmp_path / "hr.csv").write_text("employee_id,department,level\nE1,Sales,1\nE2," + "x" * 140_000 + ",2\n")
    not_read(draft_in_child(tmp_path), "hr.csv", "row 3", "32,767")
