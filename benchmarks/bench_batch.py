"""Benchmark the batch: one program, eight programs on 1 and 2 workers, and a 500-program projection.

Run with ``.venv/bin/python benchmarks/bench_batch.py`` (``make bench``). Uses the real notebooks
in ``notebooks/`` and the sample programs in ``data/programs/`` when they exist; otherwise tiny
stand-ins (four notebooks doing a little pandas work, small self-made programs), and says so.

Targets (issue 7): one program's four notebooks under 30 s; eight programs with 2 workers at
least 1.7 x faster than with 1; the expected time of 500 programs on N workers from the measured
per-program times and fixed overhead.

Each 8-program batch is a fresh ``python -m workbench batch ... --workers N`` process, timed from
launch to exit, as a user runs it: start-up and imports count on both sides (``--repeat N``
alternates the two and keeps the median).

``--cluster N`` (issue 19): N program copies (e.g. 32) on a cluster of separate processes (a
``dask scheduler`` and ``dask worker`` processes started in another folder, as deployed), with 1
and then 2 workers, through ``--scheduler`` with relative paths; prints programs per minute and
the projection for 500 programs, and the same with ``--ship`` on 2 workers.
"""
from __future__ import annotations

import argparse
import math
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

from workbench.report.stages import NOTEBOOK_DIR, NOTEBOOKS  # noqa: E402
from workbench.report.run import report_program  # noqa: E402

TINY_BODY = """\
import os
import numpy as np
import pandas as pd
from workbench.exports import export_table, record_headline
people = pd.read_csv(os.path.join(program_dir, "people.csv"))
rng = np.random.default_rng(0)
frame = pd.DataFrame(rng.normal(size=(200_000, 8)))
summary = frame.groupby((frame[0] * 10).round()).agg(["mean", "std"]).head(20)
record_headline(output_dir, "Participants (tiny)", len(people))
export_table(people, output_dir, "people")
summary"""


def _tiny_program(folder: Path, i: int) -> None:
    folder.mkdir(parents=True)
    (folder / "program.yaml").write_text(
        f"client: Client {i}\nprogram: Pilot\npurposes: [onboarding]\nformat: one_to_one\n"
        "start_date: 2025-01-06\nsnapshot_date: 2026-06-30\n"
        "tables:\n  workforce: {file: hr.csv}\n  people: {file: people.csv}\n")
    rows = [f"E{k},{'Sales' if k % 2 else 'IT'},{1 + k % 6},2020-01-0{1 + k % 9}" for k in range(40)]
    (folder / "hr.csv").write_text("employee_id,department,level,hire_date\n" + "\n".join(rows) + "\n")
    ppl = [f"E{k},{'mentee' if k % 3 else 'mentor'}" for k in range(30)]
    (folder / "people.csv").write_text("person_id,role\n" + "\n".join(ppl) + "\n")


def _tiny_notebooks(folder: Path) -> None:
    import nbformat
    folder.mkdir(parents=True, exist_ok=True)
    for name in NOTEBOOKS:
        nb = nbformat.v4.new_notebook()
        params = nbformat.v4.new_code_cell('program_dir = "."\noutput_dir = None')
        params.metadata["tags"] = ["parameters"]
        nb.cells = [nbformat.v4.new_markdown_cell(f"# {name}"), params,
                    nbformat.v4.new_code_cell(TINY_BODY)]
        nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                     "language": "python"}
        nbformat.write(nb, folder / f"{name}.ipynb")


def _programs(work: Path, n: int, samples: list[Path]) -> Path:
    """``n`` program folders: copies of the sample programs in turn, or tiny ones."""
    dest = work / f"programs-{n}"
    for i in range(n):
        if samples:
            src = samples[i % len(samples)]
            shutil.copytree(src, dest / f"{src.name}-{i:02d}")
        else:
            _tiny_program(dest / f"tiny-{i:02d}", i)
    return dest


def _batch(programs: Path, out: Path, workers: int, notebook_dir: Path):
    """``python -m workbench batch`` in a fresh process, as a user runs it: the wall time
    includes start-up, imports and, with 2 workers, the local cluster."""
    env = dict(os.environ, WORKBENCH_NOTEBOOK_DIR=str(notebook_dir))
    cmd = [sys.executable, "-m", "workbench", "batch", str(programs), "--out", str(out),
           "--workers", str(workers)]
    t = time.perf_counter()
    proc = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True)
    wall = time.perf_counter() - t
    code = proc.returncode
    log = proc.stdout
    per_program = [float(line.split()[2].rstrip("s")) for line in log.splitlines()
                   if len(line.split()) >= 3 and line.split()[1] in ("ok", "failed", "invalid")]
    return wall, code, per_program


def _cluster_batch(programs: Path, out: Path, address: str, notebook_dir: Path, *extra: str):
    env = dict(os.environ, WORKBENCH_NOTEBOOK_DIR=str(notebook_dir))
    cmd = [sys.executable, "-m", "workbench", "batch", os.path.relpath(programs, ROOT), "--out",
           os.path.relpath(out, ROOT), "--scheduler", address, *extra]
    t = time.perf_counter()
    proc = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True)
    return time.perf_counter() - t, proc.returncode


def cluster_mode(n: int, samples: list[Path], notebook_dir: Path, work: Path) -> bool:
    """N programs on 1 and 2 separate-process workers (and 2 with --ship): programs per minute."""
    sys.path.insert(0, str(ROOT / "tests"))   # the separate-process cluster the tests start too
    from devcluster import separate_process_cluster
    many = _programs(work, n, samples)
    ok = True
    print(f"\ncluster of separate processes, {n} programs, relative paths through --scheduler:")
    print(f"  {'workers':>7}  {'mode':<12} {'wall':>8}  {'programs/min':>12}  {'500 programs':>12}")
    for workers, extra in ((1, ()), (2, ()), (2, ("--ship",))):
        with separate_process_cluster(workers, work / f"cluster-{workers}-{len(extra)}") as address:
            wall, code = _cluster_batch(many, work / f"out-c{workers}-{len(extra)}", address,
                                        notebook_dir, *extra)
        ok &= code == 0
        rate = n / wall * 60
        mode = "shipped" if extra else "shared folder"
        print(f"  {workers:>7}  {mode:<12} {wall:7.1f}s  {rate:12.1f}  {500 / rate:10.1f} m"
              + ("" if code == 0 else f"  (exit {code})"))
    return ok


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--programs", type=int, default=8, help="programs in the 1-vs-2-worker run")
    ap.add_argument("--tiny", action="store_true", help="use the tiny stand-in notebooks and programs")
    ap.add_argument("--repeat", type=int, default=1, help="runs of each batch (the median is kept)")
    ap.add_argument("--cluster", type=int, default=0, metavar="N",
                    help="only the cluster mode: N programs on separate-process clusters of 1 and 2 workers")
    ap.add_argument("--one", action="store_true",
                    help="only the one-program timing, with and without report.pdf")
    args = ap.parse_args(argv)

    real_nbs = all((NOTEBOOK_DIR / f"{n}.ipynb").exists() for n in NOTEBOOKS)
    samples = sorted(p.parent for p in (ROOT / "data" / "programs").glob("*/program.yaml"))
    with tempfile.TemporaryDirectory(prefix="bench-batch-") as tmp:
        work = Path(tmp)
        if args.tiny or not real_nbs:
            notebook_dir = work / "nbs"
            _tiny_notebooks(notebook_dir)
        else:
            notebook_dir = NOTEBOOK_DIR
        if args.tiny:
            samples = []
        print(f"notebooks: {'real (notebooks/)' if notebook_dir == NOTEBOOK_DIR else 'tiny stand-ins'}; "
              f"programs: {'copies of ' + ', '.join(p.name for p in samples) if samples else 'tiny stand-ins'}")
        print(f"machine: {__import__('os').cpu_count()} cores, python {sys.version.split()[0]}")
        if args.cluster:
            return 0 if cluster_mode(args.cluster, samples, notebook_dir, work) else 1

        # 1. one program, four notebooks (in-process, warm imports excluded by a first run)
        one = _programs(work, 1, samples)
        prog = next(one.iterdir())
        report_program(prog, work / "warm", NOTEBOOKS, notebook_dir)
        r = report_program(prog, work / "one", NOTEBOOKS, notebook_dir)
        print(f"\none program ({prog.name}): {r.status}, {r.seconds:.1f} s "
              f"[target < 30 s: {'met' if r.status == 'ok' and r.seconds < 30 else 'NOT met'}]")
        for nb, s in r.timings.items():
            print(f"  {nb:<24} {s:6.1f} s")
        if r.status != "ok":
            print(f"  failed in {r.notebook} cell {r.cell}: {r.error}")
        # what report.pdf costs (issue 16): print the finished bundle's pages again, timed
        bundle = work / "one" / prog.name
        if (bundle / "report.pdf").exists():
            from workbench import pdf
            again = work / "pdf-again"
            shutil.copytree(bundle, again)
            pages = [("Summary", "index.html")] + [(p.stem, p.name) for p in sorted(again.glob("0*.html"))]
            t0 = time.perf_counter()
            pdf.write_pdf(again, pages, client="bench", program=prog.name, date="today")
            added = time.perf_counter() - t0
            print(f"  report.pdf: {added:.1f} s of the {r.seconds:.1f} s (without it "
                  f"{r.seconds - added:.1f} s) [target < 3 s: {'met' if added < 3 else 'NOT met'}]")
        else:
            print("  no report.pdf was printed (is chromium installed? `make browser-setup`)")
        if args.one:
            return 0

        # 2. eight programs, 1 worker (sequential) vs 2 (local Dask cluster), each a fresh
        #    `python -m workbench batch` as a user runs it (cold start-up counted on both sides)
        many = _programs(work, args.programs, samples)
        runs1, runs2 = [], []
        for k in range(args.repeat):          # alternate, so a slow spell hits both sides
            runs1.append(_batch(many, work / f"out-w1-{k}", 1, notebook_dir))
            runs2.append(_batch(many, work / f"out-w2-{k}", 2, notebook_dir))
        w1, c1, t1 = sorted(runs1, key=lambda r: r[0])[len(runs1) // 2]    # the median run
        w2, c2, t2 = sorted(runs2, key=lambda r: r[0])[len(runs2) // 2]
        if args.repeat > 1:
            print(f"\nwall times, 1 worker: {', '.join(f'{r[0]:.1f}' for r in runs1)} s; "
                  f"2 workers: {', '.join(f'{r[0]:.1f}' for r in runs2)} s (medians below)")
        speedup = w1 / w2
        print(f"\n{args.programs} programs, 1 worker : {w1:6.1f} s (exit {c1})")
        print(f"{args.programs} programs, 2 workers: {w2:6.1f} s (exit {c2})  "
              f"speedup {speedup:.2f} x [target >= 1.7 x: {'met' if speedup >= 1.7 else 'NOT met'}]")

        # 3. 500 programs on N workers: fixed overhead + waves of the mean program time
        mean1 = statistics.mean(t1) if t1 else w1 / args.programs
        mean2 = statistics.mean(t2) if t2 else w2 * 2 / args.programs
        seq_overhead = max(0.0, w1 - sum(t1))
        # the 2-worker run: wall = overhead + work / 2 (two programs at a time)
        par_overhead = max(0.0, w2 - sum(t2) / 2)
        print(f"\nmeasured per program: {mean1:.2f} s alone, {mean2:.2f} s with 2 per machine "
              f"(2 cores); fixed overhead {seq_overhead:.1f} s on 1 worker (start-up, imports, index), "
              f"{par_overhead:.1f} s with a cluster (start-up, index, scheduling)")
        print("expected time for 500 programs (one core per worker, a program per worker at a time):")
        print(f"  {'workers':>7}  {'time':>10}  {'speedup':>7}")
        base = None
        for n in (1, 2, 8, 32, 128):
            per = mean1 if n == 1 else mean2   # 2-per-machine times: workers share memory and disk
            waves = math.ceil(500 / n)
            total = (seq_overhead if n == 1 else par_overhead) + waves * per
            base = base or total
            print(f"  {n:>7}  {total / 60:8.1f} m  {base / total:6.1f} x")
    ok = all(c == 0 for _, c, _ in runs1 + runs2)
    return 0 if (ok and r.status == "ok") else 1


if __name__ == "__main__":
    raise SystemExit(main())
