"""Command line: ``python -m workbench {validate,report,batch,sample} ...``."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .problems import InputError


def _validate(args) -> int:
    from .io import load_program
    try:
        prog = load_program(args.program)
    except InputError as err:
        for p in err.problems:
            print(p, file=sys.stderr)
        print(f"{len(err.problems)} problem(s) in {args.program}", file=sys.stderr)
        return InputError.exit_code
    print(f"{prog.slug}: ok ({len(prog.people)} participants, {len(prog.relationships)} relationships)")
    return 0


def _report(args) -> int:
    from .report import report_program
    return report_program(Path(args.program), Path(args.out)).exit_code


def _batch(args) -> int:
    from .batch import run_batch
    if args.workers < 1:
        print("--workers must be at least 1", file=sys.stderr)
        return 2
    return run_batch(Path(args.programs), Path(args.out), workers=args.workers, only=args.only,
                     scheduler=args.scheduler, ship=args.ship)


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
    p.set_defaults(func=_validate)
    p = sub.add_parser("report", help="run the four notebooks for one program")
    p.add_argument("program")
    p.add_argument("--out", default="reports")
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
    p.set_defaults(func=_batch)
    p = sub.add_parser("sample", help="generate the bundled sample company and programs")
    p.add_argument("--out", default="data/programs")
    p.add_argument("--seed", type=int, default=20261123)
    p.set_defaults(func=_sample)
    return ap


def main(argv=None) -> int:
    args = build_parser().parse_args(argv)
    return args.func(args)
