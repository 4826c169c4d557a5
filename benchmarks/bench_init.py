"""``init`` measured (issue 31): the draft of every client folder of the corpus against its true
mapping.

The corpus: benchmarks/init_corpus/*/ (built by make_init_corpus.py, each with truth.json), our
six sample programs (data/programs/*, copied without program.yaml, the truth read from it) and
tests/good/foreign_workbook. For each folder: tables assigned right (file and sheet), required
mappings right (a required column mapped to the true client column, or left as a TODO when the
files do not have it), wrong mappings (any of our columns mapped to another client column than
the true one, or mapped when it should not be), ids mapped to a name or e-mail column, TODOs
left in the tables section, files not used and named with their reason, time (the CPU time of
the draft, which the goal is judged on, and the wall time, which also counts whatever else the
machine is doing).

Goals: >= 95 % required mappings right, no wrong table assignment, no id mapped to a name,
every unused file named with its reason, < 3 s a folder.

The held-out set (benchmarks/init_holdout/*/, built by make_init_holdout.py) is printed apart
with its own totals: its folders were written apart from the code, in batches, each run once
before any change made on it (each batch's first-run figures are in the git log), so a batch's
first run says how ``init`` does on files it has not seen; once a batch has been looked at, only
the next batch's first run says that again. A truth whose table ``file``/``sheet`` is a
list accepts any of them (a people table split over a "Mentors" and a "Mentees" sheet), and the
parts not drafted must be named in the draft with what to do.

Run: ``PYTHONPATH=. python benchmarks/bench_init.py [-v]``; exit 1 when a goal is missed.
"""
from __future__ import annotations

import json
import re
import shutil
import sys
import tempfile
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from workbench.draft import draft_program  # noqa: E402
from workbench.draft.sources import read_candidates  # noqa: E402
from workbench.schema import TABLES  # noqa: E402

CORPUS = ROOT / "benchmarks" / "init_corpus"
HOLDOUT = ROOT / "benchmarks" / "init_holdout"


def _any(v) -> list:
    return v if isinstance(v, list) else [v]


def _parts(want: dict) -> list:
    """'file' or 'file:sheet' for every source the truth accepts (a list: a table split in parts)."""
    return [f"{f}:{sh}" if sh else f for f in _any(want["file"]) for sh in _any(want.get("sheet"))]


def _truth_from_program(path: Path) -> dict:
    """truth.json's shape from a hand-written program.yaml (columns named like ours included)."""
    prog = yaml.safe_load(path.read_text())
    tables = {}
    for t, spec in prog["tables"].items():
        cols = {v: k for k, v in (spec.get("columns") or {}).items()}
        found, _ = read_candidates(path.parent, spec["file"])
        f = next((c for c in found if spec.get("sheet") in (None, c.sheet)), None)
        for h in (f.header if f else []):
            n = re.sub(r"[\s\-]+", "_", h.strip().lower())
            if n in {c.name for c in TABLES[t].columns} and n not in cols and h not in cols.values():
                cols[n] = h
        tables[t] = {"file": spec["file"], "sheet": spec.get("sheet"), "columns": cols}
    return {"tables": tables, "unused": [], "name_columns": []}


def folders(tmp: Path, corpus: Path = CORPUS) -> list[tuple[str, Path, dict]]:
    """(name, folder with the client's files copied under ``tmp``, truth); our sample programs
    are part of the corpus, not of the held-out set."""
    out = []
    if corpus != CORPUS:
        for truth in sorted(corpus.glob("*/truth.json")):
            dst = tmp / truth.parent.name
            shutil.copytree(truth.parent, dst, ignore=shutil.ignore_patterns("truth.json"))
            out.append((truth.parent.name, dst, json.loads(truth.read_text(encoding="utf-8"))))
        return out
    for prog in sorted((ROOT / "data" / "programs").glob("*/program.yaml")) + \
            [ROOT / "tests" / "good" / "foreign_workbook" / "program.yaml"]:
        dst = tmp / prog.parent.name
        shutil.copytree(prog.parent, dst, ignore=shutil.ignore_patterns("program.yaml", "expected.txt"))
        out.append((prog.parent.name, dst, _truth_from_program(prog)))
    for truth in sorted(CORPUS.glob("*/truth.json")):
        dst = tmp / truth.parent.name
        shutil.copytree(truth.parent, dst, ignore=shutil.ignore_patterns("truth.json"))
        out.append((truth.parent.name, dst, json.loads(truth.read_text(encoding="utf-8"))))
    return out


def drafted_columns(folder: Path, spec: dict, table: str) -> dict:
    """our column -> client column, as the loader would map them from the draft."""
    cols = {v: k for k, v in (spec.get("columns") or {}).items()}
    found, _ = read_candidates(folder, spec["file"])
    f = next((c for c in found if spec.get("sheet") in (None, c.sheet)), None)
    for h in (f.header if f else []):
        n = re.sub(r"[\s\-]+", "_", h.strip().lower())
        if n in {c.name for c in TABLES[table].columns} and n not in cols and h not in cols.values():
            cols[n] = h
    return cols


def score(folder: Path, truth: dict, text: str) -> dict:
    draft = yaml.safe_load(text) or {}
    tables = draft.get("tables") or {}
    r = {"tables": 0, "tables_true": len(truth["tables"]), "wrong_tables": [], "req": 0, "req_true": 0,
         "wrong": [], "id_name": [], "todos": 0, "unused_missing": []}
    body = text.split("\ntables:", 1)[-1]
    r["todos"] = len(re.findall(r"# TODO", body))
    for t, spec in tables.items():
        want = truth["tables"].get(t)
        if want is None or spec.get("file") not in _any(want["file"]) or (
                want.get("sheet") and spec.get("sheet") not in _any(want["sheet"])):
            r["wrong_tables"].append(f"{t} <- {spec.get('file')}" + (f":{spec.get('sheet')}" if spec.get("sheet") else ""))
            continue
        r["tables"] += 1
    for t, want in truth["tables"].items():
        spec = tables.get(t)
        ok_table = spec is not None and f"{t} <-" not in " ".join(r["wrong_tables"])
        got = drafted_columns(folder, spec, t) if ok_table else {}
        for col in TABLES[t].columns:
            true = want["columns"].get(col.name)
            trues = true if isinstance(true, list) else [true]
            mapped = got.get(col.name)
            if col.required:
                r["req_true"] += 1
                r["req"] += int(ok_table and (mapped in trues if mapped or true is not None else True))
            if mapped is not None and mapped not in trues:
                r["wrong"].append(f"{t}.{col.name} <- {mapped!r} (true: {true!r})")
            if mapped is not None and col.kind == "id" and mapped in truth.get("name_columns", []):
                r["id_name"].append(f"{t}.{col.name} <- {mapped!r}")
    split = []
    for t, want in truth["tables"].items():
        parts = _parts(want)
        if len(parts) > 1:      # a table in parts: the parts not drafted must be named with what to do
            spec = tables.get(t) or {}
            got = f"{spec.get('file')}:{spec.get('sheet')}" if spec.get("sheet") else spec.get("file")
            split += [u for u in parts if u != got]
    for u in list(truth.get("unused", [])) + split:
        file, _, sheet = u.partition(":")
        pat = (rf"# {re.escape(file)} \(sheet {re.escape(repr(sheet))}\): not used: \S" if sheet
               else rf"# {re.escape(file)}: not (?:used|read)\b.*\S")
        if not re.search(pat, text):
            r["unused_missing"].append(u)
    return r


def main(verbose: bool = False) -> int:
    """The corpus, then the held-out set (folders written apart from the code): each with its own
    totals and goals, so a figure reached by tuning on the corpus is not read as generalising."""
    rc = 0
    for title, corpus in (("corpus (benchmarks/init_corpus + our sample programs)", CORPUS),
                          ("held-out (benchmarks/init_holdout: written apart from the code, each batch run once before "
                           "any change made on it; see make_init_holdout.py)", HOLDOUT)):
        if not corpus.exists():
            continue
        print(f"== {title}")
        with tempfile.TemporaryDirectory(prefix="init-corpus-") as tmp:
            rc |= _run(folders(Path(tmp), corpus), verbose)
        print()
    return rc


def _run(rows: list, verbose: bool) -> int:
    tot = {"tables": 0, "tables_true": 0, "req": 0, "req_true": 0, "wrong": 0, "wrong_tables": 0, "id_name": 0,
           "todos": 0, "unused_missing": 0}
    slowest = 0.0
    print(f"{'folder':34} {'tables':>7} {'required':>9} {'wrong':>6} {'id=name':>8} {'TODOs':>6} "
          f"{'unused?':>8} {'cpu s':>6} {'wall s':>6}")
    for name, folder, truth in rows:
        t0, c0 = time.perf_counter(), time.process_time()
        text = draft_program(folder)
        dt, cpu = time.perf_counter() - t0, time.process_time() - c0
        slowest = max(slowest, cpu)
        r = score(folder, truth, text)
        print(f"{name:34} {r['tables']:>3}/{r['tables_true']:<3} {r['req']:>4}/{r['req_true']:<4} "
              f"{len(r['wrong']) + len(r['wrong_tables']):>6} {len(r['id_name']):>8} {r['todos']:>6} "
              f"{'ok' if not r['unused_missing'] else 'MISSING':>8} {cpu:6.2f} {dt:6.2f}")
        for k in ("wrong_tables", "wrong", "id_name", "unused_missing"):
            for line in r[k]:
                print(f"    {k}: {line}")
        if verbose:
            print("    " + text.replace("\n", "\n    "))
        for k in ("tables", "tables_true", "req", "req_true", "todos"):
            tot[k] += r[k]
        for k in ("wrong", "wrong_tables", "id_name", "unused_missing"):
            tot[k] += len(r[k])
    share = tot["req"] / max(tot["req_true"], 1)
    print(f"{'total (' + str(len(rows)) + ' folders)':34} {tot['tables']:>3}/{tot['tables_true']:<3} "
          f"{tot['req']:>4}/{tot['req_true']:<4} {tot['wrong'] + tot['wrong_tables']:>6} {tot['id_name']:>8} "
          f"{tot['todos']:>6} {'ok' if not tot['unused_missing'] else 'MISSING':>8} {slowest:6.2f} (slowest)")
    goals = {"required mappings right >= 95 %": share >= 0.95, "no wrong table assignment": tot["wrong_tables"] == 0,
             "no id mapped to a name": tot["id_name"] == 0, "every unused file named": tot["unused_missing"] == 0,
             "under 3 s a folder (CPU time)": slowest < 3.0}
    print(f"required mappings right: {share:.1%}; wrong mappings: {tot['wrong']}; wrong tables: "
          f"{tot['wrong_tables']}; TODOs left: {tot['todos']}")
    for g, ok in goals.items():
        print(f"  {'met ' if ok else 'MISSED'}  {g}")
    return 0 if all(goals.values()) else 1


if __name__ == "__main__":
    sys.exit(main("-v" in sys.argv))
