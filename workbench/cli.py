"""Command line: ``python -m workbench {validate,init,report,batch,sample} ...``.

``validate`` prints one line per problem (exit 2) or per warning (exit 0, or 2 with
``--strict``); ``report`` says what went wrong the same way, or which notebook and cell failed
and where the failed notebook was kept; when the HTML bundle is written but ``report.pdf`` is not
(Chromium missing or failing), it says so on a ``warning: report.pdf not written: <why>; <how to
fix>`` line (exit 0: the bundle is complete without it), and it updates the portfolio
``<out>/index.html`` as ``batch`` does. ``report`` runs the program as ``batch`` runs each one:
in a process of its own, within the same time limits (``--notebook-timeout``,
``--program-timeout``, ``time_limits:`` in ``program.yaml``); a crash or a hang is one line and
the previous good report stays in place.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .problems import InputError


def _print_lines(title: str, lines, count: int, where: str) -> None:
    if not lines:
        return
    for p in lines:
        print(p, file=sys.stderr)
    print(f"{count} {title} in {where}", file=sys.stderr)


def _validate(args) -> int:
    from .io import check_program
    result = check_program(args.program, strict=args.strict)
    for note in result.notes:
        print(f"note: {note}", file=sys.stderr)
    _print_lines("warning(s)", [f"warning: {w}" for w in result.warnings], result.warning_count, args.program)
    if result.program is None:
        _print_lines("problem(s)", result.problems, result.count, args.program)
        return InputError.exit_code
    prog = result.program
    print(f"{prog.slug}: ok ({len(prog.people)} participants, {len(prog.relationships)} relationships)")
    return 0


def _init(args) -> int:
    from .draft import init_program
    folder = Path(args.folder)
    if not folder.is_dir():
        print(f"{folder}: no such folder; give the folder holding the client's files", file=sys.stderr)
        return 2
    try:
        path = init_program(folder, args.out)
    except FileExistsError as e:
        print(f"{e.args[0]} exists already and is never overwritten; move it away, or write the draft "
              f"elsewhere with --out", file=sys.stderr)
        return 2
    print(f"draft written to {path}: check each guess (its comment says why), fill the TODOs, then run "
          f"'python -m workbench validate {folder}'")
    return 0


def _report(args) -> int:
    from . import batch
    from .report.stages import NOTEBOOK_DIR, NOTEBOOKS
    bad = _bad_timeouts(args)
    if bad:
        return bad
    out = Path(args.out)
    failed = out / "_failed"

    def on_event(kind, slug, nb, detail) -> None:
        if kind == "warnings" and isinstance(detail, dict):
            _print_lines("warning(s)", [f"warning: {w}" for w in detail.get("lines", [])],
                         detail.get("count", 0), args.program)

    # in a process of its own, within its time limits, as batch runs each program: a crash or a
    # hang is one line here, and the previous good report stays in place
    result = batch.run_isolated(Path(args.program), out, notebooks=NOTEBOOKS, notebook_dir=NOTEBOOK_DIR,
                                on_event=on_event, failed_dir=failed, notebook_seconds=args.notebook_timeout,
                                program_seconds=args.program_timeout, check_input=True)
    if result.status == "invalid":
        for line in result.problems:
            print(line, file=sys.stderr)
        print(f"{len(result.problems)} problem line(s) in {args.program}: no report written "
              f"(run 'python -m workbench validate {args.program}' after fixing them)", file=sys.stderr)
    elif result.status != "ok":
        where = f"notebook {result.notebook}" if result.notebook else "the report"
        cell = f", cell {result.cell}" if result.cell is not None else ""
        print(f"{result.slug}: {where}{cell} failed: {result.error}", file=sys.stderr)
        kept = failed / result.slug / f"{result.notebook}.ipynb" if result.notebook else None
        if kept is not None and kept.exists():
            print(f"the failed notebook, with its traceback, is kept in {kept}", file=sys.stderr)
        print("the previous report, if any, is unchanged", file=sys.stderr)
    else:
        from .pdf import NOT_WRITTEN
        no_pdf = [n for n in result.notes if n.startswith(NOT_WRITTEN)]
        what = "report written" if not no_pdf else "report written without report.pdf"
        print(f"{result.slug}: {what} to {out / result.slug} ({result.seconds:.0f} s)")
        for note in no_pdf:
            print(f"warning: {note}", file=sys.stderr)
    portfolio = _update_portfolio(out, result)
    if portfolio is not None:
        print(f"portfolio updated: {portfolio}")
    return result.exit_code


def _update_portfolio(out: Path, result) -> "Path | None":
    """The portfolio ``out/index.html`` after one program's report, as ``batch`` writes it: this
    program's row from its run, every other program's row from its bundle already in ``out``.
    Nothing when ``out`` does not exist (an invalid program on a first run writes nothing)."""
    from .portfolio import read_row, write_portfolio
    if not out.is_dir():
        return None
    slugs = {m.parent.name for m in out.glob("*/manifest.json")
             if not m.parent.name.startswith((".", "_"))}
    rows = []
    for slug in sorted(slugs | {result.slug}):
        if slug != result.slug:
            rows.append(read_row(out, slug, "ok", "earlier run"))
            continue
        note = ""
        if result.status != "ok":
            # no problem text on the client-facing index (it may name people): the terminal has it
            previous = " (showing the previous good report)" if slug in slugs else ""
            note = ("input problems: run 'python -m workbench validate'" if result.status == "invalid"
                    else f"{result.notebook or 'the report'} failed") + previous
        rows.append(read_row(out, slug, result.status, note))
    try:
        return write_portfolio(out, rows)
    except OSError as exc:
        print(f"warning: {out / 'index.html'} not updated: {exc.strerror or exc}; "
              f"free space or fix the folder's permissions, then run the report again", file=sys.stderr)
        return None


def _bad_timeouts(args) -> int:
    for flag in ("notebook_timeout", "program_timeout"):
        if getattr(args, flag) is not None and getattr(args, flag) <= 0:
            print(f"--{flag.replace('_', '-')} must be a number of seconds above 0", file=sys.stderr)
            return 2
    return 0


def _add_timeouts(p) -> None:
    p.add_argument("--notebook-timeout", type=float, default=None, metavar="SECONDS",
                   help="stop a program whose notebook runs longer (default 1200; time_limits.notebook_seconds "
                        "in a program.yaml overrides it)")
    p.add_argument("--program-timeout", type=float, default=None, metavar="SECONDS",
                   help="stop a program that runs longer in all (default 3600; time_limits.program_seconds "
                        "in a program.yaml overrides it)")


def _batch(args) -> int:
    from .batch import run_batch
    if args.workers < 1:
        print("--workers must be at least 1", file=sys.stderr)
        return 2
    if _bad_timeouts(args):
        return 2
    return run_batch(Path(args.programs), Path(args.out), workers=args.workers, only=args.only,
                     scheduler=args.scheduler, ship=args.ship, notebook_seconds=args.notebook_timeout,
                     program_seconds=args.program_timeout)


def _sample(args) -> int:
    from .sample import write_samples
    for path in write_samples(Path(args.out), seed=args.seed):
        print(path)
    return 0


def build_parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(prog="python -m workbench", description=__doc__)
    sub = ap.add_subparsers(dest="command", required=True)
    p = sub.add_parser("validate", help="check a program folder; exit 2 with one line per problem")
    p.add_argument("program")
    p.add_argument("--strict", action="store_true", help="warnings count as problems (exit 2)")
    p.set_defaults(func=_validate)
    p = sub.add_parser("init", help="draft program.yaml from the client's files in a folder (never overwrites)")
    p.add_argument("folder")
    p.add_argument("--out", default=None, help="write the draft here instead of FOLDER/program.yaml")
    p.set_defaults(func=_init)
    p = sub.add_parser("report", help="run the four notebooks for one program")
    p.add_argument("program")
    p.add_argument("--out", default="reports")
    _add_timeouts(p)
    p.set_defaults(func=_report)
    p = sub.add_parser("batch", help="report on every program in a folder")
    p.add_argument("programs")
    p.add_argument("--out", default="reports")
    p.add_argument("--workers", type=int, default=1,
                   help="programs run in parallel on a local Dask cluster of N processes (default 1: in-process)")
    p.add_argument("--scheduler", default=None, metavar="ADDRESS",
                   help="run on an existing Dask cluster, e.g. tcp://host:8786 (workers must see the same paths)")
    p.add_argument("--ship", action="store_true",
                   help="send each program's files with its task and bring the report back (Dask "
                        "workers without a shared file system; done anyway for a worker that cannot see the folders)")
    p.add_argument("--only", nargs="*", default=None, metavar="SLUG")
    _add_timeouts(p)
    p.set_defaults(func=_batch)
    p = sub.add_parser("sample", help="generate the bundled sample company and programs")
    p.add_argument("--out", default="data/programs")
    p.add_argument("--seed", type=int, default=20261123)
    p.set_defaults(func=_sample)
    return ap


def main(argv=None) -> int:
    args = build_parser().parse_args(argv)
    return args.func(args)
