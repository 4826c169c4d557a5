"""Batch reports: isolation, kernel deaths, nothing lost, reproducible, Dask scale-out, the CLI.

Tiny notebooks and tiny self-made programs keep the whole file well under a minute and a half on
two cores; the real notebooks are exercised by the benchmark and by nbval.
"""
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import openpyxl
import pandas as pd
import pytest

from workbench.batch import run_batch
from workbench.exports import FORMULA_PREFIXES
from workbench.report.run import report_program

ROOT = Path(__file__).resolve().parent.parent


def make_program(folder: Path, client: str = "Acme") -> Path:
    """A minimal valid program: the two required tables and a charter."""
    folder.mkdir(parents=True)
    (folder / "program.yaml").write_text(
        f"client: {client}\nprogram: Onboarding pilot\npurposes: [onboarding]\nformat: one_to_one\n"
        "start_date: 2025-01-06\nsnapshot_date: 2026-06-30\n"
        "tables:\n  workforce: {file: hr.csv}\n  people: {file: people.csv}\n")
    (folder / "hr.csv").write_text(
        "employee_id,department,level,hire_date\n"
        "E1,Sales,1,2024-03-01\nE2,Sales,2,2023-01-15\nE3,IT,5,2015-06-01\nE4,IT,6,2012-09-01\n")
    (folder / "people.csv").write_text("person_id,role\nE1,mentee\nE2,mentee\nE3,mentor\nE4,mentor\n")
    return folder


def notebook(path: Path, *bodies: str) -> None:
    nb = nbformat.v4.new_notebook()
    params = nbformat.v4.new_code_cell('program_dir = "."\noutput_dir = None')
    params.metadata["tags"] = ["parameters"]
    nb.cells = [nbformat.v4.new_markdown_cell("# A page for the client"), params]
    nb.cells += [nbformat.v4.new_code_cell(b) for b in bodies]
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(nb, path)


GOOD = """\
import os
import pandas as pd
from workbench.exports import export_table, record_headline
people = pd.read_csv(os.path.join(program_dir, "people.csv"))
if os.path.exists(os.path.join(program_dir, "BREAK")):
    raise RuntimeError("broken export\\nsecond line")
record_headline(output_dir, "Mentees", int((people.role == "mentee").sum()))
pairs = pd.DataFrame({"mentee": ["=HYPERLINK(\\"http://x\\")", "+1", "-2+3", "@SUM(A1)", "Ann"],
                      "score": [-0.5, 1.0, 2.5, 3.0, 4.0], "n": [-1, 2, 3, 4, 5]})
export_table(pairs, output_dir, "matching")
print("mentees:", (people.role == "mentee").sum())"""

SUMMARY = "print('summary page')"


@pytest.fixture
def env(tmp_path):
    programs = tmp_path / "programs"
    for slug in ("alpha", "beta", "gamma"):
        make_program(programs / slug, client=slug.title())
    nbs = tmp_path / "nbs"
    nbs.mkdir()
    notebook(nbs / "good.ipynb", GOOD)
    notebook(nbs / "summary.ipynb", SUMMARY)
    return programs, nbs, tmp_path / "reports"


def snapshot(folder: Path) -> dict:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def no_temp_left(reports: Path) -> bool:
    return not [p for p in reports.iterdir() if p.name.startswith(".")]


@pytest.mark.slow
def test_broken_program_among_good_ones_on_a_local_cluster(env, capsys):
    programs, nbs, reports = env
    assert run_batch(programs, reports, notebooks=("good",), notebook_dir=nbs) == 0
    capsys.readouterr()
    before = snapshot(reports / "gamma")
    (programs / "gamma" / "BREAK").write_text("x")
    shutil.rmtree(reports / "alpha")  # alpha must be rebuilt

    code = run_batch(programs, reports, workers=2, notebooks=("good",), notebook_dir=nbs)
    out = capsys.readouterr().out

    assert code == 1
    assert (reports / "alpha" / "index.html").exists() and (reports / "beta" / "index.html").exists()
    assert snapshot(reports / "gamma") == before                  # byte for byte
    assert no_temp_left(reports)
    line = next(l for l in out.splitlines() if l.startswith("gamma "))
    assert "failed" in line and "good cell" in line and "RuntimeError: broken export" in line
    assert "second line" not in line                              # first line of the error only
    assert (reports / "_failed" / "gamma" / "good.ipynb").exists()  # the traceback, for the analyst
    log = (reports / "batch.log").read_text()
    assert "programs 3/3" in log and "notebooks" in log and "left ~" in log
    assert "gamma: failed" in log
    index = (reports / "index.html").read_text()
    assert "gamma" in index and "previous good report" in index
    # the portfolio: a row per program with its published figures and a link to its summary
    assert index.count("<tr>") == 1 + 3 and "href='./alpha/index.html'" in index
    assert "<td class='num'>hidden</td>" in index      # 4 participants, under the minimum of 5


@pytest.mark.slow
def test_kernel_killed_once_is_retried_and_always_dying_fails_cleanly(env, tmp_path):
    programs, nbs, reports = env
    marker = tmp_path / "died-once"
    kill = "import os, signal\nos.kill(os.getpid(), signal.SIGKILL)"
    notebook(nbs / "die_once.ipynb", "print('before')",
             f"import pathlib\nm = pathlib.Path({str(marker)!r})\n"
             f"if not m.exists():\n    m.write_text('x')\n    {kill.replace(chr(10), chr(10) + '    ')}",
             "print('survived')")
    notebook(nbs / "die_always.ipynb", "print('before')", kill)

    ok = report_program(programs / "alpha", reports, ("die_once", "summary"), nbs)
    assert ok.status == "ok", ok
    assert ok.retries == {"die_once": 1}
    assert "survived" in (reports / "alpha" / "die_once.html").read_text()
    before = snapshot(reports / "alpha")

    bad = report_program(programs / "alpha", reports, ("die_always",), nbs)
    assert bad.status == "failed" and bad.notebook == "die_always"
    assert "kernel died 2 times" in bad.error.lower()
    assert bad.cell is not None
    assert snapshot(reports / "alpha") == before
    assert no_temp_left(reports)


def _strip_timings(nb_bytes: bytes) -> dict:
    nb = json.loads(nb_bytes)
    nb["metadata"].get("papermill", {}).pop("start_time", None)
    nb["metadata"].get("papermill", {}).pop("end_time", None)
    nb["metadata"].get("papermill", {}).pop("duration", None)
    for cell in nb["cells"]:
        for key in ("start_time", "end_time", "duration"):
            cell["metadata"].get("papermill", {}).pop(key, None)
        cell["metadata"].pop("execution", None)
    return nb


@pytest.mark.slow
def test_same_batch_twice_gives_same_reports_apart_from_timings(env):
    programs, nbs, reports = env
    run_batch(programs, reports, only=["alpha"], notebooks=("good", "summary"), notebook_dir=nbs)
    first = snapshot(reports / "alpha")
    run_batch(programs, reports, only=["alpha"], notebooks=("good", "summary"), notebook_dir=nbs)
    second = snapshot(reports / "alpha")
    assert first.keys() == second.keys()
    for name in first:
        if name == "manifest.json":
            a, b = (json.loads(x[name]) for x in (first, second))
            assert a.pop("timings_seconds").keys() == b.pop("timings_seconds").keys()
            assert a == b
        elif name.endswith(".ipynb"):
            assert _strip_timings(first[name]) == _strip_timings(second[name]), name
        else:
            assert first[name] == second[name], name                 # HTML, exports, index
    manifest = json.loads(first["manifest.json"])
    assert set(manifest["inputs"]) == {"program.yaml", "hr.csv", "people.csv"}
    assert all(len(v) == 64 for v in manifest["inputs"].values())
    assert manifest["parameters"]["notebooks"] == ["good", "summary"]
    assert {"python", "papermill", "pandas"} <= set(manifest["versions"])
    assert set(manifest["timings_seconds"]) == {"good", "summary"}
    assert manifest["exports"] == ["exports/matching.csv", "exports/matching.xlsx"]


def test_formula_cells_neutralized_in_the_bundle_csv_and_xlsx(env):
    programs, nbs, reports = env
    assert report_program(programs / "beta", reports, ("good",), nbs).status == "ok"
    exports = reports / "beta" / "exports"
    back_csv = pd.read_csv(exports / "matching.csv")
    back_xlsx = pd.read_excel(exports / "matching.xlsx", engine="openpyxl")
    for back in (back_csv, back_xlsx):
        assert not any(str(v).startswith(FORMULA_PREFIXES) for v in back["mentee"])
        assert back["mentee"].iloc[-1] == "Ann"
        assert back["score"].tolist() == [-0.5, 1.0, 2.5, 3.0, 4.0]
        assert back["n"].tolist() == [-1, 2, 3, 4, 5]
    sheet = openpyxl.load_workbook(exports / "matching.xlsx").active
    kinds = {cell.column_letter: cell.data_type for cell in sheet[2]}
    assert kinds == {"A": "s", "B": "n", "C": "n"}               # text is text, numbers numbers
    assert not any(c.data_type == "f" for row in sheet.iter_rows() for c in row)  # no formulas


@pytest.mark.slow
def test_scheduler_address_runs_on_an_existing_cluster(env):
    from distributed import LocalCluster
    programs, nbs, reports = env
    cluster = LocalCluster(n_workers=1, threads_per_worker=1, processes=True,
                           host="127.0.0.1", dashboard_address=None)
    try:
        code = run_batch(programs, reports, only=["alpha", "beta"], notebooks=("good", "summary"),
                         notebook_dir=nbs, scheduler=cluster.scheduler_address)
    finally:
        cluster.close()
    assert code == 0
    assert (reports / "alpha" / "index.html").exists() and (reports / "beta" / "index.html").exists()
    assert not (reports / "gamma").exists()
    log = (reports / "batch.log").read_text()
    assert "scheduler tcp://127.0.0.1" in log
    assert "alpha: summary done" in log                            # per-notebook progress events


@pytest.mark.slow
def test_cli_batch_subprocess(env):
    programs, nbs, reports = env
    (programs / "beta" / "people.csv").write_text("person_id,role\nE1,mentee\nE3,mentr\n")
    from workbench.report.stages import NOTEBOOKS
    for name in NOTEBOOKS:                          # the CLI runs the four notebooks by name
        shutil.copy(nbs / ("good.ipynb" if name == NOTEBOOKS[0] else "summary.ipynb"),
                    nbs / f"{name}.ipynb")
    envvars = dict(os.environ, WORKBENCH_NOTEBOOK_DIR=str(nbs))
    proc = subprocess.run(
        [sys.executable, "-m", "workbench", "batch", str(programs), "--out", str(reports),
         "--workers", "1", "--only", "alpha", "beta"],
        capture_output=True, text=True, env=envvars, timeout=120)
    assert proc.returncode != 0, proc.stdout + proc.stderr
    assert "alpha" in proc.stdout and "beta" in proc.stdout and "invalid" in proc.stdout
    assert "people.csv" in proc.stderr
    assert (reports / "alpha" / "index.html").exists() and not (reports / "beta").exists()
    assert (reports / "batch.log").exists() and (reports / "index.html").exists()


def test_longest_first_hands_out_big_programs_first(tmp_path):
    from workbench.batch import expected_cost, longest_first
    sizes = {"small": 10, "big": 5000, "mid": 800, "mid2": 800}
    for name, size in sizes.items():
        (tmp_path / name).mkdir()
        (tmp_path / name / "people.csv").write_bytes(b"x" * size)
    order = longest_first([tmp_path / n for n in sizes])
    assert [p.name for p in order] == ["big", "mid", "mid2", "small"]
    assert expected_cost(tmp_path / "big") == 5000


# ------------------------------------------------------------ a batch that survives (issue 32.6)

def _trap_hook(env: str, action: str) -> str:
    """A ``sitecustomize.py`` whose Python runs ``action`` when it opens a file whose name ends
    with the value of the environment variable ``env``."""
    return f'''\
import os, time
_name = os.environ.get("{env}")
if _name:
    _open = os.open
    def _trapped_open(path, *args, **kwargs):
        if str(path).endswith(_name):
            {action}
        return _open(path, *args, **kwargs)
    os.open = _trapped_open
'''


# as calamine did on a hostile workbook: a signal, no exception
ABORT_HOOK = _trap_hook("WB_TEST_ABORT_ON", "os.abort()")
# a reader stuck on a file (a network share that never answers)
HANG_HOOK = _trap_hook("WB_TEST_HANG_ON", "time.sleep(600)")



def trap_reading(program: Path, hooks: Path, monkeypatch, hook: str = "abort", extra_yaml: str = "") -> None:
    """Make any process that reads ``program``'s people file abort (``hook="abort"``,
    :data:`ABORT_HOOK`) or hang (``"hang"``, :data:`HANG_HOOK`): the hook is loaded by every Python
    started with ``hooks`` on its path, and the program.yaml reads a copy named
    ``ABORT-people.csv`` / ``HANG-people.csv`` (``extra_yaml`` appended)."""
    code, env, name = {"abort": (ABORT_HOOK, "WB_TEST_ABORT_ON", "ABORT-people.csv"),
                       "hang": (HANG_HOOK, "WB_TEST_HANG_ON", "HANG-people.csv")}[hook]
    hooks.mkdir()
    (hooks / "sitecustomize.py").write_text(code)
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join(filter(None, [str(hooks), os.environ.get("PYTHONPATH")])))
    monkeypatch.setenv(env, name)
    yaml = (program / "program.yaml").read_text()
    (program / "program.yaml").write_text(yaml.replace("people.csv", name) + extra_yaml)
    shutil.copy(program / "people.csv", program / name)


HANG = """\
import os, pathlib, time
if os.path.exists(os.path.join(program_dir, "HANG")):
    pathlib.Path(program_dir, "kernel.pid").write_text(str(os.getpid()))
    while True:
        time.sleep(1)"""


@pytest.mark.slow
def test_a_batch_with_aborting_hanging_and_invalid_programs_finishes_the_others(env, tmp_path, monkeypatch,
                                                                               capsys):
    """One program's reader aborts the process (a signal Python cannot catch), one notebook hangs
    (a 20-second limit in its program.yaml: long enough for its good notebook on a loaded machine), one program is invalid with an employee id in its
    problem: the good ones are reported, the others are reported as what happened to them, no
    temporary folder or kernel is left, and the client-facing portfolio shows no problem text."""
    import psutil
    programs, nbs, reports = env
    notebook(nbs / "hang.ipynb", HANG)
    # alpha: good; beta: its reader aborts; gamma: hangs; delta: invalid; epsilon: good
    trap_reading(programs / "beta", tmp_path / "hooks", monkeypatch)
    (programs / "gamma" / "HANG").write_text("x")
    with open(programs / "gamma" / "program.yaml", "a") as fh:
        fh.write("time_limits: {notebook_seconds: 20}\n")
    make_program(programs / "delta")
    (programs / "delta" / "people.csv").write_text("person_id,role\nE1,mentee\nE7,mentor\n")
    make_program(programs / "epsilon")

    code = run_batch(programs, reports, notebooks=("good", "hang"), notebook_dir=nbs, program_seconds=120)
    out = capsys.readouterr()

    assert code == 1
    for good in ("alpha", "epsilon"):
        assert (reports / good / "index.html").exists(), out.out
    rows = {line.split()[0]: line for line in out.out.splitlines() if line.split()[:1] and
            line.split()[0] in ("alpha", "beta", "gamma", "delta", "epsilon")}
    assert " ok " in rows["alpha"] and " ok " in rows["epsilon"]
    assert "failed" in rows["beta"] and "crashed (SIGABRT while reading its input" in rows["beta"]
    assert "failed" in rows["gamma"] and "hang cell" in rows["gamma"]
    assert "over the time limit of 20 s a notebook" in rows["gamma"]
    assert "invalid" in rows["delta"]
    assert "worker" not in out.out.lower()
    # the hanging kernel is gone, and so are the temporary folders
    pid = int((programs / "gamma" / "kernel.pid").read_text())
    assert not psutil.pid_exists(pid) or psutil.Process(pid).status() == psutil.STATUS_ZOMBIE
    assert no_temp_left(reports)
    assert (reports / "_failed" / "gamma" / "hang.ipynb").exists()   # where it hung, for the analyst
    # the portfolio: every program, a generic note; the problems only in the analyst's log
    index = (reports / "index.html").read_text()
    for slug in ("alpha", "beta", "gamma", "delta", "epsilon"):
        assert slug in index
    assert "E7" not in index and "people.csv" not in index and "SIGABRT" not in index
    assert "see the analyst log" in index
    log = (reports / "batch.log").read_text()
    assert "E7" in log and "SIGABRT" in log and "time limit" in log


def test_a_full_disk_is_one_line_and_the_batch_ends(tmp_path, monkeypatch, capsys):
    """The portfolio cannot be written (ENOSPC): one line naming the file and what to do, exit 1."""
    import errno
    from workbench import atomic, portfolio

    def full(*a, **k):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(portfolio, "atomic_write", full, raising=False)
    monkeypatch.setattr(atomic, "atomic_write", full)
    (tmp_path / "programs").mkdir()
    code = run_batch(tmp_path / "programs", tmp_path / "reports", notebooks=("good",), notebook_dir=tmp_path)
    err = capsys.readouterr().err
    assert code == 1
    assert err.strip().splitlines() == [
        f"{tmp_path / 'reports' / 'index.html'}: could not be written (the disk is full); free space on its "
        "disk (or choose another --out) and run the batch again"]


def test_time_limits_come_from_program_yaml_then_the_command_line(tmp_path):
    from workbench.batch import DEFAULT_NOTEBOOK_SECONDS, DEFAULT_PROGRAM_SECONDS, time_limits
    p = make_program(tmp_path / "p")
    assert time_limits(p) == (DEFAULT_NOTEBOOK_SECONDS, DEFAULT_PROGRAM_SECONDS)
    assert time_limits(p, 30, 90) == (30, 90)
    with open(p / "program.yaml", "a") as fh:
        fh.write("time_limits: {program_seconds: 600}\n")
    assert time_limits(p, 30, 90) == (30, 600)
    (p / "program.yaml").write_text("client: [\n")                 # invalid: the batch's limits
    assert time_limits(p, 30, 90) == (30, 90)


@pytest.mark.slow
def test_on_a_local_cluster_a_crash_is_the_crashing_programs_alone(env, tmp_path, monkeypatch, capsys):
    """On Dask, an aborting reader used to kill its worker: the invalid program beside it was
    reported as "worker lost: KilledWorker" and finished reports were rebuilt. Each program now
    runs in a child of its task: the worker survives and each program is reported as itself."""
    programs, nbs, reports = env
    trap_reading(programs / "beta", tmp_path / "hooks", monkeypatch)
    (programs / "gamma" / "people.csv").write_text("person_id,role\nE1,mentee\nE7,mentor\n")

    code = run_batch(programs, reports, workers=2, notebooks=("good",), notebook_dir=nbs)
    out = capsys.readouterr().out
    assert code == 1
    rows = {line.split()[0]: line for line in out.splitlines() if line.split()[:1]
            and line.split()[0] in ("alpha", "beta", "gamma")}
    assert " ok " in rows["alpha"] and (reports / "alpha" / "index.html").exists()
    assert "crashed (SIGABRT" in rows["beta"]
    assert "invalid" in rows["gamma"] and "worker lost" not in out and "KilledWorker" not in out
    log = (reports / "batch.log").read_text()
    assert log.count("alpha: ok") == 1                  # built once, never rerun
    assert (reports / "index.html").exists() and "E7" not in (reports / "index.html").read_text()


@pytest.mark.slow
def test_a_program_over_its_time_limit_is_stopped_while_reading(env, tmp_path, monkeypatch, capsys):
    """The per-program limit (here 5 s in the program's program.yaml, over the batch's 300 s)
    also covers reading the input, before any notebook starts; the others go on."""
    programs, nbs, reports = env
    trap_reading(programs / "beta", tmp_path / "hooks", monkeypatch, "hang",
                 extra_yaml="time_limits: {program_seconds: 5}\n")
    code = run_batch(programs, reports, only=["alpha", "beta"], notebooks=("good",), notebook_dir=nbs,
                     program_seconds=300)
    out = capsys.readouterr().out
    assert code == 1
    beta = next(line for line in out.splitlines() if line.startswith("beta "))
    assert "before the notebooks: stopped after" in beta and "over the time limit of 5 s a program" in beta
    assert (reports / "alpha" / "index.html").exists() and (reports / "index.html").exists()
    assert no_temp_left(reports)
