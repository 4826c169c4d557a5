"""What the two client-folder builders of the ``init`` benchmark share: names, seeded draws and the
writers of CSV, XLSX and ``truth.json`` (:mod:`make_init_corpus` builds init_corpus/,
:mod:`make_init_holdout` builds init_holdout/; each keeps only its own clients).
"""
from __future__ import annotations

import csv
import datetime as dt
import io
import json
import shutil
from pathlib import Path
from typing import Callable, Sequence

import numpy as np
import openpyxl

FIRST = ["Wilson", "Karthikeyan", "Sarah", "Trina", "Carol", "Ravi", "Mei", "Lukas", "Aisha", "Diego", "Emma",
         "Noah", "Olivia", "Liam", "Sofia", "Mateo", "Chloe", "Jonas", "Ines", "Yuki", "Amara", "Felix", "Nora",
         "Omar", "Hannah", "Pablo", "Lea", "Tariq", "Zoe", "Malik"]
LAST = ["Adinolfi", "Ait Sidi", "Akinkuolie", "Alagbe", "Anderson", "Andreola", "Athwal", "Beak", "Becker",
        "Bernal", "Brown", "Carter", "Chen", "Dubois", "Eriksen", "Fischer", "Garcia", "Hoffmann", "Ivanova",
        "Jensen", "Kowalski", "Lopez", "Martin", "Nguyen", "Okafor", "Petit", "Rossi", "Schmidt", "Tanaka",
        "Weber"]
TOPICS = ["Leadership", "Career planning", "Public speaking", "Data skills", "Networking", "Work-life balance",
          "Project management"]


def rng():
    return np.random.default_rng(20261207)


def names(r, n):
    return [(FIRST[i % len(FIRST)], LAST[(i * 7 + int(r.integers(0, 30))) % len(LAST)]) for i in range(n)]


def day(r, start: dt.date, span: int) -> dt.date:
    return start + dt.timedelta(days=int(r.integers(0, span)))


def write_csv(path: Path, header, rows, encoding="utf-8", sep=",", bom=False):
    buf = io.StringIO()
    w = csv.writer(buf, delimiter=sep, lineterminator="\r\n")
    w.writerow(header)
    w.writerows(rows)
    data = buf.getvalue().encode(encoding)
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + data)


def write_xlsx(path: Path, sheets: dict):
    """sheets: name -> (title lines, header, rows)."""
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for name, (title, header, rows) in sheets.items():
        ws = wb.create_sheet(name)
        for t in title:
            ws.append([t] if t else [])
        if header:
            ws.append(list(header))
        for row in rows:
            ws.append(list(row))
    wb.save(path)


def save_truth(folder: Path, tables: dict, unused=(), names_cols=()):
    (folder / "truth.json").write_text(json.dumps({"tables": tables, "unused": list(unused),
                                                   "name_columns": list(names_cols)}, indent=1,
                                                  ensure_ascii=False) + "\n", encoding="utf-8")


def fresh(folder: Path) -> Path:
    """The folder, emptied (a builder writes every file of it anew)."""
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    return folder


def write_all(builders: Sequence[Callable[[], None]], out: Path) -> None:
    """Run every builder of a corpus into ``out``."""
    out.mkdir(exist_ok=True)
    for b in builders:
        b()
    print(f"{len(builders)} folders written to {out}")
